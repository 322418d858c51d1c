"""The feedback log: JSONL that reads back what was written, one row per answer, masked,
pruned after the retention period, and robust against a writer killed mid-record."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta

from ui import feedback
from wijzer.settings import Settings
from wijzer.types import Answer, Chunk, Citation, Hit


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
    s = Settings()
    answer = _answer()
    record = feedback.make_record(answer, "t1", helpful=True, comment="  prima  ",
                                  made_by=feedback.produced_by(s, answer))
    assert record["cited_chunk_ids"] == ["standpunt#3"]
    assert record["sources"] == [{"n": 1, "document_id": "standpunt", "title": "Standpunt",
                                  "publication": "Standpunt, datum onbekend", "location": "p. 4, § Online toepassingen",
                                  "chunk_id": "standpunt#3"}]
    assert record["mode"] == "llm" and record["index_version"] == "7"
    assert record["embedding_model"] == s.embedding_model
    assert record["settings_hash"] == s.answer_settings_hash and len(record["settings_hash"]) == 10
    assert record["question"] == "Mag ik ChatGPT gebruiken?"
    assert record["answer"].endswith("[1].") and record["comment"] == "prima"
    assert record["timestamp"].endswith("+00:00")


def test_settings_hash_changes_with_what_shapes_an_answer():
    assert Settings(gate_threshold=0.5).answer_settings_hash != Settings().answer_settings_hash
    assert Settings(top_k=7).answer_settings_hash != Settings().answer_settings_hash
    assert Settings(admin_password="x").answer_settings_hash == Settings().answer_settings_hash


def test_refused_answer_logs_its_closest_passages_by_title():
    chunk = _answer().citations[0].chunk
    refused = Answer(question="Wat kost een licentie?", text="De bronnen geven geen antwoord.",
                     citations=(), refused=True, mode="extractive", index_version="7",
                     closest=(Hit(chunk, 0.3),))
    record = feedback.make_record(refused, "t2", helpful=False)
    assert [c["title"] for c in record["closest"]] == ["Standpunt"]
    assert record["closest"][0]["location"] == "p. 4, § Online toepassingen"


def test_bsn_and_email_are_masked_before_writing():
    answer = Answer(question="Mijn BSN is 111222333, mail j.jansen@gemeente.nl, 1234.56.789?",
                    text="x", citations=(), refused=True, mode="extractive", index_version="1")
    record = feedback.make_record(answer, "t", helpful=None, comment="bsn 123 456 782 en 100.000.000")
    assert record["question"] == (f"Mijn BSN is {feedback.MASK_BSN}, mail {feedback.MASK_EMAIL}, "
                                  "1234.56.789?")  # grouped and failing the 11-proef: kept
    assert record["comment"] == f"bsn {feedback.MASK_BSN} en 100.000.000"  # passes: masked
    assert feedback.elfproef("123456782") and not feedback.elfproef("123456789")
    # Longer numbers, phone numbers and dates are not BSNs.
    kept = "06-12345678, 2025-04-22, NL91ABNA0417164300, 1234567890"
    assert feedback.mask(kept) == kept


def test_one_row_per_answer_with_rating_and_comment_together(tmp_path):
    path = tmp_path / "feedback.jsonl"
    feedback.append(path, feedback.make_record(_answer(), "a1", helpful=False))
    feedback.append(path, feedback.make_record(_answer(), "a2", helpful=True))
    feedback.append(path, feedback.make_record(_answer(), "a1", helpful=False, comment="Bron 2 klopt niet"))
    rows = feedback.rows(feedback.read(path))
    assert [(r["answer_id"], r["helpful"], r["comment"]) for r in rows] == [
        ("a1", False, "Bron 2 klopt niet"), ("a2", True, "")]


def test_old_records_are_dropped_at_the_next_write(tmp_path):
    path = tmp_path / "feedback.jsonl"
    now = datetime(2026, 6, 1, tzinfo=UTC)
    old = dict(feedback.make_record(_answer(), "old", helpful=True),
               timestamp=(now - timedelta(days=91)).isoformat())
    recent = dict(feedback.make_record(_answer(), "recent", helpful=True),
                  timestamp=(now - timedelta(days=89)).isoformat())
    feedback.append(path, old)
    feedback.append(path, recent)
    new = dict(feedback.make_record(_answer(), "new", helpful=False), timestamp=now.isoformat())
    feedback.append(path, new, retention_days=90, now=now)
    assert [r["answer_id"] for r in feedback.read(path)] == ["recent", "new"]
    feedback.append(path, new, retention_days=0, now=now + timedelta(days=900))  # 0: keep all
    assert len(feedback.read(path)) == 3


_KILLED_WRITER = """
import os, signal, sys
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_APPEND)
os.write(fd, b'{"timestamp": "2026-01-01T00:00:00+00:00", "answer_id": "half", "question": "Mag')
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_writer_killed_mid_record_costs_only_its_own_line(tmp_path):
    path = tmp_path / "feedback.jsonl"
    first = feedback.make_record(_answer(), "first", helpful=True)
    feedback.append(path, first)
    killed = subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(path)], check=False)
    assert killed.returncode == -9 and not path.read_bytes().endswith(b"\n")
    after = feedback.make_record(_answer(), "after", helpful=False)
    feedback.append(path, after)
    assert feedback.read(path) == [first, after]  # only the partial line is skipped
    assert path.read_bytes().count(b"\n") == 3 and path.read_bytes().endswith(b"\n")


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
