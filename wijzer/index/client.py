"""The Chroma client (local folder or HTTP server) and what its failures mean to a user.

Every call into Chroma goes through `store_errors`, so a server that stops while the app
runs becomes one Dutch line (IndexUnavailableError) instead of an httpx traceback.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from wijzer.errors import IndexUnavailableError, SettingsError
from wijzer.settings import Settings

log = logging.getLogger(__name__)


def index_folder(settings: Settings, create: bool) -> Path:
    """The local index folder (Chroma files, embedding cache, locks); created on request.

    A path that names a file is a settings error, not a traceback from mkdir."""
    folder = Path(settings.index_dir)
    if folder.exists() and not folder.is_dir():
        raise SettingsError(
            f"Ongeldige instelling WIJZER_INDEX_DIR: '{folder}' is een bestand, geen map. "
            "Kies een map (bijvoorbeeld data/index) of verwijder het bestand."
        )
    if create:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SettingsError(
                f"Ongeldige instelling WIJZER_INDEX_DIR: de map '{folder}' kan niet worden gemaakt "
                f"({exc.strerror or exc}). Kies een map waarin geschreven mag worden."
            ) from exc
    return folder


def local_store_path(settings: Settings) -> Path:
    return Path(settings.index_dir) / "chroma"


def local_store_exists(settings: Settings) -> bool:
    """Whether a local index was ever written (reading must not create one)."""
    return (local_store_path(settings) / "chroma.sqlite3").is_file()


def make_client(settings: Settings) -> Any:
    """Chroma's HTTP client when a server address is set, else the persistent local one."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if not url.hostname:
            raise SettingsError(
                f"Ongeldige instelling WIJZER_CHROMA_URL: '{settings.chroma_url}' "
                "(verwacht bijvoorbeeld http://127.0.0.1:8000)."
            )
        ssl = url.scheme == "https"
        port = url.port or (443 if ssl else 8000)
        with store_errors(settings):
            return chromadb.HttpClient(host=url.hostname, port=port, ssl=ssl, settings=chroma_settings)
    path = local_store_path(settings)
    index_folder(settings, create=True)
    path.mkdir(exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def unavailable(settings: Settings, exc: BaseException) -> IndexUnavailableError:
    """The Dutch line for a store that does not answer (server down, wrong address)."""
    if settings.chroma_url:
        return IndexUnavailableError(
            f"De Chroma-server op {settings.chroma_url} reageert niet ({exc.__class__.__name__}). "
            "Start de server (chroma run) of vraag de beheerder dat te doen, en probeer het "
            "opnieuw; of maak WIJZER_CHROMA_URL leeg voor de lokale index."
        )
    return IndexUnavailableError(
        f"De lokale index in {local_store_path(settings)} is niet leesbaar "
        f"({exc.__class__.__name__}: {exc}). Bouw hem opnieuw met `python -m ingest --rebuild`."
    )


@contextlib.contextmanager
def store_errors(settings: Settings, server_errors: bool = True) -> Iterator[None]:
    """Turn connection errors, and with `server_errors` Chroma's own errors, into
    IndexUnavailableError. NotFoundError passes: callers decide what a missing collection
    means (and the lease reads a name conflict itself)."""
    import httpx
    from chromadb.errors import ChromaError, NotFoundError

    caught: tuple[type[BaseException], ...] = (httpx.HTTPError, ConnectionError)
    if server_errors:
        caught += (ChromaError,)
    try:
        yield
    except NotFoundError:
        raise
    except caught as exc:
        log.warning("Chroma-fout: %r", exc)
        raise unavailable(settings, exc) from exc
    except ValueError as exc:  # HttpClient() reports a refused first connection this way
        if not settings.chroma_url:
            raise
        log.warning("Chroma-fout: %r", exc)
        raise unavailable(settings, exc) from exc


def is_not_found(exc: BaseException) -> bool:
    from chromadb.errors import NotFoundError

    return isinstance(exc, NotFoundError)
