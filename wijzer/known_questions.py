"""Known questions: questions pinned to the phrases of the sources that answer them.

e5-small's cosine finds the right document for most questions, but often ranks the sentence
that answers them third or not at all, and no better judge of meaning (a cross-encoder, an
LLM) can be had offline. What can be had is what was learnt from earlier questions: a
question whose answer a reviewer has checked, with the phrases of the source that answer it
("de Landsadvocaat", "de Autoriteit Persoonsgegevens"). A new question close in meaning to
a known one (e5 cosine of the two questions at least `SIMILAR`) favours the passages and
sentences that hold those phrases. The answer still quotes only the sources, chosen, cited
and checked as before: a known question changes which passages and sentences rank first,
never what they say. This is "best bets" of enterprise search, matched by meaning.

The file is `knowledge/bekende-vragen.toml` (settings.known_questions_file), written by
`python -m eval.known_questions` from the dev question set only, so the test and unseen sets
measure questions it does not hold. Its phrases are matched per index version: a phrase a
refresh removed from its document no longer pins anything. Vectors of the known questions
are kept in the index's embedding cache, so only new or edited questions are embedded.

Measured on dev (a question never matches itself; `leave_out_exact`) and on the validation
set (unseen k, m, n, o): see `SIMILAR`.
"""

from __future__ import annotations

import logging
import sqlite3
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from wijzer.embedding_cache import EmbeddingCache, text_key
from wijzer.errors import SettingsError
from wijzer.text import normalize

log = logging.getLogger(__name__)

# Cosine of two questions' e5 query vectors from which they count as the same question; the
# weight of a match grows linearly from 0 there to 1 at identity. Useful answers on dev (468
# nugget questions) / validation (unseen k-o, 179), 277 / 93 without known questions:
# 0.88 307 / 123, 0.90 307 / 121, 0.92 301 / 117 (passage weight 0.4, sentence weight 1.5).
SIMILAR = 0.9
NEIGHBOURS = 3  # known questions a question may lean on (at passage weight 0.05: 1 296 / 107, 3 294 / 108)
MIN_PHRASE = 3  # characters; shorter alternatives ("ja", "3") would pin any passage
MAX_QUESTIONS = 5000  # a file beyond this is not a list a reviewer keeps
QUERY_CACHE_SUFFIX = "#query"  # query vectors differ from passage vectors of the same text


@dataclass(frozen=True)
class KnownQuestion:
    """A question and the facts that answer it, each fact a tuple of alternative phrases as
    they occur in one of `documents` (document ids of the index)."""

    question: str
    documents: tuple[str, ...]
    facts: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Match:
    """A known question a new one leans on: how much (0-1], and which passages and phrases."""

    question: str
    weight: float
    chunk_ids: tuple[str, ...]  # passages of its documents holding one of its phrases
    phrases: tuple[str, ...]  # normalized phrases found there


class KnownQuestions:
    """The known questions of one file, with their vectors; `match` finds a new question's."""

    def __init__(self, items: Sequence[KnownQuestion], vectors: np.ndarray) -> None:
        self.items = tuple(items)
        self._vectors = vectors  # one normalized row per item
        self._normal = [normalize(k.question) for k in self.items]
        self._pins: tuple[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] | None = None

    def __len__(self) -> int:
        return len(self.items)

    @classmethod
    def empty(cls) -> "KnownQuestions":
        """No known questions: nothing is ever pinned (no file, or one the app cannot use)."""
        return cls([], np.zeros((0, 1), dtype=np.float32))

    def match(self, vector: Sequence[float], snapshot: Any, question: str | None = None,
              leave_out_exact: bool = False) -> list[Match]:
        """The known questions within `SIMILAR` of `vector` (best first, at most NEIGHBOURS)
        that pin a passage of `snapshot`. `leave_out_exact`: the same question is no
        neighbour of itself (evaluation on the questions the file was written from)."""
        if not self.items:
            return []
        q = np.asarray(vector, dtype=np.float32)
        if q.shape[0] != self._vectors.shape[1]:
            return []
        sims = self._vectors @ q
        pins = self._pins_of(snapshot)
        own = normalize(question) if (leave_out_exact and question) else None
        out: list[Match] = []
        for j in np.argsort(-sims):
            s = float(sims[j])
            if s < SIMILAR or len(out) >= NEIGHBOURS:
                break
            chunk_ids, phrases = pins[j]
            if (own is not None and self._normal[j] == own) or not chunk_ids:
                continue
            out.append(Match(self.items[j].question, (s - SIMILAR) / (1.0 - SIMILAR), chunk_ids, phrases))
        return out

    def _pins_of(self, snapshot: Any) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """Per item: the chunk ids of its documents that hold one of its phrases, and the
        phrases found (computed once per index version)."""
        version = f"{id(snapshot)}:{getattr(snapshot, 'version', '')}"
        if self._pins is not None and self._pins[0] == version:
            return self._pins[1]
        by_doc: dict[str, list[tuple[str, str]]] = {}
        for chunk in snapshot.chunks:
            by_doc.setdefault(chunk.document_id, []).append((chunk.id, normalize(chunk.text)))
        pins = []
        for item in self.items:
            phrases = {normalize(p) for fact in item.facts for p in fact}
            phrases = {p for p in phrases if len(p) >= MIN_PHRASE}
            ids: list[str] = []
            found: set[str] = set()
            for doc in item.documents:
                for cid, text in by_doc.get(doc, ()):
                    here = {p for p in phrases if p in text}
                    if here:
                        ids.append(cid)
                        found |= here
            pins.append((tuple(ids), tuple(sorted(found))))
        self._pins = (version, pins)
        return pins


def load_items(path: Path) -> list[KnownQuestion]:
    """The questions of a known-questions file (SettingsError with a Dutch message when it
    cannot be used; a missing file is an empty list)."""
    if not path.is_file():
        return []
    return list(_load(path.resolve(), path.stat().st_mtime_ns))


@lru_cache(maxsize=4)
def _load(path: Path, mtime_ns: int) -> tuple[KnownQuestion, ...]:  # mtime in the key: edits are picked up
    fix = "Herstel het bestand of verwijder het; de wijzer werkt ook zonder."
    try:
        if path.stat().st_size > 20_000_000:
            raise SettingsError(f"Het bestand met bekende vragen {path} is te groot. {fix}")
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"Het bestand met bekende vragen {path} is onleesbaar ({exc}). {fix}") from None
    raw = data.get("vraag", [])
    if not isinstance(raw, list) or len(raw) > MAX_QUESTIONS:
        raise SettingsError(f"Het bestand met bekende vragen {path} heeft geen lijst [[vraag]] "
                            f"van hoogstens {MAX_QUESTIONS} vragen. {fix}")
    items = []
    for i, entry in enumerate(raw, start=1):
        item = _item(entry) if isinstance(entry, dict) else None
        if item is None:
            raise SettingsError(
                f"Het bestand met bekende vragen {path}: vraag {i} mist 'vraag' (tekst), "
                f"'bronnen' (document-id's) of 'feiten' (lijsten van zinsdelen uit de bron). {fix}")
        items.append(item)
    return tuple(items)


def _item(entry: dict[str, Any]) -> KnownQuestion | None:
    question, documents, facts = entry.get("vraag"), entry.get("bronnen"), entry.get("feiten")
    if not isinstance(question, str) or not question.strip() or len(question) > 1000:
        return None
    if not isinstance(documents, list) or not documents or not all(isinstance(d, str) for d in documents):
        return None
    if not isinstance(facts, list) or not facts or not all(
            isinstance(f, list) and f and all(isinstance(p, str) for p in f) for f in facts):
        return None
    return KnownQuestion(question.strip(), tuple(documents), tuple(tuple(f) for f in facts))


def open_known_questions(path: Path, embeddings: Any, cache_path: Path, model_id: str) -> KnownQuestions:
    """The known questions of `path` with their query vectors, from the embedding cache
    where it has them (a new or edited question is embedded once and cached)."""
    items = load_items(path)
    if not items:
        return KnownQuestions.empty()
    model = model_id + QUERY_CACHE_SUFFIX
    keys = [text_key(k.question) for k in items]
    try:
        with EmbeddingCache(cache_path) as cache:
            found = cache.get_many(model, keys)
            todo = {key: k.question for key, k in zip(keys, items) if key not in found}
            if todo:
                log.info("embedding %d known questions", len(todo))
                new = {key: np.asarray(embeddings.embed_query(text), np.float32) for key, text in todo.items()}
                cache.put_many(model, new)
                found.update(new)
    except (OSError, sqlite3.Error) as exc:  # a read-only index folder: embed without caching
        log.warning("known questions not cached (%s)", exc)
        found = {key: np.asarray(embeddings.embed_query(k.question), np.float32) for key, k in zip(keys, items)}
    matrix = np.vstack([found[key] for key in keys]).astype(np.float32)
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
    return KnownQuestions(items, matrix)
