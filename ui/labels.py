"""How the page names things: publications with their date, modes, numbers (Dutch style).

A policy advisor checks a citation by its publication ("Kamerbrief, april 2025",
"Algoritmekader, juni 2026"), so the name comes from the chunk's `collection` (the
publication a page belongs to) and otherwise from its kind. Numbers use the decimal comma
and a dot between thousands, as Dutch readers expect.
"""

from __future__ import annotations

import re

from ui import texts
from wijzer.types import Answer, Chunk

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def dutch_date(iso: str) -> str:
    """'2025-04-22' -> '22 april 2025', '2026-06' -> 'juni 2026', '2023' -> '2023'; other
    text is shown as it is (a manifest may say 'voorjaar 2024')."""
    m = _ISO.match(iso.strip())
    if not m:
        return iso.strip()
    year, month, day = m.groups()
    if not month or not 1 <= int(month) <= 12:
        return year
    name = texts.MONTHS[int(month) - 1]
    return f"{int(day)} {name} {year}" if day else f"{name} {year}"


def publication_name(collection: str, kind: str) -> str:
    """The publication a passage belongs to: its collection, else the kind as a word."""
    if collection.strip():
        return collection.strip()
    return texts.PUBLICATION_KINDS.get(kind, texts.PUBLICATION_KINDS["other"])


def publication(chunk: Chunk) -> str:
    """'Kamerbrief, april 2025': publication name and date ('datum onbekend' without one,
    so a reader sees the date is unknown rather than overlooked)."""
    name = publication_name(chunk.collection, chunk.kind)
    name = name[:1].upper() + name[1:]
    return f"{name}, {dutch_date(chunk.date) if chunk.date.strip() else texts.NO_DATE}"


def mode(value: str) -> str:
    """'extractive' -> 'citaten', 'llm' -> 'taalmodel' (unknown values shown as they are)."""
    return texts.MODES.get(value, value)


def number(value: float, decimals: int = 0) -> str:
    """12345.6 -> '12.345,6': Dutch digit grouping and the decimal comma."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def known_note(answer: Answer) -> str | None:
    """Which known question shaped the choice of quotes, so a reader who asked something
    else can tell and rephrase; None when none did (or nothing was answered)."""
    if not answer.known_questions or answer.refused:
        return None
    return texts.KNOWN_QUESTION.format(question=answer.known_questions[0])
