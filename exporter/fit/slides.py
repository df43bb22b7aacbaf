"""fit: one slide of a deck laid out: its title sized, its page split into as many slides as
it needs, each at the largest scale every part fits, its boxes placed and checked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from exporter.errors import Diagnostic, warning
from exporter.fit.blocks import tables_in
from exporter.fit.heights import Heights
from exporter.fit.icons import subtitle_icons, title_icons
from exporter.fit.overflow import Overflow
from exporter.fit.paginate import Paginator
from exporter.fit.parts import floor_index
from exporter.fit.place import Placer
from exporter.fit.scale import EPSILON, MIN_BODY, SIZE_STEP, Sizes, TitleFit, scales_of
from exporter.fit.tables import Tables
from exporter.geometry import (
    TEXT_INSET,
    Box,
    PlacedSlide,
    columns_box,
    content_box,
    grown_title,
    planned_role,
    title_box,
    title_rule,
    title_slide_boxes,
)
from exporter.measure import Measurer
from exporter.model import (
    ENGLISH,
    Block,
    Code,
    Columns,
    Layout,
    Paragraph,
    Runs,
    Slide,
    Subheading,
    Table,
    Words,
    inline_icons,
    last_words_bound,
    uppercased,
)
from exporter.resources import Picture
from exporter.roles import Role
from exporter.theme import Theme


def goes_on(before: Sequence[Block], after: Sequence[Block], page: Sequence[Block]) -> bool:
    """Return whether the part ``after`` starts with the rest of a table or of code divided at
    the foot of the part ``before`` (below the subheading it repeats, if any): a piece no
    block of the ``page`` is."""
    last = before[-1] if before else None
    first = next((b for b in after if not isinstance(b, Subheading)), None)
    if not isinstance(last, Table | Code) or type(first) is not type(last):
        return False
    return all(block is not first for block in page)


def tallest(fit: TitleFit) -> float:
    """Return how tall a title's box is (to find the tallest of a page's titles)."""
    return fit.height


ANCHORS = {"t": "top", "ctr": "middle", "b": "bottom", "just": "middle", "dist": "middle"}
"""A template's vertical anchors (``a:bodyPr``'s ``anchor``), as the writers name them
(``just`` and ``dist``, which spread lines over the box, in the middle, as LibreOffice sets
them)."""


class Fitter:
    """Lays out slides on one theme, collecting warnings: the measurers, the placer, the
    paginator and the overflow checks it holds share what they measure and warn of."""

    def __init__(
        self,
        theme: Theme,
        pictures: Mapping[str, Picture],
        words: Words = ENGLISH,
        diagnostics: list[Diagnostic] | None = None,
    ) -> None:
        self.theme = theme
        self.diagnostics: list[Diagnostic] = [] if diagnostics is None else diagnostics
        """What it warns of (a list it shares with the fitters of a deck's other fonts)."""
        self.measure = Measurer(theme)
        self.measure.aspects = {src: p.width / p.height for src, p in pictures.items()}
        self.pictures = pictures
        self.scales = scales_of(theme)
        grid = theme.slide
        self.content = content_box(grid)
        self.title = title_box(grid)
        self.tables = Tables(self.measure)
        self.heights = Heights(theme, self.measure, self.tables, pictures)
        self.sizes = Sizes(theme, self.measure, self.content, self.diagnostics, words)
        self.placer = Placer(theme, pictures, self.heights, self.tables, self.sizes)
        self.paginator = Paginator(theme, self.scales, self.heights, self.placer, words)
        self.overflow = Overflow(theme, self.measure, self.heights, self.diagnostics)

    def fit_slide(self, slide: Slide, number: int, least: int = 0) -> list[PlacedSlide]:
        """Return ``slide`` placed, as one slide or as its page's continuation slides.

        ``least`` is the index of the largest scale it, or each of its parts, may take (a
        quiz's question slides share one, see ``shared_scale``); a question's parts take one
        scale, the one its fullest part needs."""
        if slide.layout is Layout.TITLE or slide.layout is Layout.SECTION:
            return [self.place_title_slide(slide, number)]
        caps = self.capitals(slide)
        title = self.sizes.title_fit(
            uppercased(slide.title) if caps else slide.title, number, slide.line
        )
        area = self.body_area(title, slide)
        slide = self.narrowed(slide, area.w, number)
        self.tables.whole = {id(table.header): table for table in tables_in(slide.body)}
        parts = self.in_capitals_too(self.paginator.split(slide, area), caps)
        if len(parts) > 1:
            later = max((self.sizes.title_fit(part.title) for part in parts[1:]), key=tallest)
            if later.height > title.height:
                # A numbered title needs a taller box: every part keeps room for it.
                area = self.body_area(later, slide)
                parts = self.in_capitals_too(self.paginator.split(slide, area), caps)
        fits = [title, *(self.sizes.title_fit(part.title) for part in parts[1:])]
        over = next((i for i, fit in enumerate(fits) if fit.lines > 2), None)
        if over:  # a title of two lines whose "(2/2)" takes a third: said once, at that part
            self.sizes.title_fit(parts[over].title, number + over, slide.line)
        indices = [max(index, least) for index in self.part_scales(slide, parts, area)]
        if slide.view is not None:  # a question's parts, in one size as its options are
            indices = [max(indices)] * len(indices)
        return [
            self.place(
                part,
                number + index,
                indices[index],
                area,
                fits[index],
                index + 1,
                len(parts),
            )
            for index, part in enumerate(parts)
        ]

    def narrowed(self, slide: Slide, width: float, number: int) -> Slide:
        """Return ``slide`` with each table too wide for ``width`` at its smallest size shown
        as tables of its first column and a group of the others each (``Tables.grouped``),
        which go on slides of their own as any block does, with a warning: a table's words
        broken a few letters a line, or its rows cut short, would be worse."""
        self.tables.whole = {}  # the last slide's tables, whose ids may be reused by now
        size = self.scales[-1].table
        body: list[Block] = []
        for block in slide.body:
            if not isinstance(block, Table):
                body.append(block)
                continue
            groups = self.tables.grouped(block, size, width)
            if len(groups) > 1:
                message = (
                    f"slide {number}: the table's {len(block.header)} columns are too many "
                    f"for the slide's width at {size:g} pt, the least size of its text: it is "
                    f"shown as {len(groups)} tables, each with its first column and some of "
                    "the others; fewer or shorter columns keep it one table"
                )
                self.diagnostics.append(warning("wide-table", message, slide.line, number))
            body.extend(groups)
        return replace(slide, body=tuple(body)) if len(body) != len(slide.body) else slide

    def shared_scale(self, slides: Sequence[Slide]) -> int:
        """Return the index of the largest scale at which every one of ``slides`` fits its
        one slide (those that fit none at any scale left out): the size a quiz's question
        slides share. It is their text's size: never past the floor, where the scales
        shrink code and tables alone, so that one question's long code, which needs them
        smaller, leaves another's one-line query at the size its own slide allows."""
        shared = 0
        for slide in slides:
            area = self.body_area(self.sizes.title_fit(slide.title), slide)
            fits = (
                index
                for index, scale in enumerate(self.scales)
                if self.placer.body_fits(slide.body, scale, area)
            )
            shared = max(shared, next(fits, 0))
        return min(shared, floor_index(self.theme, self.scales))

    def part_scales(self, slide: Slide, parts: Sequence[Slide], area: Box) -> list[int]:
        """Return the scale of each part of a page: the largest at which it fits, except that
        the pieces of a table or of code divided between parts share a size (a table so
        keeps its column widths), and that no part is more than one step of ``SIZE_STEP``
        larger than the smallest."""
        indices = [self.scale_index(part.body, area) for part in parts]
        indices = [self.unbroken(p.body, i, area) for p, i in zip(parts, indices, strict=True)]
        groups: list[list[int]] = []
        for index, part in enumerate(parts):
            if index and goes_on(parts[index - 1].body, part.body, slide.body):
                groups[-1].append(index)
            else:
                groups.append([index])
        for group in groups:
            shared = max(indices[index] for index in group)
            for index in group:
                indices[index] = shared
        # No part more than one size larger than the page's smallest: 24 pt beside 18 pt
        # reads as two decks, 20 pt beside 18 pt as one.
        smallest = self.scales[max(indices)].body
        near = next(
            i for i, s in enumerate(self.scales) if s.body <= smallest + SIZE_STEP + EPSILON
        )
        return [max(index, near) for index in indices]

    def unbroken(self, blocks: Sequence[Block], index: int, area: Box) -> int:
        """Return the first scale from ``index`` at which no more words of ``blocks`` break
        inside than at the floor: a slide's text is set smaller, down to the floor, where a
        long word (``Gastbetriebssystemsicherheitsaktualisierungen``) then fits its line, and
        a part takes a larger size than the rest of its page only where its long words still
        fit their lines."""
        if not self.heights.breaks(blocks, self.scales[index].body, area.w):
            return index
        floor = self.paginator.floor
        least = self.heights.breaks(blocks, floor.body, area.w)
        while index < len(self.scales) and self.scales[index] != floor:
            if self.heights.breaks(blocks, self.scales[index].body, area.w) <= least:
                return index
            index += 1
        return index

    def body_area(self, title: TitleFit, slide: Slide | None = None) -> Box:
        """Return the body's area under a title (lower when the title needs a taller box):
        for a ``slide`` of two columns alone, where the template's layout for them has them
        (``columns_box``)."""
        grid = self.theme.slide
        content = self.content
        body = slide.body if slide is not None else ()
        pair = body[-1] if body else None
        if isinstance(pair, Columns) and all(
            isinstance(b, Subheading | Paragraph) for b in body[:-1]
        ):
            box = columns_box(grid, bool(pair.left.heading or pair.right.heading))
            if len(body) == 1:
                content = box
            else:  # words over the columns: from under the title, as wide as the columns
                bottom = max(content.y + content.h, box.y + box.h)
                content = Box(box.x, content.y, box.w, bottom - content.y)
        if not self.sizes.above or self.sizes.banded:
            return content  # a title beside or below the body, or on a band, stays off it
        extra = max(0.0, title.height - grid.title_height - (content.y - self.content.y))
        extra = min(extra, max(0.0, content.h - MIN_BODY))
        return replace(content, y=content.y + extra, h=content.h - extra)

    def scale_index(self, blocks: Sequence[Block], area: Box) -> int:
        """Return the index of the first scale at which ``blocks`` fit ``area`` (else the
        last). Code too wide for its box is set smaller on its own (``Heights.code_size``),
        not the slide's text with it."""
        for index, scale in enumerate(self.scales):
            if self.placer.body_fits(blocks, scale, area):
                return index
        return len(self.scales) - 1

    def place(
        self,
        slide: Slide,
        number: int,
        index: int,
        area: Box,
        title: TitleFit,
        part: int,
        parts: int,
    ) -> PlacedSlide:
        """Return a content slide with its boxes placed, its body at scale ``index``."""
        grid = self.theme.slide
        scale = self.scales[index]
        base = self.title
        title_box = replace(base, h=max(base.h, title.height))
        if self.sizes.banded:
            title_box = base  # on its band: cut short to its box, never over the body
        elif self.sizes.above:
            title_box = replace(title_box, h=min(title_box.h, area.y - base.y - 0.1))
        else:  # beside or below the body: in its own room, clear of the footer
            title_box = grown_title(grid, title.height)
        title_runs = self.overflow.cut_text(slide.title, title.size, title_box, "heading")
        width = title_box.w - 2 * TEXT_INSET[0]
        if part == 1:
            self.overflow.check_words(title_runs, title.size, width, number, slide.line, "heading")
        bound = self.runt(title_runs, title.size, width)
        if title_runs != slide.title:
            slide = replace(slide, title=title_runs)
        if not self.placer.body_fits(slide.body, scale, area):
            self.overflow.report_overflow(slide, scale, area, number)
            slide = replace(slide, body=tuple(self.overflow.cut_to_fit(slide.body, scale, area)))
        rule = title_rule(title_box, grid)
        frames = tuple(
            self.overflow.check_frame(frame, number, slide.line)
            for frame in self.placer.arrange(slide.body, scale, area)
        )
        placed = PlacedSlide(
            slide,
            number,
            title_box,
            title.size,
            frames,
            rule=rule,
            part=part,
            parts=parts,
            shrunk=index > 0,
            body_size=scale.body,
            bound=bound,
            title_anchor=self.title_anchor(planned_role(slide), "middle"),
        )
        return self.iconed(placed)

    def iconed(self, placed: PlacedSlide) -> PlacedSlide:
        """Return ``placed`` with the icons inside its title's and subtitle's lines placed
        where the fit set their words (``fit.icons``), if it has any."""
        slide = placed.slide
        if not inline_icons((*slide.title, *slide.subtitle)):
            return placed
        headline = placed.subtitle is not None  # the title slide's or a section header's
        title, below = self.theme.align.of_headline(slide.layout is Layout.SECTION)
        align = title if headline else self.theme.align.title
        anchor = placed.title_anchor
        measure, pictures = self.measure, self.pictures
        icons = title_icons(
            measure, pictures, placed.drawn_title, placed.title_size, placed.title, align, anchor
        )
        if placed.subtitle is not None:
            icons += subtitle_icons(
                measure, pictures, slide.subtitle, placed.subtitle_size, placed.subtitle, below
            )
        return replace(placed, title_icons=icons)

    def capitals(self, slide: Slide) -> bool:
        """Return whether the template's layout for a content slide draws its title in
        capitals (``cap="all"``): the title is then measured, and drawn in the PDF, so."""
        school = self.theme.template
        if school is None:
            return False
        role = planned_role(slide)
        if role is Role.TITLE_ONLY:
            role = Role.CONTENT  # as the content slides' title is measured
        slot = school.choice(role).slots.title
        return slot is not None and slot.caps

    @staticmethod
    def in_capitals_too(parts: list[Slide], caps: bool) -> list[Slide]:
        """Return a page's parts with their titles in capitals where ``caps``: the words the
        split adds ("(continued)") too, as the template draws them."""
        if not caps:
            return parts
        return [
            replace(part, title=uppercased(part.title), cased=(part.title, part.subtitle))
            for part in parts
        ]

    def in_capitals(self, slide: Slide, role: Role) -> Slide:
        """Return ``slide`` with its title and subtitle in capitals where the template's layout
        for ``role`` draws them so (``cap="all"``), so that they are measured, and drawn in
        the PDF, as PowerPoint and LibreOffice draw them."""
        school = self.theme.template
        if school is None:
            return slide
        slots = school.choice(role).slots
        title, subtitle = slide.title, slide.subtitle
        if slots.title is not None and slots.title.caps:
            title = uppercased(title)
        if slots.subtitle is not None and slots.subtitle.caps:
            subtitle = uppercased(subtitle)
        if (title, subtitle) == (slide.title, slide.subtitle):
            return slide
        cased = (slide.title, slide.subtitle)
        return replace(slide, title=title, subtitle=subtitle, cased=cased)

    def place_title_slide(self, slide: Slide, number: int) -> PlacedSlide:
        """Return the title slide, or a section header: the title above a rule, the subtitle
        below."""
        grid, sizes = self.theme.slide, self.theme.sizes
        section = slide.layout is Layout.SECTION
        box, rule, subtitle = title_slide_boxes(grid, section)
        slide = self.in_capitals(slide, Role.SECTION if section else Role.TITLE_SLIDE)
        size = self.sizes.largest_size(
            slide.title, sizes.deck_title, sizes.title_min, box, "heading"
        )
        title = self.overflow.cut_text(slide.title, size, box, "heading")
        width = box.w - 2 * TEXT_INSET[0]
        self.overflow.check_words(title, size, width, number, slide.line, "heading")
        if title != slide.title:
            what = "the section's heading" if section else "the lesson's title"
            message = (
                f"{what} does not fit the {'slide' if section else 'title slide'} even at "
                f"{size:g} pt, so it is cut short; shorten it"
            )
            self.diagnostics.append(warning("overflow", message, slide.line, number))
        subtitle_size = self.sizes.largest_size(
            slide.subtitle, sizes.subtitle, 12.0, subtitle, "body"
        )
        below = self.overflow.cut_text(slide.subtitle, subtitle_size, subtitle, "body")
        if below != slide.subtitle:
            message = (
                f"the section's second heading does not fit the slide even at "
                f"{subtitle_size:g} pt, so it is cut short; shorten it"
                if section
                else f"the lesson's section and number do not fit the title slide even at "
                f"{subtitle_size:g} pt, so they are cut short; shorten them"
            )
            self.diagnostics.append(warning("overflow", message, slide.line, number))
        slide = replace(slide, title=title, subtitle=below)
        bound = self.runt(title, size, width)
        role = Role.SECTION if section else Role.TITLE_SLIDE
        anchor = self.title_anchor(role, "bottom")
        placed = PlacedSlide(
            slide,
            number,
            box,
            size,
            (),
            subtitle,
            subtitle_size,
            rule,
            bound=bound,
            title_anchor=anchor,
        )
        return self.iconed(placed)

    def title_anchor(self, role: Role, default: str) -> str:
        """Return where the title of a slide on ``role``'s layout sits in its box: where the
        template's layout (or its master) sets it, else ``default`` (a section's and the
        title slide's at the foot, over the rule and subtitle; another's in the middle)."""
        school = self.theme.template
        slot = school.choice(role).slots.title if school is not None else None
        return ANCHORS.get(slot.anchor or "", default) if slot is not None else default

    def runt(self, title: Runs, size: float, width: float) -> bool:
        """Return whether a title of two lines or more is drawn with its last two words bound
        (``PlacedSlide.bound``), so that its last word never stands alone on a line
        (``Hosting Files in Amazon / S3``, ``Organizations / (2/2)``): where bound, it takes
        no more lines and breaks no word. Bound even where the fit sees two words on the
        last line already: LibreOffice and the PDF kern, setting a line a little tighter than
        the fit (and PowerPoint) measure it, and drew ``...Schlüsselverwaltung mit AWS`` /
        ``KMS`` where the fit saw ``AWS KMS`` on the last line."""
        measure = self.measure
        wrap = measure.wrap(title, size, width, "heading", bold=True)
        if wrap.lines < 2:
            return False
        bound = last_words_bound(title)
        return bound != title and measure.wrap(bound, size, width, "heading", bold=True) == wrap
