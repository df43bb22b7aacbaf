"""fit and write: where a long address (a URL, a path, a host name) may break across lines.

A renderer breaks a line at spaces, after a hyphen, and wherever else its own rules allow:
LibreOffice breaks an address wider than its line in the middle of a word (``amazon.co``
``m``), WeasyPrint after a slash or a hyphen but never after a dot, and each differently. So
that the deck and the PDFs break an address alike, and where it reads (after ``/``, ``.`` or
``-``), the fit measures, and both writers draw, a zero-width space (U+200B) after each of
them inside an address (``breakable``): PowerPoint, LibreOffice and WeasyPrint all break
there, and only there inside the address, when it does not fit the rest of the line (a
query string's ``?`` and ``&`` get one too).

The character is invisible but real. WeasyPrint leaves it out of the PDF's text, so copying
from the PDFs gives the address as written; copying the visible text of a slide in
PowerPoint or LibreOffice keeps it (a link's target, which a click or "Copy Link" use, is
the address as written). No other way makes all three break there: DrawingML has no break
opportunity without a character, and LibreOffice breaks neither after a dot nor at a word
joiner's absence. So only addresses long enough to need it get one (``ADDRESS_MIN``), and
never one in code (a code box, or inline code), which a reader copies to run.
"""

from __future__ import annotations

import re

from exporter.model import Run

BREAK = "\u200b"
"""The zero-width space: a line may break after it, and it takes no room."""
ADDRESS_MIN = 16
"""The least length of an address that gets break opportunities: a shorter one moves to the
next line whole in any text box the theme makes."""
ADDRESS = re.compile(
    r"""(?ix)
    (?:[a-z][a-z0-9+.-]*://|www\.|mailto:)\S+          # a URL
    | \S*/\S*/\S*                                     # a path of two slashes or more
    | [\w-]+(?:\.[\w-]+)+\.[a-z]{2,}(?![\w-])         # a host name of three labels or more
    """
)
"""A word that is an address."""
AFTER = re.compile(r"(?<=[^\s/.\-?&])[/.\-?&]+(?=[^\s/.\-?&])")
"""Where an address may break: after a run of slashes, dots, hyphens, question marks and
ampersands between two other characters (never after a leading ``/`` alone). WeasyPrint
breaks after a ``?`` by its own rules, and LibreOffice does not: given one there, both
break a query string alike (``home?`` / ``region=eu-west-1``)."""
WORD = re.compile(r"\S+")


def shown(run: Run, role: str) -> str:
    """Return a run's text as the writers draw it and the fit measures it: breakable
    (``breakable``) unless it is code, in a code box (``role``) or inline."""
    return run.text if role == "code" or run.style.code else breakable(run.text)


def breakable(text: str) -> str:
    """Return ``text`` with a zero-width space after each ``/``, ``.``, ``-``, ``?`` and
    ``&`` (a run of them taken as one) inside each address of ``ADDRESS_MIN`` characters or
    more."""
    if "/" not in text and "." not in text:
        return text
    return WORD.sub(address_breaks, text)


def address_breaks(word: re.Match[str]) -> str:
    """Return one word, with break opportunities when it is a long address."""
    text = word[0]
    if len(text) < ADDRESS_MIN or BREAK in text or not ADDRESS.fullmatch(text.rstrip(",;:!?)")):
        return text
    return AFTER.sub(lambda found: found[0] + BREAK, text)
