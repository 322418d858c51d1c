"""The optional cross-encoder: the hybrid+rerank path with a tiny random BERT built here.

Asserts the call path and that hits follow the cross-encoder's scores, not its quality.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.rerank import Reranker
from assistant.retrieval import HybridRetriever
from tests.conftest import HashEmbeddings
from wijzer.errors import SettingsError
from wijzer.index import MemorySnapshot
from wijzer.settings import load_settings
from wijzer.types import Chunk

WORDS = "de het een dpia is verplicht bij privacy risico chatbot taalmodel gemeente parkeren".split()


@pytest.fixture(scope="module")
def tiny_cross_encoder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 1-layer BERT with random weights, saved as a sentence-transformers CrossEncoder."""
    import torch
    from sentence_transformers import CrossEncoder
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    folder = tmp_path_factory.mktemp("tiny-ce")
    vocab = folder / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS]), encoding="utf-8")
    tokenizer = BertTokenizerFast(vocab_file=str(vocab))
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(WORDS) + 5, hidden_size=16, num_hidden_layers=1,
                        num_attention_heads=2, intermediate_size=32, num_labels=1,
                        max_position_embeddings=64, initializer_range=1.0)
    model_dir = folder / "model"
    BertForSequenceClassification(config).save_pretrained(model_dir)
    tokenizer.save_pretrained(model_dir)
    CrossEncoder(str(model_dir), device="cpu").save(str(model_dir))
    return model_dir


def _chunk(i: int, text: str) -> Chunk:
    return Chunk(id=f"c{i}", document_id=f"d{i}", document_version="v", title=f"d{i}",
                 kind="guidance", section=(), page_start=None, page_end=None, char_start=0,
                 char_end=len(text), text=text, location="", ordinal=0)


CHUNKS = [_chunk(0, "de dpia is verplicht bij privacy risico"), _chunk(1, "een chatbot taalmodel"),
          _chunk(2, "de gemeente parkeren"), _chunk(3, "dpia bij een chatbot")]


def test_reranker_orders_hits_by_its_own_scores(tiny_cross_encoder: Path) -> None:
    reranker = Reranker.load(str(tiny_cross_encoder))
    question = "is een dpia verplicht"
    expected = reranker.scores(question, [c.text for c in CHUNKS])
    assert max(expected) > min(expected)  # random weights still tell passages apart
    from wijzer.types import Hit

    hits = [Hit(c, score=1.0 - i / 10) for i, c in enumerate(CHUNKS)]
    reranked = reranker.rerank(question, hits)
    assert [h.rerank_score for h in reranked] == sorted(expected, reverse=True)
    assert [h.chunk.id for h in reranked] == [
        c.id for _, c in sorted(zip(expected, CHUNKS), key=lambda p: -p[0])]


def test_hybrid_rerank_method_uses_the_configured_cross_encoder(tiny_cross_encoder: Path, tmp_path: Path) -> None:
    settings = load_settings(knowledge_dir=tmp_path, reranker_model=str(tiny_cross_encoder))
    emb = HashEmbeddings()
    retriever = HybridRetriever(MemorySnapshot.from_embeddings(CHUNKS, emb), emb, settings)
    r = retriever.search("dpia chatbot privacy")  # default method when a reranker is configured
    assert r.method == "hybrid+rerank" and "rerank" in r.timings
    scores = [h.rerank_score for h in r.hits]
    assert None not in scores and scores == sorted(scores, reverse=True)
    plain = retriever.search("dpia chatbot privacy", method="hybrid")
    assert all(h.rerank_score is None for h in plain.hits) and "rerank" not in plain.timings


def test_reranker_off_by_default_and_bad_path_is_a_clear_error(tmp_path: Path) -> None:
    settings = load_settings(knowledge_dir=tmp_path)
    assert settings.reranker_model is None
    emb = HashEmbeddings()
    retriever = HybridRetriever(MemorySnapshot.from_embeddings(CHUNKS, emb), emb, settings)
    assert retriever.search("dpia").method == "hybrid"
    with pytest.raises(SettingsError, match="WIJZER_RERANKER_MODEL"):
        Reranker.load(str(tmp_path / "bestaat-niet"))
