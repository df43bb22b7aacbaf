"""write: a long lesson's PDF laid out in parts and joined into one, so that its memory is bounded.

WeasyPrint keeps the boxes of every page it lays out until the PDF is written: about 0.6 MB a
slide, so that a worker writing the slide PDF of 990 slides peaked at 730 MB, and its handout
at 840 MB, where 100 slides take 150 MB (issue 13 §6; ``bench/bench_memory.py``). A lesson of
more than ``LONG`` slides is laid out ``PART`` slides at a time instead, each part a PDF of
its own, and the parts are joined with pikepdf (``pdfjoin``), with their bookmarks and tags,
so that the joined PDF stays tagged, with its images' alt text; two builds are byte-identical.

Each part is laid out, and the parts are joined, in a child process forked for it where one
can be (``apart``), so that what a render or the join leaves in memory goes with its child and
the worker stays as small as it was: the slide PDF of a 10,000-row table (771 slides) took a
worker to 478 MB laid out in parts in the worker itself, growing about 12 MB a part, and to
261 MB with children, the worker staying at 110 MB. Before each part the worker lets go of
what it no longer uses (``give_back``): a child's resident memory counts the pages it shares
with the worker.

A lesson is long when it has more than ``LONG`` slides, or when its slides are estimated to
take more than ``BUDGET`` to lay out (``cost``: a six-column table's slide takes more than
twice a bulleted one's). Each part embeds the subsets of the fonts its own pages use, so a
font is embedded once a part: some kilobytes a part. A lesson that is not long is laid out
whole, as before, its PDF byte for byte the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from exporter.apart import give_back, run_apart
from exporter.geometry import LaidOutDeck, PlacedSlide, TableFrame, TextFrame
from exporter.model import Layout
from exporter.writers.document import Document
from exporter.writers.pdf import write_pdf, write_pdf_apart

PART = 50
"""The most slides laid out at once in a long lesson's PDF. A part of table slides costs
WeasyPrint about 2.4 MB a slide while it is laid out: the slide PDF of a 10,000-row table
(771 slides), laid out in the worker itself, peaked at 547 MB in parts of 100 and at 491 MB
in parts of 50, in the same time; a lesson of 309 such slides at 373 MB and 281 MB. Each
part costs about 0.1 s more than as many slides laid out with the rest."""
LONG = 200
"""The most slides a lesson's PDF is laid out whole with, within ``BUDGET``."""
BUDGET = 120.0
"""The most memory (MB, as ``cost`` estimates it) one layout may take: a lesson's PDF within
it is laid out whole, and each part of a longer one stays within it. Counted in slides
alone, a lesson of 101 slides of a six-column table was laid out whole and took 636 MB (a
two-column one 310 MB), where 200 slides of bullets take about 250 MB."""
SLIDE = 0.3
"""What WeasyPrint takes to lay out a slide's frame and title (MB), beside its body."""
BLOCK = 0.13
"""What it takes for each paragraph, item, code block or picture (MB): 92 slides of 11 list
items each took 257 MB laid out whole, about 1.7 MB a slide."""
CELL = 0.07
"""What it takes for each table cell (MB): 101 slides of 28 cells took 310 MB, of 84 cells
636 MB, about 2.3 and 5.3 MB a slide."""


def cost(slide: PlacedSlide) -> float:
    """Return the memory (MB) WeasyPrint is estimated to take to lay out ``slide``."""
    pieces = 0.0
    for frame in slide.frames:
        if isinstance(frame, TableFrame):
            table = frame.table
            pieces += CELL * (len(table.rows) + 1) * len(table.header)
        elif isinstance(frame, TextFrame):
            pieces += BLOCK * len(frame.blocks)
        else:
            pieces += BLOCK
    return SLIDE + pieces


Draw = Callable[[LaidOutDeck, tuple[int, int] | None], Document]
"""Draws a document of a deck's slides; for a part of a long handout, numbered from its first
page's number, of the handout's count of pages (``None`` for a document laid out whole)."""


def write_in_parts(
    laid: LaidOutDeck, draw: Draw, per_page: int | None = 1, tagged: bool = True
) -> bytes:
    """Return the PDF of the document ``draw`` makes of ``laid``'s slides, ``per_page`` a
    page (``None``: as many as it takes); laid out in parts and joined when it is long.

    Raises ``ExporterError`` when the PDF renderer fails on the deck.
    """
    parts = part_ranges([cost(slide) for slide in laid.slides], per_page)
    if len(parts) == 1:
        return write_pdf(draw(laid, None), tagged=tagged)
    assert per_page is not None  # only a grid of slides is laid out in parts
    from exporter.writers.pdfjoin import join_pdfs  # pikepdf: 10 MB a short lesson goes without

    a_page = per_page  # slides a page, as the assertion told mypy, for the function below
    total = -(-len(laid.slides) // a_page)

    def written(part: range) -> bytes:
        shown = replace(laid, slides=laid.slides[part.start : part.stop])
        document = draw(shown, (part.start // a_page + 1, total))
        give_back()  # what was freed (the deck, the last part's drawing): the child starts small
        return write_pdf_apart(document, tagged=tagged)

    # The join needs none of the worker's objects: a new interpreter, which starts from nothing.
    nested = [orphans(laid, part) for part in parts]
    return run_apart(join_pdfs, [written(part) for part in parts], nested, fresh=True)


def orphans(laid: LaidOutDeck, part: range) -> int:
    """Return how many of the slides of ``part`` (a range of ``laid``'s slides) come before
    its first section header and after one in an earlier part: their bookmarks, each under
    a header in the part's PDF, go under that header's in the joined one (``join_pdfs``)."""
    first = laid.first_section
    slides = laid.slides[part.start : part.stop]
    if first is None or not slides or slides[0].number <= first:
        return 0
    return next((i for i, p in enumerate(slides) if p.slide.layout is Layout.SECTION), len(slides))


def part_ranges(costs: Sequence[float], per_page: int | None = 1) -> list[range]:
    """Return the slides of each part of a lesson whose slides cost ``costs`` to lay out
    (``cost``), each part a whole number of pages of ``per_page`` slides, of at most ``PART``
    slides and ``BUDGET`` of cost where a page fits in it: all of them in one part when the
    lesson is not long (at most ``LONG`` slides within ``BUDGET``), or when its pages hold no
    fixed number of slides (``per_page`` is ``None``)."""
    count = len(costs)
    if per_page is None or (count <= LONG and sum(costs) <= BUDGET):
        return [range(count)]
    size = max(per_page, PART // per_page * per_page)
    parts: list[range] = []
    start, spent = 0, 0.0
    for page in range(0, count, per_page):
        page_cost = sum(costs[page : page + per_page])
        if page > start and (page - start + per_page > size or spent + page_cost > BUDGET):
            parts.append(range(start, page))
            start, spent = page, 0.0
        spent += page_cost
    parts.append(range(start, count))
    return parts
