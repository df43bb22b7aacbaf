"""resources: downloaded images kept on disk, so that a CI run downloads each image once.

The cache is content addressed: an image's bytes are stored once under their SHA-256, and each
address records which content it gave. Addresses are recorded apart for each allow-list, so
that an image a trusted run fetched from an allowed intranet host is never served to a run
(a pull request's, say) that may not reach that host. A stored file is checked against its
hash when read, so a damaged or tampered entry is downloaded again rather than used. Every
file is written to a temporary name and renamed, so that parallel exports never see half an
entry.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import platformdirs

from exporter.errors import ExporterError
from exporter.files import digest, write_all
from exporter.resources.local import MAX_BYTES

KEY_VERSION = 2
"""The form of an address's key; version 1 keyed by the address alone, whatever the allow-list,
so its entries are not read."""
PRIVATE = 0o600
"""The permissions of a file in the cache: an image from an allowed intranet host stays the
user's."""


def default_folder() -> Path:
    """Return the user's cache folder for downloaded images (``~/.cache/lesson-export``)."""
    return Path(platformdirs.user_cache_dir("lesson-export")) / "images"


class DownloadCache:
    """The downloaded images under one folder."""

    def __init__(self, folder: Path, policy: str = "") -> None:
        self.folder = folder
        self.policy = policy
        """The allow-list the downloads were made under (see ``Allowed.signature``)."""

    def entry(self, url: str) -> Path:
        """Return the file that records which content ``url`` gave under this policy."""
        key = f"{KEY_VERSION}\n{self.policy}\n{url}"
        return self.folder / "urls" / digest(key.encode("utf-8"))

    def blob(self, content: str) -> Path:
        """Return the file holding the content with hash ``content``."""
        return self.folder / "content" / content[:2] / content

    def get(self, url: str) -> bytes | None:
        """Return what ``url`` gave when it was stored, or ``None`` (not stored, or damaged)."""
        try:
            content = self.entry(url).read_text(encoding="ascii").strip()
            if len(content) != 64:
                return None
            path = self.blob(content)
            if path.stat().st_size > MAX_BYTES:
                return None
            data = path.read_bytes()
        except (OSError, UnicodeError):
            return None
        return data if digest(data) == content else None

    def put(self, url: str, data: bytes) -> None:
        """Store ``data`` as what ``url`` gives; a cache that cannot be written is skipped."""
        content = digest(data)
        with contextlib.suppress(OSError, ExporterError):
            blob = self.blob(content)
            if not blob.is_file() or digest(blob.read_bytes()) != content:
                write_all({blob: data}, PRIVATE)  # new, or damaged since: written afresh
            write_all({self.entry(url): content.encode("ascii") + b"\n"}, PRIVATE)
