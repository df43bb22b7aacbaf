"""build: inline tokens → a flat tuple of styled runs.

Text is shown as the reader of the published page sees it: entities such as ``&amp;`` are
decoded, raw inline HTML is kept as the characters written, never interpreted.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from urllib.parse import urlsplit

from exporter.model import PLAIN, Run, Runs, Style
from exporter.parse import Token
from exporter.text import closed

# How each container token changes the style of the runs inside it.
STYLE_OF: dict[str, Callable[[Style], Style]] = {
    "strong": lambda style: replace(style, bold=True),
    "emphasis": lambda style: replace(style, italic=True),
    "strikethrough": lambda style: replace(style, strike=True),
}
# Links a click may open; any other scheme (javascript:, file:, data:) stays plain text.
LINK_SCHEMES = frozenset({"http", "https", "mailto", "ftp", ""})
# A tab reads as white space, as on the published page (a slide's tab stops would jump text
# by up to an inch); in inline code it keeps its width, like a code block's.
TAB_CODE = "    "


def to_runs(tokens: Iterable[Token]) -> Runs:
    """Return the runs of inline ``tokens``, adjacent runs of one style merged."""
    merged: list[Run] = []
    for found in _runs(tokens, PLAIN):
        run = Run(found.text.replace("\t", TAB_CODE if found.style.code else " "), found.style)
        if merged and merged[-1].style == run.style:
            merged[-1] = Run(merged[-1].text + run.text, run.style)
        elif run.text:
            merged.append(run)
    return tuple(Run(closed(run.text), run.style) for run in strip_runs(tuple(merged)))


def _runs(tokens: Iterable[Token], style: Style) -> Iterator[Run]:
    for token in tokens:
        kind = token["type"]
        if kind == "text":
            yield Run(html.unescape(token["raw"]), style)
        elif kind == "inline_html":
            yield Run(token["raw"], style)
        elif kind == "codespan":
            yield Run(token["raw"], replace(style, code=True))
        elif kind == "softbreak":
            yield Run(" ", style)
        elif kind == "linebreak":
            yield Run("\n", style)
        elif kind == "link":
            url = token["attrs"]["url"]
            link = url if urlsplit(url).scheme.lower() in LINK_SCHEMES else None
            yield from _runs(token["children"], replace(style, link=link))
        elif kind == "image":
            continue  # images become blocks of their own (see blocks.images_in)
        elif kind in STYLE_OF:
            yield from _runs(token["children"], STYLE_OF[kind](style))
        elif "children" in token:
            yield from _runs(token["children"], style)
        elif "raw" in token:
            yield Run(token["raw"], style)


def alt_as_text(tokens: Iterable[Token]) -> list[Token]:
    """Return inline ``tokens`` with each image replaced by its alt text in brackets."""
    return [
        {"type": "text", "raw": f"[{inline_text(t['children'])}]"}
        if t["type"] == "image"
        else {**t, "children": alt_as_text(t["children"])}
        if "children" in t
        else t
        for t in tokens
    ]


def strip_runs(runs: Runs) -> Runs:
    """Return ``runs`` without white space at the start and end."""
    if runs and runs[0].text != runs[0].text.lstrip():
        runs = (Run(runs[0].text.lstrip(), runs[0].style), *runs[1:])
    if runs and runs[-1].text != runs[-1].text.rstrip():
        runs = (*runs[:-1], Run(runs[-1].text.rstrip(), runs[-1].style))
    return tuple(run for run in runs if run.text)


def inline_text(tokens: Iterable[Token]) -> str:
    """Return the plain text of inline ``tokens`` (an image's alt text, a label)."""
    return "".join(run.text for run in to_runs(tokens))
