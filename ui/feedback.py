"""The feedback log: one JSON object per line, appended (the audit trail).

Every record is complete: when a user rates an answer and later comments on it, the second
record repeats the rating with the comment, so the newest record of an answer is its row
(`rows`). Each record says what produced the answer (index version, embedding model, a
hash of the answer settings), names the cited documents and, for a refused answer, the
closest passages: what a policy advisor needs to judge or improve the sources.

Privacy: BSN-like numbers and e-mail addresses are masked before anything is written, and
records older than `feedback_retention_days` are dropped at the next write.

Robustness: each record is one `write` of a complete line, starting on a new line (a
writer killed mid-record leaves a partial line; the next record repairs the line break
first), and the reader skips only a damaged line. Writers in several processes take a lock
file, so pruning never loses a record appended meanwhile.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ui import labels
from wijzer.settings import Settings
from wijzer.types import Answer, Chunk

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Linux: the process lock only
    fcntl = None  # type: ignore[assignment]

_LOCK = threading.Lock()  # one writer at a time within the process
MASK_BSN = "[BSN verwijderd]"
MASK_EMAIL = "[e-mailadres verwijderd]"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
# Nine digits, possibly grouped ("123456782", "1234.56.782", "123 456 782"), not part of a
# longer number.
_NINE_DIGITS = re.compile(r"(?<![\d.,])\d(?:[ .-]?\d){8}(?![\d]|[.,-]\d)")


def elfproef(digits: str) -> bool:
    """The BSN check: 9×d1 + 8×d2 + … + 2×d8 − d9 is a multiple of 11 (and not 0)."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total != 0 and total % 11 == 0


def mask(text: str) -> str:
    """Mask e-mail addresses and BSN-like numbers: nine digits in a row always (a mistyped
    BSN is still personal), grouped digits when they pass the 11-proef (so an amount such
    as 100.000.000 stays)."""
    text = _EMAIL.sub(MASK_EMAIL, text)

    def bsn(m: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", m.group())
        return MASK_BSN if m.group().isdigit() or elfproef(digits) else m.group()

    return _NINE_DIGITS.sub(bsn, text)


def _source(chunk: Chunk, n: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"n": n} if n is not None else {}
    out.update(document_id=chunk.document_id, title=chunk.title,
               publication=labels.publication(chunk), location=chunk.location,
               chunk_id=chunk.id)
    return out


def produced_by(s: Settings, answer: Answer) -> dict[str, str]:
    """What produced an answer, so an audit can replay it."""
    return {"index_version": answer.index_version, "embedding_model": s.embedding_model,
            "settings_hash": s.answer_settings_hash}


def make_record(answer: Answer, answer_id: str, helpful: bool | None, comment: str = "",
                made_by: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The complete record of one answer's feedback (rating and comment together)."""
    return {
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "answer_id": answer_id,
        "helpful": helpful,
        "comment": mask(comment.strip()),
        "question": mask(answer.question),
        "standalone_question": mask(answer.standalone_question)
        if answer.standalone_question else None,
        "answer": mask(answer.text),
        "refused": answer.refused,
        "mode": answer.mode,
        "sources": [_source(c.chunk, c.n) for c in answer.citations],
        "closest": [_source(h.chunk) for h in answer.closest],
        "cited_chunk_ids": [c.chunk.id for c in answer.citations],
        "index_version": answer.index_version,
        **{k: v for k, v in (made_by or {}).items() if k != "index_version"},
        "notices": list(answer.notices),
        "known_questions": list(answer.known_questions),
    }


# --- writing ---------------------------------------------------------------------------
@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """The process lock, plus an advisory lock file shared with other processes."""
    with _LOCK:
        if fcntl is None:
            yield
            return
        fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o640)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock


def append(path: Path, record: Mapping[str, Any], retention_days: int = 0,
           now: datetime | None = None) -> None:
    """Append one record as one complete line; first drop records older than
    `retention_days` (0: keep all). The folder is created when needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    with _locked(path):
        if retention_days > 0:
            prune(path, (now or datetime.now(UTC)) - timedelta(days=retention_days))
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            size = os.fstat(fd).st_size
            if size and os.pread(fd, 1, size - 1) != b"\n":  # a killed writer's partial line
                line = b"\n" + line
            written = os.write(fd, line)
            if written < len(line):  # practically never for a regular file; finish the line
                os.write(fd, line[written:])
        finally:
            os.close(fd)


def prune(path: Path, cutoff: datetime) -> int:
    """Drop records older than `cutoff` (and damaged lines, which cannot be dated); the
    file is replaced atomically. Cheap when nothing is due: the oldest record is first.
    Returns the number of lines dropped. Call with the lock held."""
    if not path.is_file():
        return 0
    with path.open("rb") as fh:
        first = fh.readline()
    if _time_of(first) is not None and _time_of(first) >= cutoff:
        return 0
    kept, dropped = [], 0
    with path.open("rb") as fh:
        for raw in fh:
            when = _time_of(raw)
            if when is not None and when >= cutoff:
                kept.append(raw if raw.endswith(b"\n") else raw + b"\n")
            elif raw.strip():
                dropped += 1
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o640)
    try:
        os.write(fd, b"".join(kept))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    return dropped


def _time_of(raw: bytes) -> datetime | None:
    record = _parse(raw)
    if record is None:
        return None
    try:
        when = datetime.fromisoformat(str(record.get("timestamp")))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


# --- reading ---------------------------------------------------------------------------
def _parse(raw: bytes | str) -> dict[str, Any] | None:
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    if not text.strip():
        return None
    try:
        obj = json.loads(text)
    except json.JSONDecodeError:
        return None
    return obj if isinstance(obj, dict) else None


def read(path: Path) -> list[dict[str, Any]]:
    """Every readable record, oldest first. A damaged line is skipped, never fatal."""
    if not path.is_file():
        return []
    with path.open("rb") as fh:
        return [r for r in (_parse(raw) for raw in fh) if r is not None]


def rows(records: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """One row per answer, newest first: the newest record of each answer (records are
    complete, so it holds the current rating and comment)."""
    latest: dict[str, tuple[str, int, Mapping[str, Any]]] = {}
    for i, record in enumerate(records):
        latest[str(record.get("answer_id") or f"#{i}")] = (str(record.get("timestamp", "")), i,
                                                           record)
    return [r for _, _, r in sorted(latest.values(), key=lambda t: t[:2], reverse=True)]
