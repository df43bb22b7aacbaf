"""fit: values remembered by the identities of the objects they were worked out from.

Splitting a page asks for the same heights, widths, lines and sentences again and again; they
are remembered here, beside the objects they belong to, and forgotten with them.
"""

from __future__ import annotations

import weakref
from collections.abc import Hashable, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Remembered(Generic[T]):
    """Values worked out from objects (and a key), remembered by the objects' identities.

    An entry is forgotten as soon as one of its objects is gone, so that a new object that
    gets its id is not taken for it, and nothing is kept alive for the sake of the cache.
    """

    def __init__(self) -> None:
        self.values: dict[tuple[tuple[int, ...], Hashable], tuple[T, list[weakref.ref[Any]]]]
        self.values = {}

    def get(self, objects: Sequence[object], key: Hashable) -> T | None:
        """Return the value remembered for ``objects`` and ``key``, if any."""
        found = self.values.get((tuple(map(id, objects)), key))
        return None if found is None else found[0]

    def put(self, objects: Sequence[object], key: Hashable, value: T) -> T:
        """Remember ``value`` for ``objects`` and ``key`` while they all live; return it."""
        entry = (tuple(map(id, objects)), key)

        def forget(_: object) -> None:
            self.values.pop(entry, None)

        self.values[entry] = (value, [weakref.ref(o, forget) for o in objects])
        return value
