"""dump: a ``Deck`` as readable text, for build fixtures and for looking at what build decided."""

from __future__ import annotations

from collections.abc import Iterator

from exporter.model import (
    Block,
    Bullet,
    Code,
    Columns,
    Deck,
    Image,
    Paragraph,
    Runs,
    Script,
    Subheading,
    Table,
)

MARKS = (("code", "`"), ("bold", "**"), ("italic", "*"), ("strike", "~~"))


def dump_runs(runs: Runs) -> str:
    """Return ``runs`` written back in a Markdown-like notation that shows every style."""
    parts = []
    for run in runs:
        text = run.text
        if run.style.icon is not None:  # an icon in its line, as ``dump_icons`` shows one
            text = dump_icons((run.style.icon,)).rstrip()
        for name, mark in MARKS:
            if getattr(run.style, name):
                text = f"{mark}{text}{mark}"
        if run.style.script is not None:  # not as the tags, which text may hold
            text = f"{'^' if run.style.script is Script.SUPER else '_'}{{{text}}}"
        if run.style.link:
            text = f"[{text}]({run.style.link})"
        parts.append(text)
    return "".join(parts).replace("\n", "\\n")


def dump_deck(deck: Deck) -> str:
    """Return every slide of ``deck``, one line per block, nested blocks indented."""
    lines = [f"deck: {deck.title} | {deck.subtitle} | lang={deck.language}"]
    for number, slide in enumerate(deck.slides, start=1):
        lines.append(
            f"slide {number} {slide.layout.value} (line {slide.line}): {dump_runs(slide.title)}"
        )
        if slide.subtitle:
            lines.append(f"  subtitle: {dump_runs(slide.subtitle)}")
        for block in slide.body:
            lines.extend(f"  {line}" for line in dump_block(block))
        if slide.notes:
            lines.append(f"  notes: {slide.notes!r}")
    return "\n".join(lines) + "\n"


def dump_icons(icons: tuple[Image, ...]) -> str:
    """Return the pictures a paragraph's text starts with, each in brackets before it."""
    return "".join(f"[icon {icon.alt!r} <{icon.src}> (line {icon.line})] " for icon in icons)


def dump_block(block: Block) -> Iterator[str]:
    """Yield the lines describing one block."""
    pad = "  " * getattr(block, "level", 0)
    if isinstance(block, Paragraph):
        yield f"{pad}paragraph: {dump_icons(block.icons)}{dump_runs(block.runs)}"
    elif isinstance(block, Bullet):
        mark = "-" if block.number is None else f"{block.number}."
        if block.check is not None:
            mark += " \u2611" if block.check else " \u2610"  # as the PDFs draw it
        yield f"{pad}{mark} {dump_icons(block.icons)}{dump_runs(block.runs)}"
    elif isinstance(block, Subheading):
        yield f"h{block.level}: {dump_runs(block.runs)}"
    elif isinstance(block, Code):
        yield f"{pad}code[{block.language or ''}]: {block.text!r}"
    elif isinstance(block, Table):
        yield "table: " + " | ".join(dump_runs(cell) for cell in block.header)
        for row in block.rows:
            yield "  row: " + " | ".join(dump_runs(cell) for cell in row)
    elif isinstance(block, Image):
        kind = "icon" if block.inline else "image"  # an icon is written inside a sentence
        yield f"{kind}: {block.alt!r} <{block.src}> (line {block.line})"
    elif isinstance(block, Columns):
        for side, column in (("left", block.left), ("right", block.right)):
            yield f"column {side}: {dump_icons(column.icons)}{dump_runs(column.heading)}"
            for inner in column.blocks:
                yield from (f"  {line}" for line in dump_block(inner))
