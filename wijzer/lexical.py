"""BM25 over the same chunks as the dense index (bm25s), with Dutch tokenisation.

Choices (measured on the gold set, see the README "How retrieval works"):
- No stemming by default: PyStemmer's Dutch Snowball stemmer conflates unrelated words
  (begeleiding -> beleid, gegevens -> geven, gemeente -> meen) and scored no better.
- Dutch stop words (bm25s' NLTK list plus common question words such as "mag", "welke").
- Accents folded ("géén" = "geen", "artificiële" = "artificiele"), since users type both.
- Hyphenated compounds are kept whole *and* split ("ai-toepassing" -> "ai-toepassing",
  "ai", "toepassing"), so "toepassing" finds "AI-toepassing" and vice versa.
- Closed compounds are split against the corpus vocabulary ("taalmodel" -> "taal" +
  "model", "persoonsgegevens" -> "persoon(s)" + "gegevens") when both halves are words of
  the corpus: a dictionary-free decompounder that only adds tokens, never removes them.
- Title and section path can be indexed with the chunk text (`field_repeat`, a field
  boost). Off by default: on the gold set it raised BM25 recall@1 but lowered recall@5 of
  BM25 (0.864 -> 0.831) and of the hybrid (0.915 -> 0.898); dense already sees the topic.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping, Protocol, Sequence

import numpy as np

os.environ.setdefault("DISABLE_TQDM", "1")  # bm25s progress bars are noise in a server

import bm25s  # noqa: E402

from wijzer.text import STOPWORDS, content_words, fold, words  # noqa: E402
from wijzer.types import Chunk  # noqa: E402

__all__ = ["STOPWORDS", "content_words", "fold", "words", "Decompounder", "LexicalIndex"]

_LINKERS = ("", "s", "e", "en")  # Dutch linking morphemes: persoon-s-gegevens, taal-model


@dataclass
class Decompounder:
    """Splits closed compounds into two known words of the corpus ('taalmodel' -> taal, model).

    Only words of at least `min_part` letters count as parts, so short fragments such as
    'al' or 'de' never match; the whole word is always kept as well.
    """

    vocabulary: frozenset[str]
    min_part: int = 4

    def split(self, word: str) -> tuple[str, ...]:
        if len(word) < 2 * self.min_part or "-" in word or not word.isalpha():
            return ()
        best: tuple[str, ...] = ()
        for cut in range(self.min_part, len(word) - self.min_part + 1):
            head, tail = word[:cut], word[cut:]
            if tail not in self.vocabulary:
                continue
            for linker in _LINKERS:
                stem = head[: len(head) - len(linker)] if linker else head
                if linker and not head.endswith(linker):
                    continue
                if len(stem) >= self.min_part and stem in self.vocabulary:
                    candidate = (stem, tail)
                    if sum(map(len, candidate)) > sum(map(len, best)):
                        best = candidate
                    break
        return best

    def expand(self, tokens: Iterable[str]) -> list[str]:
        out: list[str] = []
        for tok in tokens:
            out.append(tok)
            out.extend(self.split(tok))
        return out


def chunk_fields(chunk: Chunk, field_repeat: int = 1) -> str:
    """The text BM25 indexes for a chunk: title and section path (repeated) plus the text."""
    head = " ".join([chunk.title, *chunk.section])
    return " ".join([head] * field_repeat + [chunk.text])


class WordStemmer(Protocol):
    """What LexicalIndex needs of PyStemmer (imported only when stemming is asked for)."""

    def stemWords(self, words: list[str]) -> list[str]: ...


class LexicalIndex:
    """BM25 (bm25s, Lucene variant) over chunks; positions refer to the `chunks` given."""

    def __init__(
        self, retriever: bm25s.BM25, decompounder: Decompounder | None,
        doc_terms: list[frozenset[str]], stemmer: WordStemmer | None = None,
    ) -> None:
        self._bm25 = retriever
        self._decompounder = decompounder
        self._doc_terms = doc_terms
        self._stemmer = stemmer
        self._df: Counter[str] = Counter(t for terms in doc_terms for t in terms)

    @classmethod
    def build(
        cls, chunks: Sequence[Chunk], *, field_repeat: int = 0, decompound: bool = True,
        stem: bool = False, k1: float = 1.2, b: float = 0.75,
    ) -> "LexicalIndex":
        """Index the chunks. `stem=True` uses PyStemmer's Dutch stemmer (off: it measured worse)."""
        texts = [chunk_fields(c, field_repeat) for c in chunks]
        base = [content_words(t) for t in texts]
        decompounder = None
        if decompound:
            vocab = frozenset(w for toks in base for w in toks if w.isalpha())
            decompounder = Decompounder(vocab)
            base = [decompounder.expand(toks) for toks in base]
        stemmer = _dutch_stemmer() if stem else None
        if stemmer is not None:
            base = [stemmer.stemWords(toks) for toks in base]
        retriever = bm25s.BM25(k1=k1, b=b, method="lucene")
        if chunks:
            retriever.index([toks or ["__leeg__"] for toks in base], show_progress=False)
        return cls(retriever, decompounder, [frozenset(t) for t in base], stemmer)

    def __len__(self) -> int:
        return len(self._doc_terms)

    def vocabulary(self) -> dict[str, int]:
        """Every index term with the number of chunks it occurs in (for typo correction)."""
        return dict(self._df)

    def terms(self, text: str) -> list[str]:
        """The index terms of a text (query side), in order, duplicates kept."""
        toks = content_words(text)
        if self._decompounder is not None:
            toks = self._decompounder.expand(toks)
        if self._stemmer is not None:
            toks = self._stemmer.stemWords(toks)
        return toks

    def scores(self, query: str, mask: np.ndarray | None = None) -> np.ndarray:
        """BM25 score of every chunk for the query (0 where masked out or no term matches)."""
        if not len(self):
            return np.zeros(0, dtype=np.float32)
        toks = list(dict.fromkeys(self.terms(query)))
        ids = self._bm25.get_tokens_ids(toks)
        if not ids:
            return np.zeros(len(self), dtype=np.float32)
        scores = np.asarray(self._bm25.get_scores_from_ids(ids), dtype=np.float32)
        return scores * mask if mask is not None else scores

    def search(
        self, query: str, k: int, *, expansions: Sequence[str] = (),
        expansion_weight: float = 0.5, mask: np.ndarray | None = None,
    ) -> list[tuple[int, float]]:
        """(position in `chunks`, BM25 score), best first; only chunks with a score > 0.

        `expansions` (glossary synonyms) add their own BM25 score times `expansion_weight`,
        so a synonym helps but never outweighs the user's own words. `mask` (0/1 per
        chunk) restricts the search, e.g. to one document kind.
        """
        scores = self.scores(query, mask)
        if expansions and len(scores):
            scores = scores + expansion_weight * self.scores(" ".join(expansions), mask)
        if not len(scores) or k <= 0:
            return []
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]

    def idf(self, term: str) -> float:
        """BM25 idf of a term; a term the corpus lacks gets the highest idf there is."""
        n = len(self)
        df = self._df.get(term, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def _query_terms(self, query: str) -> list[str]:
        toks = list(dict.fromkeys(content_words(query)))
        return self._stemmer.stemWords(toks) if self._stemmer is not None else toks

    def coverage(self, query: str, position: int, alternatives: Mapping[str, Sequence[str]] | None = None,
                 alternative_weight: float = 0.5) -> float:
        """Share of the query's content words found in one chunk, weighted by idf: a rare
        word the passage lacks ("parkeervergunning") weighs more than a common one.

        `alternatives` (a term of the query -> other words for it, from the glossary): a
        query word the passage lacks counts `alternative_weight` of its weight when the
        passage has one of them in full: "gemeenten" is half covered by a passage that
        says "overheidsorganisaties"."""
        toks = self._query_terms(query)
        if not toks or not 0 <= position < len(self):
            return 0.0
        terms = self._doc_terms[position]
        weights = [self.idf(t) for t in toks]
        instead = self._alternative_terms(alternatives or {})
        found = 0.0
        for t, w in zip(toks, weights):
            if t in terms or self._parts_in(t, terms):
                found += w
            elif any(all(a in terms for a in alt) for alt in instead.get(t, ())):
                found += alternative_weight * w
        return found / sum(weights) if sum(weights) else 0.0

    def _alternative_terms(self, alternatives: Mapping[str, Sequence[str]]) -> dict[str, list[list[str]]]:
        """query token -> the token lists of its alternatives (each must occur in full)."""
        out: dict[str, list[list[str]]] = {}
        for term, others in alternatives.items():
            alts = [toks for o in others if (toks := self._query_terms(o))]
            for tok in self._query_terms(term):
                out.setdefault(tok, []).extend(alts)
        return out

    def known_fraction(self, query: str) -> float:
        """Share of the query's content words that occur anywhere in the corpus."""
        toks = self._query_terms(query)
        if not toks:
            return 0.0
        known = sum(1 for t in toks if t in self._df or self._parts_known(t))
        return known / len(toks)

    def _parts_known(self, token: str) -> bool:
        if self._decompounder is None:
            return False
        parts = self._decompounder.split(token)
        return bool(parts) and all(p in self._df for p in parts)

    def _parts_in(self, token: str, terms: frozenset[str]) -> bool:
        if self._decompounder is None:
            return False
        parts = self._decompounder.split(token)
        return bool(parts) and all(p in terms for p in parts)


def _dutch_stemmer() -> WordStemmer:
    import Stemmer  # PyStemmer

    return Stemmer.Stemmer("dutch")
