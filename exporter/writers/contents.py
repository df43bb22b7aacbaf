"""write: the course book's own pages as HTML: its cover, its table of contents, and the page
that stands for a lesson that could not be exported.

The lessons' pages are their handouts (``handout.py``); these pages are around them. The
contents are laid out without their page numbers: each line links to ``BOOK_LINK`` and the
line's number, and the book, once it knows where each lesson starts, makes that a link inside
the book and stamps the page number at the line's end (``exporter.course.book``). So the
contents are laid out again only when a title or a section changes, not when a lesson
changed its length and moved every page after it (WeasyPrint takes seconds for a long
course's contents). Their feet are left empty, as the parts' are: the book's page numbers are
stamped on every page at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from exporter import __version__
from exporter.model import ENGLISH, Words
from exporter.paper import PAPERS
from exporter.resources import FONT_STYLES, MissingFont, theme_font
from exporter.text import SOFT_HYPHEN
from exporter.theme import Theme
from exporter.writers.document import Document
from exporter.writers.handout import PAGE_MARGIN
from exporter.writers.htmltext import css_string, escape, on_paper

BOOK_LINK = "https://lesson-export.invalid/book-line/"
"""Where a contents line's link points, the line's number (from 1) after it: a link to its
lesson's first page once the book is put together (``exporter.course.book``)."""
NUMBER_ROOM = 2.4
"""The room (in ems) at the end of each contents line that its page number is stamped in."""
SIZE = 11.0
"""The size of the contents' text, in points."""
LEADING = 1.35
"""The contents' line height, as a multiple of ``SIZE``."""


@dataclass(frozen=True)
class Line:
    """One line of the table of contents."""

    text: str
    section: str | None = None
    """The section heading the line goes under (a new heading where it changes)."""
    failed: bool = False
    """Whether the lesson could not be exported (its page says so)."""


LEADER_DOT = 1.2
"""The diameter of a leader's dots, in points; a dot and a gap as wide make its pitch."""
LEADER = "lesson:leader.svg"
"""The picture of one dot of the leaders, repeated along each line: drawn as one pattern. A
dotted border costs a path of four curves a dot (300 lessons: 60,000 dots, 7 s to draw and
compress)."""
LEADER_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="2" height="1" viewBox="0 0 2 1">'
    '<circle cx="0.5" cy="0.5" r="0.5" fill="#999"/></svg>'
).encode("ascii")

BOOK_CSS = (
    f"html{{font-size:{SIZE:g}pt;line-height:{LEADING:g}}}"
    ".cover{padding-top:3.2in;text-align:center;break-after:page}"
    ".cover h1{font-size:30pt;margin:0 0 0.4em;bookmark-level:none}"
    ".cover p{margin:0.2em 0;font-size:13pt}"
    ".contents h1{font-size:20pt;margin:0 0 0.8em;bookmark-level:none}"
    ".contents h2{font-size:12.5pt;margin:1em 0 0.3em;break-after:avoid;bookmark-level:none}"
    ".contents p{margin:0.15em 0}"
    # The dotted leader is one dotted line under the whole entry, hidden behind its text and
    # its page number (on white): CSS's leader() draws every dot as a piece of text, seconds
    # for a long course. The page number is stamped at the foot of an entry that wraps.
    f".contents p{{position:relative;padding-right:{NUMBER_ROOM:g}em}}"
    ".contents p::after{content:'';position:absolute;left:0;right:0;bottom:0.3em;"
    f"height:{LEADER_DOT}pt;background:url({LEADER}) repeat-x 0 0/"
    f"{2 * LEADER_DOT}pt {LEADER_DOT}pt}}"
    ".contents a{color:inherit;text-decoration:none;display:block}"
    ".contents .text{background:#fff;padding-right:0.3em;position:relative;z-index:1}"
    # Where a page number would stand, laid out once to find where to stamp the numbers.
    ".contents .probe{position:absolute;right:0;bottom:0;z-index:2}"
    ".contents .failed{font-style:italic}"
    ".notice{break-before:page}.notice h1{font-size:16pt;bookmark-level:none}"
    ".notice pre{white-space:pre-wrap;font-size:9.5pt}"
)


def render_front(
    theme: Theme,
    title: str,
    lines: list[Line],
    paper: str,
    created: datetime | None,
    words: Words = ENGLISH,
    probe: str = "",
    edition: str = "",
) -> Document:
    """Return the book's cover (``title``, the ``edition`` it is, and the date only when
    ``created`` is given: from ``SOURCE_DATE_EPOCH``) and its table of contents: a heading
    for each section, a line for each lesson with dotted leaders to the room for its page
    number, linked to ``BOOK_LINK`` and its number. A ``probe`` is laid out where each line's
    page number goes."""
    date = f"<p>{created.date().isoformat()}</p>" if created else ""
    named = f"<p>{escape(edition)}</p>" if edition else ""
    cover = f'<section class="cover"><h1>{escape(title)}</h1>{named}{date}</section>'
    parts, section = [f"<h1>{escape(words.contents)}</h1>"], None
    probed = f'<span class="probe">{escape(probe)}</span>' if probe else ""
    for number, line in enumerate(lines, 1):
        if line.section is not None and line.section != section:
            parts.append(f"<h2>{escape(line.section)}</h2>")
        section = line.section
        kind = ' class="failed"' if line.failed else ""
        parts.append(
            f'<p{kind}><a href="{BOOK_LINK}{number}"><span class="text">'
            f"{escape(line.text)}</span></a>{probed}</p>"
        )
    body = cover + f'<section class="contents">{"".join(parts)}</section>'
    return page_document(theme, title, body, paper, created, words.lang)


def render_notices(
    theme: Theme, title: str, failures: list[tuple[str, str]], paper: str, words: Words = ENGLISH
) -> Document:
    """Return a page for each lesson that could not be exported, by its name, saying so and
    why (its first error)."""
    pages = "".join(
        f'<section class="notice"><h1>{escape(name)}</h1>'
        f"<p>{escape(words.not_exported)}</p><pre>{escape(why.replace(SOFT_HYPHEN, ''))}</pre>"
        "</section>"
        for name, why in failures
    )
    return page_document(theme, title, pages, paper, None, words.lang)


def page_document(
    theme: Theme, title: str, body: str, paper: str, created: datetime | None, lang: str
) -> Document:
    """Return a document of the book's own pages, on ``paper`` with a handout's margins and
    the theme's body font, in the language ``lang``."""
    side, top, bottom = PAGE_MARGIN
    files: dict[str, tuple[bytes, str]] = {LEADER: (LEADER_SVG, "image/svg+xml")}
    family = theme.fonts.body.file
    faces = []
    for (bold, italic), style in FONT_STYLES.items():
        try:
            data = theme_font(theme, family, bold, italic, exact=True)
        except MissingFont:
            continue
        address = f"lesson:font/{family.replace(' ', '')}-{style}.ttf"
        files[address] = (data, "font/ttf")
        faces.append(
            f"@font-face{{font-family:'lx-body';src:url({css_string(address)});"
            f"font-weight:{700 if bold else 400};font-style:{'italic' if italic else 'normal'}}}"
        )
    css = (
        "".join(faces)
        + f"@page{{size:{PAPERS[paper].css};margin:{top}in {side}in {bottom}in}}"
        + f"html{{font-family:'lx-body';color:#{on_paper(theme.colors.text)}}}"
        + BOOK_CSS
    )
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ") if created else None
    dated = f'<meta name="dcterms.created" content="{stamp}"/>' if stamp else ""
    head = (
        f'<meta charset="utf-8"/><title>{escape(title)}</title>'
        f'<meta name="generator" content="lesson-exporter {__version__}"/>{dated}'
    )
    html = f'<!DOCTYPE html><html lang="{escape(lang)}"><head>{head}</head><body>{body}</body>'
    return Document(f"{html}</html>", files, (css,))
