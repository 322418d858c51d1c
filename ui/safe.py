"""Document and model text -> Markdown that shows exactly those characters.

Source documents and LLM output are untrusted: a passage could contain Markdown links,
images (which would load a remote URL), Streamlit directives such as `:red[...]`, LaTeX or
HTML. Every ASCII punctuation character is therefore backslash-escaped (CommonMark allows
this for all of them), so the text renders literally. Nothing here ever goes to
`unsafe_allow_html`; highlighting uses Streamlit's own `:color-background[...]` directive
around escaped text.
"""

from __future__ import annotations

import re
import string

_PUNCT = frozenset(string.punctuation)
_BLANK_LINES = re.compile(r"\n\s*\n")
_SPACES = re.compile(r"\s+")
_HEADING = re.compile(r"^#{1,6}\s+(.*\S)\s*#*$")
_ITEM = re.compile(r"^([-*•–·]|\d{1,3}[.)]|[a-z][.)])\s")
HIGHLIGHT = "orange-background"


def safe_url(url: str | None) -> str | None:
    """The URL when it is a web link, else None: only http(s) links become buttons, so a
    manifest or document cannot smuggle in `javascript:` or `data:`."""
    return url if url and url.lower().startswith(("https://", "http://")) else None


def escape_inline(text: str) -> str:
    """Escape one line of text: every ASCII punctuation mark gets a backslash."""
    return "".join("\\" + ch if ch in _PUNCT else ch for ch in text)


def escape_markdown(text: str) -> str:
    """Escape multi-line text, keeping paragraphs but no Markdown syntax.

    Heading lines (`## Titel`, as the readers keep them) become bold lines; a line that
    starts a list item keeps its own line; other line breaks (wrapped PDF lines) fold into
    spaces. Leading spaces are dropped (four would start a code block).
    """
    paragraphs = _BLANK_LINES.split(text.strip())
    return "\n\n".join(p for p in (_paragraph(para) for para in paragraphs) if p)


def _paragraph(para: str) -> str:
    out: list[str] = []
    for raw in para.splitlines():
        line = raw.strip()
        if not line:
            continue
        heading = _HEADING.match(line)
        if heading:
            out.append(("  \n" if out else "") + f"**{escape_inline(heading.group(1))}**  \n")
            continue
        sep = "" if not out or out[-1].endswith("\n") else (
            "  \n" if _ITEM.match(line) else " ")
        out.append(sep + escape_inline(line))
    return "".join(out).strip()


def highlight(text: str) -> str:
    """One span of text, escaped and highlighted (whitespace folded: a directive cannot
    span paragraphs)."""
    folded = _SPACES.sub(" ", text).strip()
    if not folded:
        return ""
    return f":{HIGHLIGHT}[{escape_inline(folded)}]"


def passage_with_highlight(passage: str, quote: str, context: int | None = None) -> str:
    """The passage (or `context` characters around the quote) with the quote highlighted.

    The quote is a substring of the passage by contract (Citation.quote); if it is not
    found (e.g. whitespace differs), the passage is shown without highlight rather than
    guessing. A quote that spans several lines (list items) is highlighted line by line,
    so the items keep their own lines instead of folding into one run of " - ".
    """
    start = passage.find(quote) if quote else -1
    if start < 0:
        shown = passage if context is None else _clip(passage, 0, context * 2)
        return escape_markdown(shown)
    end = start + len(quote)
    before, after = passage[:start], passage[end:]
    prefix = suffix = ""
    if context is not None:
        if len(before) > context:
            before, prefix = _word_tail(before, context), "…"
        if len(after) > context:
            after, suffix = _word_head(after, context), "…"
    plain = [t.replace(_OPEN, "").replace(_CLOSE, "") for t in (before, after)]
    marked = prefix + plain[0] + _mark_lines(quote) + plain[1] + suffix
    return escape_markdown(marked).replace(_OPEN, f":{HIGHLIGHT}[").replace(_CLOSE, "]")


_OPEN, _CLOSE = "\x02", "\x03"  # markers: not punctuation, so escaping leaves them alone


def _mark_lines(quote: str) -> str:
    """Each non-empty line of the quote between markers (a directive cannot span lines);
    a list bullet stays outside, so the line is still recognised as an item."""
    out = []
    for line in quote.replace(_OPEN, "").replace(_CLOSE, "").split("\n"):
        body = line.strip()
        if body:
            item = _ITEM.match(body)
            lead = item.group(0) if item else ""
            body = f"{lead}{_OPEN}{body[len(lead):].strip()}{_CLOSE}"
        out.append(line[: len(line) - len(line.lstrip())] + body)
    return "\n".join(out)


def _clip(text: str, start: int, length: int) -> str:
    clipped = text[start:start + length]
    return clipped + ("…" if start + length < len(text) else "")


def _word_tail(text: str, n: int) -> str:
    tail = text[-n:]
    cut = tail.find(" ")
    return tail[cut + 1:] if 0 <= cut < n // 2 else tail


def _word_head(text: str, n: int) -> str:
    head = text[:n]
    cut = head.rfind(" ")
    return head[:cut] if cut > n // 2 else head
