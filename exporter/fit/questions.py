"""fit: a quiz question too tall for one slide, split so that no part shows options without
the question they answer (``Questions``, for ``paginate``).

A prompt short enough leads every part (``lead``); a question that asks about code, a table or
a picture shows it whole first, then its options under the words that ask (``asked_apart``);
one asked in words alone fills its first part with as many options as fit, the rest led by
the sentence that asks it (``asked_in_words``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from exporter.fit.blocks import flatten, units
from exporter.fit.sentences import joined, sentences
from exporter.geometry import Box
from exporter.model import (
    Block,
    Bullet,
    Code,
    Columns,
    Image,
    Paragraph,
    Slide,
    Table,
    View,
    ends_in_colon,
    plain_text,
)

if TYPE_CHECKING:
    from exporter.fit.paginate import Paginator

LEAD_SHARE = 0.4
"""The most of the body, as a share of its height, that a quiz question's prompt may take at
the floor scale for the parts of its split slide to repeat it (``Questions.lead``)."""


class Questions:
    """Splits the slides of quiz questions, with the parts and balance of ``pages``."""

    def __init__(self, pages: Paginator) -> None:
        self.pages = pages

    def answer_alone(self, slide: Slide, area: Box) -> Slide | None:
        """Return an answer slide (``View.REVEAL``) too tall for one slide as its options and
        what follows them, led by the words that ask the question where they are short
        enough to lead each part (``asking``): not its code, table or picture, nor a prompt
        too tall for an option under it, which the question's own slides show just before
        (a part of them alone would reveal nothing). ``None`` for another slide, or one with
        nothing to leave out."""
        if slide.view is not View.REVEAL:
            return None
        count = options_at(slide.body)
        if count == 0 or count == len(slide.body):
            return None
        words = self.asking(slide.body[:count], area)
        body = (*words, *slide.body[count:])
        return replace(slide, body=body) if body != tuple(slide.body) else None

    def asked_apart(
        self, body: Sequence[Block], area: Box, line: int = 0
    ) -> list[list[Block]] | None:
        """Return the parts of a quiz question that asks about code, a table or a picture
        too tall to repeat on each part (``lead``): what asks it, up to that code (``This
        policy is attached:`` and the policy), whole on the first part, at a smaller scale if
        it needs one; then the words after it (``What can the user do?``), or where none
        follow it the words before it that ask (``asking``), and the options, all of them on
        one slide where they fit one, else in parts as even as they go (``line``, the page's,
        names it in the error of too many slides). ``None`` for a question asked in words
        alone, one whose options need more than a slide and whose first fit beside what asks
        it, or whose code and the words before it fit no slide at any scale."""
        count = options_at(body)
        stem, options = body[:count], body[count:]
        shown = [i for i, block in enumerate(stem) if isinstance(block, Code | Table | Image)]
        if not options or not shown:
            return None
        first, after = stem[: shown[-1] + 1], stem[shown[-1] + 1 :]
        rest = [*(after or self.asking(first, area)), *options]
        together = self.pages.fits(
            rest, self.pages.floor, area
        )  # the options on one slide, unsplit
        if not together and self.pages.fits([*stem, *units(options)[0]], self.pages.floor, area):
            return None  # it and its first options on the first part, as words alone are
        if not self.pages.fits(first, self.pages.smallest, area):
            return None
        return [list(first), *self.pages.balanced(rest, area, self.pages.floor, line)]

    def asked_in_words(
        self, body: Sequence[Block], area: Box, line: int = 0
    ) -> list[list[Block]] | None:
        """Return the parts of a quiz question asked in words alone too tall to lead each
        part (``lead``): the question with as many of its options as fit (none, in the
        classroom theme's large text, beside a prompt of nine lines), leaving two or more for
        the next part; then the rest, each part led by the sentence that asks it (``asking``),
        so that no part shows options without their question. ``None`` where there is no such
        sentence short enough, or the prompt fits no slide alone (``line``, the page's, names
        it in the error of too many slides)."""
        count = options_at(body)
        stem, options = body[:count], units(body[count:])
        if any(isinstance(block, Code | Table | Image) for block in stem) or len(options) < 2:
            return None
        words = self.asking(stem, area)
        if not words:
            return None
        taken = 0
        while taken < len(options) and self.pages.fits(
            [*stem, *flatten(options[: taken + 1])], self.pages.floor, area
        ):
            taken += 1
        if len(options) - taken == 1 and taken > 1:
            taken -= 1  # no option alone on the last part
        if taken == len(options) or (
            taken < 1 and not self.pages.fits(stem, self.pages.floor, area)
        ):
            return None  # on one slide; or a prompt taller than a slide, divided as text is
        rest = flatten(options[taken:])
        more = self.pages.balanced(rest, area, self.pages.floor, line, lead=words)
        return [[*stem, *flatten(options[:taken])], *more]

    def asking(self, stem: Sequence[Block], area: Box) -> list[Block]:
        """Return the words of a question's ``stem`` that ask it, to lead its options on a
        part after the code, table or picture they ask about (``Given this template, which
        statement is correct?``): its paragraphs, but one that ends with a colon (``A script
        reads:`` introduces what is not repeated); where they are taller than a lead may be
        (``LEAD_SHARE``), the last paragraph's sentences from its last question on (``During a
        rolling update, what is the most pods that can run?``); else none."""
        words: list[Block] = [
            block
            for block in stem
            if isinstance(block, Paragraph) and not ends_in_colon(block.runs)
        ]
        bound = LEAD_SHARE * area.h
        if (
            words
            and self.pages.heights.stack_height(words, self.pages.floor, area.w, bound) <= bound
        ):
            return words
        last = words[-1] if words else None
        if not isinstance(last, Paragraph):
            return []
        pieces = sentences(last.runs)
        asks = [i for i, piece in enumerate(pieces) if plain_text(piece).rstrip().endswith("?")]
        if not asks or asks[-1] == 0:
            return []
        question = [replace(last, runs=joined(pieces[asks[-1] :]))]
        fits = self.pages.heights.stack_height(question, self.pages.floor, area.w, bound) <= bound
        return list(question) if fits else []

    def lead(self, slide: Slide, area: Box) -> tuple[Block, ...]:
        """Return what each part of ``slide`` starts with: a quiz question's prompt, all that
        comes before its options (paragraphs, and the code, table or picture it asks about),
        so that no part shows options without their question; nothing for another slide, or
        for a prompt taller than ``LEAD_SHARE`` of ``area``."""
        if slide.view is None:
            return ()
        count = options_at(slide.body)
        lead = slide.body[:count]
        if not lead or count == len(slide.body):
            return ()
        bound = LEAD_SHARE * area.h
        return (
            lead
            if self.pages.heights.stack_height(lead, self.pages.floor, area.w, bound) <= bound
            else ()
        )


def options_at(body: Sequence[Block]) -> int:
    """Return where a quiz question's options start in its slide's ``body`` (its first list
    item or columns), or its length: what comes before asks the question."""
    return next((i for i, b in enumerate(body) if isinstance(b, Bullet | Columns)), len(body))
