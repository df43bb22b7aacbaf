"""write: ``LaidOutDeck`` → an editable .pptx (the only module that uses python-pptx).

Every box is drawn where the fit stage put it, every run at the size it chose, with autofit off,
so what PowerPoint shows is what was fitted. Text is real text: titles in title placeholders,
bullets as paragraphs with levels, tables as native tables. The archive is byte-identical from
one export to the next.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide as PptxSlide
from pptx.text.text import TextFrame as PptxTextFrame
from pptx.text.text import _Paragraph
from pptx.util import Emu, Pt

from exporter.geometry import (
    CELL_INSET,
    CODE_INSET,
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
    indent_of,
    size_of,
    space_before,
)
from exporter.model import Bullet, Run, Runs, Subheading
from exporter.theme import Theme
from exporter.writers.archive import normalise_zip

TITLE_SLIDE_LAYOUT = 0
TITLE_ONLY_LAYOUT = 5
EMU_PER_INCH = 914400


def emu(inches: float) -> Emu:
    """Return a length in inches as EMU."""
    return Emu(round(inches * EMU_PER_INCH))


def render_pptx(laid: LaidOutDeck, created: datetime | None = None) -> bytes:
    """Return the .pptx file for ``laid``.

    ``created`` dates the core properties (from ``SOURCE_DATE_EPOCH``); without it the dates
    are left out, so that two exports of one lesson are byte-identical.
    """
    writer = PptxWriter(laid)
    for placed in laid.slides:
        writer.add_slide(placed)
    writer.set_properties(created)
    buffer = io.BytesIO()
    writer.prs.save(buffer)
    return normalise_zip(buffer.getvalue(), created)


class PptxWriter:
    """Builds one presentation."""

    def __init__(self, laid: LaidOutDeck) -> None:
        self.laid = laid
        self.theme: Theme = laid.theme
        self.prs: PresentationType = Presentation()
        widen_template(self.prs, emu(self.theme.slide.width), emu(self.theme.slide.height))

    def add_slide(self, placed: PlacedSlide) -> None:
        """Add one slide with its title, frames, footer and notes."""
        title_slide = placed.subtitle is not None
        layout = self.prs.slide_layouts[TITLE_SLIDE_LAYOUT if title_slide else TITLE_ONLY_LAYOUT]
        slide = self.prs.slides.add_slide(layout)
        self.draw_title(slide, placed)
        if placed.rule is not None:
            self.draw_bar(slide, placed.rule, self.theme.colors.accent)
        for frame in placed.frames:
            self.draw(slide, frame)
        if not title_slide:
            self.draw_footer(slide, placed.number)
        if placed.slide.notes:
            slide.notes_slide.notes_text_frame.text = placed.slide.notes

    def draw_title(self, slide: PptxSlide, placed: PlacedSlide) -> None:
        """Fill the title placeholder (and the subtitle, on the title slide)."""
        colors, fonts = self.theme.colors, self.theme.fonts
        title = slide.shapes.title
        assert title is not None, "the built-in layouts have a title placeholder"
        place(title, placed.title)
        frame = prepare(
            title.text_frame,
            TEXT_INSET,
            MSO_ANCHOR.BOTTOM if placed.subtitle else MSO_ANCHOR.MIDDLE,
        )
        paragraph = frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.LEFT
        self.add_runs(
            paragraph,
            placed.slide.title,
            placed.title_size,
            fonts.heading.name,
            colors.title,
            bold=True,
        )
        if placed.subtitle is not None:
            subtitle = slide.placeholders[1]
            place(subtitle, placed.subtitle)
            frame = prepare(subtitle.text_frame, TEXT_INSET, MSO_ANCHOR.TOP)
            paragraph = frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.LEFT
            self.add_runs(
                paragraph,
                placed.slide.subtitle,
                placed.subtitle_size,
                fonts.body.name,
                colors.muted,
            )

    def draw(self, slide: PptxSlide, frame: Frame) -> None:
        """Draw one frame."""
        if isinstance(frame, TextFrame):
            self.draw_text(slide, frame)
        elif isinstance(frame, HeadingFrame):
            self.draw_heading(slide, frame)
        elif isinstance(frame, CodeFrame):
            self.draw_code(slide, frame)
        elif isinstance(frame, TableFrame):
            self.draw_table(slide, frame)
        else:
            self.draw_image(slide, frame)

    def draw_text(self, slide: PptxSlide, frame: TextFrame) -> None:
        """Draw paragraphs, bullets and subheadings in one text box, levels kept."""
        shape = slide.shapes.add_textbox(*box_emu(frame.box))
        text = prepare(shape.text_frame, TEXT_INSET, MSO_ANCHOR.TOP)
        set_list_style(text, self.theme)
        for index, block in enumerate(frame.blocks):
            paragraph = text.paragraphs[0] if index == 0 else text.add_paragraph()
            self.format_paragraph(paragraph, block, index == 0, frame.size)
            subheading = isinstance(block, Subheading)
            color = self.theme.colors.accent if subheading else self.theme.colors.text
            self.add_runs(
                paragraph,
                block.runs,
                size_of(block, frame.size),
                self.theme.fonts.body.name,
                color,
                bold=subheading,
            )

    def format_paragraph(
        self, paragraph: _Paragraph, block: TextBlock, first: bool, size: float
    ) -> None:
        """Set a paragraph's level, indents, spacing and bullet."""
        margin, indent = indent_of(block, self.theme)
        level = block.level if isinstance(block, Bullet) else 0
        bullet = None
        if isinstance(block, Bullet):
            chars = self.theme.bullets.chars
            bullet = block.number if block.number is not None else chars[level % len(chars)]
        set_paragraph(
            paragraph,
            level,
            margin,
            indent,
            space_before(block, first, size, self.theme),
            bullet,
            self.theme.colors.accent,
        )

    def draw_heading(self, slide: PptxSlide, frame: HeadingFrame) -> None:
        """Draw a column heading: the label in a filled bar."""
        shape = self.draw_bar(slide, frame.box, self.theme.colors.accent)
        text = prepare(shape.text_frame, (0.15, 0.04), MSO_ANCHOR.MIDDLE)
        paragraph = text.paragraphs[0]
        paragraph.alignment = PP_ALIGN.LEFT
        set_paragraph(paragraph, 0, 0.0, 0.0, 0.0, None, None)
        self.add_runs(
            paragraph,
            frame.runs,
            frame.size,
            self.theme.fonts.heading.name,
            self.theme.colors.column_heading_text,
            bold=True,
        )

    def draw_code(self, slide: PptxSlide, frame: CodeFrame) -> None:
        """Draw a code block: monospace lines in a shaded box."""
        shape = slide.shapes.add_textbox(*box_emu(frame.box))
        shape.fill.solid()
        shape.fill.fore_color.rgb = rgb(self.theme.colors.code_background)
        text = prepare(shape.text_frame, (CODE_INSET, CODE_INSET), MSO_ANCHOR.TOP)
        code = frame.code.text.expandtabs(4)
        for index, line in enumerate(code.split("\n")):
            paragraph = text.paragraphs[0] if index == 0 else text.add_paragraph()
            set_paragraph(paragraph, 0, 0.0, 0.0, 0.0, None, None)
            self.add_runs(
                paragraph,
                (Run(line),),
                frame.size,
                self.theme.fonts.code.name,
                self.theme.colors.code_text,
            )

    def draw_table(self, slide: PptxSlide, frame: TableFrame) -> None:
        """Draw a native table, the header row filled with the accent colour."""
        table_data = frame.table
        rows = (table_data.header, *table_data.rows)
        shape = slide.shapes.add_table(len(rows), len(table_data.header), *box_emu(frame.box))
        table = shape.table
        for index, width in enumerate(frame.column_widths):
            table.columns[index].width = emu(width)
        colors = self.theme.colors
        for r, row in enumerate(rows):
            fill = (
                colors.table_header
                if r == 0
                else (colors.table_band if r % 2 == 0 else colors.background)
            )
            for c, cell_runs in enumerate(row):
                cell = table.cell(r, c)
                cell.fill.solid()
                cell.fill.fore_color.rgb = rgb(fill)
                cell.margin_left = cell.margin_right = emu(CELL_INSET[0])
                cell.margin_top = cell.margin_bottom = emu(CELL_INSET[1])
                paragraph = cell.text_frame.paragraphs[0]
                paragraph.alignment = ALIGN.get(table_data.align[c] or "", PP_ALIGN.LEFT)
                color = colors.table_header_text if r == 0 else colors.text
                self.add_runs(
                    paragraph, cell_runs, frame.size, self.theme.fonts.body.name, color, bold=r == 0
                )

    def draw_image(self, slide: PptxSlide, frame: ImageFrame) -> None:
        """Draw a picture with its alt text, or a placeholder naming what is missing."""
        image = frame.image
        if frame.picture is not None:
            picture = slide.shapes.add_picture(io.BytesIO(frame.picture.data), *box_emu(frame.box))
            picture.name = f"Picture: {image.alt}"[:80] if image.alt else "Picture"
            describe(picture, image.alt)
            return
        colors = self.theme.colors
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *box_emu(frame.box))
        shape.fill.solid()
        shape.fill.fore_color.rgb = rgb(colors.code_background)
        shape.line.color.rgb = rgb(colors.placeholder)
        shape.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        describe(shape, image.alt)
        drop_style(shape)
        text = prepare(shape.text_frame, (0.3, 0.2), MSO_ANCHOR.MIDDLE)
        lines = ("Image not available", image.alt or "(no description)", image.src)
        for index, line in enumerate(lines):
            paragraph = text.paragraphs[0] if index == 0 else text.add_paragraph()
            paragraph.alignment = PP_ALIGN.CENTER
            set_paragraph(paragraph, 0, 0.0, 0.0, 6.0 if index else 0.0, None, None)
            self.add_runs(
                paragraph,
                (Run(line),),
                16 if index < 2 else 11,
                self.theme.fonts.body.name,
                colors.muted,
                bold=index == 0,
            )

    def draw_bar(self, slide: PptxSlide, box: Box, color: str) -> Shape:
        """Draw a filled rectangle without an outline and return it."""
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *box_emu(box))
        shape.fill.solid()
        shape.fill.fore_color.rgb = rgb(color)
        shape.line.fill.background()
        drop_style(shape)
        return shape

    def draw_footer(self, slide: PptxSlide, number: int) -> None:
        """Draw the lesson's name and the slide number at the foot of a content slide."""
        sizes, colors, font = self.theme.sizes, self.theme.colors, self.theme.fonts.body.name
        left = slide.shapes.add_textbox(*box_emu(self.laid.footer_box))
        text = prepare(left.text_frame, (TEXT_INSET[0], 0.02), MSO_ANCHOR.MIDDLE)
        text.word_wrap = False
        self.add_runs(
            text.paragraphs[0], (Run(self.laid.footer),), sizes.footer, font, colors.muted
        )
        right = slide.shapes.add_textbox(*box_emu(self.laid.number_box))
        text = prepare(right.text_frame, (TEXT_INSET[0], 0.02), MSO_ANCHOR.MIDDLE)
        paragraph = text.paragraphs[0]
        paragraph.alignment = PP_ALIGN.RIGHT
        add_slide_number(
            paragraph, number, sizes.footer, font, colors.muted, self.laid.deck.language
        )

    def add_runs(
        self,
        paragraph: _Paragraph,
        runs: Runs,
        size: float,
        font: str,
        color: str,
        bold: bool = False,
    ) -> None:
        """Append ``runs`` to ``paragraph``, each with an explicit size, font and colour."""
        for item in runs:
            run = paragraph.add_run()
            run.text = item.text
            style = item.style
            run.font.size = Pt(size)
            run.font.name = self.theme.fonts.code.name if style.code else font
            run.font.bold = bold or style.bold
            run.font.italic = style.italic or None
            run.font.color.rgb = rgb(self.theme.colors.accent if style.link else color)
            properties = run._r.get_or_add_rPr()
            properties.set("lang", self.laid.deck.language)
            if style.strike:
                properties.set("strike", "sngStrike")
            if style.link:
                run.hyperlink.address = style.link

    def set_properties(self, created: datetime | None) -> None:
        """Set the deck's core properties from the lesson; dates only when ``created`` is given."""
        core = self.prs.core_properties
        core.title = self.laid.deck.title
        core.subject = self.laid.deck.subtitle
        core.author = ""
        core.last_modified_by = "lesson-exporter"
        core.revision = 1
        core.language = self.laid.deck.language
        if created is not None:
            core.created = core.modified = created.astimezone(UTC).replace(tzinfo=None)
            return
        element = core._element
        for name in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
            for child in element.findall(qn(name)):
                element.remove(child)


ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}


def rgb(color: str) -> RGBColor:
    """Return a theme colour for python-pptx."""
    value: RGBColor = RGBColor.from_string(color)
    return value


def box_emu(box: Box) -> tuple[Emu, Emu, Emu, Emu]:
    """Return a box as python-pptx's left, top, width and height."""
    return emu(box.x), emu(box.y), emu(box.w), emu(box.h)


def describe(shape: object, alt: str) -> None:
    """Set a shape's description: the alt text screen readers and PowerPoint show."""
    element = shape._element  # type: ignore[attr-defined]
    element.xpath("./*[1]/p:cNvPr")[0].set("descr", alt)


def drop_style(shape: object) -> None:
    """Remove an autoshape's theme style (its shadow and theme colours): we set every colour."""
    element = shape._element  # type: ignore[attr-defined]
    style = element.find(qn("p:style"))
    if style is not None:
        element.remove(style)


def place(shape: object, box: Box) -> None:
    """Move and size ``shape`` to ``box``."""
    shape.left, shape.top, shape.width, shape.height = box_emu(box)  # type: ignore[attr-defined]


def prepare(frame: PptxTextFrame, inset: tuple[float, float], anchor: MSO_ANCHOR) -> PptxTextFrame:
    """Empty a text frame and set its wrap, insets, anchor and autofit off."""
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = emu(inset[0])
    frame.margin_top = frame.margin_bottom = emu(inset[1])
    frame.vertical_anchor = anchor
    return frame


def set_paragraph(
    paragraph: _Paragraph,
    level: int,
    margin: float,
    indent: float,
    before: float,
    bullet: str | int | None,
    color: str | None,
) -> None:
    """Set a paragraph's properties in schema order.

    ``bullet`` is a character, an item number for an ordered list, or ``None`` for no bullet.
    """
    properties = paragraph._p.get_or_add_pPr()
    for child in list(properties):
        properties.remove(child)
    properties.set("marL", str(emu(margin)))
    properties.set("indent", str(emu(indent)))
    properties.set("lvl", str(level))
    spacing = etree.SubElement(properties, qn("a:lnSpc"))
    etree.SubElement(spacing, qn("a:spcPct"), val="100000")
    before_element = etree.SubElement(properties, qn("a:spcBef"))
    etree.SubElement(before_element, qn("a:spcPts"), val=str(round(before * 100)))
    append_bullet(properties, bullet, color)


def append_bullet(properties: etree._Element, bullet: str | int | None, color: str | None) -> None:
    """Append the bullet elements of a paragraph's properties."""
    if bullet is None:
        etree.SubElement(properties, qn("a:buNone"))
        return
    if color is not None:
        colour = etree.SubElement(properties, qn("a:buClr"))
        etree.SubElement(colour, qn("a:srgbClr"), val=color)
    if isinstance(bullet, int):
        etree.SubElement(properties, qn("a:buFont"), typeface="+mj-lt")
        etree.SubElement(properties, qn("a:buAutoNum"), type="arabicPeriod", startAt=str(bullet))
    else:
        etree.SubElement(properties, qn("a:buFont"), typeface="Arial")
        etree.SubElement(properties, qn("a:buChar"), char=bullet)


def set_list_style(frame: PptxTextFrame, theme: Theme) -> None:
    """Give a text box PowerPoint list levels, so that paragraphs typed later get bullets too."""
    body = frame._txBody
    style = body.find(qn("a:lstStyle"))
    if style is None:
        style = etree.SubElement(body, qn("a:lstStyle"))
        body.remove(style)
        body.insert(1, style)
    for child in list(style):
        style.remove(child)
    bullets = theme.bullets
    for level, char in enumerate(bullets.chars):
        margin = bullets.hanging + level * bullets.indent
        element = etree.SubElement(
            style,
            qn(f"a:lvl{level + 1}pPr"),
            marL=str(emu(margin)),
            indent=str(emu(-bullets.hanging)),
        )
        append_bullet(element, char, theme.colors.accent)


def add_slide_number(
    paragraph: _Paragraph, number: int, size: float, font: str, color: str, language: str
) -> None:
    """Append a slide-number field, which PowerPoint renumbers when slides move."""
    field = etree.SubElement(
        paragraph._p,
        qn("a:fld"),
        type="slidenum",
        id="{" + str(uuid.uuid5(uuid.NAMESPACE_OID, f"slidenum{number}")).upper() + "}",
    )
    properties = etree.SubElement(field, qn("a:rPr"), lang=language, sz=str(round(size * 100)))
    fill = etree.SubElement(properties, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=color)
    etree.SubElement(properties, qn("a:latin"), typeface=font)
    etree.SubElement(field, qn("a:t")).text = str(number)
    end = paragraph._p.find(qn("a:endParaRPr"))
    if end is not None:
        paragraph._p.remove(end)
        paragraph._p.append(end)


def widen_template(prs: PresentationType, width: Emu, height: Emu) -> None:
    """Make python-pptx's 4:3 template 16:9: the slide size and its master's and layouts' shapes."""
    scale = width / prs.slide_width
    prs.slide_width, prs.slide_height = width, height
    masters: Iterable[object] = [prs.slide_master, *prs.slide_layouts]
    for owner in masters:
        for shape in owner.shapes:  # type: ignore[attr-defined]
            if shape._element.find(f".//{qn('a:xfrm')}") is not None and shape.width is not None:
                shape.left = Emu(round(shape.left * scale))
                shape.width = Emu(round(shape.width * scale))
