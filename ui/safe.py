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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

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


Segment = tuple[int, int]  # exact (start, end) offsets into a passage


@dataclass(frozen=True)
class PassageView:
    """A passage ready for the page: escaped Markdown with the quoted segments highlighted
    and the source's footnote markers as superscripts; `notes` are the footnotes to show
    under it, each already escaped Markdown ("¹ https://…", the link clickable)."""

    markdown: str
    notes: tuple[str, ...] = ()


def locate(text: str, quotes: Sequence[str | Segment]) -> list[Segment]:
    """Each quote's offsets in the passage, in text order, overlaps merged.

    A quote is an exact (start, end) pair or a string searched for (after the previous one
    first, so two equal sentences map to two places); a string that does not occur, or an
    offset pair out of range, is left out rather than guessed.
    """
    found: list[Segment] = []
    after = 0
    for quote in quotes:
        if isinstance(quote, str):
            if not quote.strip():
                continue
            start = text.find(quote, after)
            if start < 0:
                start = text.find(quote)
            if start < 0:
                continue
            seg = (start, start + len(quote))
            after = seg[1]
        else:
            seg = (int(quote[0]), int(quote[1]))
            if not 0 <= seg[0] < seg[1] <= len(text):
                continue
        found.append(seg)
    merged: list[Segment] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def passage_view(passage: str, quotes: Sequence[str | Segment] = (), context: int | None = None,
                 notes: Mapping[str, str] | None = None) -> PassageView:
    """The passage (or `context` characters around the quotes) with each quote highlighted
    on its own: the text between two quotes is not highlighted.

    Footnotes of the source ("2023.[1]" in the text, "[voetnoot 1] …" paragraphs made by
    the PDF cleaning, Markdown "[^1]") become superscripts, and the note text goes under
    the passage: from this passage, else from `notes` (the document's other passages). A
    quote spanning several lines is highlighted line by line, so list items keep their
    own lines (a directive cannot span lines).
    """
    segments = locate(passage, quotes)
    own_notes = footnotes_in(passage)
    start, end, prefix, suffix = _window(passage, segments, context)
    pieces, pos = [prefix], start
    for s, e in segments:
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        pieces += [_plain(passage[pos:s]), _mark_lines(passage[s:e])]
        pos = e
    pieces += [_plain(passage[pos:end]), suffix]
    body = _NOTE_LINE.sub("", "".join(pieces))
    shown: list[str] = []
    body = _FOOTNOTE_MARK.sub(lambda m: _superscript(m, shown), body)
    md = escape_markdown(body).replace(_OPEN, f":{HIGHLIGHT}[").replace(_CLOSE, "]")
    md = _EMPTY_MARK.sub("", md)
    labels = list(dict.fromkeys(shown))
    if context is None:  # the whole passage: every note it carries, even without a marker
        labels += [n for n in own_notes if n not in labels]
    lookup = {**(notes or {}), **own_notes}
    return PassageView(md, tuple(_note_markdown(n, lookup[n]) for n in labels if n in lookup))


def footnotes_in(text: str) -> dict[str, str]:
    """The "[voetnoot N] text" paragraphs of a passage, by number (first one wins)."""
    found: dict[str, str] = {}
    for m in _NOTE_LINE.finditer(text):
        found.setdefault(m.group(1), " ".join(m.group(2).split()))
    return found


# "[voetnoot 1] …" paragraphs as the PDF cleaning writes them (a whole line each).
_NOTE_LINE = re.compile(r"^[\x02\x03]*\[voetnoot (\d{1,3})\][ \t]*(.*?)[\x02\x03]*[ \t]*$\n?",
                        re.MULTILINE)
# A footnote marker of the source: "[1]" (as the cleaning leaves it) or Markdown's "[^1]".
_FOOTNOTE_MARK = re.compile(r"\[\^?([0-9]{1,3})\]|\[\^([\w-]{1,20})\]")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_URL = re.compile(r"https?://[^\s<>()\[\]{}\"']+[^\s<>()\[\]{}\"'.,;:!?]")
_EMPTY_MARK = re.compile(re.escape(f":{HIGHLIGHT}[") + r"\]")
_OPEN, _CLOSE = "\x02", "\x03"  # markers: not punctuation, so escaping leaves them alone


def _superscript(m: re.Match[str], shown: list[str]) -> str:
    label = m.group(1) or m.group(2)
    shown.append(label)
    return label.translate(_SUPERSCRIPT) if label.isdigit() else "*"


def _note_markdown(label: str, body: str) -> str:
    """"¹ text": escaped, with web addresses as links (http and https only)."""
    out, pos = [], 0
    for m in _URL.finditer(body):
        out.append(escape_inline(body[pos:m.start()]))
        out.append(f"[{escape_inline(m.group())}](<{m.group()}>)")
        pos = m.end()
    out.append(escape_inline(body[pos:]))
    mark = label.translate(_SUPERSCRIPT) if label.isdigit() else "*"
    return f"{mark} {''.join(out)}"


def _plain(text: str) -> str:
    return text.replace(_OPEN, "").replace(_CLOSE, "")


def _window(passage: str, segments: Sequence[Segment],
            context: int | None) -> tuple[int, int, str, str]:
    """The part of the passage to show: all of it, or `context` characters (cut at a word)
    before the first and after the last segment, with "…" where text was left out."""
    if context is None:
        return 0, len(passage), "", ""
    if not segments:
        end = min(len(passage), context * 2)
        return 0, end, "", "…" if end < len(passage) else ""
    first, last = segments[0][0], segments[-1][1]
    start, end, prefix, suffix = 0, len(passage), "", ""
    if first > context:
        start, prefix = first - len(_word_tail(passage[:first], context)), "…"
    if len(passage) - last > context:
        end, suffix = last + len(_word_head(passage[last:], context)), "…"
    return start, end, prefix, suffix


def _mark_lines(quote: str) -> str:
    """Each non-empty line of the quote between markers (a directive cannot span lines);
    a list bullet stays outside, so the line is still recognised as an item."""
    out = []
    for line in _plain(quote).split("\n"):
        body = line.strip()
        if body:
            item = _ITEM.match(body)
            lead = item.group(0) if item else ""
            body = f"{lead}{_OPEN}{body[len(lead):].strip()}{_CLOSE}"
        out.append(line[: len(line) - len(line.lstrip())] + body)
    return "\n".join(out)


def _word_tail(text: str, n: int) -> str:
    tail = text[-n:]
    cut = tail.find(" ")
    return tail[cut + 1:] if 0 <= cut < n // 2 else tail


def _word_head(text: str, n: int) -> str:
    head = text[:n]
    cut = head.rfind(" ")
    return head[:cut] if cut > n // 2 else head
