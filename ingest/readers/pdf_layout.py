"""Text lines of a PDF page with their font size, boldness and position.

pypdf's plain `extract_text()` loses what a reader sees: that a line is printed larger
(a heading), small at the foot of the page (a footnote) or in the page margin (a page
number). Its visitor callback reports every piece of text it emits together with the
text and transformation matrices and the font, and the pieces concatenate to exactly the
text `extract_text()` returns. This module cuts that stream into lines and gives each
the size and weight of most of its characters and the position of its first piece.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|extrabold|ultrabold", re.IGNORECASE)
# A footnote number at the start of a piece of text ("11" in "11 Zij kunnen").
_MARKER = re.compile(r"^\s*(\d{1,3})(?=\s|$|[.,;:)])")


@dataclass(frozen=True)
class Line:
    """One line of extracted text. `size` is the effective font size in points (font size
    times the text scaling of the page); `y` the baseline measured from the page bottom."""

    text: str
    size: float = 0.0
    bold: bool = False
    x: float = 0.0
    y: float = 0.0

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class PageLayout:
    lines: tuple[Line, ...]
    width: float
    height: float

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass
class _Piece:
    text: str
    size: float
    bold: bool
    x: float
    y: float


def page_layout(page: Any) -> PageLayout:
    """Lines of one pypdf page (raises what pypdf raises on a damaged content stream)."""
    pieces: list[_Piece] = []
    bold_cache: dict[int, bool] = {}
    box = page.mediabox
    left, bottom = float(box.left), float(box.bottom)

    def visit(text: str, cm: list[float], tm: list[float], font: Any, font_size: float) -> None:
        if not text:
            return
        m = _mult(tm, cm)
        scale = math.hypot(m[2], m[3]) or 1.0
        pieces.append(
            _Piece(
                text,
                float(font_size or 0) * scale,
                _is_bold(font, bold_cache),
                m[4] - left,
                m[5] - bottom,
            )
        )

    page.extract_text(visitor_text=visit)
    return PageLayout(tuple(_lines(pieces)), float(box.width), float(box.height))


def _lines(pieces: list[_Piece]) -> list[Line]:
    lines: list[Line] = []
    current: list[_Piece] = []
    for piece in pieces:
        parts = piece.text.split("\n")
        for i, part in enumerate(parts):
            if part:
                current.append(_Piece(part, piece.size, piece.bold, piece.x, piece.y))
            if i < len(parts) - 1:
                lines.append(_line(current))
                current = []
    if current:
        lines.append(_line(current))
    return lines


def _line(pieces: list[_Piece]) -> Line:
    if not pieces:
        return Line("")
    sizes: Counter[float] = Counter()
    bold = normal = 0
    texts: list[str] = []
    prev: _Piece | None = None
    prev_size = 0.0
    for p in pieces:
        text, size = p.text, p.size
        if prev is not None and _superscript(p, prev):
            text = _MARKER.sub(lambda m: f"[{m.group(1)}]", text, count=1)
            size = prev_size  # pypdf reports the rest of the piece at the marker's size
        texts.append(text)
        n = sum(1 for c in text if not c.isspace())
        sizes[round(size, 1)] += n
        bold, normal = (bold + n, normal) if p.bold else (bold, normal + n)
        if text.strip():
            prev, prev_size = p, size
    size = sizes.most_common(1)[0][0] if sum(sizes.values()) else 0.0
    first = next((p for p in pieces if p.text.strip()), pieces[0])
    return Line("".join(texts), size, bold > 0 and normal == 0, first.x, first.y)


def _superscript(piece: _Piece, prev: _Piece) -> bool:
    """A footnote number set smaller after other text on the line ("gebruiken.11 Zij")."""
    if not _MARKER.match(piece.text) or not 0 < piece.size < 0.8 * prev.size:
        return False
    raised = piece.y > prev.y + 0.1 * prev.size
    return raised or piece.text.strip().isdigit()


def _is_bold(font: Any, cache: dict[int, bool]) -> bool:
    if font is None:
        return False
    key = id(font)
    if key not in cache:
        try:
            font = font.get_object()
            name = str(font.get("/BaseFont", ""))
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            weight = (
                float(descriptor.get_object().get("/FontWeight", 0))
                if descriptor is not None
                else 0.0
            )
            cache[key] = bool(_BOLD_NAME.search(name)) or weight >= 600
        except Exception:  # noqa: BLE001 - a malformed font dictionary only costs the bold flag
            cache[key] = False
    return cache[key]


def _mult(m: list[float], n: list[float]) -> list[float]:
    """Product of two PDF transformation matrices [a b c d e f]."""
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
