"""batch: an entry of the manifest: what one lesson's outputs were made from, typed, and read
from the manifest file's JSON in one place (``entry_from_json``).

An entry that is not as ``Entry.to_json`` writes it (a file edited by hand may hold anything)
is no entry: its lesson is exported again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from exporter.errors import JSON, Diagnostic, json_list, json_object, json_text
from exporter.jobs import Listing, SlideInfo
from exporter.options import NAMES, OPTIONAL


@dataclass(frozen=True)
class ImageEntry:
    """What an image was had from, as the manifest keeps it."""

    file: str | None
    """The file it resolved to, relative to the output folder (``None``: refused, missing, or
    remote)."""
    sha256: str | None
    """The SHA-256 of its bytes (``None``: it could not be read or downloaded)."""

    @classmethod
    def from_json(cls, data: object) -> ImageEntry:
        """Return the image ``Entry.to_json`` gave as ``data``; raises ``ValueError`` else."""
        fields = json_object(data, ("file", "sha256"))
        file = None if fields["file"] is None else json_path(fields["file"])
        return cls(file, None if fields["sha256"] is None else json_digest(fields["sha256"]))


@dataclass(frozen=True)
class OutputEntry:
    """An output written, as the manifest keeps it, or one the lesson has none of."""

    key: str
    """The key of what it depends on besides the lesson's files (``Manifest.keyed``)."""
    sha256: str | None
    """The SHA-256 of the file written; ``None`` when the lesson has no such file (the answer
    key of a lesson that is not a quiz, ``options.OPTIONAL``)."""

    @classmethod
    def from_json(cls, data: object, optional: bool = False) -> OutputEntry:
        """Return the output ``Entry.to_json`` gave as ``data`` (without a digest only if it
        is ``optional``: a format a lesson may have none of); raises ``ValueError`` else."""
        fields = json_object(data, ("key", "sha256"))
        sha256 = fields["sha256"]
        none = sha256 is None and optional
        return cls(json_text(fields["key"]), None if none else json_digest(sha256))


@dataclass(frozen=True)
class Entry:
    """What one lesson's outputs were made from, and what its export reported."""

    source: str
    """The lesson file as named (a link not followed), relative to the output folder."""
    resolved: str
    """The lesson file, its links resolved, relative to the output folder."""
    sha256: str
    """The SHA-256 of the lesson's bytes."""
    images: Mapping[str, ImageEntry]
    """By each image's address in the lesson."""
    outputs: Mapping[str, OutputEntry]
    """By format."""
    diagnostics: tuple[Diagnostic, ...]
    """What the export reported (told again when the lesson is skipped)."""
    slides: tuple[SlideInfo, ...]
    listing: Listing
    """How the lesson is listed in the course (the book, the index page)."""

    @property
    def made(self) -> tuple[str, str, str, Mapping[str, ImageEntry]]:
        """What the outputs were made from: the lesson and its images."""
        return self.source, self.resolved, self.sha256, self.images

    def to_json(self) -> dict[str, JSON]:
        """Return the entry as the manifest file holds it (``entry_from_json`` reads it)."""
        return {
            "source": self.source,
            "resolved": self.resolved,
            "sha256": self.sha256,
            "images": {
                src: {"file": image.file, "sha256": image.sha256}
                for src, image in self.images.items()
            },
            "outputs": {
                name: {"key": output.key, "sha256": output.sha256}
                for name, output in self.outputs.items()
            },
            "diagnostics": [d.to_json(located=False) for d in self.diagnostics],
            "slides": [slide.to_json() for slide in self.slides],
            "listing": self.listing.to_json(),
        }


def entry_from_json(name: str, data: object) -> Entry | None:
    """Return the entry ``data`` kept under ``name`` if it is as ``Entry.to_json`` writes it
    and ``name`` lies below the output folder; else ``None``: its lesson is exported again (an
    entry edited by hand may hold anything)."""
    parts = name.split("/")
    if not name or name.startswith("/") or any(part in ("", ".", "..") for part in parts):
        return None
    if any(char in name for char in "\0\\:"):
        return None
    try:
        fields = json_object(data, ENTRY)
        images, outputs = json_mapping(fields["images"]), json_mapping(fields["outputs"])
        return Entry(
            json_path(fields["source"]),
            json_path(fields["resolved"]),
            json_digest(fields["sha256"]),
            {json_path(src): ImageEntry.from_json(image) for src, image in images.items()},
            {
                json_format(f): OutputEntry.from_json(out, f in OPTIONAL)
                for f, out in outputs.items()
            },
            tuple(map(Diagnostic.from_json, json_list(fields["diagnostics"]))),
            tuple(map(SlideInfo.from_json, json_list(fields["slides"]))),
            Listing.from_json(fields["listing"]),
        )
    except ValueError:
        return None


ENTRY = ("source", "resolved", "sha256", "images", "outputs", "diagnostics", "slides", "listing")
"""The fields of an entry in the manifest file."""


def json_path(data: object) -> str:
    """Return ``data`` if it is a path as text; else raise ``ValueError``."""
    if "\0" in json_text(data):
        raise ValueError(f"not a path: {data!r}")
    return json_text(data)


def json_digest(data: object) -> str:
    """Return ``data`` if it is a SHA-256 in hexadecimal; else raise ``ValueError``."""
    if not DIGEST.fullmatch(json_text(data)):
        raise ValueError(f"not a SHA-256: {data!r}")
    return json_text(data)


def json_format(data: str) -> str:
    """Return ``data`` if it names an output (``pptx``, ``handout``, ``notes``...); else raise
    ``ValueError``."""
    if data not in NAMES:
        raise ValueError(f"not a format: {data!r}")
    return data


def json_mapping(data: object) -> dict[str, object]:
    """Return ``data`` if it is a JSON object; else raise ``ValueError``."""
    if not isinstance(data, dict):
        raise ValueError(f"not an object: {data!r}")
    return data


DIGEST = re.compile(r"[0-9a-f]{64}")
