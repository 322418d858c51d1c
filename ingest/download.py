"""The explicit download of official documents: the only network use of GenAI-wijzer.

For each manifest entry with a `url`: a conditional GET (ETag / Last-Modified from the
last successful download), streamed with a time and size limit, the content type checked
against the target file's suffix, written to a temporary file and moved into place only
when complete. Any problem is a Failure for that entry and the previous file stays. A
target that resolves outside the knowledge folder is never written. Built-in folder
sources with an `archive` are refreshed from it (ingest/archive.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import httpx

from wijzer.errors import DownloadError, WijzerError
from wijzer.settings import Settings
from wijzer.types import Failure, SourceEntry

Progress = Callable[[str, int, int], None]
STATE_FILE = ".downloads.json"  # beside the documents; hidden so it is never ingested

# Content types accepted per target suffix. PDFs served as octet-stream are accepted
# when the bytes start with the PDF signature.
_TYPES = {
    ".pdf": ("application/pdf", "application/x-pdf"),
    ".html": ("text/html", "application/xhtml+xml"),
    ".htm": ("text/html", "application/xhtml+xml"),
    ".txt": ("text/plain",),
    ".md": ("text/markdown", "text/plain", "text/x-markdown"),
}
_GENERIC = ("application/octet-stream", "binary/octet-stream")


@dataclass
class DownloadReport:
    downloaded: list[str] = field(default_factory=list)  # ids with a new file
    unchanged: list[str] = field(default_factory=list)  # 304 Not Modified
    failed: list[Failure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # Dutch lines about refreshed folders


def target_path(entry: SourceEntry, knowledge_dir: Path) -> Path:
    """Where the entry's file lives: the same rule discovery uses to find it again."""
    from ingest.sources import expected_path

    return expected_path(entry, knowledge_dir)


def download_sources(
    settings: Settings, progress: Progress | None = None, transport: httpx.BaseTransport | None = None,
    archives: bool = True,
) -> DownloadReport:
    """Download every manifest entry with a URL, then refresh every built-in folder with an
    `archive`. Never raises for one source's problem."""
    from ingest.archive import refresh_archives
    from ingest.sources import inside, load_manifest, outside_failure

    knowledge = Path(settings.knowledge_dir)
    entries = [e for e in load_manifest(knowledge) if e.url]
    state = _load_state(knowledge)
    report = DownloadReport()
    timeout = httpx.Timeout(settings.download_timeout_s)
    with httpx.Client(timeout=timeout, follow_redirects=True, transport=transport) as client:
        for i, entry in enumerate(entries):
            if progress:
                progress("Downloaden", i, len(entries))
            target = target_path(entry, knowledge)
            if not inside(target, knowledge):  # `file = "../x"` or a symlinked downloads/
                report.failed.append(outside_failure(entry.file or str(target), knowledge, entry.id))
                continue
            try:
                fresh = download_entry(client, entry, target, state, settings)
            except WijzerError as exc:
                report.failed.append(Failure(str(exc), id=entry.id, path=str(target)))
                continue
            (report.downloaded if fresh else report.unchanged).append(entry.id)
            _save_state(knowledge, state)
        if progress:
            progress("Downloaden", len(entries), len(entries))
        if archives:
            notes, failed = refresh_archives(client, settings, progress)
            report.notes += notes
            report.failed += failed
    return report



def conditional_headers(known: dict[str, Any], url: str, present: bool) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from what the last fetch of this URL recorded, so an
    unchanged file costs a 304 (only when the earlier copy is still on disk)."""
    headers: dict[str, str] = {}
    if present and known.get("url") == url:
        if known.get("etag"):
            headers["If-None-Match"] = known["etag"]
        if known.get("last_modified"):
            headers["If-Modified-Since"] = known["last_modified"]
    return headers

def download_entry(
    client: httpx.Client, entry: SourceEntry, target: Path, state: dict[str, Any], settings: Settings
) -> bool:
    """Fetch one entry into `target`; True when a new file was written, False on 304.
    Updates `state` (validators) on success; raises DownloadError otherwise."""
    url = entry.url or ""
    headers = conditional_headers(state.get(entry.id, {}), url, target.is_file())
    what = f"Download van {url}"
    try:
        with client.stream("GET", url, headers=headers) as response:
            if response.status_code == 304:
                return False
            if response.status_code >= 400:
                raise DownloadError(
                    f"{what} gaf HTTP {response.status_code}. Controleer de url in sources.toml, "
                    f"of zet het bestand zelf neer als {_shown(target)}."
                )
            _check_type(what, response, target)
            _stream_to(what, response, target, settings)
            state[entry.id] = {
                "url": url, "etag": response.headers.get("etag"),
                "last_modified": response.headers.get("last-modified"),
                "file": str(target), "downloaded": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            }
            return True
    except httpx.HTTPError as exc:
        raise http_failure(what, exc, settings, f"zet het bestand zelf neer als {_shown(target)}") from None


def http_failure(what: str, exc: httpx.HTTPError, settings: Settings, by_hand: str) -> DownloadError:
    """The Dutch line for a transport problem: a redirect loop or a redirect to another
    scheme is named as such (retrying later will not help); others say to try again."""
    if isinstance(exc, httpx.TooManyRedirects):
        return DownloadError(f"{what}: de server stuurt steeds door (een doorverwijzingslus). "
                             f"Controleer de url in sources.toml, of {by_hand}.")
    if isinstance(exc, httpx.UnsupportedProtocol):
        where = exc.request.url if getattr(exc, "_request", None) is not None else "een ander soort adres"
        return DownloadError(f"{what}: de server verwijst door naar {where}; alleen http- en "
                             f"https-adressen worden gevolgd. Controleer de url in sources.toml, of {by_hand}.")
    if isinstance(exc, httpx.TimeoutException):
        return DownloadError(f"{what} duurde langer dan {settings.download_timeout_s:g} s "
                             f"(WIJZER_DOWNLOAD_TIMEOUT_S). Probeer het later opnieuw of {by_hand}.")
    return DownloadError(f"{what} mislukte ({exc.__class__.__name__}: geen netwerk of server onbereikbaar). "
                         f"Probeer het later opnieuw of {by_hand}.")


def _shown(target: Path) -> str:
    """knowledge/downloads/<id>.<ext> (where discover looks), not an absolute path."""
    return "/".join(target.parts[-3:]) if len(target.parts) >= 3 else str(target)


def _check_type(what: str, response: httpx.Response, target: Path) -> None:
    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
    allowed = _TYPES.get(target.suffix.lower(), ())
    if ctype in allowed or (ctype in (*_GENERIC, "") and target.suffix.lower() == ".pdf"):
        return  # an untyped or generic PDF must still start like one (checked when written)
    raise DownloadError(
        f"{what} gaf inhoud van het type '{ctype or 'onbekend'}', verwacht "
        f"{' of '.join(allowed) or 'een ondersteund type'} voor {target.name}. "
        f"Controleer de url in sources.toml, of zet het bestand zelf neer als {_shown(target)}."
    )


def _stream_to(what: str, response: httpx.Response, target: Path, settings: Settings,
               max_mb: float | None = None, setting: str = "WIJZER_DOWNLOAD_MAX_MB",
               by_hand: str | None = None) -> None:
    """Write the body to a temp file beside `target`, then move it into place. `max_mb` and
    `setting` name the size limit; `by_hand` ends each message with what else to do."""
    max_mb = max_mb or settings.download_max_mb
    by_hand = by_hand or f"zet het bestand zelf neer als {_shown(target)}"
    limit = int(max_mb * 1024 * 1024)
    too_big = DownloadError(
        f"{what} is groter dan {max_mb:g} MB; het bestand is niet opgeslagen. "
        f"Verhoog {setting} of {by_hand}."
    )
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_big
    deadline = time.monotonic() + settings.download_timeout_s
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        size = 0
        with os.fdopen(fd, "wb") as out:
            for block in response.iter_bytes():
                size += len(block)
                if size > limit:
                    raise too_big
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("total time exceeded")
                out.write(block)
        if size == 0:
            raise DownloadError(f"{what} gaf een leeg bestand. Probeer het later opnieuw of {by_hand}.")
        if target.suffix.lower() == ".pdf" and not _looks_like_pdf(Path(tmp)):
            raise DownloadError(f"{what} gaf geen PDF (de PDF-kenmerken ontbreken). Controleer de url in "
                                f"sources.toml, of zet de PDF zelf neer als {_shown(target)}.")
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _looks_like_pdf(path: Path) -> bool:
    with open(path, "rb") as fh:
        return b"%PDF-" in fh.read(1024)


def _load_state(knowledge: Path) -> dict[str, Any]:
    try:
        return json.loads((knowledge / STATE_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


def _save_state(knowledge: Path, state: dict[str, Any]) -> None:
    path = knowledge / STATE_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
