"""One logging configuration for the CLIs and the page (standard `logging`, on stderr).

Every module logs through `logging.getLogger(__name__)`. The project's own loggers get
the level of `WIJZER_LOG_LEVEL` (default WARNING); other libraries stay at WARNING, so
DEBUG shows our details without a flood from httpx or Chroma. Rules the code follows:
every fallback, swallowed exception and refused input is a WARNING with its cause, and
user text (questions, answers) is logged at DEBUG only. Python warnings (pypdf,
transformers) are routed into the log instead of printed on their own.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

HANDLER_NAME = "wijzer"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
OWN_LOGGERS = ("wijzer", "assistant", "ingest", "eval", "ui", "__main__")
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def configure_logging(settings: Any = None) -> None:
    """Set up (or update) the log. Safe to call repeatedly: Streamlit reruns app.py.

    Without settings (e.g. before they are validated) the level is read from the
    environment directly, falling back to WARNING when it is missing or invalid."""
    level = getattr(settings, "log_level", None) or _env_level()
    root = logging.getLogger()
    handler = next((h for h in root.handlers if h.get_name() == HANDLER_NAME), None)
    if handler is None:
        handler = logging.StreamHandler(sys.stderr)
        handler.set_name(HANDLER_NAME)
        handler.setFormatter(logging.Formatter(FORMAT, "%Y-%m-%d %H:%M:%S"))
        root.addHandler(handler)
    numeric = logging.getLevelName(level)
    root.setLevel(max(numeric, logging.WARNING))
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(numeric)
    logging.captureWarnings(True)


def _env_level() -> str:
    value = os.environ.get("WIJZER_LOG_LEVEL", "").strip().upper()
    return value if value in LEVELS else "WARNING"


def cause(exc: BaseException) -> str:
    """'ConnectError: [Errno 111] Connection refused' for an exception and its cause chain
    (the original error is what an operator needs, not only our Dutch wrapper)."""
    parts = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        text = str(current).strip().splitlines()[0] if str(current).strip() else ""
        parts.append(f"{type(current).__name__}: {text}" if text else type(current).__name__)
        current = current.__cause__ or current.__context__
    return " <- ".join(parts)[:500]
