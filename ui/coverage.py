"""What the index lacks, said to the person asking.

Without the official 2025 position and guidance (no network at the first build), answers
come from the letter and the Algoritmekader only; a user must know that before trusting an
answer. The chat shows a short banner, the Sources page lists every manifest source that is
not in the index, and the administrator's part of the sidebar says how to add them.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from ui import labels, texts
from ui.safe import escape_inline
from wijzer.errors import WijzerError
from wijzer.settings import Settings
from wijzer.text import dutch_list
from wijzer.types import DocumentInfo, SourceEntry

log = logging.getLogger(__name__)
# The official documents the answers should rest on (ids in knowledge/sources.toml).
CORE_SOURCES = ("standpunt-2025", "handreiking-2025")
CORE_KINDS = ("position", "guidance")


@dataclass(frozen=True)
class Coverage:
    """Manifest sources that are not in the index, and what is."""

    missing: tuple[SourceEntry, ...]  # every manifest entry whose id is not indexed
    present: tuple[DocumentInfo, ...]  # the indexed documents

    @property
    def missing_core(self) -> tuple[SourceEntry, ...]:
        return tuple(e for e in self.missing if e.id in CORE_SOURCES and e.kind in CORE_KINDS)


def coverage(knowledge_dir: Path, documents: Sequence[DocumentInfo]) -> Coverage:
    """Compare the manifest with the index (a manifest that cannot be read: nothing missing;
    the refresh reports that problem itself)."""
    from ingest.sources import load_manifest

    try:
        entries = load_manifest(Path(knowledge_dir))
    except WijzerError:
        log.warning("manifest unreadable; coverage not shown", exc_info=True)
        entries = []
    indexed = {d.id for d in documents}
    return Coverage(tuple(e for e in entries if e.id not in indexed), tuple(documents))


def present_names(documents: Sequence[DocumentInfo]) -> list[str]:
    """'de Kamerbrief', 'het Algoritmekader': each publication in the index once, in index
    order (manifest documents first), with its article."""
    counts = Counter(labels.publication_name(d.collection, d.kind) for d in documents)
    out = []
    for name, n in counts.items():
        one, many = texts.PUBLICATION_PHRASES.get(name, (name, name))
        out.append(one if n == 1 else many.format(n=n))
    return out


def banner_text(cov: Coverage) -> str | None:
    """"Het overheidsbrede standpunt en de handreiking (2025) zijn nog niet ingelezen;
    antwoorden komen uit de Kamerbrief en het Algoritmekader." None when nothing core is
    missing."""
    missing = cov.missing_core
    if not missing:
        return None
    names = [texts.CORE_PHRASES.get(e.kind, e.title) for e in missing]
    years = sorted({e.date[:4] for e in missing if e.date[:4].isdigit()})
    what = dutch_list(names) + (f" ({dutch_list(years)})" if years else "")
    verb = texts.MISSING_ONE if len(missing) == 1 else texts.MISSING_MANY
    present = present_names(cov.present)
    if not present:
        return f"{what[:1].upper()}{what[1:]} {verb}."
    return texts.BANNER.format(what=what[:1].upper() + what[1:], verb=verb, present=dutch_list(present))


def current(s: Settings) -> Coverage:
    from ui import resources

    return coverage(s.knowledge_dir, resources.assistant_status(s).index.documents)


def banner(s: Settings) -> None:
    """The chat page's banner, when an official core document is missing."""
    try:
        text = banner_text(current(s))
    except Exception:  # the banner informs; it must never take the chat down
        log.warning("coverage banner unavailable", exc_info=True)
        return
    if text:
        st.info(escape_inline(text), icon=":material/info:")


def missing_rows(cov: Coverage) -> list[dict[str, object]]:
    """The Sources page's table of sources that are not in the index (plain Dutch)."""
    return [{
        texts.COL_TITLE: e.title,
        texts.COL_KIND: texts.KINDS.get(e.kind, e.kind),
        texts.COL_PUBLISHER: e.publisher,
        texts.COL_DATE: labels.dutch_date(e.date) if e.date else "",
        texts.COL_STATUS: texts.MISSING_WITH_URL if e.url else texts.MISSING_NO_URL,
        texts.COL_URL: e.url or "",
    } for e in cov.missing]
