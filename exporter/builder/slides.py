"""build: one page → one slide, with its title, body and layout (a page of headings alone:
a section header)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from exporter import tokens as t
from exporter.builder.blocks import images_in, to_blocks
from exporter.builder.columns import COLUMN_COMMENT, find_columns, is_column_mark
from exporter.builder.footnotes import footnote_blocks, unused_footnotes
from exporter.builder.inline import inline_text
from exporter.builder.titles import Story, Titled, closing_title, natural_title, title_page
from exporter.errors import Diagnostic, warning
from exporter.model import (
    ENGLISH,
    Block,
    Bullet,
    Columns,
    Layout,
    Paragraph,
    Runs,
    Slide,
    Subheading,
    Table,
    Words,
    inline_icons,
    layout_of,
    plain_text,
)
from exporter.source import Page


def build_slide(
    page: Page, tokens: t.Blocks, story: Story, diagnostics: list[Diagnostic]
) -> tuple[Slide, Titled] | None:
    """Return the slide for ``page`` and how its headings titled it (``None``: nothing to show).

    ``tokens`` are the page's blocks; ``story`` is what the pages before tell it (see
    ``titles``).
    """
    titled = title_page(tokens, story, page.line_of)
    title = titled.title
    shown = {(i.src, i.line) for i in inline_icons((*title, *titled.subtitle))}  # in its lines
    pictures = tuple(  # the other images inside the headings that made it join the body
        image
        for image in images_in(titled.heading, page.line_of)
        if (image.src, image.line) not in shown
    )
    named = story.topic.title if story.topic is not None else story.previous
    context = (plain_text(named), story.lesson)
    own = title if titled.opens else ()  # a topic's title is the context of its later parts
    body = (*pictures, *body_blocks(titled.tokens, page, own, context, diagnostics, story.words))
    diagnostics.extend(math_warnings(body, page))
    diagnostics.extend(notes_warnings(body, page))
    diagnostics.extend(unused_footnotes(page.footnotes, tokens))
    if body:
        body = (*body, *footnote_blocks(tokens, page.line_of))
    if not body:
        if not title or not (titled.divides or page.notes):
            return None  # nothing, or an opening heading the title slide shows already
        slide = Slide(Layout.SECTION, title, (), page.line, page.notes, subtitle=titled.subtitle)
        return slide, titled
    closing = False
    if not title:
        title = natural_title(body, story)
        closing = title == closing_title(story.lesson, story.words) and story.closing
    return Slide(layout_of(body), title, body, page.line, page.notes, closing=closing), titled


def body_blocks(
    tokens: t.Blocks,
    page: Page,
    title: Runs,
    context: tuple[str, str],
    diagnostics: list[Diagnostic],
    words: Words = ENGLISH,
) -> tuple[Block, ...]:
    """Return the page's blocks, with a ``Columns`` block where the page is a comparison.

    ``context`` is the previous heading and the lesson's title, which may name both sides;
    ``words`` label its alerts.
    """
    if page.layout != "single":
        headings = [plain_text(title)] if title else []
        headings += [inline_text(b.children) for b in tokens if isinstance(b, t.Heading)]
        forced = page.layout == "two-column"
        split = find_columns(tokens, headings, page.line_of, forced, context, context[1], words)
        if split is not None:
            at = page.line_of(COLUMN_COMMENT)
            diagnostics.extend(warning("columns", problem, at) for problem in split.problems)
            return ranked(
                (
                    *to_blocks(split.before, page.line_of, words=words),
                    split.columns,
                    *to_blocks(split.after, page.line_of, words=words),
                )
            )
        if forced:
            message = "layout: two-column needs a list of two or more items or a <!-- column -->"
            diagnostics.append(warning("no-columns", message, page.line))
    elif any(is_column_mark(b) for b in tokens):
        message = "<!-- column --> is ignored on a page with <!-- layout: single -->"
        diagnostics.append(warning("ignored-directive", message, page.line_of(COLUMN_COMMENT)))
    return ranked(tuple(to_blocks(tokens, page.line_of, words=words)))


def ranked(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Return a page's ``blocks`` with each subheading deeper than the page's shallowest
    marked ``minor``: under another, it is drawn as a heading of the text, not of the page."""
    levels = [block.level for block in blocks if isinstance(block, Subheading)]
    if not levels or min(levels) == max(levels):
        return blocks
    top = min(levels)
    return tuple(
        replace(block, minor=True) if isinstance(block, Subheading) and block.level > top else block
        for block in blocks
    )


TEX = re.compile(r"\$\$?[^$\n]*?\\[A-Za-z]+[^$\n]*?\$\$?")
"""TeX math written in a lesson's text (``$\\bar{x} = \\frac{1}{n}\\sum x_i$``): between dollar
signs, with a command."""


def math_warnings(blocks: tuple[Block, ...], page: Page) -> Iterator[Diagnostic]:
    """Yield a warning for the first TeX formula in ``blocks``' text (code left out, where a
    dollar sign is the shell's): it is shown as written, not typeset."""
    for text in texts_of(blocks):
        found = TEX.search(text)
        if found is not None:
            formula = found.group()
            shown = formula if len(formula) <= 40 else formula[:39] + "…"
            message = (
                f'the formula "{shown}" is shown as written: TeX math is not typeset; write '
                "it in words or with Unicode symbols (x̄ = Σxᵢ / n), or show it as a picture"
            )
            yield warning("math", message, page.line_of(formula[:30]), excerpt=formula)
            return


NOTES_LABEL = re.compile(
    r"(speaker|presenter|instructor|teacher|trainer)(['\u2019]s|s['\u2019]?)? +notes? *[*_]* *:",
    re.IGNORECASE,
)
"""How speaker notes are labelled when written as a slide's text (``Speaker notes:``,
``**Presenter's note:**``, ``Speakers' notes:``, with a curly apostrophe too), rather than in
a ``<!-- notes: ... -->`` comment."""


def notes_warnings(blocks: tuple[Block, ...], page: Page) -> Iterator[Diagnostic]:
    """Yield a warning for each paragraph of ``blocks`` (or of their columns) that opens with
    a speaker notes' label: it is the slide's text, shown on the slide (and to students),
    where notes in a comment would be the slide's speaker notes. A lesson that defines the
    term (``**Presenter notes:** what the presenter alone sees``) is warned too: rare, and
    said once a paragraph."""
    seen: dict[str, int] = {}
    for block in paragraphs_of(blocks):
        found = NOTES_LABEL.match("".join(run.text for run in block.runs).lstrip())
        if found is None:
            continue
        label = found.group().rstrip(" :*_")
        message = (
            f'"{label}:" starts a paragraph shown on the slide, to students too; write '
            "speaker notes as <!-- notes: ... --> to keep them off the slide"
        )
        # Where the label starts a line outside the page's comments: this paragraph's own.
        written = re.compile(rf"^[ \t>*_]*{re.escape(label)}", re.MULTILINE)
        at = page.shown_line(written, seen.get(label, 0))
        seen[label] = seen.get(label, 0) + 1
        yield warning("visible-notes", message, at)


def paragraphs_of(blocks: tuple[Block, ...]) -> Iterator[Paragraph]:
    """Yield the paragraphs of ``blocks``, those of their columns too, in order."""
    for block in blocks:
        if isinstance(block, Columns):
            yield from paragraphs_of((*block.left.blocks, *block.right.blocks))
        elif isinstance(block, Paragraph):
            yield block


def texts_of(blocks: tuple[Block, ...]) -> Iterator[str]:
    """Yield the text of each paragraph, item and table cell of ``blocks``, its code left out."""
    for block in blocks:
        if isinstance(block, Paragraph | Bullet):
            yield "".join(run.text for run in block.runs if not run.style.code)
        elif isinstance(block, Table):
            for row in (block.header, *block.rows):
                yield from ("".join(r.text for r in cell if not r.style.code) for cell in row)
        elif isinstance(block, Columns):
            yield from texts_of((*block.left.blocks, *block.right.blocks))
