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
  starts with the question word), which would only add noise to "Gezocht op";
- a Dutch word is not a typo, even when the sources never use it: "brieven" is not
  rewritten to "blijven", "procent" not to "proces", "scheelt" not to "speelt". The Dutch
  lexicon is pyspellchecker's word-frequency list (343,585 words seen 50 times or more in
  Dutch subtitles; no typo from the question sets is in it, every real word that the
  index lacks is). Of the 78 words the speller rewrote in the dev and test questions, 40
  were such real words.
The caller shows what was searched ("Gezocht op: …").
"""

from __future__ import annotations

import re
import threading
from typing import AbstractSet, Mapping

from rapidfuzz import process
from rapidfuzz.distance import OSA

from wijzer.text import STOPWORDS, fold

MIN_LETTERS = 5
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


_LEXICON_LOCK = threading.Lock()
_lexicon: frozenset[str] | None = None
_loader: threading.Thread | None = None


def dutch_words() -> frozenset[str]:
    """The Dutch lexicon (folded, lower case); loaded once per process (1.4 s, 43 MB)."""
    global _lexicon
    with _LEXICON_LOCK:
        if _lexicon is None:
            from spellchecker import SpellChecker

            frequencies = SpellChecker(language="nl", distance=1).word_frequency
            _lexicon = frozenset(fold(word) for word, _count in frequencies.items())
        return _lexicon


def load_dutch_words_in_background() -> None:
    """Start loading the lexicon now, so the first question does not wait for it (once per
    process: every retriever calls this)."""
    global _loader
    with _LEXICON_LOCK:
        if _lexicon is not None or _loader is not None:
            return
        _loader = threading.Thread(target=dutch_words, name="dutch-words", daemon=True)
    _loader.start()


class Speller:
    """Corrects unknown words against one index version's vocabulary (term -> frequency);
    words of the `lexicon` (default: none) are real words and never corrected."""

    def __init__(self, frequencies: Mapping[str, int], lexicon: AbstractSet[str] = frozenset()) -> None:
        self._freq = dict(frequencies)
        self._lexicon = lexicon
        self._by_letter: dict[str, list[str]] = {}
        for word in self._freq:
            if len(word) >= MIN_LETTERS and word.isalpha():
                self._by_letter.setdefault(word[0], []).append(word)

    def correct_word(self, word: str) -> str | None:
        """The index word meant by an unknown word, or None (known, too short, no match)."""
        folded = fold(word)
        if (len(folded) < MIN_LETTERS or folded in self._freq or folded in STOPWORDS
                or folded in self._lexicon):
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
