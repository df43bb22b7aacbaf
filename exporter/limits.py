"""fit: caps on what no slide can usefully show, each reported, never left to the time limit.

Every stage costs about as much as what it is given, but some lessons are given far more than
a lesson can be: a data dump, or a fuzzer's input. Where content cannot be useful at all it is
capped here, with a warning naming the file and line (or an error, when no sensible deck
exists), rather than run until ``--timeout`` stops it:

1. A front-matter ``title``, ``section`` or ``lesson`` longer than ``FRONT_MATTER_CHARS`` is
   shortened (at a word, with ``…``) before the deck is built: it is drawn on the title slide
   and in every footer, and a PowerPoint title holds far less.
2. A lesson of more than ``fit.paginate.MAX_SLIDES`` slides is an error (the fit stops
   there): split it into several lessons.
3. A slide with more than ``MAX_LINKS`` links keeps that many; the rest are shown as plain
   text (each link is a relationship in the deck and an annotation in the PDF).
4. A lesson whose tables have more than ``MAX_TAGGED_CELLS`` cells has its slide PDF and
   handouts written without tags (``tagged``): each cell is two structure elements, and the
   join of a long PDF's parts (``writers.pdfjoin``) holds every one of them, about 5 KB a cell,
   so that 12,600 rows of twelve columns (990 slides) took it to 800 MB.

Text too long for its box even alone (a sentence taller than a slide) is cut short by the fit
itself (``shorten``), the same in every output.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import replace

from exporter.errors import Diagnostic, warning
from exporter.geometry import Frame, HeadingFrame, LaidOutDeck, PlacedSlide, TableFrame, TextFrame
from exporter.model import Run, Runs
from exporter.source import Meta, Source

FRONT_MATTER_CHARS = 300
"""The most characters of a front-matter title, section or lesson that are shown."""
MAX_LINKS = 1000
"""The most links one slide keeps."""
MAX_TAGGED_CELLS = 80_000
"""The most table cells a lesson's PDFs are tagged with (a join of 80,000: about 450 MB)."""
TAGGED_FORMATS = ("pdf", "handout")
"""The formats written as tagged PDFs (the course book's parts are untagged anyway)."""
SHOWN_KEYS = ("title", "section", "lesson")
"""The front-matter values drawn on slides."""
WORD_BACK = 30
"""How many characters a shortened value may lose to end at a word."""


def shorten_front_matter(source: Source, data: bytes) -> tuple[Source, list[Diagnostic]]:
    """Return ``source`` with each shown front-matter value cut to ``FRONT_MATTER_CHARS``, and
    a warning for each, naming its line in ``data`` (the lesson's bytes)."""
    found: list[Diagnostic] = []
    values: dict[str, str] = {}
    for key in SHOWN_KEYS:
        value = getattr(source.meta, key)
        if value is None or len(value) <= FRONT_MATTER_CHARS:
            continue
        values[key] = shortened(value, FRONT_MATTER_CHARS)
        message = (
            f"front matter '{key}' is {len(value):,} characters long; only its first "
            f"{len(values[key]) - 1} are shown, on the title slide and in the footer"
        )
        found.append(warning("front-matter", message, key_line(data, key)))
    if not values:
        return source, found
    meta: Meta = replace(source.meta, **values)
    return replace(source, meta=meta), found


def shortened(text: str, most: int) -> str:
    """Return ``text`` cut to fewer than ``most`` characters, at a word where one ends near
    the cut, with an ellipsis."""
    cut = text[: most - 1]
    space = cut.rfind(" ")
    if space > 0 and len(cut) - space <= WORD_BACK:
        cut = cut[:space]
    return cut.rstrip() + "…"


def key_line(data: bytes, key: str) -> int:
    """Return the line of the front matter of ``data`` where ``key`` is given (1 if none)."""
    stream = io.BytesIO(data)
    stream.readline()  # the opening ---
    prefix = f"{key}:".encode()
    for number, line in enumerate(stream, start=2):
        if line.startswith(prefix):
            return number
        if line.rstrip() in (b"---", b"..."):
            break
    return 1


def cap_links(laid: LaidOutDeck) -> tuple[LaidOutDeck, list[Diagnostic]]:
    """Return ``laid`` with no slide keeping more than ``MAX_LINKS`` links, and a warning
    for each slide that had more."""
    found: list[Diagnostic] = []
    slides = list(laid.slides)
    for index, placed in enumerate(slides):
        count = sum(1 for runs in slide_runs(placed) for run in runs if run.style.link)
        if count <= MAX_LINKS:
            continue
        slides[index] = unlinked_after(placed, MAX_LINKS)
        message = (
            f"slide {placed.number} has {count:,} links; only the first {MAX_LINKS:,} stay "
            f"links, the rest are shown as plain text"
        )
        found.append(warning("links", message, placed.slide.line, placed.number))
    return (replace(laid, slides=tuple(slides)) if found else laid), found


def tagged(laid: LaidOutDeck) -> bool:
    """Return whether ``laid``'s PDFs are tagged: its tables have no more than
    ``MAX_TAGGED_CELLS`` cells."""
    return table_cells(laid)[0] <= MAX_TAGGED_CELLS


def untagged_warning(laid: LaidOutDeck, formats: tuple[str, ...]) -> list[Diagnostic]:
    """Return a warning when ``formats`` ask for a tagged PDF that ``laid`` is too large to
    be tagged in (``tagged``), at its first table's line."""
    count, line = table_cells(laid)
    if count <= MAX_TAGGED_CELLS or not set(formats).intersection(TAGGED_FORMATS):
        return []
    message = (
        f"the lesson's tables have {count:,} cells; above {MAX_TAGGED_CELLS:,} its slide PDF "
        f"and handouts are written without tags (the structure screen readers follow), "
        f"which would take too much memory: split the table or the lesson to keep them"
    )
    return [warning("untagged", message, line)]


def table_cells(laid: LaidOutDeck) -> tuple[int, int | None]:
    """Return how many table cells ``laid``'s slides draw, and the line of the first slide
    that draws one."""
    count, line = 0, None
    for placed in laid.slides:
        for frame in placed.frames:
            if isinstance(frame, TableFrame):
                count += len(frame.row_heights) * len(frame.column_widths)
                line = placed.slide.line if line is None else line
    return count, line


def slide_runs(placed: PlacedSlide) -> Iterator[Runs]:
    """Yield every piece of text drawn on a slide: its title, then its frames'."""
    yield placed.slide.title
    for frame in placed.frames:
        yield from frame_runs(frame)


def frame_runs(frame: Frame) -> Iterator[Runs]:
    """Yield the pieces of text one frame draws."""
    if isinstance(frame, TextFrame):
        yield from (block.runs for block in frame.blocks)
    elif isinstance(frame, HeadingFrame):
        yield frame.runs
    elif isinstance(frame, TableFrame):
        for row in (frame.table.header, *frame.table.rows):
            yield from row


def unlinked_after(placed: PlacedSlide, keep: int) -> PlacedSlide:
    """Return ``placed`` with the links after its first ``keep`` made plain text."""
    left = [keep]

    def runs_of(runs: Runs) -> Runs:
        return tuple(unlinked(run, left) for run in runs)

    slide = replace(placed.slide, title=runs_of(placed.slide.title))
    frames = tuple(frame_with(frame, runs_of) for frame in placed.frames)
    return replace(placed, slide=slide, frames=frames)


def unlinked(run: Run, left: list[int]) -> Run:
    """Return ``run``, or, once ``left[0]`` links have been kept, ``run`` without its link."""
    if run.style.link is None:
        return run
    if left[0] > 0:
        left[0] -= 1
        return run
    return Run(run.text, replace(run.style, link=None))


def frame_with(frame: Frame, runs_of: Callable[[Runs], Runs]) -> Frame:
    """Return ``frame`` with each of its pieces of text passed through ``runs_of``."""
    if isinstance(frame, TextFrame):
        return replace(frame, blocks=tuple(replace(b, runs=runs_of(b.runs)) for b in frame.blocks))
    if isinstance(frame, HeadingFrame):
        return replace(frame, runs=runs_of(frame.runs))
    if isinstance(frame, TableFrame):
        table = frame.table
        header = tuple(runs_of(cell) for cell in table.header)
        rows = tuple(tuple(runs_of(cell) for cell in row) for row in table.rows)
        return replace(frame, table=replace(table, header=header, rows=rows))
    return frame
