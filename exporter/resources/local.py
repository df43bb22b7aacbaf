"""resources: a lesson's local image file, found inside the course folder and nowhere else.

A relative path is read against the lesson's folder; a site-root path (``/assets/x.png``)
against the course root. The path is percent-decoded and its links resolved before it is
checked, so neither ``../`` nor a symbolic link can leave the course; only regular files are
read (a device or a pipe could block the export forever).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 50_000_000
"""The largest image file read, local or downloaded."""


@dataclass(frozen=True)
class Place:
    """Where a lesson's relative addresses are resolved."""

    lesson_dir: Path
    """The folder of the lesson file."""
    root: Path
    """The course root: site-root paths start here, and no image may come from outside it."""


def resolve(path: str, place: Place) -> Path | str:
    """Return the file ``path`` names inside the course root, or why it is refused."""
    if not path:
        return "the address is empty"
    base = place.root if path.startswith("/") else place.lesson_dir
    try:
        target = (base / path.lstrip("/")).resolve()
        root = place.root.resolve()
        exists = target.exists()
    except ValueError:
        return "the path cannot be read: it holds a NUL character"
    except RuntimeError:
        return "the path cannot be read: its symbolic links loop"
    except OSError as exc:  # a name too long, say
        return f"the path cannot be read: {exc.strerror or exc}"
    if not target.is_relative_to(root):
        return f"it lies outside the course folder {root}"
    if not exists:
        if path.startswith("/"):
            return f"no such file (a path starting with / is read from the course folder {root})"
        return "no such file"
    if target.is_dir():
        return "it is a folder, not an image file"
    if not target.is_file():
        return "it is not a regular file (a device, a pipe or a socket)"
    return target


def read_file(path: Path, largest: int | None = MAX_BYTES) -> bytes | str:
    """Return the bytes of the regular file at ``path`` (at most ``largest``; ``None``: any
    size), or why it cannot be read.

    The file is opened without blocking and checked again once open, so that a file swapped
    for a pipe (or a folder) after ``resolve`` looked at it cannot hang the export.
    """
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        return f"cannot read {path.name}: {exc.strerror}"
    try:
        facts = os.fstat(handle)
        if not stat.S_ISREG(facts.st_mode):
            return "it is not a regular file (a device, a pipe or a socket)"
        if largest is not None and facts.st_size > largest:
            return f"the file is larger than {largest // 1_000_000} MB"
        with os.fdopen(handle, "rb", closefd=False) as stream:
            return stream.read() if largest is None else stream.read(largest + 1)
    except OSError as exc:
        return f"cannot read {path.name}: {exc.strerror}"
    finally:
        os.close(handle)
