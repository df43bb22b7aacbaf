"""course: the outputs made once for a whole build, from every lesson's result: the course
book (``--format book``, one PDF of every lesson) and the index page (``--format index``, one
page listing every lesson's files).

They are made after the lessons, from the results the build gives (a lesson up to date brings
its result from the manifest), and never export a lesson again. The lessons are taken in the
course's order (``order``): by the front matter's section and lesson, compared as numbers.
Each output's module has ``write(course, options, theme) -> Path``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from exporter.course.order import course_order
from exporter.jobs import Result
from exporter.options import COURSE, Options

if TYPE_CHECKING:
    from exporter.course.book import Last
    from exporter.theme import Theme

WRITERS = {"book": "exporter.course.book", "index": "exporter.course.index"}
"""The module that writes each course output (a key of ``options.COURSE``)."""


@dataclass(frozen=True)
class Course:
    """A build's lessons, as the course outputs show them."""

    title: str
    """The course's title: ``course_title``, else the name of the first input folder."""
    output: Path
    """The output folder: the course outputs are written into it."""
    lessons: tuple[Result, ...]
    """Every lesson's result (exported, up to date or failed), in the course's order."""
    notes: tuple[str, ...] = ()
    """What the order had to guess (a lesson without numbers), to tell the user."""

    @classmethod
    def of(cls, results: list[Result], options: Options) -> Course:
        """Return the course the build's ``results`` make."""
        ordered, notes = course_order(results)
        return cls(course_title(options), options.output, tuple(ordered), tuple(notes))


def course_title(options: Options) -> str:
    """Return the course's title: the configured one, else the name of the first input that
    is a folder (the current folder's name when there is none)."""
    if options.course_title:
        return options.course_title
    for name in options.inputs:
        path = Path(name)
        if path.is_dir():
            return path.resolve().name
    return Path.cwd().name


def write_course(
    results: list[Result], options: Options, theme: Theme, last: Last | None = None
) -> tuple[Course, list[Path]]:
    """Write the course outputs ``options`` ask for; return the course and the files written
    (not those that were up to date). ``last``: the book last written, opened while the
    lessons were exported (``book.Last``).

    Raises ``ExporterError`` when one cannot be written.
    """
    course = Course.of(results, options)
    written = []
    for name in options.course:
        module = importlib.import_module(WRITERS[name])
        given = {"last": last} if name == "book" else {}
        path = module.write(course, options, theme, **given)
        if path is not None:
            written.append(path)
    return course, written


def section_number(section: str) -> str | None:
    """Return the number of a section its front matter writes ``14``, ``Section-14`` or
    ``Section 14`` (the English word, which lessons often hold), for a heading in the course's
    own words; ``None`` for a section named otherwise (``Unit 3``, ``Basics``)."""
    text = " ".join(section.replace("-", " ").replace("_", " ").split())
    if text[:1].isdigit():
        return text
    first, _, rest = text.partition(" ")
    return rest if first.casefold() == "section" and rest[:1].isdigit() else None


def course_file(options: Options, name: str) -> Path:
    """Return where the course output ``name`` is written: its name in the output folder
    (the book's is ``book_file``, else the default)."""
    return options.output / (options.book_file if name == "book" else COURSE[name])
