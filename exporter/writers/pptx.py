"""write: ``LaidOutDeck`` → an editable .pptx (the only module that uses python-pptx).

Every box is drawn where the fit stage put it, every run at the size it chose, with autofit off,
so what PowerPoint shows is what was fitted. Text is real text: titles in title placeholders,
bullets as paragraphs with levels, tables as native tables. The archive is byte-identical from
one export to the next. What it uses below python-pptx's documented API is in
``pptx_internals.py``.
"""

from __future__ import annotations

import functools
import io
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.dml.fill import FillFormat
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.text import MSO_ANCHOR
from pptx.oxml.ns import qn
from pptx.parts.slide import NotesMasterPart
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide as PptxSlide
from pptx.util import Emu

from exporter.addresses import breakable, shown
from exporter.geometry import (
    CAPTION_INSET,
    CAPTION_SPACING,
    CELL_INSET,
    CODE_INSET,
    HEADING_INSET,
    INLINE_MARGIN,
    LINE_HEIGHT,
    MAX_LEVEL,
    POINTS_PER_INCH,
    TEXT_INSET,
    Box,
    CodeFrame,
    Frame,
    HeadingFrame,
    ImageFrame,
    LaidOutDeck,
    PlacedSlide,
    TableFrame,
    TextBlock,
    TextFrame,
    caption_of,
    caption_sizes,
    content_box,
    date_line,
    indent_of,
    number_words,
    right_inset,
    role_of,
    size_of,
    slack_inset,
    space_before,
)
from exporter.measure import Measurer
from exporter.model import (
    NO_BREAK_SPACE,
    PLAIN,
    SCRIPT_SHIFT,
    WORD_JOINER,
    Bullet,
    Image,
    Layout,
    Run,
    Runs,
    Subheading,
    Tone,
    last_words_bound,
    uppercased,
)
from exporter.roles import Role
from exporter.template.layouts import LayoutPart, Slot, Slots, slots_of
from exporter.theme import Fonts, Theme, on_layout
from exporter.writers.archive import normalise_zip
from exporter.writers.drawingml import (
    BOX_FACE,
    WINGDINGS_BOXES,
    A,
    Font,
    Outline,
    P,
    add_field,
    add_paragraph,
    add_run,
    emu,
    new_shape,
    set_body,
    set_list_style,
    text_body,
    xml_safe,
)
from exporter.writers.drawingml import Bullet as BulletMark
from exporter.writers.highlight import ITALIC_ROLES, folded, highlight, line_chars
from exporter.writers.pptx_internals import (
    add_hyperlink,
    add_notes,
    cell_text_body,
    fresh_presentation,
    grid_columns,
    new_slide,
    shape_tree,
    table_cell,
    table_rows,
    xml_of,
)
from exporter.writers.pptx_master import (
    LAYOUT_TYPES,
    ink,
    layout_holders,
    layout_rule,
)
from exporter.writers.pptx_package import layout_name, set_core_properties, template

if TYPE_CHECKING:
    from exporter.template.load import Template

MAX_NUMBER = 32767
"""The largest number PowerPoint's automatic numbering starts at."""
LETTERS = 26
"""The letters a quiz option's automatic ``A)`` numbering draws (``A`` to ``Z``)."""
Holder = tuple[str, int]
"""A placeholder's type and index."""
THEME_COLORS = {
    "tx1": MSO_THEME_COLOR.TEXT_1,
    "tx2": MSO_THEME_COLOR.TEXT_2,
    "bg1": MSO_THEME_COLOR.BACKGROUND_1,
    "bg2": MSO_THEME_COLOR.BACKGROUND_2,
    **{f"accent{n}": getattr(MSO_THEME_COLOR, f"ACCENT_{n}") for n in range(1, 7)},
}
"""python-pptx's name of each theme colour a table cell may be filled with."""


def render_pptx(laid: LaidOutDeck, created: datetime | None = None) -> bytes:
    """Return the .pptx file for ``laid``.

    ``created`` dates the core properties (from ``SOURCE_DATE_EPOCH``); without it the dates
    are left out, so that two exports of one lesson are byte-identical.
    """
    writer = PptxWriter(laid)
    for placed in laid.slides:
        writer.add_slide(placed)
    deck = laid.deck
    set_core_properties(writer.prs, deck.title, deck.subtitle, deck.language, created)
    buffer = io.BytesIO()
    writer.prs.save(buffer)
    return normalise_zip(buffer.getvalue(), created)


def box_emu(box: Box) -> tuple[Emu, Emu, Emu, Emu]:
    """Return a box as python-pptx's left, top, width and height."""
    return Emu(emu(box.x)), Emu(emu(box.y)), Emu(emu(box.w)), Emu(emu(box.h))


class PptxWriter:
    """Builds one presentation."""

    def __init__(self, laid: LaidOutDeck) -> None:
        self.laid = laid
        self.theme: Theme = laid.theme
        self.language = laid.deck.language
        school = self.theme.template
        self.ink = ink(self.theme.colors) if school is None else school.ink(Role.CONTENT)
        """The theme's colours, those the theme part holds named by their slot."""
        self.fonts: Fonts = self.theme.fonts
        """The fonts of the slide being written: its layout's (``theme.on_layout``)."""
        self.measures: dict[Fonts, Measurer] = {}
        """The metrics of each set of fonts a slide is written in, made when first needed: an
        icon's gap in a line is worked out from its space's width (``gap``)."""
        package = template(self.theme) if school is None else school.package
        self.prs: PresentationType = fresh_presentation(package)
        parts = {
            str(layout.part.partname).lstrip("/"): layout
            for master in self.prs.slide_masters
            for layout in master.slide_layouts
        }
        self.layouts = {role: parts[layout_part(role, school)] for role in Role}
        self.slots = {role: slots(role, self.theme) for role in Role}
        """Which placeholders of each role's layout hold what."""
        self.rules = {role: layout_rule(role, self.theme) for role in Role}
        """Where each layout draws the rule under its title (worked out once, not per slide)."""
        set_footers(self.prs, laid.footer)
        self.slide: PptxSlide | None = None
        self.links: dict[str, str] = {}
        """The relationship id of each address the current slide links to."""
        self.added = 0
        """How many slides the deck has so far."""
        self.noted = 0
        """How many of them have notes."""
        self.notes_master: NotesMasterPart | None = None
        self.blank_notes: Any | None = None
        """A blank notes page's XML, copied for each page after the first."""
        self.next_id = 2

    def add_slide(self, placed: PlacedSlide) -> None:
        """Add one slide on the layout that fits it: its title, its content in the layout's
        placeholders (then what has none), its footer and notes."""
        role = role_of(placed)
        if self.theme.template is not None:  # a layout may map the template's colours its way
            self.ink = self.theme.template.ink(role)
        self.fonts = on_layout(self.theme, role).fonts
        self.added += 1
        slide = self.slide = new_slide(self.prs, self.layouts[role], self.added)
        self.links = {}
        self.next_id = 2  # the shape tree itself is 1
        self.draw_title(slide, placed, self.slots[role])
        if placed.rule is not None and placed.rule != self.rules[role]:
            # The layout's rule is where a title of the theme's height has it; a taller title
            # hides the layout's shapes and draws its own.
            xml_of(slide).set("showMasterSp", "0")
            self.draw_bar(slide, placed.rule, self.ink.accent)
        for frame, holder in placements(self.slots[role], placed.frames, self.theme):
            self.draw(slide, frame, holder)
        if role is not Role.TITLE_SLIDE:
            self.draw_footer(slide, placed.number, self.slots[role])
        if placed.slide.notes:
            if self.notes_master is None:
                self.notes_master = self.prs.part.notes_master_part
            self.noted += 1
            page, self.blank_notes = add_notes(
                slide, self.noted, self.notes_master, self.blank_notes
            )
            notes = page.notes_text_frame
            assert notes is not None, "python-pptx's notes master has a body placeholder"
            notes.text = xml_safe(placed.slide.notes)

    def add_shape(
        self,
        slide: PptxSlide,
        name: str,
        box: Box,
        *,
        fill: str | None = None,
        outline: Outline | None = None,
        text_box: bool = False,
        description: str | None = None,
        placeholder: Holder | None = None,
        drawn: bool = True,
    ) -> etree._Element:
        """Append a rectangle with an empty text body to ``slide`` and return its text body
        (not ``drawn``: a placeholder drawn as its layout's is, see ``new_shape``)."""
        shape_id, self.next_id = self.next_id, self.next_id + 1
        where = (emu(box.x), emu(box.y), emu(box.w), emu(box.h))
        shape = new_shape(
            shape_id,
            f"{name} {shape_id}",
            where,
            fill=fill,
            outline=outline,
            text_box=text_box,
            description=description,
            placeholder=placeholder,
            drawn=drawn,
        )
        shape_tree(slide).append(shape)
        return text_body(shape)

    def took(self, shape_id: int) -> None:
        """Note a shape id python-pptx gave a shape it added (the largest in use, plus one),
        so that the shapes drawn after it get ids of their own."""
        self.next_id = max(self.next_id, shape_id + 1)

    def relate(self, url: str) -> str:
        """Return the id of a hyperlink relationship from the current slide to ``url``.

        Each address is related once per slide, as python-pptx's ``relate_to`` does; but that
        reads every relationship of the slide again for each link, which a slide of a
        thousand links pays a million times.
        """
        assert self.slide is not None
        rid = self.links.get(url)
        if rid is None:
            rid = self.links[url] = add_hyperlink(self.slide, url)
        return rid

    def runs(
        self,
        paragraph: etree._Element,
        runs: Runs,
        font: Font,
        icons: Mapping[Image, float] | None = None,
        closed: bool = False,
    ) -> None:
        """Append styled runs; a run's own style adds to the paragraph's ``font``.

        An icon inside a line (``Style.icon``) is a gap its picture is drawn over: a no-break
        space whose character spacing (``spc``) makes it as wide as the icon's word, the
        width ``icons`` gives it in points (PowerPoint has no picture inside a line of text;
        PowerPoint and LibreOffice both widen the space by it, and break no line at it). In a
        paragraph that is not left-aligned (``closed``), one that ends it is followed by a
        word joiner.

        Inline code is set at the theme's ``inline_code`` share of the size, in ``code_text``
        on ``code_background``; a link is in the accent colour. A paragraph of no run (an
        empty table cell) gets the size of ``font`` all the same (``add_run``): at
        LibreOffice's default 18 pt, an empty cell made its row taller than measured.
        """
        colors = self.ink
        if not runs:
            add_run(paragraph, "", font, self.language, self.relate)
        for run in runs:
            style = run.style
            # Inline code in its own colour, a link in the accent, an option's tone over both
            # (as the slide PDF's style sheet has it).
            color = colors.code_text if style.code else font.color
            if style.link:
                color = colors.accent
            if style.tone is not None:
                color = colors.accent if style.tone is Tone.ACCENT else colors.muted
            own = Font(
                font.size,
                font.face,
                color,
                font.bold or style.bold,
                style.italic,
                style.strike,
                style.link,
                caps=font.caps,
            )
            if style.script is not None:
                own = replace(own, baseline=SCRIPT_SHIFT[style.script])
            if style.code:
                size = round(font.size * self.theme.sizes.inline_code, 2)
                own = replace(
                    own,
                    size=size,
                    face=self.theme.fonts.code.name,
                    highlight=colors.code_background,
                )
            if style.box:  # in the accent, as a bullet task's box (and its number) is
                box_color = colors.accent if style.tone is None else own.color
                own = replace(own, face=BOX_FACE, color=box_color)
            if style.icon is not None:  # no link's: LibreOffice draws a link as a field,
                gap = self.gap(own, (icons or {}).get(style.icon, 0.0))  # its spacing lost
                own = replace(own, spacing=gap, link=None)
                add_run(paragraph, NO_BREAK_SPACE, own, self.language, self.relate)
                if closed and run is runs[-1]:  # LibreOffice leaves a line's last spacing
                    # out where it centres or right-aligns it: a word joiner ends it
                    tail = replace(own, spacing=None)
                    add_run(paragraph, WORD_JOINER, tail, self.language, self.relate)
                continue
            add_run(paragraph, shown(run, "body"), own, self.language, self.relate)

    def gap(self, font: Font, width: float) -> int:
        """Return the character spacing, in hundredths of a point, that makes a no-break
        space in ``font`` ``width`` points wide (a space's width where the font has none:
        LibreOffice draws it so, and Carlito has none)."""
        measure = self.measures.get(self.fonts)
        if measure is None:  # the slide's layout's fonts (``theme.on_layout``)
            measure = self.measures[self.fonts] = Measurer(replace(self.theme, fonts=self.fonts))
        face = measure.face("body", font.bold, font.italic)
        space = NO_BREAK_SPACE if ord(NO_BREAK_SPACE) in face.covered else " "
        return round((width - face.char(space) * font.size) * 100)

    def draw_title(self, slide: PptxSlide, placed: PlacedSlide, slots: Slots) -> None:
        """Draw the title placeholder (and the subtitle's, on the title slide or a section
        header that has one)."""
        colors, fonts, align = self.ink, self.fonts, self.theme.align
        title_slide = placed.subtitle is not None
        holder = kind_of(slots.title)
        # A title placeholder filled with a colour of its own (a bar) keeps its fill and shape.
        bar = holder is not None and slots.title is not None and bool(slots.title.fill)
        body = self.add_shape(slide, "Title", placed.title, placeholder=holder, drawn=not bar)
        icons = placed.title_icons  # inside its lines: wrapped where the fit wrapped them
        right = slack_inset(placed.title.w, TEXT_INSET[0]) if icons else None
        set_body(body, TEXT_INSET, placed.title_anchor, right)
        (title, caps), (subtitle, subtitle_caps) = written(placed)
        font = Font(placed.title_size, fonts.heading.name, colors.title, bold=True, caps=caps)
        headline, below = align.of_headline(placed.slide.layout is Layout.SECTION)
        where = headline if title_slide else align.title
        gaps = icon_gaps(icons, placed.title_size)
        paragraph = add_paragraph(body, align=where)
        self.runs(paragraph, title, font, gaps, where != "left")
        if placed.subtitle is not None and placed.slide.subtitle:
            holder = kind_of(slots.subtitle)
            body = self.add_shape(slide, "Subtitle", placed.subtitle, placeholder=holder)
            right = slack_inset(placed.subtitle.w, TEXT_INSET[0]) if icons else None
            set_body(body, TEXT_INSET, "top", right)
            font = Font(placed.subtitle_size, fonts.body.name, colors.muted, caps=subtitle_caps)
            paragraph = add_paragraph(body, align=below)
            gaps = icon_gaps(icons, font.size)
            self.runs(paragraph, subtitle, font, gaps, below != "left")
        for icon in icons:  # pictures of their own, on their lines
            self.draw_image(slide, icon, None)

    def draw(self, slide: PptxSlide, frame: Frame, holder: Holder | None) -> None:
        """Draw one frame, in the layout's placeholder ``holder`` if it has one."""
        if isinstance(frame, TextFrame):
            self.draw_text(slide, frame, holder)
        elif isinstance(frame, HeadingFrame):
            self.draw_heading(slide, frame, holder)
        elif isinstance(frame, CodeFrame):
            self.draw_code(slide, frame)
        elif isinstance(frame, TableFrame):
            self.draw_table(slide, frame, holder)
        else:
            self.draw_image(slide, frame, holder)

    def draw_text(self, slide: PptxSlide, frame: TextFrame, holder: Holder | None) -> None:
        """Draw paragraphs, bullets and subheadings in a placeholder or a text box, levels
        kept; a text box gets the master's list levels for paragraphs typed into it later."""
        name = "Content" if holder else "Text"
        body = self.add_shape(slide, name, frame.box, text_box=not holder, placeholder=holder)
        set_body(body, TEXT_INSET, "top", right_inset(frame, self.theme))
        bullets, colors = self.theme.bullets, self.ink
        if holder is None:
            set_list_style(body, bullets.chars, bullets.hanging, bullets.indent, colors.accent)
        for index, block in enumerate(frame.blocks):
            size = size_of(block, frame.size)
            bullet, runs = self.bullet_of(block, size)
            room = frame.rooms[index] if frame.rooms else 0.0
            margin, indent = indent_of(block, self.theme, frame.hanging, room)
            level = min(block.level, MAX_LEVEL) if isinstance(block, Bullet) else 0
            before = space_before(block, index == 0, frame.size, self.theme)
            spacing = self.theme.sizes.line_spacing
            # A paragraph of inline code alone (an option ``10.0.0.0/24``) has no run at its
            # size: PowerPoint and LibreOffice would space its lines by its smaller code, the
            # fit (and the PDF) by its size. Its lines are given that pitch exactly.
            alone = bool(runs) and all(run.style.code for run in runs)
            paragraph = add_paragraph(
                body,
                level=level,
                margin=margin,
                indent=indent,
                before=before,
                bullet=bullet,
                spacing=spacing,
                pitch=LINE_HEIGHT * size * spacing if alone else None,
            )
            subheading = isinstance(block, Subheading)
            major = isinstance(block, Subheading) and not block.minor
            color = colors.accent if major else colors.text
            font = Font(size, self.fonts.body.name, color, subheading)
            first = runs[0].style if runs else PLAIN
            if bullet is not None and isinstance(bullet.mark, int) and (first.code or first.box):
                # LibreOffice draws a number or letter in its first character's font and
                # shading, not the bullet's: a word joiner, drawn as nothing, is that character.
                # (A numbered task's box is a symbol font's.)
                runs = (Run(WORD_JOINER, replace(first, code=False, link=None, box=False)), *runs)
            self.runs(paragraph, runs, font, icon_gaps(frame.inline, size))
        for icon in (*frame.icons, *frame.inline):  # pictures of their own, on their lines
            self.draw_image(slide, icon, None)  # (PowerPoint has no picture in a line of text)

    def bullet_of(self, block: TextBlock, size: float) -> tuple[BulletMark | None, Runs]:
        """Return a paragraph's bullet and its runs; a number or letter drawn at ``size``,
        the paragraph's.

        PowerPoint numbers lists from 1 to 32767 only; an item numbered outside that range
        keeps its number as text. A quiz option's letter is numbered ``A)`` to ``Z)``.
        """
        if not isinstance(block, Bullet):
            return None, block.runs
        accent = self.ink.accent
        if block.check is not None:
            return BulletMark(WINGDINGS_BOXES[block.check], accent, symbol=True), block.runs
        if block.letter is not None:
            place = ord(block.letter) - ord("A") + 1
            if block.runs and block.runs[-1].style.tone is Tone.MUTED:
                accent = self.ink.muted  # a wrong option on a reveal slide, its letter too
            if len(block.letter) == 1 and 1 <= place <= LETTERS:
                body = self.fonts.body.name
                return BulletMark(place, accent, "alphaUcParenR", body, size), block.runs
            return None, (Run(f"{block.letter}) "), *block.runs)
        if block.number is None:
            chars = self.theme.bullets.chars
            return BulletMark(chars[min(block.level, MAX_LEVEL) % len(chars)], accent), block.runs
        if 1 <= block.number <= MAX_NUMBER:
            body = self.fonts.body.name
            return BulletMark(block.number, accent, font=body, size=size), block.runs
        return None, (Run(f"{block.number}. "), *block.runs)

    def draw_heading(self, slide: PptxSlide, frame: HeadingFrame, holder: Holder | None) -> None:
        """Draw a column heading: the label in a filled bar, after its icons' room; the icons
        pictures of their own on the bar, on the label's first line."""
        body = self.add_shape(
            slide, "Column heading", frame.box, fill=self.ink.accent, placeholder=holder
        )
        # Icons among its label's words: wrapped where the fit wrapped them (``slack``).
        set_body(body, HEADING_INSET, "middle", frame.slack if frame.inline else None)
        font = Font(
            frame.size,
            self.fonts.heading.name,
            self.ink.column_heading_text,
            bold=True,
        )
        gaps = icon_gaps(frame.inline, frame.size)
        self.runs(add_paragraph(body, margin=frame.room), frame.runs, font, gaps)
        for icon in (*frame.icons, *frame.inline):  # over the bar, so drawn after it
            self.draw_image(slide, icon, None)

    def draw_code(self, slide: PptxSlide, frame: CodeFrame) -> None:
        """Draw a code block: monospace lines in a shaded box, highlighted in the theme's
        syntax colours by the fence's language."""
        theme = self.theme
        body = self.add_shape(
            slide, "Code", frame.box, fill=self.ink.code_background, text_box=True
        )
        set_body(body, (CODE_INSET, CODE_INSET), "top")
        plain = Font(frame.size, theme.fonts.code.name, self.ink.code_text)
        info = frame.code.language if theme.syntax is not None else None
        most = line_chars(theme, frame.box.w - 2 * CODE_INSET, frame.size)
        code = frame.code
        lines = highlight(code.text.expandtabs(4), info, most, code.whole, code.first)
        # A line too wide for the box is drawn as the lines the fit broke it into, each a
        # paragraph, so that the deck breaks it where the slide PDF does, at a space, with
        # its marks (``codefold``): left to wrap it, PowerPoint and LibreOffice broke it
        # after a hyphen too, and a student copied ``--region eu-`` / ``west-1``.
        folds = frame.folds or (None,) * len(lines)
        for line in (drawn for at in zip(lines, folds, strict=True) for drawn in folded(*at)):
            paragraph = add_paragraph(body)
            if not line:
                add_run(paragraph, "", plain, self.language, self.relate)
            for span in line:
                font = plain
                if span.role is not None and theme.syntax is not None:
                    color = getattr(theme.syntax, span.role.value)
                    font = replace(plain, color=color, italic=span.role in ITALIC_ROLES)
                add_run(paragraph, span.text, font, self.language, self.relate)

    def draw_table(self, slide: PptxSlide, frame: TableFrame, holder: Holder | None) -> None:
        """Draw a native table, the header row filled with the accent colour and its text on
        the row's middle (in the layout's placeholder ``holder`` if it goes in one)."""
        data, colors = frame.table, self.ink
        rows = (data.header, *data.rows)
        shape = slide.shapes.add_table(len(rows), len(data.header), *box_emu(frame.box))
        self.took(shape.shape_id)
        if holder is not None:
            hold(xml_of(shape), holder)
        table = shape.table
        # The grid's columns are set in the XML: python-pptx's ``columns[i].width`` adds up
        # every column's width anew after each, which a wide table pays as its cube.
        widths = [emu(width) for width in frame.column_widths]
        for column, width in zip(grid_columns(table), widths, strict=True):
            column.w = Emu(width)
        shape.width = Emu(sum(widths))
        # The XML rows are walked once: python-pptx's table.rows and table.cell(r, c) search
        # the table again for every row, which is quadratic in its length.
        for r, (row, tr) in enumerate(zip(rows, table_rows(table), strict=True)):
            # Each row at its measured height: rows left to share the box evenly would grow
            # past it where one row needs more than its share.
            tr.h = Emu(emu(frame.row_heights[r]))
            band = colors.table_band if r % 2 == 0 else colors.background
            fill = colors.table_header if r == 0 else band
            color = colors.table_header_text if r == 0 else colors.cell_ink
            font = Font(frame.size, self.fonts.body.name, color, bold=r == 0)
            for c, (cell_runs, tc) in enumerate(zip(row, tr.tc_lst, strict=True)):
                cell = table_cell(tc, shape)
                fill_with(cell.fill, fill)
                unlined(tc)
                cell.margin_left = cell.margin_right = Emu(emu(CELL_INSET[0]))
                cell.margin_top = cell.margin_bottom = Emu(emu(CELL_INSET[1]))
                if r == 0:  # a heading of one line beside one of two stands on the row's middle
                    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
                body = cell_text_body(cell)
                for old in body.findall(qn("a:p")):
                    body.remove(old)
                # Exact line spacing: LibreOffice sets "single" spacing in a table cell at 1.0
                # times the size, where PowerPoint (and our fit) use 1.2.
                paragraph = add_paragraph(
                    body, align=data.align[c] or "left", pitch=LINE_HEIGHT * frame.size
                )
                if frame.inline and any(run.style.icon is not None for run in cell_runs):
                    # wrapped where the fit wrapped it, each icon over its run's gap
                    right = slack_inset(frame.column_widths[c], CELL_INSET[0])
                    cell.margin_right = Emu(emu(right))
                    gaps = icon_gaps(frame.inline, frame.size)
                    self.runs(
                        paragraph, cell_runs, font, gaps, data.align[c] in ("center", "right")
                    )
                else:
                    self.runs(paragraph, cell_runs, font)
        for icon in frame.inline:  # over the table, on their lines in its cells
            self.draw_image(slide, icon, None)

    def draw_image(self, slide: PptxSlide, frame: ImageFrame, holder: Holder | None) -> None:
        """Draw a picture with its alt text (in the layout's placeholder ``holder`` if it goes
        in one), or a shape naming what is missing."""
        image = frame.image
        if frame.picture is not None:
            picture = slide.shapes.add_picture(io.BytesIO(frame.picture.data), *box_emu(frame.box))
            self.took(picture.shape_id)
            if holder is not None:
                hold(xml_of(picture), holder)
            picture.name = xml_safe(f"Picture: {image.alt}"[:80] if image.alt else "Picture")
            describe(picture, xml_safe(image.alt))
            return
        colors = self.ink
        body = self.add_shape(
            slide,
            "Missing image",
            frame.box,
            fill=colors.code_background,
            outline=Outline(colors.placeholder, 1.0, "dash"),
            description=xml_safe(image.alt),
        )
        set_body(body, CAPTION_INSET, "middle")
        if not frame.caption:
            return  # an icon's stand-in, a line high: too small for words
        for index, (line, size) in enumerate(
            zip(caption_of(image, self.laid.deck.words), caption_sizes(frame.caption), strict=True)
        ):
            before = frame.caption * CAPTION_SPACING if index else 0.0
            paragraph = add_paragraph(body, before=before, align="center")
            font = Font(size, self.fonts.body.name, colors.muted, bold=index == 0)
            add_run(paragraph, breakable(line), font, self.language, self.relate)

    def draw_bar(self, slide: PptxSlide, box: Box, color: str) -> None:
        """Draw a filled rectangle without an outline."""
        set_body(self.add_shape(slide, "Rule", box, fill=color), (0.0, 0.0), "middle")

    def draw_footer(self, slide: PptxSlide, number: int, slots: Slots) -> None:
        """Draw the lesson's name and the slide number at the foot of a content slide, in the
        layout's footer and slide-number placeholders (as text boxes where a template's
        layout has none, so that the deck shows what the PDF does)."""
        laid = self.laid
        font = Font(laid.footer_size, self.theme.fonts.body.name, self.ink.footer_ink)
        if laid.footer_box is not None:
            holder = kind_of(slots.footer)
            body = self.add_shape(slide, "Footer", laid.footer_box, placeholder=holder)
            set_body(body, (TEXT_INSET[0], 0.02), "middle")
            add_run(add_paragraph(body), laid.footer, font, self.language, self.relate)
        dated = date_line(self.theme.slide)  # a template's fixed text: "Schuljahr 2024/25"
        if dated is not None:
            body = self.add_shape(slide, "Date", dated[0], placeholder=kind_of(slots.date))
            set_body(body, (TEXT_INSET[0], 0.02), "middle")
            add_run(add_paragraph(body), dated[1], font, self.language, self.relate)
        if laid.number_box is None:
            return
        holder = kind_of(slots.number)
        body = self.add_shape(slide, "Slide number", laid.number_box, placeholder=holder)
        set_body(body, (TEXT_INSET[0], 0.02), "middle")
        field_id = "{" + str(uuid.uuid5(uuid.NAMESPACE_OID, f"slide {number}")).upper() + "}"
        paragraph = add_paragraph(body, align="right")
        before, after = number_words(self.theme.slide)  # a template's "Folie 3"
        if before:
            add_run(paragraph, before, font, self.language, self.relate)
        add_field(paragraph, "slidenum", str(number), field_id, font, self.language)
        if after:
            add_run(paragraph, after, font, self.language, self.relate)


def written(placed: PlacedSlide) -> tuple[tuple[Runs, bool], tuple[Runs, bool]]:
    """Return the title and subtitle the deck writes for ``placed``, each with whether it is
    drawn in capitals: as the author wrote them where the fit set them in capitals as the
    template draws them (``Slide.cased``) and they are the same words (none cut short to
    fit); else as the slide draws them (``drawn_title``, ``subtitle``)."""
    slide = placed.slide
    title, subtitle = (placed.drawn_title, False), (slide.subtitle, False)
    if slide.cased is None:
        return title, subtitle
    cased_title, cased_subtitle = slide.cased
    if not plain_capitals(cased_title, cased_subtitle):
        return title, subtitle  # typed, as measured: "STRASSE", where an app draws "STRAẞE"
    if uppercased(cased_title) == slide.title:
        title = (last_words_bound(cased_title) if placed.bound else cased_title), True
    if cased_subtitle != slide.subtitle and uppercased(cased_subtitle) == slide.subtitle:
        subtitle = cased_subtitle, True
    return title, subtitle


def plain_capitals(*texts: Runs) -> bool:
    """Return whether every character of ``texts`` has one character for its capital, as the
    fit measured it (``str.upper``): ``ß`` is ``SS`` to it, where LibreOffice draws ``ẞ``, and
    ``ﬁ`` ``FI``, so a title holding one is written in the capitals measured."""
    return all(len(char.upper()) == 1 for runs in texts for run in runs for char in run.text)


def placements(
    slots: Slots, frames: tuple[Frame, ...], theme: Theme
) -> list[tuple[Frame, Holder | None]]:
    """Return the frames in reading order (the fit's: top to bottom, a column after the
    other), each with the layout's placeholder it goes in, if any: the shapes of the slide
    are then in that order, which is the order a screen reader reads them in.

    The first text in the body (in each column, on a layout of two) and the column headings
    go in the layout's placeholders; a content placeholder that no text takes gets the first
    table or picture of its body or column, as PowerPoint's icons in it would put one there.
    The rest (code, more tables, pictures and text, a quiz's question above its options) are
    shapes of their own.
    """
    wanted = slot_finder(slots, theme)
    held: dict[Holder, Frame] = {}
    for text in (True, False):  # text first: a table or picture takes only what text left
        for frame in frames:
            if isinstance(frame, TextFrame | HeadingFrame) is text:
                slot = wanted(frame)
                if slot is not None and slot not in held:
                    held[slot] = frame
    holders = {id(frame): holder for holder, frame in held.items()}
    return [(frame, holders.get(id(frame))) for frame in frames]


def takes(holder: Holder, frame: Frame) -> bool:
    """Return whether a body placeholder of type ``holder[0]`` takes ``frame``: any takes
    text; a content placeholder (no type, or ``obj``) a table or a picture, as do a table's
    or picture's own placeholder; none takes code or a missing image's stand-in."""
    kind = holder[0]
    if isinstance(frame, TextFrame):
        return True
    if isinstance(frame, TableFrame):
        return kind in ("", "obj", "tbl")
    if isinstance(frame, ImageFrame):
        return frame.picture is not None and kind in ("", "obj", "pic")
    return False


def slot_finder(slots: Slots, theme: Theme) -> Callable[[Frame], Holder | None]:
    """Return which placeholder of a layout with ``slots`` a frame would go in, if any."""
    area = content_box(theme.slide)
    middle = area.x + area.w / 2
    bodies = tuple(slot.kind for slot in slots.bodies)
    headings = tuple(slot.kind for slot in slots.headings)

    def side(frame: Frame) -> int | None:
        box = frame.box
        if box.x + box.w <= middle:
            return 0
        if box.x >= middle:
            return 1
        return None  # across both columns

    def slot(frame: Frame) -> Holder | None:
        if len(bodies) == 1:
            return bodies[0] if takes(bodies[0], frame) else None
        where = side(frame)
        if where is None:
            return None
        if isinstance(frame, HeadingFrame):
            return headings[where] if len(headings) == 2 else None
        if len(bodies) != 2:
            return None
        return bodies[where] if takes(bodies[where], frame) else None

    return slot


@functools.lru_cache(maxsize=64)
def slots(role: Role, theme: Theme) -> Slots:
    """Return which placeholders of the layout ``role`` goes on hold what: the template's,
    or our own master's. Worked out once a process for each theme: the same for every deck
    (about 1.4 ms a deck)."""
    if theme.template is not None:
        return theme.template.choice(role).slots
    holders, _ = layout_holders(role, theme)
    boxes = tuple(
        Slot(holder.kind, (holder.box.x, holder.box.y, holder.box.w, holder.box.h))
        for holder in holders
    )
    layout = LayoutPart(role.value, "", role.value, LAYOUT_TYPES[role], boxes)
    return slots_of(layout, theme.slide.height)


def layout_part(role: Role, school: Template | None) -> str:
    """Return the part name of the layout ``role`` goes on."""
    if school is None:
        return layout_name(list(Role).index(role))
    return school.choice(role).part


def kind_of(slot: Slot | None) -> Holder | None:
    """Return a placeholder's type and index, or ``None`` for no placeholder."""
    return None if slot is None else slot.kind


def set_footers(prs: PresentationType, footer: str) -> None:
    """Put the deck's footer text in every master's and layout's footer placeholder, as
    PowerPoint's Header & Footer does, so a slide added later shows it (a template's own
    footer text gives way to it)."""
    owners: list[object] = [
        owner for master in prs.slide_masters for owner in (master, *master.slide_layouts)
    ]
    for owner in owners:
        for body in xml_of(owner).iterfind(f".//{P}ph[@type='ftr']/../../../{P}txBody"):
            paragraphs = body.findall(f"{A}p")
            paragraph = paragraphs[0] if paragraphs else etree.SubElement(body, f"{A}p")
            for extra in paragraphs[1:]:
                body.remove(extra)
            for child in paragraph.findall("*"):
                if child.tag in (f"{A}r", f"{A}fld", f"{A}br"):
                    paragraph.remove(child)
            run = etree.Element(f"{A}r")
            etree.SubElement(run, f"{A}rPr", lang="en-US")
            etree.SubElement(run, f"{A}t").text = xml_safe(footer)
            end = paragraph.find(f"{A}endParaRPr")
            if end is None:
                paragraph.append(run)
            else:
                end.addprevious(run)


CELL_SIDES = ("lnL", "lnR", "lnT", "lnB")
"""A table cell's borders, in the order its properties hold them (before its fill)."""


def unlined(tc: etree._Element) -> None:
    """Draw no border around a table cell (an ``a:tc``), as the slide PDF draws none: the
    table style python-pptx names (Medium Style 2) would draw white lines between the cells,
    which stand out on a dark slide."""
    properties = tc.find(qn("a:tcPr"))
    assert properties is not None  # ``fill_with`` made it
    for index, side in enumerate(CELL_SIDES):
        line = etree.Element(qn(f"a:{side}"))
        etree.SubElement(line, qn("a:noFill"))
        properties.insert(index, line)


def fill_with(fill: FillFormat, color: str) -> None:
    """Fill a table cell with ``color``: ``RRGGBB`` or a theme colour's slot name."""
    fill.solid()
    if color in THEME_COLORS:
        fill.fore_color.theme_color = THEME_COLORS[color]
    else:
        fill.fore_color.rgb = rgb(color)


def rgb(color: str) -> RGBColor:
    """Return a theme colour for python-pptx."""
    value: RGBColor = RGBColor.from_string(color)
    return value


def icon_gaps(icons: Sequence[ImageFrame], size: float) -> dict[Image, float]:
    """Return the width of each icon's word in text of ``size`` points, in points: its own
    and ``INLINE_MARGIN`` each side, as the fit measured it (``geometry.inline_icon_box``)."""
    return {icon.image: icon.box.w * POINTS_PER_INCH + 2 * INLINE_MARGIN * size for icon in icons}


def hold(shape: etree._Element, holder: Holder) -> None:
    """Make a table's ``p:graphicFrame`` or a picture's ``p:pic`` (as python-pptx made it)
    the slide's shape for the layout's placeholder ``holder``, as PowerPoint's table and
    picture icons in a content placeholder do: ``p:ph`` first in its ``p:nvPr``, and the
    lock that keeps it out of groups. Its box stays its own (the fit's)."""
    names, application = shape[0][1], shape[0][2]  # cNvGraphicFramePr/cNvPicPr, nvPr
    lock = f"{A}picLocks" if shape.tag == f"{P}pic" else f"{A}graphicFrameLocks"
    locks = names.find(lock)
    if locks is None:
        locks = etree.SubElement(names, lock)
    locks.set("noGrp", "1")
    kind, index = holder
    ph = etree.Element(f"{P}ph", {**({"type": kind} if kind else {}), "idx": str(index)})
    application.insert(0, ph)


def describe(shape: object, alt: str) -> None:
    """Set a shape's description: the alt text screen readers and PowerPoint show."""
    properties = xml_of(shape)[0].find(qn("p:cNvPr"))  # in the shape's first child
    assert properties is not None, "every shape python-pptx makes has its cNvPr"
    properties.set("descr", alt)
