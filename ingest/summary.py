"""What an administrator sees in the terminal: progress bars and one-screen summaries (Dutch)."""

from __future__ import annotations

import sys
import time
from typing import Mapping, Sequence

from wijzer.types import Failure, IndexStatus, RefreshReport

MAX_LISTED = 8  # failures shown; more are cut off with "en N andere": the summary fits one screen
MAX_CHANGED = 25  # titles shown per added/changed/removed list (an archive refresh names its pages)


class TerminalProgress:
    """A `progress(label, done, total)` callback: one tqdm bar per stage on stderr, with the
    rate and the estimated time left. Where stderr is no terminal (a log file, a container),
    tqdm draws nothing: then one plain line per tenth of a long stage says the same."""

    def __init__(self, stream=None) -> None:  # noqa: ANN001 - a text stream, stderr by default
        self._stream = stream or sys.stderr
        self._bar = None
        self._label: str | None = None
        self._started = 0.0
        self._tenth = -1

    def __call__(self, label: str, done: int, total: int) -> None:
        from tqdm import tqdm

        if label != self._label:
            self.close()
            self._label = label
            self._started = time.monotonic()
            self._tenth = -1
            self._bar = tqdm(total=total, desc=label, unit="st", file=self._stream,
                             disable=None, leave=False, dynamic_ncols=True)
        bar = self._bar
        if bar is not None and not bar.disable:
            bar.total = total
            if done >= bar.n:
                bar.update(done - bar.n)  # update(), not n=: tqdm's rate and ETA need it
            else:
                bar.n = done
                bar.refresh()
        elif total >= 50:
            self._plain(label, done, total)

    def _plain(self, label: str, done: int, total: int) -> None:
        tenth = done * 10 // total
        if tenth == self._tenth or tenth == 0:
            return
        self._tenth = tenth
        spent = time.monotonic() - self._started
        left = spent / done * (total - done) if done else 0.0
        eta = f", nog ongeveer {duration(left)}" if done < total else ""
        print(f"[wijzer] {label}: {count(done)} van {count(total)} ({tenth * 10}%){eta}",
              file=self._stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
            self._label = None


# --- Dutch numbers: decimal comma, thousands dot ------------------------------------------
def decimal(value: float, digits: int = 1) -> str:
    """12.345 -> "12,3" (Dutch decimal comma; thousands with a dot: 1.234,5)."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def count(n: int) -> str:
    """1403 -> "1.403"."""
    return f"{n:,d}".replace(",", ".")


def duration(seconds: float) -> str:
    """"45 s", "3 min", "1 u 5 min": a time an administrator can plan with."""
    if seconds < 90:
        return f"{max(1, round(seconds))} s"
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} u {minutes % 60} min"


def _names(ids: Sequence[str], titles: Mapping[str, str], limit: int = MAX_LISTED) -> str:
    names = [titles.get(i) or i for i in ids]
    shown = "; ".join(names[:limit])
    if len(names) > limit:
        shown += f"; en {len(names) - limit} andere (zie --json)"
    return shown


def report_headline(report: RefreshReport) -> str:
    """One line: did anything change, and did everything work (shared by CLI and page)."""
    changed = report.added or report.updated or report.removed
    seconds = decimal(report.seconds)
    if not changed:
        head = f"Niets gewijzigd (versie {report.index_version} blijft in gebruik; {seconds} s)."
    else:
        head = f"Index bijgewerkt naar versie {report.index_version} in {seconds} s."
    if report.failed:
        n = len(report.failed)
        head = f"Let op: {n} {'bron is' if n == 1 else 'bronnen zijn'} niet gelukt. " + head
    return head


def failure_name(failure: Failure, titles: Mapping[str, str]) -> str:
    """A failure as an administrator knows the source: its title, else its id or path."""
    return (failure.id and titles.get(failure.id)) or failure.id or failure.path or "?"


def refresh_summary(report: RefreshReport, titles: Mapping[str, str] | None = None) -> str:
    """The one-screen summary after a refresh: failures first, then what changed by title;
    unchanged documents as a count."""
    titles = {**(titles or {}), **report.titles}
    lines = [report_headline(report)]
    if report.failed:
        lines.append(f"  Niet gelukt ({len(report.failed)}):")
        for f in report.failed[:MAX_LISTED]:
            lines.append(f"    - {failure_name(f, titles)}: {f.reason}")
        if len(report.failed) > MAX_LISTED:
            lines.append(f"    ... en {len(report.failed) - MAX_LISTED} andere (zie --json)")
    lines += [f"  {note}" for note in report.notes]
    first_build = report.added and not (report.updated or report.removed or report.unchanged)
    if first_build and len(report.added) > MAX_CHANGED:  # a first build: the list is everything
        lines.append(f"  Nieuw: {count(len(report.added))} documenten (eerste opbouw; de lijst staat in --json).")
    for label, ids in (("Nieuw", report.added), ("Gewijzigd", report.updated), ("Verwijderd", report.removed)):
        if ids and not (first_build and label == "Nieuw" and len(ids) > MAX_CHANGED):
            lines.append(f"  {label} ({count(len(ids))}): {_names(ids, titles, MAX_CHANGED)}")
    lines.append(f"  Ongewijzigd: {count(len(report.unchanged))} documenten.")
    lines.append(
        f"  Passages: {count(report.chunks_written)} nieuw of vervangen, {count(report.chunks_embedded)} "
        f"berekend (embedding), {count(report.chunks_total)} in de index."
    )
    return "\n".join(lines)


def status_line(status: IndexStatus) -> str:
    """One line: is there an index, and what is in it."""
    if status.version is None:
        return f"Er is nog geen index ({status.location}). Bouw die met `python -m ingest`."
    return (
        f"Index versie {status.version}: {count(len(status.documents))} documenten, "
        f"{count(status.chunk_count)} passages, model {status.embedding_model}, "
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
