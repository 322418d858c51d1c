"""PDF through pypdf, page by page (page numbers kept), then cleaned (ingest.cleaning)."""

from __future__ import annotations

import io
from pathlib import Path

from wijzer.errors import SourceError
from wijzer.types import Page

from ingest.cleaning import clean_pages


def read(path: Path, data: bytes) -> tuple[list[Page], dict[str, str]]:
    reader = _open(path, data)
    try:
        raw = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many types on damaged content streams
        raise SourceError(f"{path.name}: de tekst van de PDF is niet te lezen ({type(exc).__name__}). "
                          "Het bestand is waarschijnlijk beschadigd; download het opnieuw.") from None
    if not raw:
        raise SourceError(f"{path.name}: de PDF heeft geen pagina's. Download het document opnieuw.")
    if not any(t.strip() for t in raw):
        raise SourceError(
            f"{path.name}: de PDF heeft geen tekstlaag; OCR wordt niet ondersteund (de pagina's zijn "
            "afbeeldingen, bijvoorbeeld een scan). Gebruik een PDF met tekst, of zet de tekst in een .txt-bestand."
        )
    pages = [Page(number=i + 1, text=t) for i, t in enumerate(clean_pages(raw))]
    return pages, _metadata(reader)


def _open(path: Path, data: bytes):
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise SourceError(f"{path.name}: dit is geen PDF-bestand (het begint niet met %PDF). "
                          "Controleer het bestand of download het opnieuw.")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError(f"{path.name}: de PDF is beveiligd met een wachtwoord. "
                              "Zet een onbeveiligde versie in knowledge/.")
        len(reader.pages)
        return reader
    except SourceError:
        raise
    except DependencyError:
        raise SourceError(f"{path.name}: de PDF is versleuteld (AES) en kan zonder het pakket "
                          "'cryptography' niet worden gelezen. Zet een onbeveiligde versie in knowledge/.") from None
    except (PdfReadError, Exception) as exc:
        raise SourceError(f"{path.name}: de PDF is beschadigd en niet te lezen ({exc}). "
                          "Download het document opnieuw.") from None


def _metadata(reader) -> dict[str, str]:
    try:
        info = reader.metadata
        title = (info.title or "").strip() if info else ""
    except Exception:
        title = ""
    return {"title": title, "pages": str(len(reader.pages))}
