"""The archive refresh of a built-in folder (knowledge/<folder> from a repository zip)
against a real HTTP server on 127.0.0.1 that serves small generated zips: pages added,
changed and removed; 304; a corrupt zip; entries that lead out of the folder; limits.
Whenever the archive is refused, the previous snapshot stays as it was."""

from __future__ import annotations

import io
import stat
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ingest.refresh import refresh
from wijzer.settings import load_settings

V1 = {
    "Kader-main/docs/index.md": "# Welkom\n\nHet kader in het kort.",
    "Kader-main/docs/a.md": "# Pagina A\n\nEerste versie van pagina A over algoritmes.",
    "Kader-main/docs/b.md": "# Pagina B\n\nPagina B verdwijnt in de volgende versie.",
    "Kader-main/docs/sub/c.md": "# Pagina C\n\nPagina C blijft hetzelfde.",
    "Kader-main/docs/plaatje.png": "geen document",
    "Kader-main/README.md": "# Repository\n\nNiet onder docs/.",
    "Kader-main/LICENSE.md": "EUPL-1.2",
}
V2 = {k: v for k, v in V1.items() if not k.endswith("/b.md")} | {
    "Kader-main/docs/a.md": "# Pagina A\n\nTweede versie van pagina A over algoritmeregisters.",
    "Kader-main/docs/d.md": "# Pagina D\n\nEen nieuwe pagina over inkoop.",
}


def make_zip(files: dict[str, str], comment: bytes = b"", symlink: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
        zf.comment = comment
    return buf.getvalue()


class Handler(BaseHTTPRequestHandler):
    body: bytes = b""
    etag: str = '"v1"'
    ctype: str = "application/zip"
    seen: list[dict[str, str]] = []

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        Handler.seen.append({k.lower(): v for k, v in self.headers.items()})
        if self.path == "/loop.zip":
            self.send_response(302)
            self.send_header("Location", "/loop.zip")
            self.end_headers()
            return
        if self.path == "/ftp.zip":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/repo.zip")
            self.end_headers()
            return
        if self.headers.get("If-None-Match") == Handler.etag:
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", Handler.ctype)
        self.send_header("Content-Length", str(len(Handler.body)))
        self.send_header("ETag", Handler.etag)
        self.end_headers()
        self.wfile.write(Handler.body)


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    Handler.seen, Handler.ctype = [], "application/zip"
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def serve(files: dict[str, str] | bytes, etag: str, **kw) -> None:
    Handler.body = files if isinstance(files, bytes) else make_zip(files, **kw)
    Handler.etag = etag


@pytest.fixture
def kb(tmp_path: Path, server: str):
    """A knowledge folder whose built-in folder `kader` is refreshed from the server."""
    kdir = tmp_path / "knowledge"
    (kdir / "kader").mkdir(parents=True)
    (kdir / "kader" / "a.md").write_text("# Pagina A\n\nDe meegeleverde versie.", encoding="utf-8")
    (kdir / "sources.toml").write_text(
        f'[folders.kader]\npath = "kader"\nkind = "framework"\ncollection = "Kader"\n'
        f'repository = "Test/Kader"\narchive = "{server}/repo.zip"\narchive_dir = "docs"\n', encoding="utf-8")
    return load_settings(knowledge_dir=kdir, index_dir=tmp_path / "index", download_timeout_s=5)


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_versions_add_change_and_remove_pages_by_title(kb, fake_embeddings) -> None:
    serve(V1, '"v1"', comment=b"46917cea" + b"0" * 32)
    first = refresh(kb, embeddings=fake_embeddings, download=True)
    folder = Path(kb.knowledge_dir) / "kader"
    assert sorted(p for p in files_of(folder) if not p.startswith(".")) == [
        "LICENSE.md", "a.md", "b.md", "index.md", "sub/c.md"]  # only docs/ pages (+ the licence)
    assert first.failed == () and {"a", "b", "sub/c", "index"} <= set(first.added)
    assert any("commit 46917cea" in n for n in first.notes)

    serve(V2, '"v2"')
    second = refresh(kb, embeddings=fake_embeddings, download=True)
    assert Handler.seen[-1]["if-none-match"] == '"v1"'  # conditional request
    assert second.added == ("d",) and second.updated == ("a",) and second.removed == ("b",)
    assert {second.titles[i] for i in ("a", "b", "d")} == {"Pagina A", "Pagina B", "Pagina D"}
    assert any("1 nieuw, 1 gewijzigd, 1 verwijderd" in n for n in second.notes)
    assert "b.md" not in files_of(folder)

    third = refresh(kb, embeddings=fake_embeddings, download=True)  # 304
    assert third.added == third.updated == third.removed == () and third.failed == ()
    assert any("niet veranderd" in n for n in third.notes)


@pytest.mark.parametrize("body, words", [
    (b"PK\x03\x04 dit is geen zip", "geen geldig zip-archief"),
    (make_zip({**V2, "Kader-main/docs/../../../buiten.md": "# Buiten"}), "pad met .."),
    (make_zip({**V2, "/etc/cron.d/kader.md": "# Absoluut"}), "absoluut pad"),
    (make_zip(V2, symlink="Kader-main/docs/wachtwoorden.md"), "symbolische koppeling"),
    (make_zip({"Kader-main/README.md": "# Alleen een readme"}), "geen pagina's"),
])
def test_a_refused_archive_keeps_the_previous_snapshot(kb, fake_embeddings, tmp_path, body, words) -> None:
    serve(V1, '"v1"')
    refresh(kb, embeddings=fake_embeddings, download=True)
    folder = Path(kb.knowledge_dir) / "kader"
    before = files_of(folder)
    serve(body, '"slecht"')
    report = refresh(kb, embeddings=fake_embeddings, download=True)
    assert len(report.failed) == 1 and words in report.failed[0].reason
    assert "huidige versie in gebruik" in report.failed[0].reason
    assert files_of(folder) == before
    assert report.added == report.updated == report.removed == ()
    assert not (tmp_path / "buiten.md").exists() and not list(tmp_path.rglob("buiten.md"))
    assert sorted(p.name for p in Path(kb.knowledge_dir).iterdir()) == ["kader", "sources.toml"]


def test_limits_on_files_size_and_type(kb, tmp_path) -> None:
    from ingest.download import download_sources

    folder = Path(kb.knowledge_dir) / "kader"
    before = files_of(folder)
    serve(V1, '"v1"')
    few = load_settings(**{**kb.model_dump(), "archive_max_files": 3})
    assert "WIJZER_ARCHIVE_MAX_FILES" in download_sources(few).failed[0].reason
    big = {**V1, "Kader-main/docs/groot.md": "# Groot\n\n" + "woord " * 400_000}
    serve(big, '"groot"')
    small = load_settings(**{**kb.model_dump(), "archive_max_mb": 1})
    assert "WIJZER_ARCHIVE_MAX_MB" in download_sources(small).failed[0].reason
    serve(V1, '"v1"')
    Handler.ctype = "text/html"
    assert "verwacht een zip-archief" in download_sources(kb).failed[0].reason
    assert files_of(folder) == before


@pytest.mark.parametrize("path, words", [("/loop.zip", "doorverwijzingslus"), ("/ftp.zip", "ftp://")])
def test_redirect_loops_and_other_schemes_are_named(kb, server, path, words) -> None:
    from ingest.download import download_sources

    toml = Path(kb.knowledge_dir) / "sources.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("/repo.zip", path), encoding="utf-8")
    failed = download_sources(kb).failed
    assert len(failed) == 1 and words in failed[0].reason and "geen netwerk" not in failed[0].reason


def test_a_swap_interrupted_between_renames_is_recovered(kb, fake_embeddings) -> None:
    from ingest.archive import _backup_of

    folder = Path(kb.knowledge_dir) / "kader"
    folder.rename(_backup_of(folder))  # as if killed after moving the old snapshot aside
    serve(b"kapot", '"x"')
    report = refresh(kb, embeddings=fake_embeddings, download=True)
    assert (folder / "a.md").is_file() and report.added == ("a",)


def test_first_build_keeps_the_shipped_snapshot(kb, fake_embeddings) -> None:
    serve(V2, '"v2"')
    report = refresh(kb, embeddings=fake_embeddings, download=True, archives=False)
    assert report.added == ("a",) and not Handler.seen  # not even asked


def test_unchanged_pages_keep_their_date_and_are_not_reported_as_changed(kb, fake_embeddings) -> None:
    import json

    from wijzer.index import Index

    serve(V1, '"v1"')
    refresh(kb, embeddings=fake_embeddings, download=True)
    snapshot = Path(kb.knowledge_dir) / "kader" / ".snapshot.json"
    data = json.loads(snapshot.read_text(encoding="utf-8"))
    data["files"] = {rel: "2026-06" for rel in data["files"]}  # as if downloaded last month
    snapshot.write_text(json.dumps(data), encoding="utf-8")
    refresh(kb, embeddings=fake_embeddings)  # the index takes the recorded dates
    serve(V2, '"v2"')
    report = refresh(kb, embeddings=fake_embeddings, download=True)
    assert report.updated == ("a",) and "sub/c" in report.unchanged
    snap = Index.open(kb, fake_embeddings).snapshot()
    assert snap.document_chunks("sub/c")[0].date == "2026-06"
    assert snap.document_chunks("a")[0].date != "2026-06"  # changed today
