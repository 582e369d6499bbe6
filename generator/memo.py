"""Results kept in memory for a process that reads and checks the same files again and again
(the preview server). Off unless `remember()` is called, so a build never uses them."""

from __future__ import annotations

from typing import Any

LIMIT = 50_000  # entries per memo; beyond it a memo starts again empty


class Memo:
    """One kind of remembered result (parses, body checks, records), keyed by exact inputs."""

    def __init__(self) -> None:
        self.store: dict[Any, Any] | None = {} if _ON else None  # modules imported later follow remember()
        _ALL.append(self)

    @property
    def enabled(self) -> bool:
        return self.store is not None

    def lookup(self, key: Any) -> Any:
        """The value kept for `key`, or None."""
        return self.store.get(key) if self.store is not None else None

    def keep(self, key: Any, value: Any) -> None:
        if self.store is None:
            return
        if len(self.store) >= LIMIT:
            self.store.clear()
        self.store[key] = value


_ALL: list[Memo] = []
_ON = False


def remember(enabled: bool = True) -> None:
    """Turn every memo on (empty) or off, including those of modules not imported yet."""
    global _ON
    _ON = enabled
    for memo in _ALL:
        memo.store = {} if enabled else None
