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

import contextlib
import html
import os
import re
import struct
from dataclasses import dataclass, replace
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from exporter import __version__
from exporter.course import Course, course_file, section_number
from exporter.course.page import STYLE, readable
from exporter.errors import Diagnostic, Severity
from exporter.files import write_all
from exporter.jobs import Result, Status
from exporter.options import Options, Output
from exporter.paper import NOTES, OUTLINE, Edition
from exporter.words import primary

if TYPE_CHECKING:
    from exporter.theme import Theme

Forms = tuple[str, str]
"""A noun's singular and plural (``lesson``, ``lessons``)."""


@dataclass(frozen=True)
class Phrases:
    """The words of the index page, in one language: English by default. Fields with
    ``{...}`` are format strings; the names in braces are filled in."""

    lang: str = "en"
    lesson: Forms = ("lesson", "lessons")
    slide: Forms = ("slide", "slides")
    warning: Forms = ("warning", "warnings")
    lessons: str = "Lessons"
    """Heads the lessons of a folder with neither a section nor a name of its own."""
    section: str = "Section {number}"
    numbered: str = "Lesson {number}"
    quiz: str = "quiz"
    page_title: str = "{title}: lessons"
    counted: str = "{lessons}, {slides}."
    failed: str = "{lessons} failed."
    none_failed: str = "None failed."
    warned: str = "{lessons} with warnings."
    sections: str = "Sections"
    teachers: str = "Teacher's edition"
    students: str = "Students' edition"
    """Name the edition the page's files are (``--edition``), under the course's title."""
    not_exported: str = "Failed: not exported"
    ready: str = "Ready"
    ready_warned: str = "Ready, {warnings}"
    show_one: str = "Show the warning"
    show_all: str = "Show the {count} warnings"
    preview: str = "Title slide of {title}"
    error: str = "Error"
    warning_label: str = "Warning"
    line: str = "line {number}"
    on_slide: str = "slide {number}"
    files: tuple[tuple[str, str], ...] = (
        ("pptx", "Deck (PowerPoint)"),
        ("pdf", "Slides (PDF)"),
        ("answers", "Answer key (PDF)"),
        ("handout", "Handout (PDF)"),
        (NOTES, "Notes handout (PDF)"),
        (OUTLINE, "Outline handout (PDF)"),
    )
    """How a link to each output's file reads, by the output's name (``label``)."""
    grid: str = "Handout, {count} slides a page (PDF)"
    grid_one: str = "Handout, 1 slide a page (PDF)"
    book: str = "Course book (PDF)"
    """The link to the course book, under the course's title (when the build writes it)."""
    made_by: str = "Made by lesson-exporter {version}."

    def count(self, number: int, forms: Forms) -> str:
        """Return ``1 lesson``, ``2 lessons``."""
        return f"{number} {forms[0] if number == 1 else forms[1]}"


PHRASES = {
    "en": Phrases(),
    "de": Phrases(
        lang="de",
        lesson=("Lektion", "Lektionen"),
        slide=("Folie", "Folien"),
        warning=("Warnung", "Warnungen"),
        lessons="Lektionen",
        section="Abschnitt {number}",
        numbered="Lektion {number}",
        quiz="Quiz",
        page_title="{title}: Lektionen",
        failed="{lessons} fehlgeschlagen.",
        none_failed="Keine fehlgeschlagen.",
        warned="{lessons} mit Warnungen.",
        sections="Abschnitte",
        not_exported="Fehlgeschlagen: nicht exportiert",
        ready="Bereit",
        ready_warned="Bereit, {warnings}",
        show_one="Die Warnung zeigen",
        show_all="Die {count} Warnungen zeigen",
        preview="Titelfolie von {title}",
        error="Fehler",
        warning_label="Warnung",
        line="Zeile {number}",
        on_slide="Folie {number}",
        files=(
            ("pptx", "Foliensatz (PowerPoint)"),
            ("pdf", "Folien (PDF)"),
            ("answers", "Lösungen (PDF)"),
            ("handout", "Handout (PDF)"),
            (NOTES, "Handout mit Notizen (PDF)"),
            (OUTLINE, "Gliederung (PDF)"),
        ),
        grid="Handout, {count} Folien pro Seite (PDF)",
        grid_one="Handout, 1 Folie pro Seite (PDF)",
        book="Kursbuch (PDF)",
        teachers="Ausgabe für Lehrkräfte",
        students="Ausgabe für Lernende",
        made_by="Erstellt mit lesson-exporter {version}.",
    ),
    "fr": Phrases(
        lang="fr",
        lesson=("leçon", "leçons"),
        slide=("diapositive", "diapositives"),
        warning=("avertissement", "avertissements"),
        lessons="Leçons",
        section="Section {number}",
        numbered="Leçon {number}",
        quiz="quiz",
        page_title="{title}\u00a0: leçons",
        failed="{lessons} en échec.",
        none_failed="Aucune en échec.",
        warned="{lessons} avec avertissements.",
        sections="Sections",
        not_exported="Échec\u00a0: non exportée",
        ready="Prête",
        ready_warned="Prête, {warnings}",
        show_one="Voir l\u2019avertissement",
        show_all="Voir les {count} avertissements",
        preview="Diapositive de titre de {title}",
        error="Erreur",
        warning_label="Avertissement",
        line="ligne {number}",
        on_slide="diapositive {number}",
        files=(
            ("pptx", "Présentation (PowerPoint)"),
            ("pdf", "Diapositives (PDF)"),
            ("answers", "Corrigé (PDF)"),
            ("handout", "Document (PDF)"),
            (NOTES, "Document avec notes (PDF)"),
            (OUTLINE, "Plan (PDF)"),
        ),
        grid="Document, {count} diapositives par page (PDF)",
        grid_one="Document, 1 diapositive par page (PDF)",
        book="Livre du cours (PDF)",
        teachers="Édition enseignant",
        students="Édition élève",
        made_by="Réalisé avec lesson-exporter {version}.",
    ),
    "es": Phrases(
        lang="es",
        lesson=("lección", "lecciones"),
        slide=("diapositiva", "diapositivas"),
        warning=("advertencia", "advertencias"),
        lessons="Lecciones",
        section="Sección {number}",
        numbered="Lección {number}",
        quiz="cuestionario",
        page_title="{title}: lecciones",
        failed="{lessons} con error.",
        none_failed="Ninguna con error.",
        warned="{lessons} con advertencias.",
        sections="Secciones",
        not_exported="Error: no exportada",
        ready="Lista",
        ready_warned="Lista, {warnings}",
        show_one="Ver la advertencia",
        show_all="Ver las {count} advertencias",
        preview="Diapositiva de título de {title}",
        error="Error",
        warning_label="Advertencia",
        line="línea {number}",
        on_slide="diapositiva {number}",
        files=(
            ("pptx", "Presentación (PowerPoint)"),
            ("pdf", "Diapositivas (PDF)"),
            ("answers", "Soluciones (PDF)"),
            ("handout", "Documento (PDF)"),
            (NOTES, "Documento con notas (PDF)"),
            (OUTLINE, "Esquema (PDF)"),
        ),
        grid="Documento, {count} diapositivas por página (PDF)",
        grid_one="Documento, 1 diapositiva por página (PDF)",
        book="Libro del curso (PDF)",
        teachers="Edición para el profesorado",
        students="Edición para el alumnado",
        made_by="Hecho con lesson-exporter {version}.",
    ),
}
"""The page's words by language (the first part of ``--lang``'s tag; English for any other)."""
SHOWN = 2
"""The preview's width on the page, as a fraction of its width in pixels (sharp on screens of
two pixels a point)."""


@dataclass(frozen=True)
class Group:
    """A heading of the page and the lessons under it."""

    heading: str
    lessons: tuple[Result, ...]


def write(course: Course, options: Options, theme: Theme) -> Path | None:
    """Write the course's index page; return its path, or ``None`` when the page already
    there says the same (left as it was, its time too).

    Raises ``ExporterError`` when it cannot be written.
    """
    path = course_file(options, "index")
    page = render_index(course, options, theme).encode("utf-8")
    with contextlib.suppress(OSError):
        if path.read_bytes() == page:
            return None
    write_all({path: page})
    return path


def phrases_for(lang: str | None) -> Phrases:
    """Return the page's words in the language ``lang`` (``--lang``), else in English."""
    found = PHRASES.get(primary(lang or "en"), PHRASES["en"])
    return replace(found, lang=(lang or found.lang).strip())


def render_index(course: Course, options: Options, theme: Theme) -> str:
    """Return the index page of ``course``, its links relative to the output folder, in the
    words of ``options.lang``."""
    words = phrases_for(options.lang)
    edition = words.students if options.edition is Edition.STUDENT else words.teachers
    groups = grouped(course.lessons, words)
    ids = anchors(groups)
    sections = "".join(
        render_group(name, group, options, words) for name, group in zip(ids, groups, strict=True)
    )
    accent = readable(theme.colors.accent)
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(words.lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(words.page_title.format(title=course.title))}</title>\n"
        f'<meta name="generator" content="lesson-exporter {__version__}">\n'
        f"<style>{STYLE.replace('ACCENT', accent)}</style>\n</head>\n<body>\n"
        f"<header>\n<h1>{escape(course.title)}</h1>\n<p>{escape(edition)}</p>\n"
        f"<p>{summary(course.lessons, words)}</p>\n"
        f"{render_book(options, words)}</header>\n{render_nav(groups, ids, words)}"
        f"<main>\n{sections}</main>\n"
        f"<footer>\n<p>{escape(words.made_by.format(version=__version__))}</p>\n</footer>\n"
        "</body>\n</html>\n"
    )


def grouped(lessons: tuple[Result, ...], words: Phrases = PHRASES["en"]) -> list[Group]:
    """Return the lessons under their sections' headings, in the course's order. A lesson
    without a section (or one that could not be read) goes with the lesson before it when
    that lesson is in its folder, else under its folder's name."""
    keys: list[str] = []
    folders = [Path(lesson_path(result)).parent for result in lessons]
    for n, (result, folder) in enumerate(zip(lessons, folders, strict=True)):
        listing = result.listing
        if listing is not None and listing.section:
            keys.append(section_heading(listing.section, words))
        elif n and folders[n - 1] == folder:
            keys.append(keys[-1])
        else:
            keys.append(folder.as_posix() if folder.parts else words.lessons)
    paired = groupby(zip(keys, lessons, strict=True), key=lambda pair: pair[0])
    return [Group(key, tuple(result for _, result in pairs)) for key, pairs in paired]


def section_heading(section: str, words: Phrases = PHRASES["en"]) -> str:
    """Return a section's heading: ``Section 14`` of ``Section-14`` or of ``14`` (in the
    page's words), or the section as written (``unit 3`` of ``unit_3``)."""
    number = section_number(section)
    if number is None:
        return " ".join(section.replace("-", " ").replace("_", " ").split())
    return words.section.format(number=number)


def summary(lessons: tuple[Result, ...], words: Phrases) -> str:
    """Return the line under the course's title: how many lessons and slides, and how many
    failed or warned."""
    failed = sum(result.status is Status.FAILED for result in lessons)
    warned = sum(
        result.status is not Status.FAILED and bool(warnings(result)) for result in lessons
    )
    slides = sum(len(result.slides) for result in lessons)
    lessons_told = words.count(len(lessons), words.lesson)
    parts = [words.counted.format(lessons=lessons_told, slides=words.count(slides, words.slide))]
    if failed:
        parts.append(words.failed.format(lessons=words.count(failed, words.lesson)))
    else:
        parts.append(words.none_failed)
    if warned:
        parts.append(words.warned.format(lessons=words.count(warned, words.lesson)))
    return escape(" ".join(parts))


def render_book(options: Options, words: Phrases) -> str:
    """Return the link to the course book, when the build writes one (``--format book``)."""
    if "book" not in options.course:
        return ""
    path = href(course_file(options, "book"), options)
    return f'<p class="book"><a href="{escape(path)}">{escape(words.book)}</a></p>\n'


def anchors(groups: list[Group]) -> list[str]:
    """Return each section's anchor, from its heading (``section-14``, ``abschnitt-17``,
    ``extras``), so that a link to ``index.html#section-2`` shared in class goes to Section
    2 whatever sections come before it; numbered in turn where a heading gives no letters
    or digits, ``-2`` after a repeat."""
    found: list[str] = []
    for n, group in enumerate(groups, 1):
        slug = "-".join(re.findall(r"[^\W_]+", group.heading.casefold())) or f"section-{n}"
        name, count = slug, 1
        while name in found:
            count += 1
            name = f"{slug}-{count}"
        found.append(name)
    return found


def render_nav(groups: list[Group], ids: list[str], words: Phrases) -> str:
    """Return the list of sections, each a link to its heading (``ids``, their anchors; none
    for a single one)."""
    if len(groups) < 2:
        return ""
    items = "".join(
        f'<li><a href="#{escape(name)}">{escape(group.heading)}</a></li>'
        for name, group in zip(ids, groups, strict=True)
    )
    return f'<nav aria-label="{escape(words.sections)}">\n<ul>{items}</ul>\n</nav>\n'


def render_group(name: str, group: Group, options: Options, words: Phrases) -> str:
    """Return a section of the page, anchored at ``name``: its heading and its lessons."""
    lessons = "".join(render_lesson(result, options, words) for result in group.lessons)
    return (
        f'<section aria-labelledby="{escape(name)}">\n'
        f'<h2 id="{escape(name)}">{escape(group.heading)}</h2>\n{lessons}</section>\n'
    )


def render_lesson(result: Result, options: Options, words: Phrases) -> str:
    """Return one lesson's entry: its title, what it is, its status, its files, its problems
    and its title slide's picture."""
    listing = result.listing
    title = listing.title if listing is not None else result.job.source.stem
    facts = []  # each fact is HTML
    if listing and listing.lesson:
        facts.append(escape(words.numbered.format(number=listing.lesson)))
    if listing is not None and listing.quiz:
        facts.append(escape(words.quiz))
    if result.status is not Status.FAILED:
        facts.append(escape(words.count(len(result.slides), words.slide)))
    facts.append(f"<code>{escape(lesson_path(result))}</code>")
    files = linked(result, options)
    preview = next((path for output, path in files if output.format == "index"), None)
    items = "".join(
        f'<li><a href="{href(path, options)}">{escape(label(output, words))}</a></li>'
        for output, path in files
        if output.format != "index"
    )
    links = f'<ul class="files">{items}</ul>\n' if items else ""
    spoken = listing.language if listing is not None else None
    foreign = spoken is not None and primary(spoken) != primary(words.lang)
    lang = f' lang="{escape(spoken)}"' if foreign and spoken else ""  # its title read in it
    return (
        f'<article>\n<div class="about">\n<h3{lang}>{escape(title)}</h3>\n'
        f'<p class="facts">{" · ".join(facts)}</p>\n{render_status(result, words)}{links}'
        f"{render_problems(result, words)}</div>\n"
        f"{render_preview(preview, title, options, words)}</article>\n"
    )


def render_status(result: Result, words: Phrases) -> str:
    """Return the lesson's status in words: ready, ready with warnings, or failed."""
    if result.status is Status.FAILED:
        return f'<p class="status failed">{escape(words.not_exported)}</p>\n'
    found = warnings(result)
    if found:
        told = words.ready_warned.format(warnings=words.count(len(found), words.warning))
        return f'<p class="status warned">{escape(told)}</p>\n'
    return f'<p class="status ready">{escape(words.ready)}</p>\n'


def render_problems(result: Result, words: Phrases) -> str:
    """Return the lesson's errors and warnings, each with its line: shown at once when it
    failed, else folded under their number."""
    found = result.diagnostics
    if not found:
        return ""
    items = "".join(f"<li>{escape(described(d, words))}</li>" for d in found)
    if result.status is Status.FAILED:
        return f'<ul class="problems">{items}</ul>\n'
    what = words.show_one if len(found) == 1 else words.show_all.format(count=len(found))
    listed = f'<ul class="problems">{items}</ul>'
    return f"<details>\n<summary>{escape(what)}</summary>\n{listed}\n</details>\n"


def render_preview(path: str | None, title: str, options: Options, words: Phrases) -> str:
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
        f'alt="{escape(words.preview.format(title=title))}" '
        f'width="{width // SHOWN}" height="{height // SHOWN}">\n'
    )


def lesson_path(result: Result) -> str:
    """Return the lesson file's path below its course's root (``section-14/lesson-1.md``):
    the page may be published, and says nothing of the folders above the course."""
    job = result.job
    relative = below(job.source, job.root)
    return job.source.name if relative.split(os.sep)[0] == ".." else Path(relative).as_posix()


def described(diagnostic: Diagnostic, words: Phrases) -> str:
    """Return a diagnostic as the page lists it: ``Warning, line 12: ...``."""
    severity = words.error if diagnostic.severity is Severity.ERROR else words.warning_label
    where = f", {words.line.format(number=diagnostic.line)}" if diagnostic.line is not None else ""
    if diagnostic.slide is not None:
        where += f" ({words.on_slide.format(number=diagnostic.slide)})"
    return f"{severity}{where}: {diagnostic.message}"


def warnings(result: Result) -> list[Diagnostic]:
    """Return the lesson's warnings."""
    return [d for d in result.diagnostics if d.severity is Severity.WARNING]


def linked(result: Result, options: Options) -> list[tuple[Output, str]]:
    """Return each file the lesson has, with the output it is, in the order of the formats
    (its path as text: the page needs no more of it)."""
    written = {str(path) for path in result.outputs}
    stem = str(result.job.stem)  # each output is ``job.output(extension)``, made as text
    return [
        (output, path)
        for output in options.outputs
        if (path := f"{stem}.{output.extension}") in written
    ]


def label(output: Output, words: Phrases) -> str:
    """Return how a link to ``output``'s file reads."""
    named = dict(words.files)
    if output.name in named:
        return named[output.name]
    return words.grid_one if output.layout == "1" else words.grid.format(count=output.layout)


def href(path: str | Path, options: Options) -> str:
    """Return ``path``'s address relative to the index page, each part URL-escaped."""
    relative = below(path, options.output)
    return escape("/".join(quote(part, safe="") for part in relative.split(os.sep)))


def below(path: str | Path, folder: Path) -> str:
    """Return ``path`` relative to ``folder``, as ``os.path.relpath`` gives it from their
    absolute paths: cut from its text when it is written below the folder's (a course's
    page holds thousands of paths; working each out took a third of a second)."""
    text, top = os.fspath(path), os.fspath(folder)
    if top not in (".", os.sep) and text.startswith(top + os.sep):
        rest = text[len(top) + 1 :]
        if not {"", ".", ".."} & set(rest.split(os.sep)):
            return rest
    return os.path.relpath(os.path.abspath(path), os.path.abspath(folder))


def png_size(path: str | Path) -> tuple[int, int]:
    """Return the width and height of the PNG at ``path``, from its header."""
    with open(path, "rb") as stream:
        header = stream.read(24)
    width, height = struct.unpack(">II", header[16:24])
    return int(width), int(height)


def escape(text: str) -> str:
    """Return ``text`` safe in HTML text and attribute values."""
    return html.escape(text, quote=True)
