"""build: inline tokens → a flat tuple of styled runs.

Text is shown as the reader of the published page sees it: entities such as ``&amp;`` are
decoded, raw inline HTML is kept as the characters written, never interpreted, but for
``<br>``, a line break (the only way to break a line in a table's cell), a comment
(``<!-- TODO: check the price -->``), which the published page hides: so does the slide, and
a phrase tag closed in the same text (``<kbd>Ctrl</kbd>``, ``<b>``, ``<em>``, ``<code>``...),
which the published page draws as a style, not as its tags: so does the slide.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import assert_never
from urllib.parse import urlsplit

from exporter import tokens as t
from exporter.model import ICON, PLAIN, Image, Run, Runs, Script, Style
from exporter.text import closed

# Links a click may open; any other scheme (javascript:, file:, data:) stays plain text.
LINK_SCHEMES = frozenset({"http", "https", "mailto", "ftp", ""})
# A tab reads as white space, as on the published page (a slide's tab stops would jump text
# by up to an inch); in inline code it keeps its width, like a code block's.
TAB_CODE = "    "


LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
"""An HTML line break, as an inline tag: ``<br>``, ``<br/>``, ``<BR />``."""

PHRASES: dict[str, Style] = {
    **dict.fromkeys(("b", "strong"), Style(bold=True)),
    **dict.fromkeys(("i", "em", "cite", "var", "dfn"), Style(italic=True)),
    **dict.fromkeys(("code", "kbd", "samp", "tt"), Style(code=True)),
    **dict.fromkeys(("s", "del", "strike"), Style(strike=True)),
    **dict.fromkeys(("u", "ins", "mark", "span", "small", "abbr", "time"), PLAIN),
    "sup": Style(script=Script.SUPER),
    "sub": Style(script=Script.SUB),
}
"""The phrase tags GitHub draws as a style around their text, and the style each sets here
(a key, ``<kbd>Ctrl</kbd>``, as code: a key cap's monospace on a shaded ground; ``<sup>``
and ``<sub>`` smaller, raised or lowered: ``10<sup>38</sup>`` is not ``1038``); a tag of no
style of ours shows its text plain."""
OPENING = re.compile(r"<([A-Za-z]+)(?:\s[^<>]*)?>")
CLOSING = re.compile(r"</([A-Za-z]+)\s*>")


def phrases(tokens: Sequence[t.Inline]) -> dict[int, tuple[int, str]]:
    """Return, for each phrase tag among ``tokens`` that a tag of its name closes later among
    them (nested ones of that name counted), its index: the closing tag's index and the name.
    A tag not closed in the same text is no phrase, and stays as written."""
    found: dict[int, tuple[int, str]] = {}
    opened: dict[str, list[int]] = {}
    for index, token in enumerate(tokens):
        if not isinstance(token, t.InlineHtml):
            continue
        if (tag := OPENING.fullmatch(token.raw)) and tag.group(1).lower() in PHRASES:
            opened.setdefault(tag.group(1).lower(), []).append(index)
        elif (tag := CLOSING.fullmatch(token.raw)) and opened.get(tag.group(1).lower()):
            name = tag.group(1).lower()
            found[opened[name].pop()] = (index, name)
    return found


def phrased(style: Style, phrase: Style) -> Style:
    """Return ``style`` with what a phrase tag's ``phrase`` sets added to it."""
    return replace(
        style,
        bold=style.bold or phrase.bold,
        italic=style.italic or phrase.italic,
        code=style.code or phrase.code,
        strike=style.strike or phrase.strike,
        script=phrase.script or style.script,
    )


@dataclass(frozen=True)
class Hole:
    """Where an image stood among the runs ``_runs`` yields (an image becomes a block of its
    own): its alt text, in the style of the text around it; or a comment, no text."""

    alt: str
    style: Style
    image: bool = False
    """Whether an image stood there (else a comment)."""


def to_runs(tokens: Iterable[t.Inline], icons: Sequence[Image] = ()) -> Runs:
    """Return the runs of inline ``tokens``, adjacent runs of one style merged.

    Given the ``icons`` its images are (``blocks.images_in``, in the same order), each image
    is an icon in its line: a run of ``ICON`` in the style of the text around it, which
    carries it (``Style.icon``). Else:

    An image in the middle of a sentence (words before it and after it) stands for a word:
    its alt text takes its place (``Choose ![Save](save.png) to keep`` reads ``Choose Save to
    keep``), the picture shown after the text (``blocks.images_in``); unless the text says
    that word itself (``the ![Settings](gear.png) **Settings** menu``). An image at the start
    or the end of the text, beside what it pictures, leaves no word; where one stood between
    two spaces, one space is left, and none before the punctuation after it (``CLOSING_MARKS``)."""
    found = list(_runs(tokens, PLAIN))
    if icons:
        found = list(iconed(found, icons))
    holes = any(isinstance(item, Hole) for item in found)  # most text has no image in it
    said = "".join(item.text for item in found if isinstance(item, Run)) if holes else ""
    merged: list[Run] = []
    gap = False  # an image was left out just before
    for index, item in enumerate(found):
        if isinstance(item, Hole):
            if not stands_for_a_word(item, found[:index], found[index + 1 :], said):
                gap = True
                continue
            item = Run(item.alt, item.style)
        run = Run(item.text.replace("\t", TAB_CODE if item.style.code else " "), item.style)
        if gap and merged and merged[-1].text.endswith(" ") and run.text.startswith(" "):
            run = Run(run.text[1:], run.style)
        elif gap and merged and merged[-1].text.endswith(" ") and run.text[:1] in CLOSING_MARKS:
            merged[-1] = Run(merged[-1].text.rstrip(" "), merged[-1].style)  # ``RDS** ![]:``
            if not merged[-1].text:
                merged.pop()
        gap = gap and not run.text
        if merged and merged[-1].style == run.style and run.style.icon is None:
            merged[-1] = Run(merged[-1].text + run.text, run.style)
        elif run.text:
            merged.append(run)
    return tuple(
        Run(closed(run.text if run.style.code else units_bound(run.text)), run.style)
        for run in strip_runs(tuple(merged))
    )


def iconed(found: Iterable[Run | Hole], icons: Sequence[Image]) -> Iterator[Run | Hole]:
    """Yield the runs and holes ``found``, each image's hole as its icon's run (``ICON``)."""
    left = iter(icons)
    for item in found:
        icon = next(left, None) if isinstance(item, Hole) and item.image else None
        yield item if icon is None else Run(ICON, replace(item.style, icon=icon))


CLOSING_MARKS = frozenset(":;,.!?)]}\u2019\u201d")
"""What closes up to the word before it: after a picture left out, the space before the
picture goes (``**Amazon RDS** ![RDS](rds.png): managed`` reads ``Amazon RDS: managed``)."""
UNIT_SPACE = re.compile(r"(?<=\d) (?=(?:[$€£¥₹%‰]|[KMGTP]i?B|ms)(?!\w))|(?<=[$€£¥₹]) (?=\d)")
"""A space between a number and its currency or unit (``1,00 $``, ``50 %``, ``10 GB``,
``€ 20``), which no line should break at."""


def units_bound(text: str) -> str:
    """Return ``text`` with a number and the currency or unit written beside it joined by a
    no-break space, so that no line (of a slide, a table's cell or a handout) parts them:
    ``1,00`` / ``$`` read as two things."""
    return UNIT_SPACE.sub("\u00a0", text)


def stands_for_a_word(
    hole: Hole, before: Sequence[Run | Hole], after: Sequence[Run | Hole], said: str
) -> bool:
    """Return whether the image at ``hole`` stands for a word of its sentence: it has alt
    text, words on both sides of it on its line, and the text ``said`` does not name it."""
    alt = hole.alt.strip()
    if not alt:
        return False
    line_before = "".join(item.text for item in before if isinstance(item, Run))
    line_after = "".join(item.text for item in after if isinstance(item, Run))
    if not line_before.rpartition("\n")[2].strip() or not line_after.partition("\n")[0].strip():
        return False
    named = re.compile(rf"(?<!\w){re.escape(alt)}(?!\w)", re.IGNORECASE)
    return named.search(said) is None


def _runs(tokens: Iterable[t.Inline], style: Style) -> Iterator[Run | Hole]:
    tokens = tuple(tokens)
    pairs = phrases(tokens) if any(isinstance(token, t.InlineHtml) for token in tokens) else {}
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if index in pairs:  # <kbd>Ctrl</kbd>: its text in the tag's style, not its tags
            end, name = pairs[index]
            yield from _runs(tokens[index + 1 : end], phrased(style, PHRASES[name]))
            index = end + 1
            continue
        index += 1
        match token:
            case t.Text(raw):
                yield Run(html.unescape(raw), style)
            case t.InlineHtml(raw) if raw.startswith("<!--"):
                yield Hole("", style)  # hidden, leaving no word (nor a double space)
            case t.InlineHtml(raw):
                # <br> breaks the line, as GitHub draws it (in a table's cell, say); any other
                # tag is text, as written.
                yield Run("\n" if LINE_BREAK.fullmatch(raw) else raw, style)
            case t.CodeSpan(text):
                yield Run(text, replace(style, code=True))
            case t.SoftBreak():
                yield Run(" ", style)
            case t.LineBreak():
                yield Run("\n", style)
            case t.Link(url, children):
                link = url if urlsplit(url).scheme.lower() in LINK_SCHEMES else None
                yield from _runs(children, replace(style, link=link))
            case t.Image(_, children):
                yield Hole(inline_text(children), style, image=True)  # blocks, or icons
            case t.Strong(children):
                yield from _runs(children, replace(style, bold=True))
            case t.Emphasis(children):
                yield from _runs(children, replace(style, italic=True))
            case t.Strikethrough(children):
                yield from _runs(children, replace(style, strike=True))
            case t.FootnoteRef(_, number, _):  # its note is set at the foot of its slide
                yield Run(str(number), replace(style, link=None, script=Script.SUPER))
            case _:
                assert_never(token)


def strip_runs(runs: Runs) -> Runs:
    """Return ``runs`` without white space at the start and end."""
    if runs and runs[0].text != runs[0].text.lstrip():
        runs = (Run(runs[0].text.lstrip(), runs[0].style), *runs[1:])
    if runs and runs[-1].text != runs[-1].text.rstrip():
        runs = (*runs[:-1], Run(runs[-1].text.rstrip(), runs[-1].style))
    return tuple(run for run in runs if run.text)


def inline_text(tokens: Iterable[t.Inline]) -> str:
    """Return the plain text of inline ``tokens`` (an image's alt text, a label)."""
    return "".join(run.text for run in to_runs(tokens))
