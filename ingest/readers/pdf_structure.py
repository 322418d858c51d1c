"""The structure of a PDF read from its layout: title, headings, footnotes, contents pages.

Government PDFs are typeset: a question in an FAQ is printed larger than its answer, a
footnote small at the foot of the page, the table of contents lists headings with page
numbers. Plain text loses all of that, so a question gets glued to the previous answer,
a footnote "1 De AI-verordening is te raadplegen via ..." looks like a numbered section
heading, and the contents page becomes a passage of headings and numbers.

`mark_pages` turns the lines of `pdf_layout` into page texts in the form cleaning takes
(ingest.cleaning): headings as Markdown "#" lines, footnotes as "[voetnoot n] ..." lines,
page furniture (page numbers, small running lines) moved to the page edges where the
running-line filter looks, and the contents list left out (the page stays, empty when
the list was all it held, so the page numbers of the pages after it stay right).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from ingest.cleaning import is_page_number, join_note
from ingest.readers.pdf_layout import Line, PageLayout
from wijzer.text import HEADING_LINE

_TOC_TITLE = re.compile(
    r"^(?:inhoud|inhoudsopgave|inhoudstafel|contents|table of contents)$", re.IGNORECASE
)
_TOC_ENTRY = re.compile(r"(?:^|\s|\.|\u2026)(\d{1,3})$")
_DOT_LEADER = re.compile(r"(?:\.\s?){4,}|\u2026{2,}|_{4,}")
_FOOTNOTE_START = re.compile(r"^\s*(?:\[(\d{1,3})\]|(\d{1,3})(?![\d.)]))\s*(\S.*)$")
_LETTERS = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]{4,}")
_TEMPLATE_TITLE = re.compile(
    r"_|\.(?:docx?|pdf|indd|pptx?|xlsx?|odt|rtf)$|^microsoft\s+(?:word|powerpoint|excel)\b"
    r"|^(?:untitled|naamloos|document\s*\d*|titel|title|presentatie\s*\d*|sjabloon|template)$"
    r"|\b[A-Z]{2,}[_-]?\d{2,}\b",
    re.IGNORECASE,
)
# How much larger than the body text a line must be to count as a heading.
_HEADING_RATIO, _HEADING_MIN_STEP = 1.08, 0.75
_MAX_HEADING_CHARS = 160
_MAX_TITLE_CHARS = 200
# A cover title is display type: at least this much larger than the body text (a table's
# slightly larger header line, "Project Algoritmekader - Ministerie van BZK", is not one).
_TITLE_RATIO = 1.5


@dataclass
class Structure:
    """What `mark_pages` found, for the reader's metadata and the ingest report."""

    texts: list[str] = field(default_factory=list)
    heading_title: str = ""
    toc_pages: list[int] = field(default_factory=list)  # 1-based, their contents list left out
    headings: int = 0  # heading lines found from the layout (0: cleaning infers them from text)


def mark_pages(pages: Sequence[PageLayout]) -> Structure:
    body = body_size(pages)
    spans = [toc_span([l.text for l in page.lines], len(pages)) for page in pages]
    pages = [_without(p, span) if span else p for p, span in zip(pages, spans, strict=True)]
    levels = _heading_levels(pages, body)
    result = Structure(
        heading_title=heading_title(pages[0], body) if pages else "",
        toc_pages=[n for n, span in enumerate(spans, 1) if span],
    )
    for page in pages:
        text, headings = _mark_page(page, body, levels)
        result.texts.append(text)
        result.headings += headings
    result.texts = _labels_open_no_chapter(result.texts)
    return result


def _labels_open_no_chapter(texts: list[str]) -> list[str]:
    """A heading that ends in a colon labels what follows it ("Versiebeheer:" above a table
    of versions); it does not open a chapter. It is put at least as deep as the heading
    after it, so that one ends it: in its style's level, the RKI-kader's "Versiebeheer:"
    (page 4, in the title's font) became the parent of every chapter after it."""
    pages = [t.split("\n") for t in texts]
    found = [(p, i, len(m.group(1)), m.group(2)) for p, lines in enumerate(pages)
             for i, line in enumerate(lines) if (m := HEADING_LINE.match(line))]
    for (p, i, level, heading), after in zip(found, found[1:]):
        if heading.rstrip().endswith(":") and after[2] > level:
            pages[p][i] = "#" * after[2] + " " + heading
    return ["\n".join(lines) for lines in pages]


def _without(page: PageLayout, span: range) -> PageLayout:
    return PageLayout(
        tuple(l for i, l in enumerate(page.lines) if i not in span), page.width, page.height
    )


# --- sizes ------------------------------------------------------------------------------


def body_size(pages: Sequence[PageLayout]) -> float:
    """The size of most characters in the document: the running text (the cover left out
    when other pages have text, as its display type can outweigh a short document)."""
    sizes: Counter[float] = Counter()
    inner = [p for p in pages[1:] if p.text.strip()]
    for page in inner or pages:
        for line in page.lines:
            if line.size > 0 and not line.blank:
                sizes[round(line.size * 2) / 2] += len(line.text.strip())
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _style(line: Line) -> tuple[float, bool]:
    return round(line.size * 2) / 2, line.bold


def _larger(line: Line, body: float) -> bool:
    return body > 0 and line.size >= body * _HEADING_RATIO and line.size - body >= _HEADING_MIN_STEP


def _headingish(line: Line, body: float) -> bool:
    """Printed like a heading: larger than the body text, or wholly bold at body size;
    with words in it (not a big digit in a figure or a "!" in a call-out box)."""
    text = line.text.strip()
    if not text or len(text) > _MAX_HEADING_CHARS or len(_LETTERS.findall(text)) < 3:
        return False
    if is_page_number(text) or text.startswith(("\u2022", "- ", "\uf0b7")):
        return False
    if _larger(line, body):
        return True
    short = len(text.split()) <= 15 and text[-1] not in ".,;"
    return line.bold and line.size >= body * 0.95 and short


def _heading_levels(pages: Sequence[PageLayout], body: float) -> dict[tuple[float, bool], int]:
    """Markdown level per heading style: larger first, bold before regular at one size.
    The cover's display type is left out of the ranking, as it would push every real
    heading down a level; a style found only on the cover gets level 1."""
    inner = pages[1:] if len(pages) > 1 else pages
    styles = sorted(
        {_style(l) for p in inner for l in p.lines if _headingish(l, body)}, reverse=True
    )
    levels = {s: min(i + 1, 6) for i, s in enumerate(styles)}
    for line in pages[0].lines if pages else ():
        if _headingish(line, body):
            levels.setdefault(_style(line), 1)
    return levels


# --- title ------------------------------------------------------------------------------


def heading_title(first: PageLayout, body: float) -> str:
    """The largest text on the first page (the cover's title), its lines joined; "" when
    nothing there stands out from the body text as display type."""
    lines = [l for l in first.lines if not l.blank and len(_LETTERS.findall(l.text)) >= 3]
    if not lines:
        return ""
    top = max(l.size for l in lines)
    if top < _TITLE_RATIO * body and len(lines) > 3:
        return ""
    parts: list[str] = []
    for line in first.lines:
        if line.blank:
            continue
        if abs(line.size - top) <= 0.5 and len(_LETTERS.findall(line.text)) >= 1:
            parts.append(line.text.strip())
        elif parts:
            break
    return _join_wrapped(parts)[:_MAX_TITLE_CHARS].strip()


def looks_like_template(title: str) -> bool:
    """A metadata title that names a file or template, not the document:
    "RO_PUBL_030_A4_Informatieblad", "Microsoft Word - nota.docx", "Untitled"."""
    t = title.strip()
    return not t or len(t) < 8 or bool(_TEMPLATE_TITLE.search(t))


def titles_disagree(metadata_title: str, heading: str) -> bool:
    """True when the two share no word of four letters or more: the metadata title was
    left over from another document ("Factsheet Inkopers" on an FAQ)."""
    a = {w.lower() for w in _WORD.findall(metadata_title)}
    b = {w.lower() for w in _WORD.findall(heading)}
    return bool(a and b) and not a & b


def choose_title(metadata_title: str, heading: str) -> str:
    if heading and (
        looks_like_template(metadata_title) or titles_disagree(metadata_title, heading)
    ):
        return heading
    return metadata_title.strip() or heading


# --- table of contents ------------------------------------------------------------------


def is_toc_page(lines: Sequence[str], page_count: int) -> bool:
    """A contents page: most lines end in a page number (in reading order) or have dot
    leaders, or a few do under an "Inhoud(sopgave)" title."""
    filled = [l.strip() for l in lines if l.strip() and not is_page_number(l)]
    if len(filled) < 3:
        return False
    numbers = [n for line in filled if (n := _entry_page(line, page_count))]
    leaders = sum(1 for l in filled if _DOT_LEADER.search(l))
    rising = sum(1 for a, b in pairwise(numbers) if b >= a)
    ordered = len(numbers) >= 3 and rising >= 0.8 * (len(numbers) - 1)
    if any(_TOC_TITLE.match(l.rstrip(":")) for l in filled[:4]) and (ordered or leaders >= 3):
        return True
    mostly_entries = ordered and len(numbers) >= 0.6 * len(filled)
    return len(filled) >= 5 and (mostly_entries or leaders >= 0.5 * len(filled))


def toc_span(lines: Sequence[str], page_count: int) -> range:
    """The lines of the contents list on a page (its title, the entries and the lines an
    entry wrapped onto); empty when the page has none. Other text on the page, such as a
    version table under the contents, stays."""
    if not is_toc_page(lines, page_count):
        return range(0)
    filled = [i for i, l in enumerate(lines) if l.strip() and not is_page_number(l)]
    entries = [
        i for i in filled if _entry_page(lines[i], page_count) or _DOT_LEADER.search(lines[i])
    ]
    if not entries:
        return range(0)
    title = next((i for i in filled[:4] if _TOC_TITLE.match(lines[i].strip().rstrip(":"))), None)
    end = entries[0]
    for i in entries[1:]:
        if sum(1 for k in filled if end < k < i) > 2:  # more than a wrapped entry between
            break
        end = i
    start = min(title, entries[0]) if title is not None else entries[0]
    return range(start, end + 1)


def _entry_page(line: str, page_count: int) -> int:
    m = _TOC_ENTRY.search(line.strip())
    return int(m.group(1)) if m and 0 < int(m.group(1)) <= page_count else 0


# --- one page ---------------------------------------------------------------------------


def _mark_page(
    page: PageLayout, body: float, levels: dict[tuple[float, bool], int]
) -> tuple[str, int]:
    """The page text with headings and footnotes marked; and the number of headings."""
    top: list[str] = []
    middle: list[str] = []
    bottom: list[str] = []
    notes: list[tuple[str, list[str]]] = []
    headings = 0
    lines = list(page.lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.blank:
            middle.append("")
            i += 1
            continue
        note = _footnote_start(line, page, body)
        if note:
            notes.append((note[0], [note[1]]))
            i += 1
            while i < len(lines) and _footnote_continues(lines[i], page, body):
                notes[-1][1].append(lines[i].text.strip())
                i += 1
            continue
        edge = _furniture(line, page, body)
        if edge:
            (top if edge == "top" else bottom).append(line.text)
            i += 1
            continue
        if _headingish(line, body) and _style(line) in levels:
            end = _heading_end(lines, i)
            if _is_heading(lines[i:end], body):
                headings += 1
                heading = _join_wrapped([l.text.strip() for l in lines[i:end]])
                middle += ["", "#" * levels[_style(line)] + " " + heading, ""]
            else:
                middle += [l.text for l in lines[i:end]]
            i = end
            continue
        middle.append(line.text)
        i += 1
    footnotes = [f"[voetnoot {n}] {join_note(parts)}" for n, parts in notes]
    return "\n".join(top + middle + footnotes + bottom), headings


def _heading_end(lines: list[Line], i: int) -> int:
    """End (exclusive) of the run of lines printed like line i: a heading wraps onto lines
    of the same style close below it, up to its final "?" or "."."""
    first = lines[i]
    j = i + 1
    while j < len(lines):
        nxt, prev = lines[j], lines[j - 1]
        if nxt.blank or _style(nxt) != _style(first) or prev.text.strip()[-1:] in "?.!:":
            break
        if abs(prev.y - nxt.y) > 2.2 * max(first.size, 1.0) or is_page_number(nxt.text):
            break
        j += 1
    return j


def _is_heading(run: list[Line], body: float) -> bool:
    """Larger type is a heading; bold body-size type only when short: three or more bold
    lines, or bold text ending a sentence, is an emphasised paragraph."""
    last = run[-1].text.strip()
    return _larger(run[0], body) or (len(run) < 3 and last[-1:] not in ".,;")


def _footnote_start(line: Line, page: PageLayout, body: float) -> tuple[str, str] | None:
    """(number, text) when the line starts a footnote: small, low on the page, a number first."""
    if not _small(line, body) or line.y > 0.4 * page.height or is_page_number(line.text):
        return None
    m = _FOOTNOTE_START.match(line.text)
    if not m or len(m.group(3).split()) < 2:
        return None
    return m.group(1) or m.group(2), m.group(3).strip()


def _footnote_continues(line: Line, page: PageLayout, body: float) -> bool:
    return (
        not line.blank
        and _small(line, body)
        and line.y <= 0.4 * page.height
        and not is_page_number(line.text)
        and not _FOOTNOTE_START.match(line.text)
    )


def _small(line: Line, body: float) -> bool:
    return body > 0 and 0 < line.size <= body * 0.93


def _furniture(line: Line, page: PageLayout, body: float) -> str:
    """ "top"/"bottom" for a page number or a small line in the page margin (moved to the
    edge so the running-line filter sees it), else ""."""
    band = 0.07 * page.height
    near_top, near_bottom = line.y >= page.height - band, line.y <= band
    if not (near_top or near_bottom):
        return ""
    extreme = line.y >= page.height - 0.04 * page.height or line.y <= 0.04 * page.height
    if is_page_number(line.text) or _small(line, body) or extreme:
        return "top" if near_top else "bottom"
    return ""


def _join_wrapped(parts: list[str]) -> str:
    text = ""
    for part in parts:
        text = text + part if text.endswith("-") or not text else f"{text} {part}"
    return re.sub(r"\s{2,}", " ", text).strip()
