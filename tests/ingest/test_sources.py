"""discover(): manifest entries, dropped files, folder sources, excludes, duplicates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.readers import read_document
from ingest.sources import discover, expected_path, load_manifest
from tests.conftest import ROOT
from wijzer.errors import SourceError
from wijzer.settings import load_settings
from wijzer.types import SourceEntry


def _settings(kdir: Path):
    return load_settings(knowledge_dir=kdir)


def test_project_manifest_lists_every_source(project_knowledge: Path) -> None:
    entries = {e.id: e for e in load_manifest(project_knowledge)}
    assert set(entries) == {
        "kamerbrief-standpunt-2025", "standpunt-2025", "handreiking-2025", "voorlopig-standpunt-2023",
        "kamerbrief-voorlopig-2023", "advies-landsadvocaat-2023", "advies-ap-2023",
    }  # the Algoritmekader page on generative AI is no entry: it is in the built-in folder
    assert entries["voorlopig-standpunt-2023"].superseded_by == "standpunt-2025"
    assert entries["kamerbrief-voorlopig-2023"].superseded_by == "standpunt-2025"
    assert entries["standpunt-2025"].kind == "position" and entries["handreiking-2025"].kind == "guidance"
    assert entries["kamerbrief-standpunt-2025"].file == "kamerbrief-overheidsbreed-standpunt-generatieve-ai.txt"


def test_project_discover_finds_seed_and_reports_missing(project_knowledge: Path) -> None:
    found, failures = discover(_settings(project_knowledge))
    assert [f.entry.id for f in found] == [
        "kamerbrief-standpunt-2025", "soorten-algoritmes-en-ai/generatieve-ai",
        "voldoen-aan-wetten-en-regels/hulpmiddelen/genai-compliance-faq",
    ]
    missing = {f.id: f.reason for f in failures}
    assert "voer `python -m ingest --download` uit" in missing["standpunt-2025"]
    assert "ontbreekt" in missing["standpunt-2025"] and "PDF" in missing["standpunt-2025"]
    assert "geen URL" in missing["advies-ap-2023"] and "file" in missing["advies-ap-2023"]


def test_expected_path_convention(tmp_path: Path) -> None:
    pdf = SourceEntry(id="standpunt-2025", title="S", url="https://open.overheid.nl/documenten/x/file")
    html = SourceEntry(id="brief", title="B", url="https://zoek.officielebekendmakingen.nl/kst-1.html")
    local = SourceEntry(id="eigen", title="E", file="map/eigen.pdf")
    assert expected_path(pdf, tmp_path) == tmp_path / "downloads" / "standpunt-2025.pdf"
    assert expected_path(html, tmp_path) == tmp_path / "downloads" / "brief.html"
    assert expected_path(pdf, tmp_path, ".html") == tmp_path / "downloads" / "standpunt-2025.html"
    assert expected_path(local, tmp_path) == tmp_path / "map" / "eigen.pdf"


def test_downloaded_file_is_found(tmp_path: Path) -> None:
    kdir = tmp_path / "k"
    (kdir / "downloads").mkdir(parents=True)
    (kdir / "sources.toml").write_text(
        '[[source]]\nid = "standpunt-2025"\ntitle = "Standpunt"\nkind = "position"\n'
        'url = "https://open.overheid.nl/documenten/x/file"\n', encoding="utf-8")
    (kdir / "downloads" / "standpunt-2025.html").write_text("<h1>Standpunt</h1><p>Tekst.</p>", encoding="utf-8")
    found, failures = discover(_settings(kdir))
    assert failures == []
    assert [(f.entry.id, f.entry.title, f.origin) for f in found] == [("standpunt-2025", "Standpunt", "manifest")]


def test_dropped_files_get_metadata_from_the_file(knowledge_dir: Path) -> None:
    (knowledge_dir / ".verborgen.md").write_text("# Verborgen", encoding="utf-8")
    (knowledge_dir / "README.md").write_text("# Uitleg", encoding="utf-8")
    (knowledge_dir / "glossary.toml").write_text("", encoding="utf-8")
    (knowledge_dir / "notitie.docx").write_bytes(b"PK\x03\x04")
    found, failures = discover(_settings(knowledge_dir))
    by_id = {f.entry.id: f for f in found}
    assert set(by_id) == {"standpunt", "handreiking", "parkeren"}
    assert by_id["standpunt"].entry.title == "Standpunt generatieve AI (test)"  # front matter
    assert by_id["parkeren"].entry.title == "Parkeervergunning"  # first line
    assert [f.path for f in failures] == ["notitie.docx"] and "niet ondersteund" in failures[0].reason


def test_duplicate_bytes_kept_once(knowledge_dir: Path) -> None:
    shutil.copy(knowledge_dir / "standpunt.md", knowledge_dir / "standpunt-kopie.md")
    found, failures = discover(_settings(knowledge_dir))
    kept = {f.entry.id for f in found} & {"standpunt", "standpunt-kopie"}
    assert len(kept) == 1 and len(failures) == 1
    assert failures[0].id in {"standpunt", "standpunt-kopie"} - kept
    assert "Dubbel document" in failures[0].reason and f"{kept.pop()}.md" in failures[0].reason


def test_folder_source_ids_excludes_and_url(tmp_path: Path, knowledge_dir: Path) -> None:
    folder = tmp_path / "algoritmekader"
    (folder / "onderwerpen").mkdir(parents=True)
    (folder / "over-het-algoritmekader").mkdir()
    (folder / "onderwerpen" / "privacy-en-gegevensbescherming.md").write_text("# Privacy\nInhoud.", encoding="utf-8")
    (folder / "onderwerpen" / "index.md").write_text("# Onderwerpen\nLijst.", encoding="utf-8")
    for noise in ("privacy", "cookies", "sitemap"):
        (folder / "over-het-algoritmekader" / f"{noise}.md").write_text(f"# {noise}\nRuis.", encoding="utf-8")
    (folder / "plaatje.png").write_bytes(b"\x89PNG")
    (knowledge_dir / "sources.toml").write_text(
        '[folders]\nexclude = ["onderwerpen/index.md"]\n[folders.algoritmekader]\nkind = "guidance"\n'
        'url = "https://minbzk.github.io/Algoritmekader/"\n', encoding="utf-8")
    found, failures = discover(_settings(knowledge_dir), extra_dirs=[folder])
    folder_files = [f for f in found if f.origin == "folder"]
    assert [f.entry.id for f in folder_files] == ["onderwerpen/privacy-en-gegevensbescherming"]
    entry = folder_files[0].entry
    assert entry.kind == "guidance" and entry.title == "Privacy"
    assert entry.url == "https://minbzk.github.io/Algoritmekader/onderwerpen/privacy-en-gegevensbescherming/"
    assert failures == []


def test_folder_page_that_is_a_downloaded_manifest_entry_is_ingested_once(
    tmp_path: Path, knowledge_dir: Path
) -> None:
    folder = tmp_path / "algoritmekader"
    (folder / "soorten-algoritmes-en-ai").mkdir(parents=True)
    (folder / "soorten-algoritmes-en-ai" / "generatieve-ai.md").write_text("# Generatieve AI\nMarkdown.", encoding="utf-8")
    (knowledge_dir / "downloads").mkdir()
    (knowledge_dir / "downloads" / "algoritmekader-generatieve-ai.html").write_text(
        "<h1>Generatieve AI</h1><p>HTML.</p>", encoding="utf-8")
    (knowledge_dir / "sources.toml").write_text(
        '[[source]]\nid = "algoritmekader-generatieve-ai"\ntitle = "Algoritmekader: Generatieve AI"\n'
        'url = "https://minbzk.github.io/Algoritmekader/soorten-algoritmes-en-ai/generatieve-ai/"\n'
        '[folders.algoritmekader]\nurl = "https://minbzk.github.io/Algoritmekader/"\n', encoding="utf-8")
    found, failures = discover(_settings(knowledge_dir), extra_dirs=[folder])
    ids = {f.entry.id for f in found}
    assert "algoritmekader-generatieve-ai" in ids
    assert "soorten-algoritmes-en-ai/generatieve-ai" not in ids  # same official page
    assert failures == []


def test_missing_folder_and_bad_manifest(tmp_path: Path, knowledge_dir: Path) -> None:
    _, failures = discover(_settings(knowledge_dir), extra_dirs=[tmp_path / "bestaat-niet"])
    assert "bestaat niet" in failures[0].reason
    (knowledge_dir / "sources.toml").write_text('[[source]]\nid = "x"\ntitle = "X"\nsoort = "brief"\n', encoding="utf-8")
    with pytest.raises(SourceError, match="onbekend veld 'soort'"):
        load_manifest(knowledge_dir)
    (knowledge_dir / "sources.toml").write_text("[[source]\n", encoding="utf-8")
    with pytest.raises(SourceError, match="geen geldige TOML"):
        load_manifest(knowledge_dir)


def test_shipped_algoritmekader_is_discovered_whole() -> None:
    """The real knowledge/ (read-only, nothing is ingested): 243 pages + 10 PDFs."""
    kdir = ROOT / "knowledge"
    found, failures = discover(_settings(kdir))
    ids = {f.entry.id for f in found if f.origin == "folder"}
    assert not [f for f in failures if f.id not in {e.id for e in load_manifest(kdir)}]
    assert "soorten-algoritmes-en-ai/generatieve-ai" in ids
    assert 245 <= len(ids) <= 256  # 243 pages + the 10 PDFs they link to
    for noise in ("privacy", "cookies", "sitemap", "copyright", "toegankelijkheid", "kwetsbaarheid-melden"):
        assert f"over-het-algoritmekader/{noise}" not in ids
    assert "onderwerpen/privacy-en-gegevensbescherming" in ids  # a real page about privacy stays
    page = next(f for f in found if f.entry.id == "soorten-algoritmes-en-ai/generatieve-ai")
    doc = read_document(page, _settings(kdir))
    text = doc.pages[0].text
    assert not any(m in text for m in ("<<<<<<<", "=======", ">>>>>>>"))
    assert text.count("- Overheidsbrede handreiking generatieve AI") == 1
    assert doc.title == "Generatieve AI" and doc.metadata["summary"].startswith("Toelichting")


# --- the built-in Algoritmekader folder ----------------------------------------------------
def test_builtin_folder_is_ingested_without_source_flag_with_stable_ids(project_knowledge: Path) -> None:
    found, _ = discover(_settings(project_knowledge))
    page = next(f for f in found if f.entry.id == "soorten-algoritmes-en-ai/generatieve-ai")
    # the same id and display path as `--source ../shared/corpus/algoritmekader` gave
    assert page.origin == "folder" and page.display_path == "algoritmekader/soorten-algoritmes-en-ai/generatieve-ai.md"
    assert page.entry.kind == "framework" and page.entry.collection == "Algoritmekader"
    assert page.entry.date == "2026-06"
    assert not any(f.origin == "knowledge" and "algoritmekader" in f.display_path for f in found)


def test_same_named_source_folder_is_replaced_by_the_builtin_one(project_knowledge: Path, tmp_path: Path) -> None:
    other = tmp_path / "elders" / "algoritmekader" / "soorten-algoritmes-en-ai"
    other.mkdir(parents=True)
    (other / "generatieve-ai.md").write_text("# Generatieve AI\nOude kopie.", encoding="utf-8")
    found, failures = discover(_settings(project_knowledge), extra_dirs=[other.parent])
    assert [f.display_path for f in found if f.entry.id == "soorten-algoritmes-en-ai/generatieve-ai"] == [
        "algoritmekader/soorten-algoritmes-en-ai/generatieve-ai.md"]
    assert not [f for f in failures if "Dubbel" in f.reason]


def test_page_and_linked_pdf_record_each_other(tmp_path: Path, knowledge_dir: Path) -> None:
    from tests.ingest.pdfs import make_pdf

    folder = knowledge_dir / "kader"
    (folder / "hulp" / "documenten").mkdir(parents=True)
    (folder / "hulp" / "faq.md").write_text(
        "# FAQ\n[Download hier de FAQ](documenten/Veel%20gestelde_vragen.pdf){ .button }\n"
        "[Elders](https://example.org/x.pdf) en [niet hier](documenten/bestaat-niet.pdf)", encoding="utf-8")
    make_pdf(folder / "hulp" / "documenten" / "Veel gestelde_vragen.pdf", [["Vraag een. Antwoord."]])
    (knowledge_dir / "sources.toml").write_text(
        '[folders.kader]\npath = "kader"\nurl = "https://example.org/kader/"\n', encoding="utf-8")
    found, failures = discover(_settings(knowledge_dir))
    by_id = {f.entry.id: f.entry for f in found}
    assert by_id["hulp/faq"].links == ("hulp/documenten/veel-gestelde_vragen",)
    pdf = by_id["hulp/documenten/veel-gestelde_vragen"]
    assert pdf.linked_from == "hulp/faq" and pdf.links == ()
    assert pdf.url == "https://example.org/kader/hulp/documenten/Veel%20gestelde_vragen.pdf"
    doc = read_document(next(f for f in found if f.entry.id == "hulp/faq"), _settings(knowledge_dir))
    assert doc.links == ("hulp/documenten/veel-gestelde_vragen",)


# --- nothing outside the knowledge folder (issue 11, items 2 and 3) ------------------------------
def test_manifest_paths_outside_the_knowledge_dir_are_refused(tmp_path: Path, knowledge_dir: Path) -> None:
    secret = tmp_path / "outside" / "geheim.txt"
    secret.parent.mkdir()
    secret.write_text("Geheim\n\nroot:x:0:0", encoding="utf-8")
    (knowledge_dir / "sources.toml").write_text(
        '[[source]]\nid = "geheim"\ntitle = "Geheim"\nfile = "../outside/geheim.txt"\n', encoding="utf-8")
    found, failures = discover(_settings(knowledge_dir))
    assert all(f.path.resolve().is_relative_to(knowledge_dir.resolve()) for f in found)
    assert [f.id for f in failures] == ["geheim"] and "buiten" in failures[0].reason
    assert "../outside/geheim.txt" in failures[0].reason
    (knowledge_dir / "sources.toml").write_text(
        f'[[source]]\nid = "geheim"\ntitle = "Geheim"\nfile = "{secret}"\n', encoding="utf-8")
    with pytest.raises(SourceError, match="pad binnen de kennismap"):
        discover(_settings(knowledge_dir))


def test_symlinks_out_of_the_folders_are_refused(tmp_path: Path, knowledge_dir: Path) -> None:
    secret = tmp_path / "passwd.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (knowledge_dir / "passwd.txt").symlink_to(secret)
    (knowledge_dir / "etc").symlink_to(tmp_path, target_is_directory=True)
    folder = tmp_path / "bron"
    folder.mkdir()
    (folder / "pagina.md").write_text("# Pagina\nTekst.", encoding="utf-8")
    (folder / "lek.md").symlink_to(secret)
    (knowledge_dir / "sources.toml").write_text(
        '[[source]]\nid = "via-link"\ntitle = "Via link"\nfile = "passwd.txt"\n', encoding="utf-8")
    found, failures = discover(_settings(knowledge_dir), extra_dirs=[folder])
    assert not any("root:x" in f.path.read_text(encoding="utf-8") for f in found)
    assert {f.entry.id for f in found} == {"standpunt", "handreiking", "parkeren", "pagina"}
    refused = {f.path for f in failures}
    assert {"passwd.txt", "etc", "lek.md"} <= refused
    assert all("buiten" in f.reason for f in failures)


@pytest.mark.parametrize("toml, words", [
    ('[[source]]\nid = "a"\ntitle = "A"\nexclude = 7\n', "'exclude' moet een lijst"),
    ('[[source]]\nid = "a"\ntitle = "A"\nurl = 7\n', "'url' moet tekst"),
    ('[[source]]\nid = "a"\ntitle = "A"\nurl = "file:///etc/passwd"\n', "alleen http- en https-adressen"),
    ('[[source]]\nid = "a"\ntitle = "A"\nurl = "ftp://example.org/a.pdf"\n', "alleen http- en https-adressen"),
    ('[folders]\nexclude = 7\n', "'exclude' moet een lijst"),
    ('[folders.kader]\nexclude = "x"\n', "'exclude' moet een lijst"),
    ('[folders.kader]\narchive = "file:///tmp/x.zip"\n', "alleen http- en https-adressen"),
    ('[folders.kader]\npath = "/etc"\n', "pad binnen de kennismap"),
    ('[folders.kader]\nkleur = "rood"\n', "onbekend veld 'kleur'"),
    ('[[source]]\nid = "a"\ntitle = "A"\nkind = "brief"\n',
     "kind 'brief' is onbekend. Kies uit: advice, framework, guidance, letter, other, position, web"),
    ('[folders.kader]\nkind = "kaders"\n', "kind 'kaders' is onbekend"),
])
def test_manifest_values_of_the_wrong_kind_are_one_dutch_line(knowledge_dir: Path, toml: str, words: str) -> None:
    (knowledge_dir / "sources.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(SourceError, match=words) as failed:
        discover(_settings(knowledge_dir))
    assert "\n" not in str(failed.value)


def test_empty_files_are_reported_as_empty_not_as_duplicates(knowledge_dir: Path) -> None:
    (knowledge_dir / "leeg.txt").write_bytes(b"")
    (knowledge_dir / "ook-leeg.md").write_bytes(b"")
    found, failures = discover(_settings(knowledge_dir))
    assert not any("Dubbel" in f.reason for f in failures)
    settings = _settings(knowledge_dir)
    for source in (f for f in found if f.entry.id in ("leeg", "ook-leeg")):
        with pytest.raises(SourceError, match="leeg"):
            read_document(source, settings)
