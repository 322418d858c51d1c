"""The write lease: one refresh at a time per index, also across hosts sharing a server.

The lease is a collection `{prefix}-lease` whose metadata names its owner and when it
expires. Creating a collection whose name exists fails on the server, so exactly one
writer gets it. The owner renews it while it works; a refresh that was killed leaves a
lease that expires, and the next refresh takes it over. Before it switches the pointer or
deletes anything, a writer checks that the lease is still its own.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from wijzer.errors import RefreshBusyError

log = logging.getLogger(__name__)

LEASE_TTL_S = 60.0  # a killed refresh blocks others this long at most


class Lease:
    """Held by one refresh while it plans, writes and cleans up versions.

    `call(fn, *args, **kwargs)` runs each Chroma call (turning a dead server into one
    Dutch line, while letting Chroma's own errors through: a name conflict means busy)."""

    def __init__(self, client: Any, prefix: str, call: Callable[..., Any],
                 ttl: float = LEASE_TTL_S) -> None:
        self.client = client
        self.name = f"{prefix}-lease"
        self.ttl = ttl
        self.owner = secrets.token_hex(8)
        self.host = socket.gethostname()
        self.label = f"{self.host} (proces {os.getpid()})"
        self.started = 0.0  # when it was taken (server-side age rule, see versions.removable)
        self._call = call
        self._collection: Any = None
        self._lost = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # --- taking and giving back ---
    def acquire(self) -> None:
        """Take the lease or raise RefreshBusyError naming who holds it."""
        from chromadb.errors import ChromaError

        for _ in range(3):
            try:
                self._collection = self._call(
                    self.client.create_collection, self.name, metadata=self._metadata(),
                    embedding_function=None,
                )
                break
            except ChromaError as exc:  # the name exists: someone holds (or held) it
                if self._is_missing(exc):
                    raise
                holder = self._holder()
                if holder is not None and not _stale(holder):
                    raise _busy(holder) from None
                if holder is not None:  # its refresh was killed
                    self._delete()
        else:
            raise RefreshBusyError(
                "Een andere verversing neemt net de index over. Probeer het over een minuut opnieuw."
            )
        self.started = time.time()
        self._thread = threading.Thread(target=self._heartbeat, name="wijzer-lease", daemon=True)
        self._thread.start()

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        holder = self._holder()
        if holder is not None and holder.get("owner") == self.owner:
            self._delete()

    # --- while working ---
    def check(self) -> None:
        """Raise RefreshBusyError unless the lease is still ours (before any switch or delete)."""
        holder = self._holder()
        if self._lost or holder is None or holder.get("owner") != self.owner:
            raise RefreshBusyError(
                "Deze verversing is haar schrijfrecht op de index kwijt (verlopen of overgenomen "
                f"door {holder.get('label') if holder else 'niemand'}); er is niets omgezet. "
                "Probeer het opnieuw."
            )

    def _heartbeat(self) -> None:
        while not self._stop.wait(self.ttl / 4):
            try:
                holder = self._holder()
                if holder is None or holder.get("owner") != self.owner:
                    self._lost = True
                    return
                self._call(self._collection.modify, metadata=self._metadata())
            except Exception as exc:  # noqa: BLE001 - a failed renewal shows up at check()
                log.warning("Schrijfclaim niet verlengd: %r", exc)

    # --- helpers ---
    def _metadata(self) -> dict[str, Any]:
        now = time.time()
        return {"owner": self.owner, "label": self.label, "host": self.host, "pid": os.getpid(),
                "since": self.started or now, "expires": now + self.ttl}

    def _holder(self) -> dict[str, Any] | None:
        from chromadb.errors import NotFoundError

        try:
            col = self._call(self.client.get_collection, self.name, embedding_function=None)
        except NotFoundError:
            return None
        return dict(col.metadata or {})

    def _delete(self) -> None:
        from chromadb.errors import NotFoundError

        try:
            self._call(self.client.delete_collection, self.name)
        except NotFoundError:
            pass

    @staticmethod
    def _is_missing(exc: Exception) -> bool:
        from chromadb.errors import NotFoundError

        return isinstance(exc, NotFoundError)


def _stale(holder: dict[str, Any]) -> bool:
    """A lease nobody holds any more: expired, or its process on this host is gone (so a
    refresh killed here does not block the next one for the rest of the expiry time)."""
    if float(holder.get("expires", 0)) <= time.time():
        return True
    if holder.get("host") != socket.gethostname() or not isinstance(holder.get("pid"), int):
        return False
    try:
        os.kill(holder["pid"], 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, under another user
        return False
    return False


def _busy(holder: dict[str, Any]) -> RefreshBusyError:
    since = datetime.fromtimestamp(float(holder.get("since", 0)), UTC).strftime("%H:%M:%S")
    return RefreshBusyError(
        f"Er loopt al een verversing van deze index (door {holder.get('label', 'een ander proces')}, "
        f"sinds {since} UTC). Wacht tot die klaar is en probeer het dan opnieuw."
    )
