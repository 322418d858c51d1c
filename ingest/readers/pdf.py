"""PDF through pypdf, page by page (page numbers kept), read with its layout, then cleaned.

The layout (font sizes, boldness, positions: ingest.readers.pdf_layout) gives headings,
footnotes, contents pages and the cover title (ingest.readers.pdf_structure); cleaning
(ingest.cleaning) then repairs the text. Metadata returned:

- "title": the title to show. The first page's largest text ("heading_title") when the
  PDF's own title is missing, names a file or template ("RO_PUBL_030_A4_Informatieblad",
  "Microsoft Word - x.docx") or shares no word with that heading (a title left over from
  another document); otherwise the PDF's own title.
- "heading_title": the first page's largest text, when it stands out ("" otherwise), so
  a caller that finds the chosen title taken by another document can fall back on it.
- "metadata_title": the PDF's own title as stored in the file, when it has one.
- "pages"; "toc_pages": the pages whose contents list was left out ("3" or "3,4"; the
  page stays, so page numbers stay right); "headings": heading lines found from the
  layout ("0": the text rules of ingest.cleaning found them).

pypdf's warnings about damaged but readable files ("Ignoring wrong pointing object") go
to the "wijzer.ingest.pdf" logger at INFO level, never to the console (pypdf logs them;
its `warnings.warn` calls are deprecations, for developers).
"""

from __future__ import annotations

import contextvars
import io
import logging
from pathlib import Path

from ingest.cleaning import clean_pages
from ingest.readers.pdf_layout import PageLayout, page_layout
from ingest.readers.pdf_structure import choose_title, mark_pages
from wijzer.errors import SourceError
from wijzer.types import Page

log = logging.getLogger("wijzer.ingest.pdf")
_current_file: contextvars.ContextVar[str] = contextvars.ContextVar("wijzer_pdf_file", default="?")


class _ToWijzerLog(logging.Handler):
    """Re-emit pypdf's records on the wijzer logger at INFO, naming the file being read."""

    def emit(self, record: logging.LogRecord) -> None:
        log.info("%s: pypdf: %s", _current_file.get(), record.getMessage())


def _route_pypdf_logging() -> None:
    pypdf_log = logging.getLogger("pypdf")
    if not any(h.get_name() == "wijzer" for h in pypdf_log.handlers):  # once, even on reload
        handler = _ToWijzerLog()
        handler.set_name("wijzer")
        pypdf_log.addHandler(handler)
    pypdf_log.propagate = False  # Python's last-resort handler would print it on stderr


_route_pypdf_logging()


def read(path: Path, data: bytes) -> tuple[list[Page], dict[str, str]]:
    token = _current_file.set(path.name)
    try:
        return _read(path, data)
    finally:
        _current_file.reset(token)


def _read(path: Path, data: bytes) -> tuple[list[Page], dict[str, str]]:
    from pypdf.errors import DependencyError

    reader = _open(path, data)
    try:
        layouts = [page_layout(page) for page in reader.pages]
    except DependencyError:
        raise _needs_cryptography(path) from None
    except Exception as exc:  # pypdf raises many types on damaged content streams
        # INFO: Python's last-resort handler would print a WARNING (and its traceback)
        log.info("%s: text extraction failed", path.name, exc_info=True)
        raise SourceError(f"{path.name}: de tekst van de PDF is niet te lezen ({type(exc).__name__}). "
                          "Het bestand is waarschijnlijk beschadigd; download het opnieuw.") from None
    if not layouts:
        raise SourceError(f"{path.name}: de PDF heeft geen pagina's. Download het document opnieuw.")
    if not any(layout.text.strip() for layout in layouts):
        raise SourceError(
            f"{path.name}: de PDF heeft geen tekstlaag; OCR wordt niet ondersteund (de pagina's zijn "
            "afbeeldingen, bijvoorbeeld een scan). Gebruik een PDF met tekst, of zet de tekst in een .txt-bestand."
        )
    structure = mark_pages(layouts)
    texts = clean_pages(structure.texts, infer_headings=structure.headings == 0)
    pages = [Page(number=i + 1, text=t) for i, t in enumerate(texts)]
    return pages, _metadata(reader, layouts, structure)


def _open(path: Path, data: bytes):
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise SourceError(f"{path.name}: dit is geen PDF-bestand (het begint niet met %PDF). "
                          "Controleer het bestand of download het opnieuw.")
    try:
        reader = PdfReader(io.BytesIO(data))
        # A copy-protected PDF has an empty user password: it opens without asking.
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError(f"{path.name}: de PDF is beveiligd met een wachtwoord. "
                              "Zet een onbeveiligde versie in knowledge/.")
        len(reader.pages)
        return reader
    except SourceError:
        raise
    except DependencyError:
        raise _needs_cryptography(path) from None
    except (PdfReadError, Exception) as exc:  # noqa: BLE001 - any parse failure means damaged
        raise SourceError(f"{path.name}: de PDF is beschadigd en niet te lezen ({exc}). "
                          "Download het document opnieuw.") from None


def _needs_cryptography(path: Path) -> SourceError:
    return SourceError(
        f"{path.name}: de PDF is beveiligd (versleuteld met AES) en kan zonder het pakket "
        "'cryptography' niet worden gelezen. Installeer de pakketten uit requirements.txt "
        "opnieuw, of zet een onbeveiligde versie in knowledge/."
    )


def _metadata(reader, layouts: list[PageLayout], structure) -> dict[str, str]:
    try:
        info = reader.metadata
        own = str(info.title or "").strip() if info else ""
    except Exception:  # noqa: BLE001 - a broken info dictionary only costs the title
        own = ""
    meta = {
        "title": choose_title(own, structure.heading_title),
        "heading_title": structure.heading_title,
        "metadata_title": own,
        "pages": str(len(layouts)),
        "toc_pages": ",".join(str(n) for n in structure.toc_pages),
        "headings": str(structure.headings),
    }
    return meta
