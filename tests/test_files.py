"""write: the one way files are written (whole or not at all) and the one digest."""

from __future__ import annotations

import errno
import hashlib
import stat
from pathlib import Path
from typing import BinaryIO

import pytest

from exporter.batch import LEFTOVER
from exporter.errors import ExporterError, error
from exporter.files import digest, file_mode, write_all
from exporter.resources.cache import PRIVATE, DownloadCache


def test_a_temporary_file_is_named_as_the_next_build_finds_a_leftover(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build killed before its rename leaves the temporary file: the next build must know it
    by its name (``batch.LEFTOVER``) to remove it."""
    renamed: list[str] = []

    def fail(source: str, target: Path) -> None:
        renamed.append(source)
        raise OSError(errno.EIO, "input/output error", source)

    monkeypatch.setattr("exporter.files.os.replace", fail)
    target = tmp_path / "out" / "lesson-1.handout.pdf"
    with pytest.raises(ExporterError) as raised:
        write_all({target: b"pdf"})
    [temporary] = renamed
    found = LEFTOVER.fullmatch(Path(temporary).name)
    assert found is not None and found["target"] == target.name
    assert Path(temporary).parent == target.parent
    # The message names the file asked for, not the temporary one, which is removed.
    assert raised.value.diagnostic.message == f"cannot write {target}: input/output error"
    assert list(target.parent.iterdir()) == []


def test_every_file_is_written_or_none(tmp_path: Path) -> None:
    kept = tmp_path / "a.pptx"
    kept.write_bytes(b"earlier")
    blocked = tmp_path / "file"
    blocked.write_bytes(b"")
    with pytest.raises(ExporterError) as raised:
        write_all({kept: b"new", blocked / "b.pdf": b"pdf"})  # a file where a folder must be
    assert "cannot write" in raised.value.diagnostic.message
    assert kept.read_bytes() == b"earlier"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.pptx", "file"]
    write_all({kept: b"new", tmp_path / "sub" / "b.pdf": b"pdf"})
    assert kept.read_bytes() == b"new" and (tmp_path / "sub" / "b.pdf").read_bytes() == b"pdf"
    assert stat.S_IMODE(kept.stat().st_mode) == file_mode()


def test_a_file_can_be_written_by_what_makes_it_in_order_or_not_at_all(tmp_path: Path) -> None:
    # The course book is saved straight into its file, and its record says the digest read
    # back from that file: writers run in the order given, each on its open file.
    book, record = tmp_path / "course.pdf", tmp_path / ".course.pdf.json"
    read: list[str] = []

    def save(stream: BinaryIO) -> None:
        stream.write(b"%PDF-1.7 " * 1000)
        stream.seek(0)
        read.append(digest(stream.read()))

    def note(stream: BinaryIO) -> None:
        stream.write(read[0].encode())

    write_all({book: save, record: note})
    assert record.read_text() == digest(book.read_bytes()) == read[0]
    assert stat.S_IMODE(book.stat().st_mode) == file_mode()

    def failing(stream: BinaryIO) -> None:
        stream.write(b"half a book")
        raise ExporterError(error("book", "a part cannot be read"))

    with pytest.raises(ExporterError):
        write_all({tmp_path / "other.pdf": b"new", book: failing, record: note})
    assert record.read_text() == digest(book.read_bytes())  # both as they were
    assert sorted(path.name for path in tmp_path.iterdir()) == [".course.pdf.json", "course.pdf"]


def test_an_interrupt_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(source: str, target: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("exporter.files.os.replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_all({tmp_path / "a.pptx": b"x", tmp_path / "a.pdf": b"y"})
    assert list(tmp_path.iterdir()) == []


def test_the_download_cache_keeps_its_files_private(tmp_path: Path) -> None:
    cache = DownloadCache(tmp_path)
    cache.put("https://example.org/a.png", b"image")
    assert cache.get("https://example.org/a.png") == b"image"
    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert len(files) == 2
    assert {stat.S_IMODE(path.stat().st_mode) for path in files} == {PRIVATE}
    assert not [path for path in files if path.name.endswith(".tmp")]


def test_a_digest_of_pieces_is_the_digest_of_them_joined() -> None:
    pieces = [b"a\0", b"", b"bc" * 1000]
    assert (
        digest(pieces) == digest(b"".join(pieces)) == hashlib.sha256(b"".join(pieces)).hexdigest()
    )
    assert digest(iter(pieces)) == digest(b"".join(pieces))
