"""Real government PDFs, read with their layout: each case rebuilt small with fpdf2 from
what the Algoritmekader's PDFs do (GenAI_compliance_FAQ.pdf, the AI-verordening
handreikingen, the RKI framework), plus one `corpus` test on the real FAQ."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.readers import pdf
from ingest.readers.pdf_structure import choose_title, is_toc_page, looks_like_template
from tests.conftest import CORPUS
from tests.ingest.pdfs import T, make_encrypted_pdf, make_pdf, make_typeset_pdf
from wijzer.errors import SourceError

PROJECT = Path(__file__).resolve().parents[2]

COVER = [
    T("Veelgestelde vragen", 34, at=(17, 230)),
    T("Generatieve AI compliance", 34),
    T("Implementatie AI-verordening", 20, at=(80, 20)),
]
TOC = [
    T("Inhoudsopgave", 18, at=(17, 40)),
    T("Leeswijzer 3", 12),
    T("Introductie AI-verordening 3", 12),
    T("Use cases en gebruik 4", 12),
    T("Is de inzet van Generatieve AI bij programmeren een hoog-risico toepassing? 4", 12),
    T("Welke eisen zijn er rond geletterdheid? 4", 12),
    T("2 / 4", 9, at=(185, 285)),
]
TWO_COLUMNS_WITH_FOOTNOTE = [  # content-stream order of the real page 4: column 1, footnote, column 2
    T("Leeswijzer", 18, at=(17, 40), width=85),
    T(
        "We verwijzen naar de artikelen uit de AI-verordening. Dit doen we in de vorm (Art. x(x)). In die "
        "gevallen gaat het om de AI-verordening tenzij anders aangegeven.",
        9,
        width=85,
        note="1",
    ),
    T(
        "1 De AI-verordening is te raadplegen via: https://eur-lex.europa.eu/legal-content/NL/",
        7,
        at=(17, 270),
    ),
    T("TXT/HTML/?uri=OJ:L_202401689.", 7),
    T("3 / 4", 9, at=(185, 285)),
    T("Introductie AI-verordening", 18, at=(107, 40), width=85),
    T(
        "De AI-verordening beschrijft de vereisten die worden gesteld aan AI-systemen en de regels die "
        "aanbieders en gebruikers moeten volgen.",
        9,
        width=85,
    ),
    T("Wat is een AI-systeem?", 10, width=85),
    T(
        "Een AI-systeem is een op een machine gebaseerd systeem. Handmatige beslisbomen vallen er dus buiten.",
        9,
        width=85,
    ),
]
QUESTIONS = [
    T("Use cases en gebruik", 18, at=(17, 40)),
    T(
        "Meer over de gebruiksinstructie van een AI-assistent staat in de bijlage, vanaf de uitleg over "
        "instructies op pagina 21",
        9,
    ),
    T("Is de inzet van Generatieve AI bij programmeren een hoog-risico toepassing?", 14, width=90),
    T(
        "Nee, programmeren is geen toepassingsgebied uit Bijlage III. Het gebruik kan wel onder andere "
        "regels vallen.",
        9,
    ),
    T("1. Een door de aanbieder geleverd hoog-risico AI-systeem moet", 9),
    T("ingezet worden voor het beoogde doel.", 9),
    T("Welke eisen zijn er rond geletterdheid?", 14),
    T(
        "Elke organisatie zorgt voor een toereikend niveau van AI-geletterdheid bij haar medewerkers.",
        9,
    ),
]


@pytest.fixture
def faq(tmp_path: Path) -> tuple[list, dict[str, str]]:
    path = make_typeset_pdf(
        tmp_path / "GenAI_compliance_FAQ.pdf",
        [COVER, TOC, TWO_COLUMNS_WITH_FOOTNOTE, QUESTIONS],
        title="AI-verordening Geletterdheid Factsheet Inkopers",
    )
    return pdf.read(path, path.read_bytes())


def _headings(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.startswith("#")]


# --- titles ------------------------------------------------------------------------------


def test_title_left_over_from_another_document_gives_way_to_the_cover_heading(faq) -> None:
    _, meta = faq
    assert meta["title"] == "Veelgestelde vragen Generatieve AI compliance"
    assert meta["heading_title"] == "Veelgestelde vragen Generatieve AI compliance"
    assert meta["metadata_title"] == "AI-verordening Geletterdheid Factsheet Inkopers"


def test_template_title_gives_way_to_the_cover_heading(tmp_path: Path) -> None:
    cover = [
        T("Handreiking inventarisatie,", 34, bold=True, at=(17, 220)),
        T("identificatie en classificatie", 34, bold=True),
        T("AI-systemen", 34, bold=True),
        T("Implementatie AI-verordening", 20, bold=True, at=(80, 20)),
    ]
    body = [
        T("Wat is dit document?", 18, at=(17, 40)),
        T("Deze handreiking ondersteunt de impactanalyse.", 9),
    ]
    path = make_typeset_pdf(
        tmp_path / "AI-verordening_Handreiking_AI-systemen.pdf",
        [cover, body],
        title="RO_PUBL_030_A4_Informatieblad",
    )
    _, meta = pdf.read(path, path.read_bytes())
    assert meta["title"] == "Handreiking inventarisatie, identificatie en classificatie AI-systemen"


@pytest.mark.parametrize(
    "title",
    [
        "RO_PUBL_030_A4_Informatieblad",
        "Microsoft Word - nota generatieve AI.docx",
        "Untitled",
        "",
        "Doc1",
        "Presentatie1",
    ],
)
def test_template_titles_recognised(title: str) -> None:
    assert looks_like_template(title)


def test_real_titles_kept() -> None:
    assert not looks_like_template("AI-verordening Geletterdheid Factsheet Inkopers")
    # the metadata title wins when it agrees with the cover
    assert (
        choose_title(
            "AI-verordening Geletterdheid Factsheet Inkopers",
            "Factsheet AI-geletterdheid voor inkopers",
        )
        == "AI-verordening Geletterdheid Factsheet Inkopers"
    )
    assert choose_title("", "Kader voor generatieve AI") == "Kader voor generatieve AI"
    assert choose_title("Standpunt generatieve AI", "") == "Standpunt generatieve AI"


# --- contents pages ----------------------------------------------------------------------


def test_contents_page_left_out_and_page_numbers_kept(faq) -> None:
    pages, meta = faq
    assert [p.number for p in pages] == [1, 2, 3, 4]
    assert pages[1].text == ""
    assert meta["toc_pages"] == "2"
    assert not any(re.search(r"toepassing\? 4|Leeswijzer 3", p.text) for p in pages)
    assert (
        "## Is de inzet van Generatieve AI" in pages[3].text
    )  # the heading itself stays, on its own page


def test_contents_with_dot_leaders_leaves_the_rest_of_the_page(tmp_path: Path) -> None:
    page = [T("Inhoudsopgave", 16, bold=True, at=(25, 30))]
    page += [
        T(f"{title} {'.' * 60} {n}", 11)
        for title, n in [
            ("Managementsamenvatting", 2),
            ("1. Inleiding", 3),
            ("1.1. Uitgangspunten", 3),
            ("2. Beginselen", 4),
        ]
    ]
    page += [
        T("Versiebeheer:", 16, bold=True),
        T("Versie 0.1 van 31 januari 2025: opzet ter bespreking.", 11),
    ]
    body = [
        T("1. Inleiding", 14, bold=True, at=(25, 30)),
        T("De ontwikkeling van AI heeft een grote vlucht genomen.", 11),
    ]
    path = make_typeset_pdf(tmp_path / "kader.pdf", [page, body, body, body])
    pages, meta = pdf.read(path, path.read_bytes())
    assert "Uitgangspunten" not in pages[0].text and "...." not in pages[0].text
    assert "Versie 0.1 van 31 januari 2025" in pages[0].text
    assert meta["toc_pages"] == "1"


def test_is_toc_page_on_plain_lines() -> None:
    toc = [
        "Inhoud",
        "Leeswijzer 4",
        "Introductie 4",
        "Welke rollen kent de AI-verordening? 5",
        "Vereisten 12",
    ]
    assert is_toc_page(toc, 24)
    timeline = [
        "In 2024 trad de verordening in werking.",
        "Verboden systemen volgen in 2025.",
        "Hoog-risico systemen volgen in augustus 2026.",
        "Toezicht start in 2027.",
        "Evaluatie in 2028.",
    ]
    assert not is_toc_page(timeline, 8)  # numbers beyond the page count are years, not page numbers


# --- footnotes and page furniture ---------------------------------------------------------


def test_footnote_is_a_footnote_never_a_heading(faq) -> None:
    pages, _ = faq
    text = pages[2].text
    assert not any("raadplegen" in h or h.startswith("## 1") for h in _headings(text))
    assert "tenzij anders aangegeven.[1]" in text
    assert text.split("\n\n")[-1] == (
        "[voetnoot 1] De AI-verordening is te raadplegen via: "
        "https://eur-lex.europa.eu/legal-content/NL/TXT/HTML/?uri=OJ:L_202401689."
    )


def test_page_number_in_the_middle_of_the_content_stream_removed(faq) -> None:
    pages, _ = faq
    assert "3 / 4" not in pages[2].text and "2 / 4" not in pages[1].text
    # the second column starts with its heading, not with the page number glued to it
    assert any(h.endswith(" Introductie AI-verordening") for h in _headings(pages[2].text))


# --- headings from font size --------------------------------------------------------------


def test_faq_questions_start_sections(faq) -> None:
    pages, meta = faq
    text = pages[3].text
    paragraphs = text.split("\n\n")
    question = next(p for p in paragraphs if "programmeren" in p)
    assert re.fullmatch(
        r"#{2,6} Is de inzet van Generatieve AI bij programmeren een hoog-risico toepassing\?",
        question,
    )
    assert any(
        p.endswith("instructies op pagina 21") for p in paragraphs
    )  # not glued to the question
    assert re.search(r"^#{2,6} Welke eisen zijn er rond geletterdheid\?$", text, re.MULTILINE)
    # the questions are one level below the section heading above them
    section = next(h for h in _headings(text) if h.endswith("Use cases en gebruik"))
    assert len(section.split()[0]) < len(question.split()[0])
    assert int(meta["headings"]) >= 6


def test_body_size_numbered_line_is_not_a_heading_when_the_layout_has_headings(faq) -> None:
    pages, _ = faq
    assert not any("Een door de aanbieder" in h for h in _headings(pages[3].text))
    assert (
        "1. Een door de aanbieder geleverd hoog-risico AI-systeem moet ingezet worden voor het beoogde doel."
        in pages[3].text
    )


def test_bold_heading_at_body_size(tmp_path: Path) -> None:
    cover = [T("Kader voor generatieve AI in onderzoek", 18, bold=True, at=(25, 100))]
    page = [
        T("Managementsamenvatting", 14, bold=True, at=(25, 30)),
        T("Het nieuwe standpunt biedt ruimte voor innovatie.", 11),
        T("Het RKI-kader sluit aan op het Standpunt", 11, bold=True),
        T(
            "Het kader volgt de regels van het standpunt en de handreiking, en voegt daar de eisen van "
            "wetenschappelijk onderzoek aan toe.",
            11,
        ),
    ]
    path = make_typeset_pdf(tmp_path / "rki.pdf", [cover, page])
    pages, _ = pdf.read(path, path.read_bytes())
    assert "## Het RKI-kader sluit aan op het Standpunt" in pages[1].text.split("\n")
    assert "# Managementsamenvatting" in pages[1].text.split("\n")


def test_a_label_in_a_large_font_does_not_become_the_parent_of_every_chapter(tmp_path: Path) -> None:
    """The RKI-kader's "Versiebeheer:" (a label above the table of versions, in the cover's
    font) was a level-1 heading, so every chapter after it sat under "Versiebeheer"."""
    cover = [T("Kader voor generatieve AI in onderzoek", 18, bold=True, at=(25, 100))]
    versions = [T("Versiebeheer:", 18, bold=True, at=(25, 30)),
                T("Versie Datum Omschrijving", 12, bold=True),
                T("Versie 1.0 van juni 2025, eerste publicatie van het kader.", 11)]
    chapter = [T("1. Inleiding", 14, bold=True, at=(25, 30)),
               T("Onderzoekers gebruiken generatieve AI alleen als het veilig kan.", 11),
               T("Onderzoekers van overheidsorganisaties:", 12, bold=True),
               T("Zij gebruiken in beginsel geen publieke toepassingen.", 11),
               T("2. Beginselen", 14, bold=True),
               T("De beginselen volgen uit het standpunt van het kabinet.", 11)]
    path = make_typeset_pdf(tmp_path / "rki.pdf", [cover, versions, chapter])
    pages, _ = pdf.read(path, path.read_bytes())
    lines = [line for p in pages for line in p.text.split("\n") if line.startswith("#")]
    level = {line.lstrip("# "): len(line) - len(line.lstrip("#")) for line in lines}
    assert level["Versiebeheer:"] >= level["Versie Datum Omschrijving"] > level["1. Inleiding"]
    # a label that the next heading does not lie under keeps its place among its siblings
    assert level["Onderzoekers van overheidsorganisaties:"] == level["Versie Datum Omschrijving"]
    assert level["2. Beginselen"] == level["1. Inleiding"]


def test_plain_pdf_without_type_hierarchy_keeps_the_text_rules(tmp_path: Path) -> None:
    """All text in one size (the generated standpunt): headings come from the numbering."""
    pages, meta = pdf.read(path := make_pdf(tmp_path / "standpunt.pdf"), path.read_bytes())
    assert pages[0].text.startswith("## 1 Inleiding")
    assert meta["headings"] == "0"


# --- protected and damaged files, and pypdf's own messages --------------------------------


def test_copy_protected_pdf_with_empty_user_password_opens(tmp_path: Path) -> None:
    pytest.importorskip("cryptography")
    source = make_pdf(tmp_path / "open.pdf")
    locked = make_encrypted_pdf(
        source, tmp_path / "kopieerbeveiligd.pdf", password="", algorithm="AES-128"
    )
    pages, _ = pdf.read(locked, locked.read_bytes())
    assert "op een verantwoorde manier gebruiken" in pages[0].text


def test_aes_pdf_without_cryptography_says_protected_not_damaged(
    tmp_path: Path, monkeypatch
) -> None:
    """Without `cryptography`, pypdf opens an AES-128 file (its password check is RC4) and
    fails only when it decrypts the text: that used to read "waarschijnlijk beschadigd"."""
    from pypdf import PageObject
    from pypdf.errors import DependencyError

    def needs_aes(self, *args, **kwargs):
        raise DependencyError("cryptography is required for AES algorithm")

    monkeypatch.setattr(PageObject, "extract_text", needs_aes)
    path = make_pdf(tmp_path / "beveiligd.pdf")
    with pytest.raises(SourceError) as err:
        pdf.read(path, path.read_bytes())
    assert "beveiligd" in str(err.value) and "cryptography" in str(err.value)
    assert "beschadigd" not in str(err.value)


def _with_wrong_pointing_object(path: Path) -> Path:
    """Point one xref entry at the wrong object, as in AI-Verordening_Geletterdheid_Factsheet_Bestuurders.pdf."""
    data = path.read_bytes()
    xref = data.rindex(b"\nxref\n")
    entries = list(re.finditer(rb"(\d{10}) 00000 n", data[xref:]))
    first, second = entries[1], entries[2]
    head, tail = data[:xref], bytearray(data[xref:])
    tail[first.start(1) : first.end(1)] = second.group(1)
    path.write_bytes(head + bytes(tail))
    return path


def test_pypdf_warnings_go_to_the_wijzer_log_not_the_console(tmp_path: Path, caplog) -> None:
    path = _with_wrong_pointing_object(make_pdf(tmp_path / "scheef.pdf"))
    with caplog.at_level(logging.INFO, logger="wijzer"):
        pdf.read(path, path.read_bytes())
    assert any(
        r.name.startswith("wijzer") and "scheef.pdf: pypdf:" in r.getMessage()
        for r in caplog.records
    )
    code = f"from pathlib import Path; from ingest.readers import pdf; p = Path({str(path)!r}); pdf.read(p, p.read_bytes())"
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""


# --- the real FAQ ---------------------------------------------------------------------------

FAQ_PATH = "voldoen-aan-wetten-en-regels/hulpmiddelen/documenten/GenAI_compliance_FAQ.pdf"


def _real_faq() -> Path | None:
    """The FAQ in ../shared (conftest.CORPUS), or in /work/shared when run from a worktree."""
    for corpus in (CORPUS, Path("/work/shared/corpus/algoritmekader")):
        if (corpus / FAQ_PATH).is_file():
            return corpus / FAQ_PATH
    return None


@pytest.mark.corpus
@pytest.mark.skipif(_real_faq() is None, reason="../shared/corpus/algoritmekader is absent")
def test_real_genai_compliance_faq() -> None:
    path = _real_faq()
    assert path is not None
    pages, meta = pdf.read(path, path.read_bytes())
    assert meta["title"] == "Veelgestelde vragen Generatieve AI compliance"
    assert meta["toc_pages"] == "3" and pages[2].text == ""
    assert not any(re.search(r"\? \d{1,2} [A-Z]", p.text) for p in pages)  # no contents passage
    headings = [h for p in pages for h in _headings(p.text)]
    assert any(
        h.endswith("Is de inzet van Generatieve AI bij programmeren een hoog-risico toepassing?")
        for h in headings
    )
    assert any(h.endswith("Welke rollen kent de AI-verordening?") for h in headings)
    assert not any("raadplegen" in h or re.match(r"#+ \d+ ", h) for h in headings)
    assert (
        "[voetnoot 1] De AI-verordening is te raadplegen via: https://eur-lex.europa.eu/"
        in pages[3].text
    )
    assert not any("op pagina 21 Is de inzet" in p.text for p in pages)
