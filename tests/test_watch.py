"""batch: ``lesson-export watch``: a saved lesson exported again, the others left alone, all of
them when the theme changes, and Ctrl-C ending it cleanly (a real process, real files); and
the watch itself (``changes``) following a folder removed and made anew."""

from __future__ import annotations

import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import exporter.watch
from tests.conftest import ROOT, need_tool

LESSON = "---\ntitle: {name}\n---\n\n### Hello\n\n- **A**: b\n"


class Watch:
    """A ``lesson-export watch`` process, and the lines it prints."""

    def __init__(self, *args: str) -> None:
        command = [sys.executable, "-m", "exporter", "watch", *args]
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self.read, daemon=True)
        self.reader.start()

    def read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def until(self, text: str, timeout: float = 30.0) -> list[str]:
        """Return the lines printed up to the first that holds ``text``."""
        got: list[str] = []
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {text!r} in {self.seen + got}") from None
            got.append(line)
            if text in line:
                self.seen.extend(got)
                return got

    def stop(self) -> tuple[int, list[str]]:
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=60)
        self.reader.join(timeout=60)  # every line read: the pipe is closed
        rest = []
        while not self.lines.empty():
            rest.append(self.lines.get())
        return self.process.returncode, rest


class Bursts:
    """``changes`` run on a thread of its own, one burst at a time, as the test asks for it."""

    def __init__(self, folders: list[Path], output: Path) -> None:
        self.watch = exporter.watch.changes(folders, output)
        self.asked: queue.Queue[bool] = queue.Queue()
        self.got: queue.Queue[set[Path]] = queue.Queue()
        self.pending = 0
        self.thread = threading.Thread(target=self.pull, daemon=True)
        self.thread.start()

    def pull(self) -> None:
        while self.asked.get():
            self.got.put(next(self.watch))
        self.watch.close()  # the folders it holds open are let go

    def ask(self) -> None:
        """Let the watch go on to its next burst (it waits at each until asked)."""
        self.asked.put(True)
        self.pending += 1

    def until(self, wanted: Path, timeout: float = 30.0) -> set[Path]:
        """Return the first burst that holds ``wanted`` or a path under it."""
        deadline = time.monotonic() + timeout
        while True:
            if not self.pending:
                self.ask()
            try:
                burst = self.got.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no change under {wanted} seen") from None
            self.pending -= 1
            if any(path.is_relative_to(wanted) for path in burst):
                return burst

    def stop(self) -> None:
        self.asked.put(False)
        self.thread.join(timeout=60)


def test_a_folder_removed_and_made_anew_is_watched_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ext4 gives a folder made anew the inode number of the one just removed: the watch must
    # still see it replaced, not stay on the watch lost with the old one, blind from then on.
    course, theme = tmp_path / "course", tmp_path / "theme"
    course.mkdir()
    theme.mkdir()
    (theme / "theme.toml").write_text("name = 'a'\n", encoding="utf-8")
    looked, look = threading.Event(), exporter.watch.identities

    def identities(folders: list[Path]) -> list[tuple[int, int] | None]:
        found = look(folders)
        looked.set()
        return found

    monkeypatch.setattr(exporter.watch, "identities", identities)
    bursts = Bursts([course, theme], tmp_path / "out")
    try:
        assert {course, theme} <= bursts.until(theme)  # the first burst: the folders
        looked.clear()
        bursts.ask()
        assert looked.wait(timeout=30)  # the watch has looked at its folders and goes on
        shutil.rmtree(theme)
        assert bursts.until(theme) != {theme}  # so the running watch tells the removal
        theme.mkdir()  # and the folder is made anew while that burst is handled
        assert theme in bursts.until(theme)  # seen back: the new watch's first burst
        (theme / "theme.toml").write_text("name = 'b'\n", encoding="utf-8")
        while theme / "theme.toml" not in bursts.until(theme):  # and watched again
            pass
    finally:
        bursts.stop()
    assert not bursts.thread.is_alive()


@pytest.fixture
def course(tmp_path: Path) -> Iterator[tuple[Path, Path, Path]]:
    root, out, theme = tmp_path / "course", tmp_path / "out", tmp_path / "theme"
    root.mkdir()
    for name in ("a", "b"):
        (root / f"{name}.md").write_text(LESSON.format(name=name), encoding="utf-8")
    shutil.copytree(ROOT / "themes" / "default", theme)
    yield root, out, theme


def exported(lines: list[str]) -> list[str]:
    return sorted(Path(line.split()[1]).name for line in lines if line.startswith("exported "))


def test_watch_exports_what_is_saved_and_stops_cleanly_on_ctrl_c(
    course: tuple[Path, Path, Path],
) -> None:
    root, out, theme = course
    watch = Watch(str(root), "-o", str(out), "--theme", str(theme), "-j", "1", "--format", "pptx")
    try:
        assert exported(watch.until("watching")) == ["a.md", "b.md"]

        (root / "a.md").write_text(LESSON.format(name="a") + "- more\n", encoding="utf-8")
        assert exported(watch.until("lesson(s): 1 exported, 1 up to date")) == ["a.md"]

        (root / "b.md").touch()  # saved without a change: nothing to export
        (root / "c.md").write_text(LESSON.format(name="c"), encoding="utf-8")
        assert exported(watch.until("3 lesson(s): 1 exported")) == ["c.md"]

        (root / "a.md").write_bytes(b"\xff\xfe")  # a broken save is reported; the watch goes on
        lines = watch.until("1 failed")
        assert any("a.md:1: error: the lesson is saved as UTF-16" in line for line in lines)
        (root / "a.md").write_text(LESSON.format(name="a"), encoding="utf-8")
        assert exported(watch.until("1 exported")) == ["a.md"]

        settings = theme / "theme.toml"
        settings.write_text(settings.read_text(encoding="utf-8") + "\n# changed\n", "utf-8")
        assert exported(watch.until("3 exported")) == ["a.md", "b.md", "c.md"]
    finally:
        code, rest = watch.stop()
    assert code == 0, rest
    assert "lesson-export: stopped watching" in rest
    assert not any("Traceback" in line or "KeyboardInterrupt" in line for line in rest)
    assert not list(out.rglob("*.tmp"))
    assert sorted(p.name for p in out.glob("*.pptx")) == ["a.pptx", "b.pptx", "c.pptx"]


def test_watch_takes_the_build_options_but_no_reports() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "exporter", "watch", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "--prune" in result.stdout and "--format" in result.stdout
    assert "--junit" not in result.stdout and "--force" not in result.stdout


def test_watch_writing_beside_the_lessons_follows_edits_and_ends_on_sigterm(
    course: tuple[Path, Path, Path],
) -> None:
    root, _, _ = course
    (root / "outline").mkdir()
    (root / "outline" / "d.md").write_text(LESSON.format(name="d"), encoding="utf-8")
    watch = Watch(str(root), "-o", str(root), "-j", "1", "--format", "pptx")
    try:
        assert exported(watch.until("watching")) == ["a.md", "b.md", "d.md"]
        (root / "outline" / "d.md").write_text(LESSON.format(name="e"), encoding="utf-8")
        assert exported(watch.until("1 exported")) == ["d.md"]
        (root / "b.md").unlink()
        lines = watch.until("is gone")
        assert any("b.pptx: their lesson" in line for line in lines)
        (root / "a.md").write_text(LESSON.format(name="z"), encoding="utf-8")
        lines = watch.until("1 exported")
        assert exported(lines) == ["a.md"]
        assert not any("is gone" in line for line in lines)  # told once, not on every save
    finally:
        watch.process.send_signal(signal.SIGTERM)
        watch.process.wait(timeout=60)
    assert watch.process.returncode == 0
    assert not list(root.rglob("*.tmp"))


def test_watch_makes_the_book_and_index_page_again_when_a_lesson_changes(
    course: tuple[Path, Path, Path],
) -> None:
    need_tool("pdftotext")
    root, out, _ = course
    watch = Watch(str(root), "-o", str(out), "-j", "1", "--format", "pptx,book,index")
    try:
        lines = watch.until("watching")
        book, index = out / "course.pdf", out / "index.html"
        assert f"wrote {book}" in lines and f"wrote {index}" in lines
        assert "renamed" not in index.read_text(encoding="utf-8")
        (root / "b.md").write_text(LESSON.format(name="renamed"), encoding="utf-8")
        lines = watch.until("lesson(s)")
        assert exported(lines) == ["b.md"]
        assert f"wrote {book}" in lines and f"wrote {index}" in lines
        assert "renamed" in index.read_text(encoding="utf-8")
        assert (
            "renamed"
            in subprocess.run(
                ["pdftotext", str(book), "-"], capture_output=True, text=True, check=True
            ).stdout
        )
    finally:
        code, rest = watch.stop()
    assert code == 0 and not any("Traceback" in line for line in watch.seen + rest)


def test_watch_outlives_its_theme_and_lesson_folders_going_and_coming_back(
    course: tuple[Path, Path, Path],
) -> None:
    root, out, theme = course
    watch = Watch(str(root), "-o", str(out), "--theme", str(theme), "-j", "1", "--format", "pptx")
    try:
        watch.until("watching")
        theme.rename(theme.with_name("deleted"))  # the folder gone at once, as a delete does
        shutil.rmtree(theme.with_name("deleted"))
        (root / "a.md").write_text(LESSON.format(name="a2"), encoding="utf-8")
        said = watch.until("lesson-export: error:")[-1]  # whichever read of it missed it first
        assert "and no such folder" in said or "cannot read the theme folder" in said
        staged = theme.with_name("staged")
        shutil.copytree(ROOT / "themes" / "default", staged)
        staged.rename(theme)  # back whole and as it was: a rebuild with it
        # a.md, saved meanwhile; b.md too if a build failed it while the theme was away
        assert "a.md" in exported(watch.until("lesson(s)"))
        copy = root.with_name("copy")
        shutil.copytree(root, copy)
        shutil.rmtree(root)
        copy.rename(root)  # as some tools save a folder
        # Saved at once: before the folder is watched again, the rebuild that begins the new
        # watch exports it; after, the watch sees it. Either way it is exported.
        (root / "b.md").write_text(LESSON.format(name="b2"), encoding="utf-8")
        assert exported(watch.until("lesson(s)")) == ["b.md"]
    finally:
        code, rest = watch.stop()
    assert code == 0 and not any("Traceback" in line for line in watch.seen + rest)


def test_watch_catches_a_save_made_during_its_first_build(tmp_path: Path) -> None:
    root, out = tmp_path / "course", tmp_path / "out"
    root.mkdir()
    page = "### Page {n}\n\n- **Point**: " + "words " * 30 + "\n"
    big = "\n<!-- pagebreak -->\n\n".join(page.format(n=n) for n in range(60))
    (root / "big.md").write_text("---\ntitle: Big\n---\n\n" + big, encoding="utf-8")
    (root / "a.md").write_text(LESSON.format(name="a"), encoding="utf-8")
    watch = Watch(str(root), "-o", str(out), "-j", "1", "--format", "pptx,handout")
    try:
        watch.until("a.md", timeout=60)  # a.md is exported; big.md, a long handout, is under way
        (root / "a.md").write_text(LESSON.format(name="a2"), encoding="utf-8")
        assert exported(watch.until("lesson(s)", timeout=60)) == ["big.md"]  # the first build
        # the rebuild that begins the watch, before it says it is watching
        assert exported(watch.until("watching", timeout=60)) == ["a.md"]
    finally:
        watch.stop()
