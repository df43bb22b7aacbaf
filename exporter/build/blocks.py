"""build: block tokens → the model's flat blocks, each with its indent level."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import unquote

from exporter.build.inline import alt_as_text, inline_text, to_runs
from exporter.model import Block, Bullet, Code, Image, Paragraph, Subheading, Table
from exporter.parse import Token

LineOf = Callable[[str | re.Pattern[str]], int]
"""Finds the source line of a piece of the page's text."""

SKIPPED = ("blank_line", "thematic_break")


def is_comment(token: Token) -> bool:
    """Return whether ``token`` is an HTML comment (a directive or a note, never content)."""
    return token["type"] == "block_html" and str(token["raw"]).lstrip().startswith("<!--")


def to_blocks(tokens: Iterable[Token], line_of: LineOf, level: int = 0) -> Iterator[Block]:
    """Yield the blocks of ``tokens``, nested content ``level`` deep."""
    for token in tokens:
        kind = token["type"]
        if kind in SKIPPED or is_comment(token):
            continue
        if kind == "heading":
            yield Subheading(to_runs(token["children"]), token["attrs"]["level"])
        elif kind in ("paragraph", "block_text"):
            yield from paragraph_blocks(token, line_of, level)
        elif kind == "list":
            yield from list_blocks(token, line_of, level)
        elif kind == "block_code":
            info = (token.get("attrs") or {}).get("info") or None
            yield Code(token["raw"].rstrip("\n"), info, level)
        elif kind == "table":
            yield table_block(token)
        elif kind == "block_quote":
            yield from to_blocks(token["children"], line_of, level)
        elif kind == "block_html":
            yield Paragraph(to_runs([{"type": "text", "raw": token["raw"].strip()}]), level)


def paragraph_blocks(token: Token, line_of: LineOf, level: int) -> Iterator[Block]:
    """Yield a paragraph's text, then each image it holds as an ``Image`` block."""
    runs = to_runs(token["children"])
    if runs:
        yield Paragraph(runs, level)
    yield from images_in(token["children"], line_of)


def images_in(tokens: Iterable[Token], line_of: LineOf) -> Iterator[Image]:
    """Yield the images among inline ``tokens`` (at any depth, such as inside a link)."""
    for token in tokens:
        if token["type"] == "image":
            src = token["attrs"]["url"]
            # Written as mistune reads it, or percent-decoded, or in <angle brackets>.
            forms = "|".join(re.escape(form) for form in dict.fromkeys((src, unquote(src))))
            where = re.compile(rf"\]\(\s*<?(?:{forms})")
            yield Image(src, inline_text(token["children"]), line_of(where))
        elif "children" in token:
            yield from images_in(token["children"], line_of)


def list_blocks(token: Token, line_of: LineOf, level: int) -> Iterator[Block]:
    """Yield each item of a list as a ``Bullet`` followed by its nested content."""
    ordered = token["attrs"].get("ordered", False)
    start = token["attrs"].get("start", 1)
    for index, item in enumerate(token["children"]):
        yield from item_blocks(item, line_of, level, start + index if ordered else None)


def item_blocks(item: Token, line_of: LineOf, level: int, number: int | None) -> Iterator[Block]:
    """Yield one list item: its first paragraph as the bullet, the rest one level deeper."""
    children = [child for child in item["children"] if child["type"] not in SKIPPED]
    lead = children[0] if children and children[0]["type"] in ("paragraph", "block_text") else None
    if lead is None:  # an item that opens with code or a list has no text of its own
        yield from to_blocks(children, line_of, level)
        return
    runs = to_runs(lead["children"])
    if runs:  # an item that is only an image has no bullet text
        yield Bullet(runs, level, number)
    yield from images_in(lead["children"], line_of)
    yield from to_blocks(children[1:], line_of, level + 1)


def table_block(token: Token) -> Table:
    """Return a table token as a ``Table``, every row as wide as the header."""
    head, *rest = token["children"]
    header = tuple(to_runs(alt_as_text(cell["children"])) for cell in head["children"])
    align = tuple(cell["attrs"].get("align") for cell in head["children"])
    rows = []
    for body in rest:
        for row in body["children"]:
            cells = [to_runs(alt_as_text(c["children"])) for c in row["children"]][: len(header)]
            rows.append(tuple(cells + [()] * (len(header) - len(cells))))
    return Table(header, tuple(rows), align)
