"""course: the index page (``--format index``): ``index.html`` in the output folder, listing
every lesson of the course with its files, its slide count, its status and its warnings, and a
small picture of its title slide.

The page is one self-contained HTML file: its styles are inside it, it runs no script and asks
for nothing from elsewhere (no font, no stylesheet), and every link and picture is relative to
it, so it works opened from the disk (``file://``) as on any static host. Its pictures are the
lessons' own parts (``lesson-1.preview.png``, ``pipeline.render_title_preview``), made with
each lesson and kept with it while it is up to date. A lesson up to date and one exported now
are shown alike (the page says whether its files are ready, not whether they were made now), so
a build that changes nothing writes the same page, byte for byte.

The page is accessible: landmarks (header, nav, main, footer), headings in order (the course,
each section, each lesson), a text alternative on each picture, statuses in words as well as
colours, colours of 4.5:1 contrast or more, and a layout that reflows on a phone.
"""

from __future__ import annotations

import html
import os
import struct
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from exporter import __version__
from exporter.course import Course, course_file
from exporter.course.page import STYLE, readable
from exporter.errors import Diagnostic, Severity
from exporter.files import write_all
from exporter.jobs import Result, Status
from exporter.options import Options, Output
from exporter.paper import NOTES, OUTLINE

if TYPE_CHECKING:
    from exporter.theme import Theme

LABELS = {
    "pptx": "Deck (PowerPoint)",
    "pdf": "Slides (PDF)",
    "answers": "Answer key (PDF)",
    "handout": "Handout (PDF)",
    NOTES: "Notes handout (PDF)",
    OUTLINE: "Outline handout (PDF)",
}
"""How a link to each output's file reads, by the output's name (``label``)."""
SHOWN = 2
"""The preview's width on the page, as a fraction of its width in pixels (sharp on screens of
two pixels a point)."""


@dataclass(frozen=True)
class Group:
    """A heading of the page and the lessons under it."""

    heading: str
    lessons: tuple[Result, ...]


def write(course: Course, options: Options, theme: Theme) -> Path:
    """Write the course's index page; return its path.

    Raises ``ExporterError`` when it cannot be written.
    """
    path = course_file(options, "index")
    write_all({path: render_index(course, options, theme).encode("utf-8")})
    return path


def render_index(course: Course, options: Options, theme: Theme) -> str:
    """Return the index page of ``course``, its links relative to the output folder."""
    groups = grouped(course.lessons)
    sections = "".join(render_group(n, group, options) for n, group in enumerate(groups, 1))
    accent = readable(theme.colors.accent)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(course.title)}: lessons</title>\n"
        f'<meta name="generator" content="lesson-exporter {__version__}">\n'
        f"<style>{STYLE.replace('ACCENT', accent)}</style>\n</head>\n<body>\n"
        f"<header>\n<h1>{escape(course.title)}</h1>\n<p>{summary(course.lessons)}</p>\n"
        f"</header>\n{render_nav(groups)}<main>\n{sections}</main>\n"
        f"<footer>\n<p>Made by lesson-exporter {__version__}.</p>\n</footer>\n"
        "</body>\n</html>\n"
    )


def grouped(lessons: tuple[Result, ...]) -> list[Group]:
    """Return the lessons under their sections' headings, in the course's order. A lesson
    without a section (or one that could not be read) goes with the lesson before it when
    that lesson is in its folder, else under its folder's name."""
    keys: list[str] = []
    folders = [Path(lesson_path(result)).parent for result in lessons]
    for n, (result, folder) in enumerate(zip(lessons, folders, strict=True)):
        listing = result.listing
        if listing is not None and listing.section:
            keys.append(section_heading(listing.section))
        elif n and folders[n - 1] == folder:
            keys.append(keys[-1])
        else:
            keys.append(folder.as_posix() if folder.parts else "Lessons")
    paired = groupby(zip(keys, lessons, strict=True), key=lambda pair: pair[0])
    return [Group(key, tuple(result for _, result in pairs)) for key, pairs in paired]


def section_heading(section: str) -> str:
    """Return a section's heading: ``Section 14`` of ``Section-14`` or of ``14``."""
    text = " ".join(section.replace("-", " ").replace("_", " ").split())
    return f"Section {text}" if text[:1].isdigit() else text


def summary(lessons: tuple[Result, ...]) -> str:
    """Return the line under the course's title: how many lessons and slides, and how many
    failed or warned."""
    failed = sum(result.status is Status.FAILED for result in lessons)
    warned = sum(
        result.status is not Status.FAILED and bool(warnings(result)) for result in lessons
    )
    slides = sum(len(result.slides) for result in lessons)
    parts = [f"{count(len(lessons), 'lesson')}, {count(slides, 'slide')}."]
    parts.append(f"{count(failed, 'lesson')} failed." if failed else "None failed.")
    if warned:
        parts.append(f"{count(warned, 'lesson')} with warnings.")
    return " ".join(parts)


def render_nav(groups: list[Group]) -> str:
    """Return the list of sections, each a link to its heading (none for a single one)."""
    if len(groups) < 2:
        return ""
    items = "".join(
        f'<li><a href="#section-{n}">{escape(group.heading)}</a></li>'
        for n, group in enumerate(groups, 1)
    )
    return f'<nav aria-label="Sections">\n<ul>{items}</ul>\n</nav>\n'


def render_group(number: int, group: Group, options: Options) -> str:
    """Return a section of the page: its heading and its lessons."""
    lessons = "".join(render_lesson(result, options) for result in group.lessons)
    return (
        f'<section aria-labelledby="section-{number}">\n'
        f'<h2 id="section-{number}">{escape(group.heading)}</h2>\n{lessons}</section>\n'
    )


def render_lesson(result: Result, options: Options) -> str:
    """Return one lesson's entry: its title, what it is, its status, its files, its problems
    and its title slide's picture."""
    listing = result.listing
    title = listing.title if listing is not None else result.job.source.stem
    facts = [f"Lesson {escape(listing.lesson)}"] if listing and listing.lesson else []
    if listing is not None and listing.quiz:
        facts.append("quiz")
    if result.status is not Status.FAILED:
        facts.append(count(len(result.slides), "slide"))
    facts.append(f"<code>{escape(lesson_path(result))}</code>")  # each fact is HTML
    files = linked(result, options)
    preview = next((path for output, path in files if output.format == "index"), None)
    items = "".join(
        f'<li><a href="{href(path, options)}">{escape(label(output))}</a></li>'
        for output, path in files
        if output.format != "index"
    )
    links = f'<ul class="files">{items}</ul>\n' if items else ""
    return (
        f'<article>\n<div class="about">\n<h3>{escape(title)}</h3>\n'
        f'<p class="facts">{" · ".join(facts)}</p>\n{render_status(result)}{links}'
        f"{render_problems(result)}</div>\n{render_preview(preview, title, options)}</article>\n"
    )


def render_status(result: Result) -> str:
    """Return the lesson's status in words: ready, ready with warnings, or failed."""
    if result.status is Status.FAILED:
        return '<p class="status failed">Failed: not exported</p>\n'
    found = warnings(result)
    if found:
        return f'<p class="status warned">Ready, {count(len(found), "warning")}</p>\n'
    return '<p class="status ready">Ready</p>\n'


def render_problems(result: Result) -> str:
    """Return the lesson's errors and warnings, each with its line: shown at once when it
    failed, else folded under their number."""
    found = result.diagnostics
    if not found:
        return ""
    items = "".join(f"<li>{escape(described(d))}</li>" for d in found)
    if result.status is Status.FAILED:
        return f'<ul class="problems">{items}</ul>\n'
    what = "the warning" if len(found) == 1 else f"the {len(found)} warnings"
    listed = f'<ul class="problems">{items}</ul>'
    return f"<details>\n<summary>Show {what}</summary>\n{listed}\n</details>\n"


def render_preview(path: Path | None, title: str, options: Options) -> str:
    """Return the picture of the title slide at ``path``, at half its pixel size, or nothing
    when there is none (a lesson that failed)."""
    try:
        width, height = png_size(path) if path is not None else (0, 0)
    except OSError:  # removed since the build: the page shows no picture rather than a hole
        return ""
    if path is None or not width:
        return ""
    return (
        f'<img class="preview" src="{href(path, options)}" '
        f'alt="{escape(f"Title slide of {title}")}" '
        f'width="{width // SHOWN}" height="{height // SHOWN}">\n'
    )


def lesson_path(result: Result) -> str:
    """Return the lesson file's path below its course's root (``section-14/lesson-1.md``):
    the page may be published, and says nothing of the folders above the course."""
    job = result.job
    relative = Path(os.path.relpath(os.path.abspath(job.source), os.path.abspath(job.root)))
    return job.source.name if relative.parts[:1] == ("..",) else relative.as_posix()


def described(diagnostic: Diagnostic) -> str:
    """Return a diagnostic as the page lists it: ``Warning, line 12: ...``."""
    where = f", line {diagnostic.line}" if diagnostic.line is not None else ""
    if diagnostic.slide is not None:
        where += f" (slide {diagnostic.slide})"
    return f"{diagnostic.severity.value.capitalize()}{where}: {diagnostic.message}"


def warnings(result: Result) -> list[Diagnostic]:
    """Return the lesson's warnings."""
    return [d for d in result.diagnostics if d.severity is Severity.WARNING]


def linked(result: Result, options: Options) -> list[tuple[Output, Path]]:
    """Return each file the lesson has, with the output it is, in the order of the formats."""
    written = set(result.outputs)
    return [
        (output, path)
        for output in options.outputs
        if (path := result.job.output(output.extension)) in written
    ]


def label(output: Output) -> str:
    """Return how a link to ``output``'s file reads."""
    if output.name in LABELS:
        return LABELS[output.name]
    return f"Handout, {output.layout} slides a page (PDF)"


def href(path: Path, options: Options) -> str:
    """Return ``path``'s address relative to the index page, each part URL-escaped."""
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(options.output))
    return escape("/".join(quote(part, safe="") for part in Path(relative).parts))


def png_size(path: Path) -> tuple[int, int]:
    """Return the width and height of the PNG at ``path``, from its header."""
    with path.open("rb") as stream:
        header = stream.read(24)
    width, height = struct.unpack(">II", header[16:24])
    return int(width), int(height)


def count(number: int, noun: str) -> str:
    """Return ``1 slide``, ``2 slides``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def escape(text: str) -> str:
    """Return ``text`` safe in HTML text and attribute values."""
    return html.escape(text, quote=True)
