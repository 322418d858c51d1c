"""The manifest (knowledge/sources.toml), the files it points at, and folder sources.

Three kinds of sources, in order of precedence:
1. manifest entries (`[[source]]`): metadata from the manifest; the file is `file` (relative
   to the knowledge dir) or, when `file` is not set, a download at `downloads/<id>.<ext>`;
2. other files dropped in the knowledge dir: id = file name stem, title from the file;
3. folder sources: built-in ones (a `[folders.<name>]` table with `path`, a folder inside the
   knowledge dir such as knowledge/algoritmekader) and extra ones (`--source DIR`); every
   supported file, id = path relative to the folder without suffix; `[folders]` holds
   exclude globs and per-folder metadata.

Nothing outside the knowledge dir or a folder source is read: every manifest path and every
discovered file is resolved (symlinks included) and refused when it lies outside.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import hashlib
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date as _date
from pathlib import Path
from typing import Any, Literal, Sequence
from urllib.parse import quote, unquote

from wijzer.errors import SourceError
from wijzer.settings import KNOWN_QUESTIONS_FILE, Settings
from wijzer.types import KINDS, Failure, SourceEntry

MANIFEST = "sources.toml"
DOWNLOADS = "downloads"
SUPPORTED = (".pdf", ".html", ".htm", ".md", ".markdown", ".txt")
# Files in the knowledge dir that are configuration, not documents.
RESERVED = {"sources.toml", "glossary.toml", KNOWN_QUESTIONS_FILE}
IGNORED_SUFFIXES = {".toml", ".json", ".jsonl", ".yaml", ".yml", ".lock", ".py", ".pyc"}
# Site furniture that is noise for answers; applied to every folder source.
DEFAULT_EXCLUDE = (
    "**/privacy.md", "**/cookies.md", "**/sitemap.md", "**/copyright.md",
    "**/toegankelijkheid.md", "**/kwetsbaarheid-melden.md",
    "LICENSE*", "**/LICENSE*", "version.md", "**/CONTRIBUTING.md", "**/README*",
)
_ENTRY_KEYS = {"id", "title", "kind", "publisher", "date", "url", "file", "superseded_by", "exclude",
               "collection"}
# Keys of a `[folders.<name>]` table. `path` makes it a built-in folder source (inside the
# knowledge dir); `archive`/`archive_dir` say where `--download` refreshes it from;
# `repository`, `commit`, `license` record its provenance.
_FOLDER_KEYS = {"kind", "publisher", "url", "collection", "date", "exclude", "path", "archive",
                "archive_dir", "repository", "commit", "license"}
SNAPSHOT_FILE = ".snapshot.json"  # written by an archive refresh; hidden, so never ingested
Origin = Literal["manifest", "knowledge", "folder"]


@dataclass(frozen=True)
class SourceFile:
    """One file to read as one document, with its metadata."""

    entry: SourceEntry
    path: Path
    origin: Origin = "manifest"  # where it was found; file metadata may refine the title
    display_path: str = ""  # path shown in the status (relative to its source folder)

    def __post_init__(self) -> None:
        if not self.display_path:
            object.__setattr__(self, "display_path", self.path.name)


@dataclass(frozen=True)
class FolderRules:
    """`[folders]` of the manifest: exclude globs for every folder source, plus optional
    per-folder metadata under `[folders.<folder name>]` (kind, publisher, url, exclude)."""

    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    per_folder: dict[str, dict[str, Any]] = field(default_factory=dict)

    def for_folder(self, folder: Path) -> tuple[tuple[str, ...], dict[str, Any]]:
        own = self.per_folder.get(folder.name, {})
        return self.exclude + tuple(own.get("exclude", ())), own

    def builtin(self, knowledge_dir: Path) -> list[Path]:
        """The built-in folder sources: `[folders.<name>]` tables with a `path`."""
        return [Path(knowledge_dir) / meta["path"] for meta in self.per_folder.values() if meta.get("path")]


def inside(path: Path, root: Path) -> bool:
    """True when `path`, symlinks resolved, lies in `root` (resolved too)."""
    try:
        return Path(path).resolve().is_relative_to(Path(root).resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def outside_failure(shown: str, root: Path, doc_id: str | None = None) -> Failure:
    """One Dutch line refusing a path that leads out of its folder."""
    return Failure(id=doc_id, path=shown, reason=(
        f"{shown} ligt buiten {root} (of verwijst daarheen); alleen bestanden in die map worden "
        "gelezen en geschreven. Zet het bestand zelf in de map en verwijs er met een pad binnen de map naar."))


# --- the manifest -------------------------------------------------------------------------

def _read_toml(knowledge_dir: Path) -> dict[str, Any]:
    path = knowledge_dir / MANIFEST
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: het manifest is geen geldige TOML ({exc}). Herstel het bestand.") from None


def load_manifest(knowledge_dir: Path) -> list[SourceEntry]:
    """Read knowledge/sources.toml (raise SourceError with a clear message when malformed)."""
    raw = _read_toml(knowledge_dir).get("source", [])
    if not isinstance(raw, list):
        raise SourceError(f"{knowledge_dir / MANIFEST}: gebruik [[source]] (een lijst) voor de documenten.")
    entries, seen = [], set()
    for n, item in enumerate(raw, 1):
        entry = _entry(item, n, knowledge_dir)
        if entry.id in seen:
            raise SourceError(f"{MANIFEST}: het id '{entry.id}' komt twee keer voor. Geef elk document een eigen id.")
        seen.add(entry.id)
        entries.append(entry)
    return entries


def _entry(item: Any, n: int, knowledge_dir: Path) -> SourceEntry:
    where = f"{knowledge_dir / MANIFEST}, [[source]] nr. {n}"
    if not isinstance(item, dict) or not item.get("id") or not item.get("title"):
        raise SourceError(f"{where}: 'id' en 'title' zijn verplicht.")
    unknown = set(item) - _ENTRY_KEYS
    if unknown:
        raise SourceError(f"{where}: onbekend veld '{sorted(unknown)[0]}'. Toegestaan: {', '.join(sorted(_ENTRY_KEYS))}.")
    if not re.fullmatch(r"[a-z0-9][a-z0-9._/-]*", str(item["id"])):
        raise SourceError(f"{where}: id '{item['id']}' mag alleen kleine letters, cijfers, '-', '_', '.' en '/' bevatten.")
    values = {k: _checked(where, k, v) for k, v in item.items()}
    _check_kind(where, values.get("kind", "other"))
    return SourceEntry(**values)


def _check_kind(where: str, kind: str) -> None:
    if kind not in KINDS:
        raise SourceError(f"{where}: kind '{kind}' is onbekend. Kies uit: {', '.join(sorted(KINDS))}.")


def _checked(where: str, key: str, value: Any) -> Any:
    """A manifest value of the right type (strings; `exclude` a list of strings; a TOML date
    for `date`), URLs http(s) only: anything else is one Dutch line naming the key."""
    if key == "exclude":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SourceError(f"{where}: 'exclude' moet een lijst van patronen zijn, zoals "
                              f"exclude = [\"concepten/**\"] (nu: {value!r}).")
        return tuple(value)
    if key == "date" and isinstance(value, _date):
        return value.isoformat()
    if not isinstance(value, str):
        raise SourceError(f"{where}: '{key}' moet tekst tussen aanhalingstekens zijn (nu: {value!r}).")
    if key in ("url", "archive") and not re.match(r"https?://[^/\s]", value, re.I):
        raise SourceError(f"{where}: '{key}' = \"{value}\": alleen http- en https-adressen zijn toegestaan.")
    if key in ("file", "path") and (not value.strip() or Path(value).is_absolute()):
        raise SourceError(f"{where}: '{key}' = \"{value}\" moet een pad binnen de kennismap zijn "
                          "(relatief, zonder / vooraan).")
    return value


def load_folder_rules(knowledge_dir: Path) -> FolderRules:
    """`[folders]` of the manifest, type-checked (a wrong value is one Dutch line)."""
    table = _read_toml(knowledge_dir).get("folders", {})
    where = f"{Path(knowledge_dir) / MANIFEST}, [folders]"
    if not isinstance(table, dict):
        raise SourceError(f"{where}: gebruik een tabel [folders], geen lijst.")
    extra = _checked(where, "exclude", table.get("exclude", []))
    per_folder: dict[str, dict[str, Any]] = {}
    for name, own in table.items():
        if name == "exclude":
            continue
        here = f"{where}.{name}"
        if not isinstance(own, dict):
            raise SourceError(f"{here}: onbekend veld. Toegestaan: exclude, en per map een tabel "
                              f"[folders.<mapnaam>].")
        unknown = set(own) - _FOLDER_KEYS
        if unknown:
            raise SourceError(f"{here}: onbekend veld '{sorted(unknown)[0]}'. "
                              f"Toegestaan: {', '.join(sorted(_FOLDER_KEYS))}.")
        values = {k: _checked(here, k, v) for k, v in own.items()}
        _check_kind(here, values.get("kind", "other"))
        if values.get("path") and Path(values["path"]).name != name:
            raise SourceError(f"{here}: path = \"{values['path']}\" moet een map met de naam '{name}' zijn.")
        per_folder[name] = values
    return FolderRules(exclude=DEFAULT_EXCLUDE + extra, per_folder=per_folder)


def _guess_suffix(url: str | None) -> str:
    path = (url or "").split("?", 1)[0].split("#", 1)[0].lower()
    for suffix in SUPPORTED:
        if path.endswith(suffix):
            return suffix
    return ".pdf" if path.endswith("/file") else ".html"


def expected_path(entry: SourceEntry, knowledge_dir: Path, suffix: str | None = None) -> Path:
    """Where the file of a manifest entry is (or a download must be written):
    `<knowledge_dir>/<entry.file>` when `file` is set, else
    `<knowledge_dir>/downloads/<id>.<ext>` (ext from `suffix`, e.g. from the download's
    content type, or guessed from the URL: open.overheid.nl ".../file" is a PDF)."""
    if entry.file:
        return knowledge_dir / entry.file
    name = entry.id.replace("/", "_") + (suffix or _guess_suffix(entry.url))
    return knowledge_dir / DOWNLOADS / name


def _find_entry_file(entry: SourceEntry, knowledge_dir: Path) -> Path | None:
    path = expected_path(entry, knowledge_dir)
    if path.is_file() or entry.file:
        return path if path.is_file() else None
    for suffix in SUPPORTED:  # the downloader may have chosen another suffix
        other = expected_path(entry, knowledge_dir, suffix)
        if other.is_file():
            return other
    return None


def _missing(entry: SourceEntry, knowledge_dir: Path) -> Failure:
    if entry.url:
        where = expected_path(entry, knowledge_dir).relative_to(knowledge_dir).as_posix()
        fmt = "PDF" if where.endswith(".pdf") else where.rsplit(".", 1)[-1].upper()
        reason = (f"Bestand ontbreekt: zet het {fmt}-bestand neer als knowledge/{where} (of vul "
                  f"file = \"...\" in bij deze bron in sources.toml), of voer `python -m ingest --download` uit.")
    else:
        where = entry.file or f"{entry.id}.pdf"
        reason = (f"Bestand {where} ontbreekt en er is geen URL: zet het document in knowledge/ als "
                  f"{where} en vul file = \"{where}\" in bij [[source]] id = \"{entry.id}\" in sources.toml.")
    return Failure(id=entry.id, path=where, reason=reason)


def missing_entries(knowledge_dir: Path) -> list[tuple[SourceEntry, Failure]]:
    """Manifest entries with no file on disk yet, each with how to add it (for the page's
    status: an administrator must see that the index lacks official documents)."""
    kdir = Path(knowledge_dir)
    return [(e, _missing(e, kdir)) for e in load_manifest(kdir) if _find_entry_file(e, kdir) is None]


# --- discovery ----------------------------------------------------------------------------

def discover(settings: Settings, extra_dirs: Sequence[Path] = ()) -> tuple[list[SourceFile], list[Failure]]:
    """Every document to ingest: manifest entries with a file on disk, other files dropped
    in the knowledge dir, every file of the built-in folder sources and of each extra
    folder (ids from the path relative to that folder; exclude globs applied). Entries
    without a file are reported (not fatal) so a refresh can download them. A path that
    leads outside its folder is refused with one line naming it."""
    kdir = Path(settings.knowledge_dir)
    found: list[SourceFile] = []
    failures: list[Failure] = []
    for entry in load_manifest(kdir):
        path = _find_entry_file(entry, kdir)
        if path is None:
            failures.append(_missing(entry, kdir))
        elif not inside(path, kdir):
            failures.append(outside_failure(entry.file or _rel(path, kdir), kdir, entry.id))
        else:
            found.append(SourceFile(entry, path, "manifest", _rel(path, kdir)))
    claimed = {f.path.resolve() for f in found}
    rules = load_folder_rules(kdir)
    builtin = rules.builtin(kdir)
    dropped, bad = _knowledge_files(kdir, claimed, builtin)
    found += dropped
    failures += bad
    for folder in [*builtin, *folders_beside(builtin, extra_dirs)[0]]:
        if folder in builtin and not inside(folder, kdir):
            failures.append(outside_failure(_rel(folder, kdir), kdir))
            continue
        files, bad = _folder_files(Path(folder), rules, claimed)
        found += files
        failures += bad
    return _dedupe(found, failures, settings.max_file_mb)


def folders_beside(builtin: Sequence[Path], extra_dirs: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """Split extra folder sources into those to read and those a built-in folder of the
    same name replaces (e.g. `--source ../shared/corpus/algoritmekader` from before the
    Algoritmekader shipped in knowledge/): the same ids twice would only be duplicates."""
    names = {Path(b).name for b in builtin}
    keep = [Path(d) for d in extra_dirs if Path(d).name not in names]
    return keep, [Path(d) for d in extra_dirs if Path(d).name in names]


def _rel(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return str(path)


def _is_hidden(rel: Path) -> bool:
    return any(part.startswith((".", "_")) for part in rel.parts)


def _walk(root: Path, skip: Sequence[Path] = ()) -> tuple[list[Path], list[Failure]]:
    """Every file below `root` (sorted; hidden folders and `skip` not entered), and a
    failure for each symlink that leads outside `root` (never followed)."""
    files, failures = [], []
    skipped = {Path(p).resolve() for p in skip}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        for name in list(dirnames):
            sub = here / name
            if name.startswith((".", "_")) or sub.resolve() in skipped:
                dirnames.remove(name)
            elif sub.is_symlink() and not inside(sub, root):
                failures.append(outside_failure(_rel(sub, root), root))
        for name in filenames:
            path = here / name
            if path.is_symlink() and not inside(path, root):
                if not _is_hidden(path.relative_to(root)):
                    failures.append(outside_failure(_rel(path, root), root))
            elif path.is_file():
                files.append(path)
    return sorted(files), failures


def _knowledge_files(kdir: Path, claimed: set[Path], builtin: Sequence[Path] = ()) -> tuple[list[SourceFile], list[Failure]]:
    if not kdir.is_dir():
        return [], [Failure(path=str(kdir), reason=f"De kennismap {kdir} bestaat niet. Zet WIJZER_KNOWLEDGE_DIR goed.")]
    files, failures = _walk(kdir, skip=builtin)
    out = []
    for path in files:
        rel = path.relative_to(kdir)
        name = path.name.lower()
        if path.resolve() in claimed or _is_hidden(rel) or name in RESERVED or name.startswith("readme"):
            continue
        if rel.parts[0] == DOWNLOADS and path.suffix.lower() in SUPPORTED:
            continue  # an old download of an entry that left the manifest: not a document
        if path.suffix.lower() in IGNORED_SUFFIXES:
            continue
        if path.suffix.lower() not in SUPPORTED:
            failures.append(Failure(path=rel.as_posix(), reason=(
                f"{rel.as_posix()}: bestandstype '{path.suffix or '(geen)'}' wordt niet ondersteund "
                "(PDF, HTML, Markdown of tekst). Zet het om of haal het uit knowledge/.")))
            continue
        entry = describe_file(path, _file_id(rel), kind="other")
        out.append(SourceFile(entry, path, "knowledge", rel.as_posix()))
    return out, failures


def _file_id(rel: Path) -> str:
    stem = rel.with_suffix("").as_posix().lower()
    return re.sub(r"[^a-z0-9._/-]+", "-", stem).strip("-")


def _folder_files(
    folder: Path, rules: FolderRules, claimed: set[Path] = frozenset(),  # type: ignore[assignment]
) -> tuple[list[SourceFile], list[Failure]]:
    if not folder.is_dir():
        return [], [Failure(path=str(folder), reason=f"De bronmap {folder} bestaat niet. Controleer het pad bij --source.")]
    exclude, meta = rules.for_folder(folder)
    dates = _snapshot_dates(folder)
    paths, failures = _walk(folder)
    rels = [p.relative_to(folder) for p in paths
            if p.suffix.lower() in SUPPORTED and p.resolve() not in claimed]
    rels = [r for r in rels if not _is_hidden(r) and not _excluded(r.as_posix(), exclude)]
    links = _pdf_links(folder, rels)
    linked_from: dict[str, str] = {}
    for page, targets in links.items():
        for target in targets:
            linked_from.setdefault(target, page)
    files = []
    for rel in rels:
        doc_id = _file_id(rel)
        entry = describe_file(folder / rel, doc_id, kind=meta.get("kind", "other"),
                              publisher=meta.get("publisher", ""), url=_page_url(meta.get("url"), rel),
                              collection=str(meta.get("collection", "")),
                              date=dates.get(rel.as_posix(), str(meta.get("date", ""))))
        entry = dataclasses.replace(entry, links=links.get(doc_id, ()), linked_from=linked_from.get(doc_id, ""))
        files.append(SourceFile(entry, folder / rel, "folder", f"{folder.name}/{rel.as_posix()}"))
    return files, failures


def _snapshot_dates(folder: Path) -> dict[str, str]:
    """Per file, the date its text last changed, as recorded by an archive refresh
    (`.snapshot.json`); files it does not name keep the manifest's date of the snapshot.
    A card must show the date of the text it quotes."""
    try:
        data = json.loads((folder / SNAPSHOT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


# A Markdown link to a PDF inside the site: [text](path/to/file.pdf) or (<path with spaces.pdf>).
_PDF_LINK = re.compile(r"\]\(\s*<?([^()<>\n\"]+?\.pdf)>?\s*(?:\"[^\"]*\"\s*)?\)", re.I)


def _pdf_links(folder: Path, rels: Sequence[Path]) -> dict[str, tuple[str, ...]]:
    """Page id -> ids of the PDFs in the same folder that the page links to. Several pages
    are a short description plus a download link: the link lets a card name the other."""
    ids = {r.as_posix(): _file_id(r) for r in rels}
    out: dict[str, tuple[str, ...]] = {}
    for rel in rels:
        if rel.suffix.lower() not in (".md", ".markdown"):
            continue
        try:
            text = (folder / rel).read_text(encoding="utf-8", errors="ignore")
        except OSError:
            continue
        found: list[str] = []
        for m in _PDF_LINK.finditer(text):
            target = unquote(m.group(1).strip())
            if "://" in target or target.startswith(("/", "mailto:")):
                continue
            linked = os.path.normpath((rel.parent / target).as_posix())
            if linked in ids and ids[linked] not in found:
                found.append(ids[linked])
        if found:
            out[_file_id(rel)] = tuple(found)
    return out


def _excluded(rel: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(rel, p) or (p.startswith("**/") and fnmatch.fnmatch(rel, p[3:])) for p in patterns)


def _page_url(base: str | None, rel: Path) -> str | None:
    """MkDocs-style page URL: <base>/<path without suffix>/ (index pages: their folder);
    a PDF is served as it is: <base>/<path>."""
    if not base:
        return None
    if rel.suffix.lower() == ".pdf":
        return base.rstrip("/") + "/" + quote(rel.as_posix())
    stem = rel.with_suffix("")
    parts = stem.parts[:-1] if stem.name == "index" else stem.parts
    return base.rstrip("/") + "/" + "".join(p + "/" for p in parts)


# --- metadata from the file itself --------------------------------------------------------

def describe_file(path: Path, doc_id: str, kind: str = "other", publisher: str = "",
                  url: str | None = None, collection: str = "", date: str = "") -> SourceEntry:
    """A SourceEntry for a file without a manifest entry: title from the front matter,
    the first heading or the file name; kind/publisher/date/url from front matter too."""
    meta = _head_metadata(path)
    title = meta.get("title") or _title_from_name(path)
    return SourceEntry(
        id=doc_id, title=title, kind=meta.get("kind", kind) if meta.get("kind") in KINDS else kind,
        publisher=meta.get("publisher", publisher), date=meta.get("date", date),
        url=meta.get("url", url), file=None, collection=collection,
    )


def _title_from_name(path: Path) -> str:
    words = re.sub(r"[-_]+", " ", path.stem).strip()
    return words[:1].upper() + words[1:] if words else path.name


def _head_metadata(path: Path) -> dict[str, str]:
    """Cheap look at the start of a text file (PDFs get their title when read)."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return {}
    try:
        with path.open("rb") as fh:  # closed at once: a folder source can hold hundreds of files
            head = fh.read(16384).decode("utf-8", errors="ignore")
    except OSError:
        return {}
    if suffix in (".md", ".markdown"):
        from ingest.readers.markdown import first_heading, split_front_matter

        try:
            meta, body = split_front_matter(path, head)
        except SourceError:
            meta, body = {}, head
        if "title" not in meta and (h := first_heading(body)):
            meta["title"] = h
        return meta
    if suffix in (".html", ".htm"):
        m = re.search(r"<h1[^>]*>(.*?)</h1>", head, re.S | re.I) or re.search(r"<title[^>]*>(.*?)</title>", head, re.S | re.I)
        return {"title": re.sub(r"<[^>]+>|\s+", " ", m.group(1)).strip()} if m else {}
    from ingest.readers.text import title_line

    return {"title": t} if (t := title_line(head)) else {}


# --- duplicates ---------------------------------------------------------------------------

def _dedupe(found: list[SourceFile], failures: list[Failure], max_mb: float) -> tuple[list[SourceFile], list[Failure]]:
    """Keep the first of files with the same bytes or the same id; report the others.

    A folder page whose official URL is that of a manifest entry on disk (the Algoritmekader
    page on generative AI is both) is the same document: the manifest entry wins, silently."""
    by_hash: dict[str, SourceFile] = {}
    by_id: dict[str, SourceFile] = {}
    manifest_urls = {_norm_url(s.entry.url) for s in found if s.origin == "manifest" and s.entry.url}
    kept = []
    for src in found:
        if src.origin != "manifest" and src.entry.url and _norm_url(src.entry.url) in manifest_urls:
            continue
        if src.entry.id in by_id:
            first = by_id[src.entry.id]
            failures.append(Failure(path=src.display_path, reason=(  # the id stays the first's
                f"Dubbel id '{src.entry.id}': ook gebruikt door {first.display_path}. "
                "Geef een van de bestanden een andere naam of een eigen [[source]]-id.")))
            continue
        digest = _digest(src.path, max_mb)
        if digest and digest in by_hash:
            first = by_hash[digest]
            failures.append(Failure(id=src.entry.id, path=src.display_path, reason=(
                f"Dubbel document: {src.display_path} is hetzelfde bestand als {first.display_path} "
                f"(id '{first.entry.id}'); alleen dat wordt gebruikt. Verwijder een van beide.")))
            continue
        if digest:
            by_hash[digest] = src
        by_id[src.entry.id] = src
        kept.append(src)
    return kept, failures


def _norm_url(url: str) -> str:
    return url.strip().rstrip("/").lower()


def _digest(path: Path, max_mb: float) -> str | None:
    """sha256 of the bytes (None for files too large to read: the reader reports those)."""
    try:
        size = path.stat().st_size
        if size == 0 or size > max_mb * 1024 * 1024:  # the reader reports empty and oversized files
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


__all__ = ["SourceFile", "FolderRules", "load_manifest", "load_folder_rules", "discover", "expected_path",
           "missing_entries", "inside", "outside_failure", "folders_beside",
           "describe_file", "DEFAULT_EXCLUDE", "SUPPORTED"]
