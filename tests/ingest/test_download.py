"""Downloads against a real HTTP server on 127.0.0.1: 200 + ETag, 304, 404, timeout,
oversize, wrong content type. A failed download keeps the previous file."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from ingest.download import download_entry, download_sources
from wijzer.errors import DownloadError
from wijzer.settings import load_settings
from wijzer.types import SourceEntry

PDF = b"%PDF-1.4\n" + b"x" * 2000 + b"\n%%EOF"
BIG = b"%PDF-1.4\n" + b"y" * (2 * 1024 * 1024)


class Handler(BaseHTTPRequestHandler):
    seen: list[dict[str, str]] = []

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        Handler.seen.append({k.lower(): v for k, v in self.headers.items()} | {"path": self.path})
        if self.path == "/doc.pdf":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return
            self._send(200, "application/pdf", PDF, {"ETag": '"v1"', "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"})
        elif self.path == "/slow.pdf":
            time.sleep(1.5)
            self._send(200, "application/pdf", PDF)
        elif self.path == "/big.pdf":
            self._send(200, "application/pdf", BIG, length=False)
        elif self.path == "/page.pdf":
            self._send(200, "text/html; charset=utf-8", b"<html>login</html>")
        elif self.path == "/fake.pdf":
            self._send(200, "application/octet-stream", b"<html>geen pdf</html>")
        elif self.path == "/untyped.pdf":
            self._send(200, "", PDF)
        elif self.path == "/untyped-html.pdf":
            self._send(200, "", b"<html>geen pdf</html>")
        elif self.path == "/loop.pdf":
            self.send_response(302)
            self.send_header("Location", "/loop.pdf")
            self.end_headers()
        elif self.path == "/to-file.pdf":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        elif self.path == "/page.html":
            self._send(200, "text/html; charset=utf-8", b"<html><h1>Titel</h1><p>Tekst</p></html>")
        else:
            self._send(404, "text/plain", b"weg")

    def _send(self, code: int, ctype: str, body: bytes, headers: dict | None = None, length: bool = True) -> None:
        self.send_response(code)
        if ctype:
            self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Handler.seen = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def dl_settings(tmp_path: Path):
    k = tmp_path / "kb"
    k.mkdir()
    return load_settings(knowledge_dir=k, download_timeout_s=0.5, download_max_mb=1)


def _get(settings, url: str, target: Path, state: dict) -> bool:
    entry = SourceEntry(id="doc", title="Doc", url=url)
    with httpx.Client(timeout=settings.download_timeout_s, follow_redirects=True) as client:
        return download_entry(client, entry, target, state, settings)


def test_200_then_304_with_etag(server, dl_settings, tmp_path) -> None:
    target, state = tmp_path / "kb" / "doc.pdf", {}
    assert _get(dl_settings, server + "/doc.pdf", target, state) is True
    assert target.read_bytes() == PDF and state["doc"]["etag"] == '"v1"'
    assert _get(dl_settings, server + "/doc.pdf", target, state) is False
    assert Handler.seen[-1]["if-none-match"] == '"v1"'
    assert "if-modified-since" in Handler.seen[-1]
    assert target.read_bytes() == PDF


@pytest.mark.parametrize(
    "path, words",
    [("/missing.pdf", "404"), ("/slow.pdf", "0.5 s"), ("/big.pdf", "1 MB"), ("/page.pdf", "text/html"),
     ("/fake.pdf", "geen PDF")],
)
def test_failures_keep_the_previous_file(server, dl_settings, tmp_path, path, words) -> None:
    target = tmp_path / "kb" / "doc.pdf"
    target.write_bytes(b"%PDF-1.4 oud")
    with pytest.raises(DownloadError, match=words.replace(".", r"\.")) as failed:
        _get(dl_settings, server + path, target, {})
    assert "kb/doc.pdf" in str(failed.value)  # every failure says where to put the file by hand
    assert target.read_bytes() == b"%PDF-1.4 oud"
    assert [p.name for p in target.parent.iterdir()] == ["doc.pdf"]  # no temp file left


def test_unreachable_server_is_a_clear_failure(dl_settings, tmp_path) -> None:
    with pytest.raises(DownloadError, match="niet|mislukte"):
        _get(dl_settings, "http://127.0.0.1:9/doc.pdf", tmp_path / "kb" / "x.pdf", {})


def test_download_sources_reports_per_entry(server, dl_settings) -> None:
    kb = dl_settings.knowledge_dir
    (kb / "sources.toml").write_text(f"""
[[source]]
id = "goed"
title = "Goed document"
kind = "guidance"
url = "{server}/doc.pdf"

[[source]]
id = "pagina"
title = "Een webpagina"
kind = "web"
url = "{server}/page.html"

[[source]]
id = "weg"
title = "Verdwenen document"
kind = "advice"
url = "{server}/gone.pdf"
""", encoding="utf-8")
    report = download_sources(dl_settings)
    assert sorted(report.downloaded) == ["goed", "pagina"]
    assert [f.id for f in report.failed] == ["weg"] and "404" in report.failed[0].reason
    from ingest.sources import discover

    found, _ = discover(dl_settings)
    assert {s.entry.id for s in found} >= {"goed", "pagina"}
    again = download_sources(dl_settings)
    assert "goed" in again.unchanged


def test_pdf_without_content_type_is_accepted_by_its_signature(server, dl_settings, tmp_path) -> None:
    target = tmp_path / "kb" / "doc.pdf"
    assert _get(dl_settings, server + "/untyped.pdf", target, {}) is True and target.read_bytes() == PDF
    with pytest.raises(DownloadError, match="geen PDF"):
        _get(dl_settings, server + "/untyped-html.pdf", target, {})
    assert target.read_bytes() == PDF


@pytest.mark.parametrize("path, words", [("/loop.pdf", "doorverwijzingslus"), ("/to-file.pdf", "verwijst door naar file://.*alleen http- en https")])
def test_redirect_loops_and_other_schemes_are_named(server, dl_settings, tmp_path, path, words) -> None:
    with pytest.raises(DownloadError, match=words) as failed:
        _get(dl_settings, server + path, tmp_path / "kb" / "doc.pdf", {})
    assert "geen netwerk" not in str(failed.value)


@pytest.mark.parametrize("file", ["../victim.html", "sub/../../victim.html", "link/victim.html"])
def test_download_never_writes_outside_the_knowledge_folder(server, dl_settings, tmp_path, file) -> None:
    kb = dl_settings.knowledge_dir
    (kb / "link").symlink_to(tmp_path, target_is_directory=True)
    victim = tmp_path / "victim.html"
    victim.write_text("van iemand anders", encoding="utf-8")
    victim.chmod(0o644)
    (kb / "sources.toml").write_text(
        f'[[source]]\nid = "doel"\ntitle = "Doel"\nfile = "{file}"\nurl = "{server}/page.html"\n', encoding="utf-8")
    report = download_sources(dl_settings)
    assert victim.read_text(encoding="utf-8") == "van iemand anders" and victim.stat().st_mode & 0o777 == 0o644
    assert [f.id for f in report.failed] == ["doel"] and "buiten" in report.failed[0].reason
    assert file in report.failed[0].reason
    assert not [r for r in Handler.seen if r["path"] == "/page.html"]  # not even fetched


def test_absolute_file_with_url_is_refused_when_the_manifest_is_read(server, dl_settings, tmp_path) -> None:
    from wijzer.errors import SourceError

    victim = tmp_path / "victim.html"
    (dl_settings.knowledge_dir / "sources.toml").write_text(
        f'[[source]]\nid = "doel"\ntitle = "Doel"\nfile = "{victim}"\nurl = "{server}/page.html"\n',
        encoding="utf-8")
    with pytest.raises(SourceError, match="pad binnen de kennismap"):
        download_sources(dl_settings)
    assert not victim.exists()


def test_failed_download_of_a_document_on_disk_is_listed_as_failed_only(server, dl_settings, fake_embeddings) -> None:
    from ingest.refresh import refresh

    kb = dl_settings.knowledge_dir
    (kb / "sources.toml").write_text(
        f'[[source]]\nid = "weg"\ntitle = "Verdwenen document"\nurl = "{server}/gone.html"\n', encoding="utf-8")
    (kb / "downloads").mkdir()
    (kb / "downloads" / "weg.html").write_text("<h1>Oud</h1><p>De vorige download.</p>", encoding="utf-8")
    settings = load_settings(**{**dl_settings.model_dump(), "index_dir": kb.parent / "index"})
    report = refresh(settings, embeddings=fake_embeddings, download=True)
    assert [f.id for f in report.failed] == ["weg"] and "blijft in gebruik" in report.failed[0].reason
    assert "weg" not in report.added + report.updated + report.unchanged
