"""Readers with small real files: generated PDFs, HTML, Markdown, text, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.readers import read_document
from ingest.sources import SourceFile
from tests.ingest.pdfs import make_empty_pdf, make_encrypted_pdf, make_image_only_pdf, make_pdf
from wijzer.errors import SourceError
from wijzer.types import SourceEntry


def _read(path: Path, settings, origin: str = "knowledge"):
    return read_document(SourceFile(SourceEntry(id=path.stem, title=path.stem), path, origin), settings)


def test_pdf_pages_numbered_and_cleaned(tmp_path: Path, settings) -> None:
    doc = _read(make_pdf(tmp_path / "standpunt.pdf"), settings)
    assert [p.number for p in doc.pages] == [1, 2, 3]
    p1, p2, p3 = (p.text for p in doc.pages)
    assert all("Ministerie van Testzaken" not in t and "Pagina" not in t for t in (p1, p2, p3))
    assert p1.startswith("## 1 Inleiding")
    assert "op een verantwoorde manier gebruiken" in p1
    assert "december 2023.[1] Daarna" in p1
    assert p1.endswith("[voetnoot 1] Voorlopig standpunt, 11 december 2023.")
    assert "- gebruik geen persoonsgegevens in een AI-toepassing" in p2
    assert "\n- controleer de uitvoer altijd zelf." in p2
    assert p3.startswith("### 2.2 Inkoop")
    assert len(doc.version) == 64


def test_corrupt_pdf(tmp_path: Path, settings) -> None:
    good = make_pdf(tmp_path / "goed.pdf").read_bytes()
    bad = tmp_path / "kapot.pdf"
    bad.write_bytes(good[: len(good) // 3])
    with pytest.raises(SourceError, match="kapot.pdf.*(beschadigd|niet te lezen)"):
        _read(bad, settings)


def test_not_a_pdf_at_all(tmp_path: Path, settings) -> None:
    fake = tmp_path / "nep.pdf"
    fake.write_text("dit is gewoon tekst", encoding="utf-8")
    with pytest.raises(SourceError, match="geen PDF"):
        _read(fake, settings)


def test_encrypted_pdf(tmp_path: Path, settings) -> None:
    locked = make_encrypted_pdf(make_pdf(tmp_path / "open.pdf"), tmp_path / "dicht.pdf")
    with pytest.raises(SourceError, match="wachtwoord"):
        _read(locked, settings)


def test_empty_pdf(tmp_path: Path, settings) -> None:
    with pytest.raises(SourceError, match="geen pagina"):
        _read(make_empty_pdf(tmp_path / "leeg.pdf"), settings)


def test_image_only_pdf(tmp_path: Path, settings) -> None:
    with pytest.raises(SourceError, match="geen tekstlaag; OCR wordt niet ondersteund"):
        _read(make_image_only_pdf(tmp_path / "scan.pdf"), settings)


def test_non_utf8_text(tmp_path: Path, settings) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Co\u00f6rdinatie van het be\u00efnvloeden".encode("latin-1"))
    with pytest.raises(SourceError, match="geen UTF-8"):
        _read(path, settings)


def test_binary_file_with_txt_suffix(tmp_path: Path, settings) -> None:
    path = tmp_path / "plaatje.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(SourceError, match="binair"):
        _read(path, settings)


def test_oversize_file_refused_before_reading(tmp_path: Path) -> None:
    from wijzer.settings import load_settings

    path = tmp_path / "groot.txt"
    path.write_text("Tekst. " * 400, encoding="utf-8")
    with pytest.raises(SourceError, match="te groot"):
        _read(path, load_settings(max_file_mb=0.001))


def test_unsupported_suffix(tmp_path: Path, settings) -> None:
    path = tmp_path / "notitie.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(SourceError, match="niet ondersteund"):
        _read(path, settings)


def test_html_main_text_with_headings(tmp_path: Path, settings) -> None:
    path = tmp_path / "pagina.html"
    path.write_text("""<html><head><title>Site | Pagina</title><style>p{}</style></head><body>
<header>Logo en zoeken</header><nav><a href="/">Home</a> <a href="/privacy">Privacy</a></nav>
<main><h1>Generatieve AI</h1><p>Overheden mogen
   generatieve AI gebruiken.</p><h2>Regels</h2><ul><li>Geen persoonsgegevens in ChatGPT.</li>
<li>Altijd menselijke controle.</li></ul><script>track()</script></main>
<footer>Copyright en cookies</footer></body></html>""", encoding="utf-8")
    doc = _read(path, settings)
    text = doc.pages[0].text
    assert doc.pages[0].number is None
    assert text.split("\n")[0] == "# Generatieve AI"
    assert "Overheden mogen generatieve AI gebruiken." in text
    assert "## Regels" in text.split("\n")
    assert "- Geen persoonsgegevens in ChatGPT." in text.split("\n")
    for noise in ("Logo", "Home", "Privacy", "track", "Copyright", "p{}"):
        assert noise not in text
    assert doc.title == "Generatieve AI"


def test_a_markdown_link_whose_address_has_spaces_is_reduced_to_its_text() -> None:
    """19 links of the Algoritmekader point at files with spaces in their names or carry a
    space before or after the address; they were left as "[tekst](documenten/AIG
    self-assessment v4.xlsx)" and quoted so in answers."""
    from ingest.readers.markdown import markdown_to_text

    text = markdown_to_text(
        "[Download hier de AI-Geletterdheid Self-assessment (.xlsx)](documenten/AIG self-assessment v4.xlsx)"
        "{ .button .md-button--secondary }\n\nZie de [richtlijnen]( https://www.ncsc.nl/x) en de "
        "[handreiking](https://www.aivd.nl/y#:~:text=Steeds%20meer ) (PDF).")
    assert "Download hier de AI-Geletterdheid Self-assessment (.xlsx)" in text
    assert "Zie de richtlijnen en de handreiking (PDF)." in text
    assert "](" not in text and "self-assessment v4" not in text and "ncsc" not in text


def test_a_markdown_blockquote_reads_as_its_text_without_the_marker() -> None:
    """Four lines of the Algoritmekader are blockquotes, one inside a tip; answers quoted
    them with the marker ("> Impactvolle algoritmes … worden gepubliceerd …")."""
    from ingest.readers.markdown import markdown_to_text

    text = markdown_to_text(
        "> Impactvolle algoritmes worden gepubliceerd in het algoritmeregister.\n\n"
        "!!! tip \"Tip\"\n\n    > \"Het ontbreekt aan een politiek-bestuurlijk kader.\"\n\n"
        ">> - Valt dit onderscheid te rechtvaardigen?\n\nDe waarde is 3 > 2.")
    lines = text.split("\n")
    assert "Impactvolle algoritmes worden gepubliceerd in het algoritmeregister." in lines
    assert '"Het ontbreekt aan een politiek-bestuurlijk kader."' in lines
    assert "- Valt dit onderscheid te rechtvaardigen?" in lines  # a list inside the quote stays a list
    assert "De waarde is 3 > 2." in lines  # a ">" inside a line is text


def test_markdown_front_matter_links_spans_admonitions(tmp_path: Path, settings) -> None:
    path = tmp_path / "pagina.md"
    path.write_text("""---
title: Generatieve AI
summary: Korte toelichting.
onderwerp:
- privacy
- governance
---
<!-- opmerking voor redacteuren -->
# Generatieve AI
Dit is <span lang="en">_general purpose AI_</span>, zie [het standpunt](https://example.org/x) en **dit**.

* [Eerste bron](../a.md) (PDF)

??? expander "Wat is een DPIA?"

    Een DPIA is een gegevensbeschermingseffectbeoordeling.

!!! tip "Tip"

    Begin op tijd.

Direct naar het IAMA{ .button .md-button--secondary }

## Help ons deze pagina te verbeteren
Deel je idee via GitHub.
""", encoding="utf-8")
    doc = _read(path, settings)
    text = doc.pages[0].text
    assert doc.title == "Generatieve AI"
    assert doc.metadata["summary"] == "Korte toelichting."
    assert doc.metadata["onderwerp"] == "privacy, governance"
    assert "Dit is general purpose AI, zie het standpunt en dit." in text
    assert "- Eerste bron (PDF)" in text
    assert "## Wat is een DPIA?\n\nEen DPIA is een" in text
    assert "Tip:\n\nBegin op tijd." in text
    assert "Direct naar het IAMA" in text and "{" not in text
    for gone in ("<span", "](", "opmerking voor redacteuren", "Help ons", "GitHub"):
        assert gone not in text


def test_text_reader_form_feeds_make_pages(tmp_path: Path, settings) -> None:
    path = tmp_path / "brief.txt"
    path.write_text("Eerste pagina tekst.\fTweede pagina tekst.", encoding="utf-8")
    doc = _read(path, settings)
    assert [(p.number, p.text) for p in doc.pages] == [(1, "Eerste pagina tekst."), (2, "Tweede pagina tekst.")]


def test_manifest_title_wins_over_file_title(tmp_path: Path, settings) -> None:
    path = tmp_path / "x.md"
    path.write_text("# Kop in bestand\nTekst.", encoding="utf-8")
    entry = SourceEntry(id="x", title="Titel uit manifest", kind="guidance")
    doc = read_document(SourceFile(entry, path, "manifest"), settings)
    assert doc.title == "Titel uit manifest" and doc.kind == "guidance"


def test_every_suffix_discovery_accepts_has_a_reader() -> None:
    from ingest.readers import _registry
    from ingest.sources import SUPPORTED

    assert sorted(_registry()) == sorted(SUPPORTED)
