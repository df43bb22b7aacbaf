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

Undocumented behaviour (no leading underscore, but no promise either):

- ``CSS(matcher=...)`` and what a parse puts in it (``RuleSheets``): each style rule's
  selectors, added one by one with ``cssselect2.Matcher.add_selector`` and the rule's checked
  declarations as ``(declarations, layer)``; a style sheet made with a matcher of our own
  that holds the same, in the same order, is the same style sheet.
- What an ``HTML`` holds once it has read its document (``tree_html``): its address
  (``base_url``), ``url_fetcher``, ``media_type``, and the tree its parser read, as
  ``wrapper_element`` (cssselect2's wrapper of the root, for an HTML document) and
  ``etree_element`` (the root); an ``HTML`` given those for a tree read otherwise is the same
  document.
- WeasyPrint's ``ffi`` (``weasyprint.text.ffi``, cffi's ``FFI``) makes the arrays it gives
  HarfBuzz's subsetter with ``ffi.new`` of a C type that names their length
  (``"hb_codepoint_t[83]"``), a new type for each length (``sized_arrays``).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from typing import Any
from xml.etree.ElementTree import Element

import cssselect2

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


def sized_arrays(ffi: Any) -> None:
    """Make ``ffi.new`` of an array type of a given length, given as many values as a list
    or tuple, make the array of the open type instead: ``"int[3]"`` given ``[1, 2, 3]`` as
    ``"int[]"``, the same three values.

    cffi reads each C type it has not seen with pycparser, the library's whole declarations
    read again with it: 5 to 12 ms a type. WeasyPrint names the length of each array it gives
    HarfBuzz's subsetter, the glyphs each font keeps, so that nearly every font of every PDF
    asks for a type of a new length: 82 types read (0.42 s of CPU) while a worker wrote 150
    lessons' handouts. The open type is read once. Any other call is cffi's own; called
    again, this changes nothing.
    """
    new = ffi.new
    if getattr(new, "sized_arrays", False):
        return

    def new_array(cdecl: Any, init: Any = None) -> Any:
        if isinstance(init, (list, tuple)) and isinstance(cdecl, str) and cdecl.endswith("]"):
            open_type, _, length = cdecl[:-1].rpartition("[")
            if length.isdigit() and int(length) == len(init):
                return new(f"{open_type}[]", init)
        return new(cdecl, init)

    new_array.sized_arrays = True  # type: ignore[attr-defined]
    ffi.new = new_array


READ = {"base_url", "url_fetcher", "media_type", "wrapper_element", "etree_element"}
"""What an ``HTML`` holds once it has read its document."""


def tree_html(html: Any) -> Callable[[Element, str, Any], Any] | None:
    """Return a maker of WeasyPrint documents of the class ``html`` from a tree already read
    (its root, the document's address and the fetcher of what it refers to), as ``html``
    would have made one that read the same tree with its parser; ``None`` where an ``HTML``
    holds something else once it has read its document (another make of WeasyPrint).

    The tree must be read as HTML reads it (``markup.xml_tree``), and hold no ``base``
    element (whose address WeasyPrint would take)."""
    probe = html(string="<p>read</p>", base_url="lesson:/")
    if set(vars(probe)) != READ or probe.media_type != "print":
        return None

    def made(root: Element, base_url: str, fetcher: Any) -> Any:
        document = html.__new__(html)
        wrapper = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
        vars(document).update(
            base_url=base_url,
            url_fetcher=fetcher,
            media_type="print",
            wrapper_element=wrapper,
            etree_element=wrapper.etree_element,
        )
        return document

    return made


PLAIN_RULE = re.compile(r"""([^{}@;"'\\/]+)\{((?:[^{}"'\\/]|/(?!\*)|"[^"\\\n]*"|'[^'\\\n]*')*)\}""")
"""A style rule that any CSS parser reads alike: a selector, then declarations, with no
at-rule, comment, escape or nested block (strings in the declarations are whole ones)."""
KEPT_RULES = 4096
"""How many selectors, and how many sets of declarations, a process keeps parsed."""


def plain_rules(text: str) -> list[tuple[str, str]] | None:
    """Return the selector and declarations of each rule of the style sheet ``text``, in
    order, if it is nothing but ``PLAIN_RULE``s one after the other, each with its brackets
    paired (an open one would hold the rules after it); else ``None``."""
    if "<!--" in text or "-->" in text:  # markup's comment marks, which a parser skips
        return None
    rules = []
    end = 0
    while end < len(text):
        found = PLAIN_RULE.match(text, end)
        if found is None or not (paired(found[1]) and paired(found[2])):
            return None
        rules.append((found[1], found[2]))
        end = found.end()
    return rules


def paired(text: str) -> bool:
    """Return whether every ``(`` and ``[`` of ``text`` is closed, in order (strings, which
    ``PLAIN_RULE`` keeps whole, aside)."""
    opened: list[str] = []
    for char in STRINGS.sub("", text):
        if char in "([":
            opened.append(")" if char == "(" else "]")
        elif char in ")]" and (not opened or opened.pop() != char):
            return False
    return not opened


STRINGS = re.compile(r""""[^"]*"|'[^']*'""")


class Recorder(cssselect2.Matcher):  # type: ignore[misc]
    """A matcher that also keeps each selector WeasyPrint's parse adds, with its payload."""

    def __init__(self) -> None:
        super().__init__()
        self.added: list[tuple[Any, Any]] = []

    def add_selector(self, selector: Any, payload: Any) -> None:
        self.added.append((selector, payload))
        super().add_selector(selector, payload)


class RuleSheets:
    """Style sheets of plain rules (``plain_rules``) assembled from rules parsed once a
    process: a document's own rules (``SlideStyles.classes_css``) are mostly those of the
    documents before it under other names, each a selector seen before and declarations
    seen before. Parsed whole, they cost a small handout 12 ms of its 200 to 250.

    WeasyPrint's ``css`` class parses a rule into its matcher: it compiles the selectors,
    checks the declarations (which does not depend on the selectors), and, if any
    declaration holds, adds each selector with ``(declarations, None)``. Here selectors and
    declarations not seen before are parsed by WeasyPrint, all of a sheet's in one sheet,
    each in a rule of its own, and what it added is kept (``Recorder``); a sheet is then a
    matcher given the same, in the same order, as the whole sheet's parse would have given it.
    """

    def __init__(self, css: Any, base_url: str) -> None:
        self.css = css
        self.base_url = base_url
        self.selectors: OrderedDict[str, tuple[Any, ...]] = OrderedDict()
        """The compiled selectors WeasyPrint adds for a rule with each selector."""
        self.declarations: OrderedDict[str, Any] = OrderedDict()
        """The payload WeasyPrint gives a rule's selectors for each set of declarations
        (``None``: none of them holds, and no selector is added)."""

    def sheet(self, text: str, fetcher: Any) -> Any | None:
        """Return WeasyPrint's style sheet for ``text`` if it is made of plain rules
        (``plain_rules``), assembled; else ``None``."""
        rules = plain_rules(text)
        if rules is None:
            return None
        selectors, declared = self.learn(rules)
        matcher = cssselect2.Matcher()
        for selector, declarations in rules:
            payload = declared[declarations]
            if payload is not None:
                for compiled in selectors[selector]:
                    matcher.add_selector(compiled, payload)
        return self.css(string="", base_url=self.base_url, url_fetcher=fetcher, matcher=matcher)

    def learn(
        self, rules: list[tuple[str, str]]
    ) -> tuple[dict[str, tuple[Any, ...]], dict[str, Any]]:
        """Return what WeasyPrint adds for each selector and each set of declarations of
        ``rules``: those kept, and those not kept yet parsed now (each new selector in a rule
        giving its number as ``z-index``, each new set of declarations for a class named by
        its number, so that what WeasyPrint adds tells whose it is) and kept, the least
        recently used given up past ``KEPT_RULES`` (never one of these rules')."""
        selectors: dict[str, tuple[Any, ...]] = {}
        declared: dict[str, Any] = {}
        new_selectors: dict[str, None] = {}
        new_declarations: dict[str, None] = {}
        for selector, declarations in rules:
            if selector in self.selectors:
                selectors[selector] = self.selectors[selector]
            else:
                new_selectors[selector] = None
            if declarations in self.declarations:
                declared[declarations] = self.declarations[declarations]
            else:
                new_declarations[declarations] = None
        if new_selectors:
            found: dict[int, list[Any]] = {}
            sheet = "".join(
                f"{selector}{{z-index:{n}}}" for n, selector in enumerate(new_selectors)
            )
            for compiled, (payload, _) in self.parse(sheet):
                found.setdefault(payload[0][1], []).append(compiled)
            for n, selector in enumerate(new_selectors):
                selectors[selector] = tuple(found.get(n, ()))
        if new_declarations:
            sheet = "".join(f".d{n}{{{text}}}" for n, text in enumerate(new_declarations))
            given = {compiled.class_name: payload for compiled, payload in self.parse(sheet)}
            for n, declarations in enumerate(new_declarations):
                declared[declarations] = given.get(f"d{n}")
        for kept, these in ((self.selectors, selectors), (self.declarations, declared)):
            for key, value in these.items():
                kept[key] = value
                kept.move_to_end(key)
            while len(kept) > KEPT_RULES:
                kept.popitem(last=False)
        return selectors, declared

    def parse(self, sheet: str) -> list[tuple[Any, Any]]:
        """Return what WeasyPrint's parse of ``sheet`` adds to a matcher, in order."""
        recorder = Recorder()
        self.css(string=sheet, base_url=self.base_url, matcher=recorder)
        return recorder.added
