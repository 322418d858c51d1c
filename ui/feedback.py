"""The feedback log: one JSON object per line, append-only (the audit trail).

A line is written when a user rates an answer and again when they add a comment, so the
log shows what happened in order and nothing is ever rewritten. Each line carries what a
policy advisor needs to check the answer later: question, answer text, cited chunk ids,
mode and index version.
"""

from __future__ import annotations

import json
import os
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from wijzer.types import Answer

_LOCK = threading.Lock()  # one writer at a time within the process


def make_record(answer: Answer, answer_id: str, helpful: bool | None,
                comment: str = "") -> dict[str, Any]:
    """The log line for one rating (and optional comment) of one answer."""
    return {
        "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "answer_id": answer_id,
        "helpful": helpful,
        "comment": comment.strip(),
        "question": answer.question,
        "standalone_question": answer.standalone_question,
        "answer": answer.text,
        "refused": answer.refused,
        "cited_chunk_ids": [c.chunk.id for c in answer.citations],
        "cited_documents": [c.chunk.document_id for c in answer.citations],
        "mode": answer.mode,
        "index_version": answer.index_version,
        "notices": list(answer.notices),
    }


def append(path: Path, record: dict[str, Any]) -> None:
    """Append one line; the folder is created when needed. One write call per line with
    O_APPEND, so lines from several processes do not interleave."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    with _LOCK:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)


def read(path: Path) -> list[dict[str, Any]]:
    """Every readable line, oldest first. A damaged line is skipped, never fatal."""
    return list(_lines(path))


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    if not path.is_file():
        return
    with path.open(encoding="utf-8", errors="replace") as fh:
        for raw in fh:
            raw = raw.strip()
            if not raw:
                continue
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError:
                continue
            if isinstance(obj, dict):
                yield obj
