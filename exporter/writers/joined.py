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

Each part embeds the subsets of the fonts its own pages use, so a font is embedded once a
part: some kilobytes a part. A lesson of ``LONG`` slides or fewer is laid out whole, as
before, its PDF byte for byte the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from exporter.apart import give_back, run_apart
from exporter.geometry import LaidOutDeck
from exporter.writers.html import Document
from exporter.writers.pdf import write_pdf, write_pdf_apart

PART = 50
"""The most slides laid out at once in a long lesson's PDF. A part of table slides costs
WeasyPrint about 2.4 MB a slide while it is laid out: the slide PDF of a 10,000-row table
(771 slides), laid out in the worker itself, peaked at 547 MB in parts of 100 and at 491 MB
in parts of 50, in the same time; a lesson of 309 such slides at 373 MB and 281 MB. Each
part costs about 0.1 s more than as many slides laid out with the rest."""
LONG = 200
"""The most slides a lesson's PDF is laid out whole with: up to about 250 MB a worker."""


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
    parts = part_ranges(len(laid.slides), per_page)
    if len(parts) == 1:
        return write_pdf(draw(laid, None), tagged=tagged)
    assert per_page is not None  # only a grid of slides is laid out in parts
    from exporter.writers.pdfjoin import join_pdfs  # pikepdf: 10 MB a short lesson goes without

    every = per_page
    total = -(-len(laid.slides) // every)

    def written(part: range) -> bytes:
        shown = replace(laid, slides=laid.slides[part.start : part.stop])
        document = draw(shown, (part.start // every + 1, total))
        give_back()  # what was freed (the deck, the last part's drawing): the child starts small
        return write_pdf_apart(document, tagged=tagged)

    return run_apart(join_pdfs, [written(part) for part in parts])


def part_ranges(count: int, per_page: int | None = 1) -> list[range]:
    """Return the slides of each part of a lesson of ``count`` slides, each part a whole number
    of pages of ``per_page`` slides: all of them in one part when the lesson is not long, or
    when its pages hold no fixed number of slides (``per_page`` is ``None``)."""
    if count <= LONG or per_page is None:
        return [range(count)]
    size = max(per_page, PART // per_page * per_page)
    return [range(start, min(start + size, count)) for start in range(0, count, size)]
