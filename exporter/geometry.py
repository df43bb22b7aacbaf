"""fit: the laid-out deck, every box in absolute units with its font size.

``fit.fit_deck`` fills these in; every writer draws exactly these boxes at these sizes, so
that all outputs agree. Lengths are in inches, font sizes in points.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote

from exporter.model import (
    Bullet,
    Code,
    Columns,
    Deck,
    Image,
    Layout,
    Paragraph,
    Runs,
    Slide,
    Subheading,
    Table,
    Words,
    last_words_bound,
)
from exporter.resources import Picture
from exporter.roles import Role
from exporter.theme import Grid, Theme

TextBlock = Paragraph | Bullet | Subheading


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in inches from the top-left corner."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class TextFrame:
    """Paragraphs, bullets and subheadings in one text box."""

    box: Box
    blocks: tuple[TextBlock, ...]
    size: float
    """The body font size for every run in the box."""
    hanging: float | None = None
    """How far bullets hang left of their text, when wider than the theme's (long numbers)."""
    rooms: tuple[float, ...] = ()
    """For each block, the room its icons take before its text, in inches (``icon_room``;
    none when no block has icons): its lines start that much further right."""
    icons: tuple[ImageFrame, ...] = ()
    """The icons its paragraphs start with, each on its paragraph's first line, in order."""
    inline: tuple[ImageFrame, ...] = ()
    """The icons inside its paragraphs' lines (``Style.icon``), each where the fit set its
    word (``Measurer.icon_places``), in order: the deck draws each over its run's gap."""


@dataclass(frozen=True)
class HeadingFrame:
    """A column's heading: a filled bar with the party's label."""

    box: Box
    runs: Runs
    size: float
    room: float = 0.0
    """The room its icons take before the label, in inches (``icon_room``): the label's
    lines start that much further right."""
    icons: tuple[ImageFrame, ...] = ()
    """The icons its label was written after, on the label's first line, in order."""
    inline: tuple[ImageFrame, ...] = ()
    """The icons among its label's words (``Style.icon``), where the fit set their words
    (``fit.icons.heading_icons``): the deck draws each over its run's gap."""

    @property
    def slack(self) -> float:
        """Its label's right inset where icons stand among its words: as ``slack_inset``'s,
        the share of its lines' width (after its icons' room) the fit leaves unfilled, so
        that the apps and the PDFs wrap it where the fit did; else ``HEADING_INSET``'s."""
        if not self.inline:
            return HEADING_INSET[0]
        return slack_inset(self.box.w - self.room, HEADING_INSET[0])


GOES_ON = "→ "
"""What starts each further line of a line of code that is no shell command
(``codefold``)."""


@dataclass(frozen=True)
class Fold:
    """Where one line of code breaks, and what marks each break."""

    starts: tuple[int, ...]
    """The offset in the line (its tabs expanded) of each further line's first character; the
    spaces before it vanish at the break."""
    mark: str = ""
    """What ends each line but the last (``Rule.mark``)."""
    lead: str = ""
    """What starts each line but the first: the line's indentation and ``Rule.lead``."""
    inside: tuple[int, ...] = ()
    """The starts that break a shell command's word wider than a line inside: the line
    before ends with a bare backslash, and the word goes on at the line's very start, as a
    shell joins it again (no space before the break vanishes there)."""
    reopen: tuple[int, ...] = ()
    """Those of ``inside`` that fall inside a POSIX shell's single-quoted string: the line
    before ends with ``'\\`` (the string closed, the line continued) and the next starts
    with ``'`` (the string opened again), which the shell reads as the one string."""

    @property
    def lines(self) -> int:
        """Return how many lines the line of code is drawn in."""
        return len(self.starts) + 1


@dataclass(frozen=True)
class CodeFrame:
    """A code block in a shaded monospace box."""

    box: Box
    code: Code
    size: float
    folds: tuple[Fold | None, ...] = ()
    """Where each of its lines breaks at the box's width, as the fit measured it (``None``
    for a line that fits; none at all where every line fits): both writers break its lines
    there (``codefold``)."""


@dataclass(frozen=True)
class TableFrame:
    """A native table."""

    box: Box
    table: Table
    size: float
    column_widths: tuple[float, ...]
    row_heights: tuple[float, ...]
    """Each row's height, header first: the rows' measured heights, which add up to the box's."""
    inline: tuple[ImageFrame, ...] = ()
    """The icons inside its cells' lines (``Style.icon``), row by row, each cell's in order,
    where the fit set their words (``fit.icons.cell_icons``): the deck draws each over its
    run's gap."""


@dataclass(frozen=True)
class ImageFrame:
    """A picture, or a placeholder where ``picture`` is ``None``."""

    box: Box
    image: Image
    picture: Picture | None
    caption: float = 16.0
    """The size of a placeholder's caption (the address is drawn smaller, see ``caption_of``)."""
    faded: bool = False
    """Whether it is an icon among muted words (``model.muted_icons``: a quiz's wrong answer
    on its reveal slide), drawn in light greys as they are (``resample_pictures`` greys its
    picture, so that every writer draws the same pixels)."""


Frame = TextFrame | HeadingFrame | CodeFrame | TableFrame | ImageFrame


@dataclass(frozen=True)
class PlacedSlide:
    """A slide with every box placed."""

    slide: Slide
    number: int
    title: Box
    title_size: float
    frames: tuple[Frame, ...]
    subtitle: Box | None = None
    """Where the subtitle goes, on the title slide."""
    subtitle_size: float = 0.0
    rule: Box | None = None
    """The accent rule under the title."""
    part: int = 1
    """Which part of its page this slide is (a long page continues on more slides)."""
    parts: int = 1
    """How many slides its page became."""
    shrunk: bool = False
    """Whether its text is smaller than the theme's sizes so that it fits."""
    body_size: float = 0.0
    """The size of its body text, in points (0 on the title slide)."""
    bound: bool = False
    """Whether its title's last two words are drawn bound, so that neither stands alone on
    the title's last line at its box's width (``drawn_title``)."""
    title_icons: tuple[ImageFrame, ...] = ()
    """The icons inside the lines of its title, then of its subtitle (``Style.icon``), where
    the fit set their words (``fit.icons.title_icons``): the deck draws each over its run's
    gap."""
    title_anchor: str = "middle"
    """Where its title's lines sit in its box: ``top``, ``middle`` or ``bottom`` (the foot on
    the title slide and a section header), or where the template's layout sets its title
    (``fit.slides.title_anchor``)."""

    @property
    def drawn_title(self) -> Runs:
        """The title as the slide draws it (its last two words bound, where ``bound``)."""
        return last_words_bound(self.slide.title) if self.bound else self.slide.title


@dataclass(frozen=True)
class LaidOutDeck:
    """A deck ready to write."""

    deck: Deck
    theme: Theme
    slides: tuple[PlacedSlide, ...]
    firsts: tuple[int, ...]
    """For each slide of the deck, the number of the first slide it became (long pages split)."""
    footer: str
    """The text in every content slide's footer (shortened with an ellipsis if need be)."""
    footer_box: Box | None
    """Where the footer goes (``None`` on a template without a footer placeholder)."""
    number_box: Box | None
    footer_size: float
    pictures: Mapping[str, Picture] = field(default_factory=dict)
    """The pictures of the icons in its quiz questions' options and explanations, by
    address (``Question.icons``): the answer key shows every explanation, also where no
    slide does (a quiz shown without reveal slides)."""

    @property
    def first_section(self) -> int | None:
        """The number of the deck's first section header, if it has one (of the whole deck,
        when ``slides`` are a part of its slides): the slides after it are bookmarked under
        the header before them."""
        pairs = zip(self.deck.slides, self.firsts, strict=True)
        return next((number for s, number in pairs if s.layout is Layout.SECTION), None)


def pictured_frames(placed: PlacedSlide) -> Iterator[ImageFrame]:
    """Yield the frames of a slide that draw an image: the icons in its title's lines, its
    pictures, the icons its text and its column headings start with and those inside its
    lines, its tables' cells and its column headings' labels."""
    yield from placed.title_icons
    for frame in placed.frames:
        if isinstance(frame, ImageFrame):
            yield frame
        elif isinstance(frame, TextFrame | HeadingFrame):
            yield from frame.icons
        if isinstance(frame, TextFrame | TableFrame | HeadingFrame):
            yield from frame.inline


# The rules below are shared by the fit stage and the writers, so both use one geometry.

POINTS_PER_INCH = 72.0

LINE_HEIGHT = 1.2
"""A line's height at single spacing as a multiple of the font size, whatever the font: what
PowerPoint does, and LibreOffice for PPTX files (measured: 1.200 for Carlito and Liberation Mono
from 12 to 44 pt, where the fonts' own metrics would give 1.221 and 1.133)."""
FIRST_BASELINE = 1.0
"""How far below the top of a box's text its first baseline lies, as a multiple of the size:
where LibreOffice puts it for PPTX text (measured 1.00 for Carlito and Liberation Mono, from 12
to 44 pt, in text boxes, code boxes and table cells); the PDF writer puts it there too."""
LEAST_PPI = 48.0
"""The fewest pixels an inch a picture is enlarged to (PowerPoint's 96, halved), on a slide
and on paper: a 64-pixel icon is drawn at most 1.3 in wide, where filling the body made it
4.8 in wide, blurred and jagged, the largest thing on its slide."""
TEXT_INSET = (0.08, 0.05)
"""A text box's inner margin, left/right and top/bottom, in inches."""
CODE_INSET = 0.12
"""A code box's inner margin on every side, in inches."""
CELL_INSET = (0.08, 0.04)
"""A table cell's inner margin, left/right and top/bottom, in inches."""
HEADING_INSET = (0.15, 0.04)
"""A column heading's inner margin, left/right and top/bottom, in inches."""
CAPTION_INSET = (0.15, 0.1)
"""A missing image's box: the inner margin around its caption, in inches."""
MAX_LEVEL = 8
"""The deepest list level PowerPoint has; deeper items are drawn at this level."""
SUBHEADING_SCALE = 1.1
"""A subheading's size relative to the body size."""


def indent_of(
    block: TextBlock, theme: Theme, hanging: float | None = None, room: float = 0.0
) -> tuple[float, float]:
    """Return a paragraph's left margin and first-line indent, in inches.

    Bullets hang: the bullet sits ``hanging`` (the theme's, unless the box needs more room for
    numbers) left of the text. Text inside a list item lines up with its item's text. The
    ``room`` its icons take (``icon_room``) moves its lines right, the bullet where it was:
    the icons stand between the bullet and the text, whose wrapped lines line up with its
    first.
    """
    bullets = theme.bullets
    hang = bullets.hanging if hanging is None else hanging
    if isinstance(block, Bullet):
        return hang + min(block.level, MAX_LEVEL) * bullets.indent + room, -hang - room
    if isinstance(block, Paragraph) and block.level > 0:
        return hang + (min(block.level, MAX_LEVEL + 1) - 1) * bullets.indent + room, 0.0
    return room, 0.0


def icons_of(block: TextBlock) -> tuple[Image, ...]:
    """Return the icons a paragraph starts with (a subheading has none)."""
    return () if isinstance(block, Subheading) else block.icons


ICON_HEIGHT = 1.0
"""An icon's height, as a multiple of its paragraph's font size: a capital's and a little
more, within its line's height (``LINE_HEIGHT``)."""
ICON_WIDEST = 4.0
"""The widest an icon is drawn, as a multiple of its paragraph's font size: a wider one is
drawn lower, its shape kept."""
ICON_GAP = 0.3
"""The room after each icon, before the next or the text, as a multiple of the font size."""


def icon_box(aspect: float | None, size: float) -> tuple[float, float]:
    """Return the width and height, in inches, of an icon of ``aspect`` (its width over its
    height; ``None`` for a missing picture's stand-in, square) in text of ``size`` points:
    ``ICON_HEIGHT`` high, whatever its pixels, no wider than ``ICON_WIDEST``."""
    em = size / POINTS_PER_INCH
    height = ICON_HEIGHT * em
    width = height * (1.0 if aspect is None else aspect)
    if width > ICON_WIDEST * em:
        width, height = ICON_WIDEST * em, ICON_WIDEST * em / (aspect or 1.0)
    return width, height


def icon_slot(aspect: float | None, size: float) -> float:
    """Return the width an icon takes on its line, in inches: its own, at least a square's
    (a tall icon's text lines up with a square one's), and ``ICON_GAP`` after it."""
    width, _ = icon_box(aspect, size)
    em = size / POINTS_PER_INCH
    return max(width, ICON_HEIGHT * em) + ICON_GAP * em


WIDTH_SLACK = 0.985
"""The share of a line's width that text is allowed to fill (``measure.line_limit``)."""


def right_inset(frame: TextFrame, theme: Theme) -> float:
    """Return a text box's inner margin on the right, in inches: ``TEXT_INSET``'s, and, where
    icons stand inside its lines, the share of its lines' width the fit leaves unfilled
    (``WIDTH_SLACK``), so that its lines wrap where the fit wrapped them and each icon is
    drawn on the line the fit set it on (else a word the fit put on the next line, an icon
    or one before it, could stay on the line above in the apps and the PDF)."""
    if not frame.inline:
        return TEXT_INSET[0]
    widest = max(
        indent_of(block, theme, frame.hanging, frame.rooms[index] if frame.rooms else 0.0)[0]
        for index, block in enumerate(frame.blocks)
    )
    return TEXT_INSET[0] + (1 - WIDTH_SLACK) * (frame.box.w - 2 * TEXT_INSET[0] - widest)


def slack_inset(width: float, inset: float) -> float:
    """Return the right inset of a box ``width`` wide whose one paragraph holds icons inside
    its lines (a title, a table's cell), ``inset`` each side: as ``right_inset``'s, the
    share of its lines' width the fit leaves unfilled added to ``inset``."""
    return inset + (1 - WIDTH_SLACK) * (width - 2 * inset)


INLINE_MARGIN = 0.08
"""The room on each side of an icon inside a line, within its word, as a multiple of the
font size: what a renderer that kerns the text before it (LibreOffice, WeasyPrint) moves it
by stays within it."""


def inline_icon_box(aspect: float | None, size: float) -> tuple[float, float]:
    """Return the width an icon inside a line takes there (its own and ``INLINE_MARGIN`` on
    each side: it stands in its line as an unbreakable word of that width) and its height,
    in inches, in text of ``size`` points (``icon_box``)."""
    width, height = icon_box(aspect, size)
    return width + 2 * INLINE_MARGIN * size / POINTS_PER_INCH, height


def icon_room(aspects: tuple[float | None, ...], size: float) -> float:
    """Return the room, in inches, the icons of ``aspects`` take before their text."""
    return sum(icon_slot(aspect, size) for aspect in aspects)


def space_before(block: TextBlock, first: bool, size: float, theme: Theme) -> float:
    """Return the space above a paragraph in points (none above a box's first paragraph)."""
    if first:
        return 0.0
    if isinstance(block, Subheading):
        return 0.7 * size
    nested = isinstance(block, Bullet | Paragraph) and block.level > 0
    return (0.15 if nested else theme.sizes.space_before) * size


def size_of(block: TextBlock, size: float) -> float:
    """Return the font size of a paragraph in a box whose body size is ``size``."""
    if isinstance(block, Subheading):
        return size if block.minor else round(size * SUBHEADING_SCALE)
    if isinstance(block, Paragraph) and block.scale != 1.0:
        return round(size * block.scale)
    return size


CAPTION_SCALES = (1.0, 1.0, 0.7)
"""A missing image's caption lines' sizes, as multiples of the caption size."""
CAPTION_SPACING = 0.4
"""The space above each caption line after the first, as a multiple of the caption size."""


def caption_sizes(size: float) -> tuple[float, ...]:
    """Return the size of each line of a missing image's caption drawn at ``size``."""
    return tuple(round(size * scale, 1) for scale in CAPTION_SCALES)


def caption_of(image: Image, words: Words) -> tuple[str, str, str]:
    """Return the lines of a missing image's caption, in ``words``: what happened, its alt
    text, its address."""
    return (words.image_missing, image.alt or words.no_description, unquote(image.src))


def title_band(theme: Theme) -> Box | None:
    """Return the band across the title slide's foot, if the theme has one."""
    cover, grid = theme.title_slide, theme.slide
    if not cover.band:
        return None
    return Box(0.0, cover.band_top, grid.width, grid.height - cover.band_top)


# Where the fit puts the boxes every slide of a kind shares, from the theme's grid: the deck's
# slide master and layouts (``writers/pptx_master.py``) put their placeholders there too.

TITLE_RULE_GAP = 0.08
"""How far below the title's box its accent rule lies, in inches."""


def content_box(grid: Grid) -> Box:
    """Return the body's area on a content slide under a title of the theme's height (a
    template's body placeholder, on a template)."""
    if grid.frames is not None:
        return Box(*grid.frames.body)
    return Box(
        grid.margin, grid.body_top, grid.width - 2 * grid.margin, grid.body_bottom - grid.body_top
    )


def columns_box(grid: Grid, headed: bool) -> Box:
    """Return where a slide of two columns alone has them, under a title of the theme's
    height: on a template, around its Comparison layout's boxes (``headed``) or its Two
    Content layout's, where it has those; else the body's area (``content_box``)."""
    frames = grid.frames
    found = None if frames is None else frames.compared if headed else frames.paired
    return Box(*found) if found is not None else content_box(grid)


def title_box(grid: Grid) -> Box:
    """Return a content slide's title box, for a title of at most the theme's height."""
    if grid.frames is not None:
        return Box(*grid.frames.title)
    return Box(grid.margin, grid.title_top, grid.width - 2 * grid.margin, grid.title_height)


def title_above(grid: Grid) -> bool:
    """Return whether a content slide's title stands above its body, so that a title taller
    than its box pushes the body down: always on the theme's own grid; on a template, where
    its title's box is over its body's. A title beside the body (a sidebar) or below it (a
    strip at the slide's foot) grows into its own room (``grown_title``), the body left where
    it is."""
    if grid.frames is None:
        return True
    title, body = grid.frames.title, grid.frames.body
    across = min(title[0] + title[2], body[0] + body[2]) - max(title[0], body[0])
    return across > 0 and title[1] < body[1]


TITLE_BODY_GAP = 0.1
"""The least room a title growing toward the body leaves between them, in inches."""


def title_under_body(grid: Grid) -> float | None:
    """Return the foot of a template's body where its content slides' title stands below it
    (a strip at the slide's foot), the lowest of its body's and its columns' boxes; else
    ``None``."""
    frames = grid.frames
    if frames is None:
        return None
    bodies = [box for box in (frames.body, frames.compared, frames.paired) if box is not None]
    foot = max(box[1] + box[3] for box in bodies)
    return foot if foot <= frames.title[1] + 0.01 else None


def title_floor(grid: Grid) -> float:
    """Return how far down the slide a content slide's title box may reach where the title is
    not above the body: the slide's foot, the top of what the template draws under its box
    (a rule) or of its footer, slide number or date placeholder under it (across its width,
    starting below its middle), whichever is highest, but never above its box's own foot."""
    box = title_box(grid)
    floor = grid.height - TITLE_FOOT
    frames = grid.frames
    if frames is not None:
        if frames.title_limit is not None:
            floor = min(floor, frames.title_limit)
        for holder in (frames.footer, frames.number, frames.date):
            if holder is None:
                continue
            x, y, w, _ = holder
            across = min(x + w, box.x + box.w) - max(x, box.x)
            if across > 0 and y > box.y + box.h / 2:
                floor = min(floor, y - TITLE_FOOT)
    return max(floor, box.y + box.h)


def title_span(grid: Grid) -> tuple[float, float]:
    """Return the top and the foot of the room a content slide's title box may take where the
    title is not above the body (``title_above``): from its box's top (a sidebar) or from
    just under the body (a strip at the slide's foot, which grows up toward it) down to
    ``title_floor``: never over the footer, the slide number or the date, nor off the
    slide."""
    box = title_box(grid)
    body = title_under_body(grid)
    top = box.y if body is None else min(box.y, body + TITLE_BODY_GAP)
    return top, title_floor(grid)


def title_room(grid: Grid) -> float:
    """Return the most height a content slide's title box may take where the title is not
    above the body (``title_span``)."""
    top, foot = title_span(grid)
    return foot - top


def grown_title(grid: Grid, height: float) -> Box:
    """Return a content slide's title box, where the title is not above the body, grown to
    ``height`` within its room (``title_span``): a title below the body keeps its box's foot
    and grows up toward the body, any other keeps its top and grows down."""
    box = title_box(grid)
    top, foot = title_span(grid)
    height = min(max(height, box.h), foot - top)
    y = box.y + box.h - height if title_under_body(grid) is not None else box.y
    y = min(max(y, top), foot - height)
    return Box(box.x, y, box.w, height)


def date_line(grid: Grid) -> tuple[Box, str] | None:
    """Return the box and the fixed text of a template's date on content slides
    (``Frames.date``), if it writes one."""
    frames = grid.frames
    if frames is None or frames.date is None or not frames.date_text:
        return None
    return Box(*frames.date), frames.date_text


def number_words(grid: Grid) -> tuple[str, str]:
    """Return the words a template writes before and after a content slide's number
    (``Frames.number_words``: ``Folie 3``), none for a built-in theme."""
    return grid.frames.number_words if grid.frames is not None else ("", "")


def title_limit(grid: Grid) -> float | None:
    """Return how tall a content slide's title box may grow without being drawn over what
    the template draws under it (``Frames.title_limit``), or ``None`` where nothing is."""
    frames = grid.frames
    if frames is None or frames.title_limit is None:
        return None
    return max(frames.title[3], frames.title_limit - frames.title[1])


TITLE_FOOT = 0.05
"""The least room a title growing down to the slide's foot leaves under it, in inches."""


def title_rule(title: Box, grid: Grid) -> Box | None:
    """Return the accent rule under a content slide's title ``title`` (none on a template,
    which has its own look)."""
    if grid.frames is not None:
        return None
    return Box(grid.margin + TEXT_INSET[0], title.y + title.h + TITLE_RULE_GAP, 1.4, 0.06)


def title_slide_boxes(grid: Grid, section: bool = False) -> tuple[Box, Box | None, Box]:
    """Return the title slide's (or if ``section``, a section header's) title box, its accent
    rule (none on a template) and its subtitle's box."""
    frames = grid.frames
    if frames is not None:
        if section:
            return Box(*frames.section_title), None, Box(*frames.section_subtitle)
        return Box(*frames.cover_title), None, Box(*frames.cover_subtitle)
    width = grid.width - 2 * grid.margin
    return (
        Box(grid.margin, 1.5, width, 2.6),
        Box(grid.margin + TEXT_INSET[0], 4.3, 2.0, 0.08),
        Box(grid.margin, 4.55, width, 0.8),
    )


def footer_boxes(grid: Grid) -> tuple[Box | None, Box | None]:
    """Return a content slide's footer box and its slide number's box (on a template, its
    placeholders', either of which it may lack)."""
    if grid.frames is not None:
        footer, number = grid.frames.footer, grid.frames.number
        return (
            None if footer is None else Box(*footer),
            None if number is None else Box(*number),
        )
    width = grid.width - 2 * grid.margin
    return (
        Box(grid.margin, grid.footer_top, width - 1.2, grid.footer_height),
        Box(grid.width - grid.margin - 1.0, grid.footer_top, 1.0, grid.footer_height),
    )


def column_boxes(grid: Grid, headed: bool) -> tuple[tuple[Box, Box], tuple[Box, Box] | None]:
    """Return the two columns' boxes on a slide of columns only (left, right) and, when
    ``headed``, their heading bars' (within the text's edges, as the fit draws them)."""
    area = content_box(grid)
    side = (area.w - grid.column_gap) / 2
    lefts = (area.x, area.x + side + grid.column_gap)
    band = grid.column_heading_height + grid.gap if headed else 0.0
    bodies = tuple(Box(x, area.y + band, side, area.h - band) for x in lefts)
    if not headed:
        return (bodies[0], bodies[1]), None
    bars = tuple(
        Box(x + TEXT_INSET[0], area.y, side - 2 * TEXT_INSET[0], grid.column_heading_height)
        for x in lefts
    )
    return (bodies[0], bodies[1]), (bars[0], bars[1])


def role_of(placed: PlacedSlide) -> Role:
    """Return the layout a slide goes on: the title slide's, a section header's; for two
    columns, Comparison when they have headings, else Two Content; Title Only for a slide of
    only a title; else Title and Content."""
    if placed.slide.layout is Layout.TITLE:
        return Role.TITLE_SLIDE
    if placed.slide.layout is Layout.SECTION:
        return Role.SECTION
    if not placed.frames:
        return Role.TITLE_ONLY
    if placed.slide.layout is Layout.TWO_COLUMN:
        headed = any(isinstance(frame, HeadingFrame) for frame in placed.frames)
        return Role.COMPARISON if headed else Role.TWO_CONTENT
    return Role.CONTENT


def planned_role(slide: Slide) -> Role:
    """Return the layout ``slide`` goes on, as the fit sees it before placing it (its fonts
    and capitals are the layout's): as ``role_of`` sees it placed, two columns with a
    heading making a comparison and a slide of no body Title Only."""
    if slide.layout is Layout.TITLE:
        return Role.TITLE_SLIDE
    if slide.layout is Layout.SECTION:
        return Role.SECTION
    if not slide.body:
        return Role.TITLE_ONLY
    if slide.layout is Layout.TWO_COLUMN:
        columns = next((b for b in slide.body if isinstance(b, Columns)), None)
        headed = columns is not None and bool(columns.left.heading or columns.right.heading)
        return Role.COMPARISON if headed else Role.TWO_CONTENT
    return Role.CONTENT
