"""build: one page → one slide, with its title, body and layout."""

from __future__ import annotations

from exporter import tokens as t
from exporter.builder.blocks import images_in, to_blocks
from exporter.builder.columns import COLUMN_COMMENT, find_columns, is_column_mark
from exporter.builder.inline import inline_text, to_runs
from exporter.errors import Diagnostic, warning
from exporter.model import (
    Block,
    Image,
    Layout,
    Run,
    Runs,
    Slide,
    continued,
    layout_of,
    plain_text,
)
from exporter.source import Page


def build_slide(
    page: Page, tokens: t.Blocks, previous: Runs, diagnostics: list[Diagnostic], lesson: str = ""
) -> tuple[Slide, bool] | None:
    """Return the slide for ``page`` and whether a heading titles it (``None``: nothing to show).

    ``tokens`` are the page's blocks; ``previous`` is the last heading's title, which a page
    without a heading continues; ``lesson`` is the lesson's title.
    """
    first = next(((i, b) for i, b in enumerate(tokens) if isinstance(b, t.Heading)), None)
    title: Runs = ()
    pictures: tuple[Image, ...] = ()  # images written inside the title's heading
    if first is not None:
        index, heading = first
        tokens = (*tokens[:index], *tokens[index + 1 :])
        title = to_runs(heading.children)
        pictures = tuple(images_in(heading.children, page.line_of))
    context = (plain_text(previous), lesson)
    body = (*pictures, *body_blocks(tokens, page, title, context, diagnostics))
    if not body:
        return (
            None if not title else (Slide(Layout.BULLETS, title, (), page.line, page.notes), True)
        )
    headed = bool(title)
    if not title:
        title = natural_title(body, previous)
    return Slide(layout_of(body), title, body, page.line, page.notes), headed


def body_blocks(
    tokens: t.Blocks,
    page: Page,
    title: Runs,
    context: tuple[str, str],
    diagnostics: list[Diagnostic],
) -> tuple[Block, ...]:
    """Return the page's blocks, with a ``Columns`` block where the page is a comparison.

    ``context`` is the previous heading and the lesson's title, which may name both sides.
    """
    if page.layout != "single":
        headings = [plain_text(title)] + [
            inline_text(b.children) for b in tokens if isinstance(b, t.Heading)
        ]
        forced = page.layout == "two-column"
        split = find_columns(tokens, headings, page.line_of, forced, context, context[1])
        if split is not None:
            at = page.line_of(COLUMN_COMMENT)
            diagnostics.extend(warning("columns", problem, at) for problem in split.problems)
            return (
                *to_blocks(split.before, page.line_of),
                split.columns,
                *to_blocks(split.after, page.line_of),
            )
        if forced:
            message = "layout: two-column needs a list of two or more items or a <!-- column -->"
            diagnostics.append(warning("no-columns", message, page.line))
    elif any(is_column_mark(b) for b in tokens):
        message = "<!-- column --> is ignored on a page with <!-- layout: single -->"
        diagnostics.append(warning("ignored-directive", message, page.line_of(COLUMN_COMMENT)))
    return tuple(to_blocks(tokens, page.line_of))


def natural_title(body: tuple[Block, ...], previous: Runs) -> Runs:
    """Return a title for a page without a heading.

    A lone image is titled by its alt text; anything else continues the previous slide's title.
    """
    if len(body) == 1 and isinstance(body[0], Image) and body[0].alt.strip():
        return (Run(body[0].alt.strip()),)
    return continued(previous)
