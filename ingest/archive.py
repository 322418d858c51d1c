"""Refresh a built-in folder source (knowledge/algoritmekader) from the archive of the
repository where it is maintained: a zip of the default branch, of which the Markdown and
PDFs under `archive_dir` (docs/) are kept.

The same guards as the other downloads (timeout, size limit, content type, ETag /
Last-Modified), plus what an archive needs: every entry name is checked before anything
is written (no absolute paths, no `..`, no symlinks: one bad entry refuses the archive),
the number and total size of the extracted files are limited while extracting, and the
new snapshot is extracted into a hidden folder beside the old one and swapped in with two
renames. Until that swap, and whenever anything fails, the previous snapshot stays.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Any, Callable

import httpx

from wijzer.errors import DownloadError, WijzerError
from wijzer.settings import Settings
from wijzer.types import Failure

Progress = Callable[[str, int, int], None]
KEEP = (".md", ".pdf")  # what the snapshot holds: the pages and the PDFs they link to
_ZIP_TYPES = ("application/zip", "application/x-zip-compressed", "application/octet-stream",
              "binary/octet-stream", "")


@dataclass
class SnapshotChange:
    """What an archive refresh changed in a folder (paths relative to it)."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def refresh_archives(client: httpx.Client, settings: Settings, progress: Progress | None = None
                     ) -> tuple[list[str], list[Failure]]:
    """Refresh every built-in folder that names an `archive`; one note or one failure each."""
    from ingest.sources import load_folder_rules

    kdir = Path(settings.knowledge_dir)
    notes: list[str] = []
    failures: list[Failure] = []
    folders = {name: meta for name, meta in load_folder_rules(kdir).per_folder.items()
               if meta.get("path") and meta.get("archive")}
    for i, (name, meta) in enumerate(folders.items()):
        if progress:
            progress("Archief downloaden", i, len(folders))
        try:
            notes.append(refresh_folder(client, kdir, name, meta, settings))
        except WijzerError as exc:
            failures.append(Failure(str(exc), path=f"knowledge/{meta['path']}"))
    return notes, failures


def refresh_folder(client: httpx.Client, kdir: Path, name: str, meta: dict[str, Any],
                   settings: Settings) -> str:
    """Download `meta["archive"]` and replace knowledge/<path> with its pages and PDFs.
    Returns a Dutch note; raises DownloadError (the old snapshot stays) on any problem."""
    from ingest.download import _stream_to, conditional_headers, http_failure
    from ingest.sources import SNAPSHOT_FILE, inside, outside_failure

    target = kdir / meta["path"]
    if not inside(target, kdir) or target.is_symlink():
        raise DownloadError(outside_failure(f"knowledge/{meta['path']}", kdir).reason)
    _recover(target)
    label = meta.get("collection") or name
    url = meta["archive"]
    what = f"Het archief van {label} ({url})"
    by_hand = (f"vervang de inhoud van knowledge/{meta['path']} zelf; tot dan blijft de huidige "
               "versie in gebruik")
    headers = conditional_headers(_read_json(target / SNAPSHOT_FILE), url, target.is_dir())
    zip_path = kdir / f".{name}-archief.zip"
    try:
        with client.stream("GET", url, headers=headers) as response:
            if response.status_code == 304:
                return f"{label}: het archief is niet veranderd sinds de vorige download; de map blijft zoals ze is."
            if response.status_code >= 400:
                raise DownloadError(f"{what} gaf HTTP {response.status_code}. Controleer archive bij "
                                    f"[folders.{name}] in sources.toml, of {by_hand}.")
            ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype not in _ZIP_TYPES:
                raise DownloadError(f"{what} gaf inhoud van het type '{ctype}', verwacht een zip-archief "
                                    f"(application/zip). Controleer archive bij [folders.{name}], of {by_hand}.")
            _stream_to(what, response, zip_path, settings, max_mb=settings.archive_max_mb,
                       setting="WIJZER_ARCHIVE_MAX_MB", by_hand=by_hand)
            validators = {"etag": response.headers.get("etag"),
                          "last_modified": response.headers.get("last-modified")}
    except httpx.HTTPError as exc:
        raise http_failure(what, exc, settings, by_hand) from None
    try:
        return _install(zip_path, target, kdir, name, meta, validators, what, by_hand, settings)
    finally:
        with contextlib.suppress(FileNotFoundError):
            zip_path.unlink()


def _install(zip_path: Path, target: Path, kdir: Path, name: str, meta: dict[str, Any],
             validators: dict[str, Any], what: str, by_hand: str, settings: Settings) -> str:
    from ingest.sources import SNAPSHOT_FILE

    fresh = Path(tempfile.mkdtemp(prefix=f".{name}.new-", dir=kdir))
    try:
        commit = extract_docs(zip_path, fresh, meta.get("archive_dir", "docs"), settings, what, by_hand)
        _carry_license(target, fresh)
        now = datetime.now(timezone.utc)
        change = compare(target, fresh)
        snapshot = {"url": meta["archive"], **validators, "commit": commit,
                    "repository": meta.get("repository"), "downloaded": now.isoformat(timespec="seconds"),
                    "files": _file_dates(target, fresh, change, now.date().isoformat(), meta.get("date", ""))}
        (fresh / SNAPSHOT_FILE).write_text(json.dumps(snapshot, indent=1), encoding="utf-8")
        swap(fresh, target)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    label = meta.get("collection") or name
    version = f" (commit {commit[:8]})" if commit else ""
    if not (change.added or change.changed or change.removed):
        return f"{label}: nieuwe download{version}, maar geen pagina of PDF is veranderd."
    return (f"{label} vernieuwd uit {meta.get('repository') or meta['archive']}{version}: "
            f"{len(change.added)} nieuw, {len(change.changed)} gewijzigd, {len(change.removed)} verwijderd "
            "(de titels staan hieronder).")


def extract_docs(zip_path: Path, dest: Path, archive_dir: str, settings: Settings, what: str,
                 by_hand: str) -> str | None:
    """Extract the pages and PDFs under `<top>/<archive_dir>/` into `dest`. Every entry name
    is checked first; limits on count and size hold while extracting. Returns the commit
    id that `git archive` stores as the zip comment, when there is one."""
    def refuse(reason: str) -> DownloadError:
        return DownloadError(f"{what}: {reason}. Meld het bij de beheerder van het archief, of {by_hand}.")

    try:
        archive = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError):
        raise refuse("het bestand is geen geldig zip-archief") from None
    with archive:
        infos = archive.infolist()
        for info in infos:
            bad = _unsafe(info)
            if bad:
                raise refuse(f"het archief bevat '{info.filename}' ({bad})")
        chosen = _select(infos, archive_dir)
        if not any(rel.suffix.lower() == ".md" and rel.name != "LICENSE.md" for _, rel in chosen):
            raise refuse(f"er staan geen pagina's (.md) onder {archive_dir}/ in het archief")
        if len(chosen) > settings.archive_max_files:
            raise refuse(f"het archief heeft {len(chosen)} pagina's en PDF's, meer dan "
                         f"{settings.archive_max_files} (WIJZER_ARCHIVE_MAX_FILES)")
        budget = int(settings.archive_max_mb * 1024 * 1024)
        root = dest.resolve()
        for info, rel in chosen:
            out = dest / rel
            if not out.resolve().is_relative_to(root):  # belt and braces after _unsafe
                raise refuse(f"'{info.filename}' valt buiten de doelmap")
            out.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(info) as src, open(out, "xb") as dst:
                    while block := src.read(1 << 16):
                        budget -= len(block)
                        if budget < 0:
                            raise refuse(f"uitgepakt is het groter dan {settings.archive_max_mb:g} MB "
                                         "(WIJZER_ARCHIVE_MAX_MB)")
                        dst.write(block)
            except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
                if isinstance(exc, FileExistsError):
                    raise refuse(f"'{info.filename}' staat er twee keer in") from None
                raise refuse(f"'{info.filename}' is beschadigd") from None
        comment = archive.comment.decode("ascii", "ignore").strip()
    return comment if re.fullmatch(r"[0-9a-f]{7,64}", comment) else None


def _unsafe(info: zipfile.ZipInfo) -> str | None:
    """Why an entry name may not be extracted anywhere (None: it is safe)."""
    name = info.filename
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return "een absoluut pad"
    if ".." in re.split(r"[/\\]", name):
        return "een pad met .. naar buiten de map"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "een symbolische koppeling"
    if "\x00" in name:
        return "een ongeldige naam"
    return None


def _select(infos: list[zipfile.ZipInfo], archive_dir: str) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    """(entry, path inside the folder) for every page and PDF under <top>/<archive_dir>/;
    <top> is the one folder a GitHub archive wraps everything in ("Algoritmekader-main")."""
    tops = {PurePosixPath(i.filename).parts[0] for i in infos if PurePosixPath(i.filename).parts}
    top = tops.pop() if len(tops) == 1 else ""
    base = PurePosixPath(top, archive_dir.strip("/")) if top else PurePosixPath(archive_dir.strip("/"))
    chosen = []
    for info in infos:
        path = PurePosixPath(info.filename)
        if info.is_dir() or path.suffix.lower() not in KEEP or not path.is_relative_to(base):
            continue
        chosen.append((info, path.relative_to(base)))
    if not any(rel.name.upper().startswith("LICENSE") for _, rel in chosen):  # the licence travels along
        root = PurePosixPath(top) if top else PurePosixPath()
        chosen += [(i, PurePosixPath("LICENSE.md")) for i in infos[:] if not i.is_dir()
                   and PurePosixPath(i.filename).parent == root
                   and PurePosixPath(i.filename).name.upper() in ("LICENSE", "LICENSE.MD", "LICENSE.TXT")][:1]
    return chosen


def _carry_license(old: Path, fresh: Path) -> None:
    """The licence travels with the copy: keep the old LICENSE.md when docs/ has none."""
    if not any(fresh.glob("LICENSE*")) and (old / "LICENSE.md").is_file():
        shutil.copy2(old / "LICENSE.md", fresh / "LICENSE.md")


def compare(old: Path, new: Path) -> SnapshotChange:
    """Pages and PDFs added, changed (other bytes) and removed between two snapshots."""
    before, after = _hashes(old), _hashes(new)
    return SnapshotChange(
        added=sorted(set(after) - set(before)),
        changed=sorted(p for p in set(after) & set(before) if after[p] != before[p]),
        removed=sorted(set(before) - set(after)),
    )


def _file_dates(old: Path, fresh: Path, change: SnapshotChange, today: str, shipped: str) -> dict[str, str]:
    """Per file, the date its text last changed in this copy: today for added and changed
    files, the earlier date (or the shipped snapshot's) for the others, so an unchanged
    page keeps its date and is not re-read and reported as changed."""
    from ingest.sources import SNAPSHOT_FILE

    before = _read_json(old / SNAPSHOT_FILE).get("files") or {}
    fresh_files = _hashes(fresh)
    new = set(change.added) | set(change.changed)
    return {rel: today if rel in new else str(before.get(rel) or shipped or today) for rel in sorted(fresh_files)}


def _hashes(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    out = {}
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.suffix.lower() in KEEP:
            with open(path, "rb") as fh:
                out[path.relative_to(folder).as_posix()] = hashlib.file_digest(fh, "sha256").hexdigest()
    return out


def swap(fresh: Path, target: Path) -> None:
    """Put `fresh` where `target` is: the old folder is moved aside, the new one moved in,
    and the old one removed. Should the second rename fail, the old folder goes back."""
    backup = _backup_of(target)
    shutil.rmtree(backup, ignore_errors=True)
    had_old = target.exists()
    if had_old:
        os.rename(target, backup)
    try:
        os.rename(fresh, target)
    except OSError:
        if had_old:
            os.rename(backup, target)
        raise
    shutil.rmtree(backup, ignore_errors=True)


def _backup_of(target: Path) -> Path:
    return target.with_name(f".{target.name}.previous")


def _recover(target: Path) -> None:
    """A refresh killed between the two renames of `swap` left the old snapshot aside."""
    backup = _backup_of(target)
    if not target.exists() and backup.is_dir():
        os.rename(backup, target)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
