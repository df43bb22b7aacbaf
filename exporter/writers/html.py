"""write: ``LaidOutDeck`` → HTML for the slide PDF and the handouts (no WeasyPrint here).

Every slide is drawn from the fitted layout, as the PPTX is: each box absolutely positioned
where the fit stage put it, each run at the size it chose, with the same font files the fit
measured. Nothing here decides a slide's layout; the handouts only arrange whole slides on
paper. Every piece of lesson text is escaped (``htmltext.escape``): raw HTML in a lesson is
shown, never interpreted. The CSS is ``slidestyle``'s, the document and its files
``document``'s.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from datetime import datetime

from exporter import __version__
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
    TEXT_INSET,
    Box,
    CodeFrame,
    Fold,
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
    date_line,
    icon_box,
    indent_of,
    number_words,
    pictured_frames,
    right_inset,
    role_of,
    size_of,
    slack_inset,
    space_before,
    title_band,
)
from exporter.model import (
    TASK_BOXES,
    Bullet,
    Code,
    Image,
    Layout,
    Run,
    Runs,
    Script,
    Subheading,
    Tone,
    Words,
    label_text,
)
from exporter.resources import Picture
from exporter.template.backdrop import Art, Backdrop, backdrop_html
from exporter.theme import Fonts, Theme, on_layout
from exporter.writers.document import MIME_TYPES, SCHEME, Document, font_faces
from exporter.writers.highlight import POINTS_PER_INCH, folded, highlight, line_chars
from exporter.writers.htmltext import (
    HELD_WORD,
    aligned,
    css_string,
    escape,
    held_word,
    inches,
    inset,
    long_code,
    placed_at,
    slide_text,
    spaced,
    token_html,
    unslashed,
)
from exporter.writers.slidestyle import SLIDE_PAGES_CSS, SlideStyles

LINK_SCHEMES = ("http:", "https:", "mailto:", "ftp:")
"""Links a PDF keeps clickable; relative links have nothing to point at in a PDF."""


def render_slides(laid: LaidOutDeck, created: datetime | None = None) -> Document:
    """Return the slide PDF's document: one 16:9 page per slide."""
    writer = HtmlWriter(laid)
    grid = laid.theme.slide
    page = f"@page{{size:{grid.width:.4f}in {grid.height:.4f}in;margin:0}}"
    slides = "".join(
        writer.slide(placed, bookmark=f"{placed.number}. {title_of(placed, laid.deck.words)}")
        for placed in laid.slides
    )
    return writer.document(
        (page + SLIDE_PAGES_CSS,), f'<main class="slides">{slides}</main>', created
    )


def slacked(box: Box) -> Box:
    """Return a title's or subtitle's ``box`` whose lines hold icons, narrowed by what
    ``geometry.slack_inset`` adds to its right inset, so that it wraps where the fit did."""
    return replace(box, w=box.w - (slack_inset(box.w, TEXT_INSET[0]) - TEXT_INSET[0]))


def title_of(placed: PlacedSlide, words: Words) -> str:
    """Return a slide's title as plain text, for bookmarks and labels (``Slide 3`` in
    ``words`` when it has none)."""
    title = " ".join(label_text(placed.slide.title).split())
    return title or words.slide.format(number=placed.number)


class HtmlWriter:
    """Draws one laid-out deck's slides (and handouts) as HTML."""

    def __init__(self, laid: LaidOutDeck) -> None:
        self.laid = laid
        self.theme: Theme = laid.theme
        self.parted = laid.first_section
        """The number of the deck's first section header: the slides after it are bookmarked
        under the header before them (``in-part``), in a part of a long lesson's PDF too."""
        self.files: dict[str, tuple[bytes, str]] = {}
        self.images: dict[int, str] = {}
        self.backdrop_images: dict[bytes, str] = {}
        self.colors = self.theme.colors
        """The colours of the slide being drawn (a template's layout may map its own)."""
        self.css = SlideStyles(laid)
        """The deck's style sheets, and the class each element is given (``SlideStyles.styled``)."""
        self.fonts: Fonts = self.theme.fonts
        """The fonts of the slide being drawn: its layout's (``theme.on_layout``)."""
        frames = [
            frame
            for placed in laid.slides
            for frame in pictured_frames(placed)
            if frame.picture is not None
        ]
        self.pictures = {f.image: f.picture for f in frames if not f.faded}
        """The picture each image of the lesson shows, where it could be had."""
        self.faded = {f.image: f.picture for f in frames if f.faded}
        """The picture each icon among muted words shows, greyed (``ImageFrame.faded``)."""

    def document(self, styles: tuple[str, ...], body: str, created: datetime | None) -> Document:
        """Return a whole HTML document: metadata and ``body``, styled by the fonts, the
        theme's colours and then ``styles`` (see ``Document.styles``)."""
        deck = self.laid.deck
        meta = [
            '<meta charset="utf-8"/>',
            f"<title>{escape(deck.title)}</title>",
            f'<meta name="generator" content="lesson-exporter {__version__}"/>',
        ]
        if deck.subtitle:
            meta.append(f'<meta name="description" content="{escape(deck.subtitle)}"/>')
        if created is not None:
            stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
            meta.append(f'<meta name="dcterms.created" content="{stamp}"/>')
            meta.append(f'<meta name="dcterms.modified" content="{stamp}"/>')
        shared = font_faces(self.theme, self.files) + self.css.base_css()
        styles = (*styles, self.css.classes_css())
        head = "".join(meta)
        language = escape(deck.language)
        text = (
            f'<!DOCTYPE html><html lang="{language}"><head>{head}</head><body>{body}</body></html>'
        )
        return Document(text, dict(self.files), (shared, *(css for css in styles if css)))

    def highlighted(
        self,
        text: str,
        info: str | None,
        width: float,
        size: float,
        code: Code | None = None,
        folds: tuple[Fold | None, ...] = (),
    ) -> str:
        """Return a code block's text as HTML, its tokens in spans of their roles' classes
        (``width`` is the box's inner width in inches, ``size`` the code's in points; ``code``,
        the block, where ``text`` may be a part of one divided over slides), each line
        broken where the fit breaks it (``folds``, see ``codefold``)."""
        if self.theme.syntax is None:
            info = None
        most = line_chars(self.theme, width, size)
        whole, first = (None, 0) if code is None else (code.whole, code.first)
        lines = highlight(text, info, most, whole, first)
        if folds:
            lines = tuple(
                drawn
                for line, fold in zip(lines, folds, strict=True)
                for drawn in folded(line, fold)
            )
        return "\n".join(
            "".join(spaced(escape(unslashed(span.text)), token_html(span.role)) for span in line)
            for line in lines
        )

    # Slides -----------------------------------------------------------------------------

    def slide(self, placed: PlacedSlide, bookmark: str = "", classes: str = "") -> str:
        """Return one slide as a 16:9 box (with ``classes`` besides its own)."""
        grid = self.theme.slide
        school = self.theme.template
        role = role_of(placed)
        self.colors = self.theme.colors if school is None else school.colors(role)
        self.fonts = on_layout(self.theme, role).fonts
        parts = [self.title(placed)]
        bar = school.title_bar(role) if school is not None else None
        if bar is not None:  # the title placeholder's own fill, behind the title
            style = f"{placed_at(placed.title)};background:#{bar}"
            parts.insert(0, f'<div class="box {self.css.styled("div", style)}"></div>')
        if school is not None:  # what the template draws behind the content, first
            parts.insert(0, self.slide_backdrop_html(school.backdrop(role)))
        band = title_band(self.theme) if placed.slide.layout is Layout.TITLE else None
        if band is not None:
            style = f"{placed_at(band)};background:#{self.theme.title_slide.band}"
            parts.insert(0, f'<div class="box {self.css.styled("div", style)}"></div>')
        if placed.rule is not None:
            style = f"{placed_at(placed.rule)};background:#{self.colors.accent}"
            parts.append(f'<div class="box {self.css.styled("div", style)}"></div>')
        parts.extend(self.frame(frame) for frame in placed.frames)
        if placed.slide.layout is not Layout.TITLE:
            parts.append(self.footer(placed.number))
        mark = f' data-bookmark="{escape(bookmark)}"' if bookmark else ""
        size = f"width:{inches(grid.width)};height:{inches(grid.height)}"
        if self.colors != self.theme.colors:  # a layout of the template's own colours
            size += f";background:#{self.colors.background};color:#{self.colors.text}"
            classes = f"{self.css.ink_class(self.colors)} {classes}".rstrip()
        if self.fonts != self.theme.fonts:  # a layout of the template's own fonts
            classes = f"{self.css.face_class(self.fonts)} {classes}".rstrip()
        parted = self.parted is not None and placed.number > self.parted
        own = placed.slide.layout is not Layout.SECTION and not placed.slide.closing
        if parted and bookmark and own:
            classes += " in-part"  # its bookmark under its part's
        names = f"slide {self.css.styled('section', size, scope='')} {classes}".rstrip()
        return f'<section class="{names}"{mark}>{"".join(parts)}</section>'

    def slide_backdrop_html(self, backdrop: Backdrop) -> str:
        """Return what a template draws behind a slide's content, to put first in the slide's
        section: its pictures served as the document's files, its text in the theme's fonts."""
        return backdrop_html(backdrop, self.backdrop_picture, self.backdrop_family)

    def backdrop_picture(self, art: Art) -> str:
        """Return the address a backdrop's picture is served at, registering it once."""
        address = self.backdrop_images.get(art.data)
        if address is None:
            extension = art.media_type.rsplit("/", 1)[-1]
            address = f"{SCHEME}template/{len(self.backdrop_images) + 1}.{extension}"
            self.files[address] = (art.data, art.media_type)
            self.backdrop_images[art.data] = address
        return address

    def backdrop_family(self, typeface: str) -> str:
        """Return the CSS family that draws a backdrop's typeface: that of the slide's font or
        the deck's of that name (the heading's, the code's), else the deck's body's."""
        for fonts in (self.fonts, self.theme.fonts):
            for font in (fonts.heading, fonts.code, fonts.body):
                if font.name == typeface:
                    return f"lx-{font.file}"
        return self.css.families["body"]

    def text_box(self, box: Box, pad: tuple[float, float], content: str) -> str:
        """Return a box with its inner margin whose content sits at its top."""
        return self.anchored(box, pad, "top", "", content)

    def anchored(
        self,
        box: Box,
        pad: tuple[float, float],
        anchor: str,
        style: str,
        content: str,
        attributes: str = "",
    ) -> str:
        """Return a box with its inner margin whose content sits at its top, middle or bottom.

        Content in the middle or at the foot is placed as PowerPoint anchors a text box's: its
        middle at the middle of the box (its foot placed there, then moved down by half its
        own height: placed by its top, text taller than the room below the middle of a box at
        the slide's foot ran past the page, and WeasyPrint carried its last line over to the
        next page, as it does a page's overflow), or its foot on the box's inner margin. Its
        sides on the inner margin give it its width, so that WeasyPrint does not measure its
        words to shrink it to fit them. (A one-cell CSS table centred it before: a table, row
        and cell for WeasyPrint to lay out, 8 % more of a lesson's PDFs' time.) One paragraph
        in a box that draws nothing of its own (a title, the footer) is placed alone
        (``lone_line``)."""
        shape = self.css.styled("div", f"{placed_at(box)};{inset(pad)}{style}")
        if anchor == "top":
            return f'<div class="box {shape}"{attributes}>{content}</div>'
        side = inches(pad[0])
        where = "bottom:50%" if anchor == "middle" else f"bottom:{inches(pad[1])}"
        at = self.css.styled("div", f"left:{side};right:{side};{where}")
        return (
            f'<div class="box {shape}"{attributes}><div class="at {anchor} {at}">{content}</div>'
            "</div>"
        )

    def title(self, placed: PlacedSlide) -> str:
        """Return the title (and, on the title slide or a section header, the subtitle)."""
        colors, align = self.colors, self.theme.align
        title_slide = placed.subtitle is not None
        headline, below = align.of_headline(placed.slide.layout is Layout.SECTION)
        where = headline if title_slide else align.title
        style = f"color:#{colors.title}{aligned(where)};font-weight:700"
        anchor = placed.title_anchor
        runs = self.runs(placed.drawn_title)
        box = slacked(placed.title) if placed.title_icons else placed.title
        parts = [self.lone_line(box, TEXT_INSET, anchor, placed.title_size, style, runs)]
        if placed.subtitle is not None and placed.slide.subtitle:
            style = f"color:#{colors.muted}{aligned(below)}"
            line = self.line(placed.slide.subtitle, placed.subtitle_size, "body", style)
            box = slacked(placed.subtitle) if placed.title_icons else placed.subtitle
            parts.append(self.text_box(box, TEXT_INSET, line))
        return "".join(parts)

    def line(
        self, runs: Runs, size: float, role: str, style: str = "", *, bold: bool = False
    ) -> str:
        """Return one paragraph of ``runs`` at ``size`` in a font role."""
        weight = ";font-weight:700" if bold else ""
        shape = self.css.styled("p", f"font-size:{size}pt{weight};{style}")
        return f'<p class="{role} {shape}">{self.runs(runs)}</p>'

    def lone_line(
        self,
        box: Box,
        pad: tuple[float, float],
        anchor: str,
        size: float,
        style: str,
        content: str,
        role: str = "heading",
    ) -> str:
        """Return a paragraph of ``content`` at ``size`` in a font role (``heading``, else the
        body's, ``muted``), placed as ``anchored`` places what a box that draws nothing of its
        own holds at its top, middle or foot, with nothing around it: a title, the footer.

        The paragraph's own box is placed, rather than a box holding it: an element fewer for
        WeasyPrint to lay out, three on most slides (a slide PDF's render makes 4 % fewer
        calls). So the baseline's shift (``SlideStyles.shift_of``), which ``.slide p`` gives a
        paragraph in a box as an offset in ems, is added to its place here, in inches."""
        left, width = inches(box.x + pad[0]), inches(box.w - 2 * pad[0])
        fonts = self.theme.fonts if role == "muted" else self.fonts  # the footer: the deck's
        font = fonts.heading if role == "heading" else fonts.body
        shift = self.css.shift_of(font.file) * size / POINTS_PER_INCH
        if anchor == "top":  # a template's title at the top of its box
            where = f"top:{inches(box.y + pad[1] + shift)}"
        else:
            middle = box.y + box.h / 2 if anchor == "middle" else box.y + box.h - pad[1]
            where = f"top:auto;bottom:{inches(self.theme.slide.height - middle - shift)}"
        place = f"position:absolute;left:{left};width:{width};{where}"
        declarations = ";".join(part for part in (f"font-size:{size}pt", style, place) if part)
        shape = self.css.styled("p", declarations)
        return f'<p class="{role} at {anchor} {shape}">{content}</p>'

    def runs(self, runs: Runs, held: bool = False) -> str:
        """Return styled runs as spans (links as links, line breaks as ``<br>``), the spaces
        where one meets another apart (``spaced``).

        With ``held``, each word of inline code a renderer could break inside is in a span of
        its own (``htmltext.held_word``), which text that WeasyPrint wraps itself (the
        outline's) keeps whole. Not on a slide, whose lines the fit breaks (``fit.inlinecode``),
        nor in a table's cell: there the span, unstyled, made WeasyPrint break an address
        inside (``10.20.0`` / ``.0/16``) where the deck breaks at the space before it."""
        out = []
        for run in runs:
            if run.style.icon is not None:
                faded = run.style.tone is Tone.MUTED  # greyed as its words are
                out.append(self.styled_run(run, self.inline_icon(run.style.icon, faded)))
                continue
            pieces = shown(run, "body").split("\n")
            text = "<br/>".join(escape(slide_text(piece)) for piece in pieces)
            if held and run.style.code:
                text = HELD_WORD.sub(held_word, text)
            out.append(spaced(text, functools.partial(self.styled_run, run)))
        return "".join(out)

    def inline_icon(self, image: Image, faded: bool = False) -> str:
        """Return an icon inside a line (``Style.icon``), in the line's flow: one line high
        (``icon_box``, in ems of its text), its room as the fit measured it, with
        ``INLINE_MARGIN`` on each side; a stand-in of that size where it could not be had.

        Its vertical margins are each half its height, taken back, so that it stands in the
        line as a point at its middle (``vertical-align`` puts that point where
        ``slidestyle.ICONS_CSS`` says) and never makes the line taller than the fit measured
        it."""
        # Greyed among muted words, where a slide shows it so; one no slide shows (an
        # explanation in the answer key of a quiz without reveal slides) by its address.
        picture = (
            (self.faded.get(image) if faded else None)
            or self.pictures.get(image)
            or self.laid.pictures.get(image.src)
        )
        aspect = None if picture is None else picture.width / picture.height
        width, height = icon_box(aspect, POINTS_PER_INCH)  # at 72 pt an inch is an em
        style = (
            f"width:{width:.3f}em;height:{height:.3f}em;"
            f"margin:{-height / 2:.3f}em {INLINE_MARGIN}em"
        )
        if picture is None:
            style += (
                f";display:inline-block;box-sizing:border-box;"
                f"background:#{self.colors.code_background};"
                f"border:1pt dashed #{self.colors.placeholder}"
            )
            shape = self.css.styled("span", style, "")
            label = f' role="img" aria-label="{escape(image.alt)}"'
            return f'<span class="inl {shape}"{label}></span>'
        shape = self.css.styled("img", style, "")
        address = self.picture(picture)
        return f'<img class="inl {shape}" src="{address}" alt="{escape(image.alt)}"/>'

    def styled_run(self, run: Run, text: str) -> str:
        """Return a run's HTML ``text`` in the element its style makes (none where plain)."""
        style = run.style
        classes = [
            name
            for name, on in (
                ("b", style.bold),
                ("i", style.italic),
                ("s", style.strike),
                ("c ic", style.code),
                ("long", style.code and long_code(run.text)),
                ("link", style.link is not None),
                # a numbered task's box in the accent, as a bullet task's box is
                ("accent", style.tone is Tone.ACCENT or (style.box and style.tone is None)),
                ("muted", style.tone is Tone.MUTED),
                ("sup", style.script is Script.SUPER),
                ("sub", style.script is Script.SUB),
            )
            if on
        ]
        if not classes:
            return text
        attributes = f' class="{" ".join(classes)}"'
        if style.link and style.link.lower().startswith(LINK_SCHEMES):
            return f'<a href="{escape(style.link)}"{attributes}>{text}</a>'
        return f"<span{attributes}>{text}</span>"

    def frame(self, frame: Frame) -> str:
        """Return one frame."""
        if isinstance(frame, TextFrame):
            return self.text(frame)
        if isinstance(frame, HeadingFrame):
            room = f";padding-left:{inches(frame.room)}" if frame.room else ""
            if frame.inline:  # icons among its words: wrapped where the fit wrapped it
                room += f";padding-right:{inches(frame.slack - HEADING_INSET[0])}"
            line = self.line(
                frame.runs,
                frame.size,
                "heading",
                f"color:#{self.colors.column_heading_text}{room}",
                bold=True,
            )
            fill = f";background:#{self.colors.accent}"
            icons = "".join(self.image(icon) for icon in frame.icons)  # at the PPTX's boxes
            return self.anchored(frame.box, HEADING_INSET, "middle", fill, line) + icons
        if isinstance(frame, CodeFrame):
            return self.code(frame)
        if isinstance(frame, TableFrame):
            return self.table(frame)
        return self.image(frame)

    def text(self, frame: TextFrame) -> str:
        """Return paragraphs, bullets and subheadings in one box, indents as in the PPTX."""
        colors = self.colors
        spacing = LINE_HEIGHT * self.theme.sizes.line_spacing
        right = right_inset(frame, self.theme) - TEXT_INSET[0]  # with icons in its lines
        paragraphs = []
        for index, block in enumerate(frame.blocks):
            room = frame.rooms[index] if frame.rooms else 0.0
            margin, indent = indent_of(block, self.theme, frame.hanging, room)
            before = space_before(block, index == 0, frame.size, self.theme)
            subheading = isinstance(block, Subheading)
            style = (
                f"font-size:{size_of(block, frame.size)}pt;line-height:{spacing:.4f};"
                f"margin-top:{before:.2f}pt;padding-left:{inches(margin)}"
            )
            if right:
                style += f";padding-right:{inches(right)}"
            if subheading:
                style += ";font-weight:700"
            if isinstance(block, Subheading) and not block.minor:
                style += f";color:#{colors.accent}"
            mark = self.mark(block, margin, -indent)
            shape = self.css.styled("p", style)
            paragraphs.append(f'<p class="{shape}">{mark}{self.runs(block.runs)}</p>')
        icons = "".join(self.image(icon) for icon in frame.icons)  # at the PPTX's boxes
        return self.text_box(frame.box, TEXT_INSET, "".join(paragraphs)) + icons

    def mark(self, block: TextBlock, margin: float, hanging: float) -> str:
        """Return a bullet's mark in the room it hangs into (nothing for other paragraphs).

        ``margin`` is where the paragraph's text starts, ``hanging`` how far left of it the
        mark sits.
        """
        if not isinstance(block, Bullet):
            return ""
        if block.check is not None:
            text = TASK_BOXES[block.check]
        elif block.letter is not None:
            text = f"{block.letter})"
        elif block.number is None:
            chars = self.theme.bullets.chars
            text = chars[min(block.level, MAX_LEVEL) % len(chars)]
        else:
            text = f"{block.number}."
        # In the flow, pulled back into the room it hangs into, the mark takes no room from
        # the text: the first line starts where the others do, as in the PPTX; and it is
        # drawn, and copied, before its item's text. (Placed out of the flow, it was drawn
        # after it, and cost WeasyPrint a positioned box a bullet; a float pulled back into
        # the margin pushed the next item's mark, and so its text, down below it.)
        style = f"margin-left:{inches(-hanging)};width:{inches(hanging)}"
        if block.check is not None:  # a box from a fallback font, of other ascent and
            style += ";line-height:0"  # descent: its line no taller than the deck's
        muted = block.runs and block.runs[-1].style.tone is Tone.MUTED
        kind = "mark muted" if muted else "mark"
        numbered = block.letter is not None or block.number is not None
        if numbered and block.runs and block.runs[0].style.bold:
            kind += " b"  # as PowerPoint and LibreOffice draw a number: as its first run
        return f'<span class="{kind} {self.css.styled("span", style)}">{escape(text)}</span>'

    def code(self, frame: CodeFrame) -> str:
        """Return a code block: its lines in monospace in a shaded box, highlighted in the
        theme's syntax colours by the fence's language."""
        colors = self.colors
        code = frame.code
        width = frame.box.w - 2 * CODE_INSET
        text = self.highlighted(
            code.text.expandtabs(4), code.language, width, frame.size, code, frame.folds
        )
        if text.startswith("\n"):
            text = "\n" + text  # HTML drops a newline right after <pre>; the slide keeps it
        box = self.css.styled(
            "div",
            f"{placed_at(frame.box)};{inset((CODE_INSET, CODE_INSET))};"
            f"background:#{colors.code_background}",
        )
        pre = self.css.styled("pre", f"font-size:{frame.size}pt;color:#{colors.code_text}")
        return f'<div class="box top {box}"><pre class="c {pre}">{text}</pre></div>'

    def table(self, frame: TableFrame) -> str:
        """Return a table at its measured column widths and row heights."""
        data, colors = frame.table, self.colors
        columns = "".join(
            f'<col class="{self.css.styled("col", f"width:{inches(w)}")}"/>'
            for w in frame.column_widths
        )
        rows = []
        for r, (cells, height) in enumerate(
            zip((data.header, *data.rows), frame.row_heights, strict=True)
        ):
            band = colors.table_band if r % 2 == 0 else colors.background
            header = (colors.table_header, colors.table_header_text)
            fill, color = header if r == 0 else (band, colors.cell_ink)
            tag = "th" if r == 0 else "td"
            row = "".join(
                f"<{tag}{ALIGNED[data.align[c]]}{self.cell_slack(frame, c, runs)}>"
                f"{self.runs(runs)}</{tag}>"
                for c, runs in enumerate(cells)
            )
            style = f"height:{inches(height)};background:#{fill};color:#{color}"
            rows.append(f'<tr class="{self.css.styled("tr", style)}">{row}</tr>')
        # Placed by a box of its own: an absolutely placed table's width belongs to the table,
        # not to the box around it that is placed, whose width WeasyPrint would then work out
        # by measuring every cell's words (shrink to fit) before laying the table out.
        box = self.css.styled("div", placed_at(frame.box))
        table = self.css.styled("table", f"font-size:{frame.size}pt")
        return (
            f'<div class="box {box}"><table class="{table}">'
            f"<colgroup>{columns}</colgroup><tbody>{''.join(rows)}</tbody></table></div>"
        )

    def cell_slack(self, frame: TableFrame, column: int, runs: Runs) -> str:
        """Return the style of a table's cell that holds icons inside its lines: its right
        padding the deck's (``geometry.slack_inset``), so that it wraps where the fit did;
        nothing for any other cell."""
        if not frame.inline or all(run.style.icon is None for run in runs):
            return ""
        right = slack_inset(frame.column_widths[column], CELL_INSET[0])
        return f' style="padding-right:{inches(right)}"'

    def image(self, frame: ImageFrame) -> str:
        """Return a picture with its alt text, or a placeholder naming what is missing."""
        image, colors = frame.image, self.colors
        if frame.picture is not None:
            address = self.picture(frame.picture)
            shape = self.css.styled("img", placed_at(frame.box))
            return f'<img class="box {shape}" src="{address}" alt="{escape(image.alt)}"/>'

        lines = []
        captions = caption_of(image, self.laid.deck.words) if frame.caption else ()
        for index, (text, size) in enumerate(  # none in an icon's stand-in, a line high
            zip(captions, caption_sizes(frame.caption)[: len(captions)], strict=True)
        ):
            before = frame.caption * CAPTION_SPACING if index else 0.0
            weight = ";font-weight:700" if index == 0 else ""
            style = f"font-size:{size}pt;margin-top:{before:.2f}pt;text-align:center{weight}"
            lines.append(f'<p class="{self.css.styled("p", style)}">{escape(breakable(text))}</p>')
        style = (
            f";background:#{colors.code_background};border:1pt dashed #{colors.placeholder};"
            f"color:#{colors.muted}"
        )
        label = f' role="img" aria-label="{escape(image.alt)}"'
        return self.anchored(frame.box, CAPTION_INSET, "middle", style, "".join(lines), label)

    def picture(self, picture: Picture) -> str:
        """Return the address a picture is served at, registering it once."""
        key = id(picture)
        if key not in self.images:
            address = f"{SCHEME}image/{len(self.images) + 1}.{picture.extension}"
            self.files[address] = (picture.data, MIME_TYPES.get(picture.extension, "image/png"))
            self.images[key] = address
        return self.images[key]

    def footer(self, number: int) -> str:
        """Return the lesson's name and the slide number at the foot of a content slide."""
        laid = self.laid
        colors = self.colors
        plain = colors == self.theme.colors and not colors.footer  # the style sheet's muted
        style = "" if plain else f"color:#{colors.footer_ink}"
        if self.fonts != self.theme.fonts:  # measured in the deck's body font, on every slide
            family = f"font-family:{css_string('lx-' + self.theme.fonts.body.file)}"
            style = ";".join(filter(None, (style, family)))
        pad = (TEXT_INSET[0], 0.02)
        before, after = number_words(self.theme.slide)
        shown = escape(f"{before}{number}{after}")
        dated = date_line(self.theme.slide)
        texts = (
            (laid.footer_box, style, escape(laid.footer)),
            (laid.number_box, ";".join(filter(None, (style, "text-align:right"))), shown),
            (dated[0] if dated else None, style, escape(dated[1]) if dated else ""),
        )
        return "".join(
            self.lone_line(box, pad, "middle", laid.footer_size, shown, text, "muted")
            for box, shown, text in texts
            if box
        )


ALIGNED = {None: "", "left": "", "center": ' class="centre"', "right": ' class="right"'}
"""A table cell's attribute for its column's alignment (``slidestyle.SLIDE_CSS``'s classes)."""
