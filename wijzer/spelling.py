"""Typo tolerance: question words the index does not know, corrected against its vocabulary.

"mag ik chatgtp gebruikn" finds nothing for "chatgtp"; the closest index word by
optimal-string-alignment distance (a swap of two letters counts once) is "chatgpt".
Rules that keep it safe:
- a word that occurs in the index (or is a stop word) is never rewritten;
- only words of five or more letters are corrected, to index words of five or more
  letters with the same first letter; at most one edit for words up to six letters, two
  for longer ones; ties go to the more frequent word;
- a capitalised word inside the question (a product or a name: "DeepL", "Claude") is
  left alone, since the sources not knowing a name is not a typo;
- an inflection is not a typo: "inwoner" is not rewritten to "inwoners" (the index word
  starts with the question word), which would only add noise to "Gezocht op".
The caller shows what was searched ("Gezocht op: …").
"""

from __future__ import annotations

import re
from typing import Mapping

from rapidfuzz import process
from rapidfuzz.distance import OSA

from wijzer.text import STOPWORDS, fold

MIN_LETTERS = 5
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


class Speller:
    """Corrects unknown words against one index version's vocabulary (term -> frequency)."""

    def __init__(self, frequencies: Mapping[str, int]) -> None:
        self._freq = dict(frequencies)
        self._by_letter: dict[str, list[str]] = {}
        for word in self._freq:
            if len(word) >= MIN_LETTERS and word.isalpha():
                self._by_letter.setdefault(word[0], []).append(word)

    def correct_word(self, word: str) -> str | None:
        """The index word meant by an unknown word, or None (known, too short, no match)."""
        folded = fold(word)
        if len(folded) < MIN_LETTERS or folded in self._freq or folded in STOPWORDS:
            return None
        limit = 1 if len(folded) <= 6 else 2
        found = process.extract(folded, self._by_letter.get(folded[0], []), scorer=OSA.distance,
                                score_cutoff=limit, limit=20)
        if not found:
            return None
        best = min(found, key=lambda m: (m[1], -self._freq.get(m[0], 0), m[0]))[0]
        if best.startswith(folded):  # "inwoner" -> "inwoners" is an inflection, not a typo
            return None
        return best

    def correct(self, text: str) -> str | None:
        """The text with unknown words corrected, or None when nothing changed."""
        out, last, changed = [], 0, False
        for m in _WORD.finditer(text):
            word = m.group()
            if m.start() > 0 and any(ch.isupper() for ch in word):
                continue  # a name or product inside the question
            fixed = self.correct_word(word)
            if fixed is not None:
                out += [text[last:m.start()], fixed]
                last, changed = m.end(), True
        return "".join(out) + text[last:] if changed else None
