"""write: ``LaidOutDeck`` → the handouts' HTML: whole slides arranged on paper, or the text alone.

PowerPoint's handout layouts: 1, 2, 3 (with ruled lines for notes beside each slide), 4, 6 or
9 slides a page; a slide and its speaker notes a page; or an outline of the lesson's text. Each
slide is drawn by ``HtmlWriter`` exactly as on the slide PDF, then scaled into its place; this
module decides only where whole slides go on the paper.

In the students' edition (``paper.Edition``) the deck is already without answers and notes
(``builder.editions``); this module adds a box to answer each question in, under its slide,
and prints the outline's questions as a question sheet: options with boxes to tick, a line for
the answer.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from string import Formatter

from exporter.codefold import Folder, line_rules
from exporter.fit.tables import Tables
from exporter.geometry import (
    ICON_GAP,
    LEAST_PPI,
    MAX_LEVEL,
    Box,
    Fold,
    LaidOutDeck,
    PlacedSlide,
    icon_box,
)
from exporter.lexing import Role
from exporter.measure import Measurer
from exporter.model import (
    TASK_BOXES,
    Block,
    Bullet,
    Code,
    Columns,
    Image,
    Layout,
    Paragraph,
    Run,
    Runs,
    Slide,
    Subheading,
    Table,
    View,
    Words,
    ends_in_colon,
    plain_text,
    stem_of,
)
from exporter.paper import HANDOUTS, OUTLINE, PAPERS, Edition, Paper, Sheet
from exporter.theme_checks import MIN_CONTRAST, contrast
from exporter.writers.document import SCHEME, Document
from exporter.writers.highlight import POINTS_PER_INCH, line_chars
from exporter.writers.html import HtmlWriter, title_of
from exporter.writers.htmltext import css_string, escape, inches, on_paper, placed_at
from exporter.writers.slidestyle import SLIDE_CSS


def titled_by_picture(slide: Slide) -> bool:
    """Return whether ``slide``'s title is its first picture's alt text, a page without a
    heading that opens with a picture (``builder.titles``): no heading of the author's."""
    first = slide.body[0] if slide.body else None
    return isinstance(first, Image) and plain_text(slide.title) == first.alt.strip()


def page_counter(words: Words, total: int | None = None) -> str:
    """Return the CSS content of a handout page's foot: ``"Page " counter(page) " of "
    counter(pages)`` in ``words``; the count of pages written out when ``total`` is given
    (a part of a long handout, laid out on its own, counts only its own pages)."""
    parts = []
    for text, name, _, _ in Formatter().parse(words.page):
        if text:
            parts.append(css_string(text))
        if name == "pages" and total is not None:
            parts.append(css_string(str(total)))
        elif name:
            parts.append(f"counter({name})")
    return " ".join(parts)


PAGE_MARGIN = (0.6, 0.8, 0.7)
"""A handout page's margins, in inches: left and right, top (with the header), bottom."""
CELL_GAP = 0.3
"""The space between slides on a handout page, in inches."""
LABEL_HEIGHT = 0.24
"""The room under each slide on a handout page for its number, in inches."""
RULE_PITCH = 0.32
"""The distance between the ruled lines for notes, in inches."""
RULE_WIDTH = 0.5
"""The ruled lines' width, in points."""
RULE_COLOR = "AAAAAA"
"""The ruled lines' colour."""
FRAME = 0.01
"""The width of the thin frame around each slide on a handout, in inches."""
SLIDE_SHARE = 0.5
"""How much of a row the slide takes on the 3-a-page handout; the ruled lines take the rest."""
NUMBER = re.compile(r"[-+\u2212]?[$€£¥]?\d[\d\s.,'\u00a0\u202f]*%?")
"""A table cell that is one number, its digits grouped by spaces or not (``1 204.5``,
``-4.2%``, ``€3,069.90``): the outline keeps it on one line."""
ZERO_WIDTH = "\u200b"
WORD_JOINER = "\u2060"
"""What an empty line of code in the outline holds, so that its line keeps its height."""
OUTLINE_SIZE = 11.0
"""The size of the outline's text, in points."""
OUTLINE_INDENT = 1.4
"""How far each level of a list is indented in the outline, and the least room its marks
take before their text, in ems of the outline's text."""
OUTLINE_MARK_GAP = 0.4
"""The least room, in ems, between a list's widest number or letter (``12.``) and its text."""
OUTLINE_CODE_SIZE = 9.5
"""The size of code in the outline, in points."""
OUTLINE_CODE_PAD = 0.5
"""The padding around code in the outline, in ems."""
OUTLINE_IMAGE_HEIGHT = 0.6
"""The most of a page's height an image takes in the outline: a tall one scaled to the text's
width would fill a page or more."""
OUTLINE_PORTRAIT_HEIGHT = 0.4
"""The most of a page's height a portrait picture takes in the outline (pictures taller than
wide, on a line of their own): at 60 % a phone's screen (300 by 600 pixels) left the step
introducing it half a page apart; a square diagram keeps 60 %, its words legible."""
OUTLINE_IMAGE_MIN = 1.5
"""The least height, in inches, images sharing a line of the outline are drawn at: more of
them go on to the next line."""
OUTLINE_IMAGE_GAP = 0.12
"""The room, in inches, between images on one line of the outline, and under each line."""
OUTLINE_CSS = (
    "@page:first{@top-left{content:none}@top-right{content:none}}"
    ".outline .figure{margin:0.6em 0;text-align:center;break-inside:avoid}"
    ".outline .figure img{display:inline-block;vertical-align:top;"
    f"margin:0 {OUTLINE_IMAGE_GAP / 2}in {OUTLINE_IMAGE_GAP}in}}"
    # An icon in its line, its middle about the middle of the line's capitals.
    ".outline img.icon{vertical-align:-0.18em}"
)
"""The outline's own style: its first page opens with the lesson's title and its section and
lesson, so its head leaves them out (they are printed once); images centred, never split.
(Apart from ``HANDOUT_CSS``, which the other layouts' documents hold, and so their files'
identifiers: a digest of the document.)"""
PAPER = "FFFFFF"
"""What handouts are printed on."""
PAPER_CODE = "F3F4F6"
"""The tint code is printed on in the outline when the theme draws code light on dark."""


def darkened(color: str, paper: str) -> str:
    """Return ``color``, or, when it is too faint on ``paper``, the lightest shade of it (its
    hue kept, its channels scaled down in steps of 1%) that reads there."""
    channels = [int(color[i : i + 2], 16) for i in (0, 2, 4)]
    shades = (
        "".join(f"{round(c * step / 100):02X}" for c in channels) for step in range(100, -1, -1)
    )
    return next(shade for shade in shades if contrast(shade, paper) >= MIN_CONTRAST)


ANSWER_BOX = (0.9, 0.17)
"""The width and height of the box a student answers a question in, under its slide, in
inches."""
ANSWER_GAP = 0.08
"""The space between the word "Answer" and its box, in inches."""
STUDENT_CSS = (
    ".answer{position:absolute;margin:0;padding-top:0.05in;text-align:right;font-size:8pt}"
    ".answer-box{position:absolute;box-sizing:border-box;border:0.75pt solid #444}"
    ".outline .choice{margin:0.3em 0 0.3em 1.4em;padding-left:3em;text-indent:-3em}"
    ".outline .pick{display:inline-block;width:3em;text-indent:0;white-space:nowrap}"
    ".outline .tick{display:inline-block;width:0.8em;height:0.8em;margin-right:0.5em;"
    "vertical-align:-0.1em;border:0.75pt solid #444}"
    ".outline .answer-line{margin:0.8em 0 0.4em 1.4em}"
    ".outline .answer-line .line{display:inline-block;width:45%;margin-left:0.5em;"
    "border-bottom:0.75pt solid #444;height:1em}"
    ".outline .sheet-question{break-inside:avoid}"
)
"""The students' edition's own style: answer boxes and the outline's question sheet (apart
from ``HANDOUT_CSS``, so that the teacher's documents stay as they were)."""


def render_handout(
    laid: LaidOutDeck,
    layout: str = "3",
    paper: str = "a4",
    created: datetime | None = None,
    edition: Edition = Edition.TEACHER,
    numbered: bool = True,
    pages: tuple[int, int] | None = None,
) -> Document:
    """Return the handout's document in ``layout`` (see ``paper.HANDOUTS``) on ``paper``, for
    ``edition`` (a students' handout is drawn from ``builder.editions.for_students``'s deck).
    Unless ``numbered``, its pages' feet are left empty: a lesson's part of the course book,
    whose page numbers run over the whole book, is numbered as the book is put together.
    ``pages``, for a part of a long handout (``writers.joined``), is the number of its first
    page and the count of the whole handout's pages."""
    sheet, size = HANDOUTS[layout], PAPERS[paper]
    side, top, bottom = PAGE_MARGIN
    area = Box(0.0, 0.0, size.width - 2 * side, size.height - top - bottom)
    writer = HandoutWriter(laid, area, edition)
    # The page rule names the lesson: a part of its own; the rest is the same for every
    # handout of this layout, edition and theme.
    css = STUDENT_CSS if writer.student else ""
    if sheet is not None:
        body = f'<main class="sheets">{writer.sheets(sheet, area)}</main>'
    elif layout == OUTLINE:
        css += OUTLINE_CSS
        body = f'<main class="outline">{writer.outline()}</main>'
    else:
        body = f'<main class="notes">{writer.notes_pages(area)}</main>'
    page = writer.handout_page_css(size, numbered, pages)
    return writer.document((page, css + HANDOUT_CSS + writer.paper_code_css()), body, created)


class HandoutWriter(HtmlWriter):
    """Draws a laid-out deck's slides arranged on handout pages."""

    text_size = OUTLINE_SIZE
    """The size, in points, of the text that flows on its pages (the outline's)."""
    code_size = OUTLINE_CODE_SIZE
    """The size, in points, of code flowing among that text."""

    def __init__(self, laid: LaidOutDeck, area: Box, edition: Edition = Edition.TEACHER) -> None:
        super().__init__(laid)
        self.area = area
        """The room on a page inside its margins."""
        self.student = edition is Edition.STUDENT
        """Whether the handout is the students' edition: no notes, a box for each answer."""
        self.rulings: dict[str, str] = {}
        """The address of the picture of each page's ruled lines (``rules``), by its path."""

    def handout_page_css(
        self, paper: Paper, numbered: bool = True, pages: tuple[int, int] | None = None
    ) -> str:
        """Return the handout's page rule: paper, margins, header and "Page N of M" (unless
        not ``numbered``); for a part of a long handout, numbered from ``pages``'s first page
        number of its count (its first page counts that many, where any other counts one)."""
        side, top, bottom = PAGE_MARGIN
        deck = self.laid.deck
        first, total = pages if pages is not None else (1, None)
        foot = page_counter(deck.words, total) if numbered else "none"
        start = "" if pages is None else f"@page:first{{counter-increment:page {first}}}"
        return start + (
            f"@page{{size:{paper.css};margin:{top}in {side}in {bottom}in;"
            f"@top-left{{content:{css_string(deck.title)}}}"
            f"@top-right{{content:{css_string(deck.subtitle)}}}"
            f"@bottom-center{{content:{foot}}}}}"
        )

    def paper_code_css(self, scope: str = ".outline") -> str:
        """Return the outline's (or the element of class ``scope``'s) code colours for
        paper: the slides' own when they are dark on light; else code on a light tint, in
        dark grey, each syntax colour darkened to a shade that reads there (a dark theme's
        code would print as blocks of ink)."""
        colors, syntax = self.theme.colors, self.theme.syntax
        if contrast(colors.code_text, PAPER) >= MIN_CONTRAST:
            return ""
        ink = on_paper(colors.code_text)
        shades = {} if syntax is None else {r: getattr(syntax, r.value) for r in Role}
        roles = "".join(
            f"{scope} .t-{role.value}{{color:#{darkened(shade, PAPER_CODE)}}}"
            for role, shade in shades.items()
        )
        return (
            f"html {scope} pre{{background:#{PAPER_CODE};color:#{ink}}}"
            f"{scope} .ic{{background:#{PAPER_CODE};color:#{ink}}}{roles}"
        )

    def thumbnail(self, placed: PlacedSlide, box: Box) -> str:
        """Return a slide scaled to the width of ``box``, framed, with its number below.

        The slide is laid out at full size, its foot on the foot of ``box``, and scaled from
        its bottom-left corner into ``box`` (laid out from the top, its full-size box would
        run past the page's foot and be split); its frame is drawn in its own units, so that
        scaled it is ``FRAME`` wide. The slide is its own thumbnail, placed and scaled by its
        own class: no box to place it and another to scale it for WeasyPrint to lay out (a
        3-a-page handout's render makes 5 % fewer calls)."""
        grid = self.theme.slide
        scale = box.w / grid.width
        height = grid.height * scale
        words = self.laid.deck.words
        bookmark = f"{placed.number}. {title_of(placed, words)}"
        label = Box(box.x, box.y + height, box.w, LABEL_HEIGHT)
        full = Box(box.x, box.y + height - grid.height, grid.width, grid.height)
        shrunk = (
            f"{placed_at(full)};transform:scale({scale:.6f});"
            f"outline:{inches(FRAME / scale)} solid #888"
        )
        thumb = self.css.styled("section", shrunk, scope="")
        return (
            f"{self.slide(placed, bookmark, f'thumb {thumb}')}"
            f'<p class="label muted {self.placed("p", label)}">'
            f"{escape(words.slide.format(number=placed.number))}</p>"
            f"{self.answer_box(placed, label)}"
        )

    def placed(self, tag: str, box: Box) -> str:
        """Return the class that puts a ``tag`` element of the page at ``box`` (``styled``):
        the same on every page for the same place, so that what it holds looks alike there."""
        return self.css.styled(tag, placed_at(box), scope="")

    def sheet_page(self, content: str) -> str:
        """Return one handout page of absolutely placed ``content`` filling the page's area."""
        size = f"width:{inches(self.area.w)};height:{inches(self.area.h)}"
        sheet = self.css.styled("section", size, scope="")
        return f'<section class="sheet {sheet}">{content}</section>'

    def answer_box(self, placed: PlacedSlide, label: Box) -> str:
        """Return, on a students' handout, the box to answer a question's slide in, at the
        right of its ``label`` row (on its last part only: the one its last options are on);
        else nothing."""
        if not self.student or placed.slide.question is None or placed.part != placed.parts:
            return ""
        words = self.laid.deck.words
        width, height = ANSWER_BOX
        box = Box(label.x + label.w - width, label.y + 0.04, width, height)
        text = Box(label.x, label.y, label.w - width - ANSWER_GAP, label.h)
        return (
            f'<p class="answer {self.placed("p", text)}">{escape(words.answer)}</p>'
            f'<div class="answer-box {self.placed("div", box)}"></div>'
        )

    def sheets(self, sheet: Sheet, area: Box) -> str:
        """Return the handout's pages, ``sheet.columns`` by ``sheet.rows`` slides each.

        Each slide is centred in its cell, as PowerPoint prints them; on the 3-a-page handout
        it sits at the left of its row with ruled lines beside it.
        """
        cell_w = (area.w - (sheet.columns - 1) * CELL_GAP) / sheet.columns
        cell_h = (area.h - (sheet.rows - 1) * CELL_GAP) / sheet.rows
        aspect = self.theme.slide.width / self.theme.slide.height
        room = cell_w * SLIDE_SHARE if sheet.lines else cell_w
        width = min(room, (cell_h - LABEL_HEIGHT) * aspect)
        height = width / aspect
        per_page = sheet.columns * sheet.rows
        pages = []
        for start in range(0, len(self.laid.slides), per_page):
            cells, ruled = [], []
            for index, placed in enumerate(self.laid.slides[start : start + per_page]):
                row, column = divmod(index, sheet.columns)
                x = column * (cell_w + CELL_GAP) + (0.0 if sheet.lines else (cell_w - width) / 2)
                y = row * (cell_h + CELL_GAP) + (cell_h - height - LABEL_HEIGHT) / 2
                cells.append(self.thumbnail(placed, Box(x, y, width, height)))
                if sheet.lines:
                    left = x + width + CELL_GAP
                    ruled.append(Box(left, y, area.w - left, height))
            pages.append(self.sheet_page("".join(cells) + self.rules(ruled, area)))
        return "".join(pages)

    def rules(self, boxes: list[Box], area: Box) -> str:
        """Return ruled lines for notes: down each of ``boxes``, one every ``RULE_PITCH`` below
        its top, as wide as the box; drawn together, as the background of one box over the
        page's ``area``: a picture (SVG) of every line of the page, a file of the document.

        One box and one picture a page, rather than a box for each line (a border): a
        3-a-page handout takes a tenth less time to lay out and draw. A background is drawn
        and never read: the lines are no part of the tagged PDF's content, as they are not of
        the handout's."""
        if not boxes:
            return ""
        lines = []
        for box in boxes:
            for number in range(1, max(1, math.floor(box.h / RULE_PITCH)) + 1):
                top = (box.y + number * RULE_PITCH) * POINTS_PER_INCH + RULE_WIDTH / 2
                lines.append(
                    f"M{box.x * POINTS_PER_INCH:.2f} {top:.2f}h{box.w * POINTS_PER_INCH:.2f}"
                )
        path = "".join(lines)
        address = self.rulings.get(path)
        if address is None:
            address = self.rulings[path] = f"{SCHEME}rules/{len(self.rulings) + 1}.svg"
            width, height = area.w * POINTS_PER_INCH, area.h * POINTS_PER_INCH
            picture = (
                f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.2f}pt" '
                f'height="{height:.2f}pt" viewBox="0 0 {width:.2f} {height:.2f}">'
                f'<path d="{path}" stroke="#{RULE_COLOR}" stroke-width="{RULE_WIDTH}"/></svg>'
            )
            self.files[address] = (picture.encode("ascii"), "image/svg+xml")
        drawn = self.css.styled("div", f"background-image:url({address})", scope="")
        return (
            f'<div class="rules {self.placed("div", replace(area, x=0.0, y=0.0))} {drawn}"></div>'
        )

    def notes_pages(self, area: Box) -> str:
        """Return one page per slide: the slide, then its speaker notes (or lines for them).

        Notes longer than the page's room go on over the next page.
        """
        grid = self.theme.slide
        width = area.w - 2 * FRAME  # the frame is drawn outside the slide
        height = width * grid.height / grid.width
        top = height + LABEL_HEIGHT + CELL_GAP
        frame = self.css.styled("div", f"height:{inches(top)}", scope="")
        pages = []
        for placed in self.laid.slides:
            thumb = self.thumbnail(placed, Box(FRAME, FRAME, width, height))
            notes = placed.slide.notes.strip() if placed.part == 1 and not self.student else ""
            if notes:
                paragraphs = notes_html(notes)
                pages.append(
                    f'<section class="note-page"><div class="frame {frame}">{thumb}</div>'
                    f'<div class="notes-text">{paragraphs}</div></section>'
                )
            else:
                rules = self.rules([Box(0.0, top, area.w, area.h - top - RULE_PITCH)], area)
                pages.append(self.sheet_page(thumb + rules))
        return "".join(pages)

    def outline(self) -> str:
        """Return the lesson's text as headed sections with its lists, for reading."""
        deck = self.laid.deck
        parts = [f"<h1>{escape(deck.title)}</h1>"]
        if deck.subtitle:
            parts.append(f'<p class="subtitle muted">{escape(deck.subtitle)}</p>')
        headed: set[str] = set()  # the topics given a heading (``Words.topic_of``)
        revealed = {slide.question for slide in deck.slides if slide.view is View.REVEAL}
        level = 2  # a topic's heading: h2, or h3 once a section header has headed a part
        for slide in deck.slides:
            if slide.layout is Layout.TITLE:
                continue
            if slide.layout is Layout.SECTION:
                parts.append(f'<h2 class="part">{self.flowed(slide.title)}</h2>')
                if slide.subtitle:
                    parts.append(f'<p class="subtitle muted">{self.flowed(slide.subtitle)}</p>')
                level = 3
                continue
            if slide.view is View.QUESTION and slide.question in revealed:
                continue  # its reveal slide asks it again, with the answer
            if slide.closing:
                level = 2  # the lesson's closing summary: under no part
            pictured = titled_by_picture(slide)
            topic = deck.words.topic_of(slide.title)
            own = []  # the slide's part of the outline
            if topic not in headed:
                if not pictured:
                    own.append(f"<h{level}>{self.flowed(slide.title)}</h{level}>")
                headed.add(topic)
            if self.student and slide.question is not None:
                own.append(self.question_sheet(slide, level + 1))
            else:
                blocks = list(self.flowing(slide.body, level + 1))
                if pictured:  # its alt text under it, as a caption rather than a heading
                    caption = f'<p class="figure muted">{self.flowed(slide.title)}</p>'
                    blocks.insert(1, caption)
                own.extend(blocks)
            if slide.question is not None and not self.student:  # a question kept whole
                own = ['<div class="asked">', *own, "</div>"]
            parts.extend(own)
        return "".join(parts)

    def question_sheet(self, slide: Slide, level: int) -> str:
        """Return a question for students to answer on paper: what asks it (its paragraphs
        and the code, table or picture it asks about, as its slide shows them), each option
        with a box to tick, and a line for the answer."""
        question = slide.question
        assert question is not None
        asked = "".join(self.flowing(stem_of(slide.body), level))
        choices = "".join(
            f'<p class="choice"><span class="pick"><span class="tick"></span>'
            f"<strong>{escape(option.letter)})</strong></span>{self.flowed(option.runs)}</p>"
            for option in question.options
        )
        answer = escape(self.laid.deck.words.answer)
        return (
            f'<div class="sheet-question">{asked or f"<p>{self.flowed(question.prompt)}</p>"}'
            f'{choices}<p class="answer-line">{answer}:<span class="line"></span></p></div>'
        )

    def flowed(self, runs: Runs) -> str:
        """Return the HTML of ``runs`` in the outline's text, which WeasyPrint wraps: each
        word of inline code it could break inside held whole (``HtmlWriter.runs``)."""
        return self.runs(runs, held=True)

    def flowing(self, blocks: Iterable[Block], level: int = 3) -> Iterator[str]:
        """Yield blocks as flowing HTML, for the outline, their subheadings at ``level``; a
        comparison's column headings under the subheading before them, if any (``For RDS``
        heads ``AWS Responsibilities`` and ``Customer Responsibilities``)."""
        under = level  # the level of a comparison's column headings
        run: list[Image] = []  # images written one after another, drawn on shared lines
        for block in blocks:
            if isinstance(block, Image) and (not run or run[-1].inline == block.inline):
                run.append(block)
                continue
            if run:
                yield self.flowing_images(run)
                run = []
            if isinstance(block, Image):  # pictures of their own after a sentence's icons
                run.append(block)
                continue
            if isinstance(block, Bullet):
                hang = self.hanging
                style = f"margin-left:{hang + OUTLINE_INDENT * block.level:.1f}em"
                mark = ""
                if hang > OUTLINE_INDENT:  # wider than the style sheet's, for every item
                    style += f";text-indent:-{hang:.1f}em"
                    mark = f' style="width:{hang:.1f}em"'
                kind = "item leads" if ends_in_colon(block.runs) else "item"
                yield (
                    f'<p class="{kind}" style="{style}"><span class="mark"{mark}>'
                    f"{escape(self.outline_mark(block))}</span>{self.icons(block.icons)}"
                    f"{self.flowed(block.runs)}</p>"
                )
            elif isinstance(block, Paragraph):
                margin = self.nested(block.level)
                style = f' style="margin-left:{margin:.1f}em"' if block.level else ""
                kind = ' class="leads"' if ends_in_colon(block.runs) else ""
                yield f"<p{kind}{style}>{self.icons(block.icons)}{self.flowed(block.runs)}</p>"
            elif isinstance(block, Subheading):
                depth = min(level + 1, 6) if block.minor else level  # under another, a level down
                yield f"<h{depth}>{self.flowed(block.runs)}</h{depth}>"
                under = min(depth + 1, 6)
            elif isinstance(block, Code):
                # Inside a list item, under the item's text, as on the slides.
                margin = self.nested(block.level) * self.text_size  # in points
                pad = 2 * OUTLINE_CODE_PAD * self.code_size
                width = self.area.w - (margin + pad) / POINTS_PER_INCH
                text = block.text.expandtabs(4)
                lines = self.outline_code(text, block.language, width)
                style = f' style="margin-left:{margin:.1f}pt"' if block.level else ""
                yield f'<pre class="c"{style}>{lines}</pre>'
            elif isinstance(block, Table):
                # Too wide for the page: its first column and some of the others at a time,
                # as on the slides (``Tables.grouped``), rather than past the page's edge.
                for table in self.tables.grouped(block, self.text_size, self.area.w):
                    yield self.flowing_table(table)
            elif isinstance(block, Columns):
                for column in (block.left, block.right):
                    if column.heading:
                        icons = self.icons(column.icons)
                        yield f"<h{under}>{icons}{self.flowed(column.heading)}</h{under}>"
                    yield from self.flowing(column.blocks, min(under + 1, 6))
        if run:
            yield self.flowing_images(run)

    def outline_mark(self, item: Bullet) -> str:
        """Return what marks a list item, as on the slides: its level's bullet character, its
        number (``12.``) or, a quiz option, its letter (``B)``)."""
        if item.check is not None:
            return TASK_BOXES[item.check]
        if item.letter is not None:
            return f"{item.letter})"
        if item.number is not None:
            return f"{item.number}."
        chars = self.theme.bullets.chars
        return chars[min(item.level, MAX_LEVEL) % len(chars)]

    @functools.cached_property
    def hanging(self) -> float:
        """Return the room, in ems, that list marks take before their text in the outline:
        ``OUTLINE_INDENT``, or more where the lesson's widest number or letter and
        ``OUTLINE_MARK_GAP`` need it (``10.``, which touched its text), as the slides widen
        theirs (``fit.heights``); one for the whole outline, so that a list going on over
        slides stays in line."""
        labels = (
            self.outline_mark(block)
            for block in blocks_of(self.laid.deck.slides)
            if isinstance(block, Bullet) and (block.number, block.letter) != (None, None)
        )
        measure = self.tables.measure
        widest = max((measure.natural((Run(label),)) for label in labels), default=0.0)
        return max(OUTLINE_INDENT, math.ceil((widest + OUTLINE_MARK_GAP) * 10) / 10)

    def nested(self, level: int) -> float:
        """Return, in ems, how far a paragraph or code inside a list item at ``level`` (1 for
        an item at the top) is indented in the outline: under the item's text."""
        return self.hanging + OUTLINE_INDENT * (level - 1) if level > 0 else 0.0

    def icons(self, icons: Sequence[Image]) -> str:
        """Return the icons a paragraph starts with, for the outline: in its line, as high as
        on the slides for the text's size (``geometry.icon_box``); one that could not be had
        named by its alt text."""
        drawn = []
        for icon in icons:
            picture = self.pictures.get(icon)
            if picture is None:
                drawn.append(f'<span class="muted">[{escape(icon.alt or icon.src)}]</span> ')
                continue
            # At 72 pt an em is an inch: the box in ems.
            width, height = icon_box(picture.width / picture.height, POINTS_PER_INCH)
            style = f"width:{width:.3f}em;height:{height:.3f}em;margin-right:{ICON_GAP}em"
            source = self.picture(picture)
            drawn.append(
                f'<img class="icon" src="{source}" alt="{escape(icon.alt)}" style="{style}"/>'
            )
        return "".join(drawn)

    def flowing_images(self, images: Sequence[Image]) -> str:
        """Return images written one after another for the outline, on lines of their own
        that they share where they fit side by side: one height for all, as much as lets
        them fill the text's width together, between ``OUTLINE_IMAGE_MIN`` and
        ``OUTLINE_IMAGE_HEIGHT`` of a page (``OUTLINE_PORTRAIT_HEIGHT`` for portrait
        pictures; a lone image as wide as the text, as tall as that
        at most); a small picture no larger than ``LEAST_PPI`` allows; one that could not be
        had named by its alt text."""
        shown = [(image, self.pictures.get(image)) for image in images]
        aspects = [p.width / p.height for _, p in shown if p is not None]
        gaps = OUTLINE_IMAGE_GAP * len(aspects)  # each image's margins
        portrait = all(p is not None and p.height > p.width for _, p in shown)
        tallest = self.tallest_picture(portrait)
        height = min(tallest, max(OUTLINE_IMAGE_MIN, (self.area.w - gaps) / sum(aspects or [1])))
        drawn = []
        for image, picture in shown:
            if picture is None:
                alt = escape(image.alt or image.src)
                drawn.append(f'<span class="muted">[Image: {alt}]</span>')
                continue
            aspect = picture.width / picture.height
            width = min(self.area.w - OUTLINE_IMAGE_GAP, height * aspect, picture.width / LEAST_PPI)
            style = f"width:{inches(width)};height:{inches(width / aspect)}"
            source = self.picture(picture)
            drawn.append(f'<img src="{source}" alt="{escape(image.alt)}" style="{style}"/>')
        return f'<p class="figure">{"".join(drawn)}</p>'

    def tallest_picture(self, portrait: bool) -> float:
        """Return the most height, in inches, pictures on a line of the flowing text take:
        ``OUTLINE_IMAGE_HEIGHT`` of a page, ``OUTLINE_PORTRAIT_HEIGHT`` for ``portrait``
        ones."""
        return self.area.h * (OUTLINE_PORTRAIT_HEIGHT if portrait else OUTLINE_IMAGE_HEIGHT)

    def outline_code(self, text: str, language: str | None, width: float) -> str:
        """Return a code block's lines (``text``, its tabs expanded) for the flowing text
        ``width`` inches wide: each line a block kept whole on a page, a line too wide for
        the page broken where the fit breaks it (``code_folds``), its parts in that block."""
        folds = self.code_folds(text, language, width)
        html = iter(
            self.highlighted(text, language, width, self.code_size, None, folds).split("\n")
        )
        most = line_chars(self.theme, width, self.code_size)
        drawn = []
        for line, fold in zip(text.split("\n"), folds or itertools.repeat(None), strict=False):
            if fold is None:
                drawn.append(code_line(next(html), line, most))
            else:  # its parts fit the page, each at its indentation and lead
                parts = "\n".join(next(html) for _ in range(fold.lines))
                drawn.append(f'<span class="ln">{parts}</span>')
        return "".join(drawn)

    def code_folds(self, text: str, language: str | None, width: float) -> tuple[Fold | None, ...]:
        """Return where each line of a code block breaks in the flowing text's ``width``
        inches at the code's size, as on the slides (``codefold``): at a space, a shell
        command continued with `` \\``, so that WeasyPrint never breaks one after a hyphen."""
        measure = self.tables.measure
        lines = text.split("\n")
        size = self.code_size
        if all(measure.count_code_line(line, size, width) <= 1 for line in lines):
            return ()
        rules = line_rules(text, language)
        return tuple(
            self.folder.fold(line, size, width, rule)
            if measure.count_code_line(line, size, width) > 1
            else None
            for line, rule in zip(lines, rules, strict=True)
        )

    @functools.cached_property
    def folder(self) -> Folder:
        """Breaks the flowing text's lines of code too wide for its page."""
        return Folder(self.tables.measure)

    @functools.cached_property
    def tables(self) -> Tables:
        """Measures the outline's tables in the theme's fonts."""
        return Tables(Measurer(self.theme))

    def flowing_table(self, table: Table) -> str:
        """Return a table for the outline, each column aligned as written (``---:``), a cell
        that is one number (``1 204.5``, ``+17.2 %``) kept on one line."""
        aligned = [f"text-align:{align};" if align else "" for align in table.align]

        def cell_html(tag: str, cell: Runs, style: str) -> str:
            if NUMBER.fullmatch(plain_text(cell).strip()):
                style += "white-space:nowrap;"
            attribute = f' style="{style}"' if style else ""
            return f"<{tag}{attribute}>{self.runs(cell)}</{tag}>"

        header = "".join(
            cell_html("th", cell, style) for cell, style in zip(table.header, aligned, strict=True)
        )
        rows = "".join(
            "<tr>"
            + "".join(
                cell_html("td", cell, style) for cell, style in zip(row, aligned, strict=True)
            )
            + "</tr>"
            for row in table.rows
        )
        return (
            f'<table class="flowing"><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>'
        )


HANDOUT_CSS = SLIDE_CSS + (
    "@page{font-size:9pt}"
    # The section and lesson on one line at the right; a long title wraps beside them.
    "@page{@top-left{color:#555;font-size:9pt}"
    "@top-right{color:#555;font-size:9pt;white-space:nowrap}"
    "@bottom-center{color:#555;font-size:9pt}}"
    ".sheet{position:relative}.sheet+.sheet,.note-page+.sheet,.sheet+.note-page,"
    ".note-page+.note-page{break-before:page}"
    ".thumb{position:absolute;transform-origin:0 100%;"
    "bookmark-level:1;bookmark-label:attr(data-bookmark)}"
    ".thumb.in-part{bookmark-level:2}"
    ".label{position:absolute;margin:0;padding-top:0.05in;font-size:8pt}"
    ".rules{position:absolute;background-repeat:no-repeat}"
    ".frame{position:relative}"
    ".notes-text{font-size:12pt;line-height:1.4}"
    ".notes-text p{margin:0 0 0.6em}"
    f".outline{{font-size:{OUTLINE_SIZE:g}pt;line-height:1.35}}"
    ".outline h1{font-size:20pt;margin:0 0 0.2em;bookmark-level:none}"
    ".outline .subtitle{margin:0 0 1em}"
    ".outline h2{font-size:14pt;margin:1.2em 0 0.3em;break-after:avoid;bookmark-level:1}"
    ".outline h3{font-size:11.5pt;margin:0.8em 0 0.2em;break-after:avoid;bookmark-level:2}"
    # A section header's part: its topics are h3 and their subheadings h4 under it.
    ".outline h2.part{font-size:16pt;margin-top:1.6em}"
    ".outline h4{font-size:11pt;margin:0.6em 0 0.2em;break-after:avoid;bookmark-level:3}"
    ".outline h5,.outline h6{font-size:11pt;font-style:italic;margin:0.5em 0 0.2em;"
    "break-after:avoid;bookmark-level:4}"
    ".outline .asked{break-inside:avoid}"
    ".outline .leads{break-after:avoid}"
    ".outline p{margin:0.25em 0}"
    f".outline .item{{text-indent:-{OUTLINE_INDENT}em}}"
    f".outline .item .mark{{display:inline-block;width:{OUTLINE_INDENT}em;text-indent:0}}"
    # Two lines or more of a block at the foot and the head of a page, as orphans and
    # widows keep them in a paragraph. A block of one line stays with what comes before it
    # (its line's break-before is the block's), not with what follows: a first child's
    # break-after is its block's too, and held a one-line command to the step after it (and
    # that step to its picture), half a page early.
    ".outline pre .ln{display:block;break-inside:avoid}"
    ".outline pre .ln:first-child:not(:last-child){break-after:avoid}"
    ".outline pre .ln:last-child{break-before:avoid}"
    f".outline pre{{white-space:pre-wrap;font-size:{OUTLINE_CODE_SIZE}pt;background:#f3f4f6;"
    f"padding:{OUTLINE_CODE_PAD}em;"
    "overflow-wrap:anywhere}"
    ".outline table{border-collapse:collapse;margin:0.5em 0}"
    ".outline th,.outline td{border:0.5pt solid #999;padding:0.2em 0.4em;vertical-align:top}"
    # Long inline code in a cell (an image's address, a command) may break anywhere rather
    # than push the table past the page's edge, as a code block's lines do (``long_code``).
    ".outline th .long,.outline td .long{overflow-wrap:anywhere}"
    # A word of inline code stays whole, as on the slides (``htmltext.held_word``); not in a
    # table's cell, which it must not push past the page's edge (``HtmlWriter.runs``).
    ".outline .nw{white-space:nowrap}"
    # A row stays whole on a page (a table across pages repeats its head row).
    ".outline tr{break-inside:avoid}"
)


TAG_OR_SPACES = re.compile(r"(<[^>]*>)|( +)|([^< ])")
"""A tag, a run of spaces or another character of a line of highlighted HTML."""


def code_line(html: str, plain: str, most: int) -> str:
    """Return a line of highlighted code for the outline (``html``, of the text ``plain``;
    ``most``, the characters a line of the page holds), wrapped, where it is longer than
    the page is wide, as an editor wraps it: not right after its indentation (a blank line,
    then the line at the left edge: a word joiner after the spaces holds them to the text),
    but inside its text, each line after the first starting under its first character. Its
    spaces stay spaces, and the word joiner is not in the PDF's text, for the code to be
    copied as written. A first word too long for the rest of the line is not held (held, it
    would run past the page's edge rather than break)."""
    if not html:
        return f'<span class="ln">{ZERO_WIDTH}</span>'
    indent = len(plain) - len(plain.lstrip(" "))
    if not indent:
        return f'<span class="ln">{html}</span>'
    hanging = f"padding-left:{indent}ch;text-indent:-{indent}ch"
    first = plain.split()[0] if plain.split() else ""
    if indent + len(first) > most:
        return f'<span class="ln" style="{hanging}">{html}</span>'
    kept: list[str] = []
    after = 0  # where the indentation ends in ``kept``: the joiner goes there
    leading = True
    for tag, spaces, other in TAG_OR_SPACES.findall(html):
        kept.append(tag or spaces or other)
        if spaces and leading:
            after = len(kept)
        leading = leading and not other
    kept.insert(after, WORD_JOINER)
    return f'<span class="ln" style="{hanging}">{"".join(kept)}</span>'


def blocks_of(slides: Iterable[Slide]) -> Iterator[Block]:
    """Yield every block of ``slides``, those in their comparisons' columns too."""
    for slide in slides:
        for block in slide.body:
            yield block
            if isinstance(block, Columns):
                yield from (*block.left.blocks, *block.right.blocks)


def notes_html(notes: str) -> str:
    """Return speaker ``notes`` as HTML paragraphs: one a blank-line-separated part, each line
    of a part on a line of its own, as the deck's notes page shows them (a paragraph a line)."""
    parts = (
        [" ".join(line.split()) for line in part.split("\n") if line.strip()]
        for part in notes.split("\n\n")
    )
    return "".join(
        f"<p>{'<br/>'.join(escape(line) for line in lines)}</p>" for lines in parts if lines
    )
