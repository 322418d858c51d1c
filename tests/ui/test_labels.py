"""How the page names publications, dates, modes and numbers; what the banner says when
official sources are missing; which parts of a quote a card highlights."""

from __future__ import annotations

from pathlib import Path

from ui import coverage, labels, texts
from ui.cards import quote_segments
from wijzer.types import Chunk, Citation, DocumentInfo, SourceEntry


def _chunk(**kw) -> Chunk:
    base = {"id": "c", "document_id": "d", "document_version": "v", "title": "Generatieve AI",
            "kind": "guidance", "section": (), "page_start": None, "page_end": None,
            "char_start": 0, "char_end": 1, "text": "x", "location": ""}
    base.update(kw)
    return Chunk(**base)


def test_publication_with_its_date_in_dutch():
    assert labels.publication(_chunk(collection="Algoritmekader", date="2026-06")) == \
        "Algoritmekader, juni 2026"
    assert labels.publication(_chunk(kind="letter", date="2025-04")) == "Kamerbrief, april 2025"
    assert labels.publication(_chunk(kind="position", date="2025-04-22")) == \
        "Standpunt, 22 april 2025"
    assert labels.publication(_chunk(kind="advice", date="2023")) == "Advies, 2023"
    assert labels.publication(_chunk(kind="other")) == "Document, datum onbekend"
    assert labels.dutch_date("voorjaar 2024") == "voorjaar 2024"


def test_modes_and_numbers_in_dutch():
    assert labels.mode("extractive") == "citaten" and labels.mode("llm") == "taalmodel"
    assert labels.number(1403) == "1.403" and labels.number(2.25, 1) == "2,2"
    assert labels.number(12345.67, 2) == "12.345,67"


def _doc(id: str, kind: str, collection: str = "") -> DocumentInfo:
    return DocumentInfo(id=id, title=id, kind=kind, version="v", chunks=1, collection=collection)


MANIFEST = """
[[source]]
id = "kamerbrief-standpunt-2025"
title = "Kamerbrief"
kind = "letter"
date = "2025-04"
file = "brief.txt"

[[source]]
id = "standpunt-2025"
title = "Het overheidsbrede standpunt"
kind = "position"
date = "2025-04-22"
url = "https://example.org/standpunt.pdf"

[[source]]
id = "handreiking-2025"
title = "Overheidsbrede handreiking"
kind = "guidance"
date = "2025-04-22"
url = "https://example.org/handreiking.pdf"

[[source]]
id = "advies-ap-2023"
title = "Advies van de AP"
kind = "advice"
"""


def test_banner_names_what_is_missing_and_what_is_there(tmp_path: Path):
    (tmp_path / "sources.toml").write_text(MANIFEST, encoding="utf-8")
    docs = [_doc("kamerbrief-standpunt-2025", "letter"),
            _doc("soorten/generatieve-ai", "guidance", "Algoritmekader"),
            _doc("soorten/llm", "guidance", "Algoritmekader")]
    cov = coverage.coverage(tmp_path, docs)
    assert [e.id for e in cov.missing] == ["standpunt-2025", "handreiking-2025", "advies-ap-2023"]
    assert coverage.banner_text(cov) == (
        "Het overheidsbrede standpunt en de handreiking (2025) zijn nog niet ingelezen; "
        "antwoorden komen uit de Kamerbrief en het Algoritmekader.")
    with_position = coverage.coverage(tmp_path, [*docs, _doc("standpunt-2025", "position")])
    assert coverage.banner_text(with_position) == (
        "De handreiking (2025) is nog niet ingelezen; antwoorden komen uit de Kamerbrief, "
        "het Algoritmekader en het standpunt.")
    complete = coverage.coverage(tmp_path, [*docs, _doc("standpunt-2025", "position"),
                                            _doc("handreiking-2025", "guidance")])
    assert coverage.banner_text(complete) is None  # the advice alone is no reason for a banner
    rows = coverage.missing_rows(cov)
    assert rows[0][texts.COL_STATUS] == texts.MISSING_WITH_URL
    assert rows[2][texts.COL_STATUS] == texts.MISSING_NO_URL
    assert rows[0][texts.COL_DATE] == "22 april 2025"


def test_banner_without_a_manifest_says_nothing(tmp_path: Path):
    assert coverage.banner_text(coverage.coverage(tmp_path, [_doc("x", "other")])) is None
    assert isinstance(SourceEntry(id="a", title="b"), SourceEntry)


PASSAGE = ("Gebruik een DPIA bij persoonsgegevens.\n- Een bullet die niet geciteerd is.\n"
           "Betrek altijd de privacy officer.")


def test_an_extractive_quote_highlights_only_the_sentences_the_answer_shows():
    quote = PASSAGE  # the span from the first to the last picked sentence
    c = Citation(1, _chunk(text=PASSAGE), quote)
    answer = ("Letterlijk uit de bronnen:\n\n„Gebruik een DPIA bij persoonsgegevens.” [1]\n\n"
              "„Betrek altijd de privacy officer.” [1]")
    segments = quote_segments(c, answer)
    assert [PASSAGE[s:e] for s, e in segments] == ["Gebruik een DPIA bij persoonsgegevens.",
                                                   "Betrek altijd de privacy officer."]
    # A paraphrasing (LLM) answer shows no sentence literally: every quoted sentence counts.
    assert len(quote_segments(c, "U moet een DPIA doen [1].")) == 3


def test_every_quoted_segment_of_a_citation_is_highlighted_on_its_own():
    first, second = PASSAGE[:38], PASSAGE[75:108]
    c = Citation(1, _chunk(text=PASSAGE), first, quotes=(first, second))
    assert quote_segments(c, "") == [first, second]  # not the text between them

def test_every_kind_has_a_dutch_label_and_no_label_is_for_an_unknown_kind():
    from wijzer.types import KINDS

    assert set(texts.KINDS) == set(KINDS)
    assert set(texts.PUBLICATION_KINDS) == set(KINDS)
    assert labels.publication(_chunk(kind="framework")) == "Kader, datum onbekend"
