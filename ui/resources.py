"""What the page loads once per process (`st.cache_resource`) and the process-wide clock.

The embedder is the slow part (seconds); the index and the assistant are cheap to reopen,
so after a refresh only those two are dropped and every session picks up the new version
on its next question. Sessions that are answering meanwhile keep the objects they hold
(the index is versioned, a snapshot never changes under a reader).
"""

from __future__ import annotations

import statistics
import threading
import time
from dataclasses import dataclass, field

import streamlit as st
from langchain_core.embeddings import Embeddings

from assistant.service import Assistant, AssistantStatus
from wijzer.embeddings import make_embeddings
from wijzer.index import Index
from wijzer.settings import Settings, load_settings


def settings() -> Settings:
    """The settings, read fresh on every run (cheap) so a bad value shows at once."""
    return load_settings()


def _key(s: Settings) -> str:
    return s.model_dump_json()


@st.cache_resource(show_spinner="Het zoekmodel wordt geladen…")
def _embeddings(model: str, prefixes: str, _settings: Settings) -> Embeddings:
    return make_embeddings(_settings)


def embeddings(s: Settings) -> Embeddings:
    return _embeddings(s.embedding_model, s.embedding_prefixes, s)


@st.cache_resource(show_spinner=False)
def _index(key: str, _settings: Settings, _embeddings: Embeddings) -> Index:
    return Index.open(_settings, _embeddings)


def index(s: Settings) -> Index:
    return _index(_key(s), s, embeddings(s))


@st.cache_resource(show_spinner="De assistent wordt gestart…")
def _assistant(key: str, _settings: Settings, _embeddings: Embeddings, _index: Index) -> Assistant:
    return Assistant(_settings, embeddings=_embeddings, index=_index)


def assistant(s: Settings) -> Assistant:
    return _assistant(_key(s), s, embeddings(s), index(s))


@st.cache_data(ttl=60, show_spinner=False)
def _status(key: str, _assistant: Assistant) -> AssistantStatus:
    return _assistant.status()


def assistant_status(s: Settings) -> AssistantStatus:
    """Status of index and LLM, cached for a minute (it may ping the LLM server)."""
    return _status(_key(s), assistant(s))


@st.cache_resource(show_spinner="De kennisbank wordt geopend…")
def _snapshot_checked(key: str, version: str | None, _index: Index) -> bool:
    _index.snapshot()  # raises IndexMissingError / ModelMismatchError (not cached then)
    return True


def check_snapshot(s: Settings, version: str | None) -> None:
    """Open the current version once per process and version, so a model mismatch shows
    on the start page instead of at the first question."""
    _snapshot_checked(_key(s), version, index(s))


def forget_index() -> None:
    """Drop the cached index, assistant and status so the next run opens the new version."""
    _index.clear()
    _assistant.clear()
    _status.clear()
    _snapshot_checked.clear()


@dataclass
class AnswerClock:
    """Wall-clock time per answer in this process: the first one after start-up (cold
    caches, model warm-up) and the later ones, shown in the sidebar status."""

    started: float = field(default_factory=time.time)
    seconds: list[float] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, seconds: float) -> None:
        with self._lock:
            self.seconds.append(seconds)

    @property
    def first(self) -> float | None:
        return self.seconds[0] if self.seconds else None

    @property
    def later_median(self) -> float | None:
        later = self.seconds[1:]
        return statistics.median(later) if later else None

    @property
    def later_count(self) -> int:
        return max(0, len(self.seconds) - 1)


@st.cache_resource
def clock() -> AnswerClock:
    return AnswerClock()


@st.cache_resource
def refresh_lock() -> threading.Lock:
    """One refresh at a time per process (two administrators clicking at once)."""
    return threading.Lock()
