"""The index layer, one module per concern:

- `records`: chunk <-> Chroma metadata (the one mapping);
- `vectors`: unit vectors, exact cosine top-k, BLAS thread control;
- `snapshot`: one immutable version for reading (in memory, or searched on the server);
- `client`: the Chroma client and what its failures mean to a user;
- `versions`: the pointer record, version names, which versions may be deleted;
- `lease`: one writer at a time per index, across hosts;
- `store`: `Index`, which ties them together.
"""

from wijzer.errors import (
    IndexMissingError,
    IndexUnavailableError,
    ModelMismatchError,
    RefreshBusyError,
)
from wijzer.index.client import make_client
from wijzer.index.records import chunk_from_record, chunk_metadata
from wijzer.index.snapshot import MemorySnapshot, Snapshot, StoreSnapshot
from wijzer.index.store import Index, configured_model_id
from wijzer.index.vectors import normalise
from wijzer.index.versions import IndexState

__all__ = [
    "Index",
    "IndexMissingError",
    "IndexState",
    "IndexUnavailableError",
    "MemorySnapshot",
    "ModelMismatchError",
    "RefreshBusyError",
    "Snapshot",
    "StoreSnapshot",
    "chunk_from_record",
    "chunk_metadata",
    "configured_model_id",
    "make_client",
    "normalise",
]
