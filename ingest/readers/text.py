"""Plain UTF-8 text. Text made from a PDF (like the seed letter) gets the PDF cleaning;
form feeds (as written by pdftotext) separate numbered pages."""

from __future__ import annotations

from pathlib import Path

from wijzer.errors import SourceError
from wijzer.types import Page

from ingest.cleaning import clean_pages


def decode_utf8(path: Path, data: bytes) -> str:
    """Strict UTF-8 (a BOM is allowed); binary or other encodings are refused."""
    if b"\x00" in data[:8192]:
        raise SourceError(f"{path.name}: dit is een binair bestand, geen tekst. "
                          "Gebruik het juiste bestandstype (bijvoorbeeld .pdf) of verwijder het.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path.name}: de tekst is geen UTF-8 (onleesbaar teken op positie {exc.start}). "
                          "Sla het bestand op als UTF-8 en probeer opnieuw.") from None


def read(path: Path, data: bytes) -> tuple[list[Page], dict[str, str]]:
    text = decode_utf8(path, data)
    raw_pages = text.split("\f")
    cleaned = clean_pages(raw_pages)
    if len(raw_pages) == 1:
        pages = [Page(number=None, text=cleaned[0])]
    else:
        pages = [Page(number=i + 1, text=t) for i, t in enumerate(cleaned)]
    return pages, {"title": title} if (title := title_line(text)) else {}


def title_line(text: str) -> str:
    """A short first line followed by a blank line is the title ("Parkeervergunning\n\n...")."""
    lines = text.lstrip("\ufeff").lstrip("\n").split("\n", 2)
    first = lines[0].strip()
    blank_after = len(lines) > 1 and not lines[1].strip()
    if first and blank_after and len(first) <= 80 and first[-1] not in ".,;:":
        return first
    return ""


def decode_html(path: Path, data: bytes) -> str:
    """HTML: UTF-8, or the charset the page declares (many government pages are UTF-8)."""
    import re

    if b"\x00" in data[:8192]:
        return decode_utf8(path, data)
    m = re.search(rb"""charset=["']?([\w-]+)""", data[:4096], re.I)
    encoding = m.group(1).decode("ascii").lower() if m else "utf-8"
    try:
        return data.decode(encoding if encoding != "utf-8" else "utf-8-sig")
    except (LookupError, UnicodeDecodeError):
        return decode_utf8(path, data)
