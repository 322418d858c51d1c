"""Settings: one object, validated at start-up, with one clear Dutch line per problem."""

from pathlib import Path

import pytest

from wijzer.errors import SettingsError
from wijzer.settings import load_settings


def test_defaults_and_env_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WIJZER_KNOWLEDGE_DIR", str(tmp_path / "k"))
    monkeypatch.setenv("WIJZER_TOP_K", "7")
    s = load_settings()
    assert s.knowledge_dir == tmp_path / "k"
    assert s.top_k == 7
    assert s.index_dir == tmp_path / "index"  # set by the autouse fixture


def test_wrong_value_names_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIJZER_TOP_K", "veel")
    with pytest.raises(SettingsError) as exc:
        load_settings()
    message = str(exc.value)
    assert "WIJZER_TOP_K" in message and "\n" not in message


def test_unknown_env_setting_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIJZER_TOPK", "3")
    with pytest.raises(SettingsError, match="WIJZER_TOPK"):
        load_settings()


def test_toml_file_and_unknown_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    cfg = tmp_path / "w.toml"
    cfg.write_text('top_k = 9\nchunk_size = 1200\n', encoding="utf-8")
    monkeypatch.setenv("WIJZER_CONFIG", str(cfg))
    assert load_settings().top_k == 9
    cfg.write_text('topk = 9\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="topk"):
        load_settings()


def test_llm_provider_needs_model() -> None:
    with pytest.raises(SettingsError, match="llm_model"):
        load_settings(llm_provider="ollama")
    with pytest.raises(SettingsError, match="chunk_overlap"):
        load_settings(chunk_size=300, chunk_overlap=400)
