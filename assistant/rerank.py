"""Optional cross-encoder reranking of the fused candidates ("hybrid+rerank").

Off by default: no suitable Dutch cross-encoder installs from PyPI and nothing may be
downloaded at run time. Set `WIJZER_RERANKER_MODEL` to a local folder (or a name already in
the Hugging Face cache) of a sentence-transformers `CrossEncoder`, e.g. a multilingual
MS MARCO model copied onto the machine.
"""

from __future__ import annotations

import dataclasses
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from wijzer.errors import SettingsError
from wijzer.types import Hit


class Reranker:
    """Scores (question, passage) pairs with a cross-encoder and reorders hits by it."""

    def __init__(self, model: Any, name: str) -> None:
        self._model = model
        self.name = name

    @classmethod
    def load(cls, name_or_path: str) -> "Reranker":
        return _load(name_or_path)

    def scores(self, question: str, texts: Sequence[str]) -> list[float]:
        if not texts:
            return []
        pairs = [(question, t) for t in texts]
        return [float(s) for s in self._model.predict(pairs, show_progress_bar=False)]

    def rerank(self, question: str, hits: Sequence[Hit]) -> list[Hit]:
        """The hits best first by cross-encoder score (recorded in Hit.rerank_score)."""
        scores = self.scores(question, [h.chunk.text for h in hits])
        rescored = [dataclasses.replace(h, rerank_score=s) for h, s in zip(hits, scores)]
        return sorted(rescored, key=lambda h: -(h.rerank_score or 0.0))


@lru_cache(maxsize=2)
def _load(name_or_path: str) -> Reranker:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never download at run time
    from sentence_transformers import CrossEncoder

    local = Path(name_or_path).expanduser()
    source = str(local) if local.exists() else name_or_path
    try:
        model = CrossEncoder(source, device="cpu")
    except Exception as exc:  # offline hub lookups and broken folders end up here
        raise SettingsError(
            f"Het herrangschikmodel '{name_or_path}' kon niet worden geladen "
            f"({exc.__class__.__name__}). Geef in WIJZER_RERANKER_MODEL een lokaal pad naar een "
            "sentence-transformers CrossEncoder op, of laat de instelling leeg."
        ) from exc
    return Reranker(model, name_or_path)
