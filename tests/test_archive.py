"""Zip archives made byte-identical (``writers.archive``): a deck's entries dated, their
attributes and system fixed, changed in place where that gives what a rewrite gives."""

from __future__ import annotations

import functools
import io
import time
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from exporter.jobs import Job
from exporter.pipeline import lay_out
from exporter.theme import load_theme
from exporter.writers import archive
from exporter.writers.archive import normalise_zip, restamp
from tests.conftest import ROOT

STAMPS = [None, datetime(2023, 11, 14, 22, 13, 21, tzinfo=UTC), datetime(1975, 6, 1, tzinfo=UTC)]
"""No date (1980-01-01), a ``SOURCE_DATE_EPOCH`` with an odd second, one before zip's epoch."""


def rewritten(data: bytes, stamp: datetime | None) -> bytes:
    """Return ``data`` rewritten whole by ``zipfile``: each entry read, then written again,
    deflated, dated ``stamp`` (or zip's epoch), readable by all, made on Unix."""
    when = (
        (1980, 1, 1, 0, 0, 0)
        if stamp is None
        else max((1980, 1, 1, 0, 0, 0), stamp.timetuple()[:6])
    )
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            target.writestr(info, source.read(entry.filename))
    return output.getvalue()


def written(
    entries: dict[str, bytes],
    level: int | None = None,
    method: int = zipfile.ZIP_DEFLATED,
    comment: bytes = b"",
    extra: bytes = b"",
    seekable: bool = True,
) -> bytes:
    """Return a zip of ``entries`` as python-pptx writes a deck: ``zipfile`` into memory,
    deflated (at zlib's ``level``, its default if ``None``), each entry dated now; or written
    otherwise: by ``method``, with an archive ``comment``, each entry with an ``extra`` field,
    into a stream that cannot seek (each entry then has a data descriptor)."""

    class Stream(io.RawIOBase):
        def __init__(self) -> None:
            self.data = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, chunk: bytes) -> int:  # type: ignore[override]
            self.data += chunk
            return len(chunk)

    output = io.BytesIO() if seekable else Stream()
    with zipfile.ZipFile(output, "w", method, compresslevel=level) as target:
        target.comment = comment
        for name, data in entries.items():
            if not extra:
                target.writestr(name, data)  # at the archive's method and level, as python-pptx
                continue
            info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
            info.compress_type, info.extra = method, extra
            target.writestr(info, data)
    return output.getvalue() if isinstance(output, io.BytesIO) else bytes(output.data)


ENTRIES = {
    "[Content_Types].xml": b"<Types/>" * 40,
    "ppt/slides/slide1.xml": b"<p:sld>" + "Diapositive é ü 日本".encode() * 200 + b"</p:sld>",
    "ppt/média/légende.xml": b"<x/>",  # a name that is not ASCII: flagged UTF-8
    "docProps/empty.xml": b"",
}


def deck_of(lesson: str) -> bytes:
    """Return the deck of a bundled lesson, as python-pptx saved it (before ``normalise_zip``)."""
    from exporter.writers import pptx

    saved: list[bytes] = []
    theme = load_theme("default")
    source = ROOT / "lessons" / lesson
    laid, _ = lay_out(Job(source, lesson, Path("out"), source.parent), theme)

    def kept(data: bytes, stamp: datetime | None = None) -> bytes:
        saved.append(data)
        return normalise_zip(data, stamp)

    with pytest.MonkeyPatch.context() as patch:  # what python-pptx saved, on its way
        patch.setattr(pptx, "normalise_zip", kept)
        pptx.render_pptx(laid)
    return saved[0]


@pytest.mark.parametrize("stamp", STAMPS, ids=["epoch", "odd-second", "before-1980"])
@pytest.mark.parametrize("lesson", ["section-14/lesson-1.md", "section-15/lesson-1.md"])
def test_a_decks_entries_restamped_in_place_are_its_rewrite_byte_for_byte(
    lesson: str, stamp: datetime | None
) -> None:
    """A real deck (python-pptx's zip, pictures in it): changed in place, the same bytes as
    every entry read and written again; each entry dated, readable by all, made on Unix."""
    data = deck_of(lesson)
    when = archive.ZIP_EPOCH if stamp is None else max(archive.ZIP_EPOCH, stamp.timetuple()[:6])
    assert restamp(data, when) is not None, "the deck was rewritten, not restamped"
    normalised = normalise_zip(data, stamp)
    assert normalised == rewritten(data, stamp)
    with zipfile.ZipFile(io.BytesIO(normalised)) as read:
        assert read.testzip() is None
        for info in read.infolist():
            assert info.date_time == (when[0], when[1], when[2], when[3], when[4], when[5] // 2 * 2)
            assert (info.external_attr >> 16, info.create_system) == (0o644, 3)


def test_entries_of_every_size_and_name_restamped_are_their_rewrite() -> None:
    """An empty entry, and a name that is not ASCII, restamped as they are rewritten."""
    data = written(ENTRIES)
    assert restamp(data, archive.ZIP_EPOCH) is not None
    assert normalise_zip(data) == rewritten(data, None)


@pytest.mark.parametrize(
    "make, in_place",
    [
        (functools.partial(written, seekable=False), False),
        (functools.partial(written, comment=b"made elsewhere"), False),
        (functools.partial(written, method=zipfile.ZIP_STORED), False),
        (functools.partial(written, extra=b"\x55\x54\x05\x00\x01\x00\x00\x00\x00"), False),
        (functools.partial(written, level=9), True),  # the headers cannot tell: bytes kept
    ],
    ids=["data-descriptors", "comment", "stored", "extra-field", "level-9"],
)
def test_a_zip_written_otherwise_is_normalised_all_the_same(
    make: Callable[[dict[str, bytes]], bytes], in_place: bool
) -> None:
    """A zip that changing in place would not make its rewrite is rewritten (the same bytes
    as the rewrite); each normalised zip holds the same entries, and normalising it again
    changes nothing."""
    data = make(ENTRIES)
    assert (restamp(data, archive.ZIP_EPOCH) is not None) == in_place
    normalised = normalise_zip(data)
    if not in_place:
        assert normalised == rewritten(data, None)
    with zipfile.ZipFile(io.BytesIO(normalised)) as read:
        assert {name: read.read(name) for name in read.namelist()} == ENTRIES
        assert all(info.date_time == archive.ZIP_EPOCH for info in read.infolist())
    assert normalise_zip(normalised) == normalised


@pytest.mark.parametrize("cut", [0, 10, 21, 100])
def test_a_damaged_zip_is_never_restamped(cut: int) -> None:
    """Bytes that end before their zip's end, or are no zip at all, are not changed in place
    (the rewrite then says what is wrong)."""
    data = written(ENTRIES)
    assert restamp(data[: len(data) - cut - 1] if cut else b"not a zip", archive.ZIP_EPOCH) is None
