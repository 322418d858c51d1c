"""Document text is rendered as text: escaped Markdown, never markup or HTML."""

from __future__ import annotations

from ui.safe import escape_inline, escape_markdown, highlight, passage_with_highlight

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


def test_quote_is_highlighted_inside_its_passage():
    passage = "Eerste zin. Gebruik geen [online] AI. Laatste zin."
    md = passage_with_highlight(passage, "Gebruik geen [online] AI.")
    assert md == "Eerste zin\\. :orange-background[Gebruik geen \\[online\\] AI\\.] Laatste zin\\."
    assert highlight("  a\n\nb ") == ":orange-background[a b]"


def test_context_is_clipped_around_the_quote():
    passage = "woord " * 100 + "DE ZIN." + " meer" * 100
    md = passage_with_highlight(passage, "DE ZIN.", context=50)
    assert md.startswith("…") and md.endswith("…") and len(md) < 200
    assert ":orange-background[DE ZIN\\.]" in md


def test_missing_quote_shows_the_passage_without_highlight():
    md = passage_with_highlight("Een passage.", "iets anders")
    assert md == "Een passage\\." and "background" not in md


def test_quote_over_list_items_keeps_each_item_on_its_own_line():
    passage = "Plichten:\n- Er is altijd een mens.\n- Er worden géén [online] tools gebruikt.\n- Slot."
    quote = "Er is altijd een mens.\n- Er worden géén [online] tools gebruikt."
    md = passage_with_highlight(passage, quote)
    assert md == ("Plichten\\:  \n\\- :orange-background[Er is altijd een mens\\.]  \n"
                  "\\- :orange-background[Er worden géén \\[online\\] tools gebruikt\\.]  \n\\- Slot\\.")
    assert " \\- :orange" not in md  # no item folded into the previous line


def test_marker_characters_in_a_passage_cannot_open_a_highlight():
    md = passage_with_highlight("a\x02b [c] d\x03e", "[c]")
    assert md == "ab :orange-background[\\[c\\]] de"


def test_only_web_links_become_link_buttons() -> None:
    from ui.safe import safe_url

    assert safe_url("https://www.rijksoverheid.nl/x.pdf#page=3") == "https://www.rijksoverheid.nl/x.pdf#page=3"
    assert safe_url("HTTP://example.org") == "HTTP://example.org"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("data:text/html,<script>") is None
    assert safe_url(None) is None and safe_url("") is None
