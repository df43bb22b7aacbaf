"""fit: a page too long for a slide split into continuation slides.

The parts are as few as fit and as even in height as that number allows, found by pouring the
page's blocks into parts of a bisected height. A block that fits a slide moves whole to the next
part (a subheading or parent item going with it); only a block taller than a slide is divided
where it stands: an item between its sub-items, code between lines, a table between rows, two
columns side by side, a paragraph between sentences. The part of a long block that fits is found
by trying longer and longer starts, each measured no further than the room it is compared with.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from exporter.errors import ExporterError, error
from exporter.fit.blocks import depth, flatten, nesting, units, whole_step
from exporter.fit.codecuts import CLOSING, best_cut, trimmed
from exporter.fit.heights import Heights
from exporter.fit.parts import (
    floor_index,
    last_heading,
    parents_of,
    part_title,
    presents,
    repeated,
    shrinks,
    widened,
)
from exporter.fit.place import Placer
from exporter.fit.scale import Scale
from exporter.fit.sentences import joined, sentences
from exporter.geometry import Box
from exporter.lexing import held_breaks
from exporter.model import (
    ENGLISH,
    Block,
    Bullet,
    Code,
    Columns,
    Image,
    Paragraph,
    Slide,
    Subheading,
    Table,
    View,
    Words,
    ends_in_colon,
    layout_of,
    plain_text,
)
from exporter.shorten import longest
from exporter.theme import Theme

BALANCE_STEPS = 7
"""How many times the part height is halved between bounds when evening out a page's parts."""
MIN_ROOM = 0.25
"""The least room, as a share of the body, that a divided block starts in below other content."""
MIN_PIECES: dict[type, int] = {Code: 3, Table: 2}
"""The least lines of code or table rows left at the foot of a part before the rest moves on."""
SLIGHT = 0.22
"""The most a page's last part may hold, as a share of the body's height, and still be kept
off a slide of its own (about three lines of body text): a lone item, a closing sentence."""
EMPTY = 1 / 3
"""The share of the body, by height, under which a part before a page's last is all but
empty: a step is divided rather than kept whole (``whole_step``) where keeping it leaves one
so, and the slides take no more."""
LEAD_SHARE = 0.4
"""The most of the body, as a share of its height, that a quiz question's prompt may take at
the floor scale for the parts of its split slide to repeat it (``Paginator.lead``)."""
MAX_SLIDES = 1000
"""The most slides a lesson may make (the longest real lessons make about a hundred): past
it the fit stops, and the lesson is not exported (see ``limits``)."""


@dataclass(frozen=True)
class Cutter:
    """How a block divides between its pieces (code lines, table rows, sentences)."""

    count: int
    """How many pieces it has."""
    head: Callable[[int], Block]
    """The block of its first ``k`` pieces."""
    tail: Callable[[int], Block]
    """The block of its pieces after the first ``k``."""


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

    def split(self, slide: Slide, area: Box) -> list[Slide]:
        """Return ``slide``, or its parts when it does not fit at the floor scale.

        The parts are as few as fit at the floor and as even in height as that number allows;
        each part after the first is titled with its number (``Title (2/3)``) and repeats the
        subheading it goes on under, and a quiz question's parts each its prompt (``lead``).
        The scales below the floor are a last resort: for a block that cannot be divided to fit
        at the floor, or for a page whose last part would hold no more than a line or two,
        which it keeps on one slide when it fits there.
        """
        if self.fits(slide.body, self.floor, area):
            return [slide]
        lead = self.lead(slide, area)
        body = slide.body[len(lead) :]
        if slide.view is not None and not lead:
            # A question too long to repeat on each part: shrunk to one slide where it fits;
            # else the code, table or picture it asks about whole, with the words before it,
            # and its options after; else its parts filled in turn, so that the first holds
            # the question with its first options (evened out, it could hold the question
            # alone). An "Answer" slide shows its options without what asks them
            # (``answer_alone``): the question's own slides show that just before.
            if self.fits(slide.body, self.smallest, area):
                return [slide]
            answer = self.answer_alone(slide, area)
            if answer is not None:
                return self.split(answer, area)
            asked = self.asked_apart(slide.body, area, slide.line)
            if asked is None:
                asked = self.asked_in_words(slide.body, area, slide.line)
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
        together = self.fits(rest, self.floor, area)  # the options on one slide, unsplit
        if not together and self.fits([*stem, *units(options)[0]], self.floor, area):
            return None  # it and its first options on the first part, as words alone are
        if not self.fits(first, self.smallest, area):
            return None
        return [list(first), *self.balanced(rest, area, self.floor, line)]

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
        while taken < len(options) and self.fits(
            [*stem, *flatten(options[: taken + 1])], self.floor, area
        ):
            taken += 1
        if len(options) - taken == 1 and taken > 1:
            taken -= 1  # no option alone on the last part
        if taken == len(options) or (taken < 1 and not self.fits(stem, self.floor, area)):
            return None  # on one slide; or a prompt taller than a slide, divided as text is
        rest = flatten(options[taken:])
        more = self.balanced(rest, area, self.floor, line, lead=words)
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
        if words and self.heights.stack_height(words, self.floor, area.w, bound) <= bound:
            return words
        last = words[-1] if words else None
        if not isinstance(last, Paragraph):
            return []
        pieces = sentences(last.runs)
        asks = [i for i, piece in enumerate(pieces) if plain_text(piece).rstrip().endswith("?")]
        if not asks or asks[-1] == 0:
            return []
        question = [replace(last, runs=joined(pieces[asks[-1] :]))]
        fits = self.heights.stack_height(question, self.floor, area.w, bound) <= bound
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
        return lead if self.heights.stack_height(lead, self.floor, area.w, bound) <= bound else ()

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
                head, tail = self.divide(
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

    def divide(
        self,
        unit: Sequence[Block],
        fits: Callable[[Sequence[Block]], bool],
        scale: Scale,
        width: float,
        room: float,
        fresh: bool,
        whole: bool = False,
        on_a_page: Callable[[Sequence[Block]], bool] | None = None,
    ) -> tuple[list[Block], list[Block]]:
        """Return the longest start of ``unit`` that ``fits`` (``room`` tall at most), and the
        rest (``on_a_page``: whether blocks fit a part of their own, see ``divide_code``).

        ``fresh`` says whether the start would begin a part; a start that does not is only
        taken when it is worth it: more than a parent item alone, a few lines of code, a
        couple of table rows. Where the unit fits a slide ``whole``, its code is cut only at
        a blank line. The head is empty when no start is worth taking.
        """
        first, rest = unit[0], list(unit[1:])
        if not fits([first]):
            # The unit's first block alone is too tall: divide it, its nested content after.
            head, tail = self.divide_block(first, fits, scale, width, room, fresh, whole, on_a_page)
            return head, [*tail, *rest] if head else list(unit)
        if not rest:
            return [first], []
        subs = units(rest, nesting(unit)[1:])
        taken = longest(len(subs), lambda k: fits([first, *flatten(subs[:k])]))
        head = [first, *flatten(subs[:taken])]
        if taken == len(subs):
            return head, []
        more, tail = self.divide(
            subs[taken], lambda h: fits([*head, *h]), scale, width, room, False, whole, on_a_page
        )
        head, tail = [*head, *more], [*tail, *flatten(subs[taken + 1 :])]
        # Words that present what goes on to the next part (``Expected output:`` under a
        # step, before its output) go on with it, rather than end this part alone.
        while (
            len(head) > 1
            and tail
            and isinstance(head[-1], Paragraph)
            and presents(head[-1], tail[0])
            and (on_a_page is None or on_a_page([head[-1], tail[0]]))
        ):
            tail.insert(0, head.pop())
        if len(head) == 1 and not fresh:
            return [], list(unit)
        return head, tail

    def divide_block(
        self,
        block: Block,
        fits: Callable[[Sequence[Block]], bool],
        scale: Scale,
        width: float,
        room: float,
        fresh: bool,
        whole: bool = False,
        on_a_page: Callable[[Sequence[Block]], bool] | None = None,
    ) -> tuple[list[Block], list[Block]]:
        """Return the longest start of one block that ``fits``, and the rest (code cut only
        at a blank line where what it is part of fits a slide ``whole``; ``on_a_page``, see
        ``divide_code``)."""
        if isinstance(block, Columns):
            return self.divide_columns(block, fits, scale, width, room)
        if isinstance(block, Code):
            # Code that fits a slide whole is cut only where its author left a blank line.
            return self.divide_code(block, fits, fresh, 0 if whole else CLOSING, on_a_page)
        cutter = self.cutter(block)
        if cutter is None:
            return [], [block]
        least = 1 if fresh else MIN_PIECES.get(type(block), 1)
        taken = longest(cutter.count - 1, lambda k: fits([cutter.head(k)]))
        # Leave no scrap behind either: the rest keeps as much as a start must have.
        taken = min(taken, cutter.count - MIN_PIECES.get(type(block), 1))
        if taken < least:
            return [], [block]
        return [cutter.head(taken)], [cutter.tail(taken)]

    def divide_code(
        self,
        code: Code,
        fits: Callable[[Sequence[Block]], bool],
        fresh: bool,
        worst: int = CLOSING,
        on_a_page: Callable[[Sequence[Block]], bool] | None = None,
    ) -> tuple[list[Block], list[Block]]:
        """Return the start of a code block that ``fits``, cut where ``codecuts`` ranks best
        (at a blank line, between top-level statements, never after a comment) and no worse
        than ``worst``, and the rest, neither starting nor ending with a blank line.

        A cut inside a string or a comment that goes on over lines (``lexing.held_breaks``)
        is made only where no other cut fits a part of its own (``on_a_page``): a command
        continued over twenty lines is not cut to even the slides out, though a heredoc
        taller than a slide is."""
        lines = self.heights.code_lines(code)
        pieces = MIN_PIECES[Code]

        def part(start: int, end: int) -> Code:
            start, end = trimmed(lines, start, end)
            text, whole = "\n".join(lines[start:end]), code.whole or code.text
            return replace(code, text=text, whole=whole, first=code.first + start)

        def cut_within(check: Callable[[Sequence[Block]], bool]) -> int | None:
            most = longest(len(lines) - 1, lambda k: check([part(0, k)]))
            top = min(most, len(lines) - pieces)
            return best_cut(lines, 1 if fresh else pieces, top, worst, held)

        held = held_breaks(code.text, code.language, code.whole, code.first)
        cut = cut_within(fits)
        if cut is None:
            return [], [code]
        if cut in held and on_a_page is not None:
            clean = cut_within(on_a_page)
            if clean is not None and clean not in held:
                return [], [code]
        rest = part(cut, len(lines))
        self.heights.lines.put((rest,), (), rest.text.split("\n"))
        return [part(0, cut)], [rest]

    def cutter(self, block: Block) -> Cutter | None:
        """Return how ``block`` divides: into how many pieces, its start up to piece ``k``
        and the rest after it (which remembers its pieces, to be divided again cheaply)."""
        if isinstance(block, Table):
            rows = block.rows
            return Cutter(
                len(rows),
                lambda k: replace(block, rows=rows[:k]),
                lambda k: replace(block, rows=rows[k:]),
            )
        if isinstance(block, Bullet | Paragraph):
            pieces = self.heights.sentences_of(block)
            # The first piece keeps the bullet; the rest continue under its text.
            level = block.level + 1 if isinstance(block, Bullet) else block.level

            def rest_of_text(k: int) -> Block:
                rest = Paragraph(joined(pieces[k:]), level)
                self.heights.pieces.put((rest,), (), pieces[k:])
                return rest

            def start_of_text(k: int) -> Block:
                start = replace(block, runs=joined(pieces[:k]))
                self.heights.starts.put((start,), (), (block, k))
                return start

            return Cutter(len(pieces), start_of_text, rest_of_text)
        return None

    def divide_columns(
        self,
        columns: Columns,
        fits: Callable[[Sequence[Block]], bool],
        scale: Scale,
        width: float,
        room: float,
    ) -> tuple[list[Block], list[Block]]:
        """Return the start of two columns that ``fits`` in ``room`` (both headings kept), and
        the rest."""
        side = (width - self.theme.slide.column_gap) / 2
        inner = room - self.heights.band(columns, width)
        sides = (columns.left, columns.right)
        for share in (1.0, 0.95, 0.85, 0.7, 0.5):
            limit = inner * share
            flows = [self.flow(c.blocks, limit, limit, scale, side, context=False) for c in sides]
            heads = [tuple(parts[0]) if parts else () for parts in flows]
            if not any(heads):
                break
            head = halves(columns, heads)
            if fits([head]):
                tails = [tuple(flatten(parts[1:])) for parts in flows]
                tail = halves(columns, tails)
                return [head], [tail]
        return [], [columns]


def halves(columns: Columns, blocks: Sequence[Sequence[Block]]) -> Columns:
    """Return ``columns`` holding ``blocks`` (left, right), its headings and verdict kept."""
    left, right = blocks
    return replace(
        columns,
        left=replace(columns.left, blocks=tuple(left)),
        right=replace(columns.right, blocks=tuple(right)),
    )


def led(parts: list[list[Block]], words: Words, skip: int = 0) -> list[list[Block]]:
    """Return ``parts`` where a part holding nothing but a subheading (after the ``skip``
    blocks each part starts with), whose content all went on to the next part under the same
    subheading repeated as continued, is one part with it: the subheading leads its own
    content, never a slide of its own."""
    out: list[list[Block]] = []
    for part in parts:
        alone = out[-1][skip:] if out and len(out[-1]) == skip + 1 else None
        if (
            alone is not None
            and isinstance(alone[0], Subheading)
            and len(part) > skip
            and part[skip] == last_heading(alone, None, words)
        ):
            out[-1] = [*out[-1], *part[skip + 1 :]]
        else:
            out.append(part)
    return out


def orphans(
    current: list[Block],
    following: Sequence[Block],
    words: Words,
    skip: int = 0,
    together: Callable[[Sequence[Block]], bool] | None = None,
) -> list[Block]:
    """Remove and return what must not end a part before ``following``: subheadings, parent
    items whose sub-items go on in the next part, the words that ask a quiz question or
    introduce a comparison before its options or columns, and words ending in a colon before
    the code, table or picture they present, where the two fit a slide ``together`` (else
    the code goes on whole without them: better than cut under them); the part's first block
    after the ``skip`` it starts with stays."""
    taken: list[Block] = []
    own = len(current) > skip and repeated(current[skip], words)
    first = skip + (2 if own else 1)  # the part's first block stays
    while len(current) > first:
        last, nxt = current[-1], (taken or list(following))[0]
        if (
            isinstance(last, Subheading)
            or (isinstance(last, Bullet | Paragraph) and depth(nxt) > depth(last))
            or (isinstance(last, Paragraph) and last.level == 0 and introduces(nxt))
            or (
                isinstance(last, Bullet | Paragraph)
                and presents(last, nxt)
                and (together is None or together([last, *taken, *following]))
            )
        ):
            taken.insert(0, current.pop())
        else:
            break
    return taken


def leads_in(blocks: Sequence[Block], words: Words) -> bool:
    """Return whether ``blocks`` (a part so far, its lead left out) are only words that
    introduce what follows them: a paragraph ending in a colon (``Save it as vpc.yaml:``),
    after what the part repeats, if anything."""
    own = [block for block in blocks if not repeated(block, words)]
    return (
        len(own) == 1
        and isinstance(own[0], Paragraph)
        and own[0].level == 0
        and ends_in_colon(own[0].runs)
    )


def options_at(body: Sequence[Block]) -> int:
    """Return where a quiz question's options start in its slide's ``body`` (its first list
    item or columns), or its length: what comes before asks the question."""
    return next((i for i, b in enumerate(body) if isinstance(b, Bullet | Columns)), len(body))


def introduces(block: Block) -> bool:
    """Return whether a paragraph before ``block`` introduces it, and so goes with it: a quiz
    question's first option, or two columns."""
    return isinstance(block, Columns) or (isinstance(block, Bullet) and block.letter is not None)


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
