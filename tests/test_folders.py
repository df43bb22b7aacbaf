"""``folders.real_path``: a path with its links resolved as ``Path.resolve`` gives it, each
folder resolved once a build, and resolved anew once a build starts (``forget_links``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from exporter.folders import forget_links, real_path


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A course with a lesson, a link to it, a linked folder and a dangling link."""
    (tmp_path / "unit-1").mkdir()
    (tmp_path / "unit-1" / "lesson-1.md").write_text("# One\n", encoding="utf-8")
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "common.md").write_text("# Common\n", encoding="utf-8")
    (tmp_path / "unit-1" / "alias.md").symlink_to("lesson-1.md")
    (tmp_path / "unit-2").symlink_to("shared")
    (tmp_path / "unit-1" / "gone.md").symlink_to("nowhere.md")
    forget_links()
    return tmp_path


NAMES = [
    "unit-1/lesson-1.md",
    "unit-1/alias.md",
    "unit-2/common.md",
    "unit-2/../unit-1/lesson-1.md",
    "unit-1/gone.md",
    "unit-1/not-yet.md",
    "unit-3/not-a-folder.md",
    "unit-1",
    "unit-2",
    "unit-1/.",
    "unit-2/..",
]


@pytest.mark.parametrize("name", NAMES)
def test_a_path_is_resolved_as_path_resolve_resolves_it(course: Path, name: str) -> None:
    assert real_path(course / name) == (course / name).resolve()


@pytest.mark.parametrize("name", NAMES)
def test_a_relative_path_is_resolved_from_the_current_folder(
    course: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(course)
    assert real_path(Path(name)) == Path(name).resolve()
    monkeypatch.chdir(course / "unit-1")  # the same name, from elsewhere: resolved from there
    assert real_path(Path(name)) == Path(name).resolve()


def test_a_folder_link_changed_is_seen_once_a_build_starts(course: Path) -> None:
    before = real_path(course / "unit-2" / "common.md")
    assert before == course.resolve() / "shared" / "common.md"
    (course / "unit-2").unlink()
    os.symlink("unit-1", course / "unit-2")
    forget_links()
    assert real_path(course / "unit-2" / "common.md") == course.resolve() / "unit-1" / "common.md"
