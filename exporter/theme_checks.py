"""themes: the warnings a loaded theme earns: text too faint on its background, and a deck font
measured with a font of other metrics.

A theme with these problems still exports (the deck is readable on a good screen, and wraps
close to where the fit measured), so each is a warning, reported once per build, not an error.
The contrast ratio is WCAG 2's; this module imports nothing from ``exporter.theme`` at run
time, so that the theme module can use it as it loads a theme.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from exporter.resources import MissingFont, theme_font

if TYPE_CHECKING:
    from exporter.theme import Theme

MIN_CONTRAST = 4.5
"""The least contrast text needs on what it is drawn on (WCAG's AA for body text)."""
LARGE_CONTRAST = 3.0
"""The least contrast large text needs (WCAG's AA for large text)."""
LARGE_TEXT = 24.0
"""From this size in points text counts as large."""


def luminance(color: str) -> float:
    """Return the relative luminance of an ``RRGGBB`` colour, as WCAG 2 defines it."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """Return the WCAG 2 contrast ratio of two ``RRGGBB`` colours, from 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def needed(size: float) -> float:
    """Return the contrast text of ``size`` points needs."""
    return LARGE_CONTRAST if size >= LARGE_TEXT else MIN_CONTRAST


def text_pairs(theme: Theme) -> Iterator[tuple[str, str, float]]:
    """Yield each text colour's name, the name of the colour it is drawn on, and the smallest
    size it is drawn in (in points), as the writers draw them."""
    sizes = theme.sizes
    yield "text", "background", sizes.body_min
    yield "title", "background", sizes.title_min
    yield "accent", "background", sizes.body_min  # links and subheadings
    yield "muted", "background", sizes.footer  # the footer and the title slide's subtitle
    yield "column_heading_text", "accent", sizes.column_heading  # on the heading's bar
    yield "table_header_text", "table_header", sizes.table_min
    yield "table_text" if theme.colors.table_text else "text", "table_band", sizes.table_min
    yield "code_text", "code_background", sizes.code_min


USES = {
    "background": "the slide's background",
    "text": "the body text",
    "title": "the title",
    "accent": "the accent (links, subheadings)",
    "muted": "the footer's text",
    "column_heading_text": "the column headings' text",
    "table_header_text": "the table header's text",
    "table_header": "the table header's fill",
    "table_text": "the table's text",
    "table_band": "the table's banded rows",
    "code_text": "the code's text",
    "code_background": "the code boxes' fill",
}
"""What each colour of a theme is used for, as a template's colours are named where no
colour of its scheme is (``colors.background`` means nothing to one who brought it)."""


def contrast_problems(
    theme: Theme,
    title_ground: str | None = None,
    names: Mapping[str, str] | None = None,
    body_ground: str | None = None,
) -> list[str]:
    """Return a sentence for each text colour of ``theme`` too faint on what it is drawn on
    (the title on ``title_ground``, where given: a template's band or panel behind it; the
    body's text, accent and muted text on ``body_ground``, a panel behind the body). A
    colour is named ``colors.accent``, as a theme file names it, or as ``names`` says (a
    template's: ``the template's Accent 1``, else by its use: ``the slide's background``)."""
    colors = theme.colors
    found = []

    def named(field: str, value: str) -> str:
        # A template's colour no scheme slot names is told by its use, not a theme file's key.
        fallback = f"colors.{field}" if names is None else USES.get(field, field)
        return f"{(names or {}).get(field, fallback)} ({value})"

    for ink, paper, size in text_pairs(theme):
        one, other = getattr(colors, ink), getattr(colors, paper)
        where = named(paper, other)
        if ink == "title" and title_ground is not None and title_ground != other:
            other, where = title_ground, f"the template's fill behind the title ({title_ground})"
        body = ink in ("text", "accent", "muted") and paper == "background"
        if body and body_ground is not None and body_ground != other:
            other, where = body_ground, f"the template's panel behind the body ({body_ground})"
        ratio, least = contrast(one, other), needed(size)
        if ratio < least:
            found.append(
                f"{named(ink, one)} on {where} has a contrast of "
                f"{ratio:.2f}:1; text of {size:g} pt needs at least {least:g}:1"
            )
    return found


METRIC_TWINS: dict[str, tuple[str, ...]] = {
    "calibri": ("Carlito",),
    "cambria": ("Caladea",),
    "arial": ("Liberation Sans", "Arimo"),
    "helvetica": ("Liberation Sans", "Arimo"),
    "arial narrow": ("Liberation Sans Narrow",),
    "times new roman": ("Liberation Serif", "Tinos"),
    "times": ("Liberation Serif", "Tinos"),
    "courier new": ("Liberation Mono", "Cousine"),
    "courier": ("Liberation Mono", "Cousine"),
    "georgia": ("Gelasio",),
}
"""The open fonts made with the advance widths of common fonts, by the common font's name."""
SAMPLE = "The quick brown fox jumps over the lazy dog. 0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ"
"""The text whose width two fonts must agree on."""
WIDTH_TOLERANCE = 0.01
"""How far two fonts' widths of ``SAMPLE`` may differ, as a fraction, to count as the same."""


def sample_width(data: bytes) -> float:
    """Return the width of ``SAMPLE`` in a font's file, in ems (characters it lacks count as
    its missing glyph's width)."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # a rare check: loaded here

    font = TTFont(io.BytesIO(data), lazy=True)
    cmap = font.getBestCmap() or {}
    advances = font["hmtx"].metrics
    per_em = float(font["head"].unitsPerEm)
    return float(sum(advances[cmap.get(ord(c), ".notdef")][0] for c in SAMPLE)) / per_em


def metric_problem(theme: Theme, name: str, file: str) -> str | None:
    """Return why the deck font ``name`` may not wrap where ``file`` was measured, or ``None``.

    The same name is the same font. When the theme has files of both, their widths of a
    sample text are compared; else the known pairs of ``METRIC_TWINS`` decide.
    """
    if name.casefold() == file.casefold():
        return None
    try:
        asked = sample_width(theme_font(theme, name, exact=True))
    except MissingFont:
        asked = None
    if asked is not None:
        measured = sample_width(theme_font(theme, file))
        change = measured / asked - 1
        if abs(change) <= WIDTH_TOLERANCE:
            return None
        return f"{file} sets text {change:+.1%} as wide as {name}"
    twins = METRIC_TWINS.get(name.casefold())
    if twins is None:
        stem = name.replace(" ", "")
        return (
            f"{name} has no known metric-compatible twin, and the theme has no "
            f"fonts/{stem}-Regular.ttf to compare {file} with"
        )
    if file.casefold() in (twin.casefold() for twin in twins):
        return None
    return f"{name}'s metric-compatible twin is {' or '.join(twins)}, not {file}"


def metric_problems(theme: Theme) -> list[str]:
    """Return a sentence for each deck font of ``theme`` measured with a font of other metrics
    (each pair once, naming the roles it serves)."""
    roles: dict[tuple[str, str], list[str]] = {}
    for role in ("heading", "body", "code"):
        font = getattr(theme.fonts, role)
        roles.setdefault((font.name, font.file), []).append(role)
    found = []
    for (name, file), where in roles.items():
        why = metric_problem(theme, name, file)
        if why is not None:
            found.append(
                f"fonts.{' and fonts.'.join(where)}: the deck asks for {name} but the fit "
                f"measures with {file}, and {why}: the deck will not wrap where the fit measured"
            )
    return found
