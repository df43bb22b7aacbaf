"""batch: the digests of files a build reads again and again (a course's lessons, their
images, its outputs, its book),
kept with what the system said of each file when its digest was taken, so that a build does
not read thousands of unchanged files to know them unchanged.

What the system says of a file (``Seen``) is its device, inode, size, and modification and
change times, as ``stamp`` keeps the exporter's digest by them: a file written anew has a new
change time, which no program can set back, and a file replaced is another inode, so a
changed file is always read again. A file read while it may still be written within the same
tick of the clock (changed less than ``SETTLED_NS`` ago) is not kept; a file the build wrote
itself is kept as written.

They are kept in the user's cache folder, one file for each output folder's manifest
(``~/.cache/lesson-export/digests/``), not in the output folder: what the system says of a
file holds on this machine only, and the output folder stays the same from one machine to
another (a merge of shards writes the same bytes as one build). The cache only spares the
reading; it never decides a digest. A cache that cannot be read or written is worked around,
never reported: every file is then read, as a fresh machine reads them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from exporter.errors import ExporterError
from exporter.files import write_all

FORM = 1
"""The form of the kept file; one of another form is not used."""
KEPT_FIELDS = 6
"""What is kept of a file: the five fields of its ``Seen``, and its digest."""
SETTLED_NS = 2_000_000_000
"""How long ago (nanoseconds) a file must have changed for its digest, taken now, to be kept:
one that changed within the same tick of the clock as it was read could change again within
it, saying the same."""


class Seen(NamedTuple):
    """What the system says of a regular file."""

    device: int
    inode: int
    size: int
    modified: int
    """Its modification time, in nanoseconds."""
    changed: int
    """Its change time (of its contents or its inode), in nanoseconds."""

    @classmethod
    def of(cls, path: str | Path) -> Seen | None:
        """Return what the system says now of the regular file at ``path`` (``None``: none)."""
        try:
            found = os.stat(path)
        except (OSError, ValueError):
            return None
        if not stat.S_ISREG(found.st_mode):
            return None
        return cls(found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)

    @property
    def settled(self) -> bool:
        """Whether the file changed long enough ago (``SETTLED_NS``) for a digest taken now to
        be kept."""
        return max(self.modified, self.changed) < time.time_ns() - SETTLED_NS


@dataclass
class Digests:
    """The digests kept for one output folder's files, by each file's absolute path."""

    path: Path | None
    """The file they are kept in (``None``: none can be, nothing is kept)."""
    known: dict[str, tuple[Seen, str]] = field(default_factory=dict)
    changed: bool = False
    used: set[str] = field(default_factory=set)
    """The files this build asked about or wrote: only theirs are kept, so that the file
    does not grow with lessons gone (a build of some lessons forgets the others')."""

    @classmethod
    def load(cls, folder: Path, name: str) -> Digests:
        """Return the digests kept for the manifest ``name`` of the output ``folder`` (none
        if there are none or they cannot be read)."""
        from exporter.stamp import user_cache

        try:
            key = f"files\0{folder.resolve()}\0{name}".encode("utf-8", "surrogateescape")
            path = user_cache("digests") / f"{hashlib.sha256(key).hexdigest()[:32]}.json"
        except (OSError, RuntimeError):
            return cls(None)
        with contextlib.suppress(OSError, ValueError, TypeError, KeyError, AttributeError):
            data = json.loads(path.read_bytes())
            if isinstance(data, dict) and data.get("form") == FORM:
                return cls(path, {name: kept(item) for name, item in data["files"].items()})
        return cls(path)

    def digest(self, path: Path, read: Callable[[Path], str | None]) -> str | None:
        """Return the digest of the file at ``path``: the one kept while the system says the
        same of it, else what ``read`` gives (``None``: no regular file), kept if it changed
        long enough ago."""
        now = Seen.of(path)
        name = os.path.abspath(path)
        self.used.add(name)
        known = self.known.get(name)
        if now is not None and known is not None and known[0] == now:
            return known[1]
        found = read(path)
        if now is not None and found is not None and now.settled:
            self.known[name] = (now, found)
            self.changed = True
        return found

    def wrote(self, path: Path, digest: str) -> None:
        """Keep the digest of a file the build wrote now, as the system says of it now."""
        now = Seen.of(path)
        if now is not None:
            name = os.path.abspath(path)
            self.known[name] = (now, digest)
            self.used.add(name)
            self.changed = True

    def save(self) -> None:
        """Write the digests of the files this build asked about or wrote, if any changed
        (or any kept is of a file not asked about)."""
        if self.path is None or not (self.changed or self.known.keys() - self.used):
            return
        files = {
            name: [*seen, digest]
            for name, (seen, digest) in sorted(self.known.items())
            if name in self.used
        }
        text = json.dumps({"form": FORM, "files": files}, separators=(",", ":"))
        with contextlib.suppress(ExporterError):  # unwritable: read again next time
            write_all({self.path: text.encode("utf-8", "surrogateescape")})
        self.changed = False


def kept(item: object) -> tuple[Seen, str]:
    """Return a file's kept ``Seen`` and digest from ``item``, as ``Digests.save`` wrote it;
    raises ``ValueError`` for anything else."""
    if not isinstance(item, list) or len(item) != KEPT_FIELDS:
        raise ValueError("not a kept digest")
    *numbers, digest = item
    if not all(type(number) is int for number in numbers) or not isinstance(digest, str):
        raise ValueError("not a kept digest")
    return Seen(*numbers), digest
