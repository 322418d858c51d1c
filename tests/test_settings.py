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


@pytest.mark.parametrize("env, value, says", [
    ("WIJZER_TOP_K", "veel", ["WIJZER_TOP_K", "'veel' is geen geheel getal", "minstens 1", "hoogstens 50"]),
    ("WIJZER_TOP_K", "0", ["WIJZER_TOP_K", "te klein", "minstens 1"]),
    ("WIJZER_LLM_PROVIDER", "chatgpt", ["WIJZER_LLM_PROVIDER", "kies uit none, ollama, openai"]),
    ("WIJZER_REFRESH_DOWNLOAD", "misschien", ["WIJZER_REFRESH_DOWNLOAD", "true of false"]),
    ("WIJZER_MAX_FILE_MB", "veel", ["geen getal", "groter dan 0"]),
    ("WIJZER_COLLECTION_PREFIX", "A!", ["kleine letters"]),
    ("WIJZER_LOG_LEVEL", "luid", ["WIJZER_LOG_LEVEL", "DEBUG, INFO, WARNING, ERROR"]),
])
def test_value_errors_are_dutch_and_name_the_allowed_values(
    monkeypatch: pytest.MonkeyPatch, env: str, value: str, says: list[str]
) -> None:
    monkeypatch.setenv(env, value)
    with pytest.raises(SettingsError) as exc:
        load_settings()
    message = str(exc.value)
    for part in says:
        assert part in message
    for english in ("Input should", "valid integer", "greater than", "String should"):
        assert english not in message


def test_secret_values_are_not_echoed() -> None:
    with pytest.raises(SettingsError) as exc:
        load_settings(llm_api_key=12345678)
    assert "12345678" not in str(exc.value) and "WIJZER_LLM_API_KEY" in str(exc.value)


@pytest.mark.parametrize("content", ["top_k = \n", "top_k = 5\n[llm\n", 'llm_model = "open\n'])
def test_malformed_config_file_is_one_dutch_line_naming_the_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: str
) -> None:
    cfg = tmp_path / "kapot.toml"
    cfg.write_text(content, encoding="utf-8")
    monkeypatch.setenv("WIJZER_CONFIG", str(cfg))
    with pytest.raises(SettingsError) as exc:
        load_settings()
    message = str(exc.value)
    assert str(cfg) in message and "geen geldige TOML op regel" in message and "\n" not in message


def test_default_wijzer_toml_in_the_working_directory_is_checked_too(tmp_path: Path) -> None:
    (tmp_path / "wijzer.toml").write_text("top_k = \n", encoding="utf-8")  # cwd is tmp_path
    with pytest.raises(SettingsError, match="wijzer.toml is geen geldige TOML"):
        load_settings()


def test_a_bad_value_from_the_config_file_names_the_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cfg = tmp_path / "w.toml"
    cfg.write_text("top_k = 0\n", encoding="utf-8")
    monkeypatch.setenv("WIJZER_CONFIG", str(cfg))
    with pytest.raises(SettingsError) as exc:
        load_settings()
    assert f"top_k in {cfg}" in str(exc.value)
    monkeypatch.setenv("WIJZER_TOP_K", "0")  # the environment wins, so it is named instead
    with pytest.raises(SettingsError, match="WIJZER_TOP_K"):
        load_settings()


def test_log_level_is_case_insensitive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIJZER_LOG_LEVEL", "debug")
    assert load_settings().log_level == "DEBUG"
