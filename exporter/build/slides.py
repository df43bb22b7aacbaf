"""build: one page → one slide, with its title, body and layout."""

from __future__ import annotations

from exporter.build.blocks import images_in, is_comment, to_blocks
from exporter.build.columns import COLUMN_COMMENT, find_columns, is_column_mark
from exporter.build.inline import inline_text, to_runs
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
from exporter.parse import Token
from exporter.source import Page


def build_slide(
    page: Page, parsed: list[Token], previous: Runs, diagnostics: list[Diagnostic]
) -> tuple[Slide, bool] | None:
    """Return the slide for ``page`` and whether a heading titles it (``None``: nothing to show).

    ``parsed`` is the page's tokens; ``previous`` is the last heading's title, which a page
    without a heading continues.
    """
    tokens = [t for t in parsed if t["type"] != "blank_line"]
    title_index = next((i for i, t in enumerate(tokens) if t["type"] == "heading"), None)
    title: Runs = ()
    pictures: tuple[Image, ...] = ()  # images written inside the title's heading
    if title_index is not None:
        heading = tokens.pop(title_index)["children"]
        title, pictures = to_runs(heading), tuple(images_in(heading, page.line_of))
    body = (*pictures, *body_blocks(tokens, page, title, diagnostics))
    if not body:
        return (
            None if not title else (Slide(Layout.BULLETS, title, (), page.line, page.notes), True)
        )
    headed = bool(title)
    if not title:
        title = natural_title(body, previous)
    return Slide(layout_of(body), title, body, page.line, page.notes), headed


def body_blocks(
    tokens: list[Token], page: Page, title: Runs, diagnostics: list[Diagnostic]
) -> tuple[Block, ...]:
    """Return the page's blocks, with a ``Columns`` block where the page is a comparison."""
    if page.layout != "single":
        headings = [inline_text(t["children"]) for t in tokens if t["type"] == "heading"]
        forced = page.layout == "two-column"
        split = find_columns(tokens, [plain_text(title), *headings], page.line_of, forced)
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
    elif any(is_column_mark(t) for t in tokens):
        message = "<!-- column --> is ignored on a page with <!-- layout: single -->"
        diagnostics.append(warning("ignored-directive", message, page.line_of(COLUMN_COMMENT)))
    return tuple(to_blocks([t for t in tokens if not is_comment(t)], page.line_of))


def natural_title(body: tuple[Block, ...], previous: Runs) -> Runs:
    """Return a title for a page without a heading.

    A lone image is titled by its alt text; anything else continues the previous slide's title.
    """
    if len(body) == 1 and isinstance(body[0], Image) and body[0].alt.strip():
        return (Run(body[0].alt.strip()),)
    return continued(previous)
