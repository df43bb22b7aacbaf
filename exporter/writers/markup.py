"""write: a document of ours read as XML, where that reading is the one HTML gives.

WeasyPrint reads a document with tinyhtml5, an HTML parser written in Python: 8 to 16 ms for
a small handout or slide PDF, a twentieth of its render. The writers write HTML that is also
well-formed XML meaning the same (void elements closed, a table's rows in a ``tbody``, no
block inside a paragraph), and Python's XML parser (expat, in C) reads it in a fraction of a
millisecond, into the same ``ElementTree`` elements. ``tests/test_markup.py`` reads every
document the writers make for the test lessons both ways and compares the trees.

What lesson text can put in a document is escaped, but some characters, and some shapes of
text, are read otherwise by an HTML parser than by an XML one; a document holding any of them
is read as HTML (``None`` here), and so is one that is not well-formed XML, or not a whole
document (``whole``):

- a line feed right after a ``<pre>`` start tag, which HTML drops;
- a comment, a CDATA section, a processing instruction or a document type other than
  ``<!DOCTYPE html>`` (HTML keeps comments in the tree; the others are bogus comments to it,
  and XML would read the entities a document type declares);
- an element HTML reads in a namespace or as raw text (``svg``, ``math``, ``style``...), and
  ``base``, which WeasyPrint reads the document's address from;
- a tab, line feed or carriage return in an attribute's value, which XML turns into spaces;
- an element other than a void one closed as it opens (``<p/>``), which HTML leaves open;
- a numeric reference to a character from U+0080 to U+009F, which HTML reads as
  Windows-1252's.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

READ_APART = re.compile(
    r"<(?:(?:pre|textarea|listing)\b[^>]*>\n"
    r"|!(?!DOCTYPE html>)|\?"
    r"|(?:svg|math|style|script|template|noscript|plaintext|xmp|iframe|noembed|noframes|base)\b"
    r"|(?!(?:area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)\b)[a-zA-Z][^<>]*/>)"
    r"|=\s*(?:\"[^\"]*[\t\n\r]|'[^']*[\t\n\r])"
    r"|&#(?:[xX]0*[89][0-9a-fA-F]|0*1(?:2[89]|[3-5][0-9]));",
    re.IGNORECASE,
)
"""What an HTML parser and an XML parser read apart (see the module)."""


def xml_tree(text: str) -> ElementTree.Element | None:
    """Return the root element of the document ``text`` as HTML reads it, read as XML; or
    ``None`` when the two readings could differ (see the module) and it must be read as
    HTML."""
    if READ_APART.search(text) is not None:
        return None
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return None
    return root if whole(root) else None


def whole(root: ElementTree.Element) -> bool:
    """Return whether ``root`` is a whole document as HTML reads it: ``html`` holding a
    ``head`` of metadata (``meta`` and an element-free ``title``) and a ``body``, no text
    between them. HTML makes what is missing, and moves what is elsewhere, where XML reads
    it as it stands."""
    if root.tag != "html" or [child.tag for child in root] != ["head", "body"]:
        return False
    head, body = root
    if root.text or head.text or head.tail or body.tail:
        return False
    return all(
        element.tag == "meta" or (element.tag == "title" and len(element) == 0) for element in head
    )
