"""write: every WeasyPrint internal the PDF writer relies on, in one place.

WeasyPrint's documented API has no door for what is done here; it is done through a function
here, never directly, so that a WeasyPrint release that changes it fails by name in
``tests/test_dependencies.py``, and the writer then works as WeasyPrint does by itself, only
slower. (pydyf's ``PDF.page_references``, which ``writers.pdf`` makes remember its value, is
a public property.)

Private names (a leading underscore: WeasyPrint may change them in any release):

- ``HTML._ua_stylesheets`` (``lean_html``): the user-agent style sheets a document is laid
  out with, here WeasyPrint's own (``weasyprint.html.UA`` with its ``UA_COUNTER_STYLE``;
  ``HTML5_UA`` and ``HTML5_UA_COUNTER_STYLE`` before WeasyPrint 70) less the ``UNDRAWN``
  rules.
"""

from __future__ import annotations

import re
from typing import Any

UNDRAWN = re.compile(
    r"^::(marker|footnote-call|footnote-marker|note-call|note-marker|note-callback) *\{[^}]*\}\n",
    re.MULTILINE,
)
"""WeasyPrint's user-agent rules for pseudo-elements of every element: a list item's marker,
footnotes' and notes' calls and markers. Our PDFs have no list item, footnote or note."""


def user_agent_sheet() -> tuple[str | None, Any]:
    """Return the text of WeasyPrint's user-agent style sheet and its counter styles (``UA``
    and ``UA_COUNTER_STYLE``, ``HTML5_UA`` and ``HTML5_UA_COUNTER_STYLE`` before WeasyPrint
    70), ``None`` for what this WeasyPrint does not have."""
    from weasyprint import html as pages

    text = getattr(pages, "UA", getattr(pages, "HTML5_UA", None))
    counters = getattr(pages, "UA_COUNTER_STYLE", getattr(pages, "HTML5_UA_COUNTER_STYLE", None))
    return (text if isinstance(text, str) else None), counters


def lean_html(html: Any, css: Any) -> Any:
    """Return WeasyPrint's ``HTML`` class (``html``, with its ``CSS`` class ``css``), made to
    lay documents out with its user-agent style sheet less the ``UNDRAWN`` rules.

    Each of those rules gave every element of a document a computed style for a
    pseudo-element that is never drawn, six more an element: without them, the slide PDFs and
    handouts of a 30-lesson course take 6 to 8 % less CPU (7.49 and 7.69 s against 8.18 and
    8.20 s), every character and bookmark in the same place. Where WeasyPrint is of another
    make (no such rules in its user-agent sheet, or no ``HTML._ua_stylesheets`` to give the
    sheet to), ``html`` as it is.
    """
    text, counters = user_agent_sheet()
    given = getattr(html, "_ua_stylesheets", None)
    lean = UNDRAWN.sub("", text) if text is not None else None
    if lean is None or lean == text or counters is None or not callable(given):
        return html
    sheet = css(string=lean, counter_style=counters)

    class LeanHTML(html):  # type: ignore[misc]
        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return [sheet, *super()._ua_stylesheets(forms)[1:]]  # the form sheet kept

    return LeanHTML
