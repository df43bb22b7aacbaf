"""write: lesson text and lengths as HTML and CSS: escaped, set to break where the slides break,
in inches (no WeasyPrint here).

Every writer of HTML (``html``, ``handout``, ``answers``, ``contents``) puts a lesson's text
through ``escape``: raw HTML in a lesson is shown, never interpreted.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from exporter.addresses import BREAK
from exporter.geometry import Box
from exporter.lexing import Role
from exporter.theme_checks import MIN_CONTRAST, contrast
from exporter.writers.drawingml import xml_safe


def aligned(align: str) -> str:
    """Return the CSS that aligns a paragraph (nothing for ``left``, which is as it is)."""
    return "" if align == "left" else f";text-align:{align}"


def escape(text: str) -> str:
    """Return ``text`` safe inside HTML text and attribute values."""
    # A line or paragraph separator after a space crashes WeasyPrint's line breaking; on a
    # slide either reads as a space.
    return html.escape(xml_safe(text).translate(SEPARATORS), quote=True)


SEPARATORS = {0x2028: " ", 0x2029: " "}


def css_string(text: str) -> str:
    """Return ``text`` as a quoted CSS string."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '"\\' or ord(char) < 0x20 or char == "\x7f" else char
        for char in xml_safe(text)
    )
    return f'"{escaped}"'


def slide_text(text: str) -> str:
    """Return ``text`` set to break only where PowerPoint and LibreOffice break a line.

    Runs of spaces are kept, as a slide keeps them, where HTML collapses them (collapsing white
    space with ``pre-wrap`` instead trips WeasyPrint's line breaking next to a floated
    bullet). A word joiner after each slash keeps ``and/or`` whole, which browsers break,
    except where a long address may break (a zero-width space follows, see ``addresses``).
    """
    text = SPACES.sub(lambda match: " " + "\u00a0" * (len(match[0]) - 1), text)
    return SPACE_SLASH.sub("\u200b/", SLASH.sub("/\u2060", text))


SPACES = re.compile(" {2,}")
EDGE_SPACES = re.compile("( *)(.*?)( *)", re.DOTALL)
"""A run's text: the spaces it starts with, the rest, and the spaces it ends with."""
SLASH = re.compile(f"/(?!{BREAK})")
SPACE_SLASH = re.compile("(?<= )/")
"""A slash after a space: the line-breaking rules WeasyPrint follows never break before a
slash, even after a space (``see`` / ``/etc/hosts``), where PowerPoint, LibreOffice and the
fit do; a zero-width space there lets it."""


def spaced(text: str, inner: Callable[[str], str]) -> str:
    """Return a piece of HTML ``text`` as ``inner`` makes it, the spaces it starts and ends
    with in spans of their own: WeasyPrint (70) breaks a line wrongly where a piece of text
    that ends or starts with a space meets another element near the line's end, leaving a
    word alone on a line the rest would fill (``… source port, / destination / address``
    before ``ss -tulpn``, ``COPY --`` / ``from=builder ...``)."""
    lead, core, trail = EDGE_SPACES.fullmatch(text).groups()  # type: ignore[union-attr]
    return "".join(
        (
            f"<span>{lead}</span>" if lead else "",
            inner(core) if core else "",
            f"<span>{trail}</span>" if trail else "",
        )
    )


def token_html(role: Role | None) -> Callable[[str], str]:
    """Return what puts a highlighted token's HTML in the span of its role's class (plain
    text where it has none)."""
    if role is None:
        return lambda text: text
    return lambda text: f'<span class="t-{role.value}">{text}</span>'


def unslashed(code: str) -> str:
    """Return a piece of code with a word joiner after each slash and a zero-width space
    before one after a space (``SPACE_SLASH``): LibreOffice and the fit wrap a line of code at
    its spaces (and hyphens), where the PDF (Pango) would break it after a slash instead
    (``http://localhost:8000/`` / ``healthz``). Neither is in the PDF's text, so code copied
    from it runs."""
    return SPACE_SLASH.sub("\u200b/", code.replace("/", "/\u2060"))


def inches(value: float) -> str:
    """Return a length in inches for CSS."""
    return f"{value:.4f}in"


def on_paper(color: str) -> str:
    """Return ``color`` if it reads on white paper, else a dark grey (handouts' text outside
    the slides, in a theme made for dark slides)."""
    return color if contrast(color, "FFFFFF") >= MIN_CONTRAST else "374151"


def placed_at(box: Box) -> str:
    """Return the CSS that puts an absolutely positioned element at ``box``."""
    return f"left:{inches(box.x)};top:{inches(box.y)};width:{inches(box.w)};height:{inches(box.h)}"


def inset(pair: tuple[float, float]) -> str:
    """Return a box's inner margin (left/right, top/bottom) as CSS padding."""
    return f"padding:{inches(pair[1])} {inches(pair[0])}"


HELD_WORD = re.compile(r"[^\s<>]+")
"""A word of inline code's HTML (its line breaks, ``<br/>``, apart)."""
HELD_MOST = 60
"""The length of the longest word of inline code the outline keeps whole (``held_word``)."""


def held_word(word: re.Match[str]) -> str:
    """Return a word of inline code's HTML in a span of class ``nw`` where WeasyPrint could
    break it inside (after a hyphen or a slash), and it is short enough to keep whole: the
    outline, whose text WeasyPrint wraps, sets it ``nowrap``, so that ``--region eu-west-1``
    breaks, if at all, at its space, as the slides' does (``fit.inlinecode``)."""
    text = word[0]
    if len(text) > HELD_MOST or not any(char in "-/?" for char in text.rstrip("-/?")):
        return text
    return f'<span class="nw">{text}</span>'


LONG_CODE = 20
"""The length, in characters, from which a word of inline code (an address, a command) may
break anywhere in the outline's tables, rather than push a table past the page's edge; a
shorter one (``df.query()``, ``/healthz``) is kept whole."""


def long_code(text: str) -> bool:
    """Return whether inline code ``text`` holds a word of ``LONG_CODE`` characters or more."""
    return any(len(word) >= LONG_CODE for word in text.split())
