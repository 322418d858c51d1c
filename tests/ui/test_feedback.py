"""The feedback log: append-only JSONL that reads back what was written."""

from __future__ import annotations

import json
import threading

from ui import feedback
from wijzer.types import Answer, Chunk, Citation


def _answer() -> Answer:
    chunk = Chunk(
        id="standpunt#3", document_id="standpunt", document_version="abc123", title="Standpunt",
        kind="position", section=("Online toepassingen",), page_start=4, page_end=4,
        char_start=0, char_end=40, text="Gebruik geen online AI-toepassingen voor persoonsgegevens.",
        location="p. 4, § Online toepassingen",
    )
    return Answer(question="Mag ik ChatGPT gebruiken?", text="Nee, niet met persoonsgegevens [1].",
                  citations=(Citation(1, chunk, "Gebruik geen online AI-toepassingen"),),
                  refused=False, mode="llm", index_version="7", notices=("Let op.",))


def test_record_carries_what_an_audit_needs():
    record = feedback.make_record(_answer(), "t1", helpful=True, comment="  prima  ")
    assert record["cited_chunk_ids"] == ["standpunt#3"]
    assert record["mode"] == "llm" and record["index_version"] == "7"
    assert record["question"] == "Mag ik ChatGPT gebruiken?"
    assert record["answer"].endswith("[1].") and record["comment"] == "prima"
    assert record["timestamp"].endswith("+00:00")


def test_append_only_and_read_back(tmp_path):
    path = tmp_path / "sub" / "feedback.jsonl"
    first = feedback.make_record(_answer(), "t1", helpful=False)
    second = feedback.make_record(_answer(), "t1", helpful=False, comment="Bron klopt niet — ‘é’")
    feedback.append(path, first)
    before = path.read_bytes()
    feedback.append(path, second)
    assert path.read_bytes().startswith(before)  # nothing rewritten
    assert feedback.read(path) == [first, second]


def test_damaged_lines_are_skipped(tmp_path):
    path = tmp_path / "feedback.jsonl"
    good = feedback.make_record(_answer(), "t1", helpful=True)
    path.write_text("{niet json\n\n[1, 2]\n" + json.dumps(good) + "\n", encoding="utf-8")
    assert feedback.read(path) == [good]
    assert feedback.read(tmp_path / "missing.jsonl") == []


def test_concurrent_appends_do_not_interleave(tmp_path):
    path = tmp_path / "feedback.jsonl"
    record = feedback.make_record(_answer(), "t", helpful=True, comment="x" * 5000)

    def write() -> None:
        for _ in range(20):
            feedback.append(path, record)

    threads = [threading.Thread(target=write) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert feedback.read(path) == [record] * 80
