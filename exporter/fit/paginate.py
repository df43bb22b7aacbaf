"""fit: a page too long for a slide split into continuation slides.

The parts are as few as fit and as even in height as that number allows, found by pouring the
page's blocks into parts of a bisected height. A block that fits a slide moves whole to the next
part (a subheading or parent item going with it); only a block taller than a slide is divided
where it stands (``divide``). A quiz question's slide is split so that each part shows what
asks it (``questions``).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from dataclasses import replace

from exporter.errors import ExporterError, error
from exporter.fit.blocks import units, whole_step
from exporter.fit.divide import Divider
from exporter.fit.heights import Heights
from exporter.fit.parts import (
    floor_index,
    last_heading,
    leads_in,
    led,
    orphans,
    parents_of,
    part_title,
    repeated,
    shrinks,
    widened,
)
from exporter.fit.place import Placer
from exporter.fit.questions import Questions
from exporter.fit.scale import Scale
from exporter.geometry import Box
from exporter.model import (
    ENGLISH,
    Block,
    Bullet,
    Code,
    Paragraph,
    Slide,
    Subheading,
    Words,
    layout_of,
)
from exporter.theme import Theme

BALANCE_STEPS = 7
"""How many times the part height is halved between bounds when evening out a page's parts."""
MIN_ROOM = 0.25
"""The least room, as a share of the body, that a divided block starts in below other content."""
SLIGHT = 0.22
"""The most a page's last part may hold, as a share of the body's height, and still be kept
off a slide of its own (about three lines of body text): a lone item, a closing sentence."""
EMPTY = 1 / 3
"""The share of the body, by height, under which a part before a page's last is all but
empty: a step is divided rather than kept whole (``whole_step``) where keeping it leaves one
so, and the slides take no more."""
MAX_SLIDES = 1000
"""The most slides a lesson may make (the longest real lessons make about a hundred): past
it the fit stops, and the lesson is not exported (see ``limits``)."""


class Paginator:
    """Splits pages into slides on one theme, at its floor scale (at its smallest, as a last
    resort)."""

    def __init__(
        self,
        theme: Theme,
        scales: Sequence[Scale],
        heights: Heights,
        placer: Placer,
        words: Words = ENGLISH,
    ) -> None:
        self.theme = theme
        self.words = words
        """The words of parts' titles and of the subheadings they repeat."""
        self.floor = scales[floor_index(theme, scales)]
        self.smallest = scales[-1]
        self.heights = heights
        self.placer = placer
        self.divider = Divider(theme, heights, self.flow)
        """Divides a block taller than the room left where it stands."""
        self.questions = Questions(self)
        """Splits a quiz question's slide so that each part shows what asks it."""

    def split(self, slide: Slide, area: Box) -> list[Slide]:
        """Return ``slide``, or its parts when it does not fit at the floor scale.

        The parts are as few as fit at the floor and as even in height as that number allows;
        each part after the first is titled with its number (``Title (2/3)``) and repeats the
        subheading it goes on under, and a quiz question's parts each its prompt
        (``Questions.lead``).
        The scales below the floor are a last resort: for a block that cannot be divided to fit
        at the floor, or for a page whose last part would hold no more than a line or two,
        which it keeps on one slide when it fits there.
        """
        if self.fits(slide.body, self.floor, area):
            return [slide]
        lead = self.questions.lead(slide, area)
        body = slide.body[len(lead) :]
        if slide.view is not None and not lead:
            # A question too long to repeat on each part: shrunk to one slide where it fits;
            # else the code, table or picture it asks about whole, with the words before it,
            # and its options after; else its parts filled in turn, so that the first holds
            # the question with its first options (evened out, it could hold the question
            # alone). An "Answer" slide shows its options without what asks them
            # (``Questions.answer_alone``): the question's own slides show that just before.
            if self.fits(slide.body, self.smallest, area):
                return [slide]
            answer = self.questions.answer_alone(slide, area)
            if answer is not None:
                return self.split(answer, area)
            asked = self.questions.asked_apart(slide.body, area, slide.line)
            if asked is None:
                asked = self.questions.asked_in_words(slide.body, area, slide.line)
            if asked is not None:
                return self.parted(slide, asked)
            parts = self.flow(body, area.h, area.h, self.floor, area.w, MAX_SLIDES)
        else:
            # Words that introduce a block are not left alone on a slide: the block starts
            # under them, unless the page fits one slide smaller (then it is kept whole,
            # below, as a page whose split would leave a slide all but empty is).
            smaller = self.floor != self.smallest and any(shrinks(b) for b in slide.body)
            whole = smaller and self.fits(slide.body, self.smallest, area)
            parts = self.balanced(body, area, self.floor, slide.line, lead, lead_ins=not whole)
        smaller = self.floor != self.smallest and any(shrinks(b) for b in slide.body)
        if smaller and any(not self.fits(part, self.floor, area) for part in parts):
            # A block the floor cannot divide to fit: the smaller scales first, then a split.
            if self.fits(slide.body, self.smallest, area):
                return [slide]
            parts = self.balanced(body, area, self.smallest, slide.line, lead)
        elif (
            smaller
            and self.poor(parts, area, self.floor, len(lead))
            and self.fits(slide.body, self.smallest, area)
        ):
            return [slide]
        return self.parted(slide, parts)

    def parted(self, slide: Slide, parts: Sequence[Sequence[Block]]) -> list[Slide]:
        """Return the slides of ``slide``'s ``parts``, each after the first titled with its
        number."""
        count = len(parts)
        return [
            replace(
                slide,
                layout=layout_of(tuple(part)),
                title=part_title(slide.title, index, count, self.words),
                body=widened(tuple(part)),
            )
            for index, part in enumerate(parts, start=1)
        ]

    def fits(self, blocks: Sequence[Block], scale: Scale, area: Box) -> bool:
        """Return whether ``blocks`` fit ``area`` at ``scale`` (their heights remembered)."""
        return self.placer.body_fits(blocks, scale, area)

    def balanced(
        self,
        blocks: Sequence[Block],
        area: Box,
        scale: Scale,
        line: int,
        lead: Sequence[Block] = (),
        lead_ins: bool = True,
    ) -> list[list[Block]]:
        """Return ``blocks`` in as few parts as fit ``area`` at ``scale``, evened out in height,
        each starting with ``lead`` (``lead_ins``: see ``flow``).

        A step is kept whole with what belongs to it (``whole_step``) where it fits a slide,
        unless that takes more slides than dividing it, or leaves one all but empty
        (``EMPTY``), or a lone item on the last: its rest then goes on under the step
        repeated (``parents_of``).
        """
        kept = self.evened_out(blocks, area, scale, line, lead, lead_ins, True)
        if len(kept) == 1 or not any(whole_step(unit) for unit in units(blocks)):
            return kept
        loose = self.evened_out(blocks, area, scale, line, lead, lead_ins, False)

        def cost(found: list[list[Block]]) -> tuple[int, int, bool]:
            # More slides are the worse; then slides all but empty (a step alone before a
            # long one); then a lone item or sentence left for the last.
            bound = EMPTY * area.h
            empty = sum(
                self.heights.stack_height(part, scale, area.w, bound) < bound for part in found[:-1]
            )
            return len(found), empty, self.slight(found[-1][len(lead) :], area, scale)

        return loose if cost(loose) < cost(kept) else kept

    def evened_out(
        self,
        blocks: Sequence[Block],
        area: Box,
        scale: Scale,
        line: int,
        lead: Sequence[Block],
        lead_ins: bool,
        steps: bool,
    ) -> list[list[Block]]:
        """Return ``blocks`` in as few parts as fit ``area`` at ``scale``, evened out in height
        (``lead``, ``lead_ins``, ``steps``: see ``flow``).

        When a part would be left more than half empty, or the last would hold only a line or
        two (a lone item, a closing sentence), the parts are evened out again dividing blocks
        that fit a slide too: the part after fills the empty half, the part before gives some
        of its content to the last.
        """
        parts = self.flow(
            blocks,
            area.h,
            area.h,
            scale,
            area.w,
            MAX_SLIDES,
            lead=lead,
            lead_ins=lead_ins,
            steps=steps,
        )
        if len(parts) > MAX_SLIDES:
            raise too_many_slides(line)
        tried: list[list[list[Block]]] = []
        even = self.evened(blocks, area, scale, parts, False, lead, lead_ins, tried, steps)
        skip = len(lead)
        if len(even) > 1 and self.poor(even, area, scale, skip):
            eager = self.evened(blocks, area, scale, parts, True, lead, lead_ins, tried, steps)

            def badness(found: list[list[Block]]) -> tuple[int, bool, float]:
                # As poorly filled: a lone item left for the last slide is the worse; then
                # the one whose emptiest slide (but the last) holds the least.
                emptiest = min(self.heights.stack_height(p, scale, area.w) for p in found[:-1])
                return (
                    self.poor(found, area, scale, skip),
                    self.slight(found[-1][skip:], area, scale),
                    -emptiest,
                )

            same = [found for found in (even, eager, *tried) if len(found) == len(even)]
            return min(same, key=badness)
        return even

    def evened(
        self,
        blocks: Sequence[Block],
        area: Box,
        scale: Scale,
        parts: list[list[Block]],
        eager: bool,
        lead: Sequence[Block] = (),
        lead_ins: bool = True,
        tried: list[list[list[Block]]] | None = None,
        steps: bool = True,
    ) -> list[list[Block]]:
        """Return ``parts`` evened out: the least part height at which the page still takes
        no more parts, every part within it, found by bisection (``lead_ins``, ``steps``: see
        ``flow``); each arrangement found on the way that holds is added to ``tried``."""
        total = self.heights.stack_height(blocks, scale, area.w)
        low, high = total / len(parts) / 2, area.h
        # Evening out never cuts inside a statement code that filling keeps whole (a 13-line
        # query that fits its slide, cut before its HAVING to even the slides out).
        kept = {block.text for part in parts for block in part if isinstance(block, Code)}
        for _ in range(BALANCE_STEPS):
            middle = (low + high) / 2
            balanced = self.flow(
                blocks,
                middle,
                area.h,
                scale,
                area.w,
                eager=eager,
                lead=lead,
                lead_ins=lead_ins,
                steps=steps,
            )
            tallest = max(self.heights.stack_height(part, scale, area.w) for part in balanced)
            if len(balanced) <= len(parts) and tallest <= middle and not rough_cut(balanced, kept):
                high, parts = middle, balanced
                if tried is not None:
                    tried.append(balanced)
            else:
                low = middle
        return parts

    def poor(self, parts: Sequence[Sequence[Block]], area: Box, scale: Scale, skip: int = 0) -> int:
        """Return how many of a page's parts are poorly filled: a part before the last that
        leaves more than half the body empty, a last part that is ``slight`` (its first
        ``skip`` blocks, the lead each part repeats, left out)."""
        sparse = sum(
            self.heights.stack_height(part, scale, area.w, area.h / 2) < area.h / 2
            for part in parts[:-1]
        )
        return sparse + self.slight(parts[-1][skip:], area, scale)

    def slight(self, part: Sequence[Block], area: Box, scale: Scale | None = None) -> bool:
        """Return whether a part holds too little to stand as a slide of its own: text only
        (beyond the subheading it repeats), no taller than ``SLIGHT`` of the body."""
        body = [b for b in part if not repeated(b, self.words)]
        if not body or not all(isinstance(b, Bullet | Paragraph | Subheading) for b in body):
            return False
        height = self.heights.stack_height(body, scale or self.floor, area.w, area.h)
        return height <= SLIGHT * area.h

    def flow(
        self,
        blocks: Sequence[Block],
        limit: float,
        page: float,
        scale: Scale,
        width: float,
        most: float = math.inf,
        eager: bool = False,
        context: bool = True,
        lead: Sequence[Block] = (),
        lead_ins: bool = True,
        steps: bool = True,
    ) -> list[list[Block]]:
        """Return ``blocks`` poured in order into parts no taller than ``limit``, each
        starting with ``lead``; with ``lead_ins``, a unit that the part's words alone
        introduce is divided under them rather than moved on whole; with ``steps``, a step
        with what belongs to it (``whole_step``) that fits a ``page`` is never divided.

        A unit (a top-level block with its nested content) that fits a ``page`` of its own
        moves whole to the next part when it does not fit this one, taking along a heading
        or a parent item that would be left alone at the foot; ``eager``, one taller than
        ``limit`` is divided instead. A unit taller than a page fills the room left and goes
        on in the next part; one that cannot be divided goes alone (and overflows, with a
        warning). With ``context``, a part that goes on under a subheading of the part
        before starts with it again, marked as continued, and one that goes on among an
        item's sub-items with that item (and its parents), marked so too (``parents_of``):
        ``2. Start the API`` opens no slide without the step it is part of. Pouring stops
        once more than ``most`` parts are full.
        """
        skip = len(lead)
        parts: list[list[Block]] = [list(lead)]
        queue = deque(units(blocks))

        def on_a_page(found: Sequence[Block]) -> bool:
            return self.heights.stack_height(found, scale, width, page) <= page

        heading: Subheading | None = None
        parents: list[Block] = []  # the items a divided unit's rest goes on under
        while queue and len(parts) <= most + 1:  # all but the last part hold something
            unit = queue.popleft()
            current = parts[-1]
            if len(current) == skip and heading is not None and not isinstance(unit[0], Subheading):
                current.append(heading)
            if context and parents and all(repeated(b, self.words) for b in current[skip:]):
                current.extend(parents)
            parents = []
            fresh = all(repeated(b, self.words) for b in current[skip:])

            def fits(head: Sequence[Block], current: list[Block] = current) -> bool:
                return self.heights.stack_height([*current, *head], scale, width, limit) <= limit

            if fits(unit):
                current.extend(unit)
                heading = last_heading(unit, heading, self.words) if context else None
                continue
            # A step with what belongs to it (its code, note, picture, sub-steps) is not
            # divided where it fits a slide: a part that opens with it takes it whole, even
            # past the height the parts are being evened out to.
            step = steps and whole_step(unit) and on_a_page(unit)
            if step and fresh and on_a_page([*current, *unit]):
                current.extend(unit)
                heading = last_heading(unit, heading, self.words) if context else None
                parts.append(list(lead))
                continue
            # A unit that does not fit below the subheading a part repeats is divided too, and
            # so is one the part's words alone introduce (``A heredoc ... input:`` before its
            # code): moved whole, it would leave them alone on a slide.
            led_in = lead_ins and not fresh and leads_in(current[skip:], self.words)
            # Moved on, a unit takes along the subheading or parent item above it: where the
            # two fit no slide together, it would be divided on the next part all the same,
            # leaving this one all but empty (a table under "Request Rates").
            carried = [] if fresh else orphans(list(current), unit, self.words, skip, on_a_page)
            bound = limit if eager else page
            tall = (
                fresh
                or led_in
                or (
                    not step
                    and self.heights.stack_height([*carried, *unit], scale, width, bound) > bound
                )
            )
            room = limit - self.heights.stack_height(current, scale, width, limit)
            if tall and (fresh or led_in or room >= MIN_ROOM * limit):
                gap = self.theme.slide.gap if current else 0.0
                # Evening the parts out, code that fits a slide whole (with what leads it in
                # the unit) is cut to fill one only at a blank line (never three lines of a
                # JSON policy, the rest on the next): unless the words that introduce it hold
                # the part alone.
                whole = not led_in and on_a_page(unit)
                head, tail = self.divider.divide(
                    unit, fits, scale, width, room - gap, fresh, whole, on_a_page
                )
                if head:
                    current.extend(head)
                    heading = last_heading(head, heading, self.words) if context else None
                    if tail:
                        queue.appendleft(tail)
                        intact = tail[0] in unit  # not the rest of a block cut in two
                        parents = parents_of(current, tail, self.words, intact)
                    parts.append(list(lead))
                    continue
            if fresh:
                current[skip:] = unit  # alone, without the subheading it would repeat
                heading = last_heading(unit, heading, self.words) if context else None
            else:
                queue.appendleft([*orphans(current, unit, self.words, skip, on_a_page), *unit])
            parts.append(list(lead))
        kept = [part for part in parts if not all(repeated(b, self.words) for b in part[skip:])]
        return led(kept, self.words, skip)


def too_many_slides(line: int) -> ExporterError:
    """Return the error for a lesson of more than ``MAX_SLIDES`` slides."""
    message = (
        f"the lesson makes more than {MAX_SLIDES:,} slides (the page at line {line} goes "
        f"past them); split it into several lessons"
    )
    return ExporterError(error("too-many-slides", message, line))


def rough_cut(parts: Sequence[Sequence[Block]], whole: set[str]) -> bool:
    """Return whether ``parts`` divide a code block of the texts ``whole`` other than at a
    blank line: a part of it after its first follows a line with something on it."""
    for part in parts:
        for block in part:
            if (
                isinstance(block, Code)
                and block.whole in whole
                and block.first > 0
                and block.whole.split("\n")[block.first - 1].strip()
            ):
                return True
    return False
