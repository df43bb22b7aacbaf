"""build: a page's footnotes (``[^1]`` and ``[^1]: text``) → small lines at its slide's foot.

A reference is drawn as a superscript number (``inline.to_runs``); the page's notes, in the
order of their first references, are set after its body, smaller and muted, each opening
with its number, a picture among a note's words an icon in its line (in its own colours):
measured by the fit as any paragraph, so that nothing overflows. A note
defined on a page that never refers to it is not shown, and warned of with its line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import assert_never

from exporter import tokens as t
from exporter.builder.blocks import LineOf, icon_runs
from exporter.errors import Diagnostic, warning
from exporter.model import Paragraph, Run, Script, Style, Tone

FOOTNOTE_SCALE = 0.6
"""A footnote's size, as a share of the body's (at 24 pt, about 14 pt)."""
MUTED = Style(tone=Tone.MUTED)


def footnote_blocks(tokens: t.Blocks, line_of: LineOf) -> tuple[Paragraph, ...]:
    """Return the notes of the footnotes ``tokens`` refer to, one paragraph each, in the
    order of their numbers (``line_of`` finds the lines of their icons)."""
    notes: dict[int, t.FootnoteRef] = {}
    for ref in footnote_refs(tokens):
        notes.setdefault(ref.number, ref)
    return tuple(footnote_block(notes[number], line_of) for number in sorted(notes))


def footnote_block(ref: t.FootnoteRef, line_of: LineOf) -> Paragraph:
    """Return one footnote as a small muted paragraph that opens with its raised number,
    each picture among its words an icon in its line (``blocks.icon_runs``)."""
    number = Run(str(ref.number), Style(tone=Tone.MUTED, script=Script.SUPER))
    text = tuple(Run(run.text, muted(run.style)) for run in icon_runs(ref.note, line_of))
    return Paragraph((number, Run(" ", MUTED), *text), scale=FOOTNOTE_SCALE)


def muted(style: Style) -> Style:
    """Return ``style`` drawn in the theme's muted colour (a link keeps its own, and an
    icon its picture's colours: a note's icon is there to be recognised, not greyed as a
    quiz's wrong answer is)."""
    if style.link is not None or style.icon is not None:
        return style
    return Style(**{**vars(style), "tone": Tone.MUTED})


def footnote_refs(tokens: Iterable[t.Block]) -> Iterator[t.FootnoteRef]:
    """Yield the footnote references among block ``tokens``, at any depth, in order."""
    for token in tokens:
        match token:
            case t.Heading(_, children) | t.Paragraph(children):
                yield from inline_refs(children)
            case t.ListBlock(items):
                for item in items:
                    yield from footnote_refs(item.children)
            case t.Quote(children):
                yield from footnote_refs(children)
            case t.Table(head, rows):
                for cell in (*head, *(cell for row in rows for cell in row)):
                    yield from inline_refs(cell.children)
            case t.CodeBlock() | t.Rule() | t.Html() | t.Comment():
                continue
            case _:
                assert_never(token)


def inline_refs(tokens: Iterable[t.Inline]) -> Iterator[t.FootnoteRef]:
    """Yield the footnote references among inline ``tokens``, at any depth, in order."""
    for token in tokens:
        match token:
            case t.FootnoteRef():
                yield token
            case t.Strong(children) | t.Emphasis(children) | t.Strikethrough(children):
                yield from inline_refs(children)
            case t.Link(_, children) | t.Image(_, children):
                yield from inline_refs(children)
            case t.Text() | t.InlineHtml() | t.CodeSpan() | t.SoftBreak() | t.LineBreak():
                continue
            case _:
                assert_never(token)


def unused_footnotes(
    defined: Iterable[tuple[int, str, str]], tokens: t.Blocks
) -> Iterator[Diagnostic]:
    """Yield a warning for each footnote ``defined`` (its file line, its key as references
    find it and as written) on a page whose ``tokens`` never refer to it."""
    used = {ref.key for ref in footnote_refs(tokens)}
    for line, found, key in defined:
        if found not in used:
            message = (
                f"the footnote [^{key}] is referred to nowhere on its page, and is not shown: "
                f"refer to it ([^{key}]) on the page that defines it, or remove it"
            )
            yield warning("footnote", message, line)
