"""fit: ``Deck`` → ``LaidOutDeck``, every box placed and every text box given its font size.

Text is measured with the theme's font files (``measure``). The policy, slide by slide:

1. The title takes up to two lines at the theme's title size, then shrinks to its minimum; a
   title longer than that gets a taller box and pushes the body down, with a warning.
2. The body takes the first *scale* at which it fits: the theme's sizes, then the body size
   shrinks in 2 pt steps to its minimum (code and table text shrink with it), then code and
   table text alone shrink on to their own minimums.
3. A body that does not fit at the floor scale (the least body size, code and tables in
   proportion) is split there into as few continuation slides as it needs, balanced in height,
   each then at the largest scale it fits (the pieces of one table or code block sharing one):
   between top-level blocks, a block that fits a slide moving whole to the next (a subheading
   or parent item going with it) unless that leaves a slide half empty or a lone last item
   (a guide's step, with what it shows under it or at the margin after it, moves whole
   unless keeping it so costs a slide or leaves one all but empty);
   a block taller than a slide is divided where it stands: an item between its sub-items, code
   at a blank line or between statements (``codecuts``), a table between rows (the header
   repeated), two columns side by side (both headings kept), a paragraph between sentences.
   Parts are titled ``Title (2/3)`` and repeat the subheading they go on under (``parts``).
   Code and tables go below the floor only as a last resort. Nothing is ever split inside a
   sentence.
4. Whatever still does not fit (one sentence taller than a slide, a word wider than its box)
   is reported as a warning naming the slide and its source line; what would run past the
   foot of its box (of a sentence, a line of code, a table row, a title, a column heading) is
   cut short with ``…`` (``shorten``), so that the deck and the PDF show the same text.

Splitting costs what the slides it makes hold, not what is left of the page for each of them:
a height is measured only as far as the room it is compared with (``stack_height``'s
``bound``), the part of a long block that fits is found by trying longer and longer starts,
and a paragraph's starts are wrapped once for all the tries (``measure.Prefixes``). A page
of 10,000 table rows or list items, or of 4,000 sentences, is so fitted in seconds.

The fit is a package, a module per concern: ``slides`` fits one slide at a time (``Fitter``),
holding the measurers of ``heights`` and ``tables``, the size choices of ``scale``, the
``place``-ment of a body's frames, the ``paginate``-ing of a long page and the ``overflow``
checks; ``blocks``, ``sentences`` and ``memo`` are what they share. The fit decides frames
only: each picture is resampled to the size it is shown after it (``resources.resample``).
"""

from __future__ import annotations

from collections.abc import Mapping

from exporter.errors import Diagnostic
from exporter.fit import paginate
from exporter.fit.scale import FOOTER_MIN, Scale, scales_of
from exporter.fit.sentences import joined, sentences
from exporter.fit.slides import Fitter
from exporter.geometry import LaidOutDeck, PlacedSlide, footer_boxes, planned_role
from exporter.model import Deck, Slide, View
from exporter.resources import Picture
from exporter.theme import Theme, on_layout

__all__ = [
    "FOOTER_MIN",
    "Fitter",
    "Scale",
    "fit_deck",
    "joined",
    "scales_of",
    "sentences",
]


def fit_deck(
    deck: Deck, theme: Theme, pictures: Mapping[str, Picture]
) -> tuple[LaidOutDeck, tuple[Diagnostic, ...]]:
    """Return ``deck`` laid out on ``theme``'s slide, and warnings for text that overflows.

    Each slide is measured in the fonts its layout names (a template's title slide in a
    display face of its own), the footer in the deck's. A quiz's slides of one view (its
    question slides, its reveal slides) share the largest scale at which every one of them
    fits its one slide; the reveal slides are no larger than the question slides (each the
    same question, its explanations added: where none fit one slide, they went on over two
    at a larger size than their questions had).

    Raises ``ExporterError`` when the deck would have more than ``paginate.MAX_SLIDES`` slides.
    """
    fitter = Fitter(theme, pictures, deck.words)
    fitters = {theme.fonts: fitter}

    def fitter_of(slide: Slide) -> Fitter:
        """Return the fitter of the fonts ``slide``'s layout names (``theme.on_layout``)."""
        own = on_layout(theme, planned_role(slide))
        found = fitters.get(own.fonts)
        if found is None:
            found = fitters[own.fonts] = Fitter(own, pictures, deck.words, fitter.diagnostics)
        return found

    shared = {
        view: max(
            fitter_of(slide).shared_scale([slide]) for slide in deck.slides if slide.view is view
        )
        for view in {slide.view for slide in deck.slides if slide.view is not None}
    }
    if View.QUESTION in shared and View.REVEAL in shared:
        shared[View.REVEAL] = max(shared[View.REVEAL], shared[View.QUESTION])
    slides: list[PlacedSlide] = []
    firsts: list[int] = []
    for slide in deck.slides:
        firsts.append(len(slides) + 1)
        least = 0 if slide.view is None else shared[slide.view]
        slides.extend(fitter_of(slide).fit_slide(slide, len(slides) + 1, least))
        if len(slides) > paginate.MAX_SLIDES:  # the one limit, which split stops at too
            raise paginate.too_many_slides(slide.line)
    footer, footer_size = fitter.sizes.footer(deck.title, deck.subtitle)
    footer_box, number_box = footer_boxes(theme.slide)
    return (
        LaidOutDeck(
            deck,
            theme,
            tuple(slides),
            tuple(firsts),
            footer,
            footer_box,
            number_box,
            footer_size,
            asked_pictures(deck, pictures),
        ),
        tuple(fitter.diagnostics),
    )


def asked_pictures(deck: Deck, pictures: Mapping[str, Picture]) -> dict[str, Picture]:
    """Return the pictures of the icons in ``deck``'s quiz questions (``Question.icons``),
    by address, where they could be had."""
    return {
        icon.src: pictures[icon.src]
        for slide in deck.slides
        if slide.question is not None
        for icon in slide.question.icons
        if icon.src in pictures
    }
