"""What an administrator sees in the terminal: progress bars and one-screen summaries (Dutch)."""

from __future__ import annotations

import sys
from typing import Mapping, Sequence

from wijzer.types import IndexStatus, RefreshReport

MAX_LISTED = 8  # longer lists are cut off with "en N andere": the summary fits one screen


class TerminalProgress:
    """A `progress(label, done, total)` callback drawing one tqdm bar per stage on stderr
    (only on a terminal: tqdm disables itself when stderr is redirected)."""

    def __init__(self) -> None:
        self._bar = None
        self._label: str | None = None

    def __call__(self, label: str, done: int, total: int) -> None:
        from tqdm import tqdm

        if label != self._label:
            self.close()
            self._label = label
            self._bar = tqdm(total=total, desc=label, unit="st", file=sys.stderr,
                             disable=None, leave=False, dynamic_ncols=True)
        if self._bar is not None:
            self._bar.total = total
            self._bar.n = done
            self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
            self._label = None


def _names(ids: Sequence[str], titles: Mapping[str, str]) -> str:
    names = [titles.get(i) or i for i in ids]
    shown = "; ".join(names[:MAX_LISTED])
    if len(names) > MAX_LISTED:
        shown += f"; en {len(names) - MAX_LISTED} andere"
    return shown


def refresh_summary(report: RefreshReport, titles: Mapping[str, str]) -> str:
    """The one-screen summary after a refresh."""
    changed = report.added or report.updated or report.removed
    head = (
        f"Index bijgewerkt naar versie {report.index_version} in {report.seconds:.1f} s."
        if changed else f"Niets veranderd: de index (versie {report.index_version}) is actueel "
        f"({report.seconds:.1f} s)."
    )
    lines = [head]
    for label, ids in (("Toegevoegd", report.added), ("Bijgewerkt", report.updated),
                       ("Verwijderd", report.removed), ("Ongewijzigd", report.unchanged)):
        lines.append(f"  {label} ({len(ids)})" + (f": {_names(ids, titles)}" if ids else ""))
    if report.failed:
        lines.append(f"  Mislukt ({len(report.failed)}):")
        for f in report.failed[:MAX_LISTED]:
            lines.append(f"    - {f.id or f.path}: {f.reason}")
        if len(report.failed) > MAX_LISTED:
            lines.append(f"    ... en {len(report.failed) - MAX_LISTED} andere (zie --json)")
    lines.append(
        f"  Passages: {report.chunks_written} nieuw of vervangen, {report.chunks_embedded} "
        f"berekend (embedding), {report.chunks_total} in de index."
    )
    return "\n".join(lines)


def status_line(status: IndexStatus) -> str:
    """One line: is there an index, and what is in it."""
    if status.version is None:
        return f"Er is nog geen index ({status.location}). Bouw die met `python -m ingest`."
    return (
        f"Index versie {status.version}: {len(status.documents)} documenten, "
        f"{status.chunk_count} passages, model {status.embedding_model}, "
        f"laatst ververst {status.last_refresh} ({status.location})."
    )


def status_table(status: IndexStatus) -> str:
    """Every document with its version, date and chunk count, then the index facts."""
    if status.version is None:
        return status_line(status)
    width = min(60, max((len(d.title) for d in status.documents), default=10))
    lines = [f"{'Document':<{width}}  {'Versie (sha256)':<15} {'Datum':<10} Passages"]
    for d in status.documents:
        title = d.title if len(d.title) <= width else d.title[: width - 1] + "…"
        lines.append(f"{title:<{width}}  {d.version[:12]:<15} {d.date or '-':<10} {d.chunks:>8}")
    lines += [
        "",
        f"Documenten: {len(status.documents)}, passages: {status.chunk_count}",
        f"Embeddingmodel: {status.embedding_model} (dimensie {status.dimension})",
        f"Laatst ververst: {status.last_refresh} (indexversie {status.version})",
        f"Locatie: {status.location}",
    ]
    return "\n".join(lines)
