"""Repair text extracted from PDFs (and text files made from PDFs, like the seed letter).

Extraction leaves layout artefacts that hurt search and quoting: running headers and
footers on every page, words hyphenated at line ends, bullet glyphs that became U+FFFD or
private-use characters, footnote markers glued to words ("2023.1 Dit") and footnote text
in the middle of a sentence, hard line wraps. `clean_pages` turns raw page texts into
cleaned page texts: paragraphs on one line each, list items as "- " lines, section
headings as Markdown "#" lines, footnotes as "[voetnoot N] ..." paragraphs at the end of
their page. Chunk offsets point into this cleaned text, so it is computed once, here.

A reader that knows the layout (ingest.readers.pdf_structure) hands in lines already
marked: "## Kop" lines are headings and "[voetnoot N] tekst" lines footnotes, whatever
their text looks like. With `infer_headings=False` those are the only headings; the text
rules for headings (numbered lines, short standalone lines) are for plain text, where
the font that would tell a heading from a numbered list item is gone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
# Glyphs that are always bullets at the start of a line.
_BULLET_GLYPHS = "\ufffd\u2022\u25aa\u25cf\u25e6\u25a0\u2023\u2043\u00b7\uf0b7\uf0a7\uf076"
_BULLET = re.compile(rf"^[ \t]*(?:[{_BULLET_GLYPHS}\ue000-\uf8ff])[ \t]*")
# Dashes are bullets only where a list can start (see _mark_bullets).
_DASH_BULLET = re.compile(r"^[ \t]*[\u2013\u2014\-*][ \t]+(?=\S)")
_PAGE_NUMBER = re.compile(r"^\s*(?:[-\u2013]\s*)?(?:pagina\s+)?\d{1,4}(?:\s*(?:/|van)\s*\d{1,4})?(?:\s*[-\u2013])?\s*$", re.IGNORECASE)
_FOOTNOTE_LINE = re.compile(r"^(\d{1,2})[ \t]+(\S.*)$")
_MARKED_FOOTNOTE = re.compile(r"^\[voetnoot (\d{1,3})\][ \t]*(.*)$")
_MARKED_HEADING = re.compile(r"^#{1,6}[ \t]+\S")
_NUMBERED_HEADING = re.compile(
    r"^(?:(?P<chapter>hoofdstuk|bijlage|deel)\s+(?P<cn>[\dIVX]+)\b.*|(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+[A-Z\u00c0-\u00dd].*)$",
    re.IGNORECASE,
)
_SENTENCE_END = ".!?:;,"
_CONFLICT = re.compile(r"^<<<<<<< ?(?P<ours>.*)\n(?P<a>.*?)^=======\n(?P<b>.*?)^>>>>>>> ?(?P<theirs>.*?)$\n?", re.MULTILINE | re.DOTALL)


def clean_pages(pages: Sequence[str], infer_headings: bool = True) -> list[str]:
    """Clean raw extracted page texts; the result has one entry per input page."""
    pages = [_normalise_chars(p) for p in pages]
    pages = strip_running_lines(pages)
    return [clean_text(p, infer_headings) for p in pages]


def clean_text(text: str, infer_headings: bool = True) -> str:
    """Clean the text of one page (footnotes stay on the page they were found on)."""
    lines = text.split("\n")
    lines, footnotes = _extract_footnotes(lines)
    lines = _mark_bullets(lines)
    lines = _join_hyphenated(lines)
    paragraphs = _paragraphs(lines, infer_headings)
    paragraphs += [f"[voetnoot {n}] {body}" for n, body in footnotes]
    return "\n\n".join(p for p in paragraphs if p).strip()


def resolve_conflict_markers(text: str) -> str:
    """Keep one side of git merge-conflict blocks left in a file (the side merged from
    main/master when labelled so, else the first) and drop the marker lines."""

    def keep(m: re.Match[str]) -> str:
        if m.group("ours").strip() in {"main", "master", "HEAD"} and m.group("theirs").strip() not in {"main", "master"}:
            return m.group("a")
        if m.group("theirs").strip() in {"main", "master"}:
            return m.group("b")
        return m.group("a")

    return _CONFLICT.sub(keep, text)


# --- characters -------------------------------------------------------------------------

def _normalise_chars(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u00ad", "")
    text = text.replace("\t", " ").replace("\u200b", "")
    for lig, plain in _LIGATURES.items():
        text = text.replace(lig, plain)
    return "\n".join(line.rstrip() for line in text.split("\n"))


# --- running headers and footers --------------------------------------------------------

def is_page_number(line: str) -> bool:
    """A line that is only a page number: "3", "- 3 -", "Pagina 2 van 5", "3 / 24"."""
    return bool(_PAGE_NUMBER.match(line))


def _line_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip().lower())


def strip_running_lines(pages: Sequence[str], edge: int = 3) -> list[str]:
    """Drop lines near the top or bottom of a page that repeat on most pages (digits
    ignored, so "Pagina 2 van 5" counts as repeating), and lone page numbers there."""
    split = [p.split("\n") for p in pages]
    counts: Counter[str] = Counter()
    for lines in split:
        counts.update({_line_key(l) for l in _edges(lines, edge) if l.strip()})
    needed = max(2, round(0.6 * len(pages)))
    running = {k for k, c in counts.items() if c >= needed} if len(pages) >= 2 else set()
    out = []
    for lines in split:
        edges = _edge_indexes(lines, edge)
        out.append("\n".join(
            line for i, line in enumerate(lines)
            if not (i in edges and (_line_key(line) in running or _PAGE_NUMBER.match(line)))
        ))
    return out


def _edge_indexes(lines: list[str], edge: int) -> set[int]:
    filled = [i for i, l in enumerate(lines) if l.strip()]
    return set(filled[:edge]) | set(filled[-edge:])


def _edges(lines: list[str], edge: int) -> list[str]:
    return [lines[i] for i in sorted(_edge_indexes(lines, edge))]


# --- footnotes --------------------------------------------------------------------------

def _marker_pattern(n: str) -> re.Pattern[str]:
    """A footnote number glued to the word or punctuation before it: "Dijkstra2", "2023.1"."""
    return re.compile(
        rf"(?:(?<=[^\W\d_]{{2}})|(?<=[^\W\d_][.,;:)\u2019\u201d])|(?<=\d{{4}}[.,;:)]))({n})(?!\d)(?=[\s,.;:]|$)"
    )


def _extract_footnotes(lines: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Move footnote blocks out of the running text and put "[N]" where the marker was.

    A footnote is a line "N text" that starts a block (after a blank line or another
    footnote) while the text before it has a glued marker N. Its continuation lines run
    to the next blank line, footnote, or a line that starts with a space (the start of
    the next page in text extracted as one stream). Where a block sat inside a sentence
    (page break mid-sentence), the sentence is rejoined.
    """
    out: list[str] = []
    notes: list[tuple[str, str]] = []
    i = 0
    while i < len(lines):
        marked = _MARKED_FOOTNOTE.match(lines[i])
        if marked:  # found by the layout: a footnote whether or not its marker is found
            _glue_marker(out, marked.group(1))
            notes.append((marked.group(1), marked.group(2).strip()))
            i += 1
            continue
        m = _FOOTNOTE_LINE.match(lines[i])
        starts_block = i > 0 and (not lines[i - 1].strip() or _is_note_context(out) or _at_page_foot(lines, i))
        if m and starts_block and _glue_marker(out, m.group(1)):
            body = [m.group(2).strip()]
            i += 1
            while (i < len(lines) and lines[i].strip() and not lines[i][:1].isspace()
                   and not _FOOTNOTE_LINE.match(lines[i]) and not _MARKED_FOOTNOTE.match(lines[i])
                   and not _MARKED_HEADING.match(lines[i])):
                body.append(lines[i].strip())
                i += 1
            notes.append((m.group(1), join_note(body)))
            out.append("\x00note")  # placeholder: lets the paragraph pass rejoin around it
            continue
        out.append(lines[i])
        i += 1
    return _rejoin_around_notes(out), notes


def _at_page_foot(lines: list[str], i: int) -> bool:
    """pypdf drops blank lines: a footnote also starts after a finished sentence near the
    bottom of the page (at most 8 lines follow)."""
    prev = lines[i - 1].rstrip()
    return prev[-1:] in ".!?" and sum(1 for l in lines[i + 1:] if l.strip()) <= 8


def _is_note_context(out: list[str]) -> bool:
    return bool(out) and out[-1] == "\x00note"


def _glue_marker(before: list[str], n: str) -> bool:
    """Replace the last glued marker n in the preceding lines by "[n]"; False if none."""
    pattern = _marker_pattern(n)
    for j in range(len(before) - 1, -1, -1):
        matches = list(pattern.finditer(before[j]))
        if matches:
            m = matches[-1]
            before[j] = f"{before[j][:m.start()]}[{n}]{before[j][m.end():]}"
            return True
    return False


def join_note(parts: list[str]) -> str:
    """Join the lines of a footnote (a URL broken after "-" or "/" is joined without a space)."""
    text = parts[0]
    for part in parts[1:]:
        text = text + part if text.endswith(("-", "/")) else f"{text} {part}"
    return text


def _rejoin_around_notes(lines: list[str]) -> list[str]:
    """Drop note placeholders; if the text before one stops mid-sentence, glue the next
    text line to it (skipping the blank lines of the page break)."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if lines[i] != "\x00note":
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and (lines[j] == "\x00note" or not lines[j].strip()):
            j += 1
        prev = next((k for k in range(len(out) - 1, -1, -1) if out[k].strip()), None)
        mid_sentence = prev is not None and out[prev].rstrip()[-1:] not in ".!?:" and j < len(lines)
        if prev is not None and mid_sentence and not _BULLET.match(lines[j]):
            del out[prev + 1:]
            out[prev] = out[prev].rstrip() + " " + lines[j].strip()
            i = j + 1
        else:
            out.append("")
            i = j
    return out


# --- bullets, hyphenation, headings, paragraphs ----------------------------------------

def _mark_bullets(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        m = _BULLET.match(line)
        if m and line[m.end():].strip():
            line = "- " + line[m.end():].strip()
        elif m:
            line = ""
        else:
            d = _DASH_BULLET.match(line)
            prev = next((l for l in reversed(out) if l.strip()), "")
            if d and (not out or not out[-1].strip() or prev.startswith("- ") or prev.rstrip().endswith((":", ".", ";"))):
                line = "- " + line[d.end():].strip()
        out.append(line)
    return out


def _join_hyphenated(lines: list[str]) -> list[str]:
    """ver-/antwoord -> verantwoord; AI-/toepassing keeps its hyphen; a URL broken at a
    hyphen is rejoined without a space."""
    out: list[str] = []
    for line in lines:
        prev = out[-1] if out else ""
        m = None if _MARKED_HEADING.match(prev) else re.search(r"(\S*?)([^\W_])-$", prev)
        nxt = line.lstrip()
        if m and nxt and not line.startswith(("- ", "#")) and (nxt[0].isalnum()):
            drop = m.group(2).islower() and nxt[0].islower() and "://" not in m.group(1)
            out[-1] = (prev[:-1] if drop else prev) + nxt.split(" ", 1)[0]
            rest = nxt.split(" ", 1)[1] if " " in nxt else ""
            if rest:
                out.append(rest)
            elif not line.strip():
                out.append(line)
            continue
        out.append(line)
    return out


def heading_level(line: str, standalone: bool) -> int | None:
    """Markdown level for a section heading line of PDF text, or None.

    Numbered headings ("2.1 Titel", "Hoofdstuk 4") are recognised anywhere; short
    unnumbered lines only when they stand alone (blank line before, no final punctuation).
    """
    text = line.strip()
    if not text or len(text) > 90 or text[-1] in _SENTENCE_END or text.startswith("- "):
        return None
    m = _NUMBERED_HEADING.match(text)
    if m and len(text.split()) <= 12:
        if m.group("chapter"):
            return 1
        return 2 + m.group("num").count(".")
    words = text.split()
    if standalone and len(words) <= 6 and len(text) <= 50 and text[0].isupper() and not text[0].isdigit():
        return 2
    return None


def _line_width(lines: list[str]) -> int:
    """The usual full line length of the page (80th percentile), to spot short last lines."""
    lengths = sorted(len(l.strip()) for l in lines if l.strip())
    return max(60, lengths[int(0.8 * (len(lengths) - 1))]) if lengths else 60


def _paragraphs(lines: list[str], infer_headings: bool = True) -> list[str]:
    """Join hard-wrapped lines into paragraphs; list items and headings get their own."""
    width = _line_width(lines)
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            paragraphs.append(re.sub(r"[ ]{2,}", " ", " ".join(current)).strip())
            current.clear()

    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            flush()
            continue
        if _MARKED_HEADING.match(line):
            flush()
            paragraphs.append(line)
            continue
        standalone = not current and (i == 0 or not lines[i - 1].strip())
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        level = None
        if infer_headings and not line.startswith("#"):
            level = heading_level(line, standalone and (not nxt or nxt[0].isupper() or nxt.startswith("- ")))
        if level:
            flush()
            paragraphs.append("#" * level + " " + line)
            continue
        if line.startswith("- "):
            flush()
        current.append(line)
        # a short line ending a sentence closes the paragraph (pypdf drops blank lines)
        if line[-1] in ".!?:" and len(line) < 0.7 * width:
            flush()
    flush()
    return paragraphs
