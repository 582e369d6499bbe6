"""Results kept in memory by a process that reads and checks the same files again and again (the
preview server): parses, records and body checks of files that did not change.

They live in a `Caches` object that the caller owns and passes to the stages
(`pipeline.load(..., caches)`, `pipeline.validate(..., caches)`), which make it the active one
while they run; the modules that remember (`Memo`) look it up there. With no caches passed (every
build), nothing is remembered, and two previews in one process never share a result."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

LIMIT = 50_000  # entries per memo; beyond it a memo starts again empty


class Caches:
    """What one preview keeps between saves: one store per kind of result."""

    def __init__(self) -> None:
        self.stores: dict[str, dict[Any, Any]] = {}


_ACTIVE: ContextVar[Caches | None] = ContextVar("assembly_caches", default=None)


@contextmanager
def using(caches: Caches | None) -> Iterator[None]:
    """Make `caches` the active one (None: remember nothing) while the block runs."""
    token = _ACTIVE.set(caches)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


class Memo:
    """One kind of remembered result (parses, body checks, records), keyed by exact inputs, kept
    in the active Caches."""

    def __init__(self, name: str) -> None:
        self.name = name

    @property
    def store(self) -> dict[Any, Any] | None:
        caches = _ACTIVE.get()
        return None if caches is None else caches.stores.setdefault(self.name, {})

    @property
    def enabled(self) -> bool:
        return _ACTIVE.get() is not None

    def lookup(self, key: Any) -> Any:
        """The value kept for `key`, or None."""
        store = self.store
        return store.get(key) if store is not None else None

    def keep(self, key: Any, value: Any) -> None:
        store = self.store
        if store is None:
            return
        if len(store) >= LIMIT:
            store.clear()
        store[key] = value
