"""Every CLI over a table of bad settings and manifests: one Dutch line, never a traceback.

Each row runs `python -m ingest`, `python -m assistant ask` and `python -m eval` (manifest
rows: only `python -m ingest`, the one CLI that reads the manifest) as a subprocess with
`--json`. No output line may start with "Traceback", stdout must be one JSON object, and
the problem must be a `WijzerError` (a named, actionable message), not the catch-all
"Onverwachte fout" that `wijzer/cli.py` prints for a bug.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow  # starts Python subprocesses

CLIS = {
    "ingest": ["-m", "ingest", "--json"],
    "assistant": ["-m", "assistant", "ask", "--json", "Mag ik ChatGPT gebruiken?"],
    "eval": ["-m", "eval", "--json", "--no-answers", "--limit", "1"],
}




def _toml(tmp: Path, text: str, name: str = "instellingen.toml") -> str:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _file(tmp: Path) -> str:
    path = tmp / "geen-map.txt"
    path.write_text("dit is een bestand, geen map\n", encoding="utf-8")
    return str(path)


# (id, environment given the tmp folder, what the error line must mention)
SETTINGS_ROWS = [
    ("top_k-not-a-number", lambda t: {"WIJZER_TOP_K": "veel"}, "WIJZER_TOP_K"),
    ("top_k-out-of-range", lambda t: {"WIJZER_TOP_K": "0"}, "WIJZER_TOP_K"),
    ("unknown-provider", lambda t: {"WIJZER_LLM_PROVIDER": "chatgpt"}, "kies uit"),
    ("provider-without-model", lambda t: {"WIJZER_LLM_PROVIDER": "ollama"}, "llm_model"),
    ("unknown-setting", lambda t: {"WIJZER_TOPK": "3"}, "WIJZER_TOPK"),
    ("bad-boolean", lambda t: {"WIJZER_REFRESH_DOWNLOAD": "misschien"}, "true of false"),
    ("bad-log-level", lambda t: {"WIJZER_LOG_LEVEL": "luid"}, "WIJZER_LOG_LEVEL"),
    ("malformed-config", lambda t: {"WIJZER_CONFIG": _toml(t, "top_k = \n")}, "geen geldige TOML"),
    ("missing-config", lambda t: {"WIJZER_CONFIG": str(t / "bestaat-niet.toml")}, "bestaat niet"),
    ("bad-value-in-config", lambda t: {"WIJZER_CONFIG": _toml(t, "top_k = 0\n")}, "top_k in"),
    ("unknown-key-in-config", lambda t: {"WIJZER_CONFIG": _toml(t, "topk = 3\n")}, "topk"),
    ("chroma-url-without-host", lambda t: {"WIJZER_CHROMA_URL": "geen-adres"}, "WIJZER_CHROMA_URL"),
    ("index-dir-is-a-file", lambda t: {"WIJZER_INDEX_DIR": _file(t)}, "WIJZER_INDEX_DIR"),
]

MANIFEST_ROWS = [
    ("exclude-not-a-list", "[folders]\nexclude = 7\n", "exclude"),
    ("non-http-url", '[[source]]\nid = "x"\ntitle = "X"\nurl = "file:///etc/passwd"\n', "http"),
    ("malformed-manifest", "[[source]\nid = \n", "sources.toml"),
]


def run(cli: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.upper().startswith("WIJZER_")}
    full = {**clean, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
            "ANONYMIZED_TELEMETRY": "False", **env}
    return subprocess.run([sys.executable, *CLIS[cli]], check=False, capture_output=True,
                          text=True, env=full, cwd=cwd, timeout=300)


def assert_one_dutch_line(done: subprocess.CompletedProcess, mentions: str | None) -> None:
    lines = (done.stdout + done.stderr).splitlines()
    assert not [x for x in lines if x.startswith("Traceback")], done.stderr
    assert "Onverwachte fout" not in done.stderr, done.stderr
    assert done.returncode != 0
    out = json.loads(done.stdout)  # one JSON object, also on failure
    if mentions is not None:
        assert "error" in out and mentions in out["error"], out
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr


@pytest.fixture
def base_env(knowledge_dir: Path, tmp_path: Path) -> dict[str, str]:
    return {"WIJZER_KNOWLEDGE_DIR": str(knowledge_dir), "WIJZER_INDEX_DIR": str(tmp_path / "index")}


@pytest.mark.parametrize("cli", list(CLIS))
@pytest.mark.parametrize("name, make_env, mentions", SETTINGS_ROWS)
def test_bad_settings_are_one_line(cli, name, make_env, mentions, base_env, tmp_path):
    done = run(cli, {**base_env, **make_env(tmp_path)}, tmp_path)
    assert_one_dutch_line(done, mentions)


@pytest.mark.parametrize("cli", list(CLIS))
def test_malformed_wijzer_toml_in_the_working_directory(cli, base_env, tmp_path):
    _toml(tmp_path, "top_k = \n", name="wijzer.toml")
    assert_one_dutch_line(run(cli, base_env, tmp_path), "wijzer.toml")


@pytest.mark.parametrize("name, manifest, mentions", MANIFEST_ROWS)
def test_bad_manifests_are_one_line(name, manifest, mentions, base_env, knowledge_dir, tmp_path):
    (knowledge_dir / "sources.toml").write_text(manifest, encoding="utf-8")
    done = run("ingest", base_env, tmp_path)
    lines = (done.stdout + done.stderr).splitlines()
    assert not [x for x in lines if x.startswith("Traceback")], done.stderr
    assert "Onverwachte fout" not in done.stderr, done.stderr
    assert done.returncode != 0
    out = json.loads(done.stdout)
    text = out.get("error") or " ".join(f.get("reason", "") for f in out.get("failed", []))
    assert mentions in text, out
