"""The weight sweep changes one knob for a while and puts it back, and its knobs exist: a
renamed constant would otherwise be "swept" without changing anything."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest

import assistant.extractive as extractive
from assistant.retrieval import HybridRetriever
from eval.sweep import KNOBS, Knob, setting, useful
from wijzer.settings import Settings, load_settings


@pytest.mark.parametrize("knob", KNOBS, ids=lambda k: k.name)
def test_every_knob_names_a_tuned_number_that_exists(knob):
    if knob.owner == "settings":
        assert knob.name in Settings.model_fields
    elif knob.owner == "retriever":
        assert knob.name in HybridRetriever.model_fields
    else:
        assert isinstance(getattr(importlib.import_module(knob.owner), knob.name), (int, float))
    assert knob.values


def test_a_knob_holds_only_inside_the_block_and_shared_settings_stay_as_they_are():
    settings = load_settings()
    retriever = SimpleNamespace(settings=settings, doc_weight=1.0)
    assistant = SimpleNamespace(retriever=retriever)
    before = extractive.W_DENSE
    with setting(Knob("assistant.extractive", "W_DENSE", ()), before + 1, assistant):
        assert extractive.W_DENSE == before + 1
    assert extractive.W_DENSE == before
    with setting(Knob("settings", "rrf_k", ()), settings.rrf_k + 7, assistant):
        assert retriever.settings.rrf_k == settings.rrf_k + 7
    assert retriever.settings is settings and settings.rrf_k != settings.rrf_k + 7
    with pytest.raises(RuntimeError), setting(Knob("retriever", "doc_weight", ()), 0.5, assistant):
        assert retriever.doc_weight == 0.5
        raise RuntimeError
    assert retriever.doc_weight == 1.0  # put back after an error too
    with setting(Knob("-", "vandaag", ()), None, assistant):
        assert extractive.W_DENSE == before and retriever.settings is settings


def test_useful_counts_only_questions_with_nuggets():
    def scored(answerable, recall, ok):
        return SimpleNamespace(question=SimpleNamespace(answerable=answerable), recall=recall, useful=ok)

    assert useful([scored(True, 1.0, True), scored(True, None, True), scored(False, None, False),
                   scored(True, 0.0, False)]) == 1
