"""batch: the digests of the exporter and of a theme's folder, which every output's key holds,
kept in the user's cache folder so that a build need not read those files to know them.

The exporter's digest is of its version and code, its built-in themes (their fonts are several
MB) and the versions of the libraries that write the files: a new exporter or library rebuilds
everything; a theme's is of every file in its folder. Working them out takes about 30 ms, a
sixth of exporting one lesson from the command line, so each is kept, in
``~/.cache/lesson-export/digests/``, beside a *signature* of what it was worked out from, made
of what the system says of each file without reading it: its name, size, inode and
modification and change times, and for the exporter the same of each folder Python finds
libraries in (a library installed, upgraded or removed changes its folder; the libraries'
versions are read from there). A file written anew has a new change time, which no program
can set back, so a changed file is always read again.

The cache only spares the reading; it never decides a digest. A fresh checkout (a CI run, with
every file's times new) misses it and works the digest out from the contents, which gives the
digest of the same files as before: the outputs restored from an earlier run stay up to date.
A cache that cannot be read or written is worked around, never reported.

``made_once`` keeps, the same way, what a build would otherwise make anew each time from an
input it is given in full (the package a theme's decks start from): by that input, checked by
its own digest and kept with the exporter's, so that a new exporter or library makes it anew.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from exporter import __version__
from exporter.errors import ExporterError
from exporter.files import digest, write_all

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

LIBRARIES = (
    "python-pptx",
    "weasyprint",
    "pillow",
    "mistune",
    "fonttools",
    "pydyf",
    "lxml",
    "pyyaml",
    "pikepdf",
    "pypdfium2",
)
"""The libraries whose versions can change the bytes written."""
SIGNATURE_FORM = 1
"""The form of a signature; a kept digest of another form is never found."""
HEX_DIGEST = re.compile(r"[0-9a-f]{64}")


def user_cache(kind: str) -> Path:
    """Return the folder of the user's cache that keeps ``kind`` (``images``, ``code``...):
    ``~/.cache/lesson-export/KIND`` on Linux, where the system keeps caches elsewhere."""
    import platformdirs  # only a build, not the command's start, needs it

    return Path(platformdirs.user_cache_dir("lesson-export")) / kind


@functools.cache
def code_digest() -> str:
    """Return a digest of the exporter's version and code, its built-in themes (a theme folder
    falls back to the default theme's fonts) and the versions of the libraries that write the
    files, so that a new exporter or library rebuilds everything (kept, see the module)."""
    package = resources.files("exporter")
    if not isinstance(package, Path):  # run from a zip file: no file to ask about
        return worked_out()
    signature = files_signature(package, library_folders())
    return kept(f"code\0{package.resolve()}\0{sys.prefix}", signature, worked_out)


def worked_out() -> str:
    """Return the exporter's digest (see ``code_digest``), reading every file it is made of."""
    from importlib import metadata  # only a build asks for versions

    versions = [__version__.encode()]
    for library in LIBRARIES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append(f"{library} {metadata.version(library)}\0".encode())
    code = tree_pieces(resources.files("exporter"), skip={"themes"})
    return digest(chain(versions, code, tree_pieces(resources.files("exporter.themes"))))


def library_folders() -> list[str]:
    """Return the folders Python imports from but the program's own, first on the path (the
    script's folder, or the current one): it changes as files are made beside the program,
    and libraries are not installed there."""
    return sys.path if sys.flags.safe_path else sys.path[1:]


def folder_digest(folder: Traversable) -> str:
    """Return a digest of the names and contents of the files below ``folder`` (a theme's),
    kept as the exporter's is (see the module).

    Raises ``OSError`` when the folder cannot be read.
    """
    if not isinstance(folder, Path):
        return digest(tree_pieces(folder))
    signature = files_signature(folder)
    return kept(f"folder\0{folder.resolve()}", signature, lambda: digest(tree_pieces(folder)))


def kept(name: str, signature: str, work: Callable[[], str]) -> str:
    """Return the digest kept in the user's cache under ``name`` if it was kept with
    ``signature``; else return what ``work`` gives, and keep it so (one file per ``name``, so
    that the cache does not grow with every change)."""
    path = (
        user_cache("digests")
        / hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    )
    with contextlib.suppress(OSError, UnicodeError):
        lines = path.read_text(encoding="ascii").split("\n")
        if len(lines) == 3 and lines[0] == signature and HEX_DIGEST.fullmatch(lines[1]):
            return lines[1]
    found = work()
    with contextlib.suppress(ExporterError):  # unwritable: worked out again next time
        write_all({path: f"{signature}\n{found}\n".encode("ascii")})
    return found


def files_signature(folder: Path, imports_from: Iterable[str] = ()) -> str:
    """Return the signature of the files below ``folder`` and of the folders ``imports_from``
    (where Python finds the libraries): what the system says of each, in order."""
    parts = [f"{SIGNATURE_FORM}\0{__version__}\0{sys.version}"]
    parts.extend(stat_line(name, name) for name in imports_from)
    parts.extend(stat_line(path, os.path.relpath(path, folder)) for path in files_below(folder))
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def stat_line(path: str, shown: str) -> str:
    """Return what the system says of ``path`` (links followed, as reading it would), or that
    it is missing, as one line of a signature naming it ``shown``."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return f"{shown}\0missing"
    fields = (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)
    return f"{shown}\0{found.st_mode:o}\0" + "\0".join(str(field) for field in fields)


def files_below(folder: Path) -> Iterator[str]:
    """Yield the paths of the files and folders below ``folder``, in name order, as
    ``tree_pieces`` reads them (compiled ``__pycache__`` files and hidden files left out)."""
    with os.scandir(folder) as scanned:
        entries = sorted(scanned, key=lambda entry: entry.name)
    for entry in entries:
        if entry.name == "__pycache__" or entry.name.startswith("."):
            continue
        yield entry.path
        if entry.is_dir():
            yield from files_below(Path(entry.path))


def tree_pieces(folder: Traversable, skip: set[str] | None = None) -> Iterator[bytes]:
    """Yield the names and contents of the files below ``folder``, in name order (compiled
    ``__pycache__`` files left out), for ``digest``."""
    for item in sorted(folder.iterdir(), key=lambda item: item.name):
        if item.name in (skip or ()) or item.name == "__pycache__" or item.name.startswith("."):
            continue
        if item.is_dir():
            yield f"{item.name}/\0".encode()
            yield from tree_pieces(item)
        elif item.is_file():
            data = item.read_bytes()
            yield f"{item.name}\0{len(data)}\0".encode()
            yield data


def made_once(kind: str, made_of: str, work: Callable[[], bytes]) -> bytes:
    """Return what ``work`` makes of ``made_of`` (a full description of its input), kept in
    the user's cache folder ``kind`` with the exporter's digest and its own: kept by another
    exporter or other libraries, or damaged, it is made anew (one file per ``made_of``, so
    that the cache does not grow with every change of the exporter)."""
    name = hashlib.sha256(made_of.encode("utf-8", "surrogateescape")).hexdigest()
    path = user_cache(kind) / name
    by = code_digest().encode("ascii")
    with contextlib.suppress(OSError):
        kept = path.read_bytes()
        head, _, data = kept.partition(b"\n\n")
        if head == by + b"\n" + digest(data).encode("ascii"):
            return data
    made = work()
    with contextlib.suppress(ExporterError):  # unwritable: made again next time
        write_all({path: by + b"\n" + digest(made).encode("ascii") + b"\n\n" + made})
    return made
