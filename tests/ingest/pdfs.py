"""Small real PDFs for the reader tests, generated with fpdf2 (core fonts, cp1252)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

HEADER = "Ministerie van Testzaken | Standpunt generatieve AI"
PAGES = [
    [
        "1 Inleiding",
        ("Dit standpunt geldt voor alle overheidsorganisaties in Nederland. Het is opgesteld samen met de "
         "medeoverheden en wordt de komende periode in de praktijk beproefd."),
        "Medewerkers moeten generatieve AI op een ver-",  # hyphenated across the line end
        "antwoorde manier gebruiken, zoals besproken in december 2023.1 Daarna volgt de uitwerking.",
    ],
    [
        "2.1 Online toepassingen",
        "Voor online toepassingen gelden de volgende regels:",
        "\u2022 gebruik geen persoonsgegevens in een AI-toepassing die voor iedereen toegankelijk is;",
        "\u2022 controleer de uitvoer altijd zelf.",
        "Een mens blijft verantwoordelijk voor elk besluit.",
    ],
    [
        "2.2 Inkoop",
        "Bij de inkoop van generatieve AI worden afspraken gemaakt over dataretentie en hertraining.",
    ],
]
FOOTNOTE = "1 Voorlopig standpunt, 11 december 2023."


def make_pdf(path: Path, pages: list[list[str]] = PAGES, header: str | None = HEADER, footer: bool = True,
             footnote_on_first: str | None = FOOTNOTE) -> Path:
    """Pages of lines (each line its own cell, so a line ending in '-' stays at a line end),
    with a running header, a 'Pagina N van M' footer and a footnote on page 1."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(False)
    for n, lines in enumerate(pages, 1):
        pdf.add_page()
        pdf.set_font("helvetica", size=9)
        if header:
            pdf.cell(0, 6, header, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=11)
        for line in lines:
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        if n == 1 and footnote_on_first:
            pdf.set_y(-35)
            pdf.set_font("helvetica", size=8)
            pdf.cell(0, 5, footnote_on_first, new_x="LMARGIN", new_y="NEXT")
        if footer:
            pdf.set_y(-20)
            pdf.set_font("helvetica", size=8)
            pdf.cell(0, 5, f"Pagina {n} van {len(pages)}")
    path.write_bytes(bytes(pdf.output()))
    return path


def make_image_only_pdf(path: Path) -> Path:
    """A PDF whose page has only a drawing and no text layer (like a scan)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(30, 30, 30)
    pdf.rect(20, 20, 100, 60, style="F")
    path.write_bytes(bytes(pdf.output()))
    return path


def make_empty_pdf(path: Path) -> Path:
    """A valid PDF without pages."""
    from pypdf import PdfWriter

    buf = io.BytesIO()
    PdfWriter().write(buf)
    path.write_bytes(buf.getvalue())
    return path


def make_encrypted_pdf(
    source: Path, path: Path, password: str = "geheim", algorithm: str = "RC4-128"
) -> Path:
    """Encrypted with `password` as the user password ("" = copy protection only: it opens
    without asking, the owner password guards printing and copying)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(source).pages:
        writer.add_page(page)
    owner = password + "-eigenaar"
    writer.encrypt(user_password=password, owner_password=owner, algorithm=algorithm)
    buf = io.BytesIO()
    writer.write(buf)
    path.write_bytes(buf.getvalue())
    return path


# --- typeset excerpts of the real government PDFs (layout: sizes, bold, positions) ----------

@dataclass(frozen=True)
class T:
    """A run of text on a typeset page: `size` in points, `bold`; `at` = (x, y) in mm from
    the top left starts it at a fixed place (a column, the page foot), else it flows on;
    `width` in mm (0: to the right margin); `note` a superscript footnote number after it."""

    text: str
    size: float = 9
    bold: bool = False
    at: tuple[float, float] | None = None
    width: float = 0
    note: str = ""


def make_typeset_pdf(path: Path, pages: list[list[T]], title: str | None = None) -> Path:
    """Pages of text runs, each run its own paragraph, like a publisher's layout."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(False)
    if title is not None:
        pdf.set_title(title)
    for runs in pages:
        pdf.add_page()
        for run in runs:
            if run.at:
                pdf.set_xy(*run.at)
            left = pdf.get_x()
            pdf.set_left_margin(left)
            if run.width:
                pdf.set_right_margin(pdf.w - left - run.width)
            pdf.set_font("helvetica", "B" if run.bold else "", run.size)
            height = run.size * 0.5
            pdf.write(height, run.text)
            if run.note:
                pdf.char_vpos = "SUP"
                pdf.write(height, run.note)
                pdf.char_vpos = "LINE"
            pdf.ln(height * 1.4)
            pdf.set_left_margin(10)
            pdf.set_right_margin(10)
            pdf.set_x(10)
    path.write_bytes(bytes(pdf.output()))
    return path
