"""Document text is rendered as text: escaped Markdown, never markup or HTML."""

from __future__ import annotations

from ui.safe import escape_inline, escape_markdown, passage_view

HOSTILE = "<script>alert(1)</script> [klik](https://evil.example) ![x](https://evil.example/p.png) :red[rood] $x$ **vet** &amp;"


def _unescaped(md: str, ch: str) -> bool:
    """True when `ch` occurs in md without a backslash before it."""
    return any(c == ch and (i == 0 or md[i - 1] != "\\") for i, c in enumerate(md))


def test_every_markup_character_is_escaped():
    md = escape_inline(HOSTILE)
    for ch in "<>[]()!:$*&":
        assert not _unescaped(md, ch), ch
    assert md.replace("\\", "") == HOSTILE.replace("\\", "")  # same characters shown


def test_paragraphs_headings_and_lists_keep_their_shape():
    md = escape_markdown("## Stappenplan\nDit is een\nafgebroken regel:\n- een\n- twee\n\n    Nieuwe alinea")
    assert md.startswith("**Stappenplan**  \n")
    assert "Dit is een afgebroken regel\\:" in md  # wrapped lines fold
    assert "  \n\\- een  \n\\- twee" in md  # list items stay on their own line
    assert md.endswith("\n\nNieuwe alinea")  # no indented code block


def _md(passage, quotes, context=None, notes=None) -> str:
    return passage_view(passage, quotes, context=context, notes=notes).markdown


def test_quote_is_highlighted_inside_its_passage():
    passage = "Eerste zin. Gebruik geen [online] AI. Laatste zin."
    md = _md(passage, ["Gebruik geen [online] AI."])
    assert md == "Eerste zin\\. :orange-background[Gebruik geen \\[online\\] AI\\.] Laatste zin\\."


def test_each_quoted_segment_is_highlighted_on_its_own():
    """Two quotes from one passage: the bullet between them is not highlighted (it was
    highlighted when the quote ran from the first to the last picked sentence)."""
    passage = ("Gebruik een DPIA bij persoonsgegevens.\n- Een bullet die niet geciteerd is.\n"
               "Betrek altijd de privacy officer.")
    md = _md(passage, ["Gebruik een DPIA bij persoonsgegevens.",
                       "Betrek altijd de privacy officer."])
    assert md.count(":orange-background[") == 2
    assert ":orange-background[Gebruik een DPIA bij persoonsgegevens\\.]" in md
    assert ":orange-background[Betrek altijd de privacy officer\\.]" in md
    assert "\\- Een bullet die niet geciteerd is\\." in md
    assert "background[\\- Een bullet" not in md and "background[Een bullet" not in md


def test_segments_as_exact_offsets():
    passage = "Een. Twee twee. Drie drie drie."
    md = _md(passage, [(5, 15), (16, 31)])
    assert md == "Een\\. :orange-background[Twee twee\\.] :orange-background[Drie drie drie\\.]"
    assert _md(passage, [(10, 99)]) == "Een\\. Twee twee\\. Drie drie drie\\."  # out of range


def test_context_is_clipped_around_the_quote():
    passage = "woord " * 100 + "DE ZIN." + " meer" * 100
    md = _md(passage, ["DE ZIN."], context=50)
    assert md.startswith("…") and md.endswith("…") and len(md) < 200
    assert ":orange-background[DE ZIN\\.]" in md
    short = _md("Kort. DE ZIN. Ook kort.", ["DE ZIN."], context=50)
    assert short.startswith("Kort") and short.endswith("kort\\.")  # nothing left out


def test_missing_quote_shows_the_passage_without_highlight():
    md = _md("Een passage.", ["iets anders"])
    assert md == "Een passage\\." and "background" not in md


def test_quote_over_list_items_keeps_each_item_on_its_own_line():
    passage = "Plichten:\n- Er is altijd een mens.\n- Er worden géén [online] tools gebruikt.\n- Slot."
    quote = "Er is altijd een mens.\n- Er worden géén [online] tools gebruikt."
    md = _md(passage, [quote])
    assert md == ("Plichten\\:  \n\\- :orange-background[Er is altijd een mens\\.]  \n"
                  "\\- :orange-background[Er worden géén \\[online\\] tools gebruikt\\.]  \n\\- Slot\\.")
    assert " \\- :orange" not in md  # no item folded into the previous line


def test_marker_characters_in_a_passage_cannot_open_a_highlight():
    md = _md("a\x02b [c] d\x03e", ["[c]"])
    assert md == "ab :orange-background[\\[c\\]] de"


LETTER = ("Het voorlopige standpunt van december 2023.[1] Dit standpunt diende als basis.\n"
          "De motie van het lid Six Dijkstra[2] vraagt om onderzoek.\n\n"
          "[voetnoot 1] https://open.overheid.nl/documenten/814ad0a2/file\n"
          "[voetnoot 2] Kamerstuk 2024–2025, 26 643, nr. 1293.")


def test_footnote_markers_become_superscripts_with_the_note_under_the_passage():
    view = passage_view(LETTER, ["Dit standpunt diende als basis."], context=300)
    assert "2023\\.¹ " in view.markdown and "Dijkstra² " in view.markdown
    assert "[1]" not in view.markdown and "\\[1\\]" not in view.markdown
    assert "voetnoot" not in view.markdown  # the note paragraphs moved under the passage
    assert view.notes[0] == ("¹ [https\\:\\/\\/open\\.overheid\\.nl\\/documenten\\/814ad0a2\\/file]"
                             "(<https://open.overheid.nl/documenten/814ad0a2/file>)")
    assert view.notes[1].startswith("² Kamerstuk 2024–2025")


def test_a_note_from_elsewhere_in_the_document_is_shown_and_markdown_notes_too():
    view = passage_view("Zie de brief.[3] En ook data poisoning [^1] [^bron].", [],
                        notes={"3": "Kamerstuk 26 643, nr. 1098."})
    assert view.markdown == "Zie de brief\\.³ En ook data poisoning ¹ \\*\\."
    assert view.notes == ("³ Kamerstuk 26 643\\, nr\\. 1098\\.",)


def test_a_note_link_is_only_made_for_web_addresses():
    view = passage_view("Tekst.[1]\n\n[voetnoot 1] javascript:alert(1) en https://x.nl/a.pdf.", [])
    assert view.notes == ("¹ javascript\\:alert\\(1\\) en [https\\:\\/\\/x\\.nl\\/a\\.pdf](<https://x.nl/a.pdf>)\\.",)


def test_only_web_links_become_link_buttons() -> None:
    from ui.safe import safe_url

    assert safe_url("https://www.rijksoverheid.nl/x.pdf#page=3") == "https://www.rijksoverheid.nl/x.pdf#page=3"
    assert safe_url("HTTP://example.org") == "HTTP://example.org"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("data:text/html,<script>") is None
    assert safe_url(None) is None and safe_url("") is None
