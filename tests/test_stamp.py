"""batch: the digests of the exporter and of a theme's folder are kept in the user's cache by
the signature of their files; the cache only spares the reading, never decides a digest: a
changed file is read again, and the same files with new times give the same digest."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from exporter import stamp
from exporter.files import digest
from exporter.stamp import (
    code_digest,
    files_signature,
    folder_digest,
    library_folders,
    made_once,
    tree_pieces,
    worked_out,
)
from exporter.theme import load_theme


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty user cache, and the exporter's digest forgotten (before and after)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    code_digest.cache_clear()
    yield tmp_path / "user-cache" / "lesson-export" / "digests"
    code_digest.cache_clear()


@pytest.fixture
def theme(tmp_path: Path) -> Path:
    """A theme folder of a few files."""
    folder = tmp_path / "theme"
    (folder / "fonts").mkdir(parents=True)
    (folder / "theme.toml").write_text('name = "mine"\n', encoding="utf-8")
    (folder / "fonts" / "Face-Regular.ttf").write_bytes(b"glyphs one")
    return folder


def read_contents(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Count each time a folder's files are read (``tree_pieces``); return the list."""
    read: list[Path] = []

    def counted(folder: Path, skip: set[str] | None = None) -> Iterator[bytes]:
        read.append(folder)
        return tree_pieces(folder, skip)

    monkeypatch.setattr(stamp, "tree_pieces", counted)
    return read


def test_the_kept_exporter_digest_is_that_of_its_files(monkeypatch: pytest.MonkeyPatch) -> None:
    first = code_digest()
    assert first == worked_out()
    code_digest.cache_clear()
    monkeypatch.setattr(stamp, "worked_out", lambda: pytest.fail("read again"))
    assert code_digest() == first


def test_a_theme_folder_is_read_once_while_unchanged(
    theme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = read_contents(monkeypatch)
    first = folder_digest(theme)
    assert first == digest(tree_pieces(theme))
    assert folder_digest(theme) == first
    assert read.count(theme) == 1  # (and its subfolders once each)


def test_a_changed_file_is_read_again_even_with_its_old_time_and_size(theme: Path) -> None:
    first = folder_digest(theme)
    font = theme / "fonts" / "Face-Regular.ttf"
    was = font.stat()
    font.write_bytes(b"glyphs two")  # the same size...
    os.utime(font, ns=(was.st_atime_ns, was.st_mtime_ns))  # ...and modification time
    assert folder_digest(theme) == digest(tree_pieces(theme)) != first


def test_a_file_added_or_removed_is_noticed(theme: Path) -> None:
    first = folder_digest(theme)
    (theme / "style.css").write_text("p {}\n", encoding="utf-8")
    assert folder_digest(theme) == digest(tree_pieces(theme)) != first
    (theme / "style.css").unlink()
    assert folder_digest(theme) == first


def test_the_same_files_with_new_times_give_the_same_digest(
    theme: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a fresh checkout in CI: the cache is missed, and the digest is as it was.
    first = folder_digest(theme)
    copy = tmp_path / "copy"
    shutil.copytree(theme, copy)
    shutil.rmtree(theme)
    copy.rename(theme)
    read = read_contents(monkeypatch)
    assert folder_digest(theme) == first
    assert read.count(theme) == 1  # (and its subfolders once each)


@pytest.mark.parametrize("text", ["", "damaged", "signature\nnot-a-digest\n", "\n\n\n\n"])
def test_a_damaged_entry_is_ignored_and_written_anew(
    text: str, theme: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = folder_digest(theme)
    [entry] = cache.iterdir()
    entry.write_text(text, encoding="ascii")
    assert folder_digest(theme) == first
    read = read_contents(monkeypatch)
    assert folder_digest(theme) == first
    assert read == []  # written anew, and used


def test_an_unwritable_cache_only_costs_the_time(theme: Path, cache: Path) -> None:
    cache.parent.parent.mkdir(parents=True)
    cache.parent.write_text("a file where the folder would be", encoding="utf-8")
    assert folder_digest(theme) == digest(tree_pieces(theme))
    assert code_digest() == worked_out()


def test_a_library_installed_changes_the_exporters_signature(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site-packages"
    site.mkdir()
    monkeypatch.setattr(sys, "path", [sys.path[0], str(site), *sys.path[1:]])
    package = Path(stamp.__file__).parent
    before = files_signature(package, library_folders())
    (site / "pillow-99.0.dist-info").mkdir()
    assert files_signature(package, library_folders()) != before


def test_the_programs_own_folder_is_left_out_of_the_signature(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # It changes as files are made beside the program, where no library is installed.
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path[1:]])
    package = Path(stamp.__file__).parent
    before = files_signature(package, library_folders())
    (tmp_path / "notes.txt").write_text("made beside the program\n", encoding="utf-8")
    assert files_signature(package, library_folders()) == before


def test_what_is_made_once_is_kept_with_the_exporters_digest(cache: Path) -> None:
    made: list[str] = []

    def work(text: str) -> bytes:
        made.append(text)
        return text.encode() * 1000

    assert made_once("things", "one", lambda: work("one")) == b"one" * 1000
    assert made_once("things", "one", lambda: work("again")) == b"one" * 1000
    assert made_once("things", "two", lambda: work("two")) == b"two" * 1000
    assert made == ["one", "two"]
    assert len(list((cache.parent / "things").iterdir())) == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda kept: kept[:-10],  # cut short
        lambda kept: kept[:-1] + b"X",  # a byte changed
        lambda kept: kept.replace(code_digest().encode(), b"0" * 64),  # another exporter
        lambda kept: b"",
    ],
    ids=["cut-short", "changed", "another-exporter", "empty"],
)
def test_what_was_kept_damaged_or_by_another_exporter_is_made_anew(
    damage: object, cache: Path
) -> None:
    made_once("things", "one", lambda: b"the bytes")
    [entry] = (cache.parent / "things").iterdir()
    entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    assert made_once("things", "one", lambda: b"made anew") == b"made anew"
    assert made_once("things", "one", lambda: b"not again") == b"made anew"


def test_a_deck_starts_from_its_themes_package_kept_or_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from exporter.writers import pptx_package
    from exporter.writers.pptx_package import made_template, template

    themes = [load_theme(name) for name in ("default", "dark")]
    template.cache_clear()
    made = [template(theme) for theme in themes]
    assert made == [made_template(theme) for theme in themes]
    assert made[0] != made[1]
    template.cache_clear()
    monkeypatch.setattr(pptx_package, "made_template", lambda theme: pytest.fail("made again"))
    assert [template(theme) for theme in themes] == made
    template.cache_clear()
