"""batch: watch: the lessons, their images and the theme watched, so that what changes is
exported again as soon as it is saved (the manifest tells which lessons it touches).

The folders watched are the input folders (a lone file's folder, a pattern's fixed part), the
course root and the theme's folder; the output folder and editors' temporary files are not.
Changes are taken in bursts: an editor's save is several events, and one rebuild follows them.
"""

from __future__ import annotations

import contextlib
import glob
import logging
import os
import stat
import sys
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import watchfiles

from exporter.batch import discover, export_changed, fixed_part
from exporter.console import summary
from exporter.errors import ExporterError
from exporter.jobs import Job, Result, Status
from exporter.manifest import NAME, Stale
from exporter.options import NAMES, Options, UsageError, extension
from exporter.pipeline import preload
from exporter.theme import Theme, load_theme

if TYPE_CHECKING:
    from exporter.console import Display

STEP = 50
"""Milliseconds without a new change after which a burst of changes is taken."""
LONGEST = 400
"""The most milliseconds a burst of changes is gathered for before it is taken."""
CHECK = 500
"""Milliseconds between looks at whether the watched folders are still there."""
WRITTEN = tuple(f".{extension(name)}" for name in NAMES)
"""The endings of the files a build writes."""
Course = Callable[[list[Result], Theme], list[str]]
"""What makes the course outputs (book, index page) from a build's results, saying what it
wrote; it returns why any could not be written."""


def watch_lessons(
    options: Options,
    jobs: list[Job],
    theme: Theme,
    display: Display,
    prune: bool,
    started: float,
    course: Course,
) -> NoReturn:
    """Export the lessons, then what changes in the folders ``watched`` finds, until Ctrl-C
    (or SIGTERM, turned into Ctrl-C by ``workers.stop_on_sigterm``); after each build,
    ``course`` makes the course outputs from its results."""
    folders = watched(options, folder_of(theme))
    # Imported once here, and a small lesson exported, the stages and writers are shared by
    # every worker of every rebuild, ready (a rebuild of one lesson would otherwise have its
    # lone worker import them anew, and set up what a first lesson does).
    preload(options, True, theme, rehearsed=True)
    results, told = export_changed(jobs, options, theme, display, prune=prune)
    display.replay = False  # from now on, only what a change exported is told
    unmade(course(results, theme))
    print(summary(results, Status.EXPORTED, started, len(theme.warnings)), flush=True)
    where = ", ".join(str(folder) for folder in folders)
    rebuilds = Rebuilds(options, display, prune, theme, told, course)
    armed = False
    for changed in changes(folders, options.output):
        rebuilds.run(changed)
        if not armed:
            # The first burst comes once the watch has begun, and its rebuild has caught what
            # was saved meanwhile: say so only now, when a save is sure to be seen.
            print(f"watching {where} for changes (Ctrl-C stops)", flush=True)
            armed = True
    raise KeyboardInterrupt  # the watch ends only on Ctrl-C (which it catches itself)


@dataclass
class Rebuilds:
    """The watch's rebuilds, one for each burst of changes, and what they have told."""

    options: Options
    display: Display
    prune: bool
    theme: Theme
    told: list[Stale]
    """The outputs of lessons that are gone, told already."""
    course: Course
    failed: str | None = None
    """The error the last rebuild stopped on (told once, though a change may come twice)."""

    def run(self, changed: set[Path]) -> None:
        """Export what ``changed`` (and anything else no longer up to date) touches, reading
        the theme again if it is among the changes; say what was done, or what stopped it."""
        started = time.perf_counter()
        options = self.options
        try:
            before, self.theme = self.theme, reloaded(self.theme, options, changed)
            if self.theme is not before:
                preload(options, True, self.theme, rehearsed=True)  # its fonts, ready
            jobs = discover(options.inputs, options)
            results, stale = export_changed(
                jobs,
                options,
                self.theme,
                self.display,
                prune=self.prune,
                retry=False,
                told=self.told,
            )
        except (UsageError, ExporterError) as exc:  # the theme broken, or its folder removed
            message = exc.diagnostic.message if isinstance(exc, ExporterError) else str(exc)
            if message != self.failed:  # a folder seen gone is one change: told once
                print(f"lesson-export: error: {message}", file=sys.stderr, flush=True)
            self.failed = message
            return
        self.failed = None
        # The book and index page too, when a lesson or the order of the course changed
        # (they are written again only if what they show changed).
        unmade(self.course(results, self.theme))
        if any(result.status is not Status.SKIPPED for result in results) or any(
            lesson not in self.told for lesson in stale
        ):
            print(f"{time.strftime('%H:%M:%S')} {summary(results, Status.EXPORTED, started)}")
        self.told = stale
        sys.stdout.flush()


def unmade(why: list[str]) -> None:
    """Tell why course outputs could not be written (the watch goes on)."""
    for message in why:
        print(f"lesson-export: error: {message}", file=sys.stderr, flush=True)


def reloaded(theme: Theme, options: Options, changed: set[Path]) -> Theme:
    """Return the theme read again if a file in its folder is among ``changed``, else
    ``theme``; raises ``ExporterError`` for a theme that no longer loads."""
    folder = folder_of(theme)
    if folder and any(path.is_relative_to(folder) for path in changed):
        theme = load_theme(options.theme, options.template, options.layouts)
        for diagnostic in theme.warnings:  # once for each time it is read, as a build does
            print(f"lesson-export: {diagnostic.format()}", file=sys.stderr)
    return theme


def folder_of(theme: Theme) -> Path | None:
    """Return the theme's folder on disk, if it is one (a built-in theme in a zip is not),
    even while it is gone: a change there (its removal too) reads the theme again."""
    folder = theme.folder
    return folder.resolve() if isinstance(folder, Path) else None


def watched(options: Options, theme_folder: Path | None) -> list[Path]:
    """Return the folders to watch for ``options``: those holding the lessons, the course root
    and the theme (built-in themes included; they change only when the exporter does)."""
    folders: list[Path] = []
    for name in options.inputs:
        path = Path(name)
        if glob.has_magic(name):
            path = fixed_part(path)
        elif path.is_file():
            path = path.parent
        folders.append(path)
    if options.root is not None:
        folders.append(options.root)
    if theme_folder is not None:
        folders.append(theme_folder)
    found: list[Path] = []
    for folder in sorted({folder.resolve() for folder in folders if folder.is_dir()}):
        if not any(folder.is_relative_to(other) for other in found):
            found.append(folder)
    return found


def changes(folders: list[Path], output: Path) -> Generator[set[Path], None, None]:
    """Yield the files changed in ``folders`` (but what the build writes to ``output``), a
    burst at a time, until Ctrl-C.

    The first burst comes once the watch has begun and holds the watched folders themselves,
    since anything in them may have changed before: a rebuild then catches what was saved while
    the first build ran (or while a folder was away). A folder removed is yielded as soon as it
    is seen gone, so that a build says what is missing; it is watched again once it is back
    (made anew, as some tools save).
    """
    logging.getLogger("watchfiles").setLevel(logging.ERROR)  # it tells of Ctrl-C itself
    wanted = changes_wanted(output)
    while True:
        with contextlib.ExitStack() as held:
            watching = hold(folders, held)
            bursts = watchfiles.watch(
                *(folder for folder in folders if folder.is_dir()),
                watch_filter=wanted,
                step=STEP,
                debounce=LONGEST,
                raise_interrupt=False,
                yield_on_timeout=True,
                rust_timeout=CHECK,
                ignore_permission_denied=True,
            )
            begun = False
            for burst in bursts:
                if burst or not begun:
                    changed = {Path(path) for _, path in burst}
                    yield changed if begun else changed | set(folders)
                    begun = True
                if identities(folders) != watching:
                    break  # a folder removed or replaced: its watch is lost, so watch anew
            else:
                return  # Ctrl-C
        gone = {folder for folder, at in zip(folders, identities(folders), strict=True) if not at}
        if gone:
            yield gone
        while None in identities(folders):
            time.sleep(CHECK / 1000)


def changes_wanted(output: Path) -> Callable[[watchfiles.Change, str], bool]:
    """Return the filter of the changes worth a rebuild: not editors' temporary files, nor
    what the build writes to ``output``."""
    quiet = watchfiles.DefaultFilter()
    written = output.resolve()

    def wanted(change: watchfiles.Change, path: str) -> bool:
        name = Path(path).name
        if not quiet(change, path) or (name.startswith(".") and name.endswith(".tmp")):
            return False
        # What the build writes (the output folder may be the lessons' own): not a change.
        ours = name == NAME or name.endswith(WRITTEN)
        return not (ours and Path(path).parent.resolve().is_relative_to(written))

    return wanted


def hold(folders: list[Path], held: contextlib.ExitStack) -> list[tuple[int, int] | None]:
    """Open each of ``folders`` until ``held`` closes, and return which folder each is.

    A folder held open keeps its inode number while it is watched, even once removed: a folder
    made anew in its place (a theme copied back) gets another number, so it is seen replaced.
    Unheld, a file system such as ext4 gives the new folder the removed one's number at once,
    the replacement goes unseen and the lost watch is kept: no change there is ever seen again.
    (Where a folder cannot be opened, as on Windows, its number is taken by its name.)
    """
    found: list[tuple[int, int] | None] = []
    for folder in folders:
        try:
            handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError:
            found.extend(identities([folder]))
            continue
        held.callback(os.close, handle)
        facts = os.fstat(handle)
        found.append((facts.st_dev, facts.st_ino))
    return found


def identities(folders: list[Path]) -> list[tuple[int, int] | None]:
    """Return which folder each of ``folders`` is (device and inode; ``None``: not there)."""
    found: list[tuple[int, int] | None] = []
    for folder in folders:
        try:
            facts = folder.stat()
        except OSError:
            found.append(None)
            continue
        found.append((facts.st_dev, facts.st_ino) if stat.S_ISDIR(facts.st_mode) else None)
    return found
