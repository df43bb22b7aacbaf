"""batch: many lessons: finding them and exporting each (their reports are in ``reports``)."""

from __future__ import annotations

import contextlib
import functools
import glob
import os
import re
import stat
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from itertools import takewhile
from pathlib import Path
from typing import TYPE_CHECKING

from exporter import workers
from exporter.errors import error, located, printable
from exporter.files import remove_stale
from exporter.folders import excluded, forget_links, lessons_in, outside, real_path
from exporter.jobs import Job, Result, Status, Stop
from exporter.manifest import NAME, Manifest, Stale, output_keys
from exporter.options import Options, UsageError
from exporter.pipeline import export_lesson, preload
from exporter.theme import Theme
from exporter.workers import run_on_workers, start_method

if TYPE_CHECKING:
    from exporter.console import Display

Meanwhile = Callable[[int, int], None]
"""What the command does while the workers export the last lessons (``export_all``), given
how many lessons are exported and how many there are."""


def discover(inputs: Iterable[str], options: Options, notes: list[str] | None = None) -> list[Job]:
    """Return a job per lesson named by ``inputs``: files, folders searched recursively (a
    link to a folder inside the course followed once, each link not followed told in
    ``notes``), or glob patterns (``lessons/**/lesson-*.md``, which find what naming their
    folder finds, less what they do not match), less those matching
    ``options.exclude``.

    Outputs mirror each folder's tree (a pattern's: below its first wildcard) under
    ``options.output``; a lone file's output goes straight into it; a lesson in a configured
    course folder (named alone, or in a folder inside it) built into the configured output
    folder goes where the course's build puts it. A lesson named twice is
    exported once. Raises ``UsageError`` for an input that does not exist or matches nothing.
    """
    forget_links()  # a link may have changed since the last build (``watch``)
    jobs: dict[Path, Job] = {}
    for name in inputs:
        path = Path(name)
        found: list[tuple[Path, Path | None]]
        if path.is_dir():
            bounds = course_of(path, options)
            lessons = lessons_in(path, options.exclude, bounds, notes)
            found = [(lesson, path) for lesson in sorted(lessons)]
        elif path.is_file():
            found = [(path, None)]
        elif glob.has_magic(name):
            found = [(lesson, fixed_part(path)) for lesson in matching(path, options, notes)]
            if not found:
                raise UsageError(f"no lesson matches {name}")
        else:
            raise UsageError(f"no such lesson file or folder: {name}")
        placed: dict[Path, Placed] = {}  # by the folder each lesson was found in
        for lesson, folder in found:
            if excluded(lesson, folder, options.exclude):
                continue
            if folder is None:
                course = course_folder(lesson, options.course_folders)
                root = options.root or course or lesson.parent
                # Inside a configured course folder, into the configured output folder, it goes
                # where the course's build puts it (``dist/section-16/lesson-1.pptx``).
                below = None
                if course is not None and options.course_output:
                    below = real_path(lesson).relative_to(real_path(course))
                stem = options.output / (below.with_suffix("") if below else lesson.stem)
                job = Job(lesson, name, stem, root)
            else:
                where = placed.get(folder) or placed.setdefault(folder, place(folder, options))
                stem = where.output / lesson.relative_to(folder).with_suffix("")
                refused = outside(lesson, where.course)
                job = Job(lesson, str(lesson), stem, where.root, refused)
            jobs.setdefault(real_path(lesson), job)
    return list(jobs.values())


@dataclass(frozen=True)
class Placed:
    """Where the lessons found in one input folder go (the same for each of them)."""

    output: Path
    """The folder their tree is mirrored into."""
    root: Path
    """Their course root."""
    course: tuple[Path, ...]
    """The input folder, then the folders its lessons may lie in through links
    (``course_of``)."""


def place(folder: Path, options: Options) -> Placed:
    """Return where the lessons found in the input ``folder`` go: its tree mirrored into the
    output folder; a folder inside a configured course folder (``lessons/unit-03``), into the
    configured output folder, mirrored as the course's build mirrors it."""
    course = course_folder(folder, options.course_folders)
    mirrored = course if course is not None and options.course_output else folder
    within = real_path(folder).relative_to(real_path(mirrored))
    return Placed(
        options.output / within, options.root or mirrored, (folder, *course_of(folder, options))
    )


def matching(pattern: Path, options: Options, notes: list[str] | None) -> list[Path]:
    """Return the lessons a glob ``pattern`` matches, as naming the folder it searches finds
    them (``lessons_in``): a link to a folder inside the course followed once, each link not
    followed told in ``notes``, hidden files and folders passed over unless it names them.
    (``Path.glob`` went through no linked folder for ``**``, without a word, and through any
    for ``*``.)"""
    base = fixed_part(pattern)
    if not base.is_dir():
        return []
    parts = pattern.relative_to(base).parts
    bounds = course_of(base, options)
    return sorted(lessons_in(base, options.exclude, bounds, notes, parts))


def fixed_part(pattern: Path) -> Path:
    """Return the folder a glob pattern searches: its parts before the first wildcard."""
    return Path(*takewhile(lambda part: not glob.has_magic(part), pattern.parts))


def course_of(folder: Path, options: Options) -> tuple[Path, ...]:
    """Return the folders besides the input ``folder`` its lessons and the folders they are
    in may lie in, reached through links: the configured course folder holding it, and the
    course root (``--root``)."""
    found = (course_folder(folder, options.course_folders), options.root)
    return tuple(path for path in found if path is not None)


def course_folder(lesson: Path, folders: Iterable[Path]) -> Path | None:
    """Return the configured course folder holding a lesson named alone, if one does: its
    root, and the folder its outputs are mirrored from."""
    where = real_path(lesson)
    return next((f for f in folders if where.is_relative_to(real_path(f))), None)


Action = Callable[[Job, Options, Theme], Result]
"""What is done to each lesson: ``export_lesson``, or ``check_lesson``."""


def export_changed(
    jobs: list[Job],
    options: Options,
    theme: Theme,
    display: Display,
    force: bool = False,
    prune: bool = False,
    retry: bool = True,
    told: list[Stale] | None = None,
    meanwhile: Meanwhile | None = None,
) -> tuple[list[Result], list[Stale]]:
    """Export the lessons that are not up to date (all with ``force``), keeping the output
    folder's manifest; return every result, and the outputs of lessons that are gone (removed
    if ``prune``; told on ``display`` unless in ``told``). ``retry``: see ``Manifest.retry``;
    ``meanwhile``: see ``export_all``."""
    display.expect(jobs)
    file = options.shard.manifest if options.shard else NAME
    manifest = Manifest.load(options.output, file)
    manifest.retry = retry
    if manifest.problem:
        display.print(f"lesson-export: note: {options.output / file}: {manifest.problem}")
    results = build_all(
        jobs, options, theme, display.done, manifest, force, display.began, meanwhile
    )
    kept = built(results)
    if options.shard:  # a lesson that is now another shard's is no longer this one's
        manifest.forget_others({manifest.name(job) for job in jobs}, kept)
    stale = tidy(manifest, display, prune, told, kept)
    if manifest.unsaved:
        display.print(
            f"lesson-export: note: {manifest.unsaved}; the next build exports these lessons again",
            sys.stderr,
        )
    return results, stale


def tidy(
    manifest: Manifest,
    display: Display,
    prune: bool,
    told: list[Stale] | None = None,
    kept: Built | None = None,
) -> list[Stale]:
    """Tell of the outputs of lessons that are gone (but those in ``told``, and never one of
    ``kept``, this build's), and remove them if ``prune``; return them."""
    stale = manifest.stale(kept)
    for lesson in stale:
        if lesson in (told or ()):
            continue
        outputs = ", ".join(str(path) for path in lesson.outputs)
        if prune:
            display.print(printable(f"removed {outputs}: their lesson {lesson.source} is gone"))
        else:
            display.print(
                printable(
                    f"lesson-export: note: {outputs}: their lesson {lesson.source} is gone "
                    "(--prune removes them)"
                ),
                sys.stderr,
            )
    if prune and stale:
        manifest.prune(stale)
    if manifest.changed:  # pruned, or gone lessons with nothing left forgotten
        manifest.unsaved = manifest.save()
    return stale


Built = Callable[[], frozenset[Path]]
"""What gives a build's outputs, by their resolved paths (``built``)."""


def built(results: Iterable[Result]) -> Built:
    """Return what gives the outputs of ``results`` by their resolved paths, worked out once
    and only when asked: only a lesson gone, or another shard's, asks (resolving a
    3,000-lesson course's outputs took 0.4 s of a build that changed nothing)."""
    return functools.cache(
        lambda: frozenset(real_path(path) for result in results for path in result.outputs)
    )


def build_all(
    jobs: list[Job],
    options: Options,
    theme: Theme,
    done: Callable[[Result], None],
    manifest: Manifest,
    force: bool = False,
    began: Callable[[Job], None] | None = None,
    meanwhile: Meanwhile | None = None,
) -> list[Result]:
    """Export every job whose outputs are not up to date by ``manifest`` (all with
    ``force``), as ``export_all`` does, keeping the manifest up to date; the others are
    ``skipped``. The manifest is saved even when the build is interrupted."""
    keys = output_keys(options, theme)

    def finished(result: Result) -> None:
        manifest.record(result, keys)
        done(result)

    def skipped(job: Job) -> Result | None:
        return None if force else manifest.skipped(job, keys)

    own = options.output / manifest.file
    remove_leftovers([*(t for job in jobs for t in job.outputs(options)), own])
    try:
        return export_all(jobs, options, theme, finished, export_lesson, skipped, began, meanwhile)
    finally:
        manifest.unsaved = manifest.save()


LEFTOVER = re.compile(r"\.(?P<target>.+)\.[a-z0-9_]{8}\.tmp")
"""A temporary file ``write_all`` names (``.lesson-1.pptx.k2j4_x9q.tmp``), with its target."""
LEFT_FOR = 60.0
"""How old (seconds) a temporary file must be to be another build's leftover: one being
written now lives for less than a second."""


def remove_leftovers(targets: list[Path]) -> None:
    """Remove the temporary files a build that was killed while writing (SIGKILL, a power cut)
    left beside ``targets``: only files named as ``write_all`` names them, for one of
    ``targets``, and a minute old, so that a file of the author's and a file another build
    is writing now are kept."""
    names: dict[Path, set[str]] = {}
    for target in targets:
        names.setdefault(target.parent, set()).add(target.name)
    now = time.time()
    for folder, ours in names.items():
        with contextlib.suppress(OSError), os.scandir(folder) as entries:
            for entry in entries:
                match = LEFTOVER.fullmatch(entry.name)
                if match is None or match["target"] not in ours:
                    continue
                with contextlib.suppress(OSError):
                    found = entry.stat(follow_symlinks=False)
                    if stat.S_ISREG(found.st_mode) and now - found.st_mtime >= LEFT_FOR:
                        os.unlink(entry.path)


def export_all(
    jobs: list[Job],
    options: Options,
    theme: Theme,
    done: Callable[[Result], None],
    action: Action = export_lesson,
    skip: Callable[[Job], Result | None] | None = None,
    began: Callable[[Job], None] | None = None,
    meanwhile: Meanwhile | None = None,
) -> list[Result]:
    """Export (or check) every job on worker processes, calling ``done`` as each finishes;
    return the results in the order of ``jobs``. One failure never stops the rest.

    The stages and writers are imported (``preload``) before the workers are forked when
    several share them; a lone worker imports them itself: the command needs none of them,
    and the worker's pages are then its own, not copies of the command's that each object it
    touches must make (about 40 ms of a one-lesson build).

    A job for which ``skip`` gives a result is not exported; that result is taken instead.
    ``began`` is called as each lesson starts; ``meanwhile`` (given how many lessons are
    exported, and how many there are) once, when the last has started on a worker, for
    the command to get the course outputs ready while the workers finish.
    """
    results: dict[int, Result] = {}
    todo: list[tuple[int, Job]] = []
    claimed: dict[Path, Job] = {}
    for index, job in enumerate(jobs):
        targets = job.outputs(options)
        clash = next((t for t in targets if t in claimed), None)
        if clash is not None:
            first = claimed[clash]
            alone = first.display in options.inputs or job.display in options.inputs
            how = (
                "a lesson named on its own is written straight into the output folder; name "
                "the folder that holds both (its tree is mirrored in the output folder), or "
                "give this one another output folder (-o)"
                if alone
                else "rename one of the two lessons"
            )
            message = f"its output {clash.name} would overwrite {first.display}'s: {how}"
            diagnostics = located([error("duplicate-output", message)], job.display)
            results[index] = Result(job, Status.FAILED, (), diagnostics)
            done(results[index])
            continue
        claimed.update(dict.fromkeys(targets, job))
        skipped = skip(job) if skip else None
        if skipped is not None:
            results[index] = skipped
            done(skipped)
        else:
            todo.append((index, job))
    task = functools.partial(guarded, action=action)
    lessons = [job for _, job in todo]
    method = start_method()
    # Shared too when a lone worker would be replaced (``workers.RECYCLE``): forked ready.
    shared = method == "fork" and (
        min(options.jobs, len(lessons)) > 1 or len(lessons) > workers.RECYCLE
    )
    warm = functools.partial(preload, options, action is export_lesson, theme, shared=shared)
    if lessons and (shared or method is None):
        warm()  # before the workers are forked, so that they share what it imports
    if lessons and method:
        ahead = None if meanwhile is None else functools.partial(meanwhile, len(lessons), len(jobs))
        finished = run_on_workers(
            lessons, options, theme, task, done, began, method, warm=warm, meanwhile=ahead
        )
    else:
        finished = []
        for job in lessons:
            if began is not None:
                began(job)
            finished.append(task(job, options, theme))
            done(finished[-1])
    results.update(zip((index for index, _ in todo), finished, strict=True))
    return [results[index] for index in range(len(jobs))]


def guarded(job: Job, options: Options, theme: Theme, action: Action = export_lesson) -> Result:
    """Export one lesson; a bug in the exporter fails that lesson instead of the whole run."""
    started = time.perf_counter()
    try:
        return replace(action(job, options, theme), seconds=time.perf_counter() - started)
    except MemoryError:  # the system's limit, not a bug
        message = "the lesson needed more memory than the system would give"
        diagnostics = located([error(Stop.MEMORY, message)], job.display)
    except Exception as exc:  # a bug, not bad input: report it and go on with the others
        where = traceback.extract_tb(exc.__traceback__)[-1]
        message = (
            f"internal error, please report it: {type(exc).__name__}: {exc} "
            f"(at {Path(where.filename).name}:{where.lineno})"
        )
        diagnostics = located([error(Stop.INTERNAL, message)], job.display)
    removed = remove_stale(job.outputs(options))
    return Result(job, Status.FAILED, (), diagnostics, (), removed, time.perf_counter() - started)
