"""The one logging configuration and the one CLI error path (wijzer/logs.py, wijzer/cli.py)."""

from __future__ import annotations

import json
import logging

import pytest

from wijzer.cli import run_command
from wijzer.errors import IndexMissingError, SettingsError
from wijzer.logs import HANDLER_NAME, cause, configure_logging
from wijzer.settings import load_settings


@pytest.fixture(autouse=True)
def _restore_logging():
    root = logging.getLogger()
    before = (root.level, list(root.handlers), logging.getLogger("assistant").level)
    yield
    root.setLevel(before[0])
    root.handlers[:] = before[1]
    logging.getLogger("assistant").setLevel(before[2])
    logging.captureWarnings(False)


def ours() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if h.get_name() == HANDLER_NAME]


def test_level_comes_from_wijzer_log_level_and_setup_is_idempotent(monkeypatch):
    monkeypatch.setenv("WIJZER_LOG_LEVEL", "debug")
    configure_logging()
    configure_logging(load_settings())
    assert len(ours()) == 1
    assert logging.getLogger("assistant.service").getEffectiveLevel() == logging.DEBUG
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING  # no flood
    configure_logging(load_settings(log_level="ERROR"))
    assert logging.getLogger("wijzer.index").getEffectiveLevel() == logging.ERROR
    assert len(ours()) == 1


def test_invalid_level_in_the_environment_falls_back_to_warning(monkeypatch):
    monkeypatch.setenv("WIJZER_LOG_LEVEL", "luid")  # load_settings reports it; logging must not fail
    configure_logging()
    assert logging.getLogger("assistant").getEffectiveLevel() == logging.WARNING


def test_cause_names_the_original_exception():
    try:
        try:
            raise ConnectionRefusedError(111, "Connection refused")
        except OSError as exc:
            raise IndexMissingError("De index is weg.") from exc
    except IndexMissingError as exc:
        text = cause(exc)
    assert text.startswith("IndexMissingError: De index is weg.")
    assert "ConnectionRefusedError" in text and "Connection refused" in text


def test_cli_error_is_one_dutch_line_and_json(capsys):
    def body() -> int:
        raise SettingsError("Ongeldige instelling WIJZER_TOP_K: 'veel' is geen geheel getal.")

    assert run_command(body, as_json=True) == 2
    out, err = capsys.readouterr()
    assert json.loads(out) == {"error": "Ongeldige instelling WIJZER_TOP_K: 'veel' is geen geheel getal."}
    assert err.strip().splitlines() == ["Fout: Ongeldige instelling WIJZER_TOP_K: 'veel' is geen geheel getal."]


def test_unexpected_error_is_one_line_and_its_traceback_goes_to_the_debug_log(
    capsys, caplog, monkeypatch
):
    def body() -> int:
        raise KeyError("kapot")

    assert run_command(body, error_code=2) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "Onverwachte fout (KeyError" in err and "WIJZER_LOG_LEVEL=DEBUG" in err
    monkeypatch.setenv("WIJZER_LOG_LEVEL", "DEBUG")  # what the message tells the operator
    assert run_command(body) == 1
    record = next(r for r in caplog.records if r.name == "wijzer.cli")
    assert record.levelno == logging.DEBUG and record.exc_info is not None
