"""`python -m assistant`: rendering, --json end-to-end on a tiny real index, Dutch errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from assistant.__main__ import main, render
from conftest import ROOT
from kit import make_assistant


def run_cli(*args: str, env_extra: dict[str, str]) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **env_extra}
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True,
                          text=True, env=env, timeout=300)


def test_render_lists_sources_with_location_quote_url_and_replacement(settings):
    assistant = make_assistant(settings)
    answer = assistant.ask("Wat zei het voorlopige standpunt over niet-gecontracteerde toepassingen?")
    text = render(answer, assistant.document_title)
    assert "Bronnen:" in text and "[1] Voorlopig standpunt generatieve AI - p. 1, § Voorlopig" in text
    assert "(vervangen door Standpunt generatieve AI)" in text
    assert "https://example.org/oud.pdf#page=1" in text


def test_missing_index_is_one_dutch_line_without_traceback(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("WIJZER_KNOWLEDGE_DIR", str(tmp_path))
    code = main(["ask", "Mag ik ChatGPT gebruiken?"])
    err = capsys.readouterr().err
    assert code != 0 and "python -m ingest" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_bad_setting_is_reported_in_dutch(capsys, monkeypatch):
    monkeypatch.setenv("WIJZER_LLM_PROVIDER", "openai")  # without a model and base URL
    code = main(["ask", "Mag ik ChatGPT gebruiken?"])
    assert code == 2 and "llm_model" in capsys.readouterr().err


@pytest.mark.slow
def test_json_end_to_end_on_a_tiny_index(settings, knowledge_dir, tmp_path):
    from ingest.refresh import refresh

    report = refresh(settings)
    assert report.ok, report.failed
    env = {"WIJZER_KNOWLEDGE_DIR": str(knowledge_dir), "WIJZER_INDEX_DIR": str(settings.index_dir)}
    done = run_cli("ask", "--json", "Mag ik ChatGPT gebruiken voor persoonsgegevens?", env_extra=env)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["question"] == "Mag ik ChatGPT gebruiken voor persoonsgegevens?"
    assert answer["refused"] is False and answer["mode"] == "extractive"
    assert answer["index_version"] == report.index_version
    citation = answer["citations"][0]
    for key in ("n", "chunk_id", "document_id", "title", "section", "page", "quote", "url", "superseded_by"):
        assert key in citation
    assert "ChatGPT" in citation["quote"] and citation["n"] == 1

    off = run_cli("ask", "--json", "Wat is de hoofdstad van Frankrijk?", env_extra=env)
    assert json.loads(off.stdout)["refused"] is True

    text = run_cli("ask", "--mode", "llm", "Mag ik ChatGPT gebruiken voor persoonsgegevens?", env_extra=env)
    assert text.returncode == 0 and "Bronnen:" in text.stdout and "geen taalmodel ingesteld" in text.stdout
