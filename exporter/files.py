"""write: files written whole or not at all, and the digest that tells what a file holds.

Every file the exporter writes (a lesson's outputs, the manifest, the reports, the download
cache's entries) goes to a temporary file beside it, named ``.NAME.xxxxxxxx.tmp``, which is
renamed into place once it is complete; a failure or an interrupt removes it. A build that was
killed outright leaves it, and the next build removes it by that name (``batch.LEFTOVER``).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import BinaryIO

from exporter.errors import ExporterError, error


def digest(data: bytes | Iterable[bytes]) -> str:
    """Return the SHA-256 of ``data`` (or of its pieces, one after the other), in hexadecimal."""
    hashed = hashlib.sha256()
    for piece in (data,) if isinstance(data, bytes) else data:
        hashed.update(piece)
    return hashed.hexdigest()


Content = bytes | Callable[[BinaryIO], None]
"""What a file is to hold: its bytes, or what writes them into the file, opened for writing
and reading (a file too large to be held in memory whole, such as a course's book)."""


def write_all(outputs: Mapping[Path, Content], mode: int | None = None) -> None:
    """Write every file or none: temporary files first, in the order of ``outputs``, renamed
    into place at the end; each file made readable as an ordinary new file is here, or with
    permissions ``mode``.

    Raises ``ExporterError`` naming the file that could not be written.
    """
    temporary: dict[Path, str] = {}
    target: Path | None = None
    try:
        for target, data in outputs.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
            )
            temporary[target] = name
            with os.fdopen(handle, "w+b") as stream:
                if isinstance(data, bytes):
                    stream.write(data)
                else:
                    data(stream)
            os.chmod(name, file_mode() if mode is None else mode)
        for target, name in list(temporary.items()):
            os.replace(name, target)
            del temporary[target]
    except BaseException as exc:  # an interrupt too: no temporary file may stay behind
        for name in temporary.values():
            with contextlib.suppress(OSError):
                os.unlink(name)
        if not isinstance(exc, OSError):
            raise
        named = exc.filename or target or "output"
        if target is not None and str(named).endswith(".tmp"):
            named = target  # name the file the user asked for, not our temporary one
        raise ExporterError(error("write", f"cannot write {named}: {exc.strerror}")) from exc


@functools.cache
def file_mode() -> int:
    """Return the permissions an ordinary new file gets here (mkstemp makes files private)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def remove_stale(targets: Iterable[Path]) -> tuple[Path, ...]:
    """Remove the outputs an earlier export left for a lesson that now fails; return them."""
    removed = []
    for target in targets:
        with contextlib.suppress(OSError):
            if target.is_file():
                target.unlink()
                removed.append(target)
    return tuple(removed)
