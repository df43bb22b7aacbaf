"""batch: many lessons: finding them and exporting each (their reports are in ``reports``)."""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from exporter.errors import error
from exporter.options import Options, UsageError
from exporter.pipeline import Job, Result, export_lesson, located, remove_stale
from exporter.theme import Theme

LESSON_SUFFIX = ".md"


def discover(inputs: Iterable[str], options: Options) -> list[Job]:
    """Return a job per lesson named by ``inputs`` (files, or folders searched recursively).

    Outputs mirror each folder's tree under ``options.output``; a lone file's output goes
    straight into it. A lesson named twice is exported once. Raises ``UsageError`` for an
    input that does not exist.
    """
    jobs: dict[Path, Job] = {}
    for name in inputs:
        path = Path(name)
        if path.is_dir():
            for lesson in sorted(lessons_in(path)):
                stem = options.output / lesson.relative_to(path).with_suffix("")
                job = Job(lesson, str(lesson), stem, options.root or path, outside(lesson, path))
                jobs.setdefault(lesson.resolve(), job)
        elif path.is_file():
            root = options.root or course_root(path, options.course_folders)
            jobs.setdefault(path.resolve(), Job(path, name, options.output / path.stem, root))
        else:
            raise UsageError(f"no such lesson file or folder: {name}")
    return list(jobs.values())


def outside(lesson: Path, folder: Path) -> str | None:
    """Return why a lesson found in ``folder`` is refused: a link to a file outside it."""
    if lesson.resolve().is_relative_to(folder.resolve()):
        return None
    return f"it is a link to a file outside {folder}; lessons must lie inside the course folder"


def course_root(lesson: Path, folders: Iterable[Path]) -> Path:
    """Return the root of a lesson named alone: the configured course folder holding it."""
    where = lesson.resolve()
    return next((f for f in folders if where.is_relative_to(f.resolve())), lesson.parent)


def lessons_in(folder: Path) -> Iterator[Path]:
    """Yield the Markdown files below ``folder``, skipping hidden files and folders."""
    for path in folder.rglob(f"*{LESSON_SUFFIX}"):
        parts = path.relative_to(folder).parts
        if path.is_file() and not any(part.startswith(".") for part in parts):
            yield path


Action = Callable[[Job, Options, Theme], Result]
"""What is done to each lesson: ``export_lesson``, or ``check_lesson``."""


def export_all(
    jobs: list[Job],
    options: Options,
    theme: Theme,
    done: Callable[[Result], None],
    action: Action = export_lesson,
) -> list[Result]:
    """Export (or check) every job in turn, calling ``done`` after each; one failure never
    stops the rest."""
    results: list[Result] = []
    claimed: dict[Path, Job] = {}
    for job in jobs:
        first = claimed.setdefault(job.stem, job)
        if first is not job:
            message = f"its output would overwrite the output of {first.display}"
            result = Result(
                job, "failed", (), located([error("duplicate-output", message)], job.display)
            )
        else:
            result = guarded(job, options, theme, action)
        results.append(result)
        done(result)
    return results


def guarded(job: Job, options: Options, theme: Theme, action: Action = export_lesson) -> Result:
    """Export one lesson; a bug in the exporter fails that lesson instead of the whole run."""
    started = time.perf_counter()
    try:
        return replace(action(job, options, theme), seconds=time.perf_counter() - started)
    except Exception as exc:  # a bug, not bad input: report it and go on with the others
        where = traceback.extract_tb(exc.__traceback__)[-1]
        message = (
            f"internal error, please report it: {type(exc).__name__}: {exc} "
            f"(at {Path(where.filename).name}:{where.lineno})"
        )
        diagnostics = located([error("internal", message)], job.display)
        removed = remove_stale(job.outputs(options))
        return Result(job, "failed", (), diagnostics, (), removed, time.perf_counter() - started)
