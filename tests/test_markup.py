"""The PDF writer reads our documents as XML where that reading is the one HTML gives
(``writers/markup.py``): every document the writers make for the test lessons, in every
theme kind and layout, is well-formed XML whose tree is the tree WeasyPrint's HTML parser
reads; what an HTML and an XML parser read apart is read as HTML; and the PDF is the same
either way."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import tinyhtml5

from exporter.jobs import Job
from exporter.options import Options
from exporter.paper import HANDOUTS, Edition
from exporter.pipeline import edition_of, lay_out
from exporter.theme import load_theme
from exporter.writers import pdf
from exporter.writers.answers import has_answer_key, render_answers
from exporter.writers.contents import Line, render_front, render_notices
from exporter.writers.document import Document
from exporter.writers.handout import render_handout
from exporter.writers.html import render_slides
from exporter.writers.markup import READ_APART, xml_tree
from tests.conftest import LESSONS, ROOT, SEED
from tests.template_kit import dark_logo

FIXTURES = ROOT / "tests" / "fixtures"


def html_reading(text: str) -> ElementTree.Element:
    """Return the tree WeasyPrint's HTML parser reads from ``text``."""
    root: ElementTree.Element = tinyhtml5.parse(text, namespace_html_elements=False)
    return root


def differences(html: ElementTree.Element, xml: ElementTree.Element, path: str = "") -> list[str]:
    """Return where the trees ``html`` and ``xml`` differ: a tag, attributes, text or tail,
    or their children."""
    here = f"{path}/{html.tag}"
    found = [
        f"{here}: {what} {mine!r} != {theirs!r}"
        for what, mine, theirs in (
            ("tag", html.tag, xml.tag),
            ("attributes", html.attrib, xml.attrib),
            ("text", html.text or "", xml.text or ""),
            ("tail", html.tail or "", xml.tail or ""),
            ("children", len(html), len(xml)),
        )
        if mine != theirs
    ]
    if found:
        return found
    return [
        difference
        for index, (mine, theirs) in enumerate(zip(html, xml, strict=True))
        for difference in differences(mine, theirs, f"{here}[{index}]")
    ]


def written_documents(folder: Path) -> list[tuple[str, Document]]:
    """Return every document the writers make for the test lessons: each lesson's slides
    and handout (a quiz's answer key and students' handout too), the seed's every handout
    layout and in the other themes and a template's, and a course book's contents and a
    failed lesson's page."""
    options = Options(offline=True)
    themes = {name: load_theme(name) for name in ("default", "dark", "classroom")}
    themes["template"] = load_theme("default", dark_logo(folder))
    lessons = sorted(LESSONS.rglob("*.md")) + sorted(FIXTURES.rglob("*.md"))
    made: list[tuple[str, Document]] = []
    for lesson in lessons:
        kinds = themes if lesson == SEED else {"default": themes["default"]}
        for kind, theme in kinds.items():
            job = Job(lesson, lesson.name, folder / lesson.stem, lesson.parent)
            laid, _ = lay_out(job, theme, options=options)
            name = f"{lesson.relative_to(ROOT)} ({kind})"
            made.append((f"{name} slides", render_slides(laid)))
            layouts = list(HANDOUTS) if lesson == SEED else ["3"]
            made += [(f"{name} handout {n}", render_handout(laid, n)) for n in layouts]
            if has_answer_key(laid.deck):
                students = edition_of(laid, Options(edition=Edition.STUDENT))
                made.append((f"{name} answers", render_answers(laid)))
                made.append((f"{name} students", render_handout(students, edition=Edition.STUDENT)))
    theme = themes["default"]
    lines = [Line("1. Intro", "Section 1"), Line("2. <Next> & more", "Section 1", failed=True)]
    made.append(("contents", render_front(theme, "A & B's course", lines, "a4", None)))
    made.append(
        ("notices", render_notices(theme, "Course", [("x.md", "line 3: bad\tthing")], "a4"))
    )
    return made


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, Document]]:
    return written_documents(tmp_path_factory.mktemp("markup"))


def test_every_document_the_writers_make_is_xml_that_reads_as_its_html(
    documents: list[tuple[str, Document]],
) -> None:
    assert len(documents) > 80
    for name, document in documents:
        if READ_APART.search(document.html):
            continue  # read as HTML, as it must be (see the tests below)
        tree = xml_tree(document.html)
        assert tree is not None, f"{name}: not well-formed XML"
        assert differences(html_reading(document.html), tree) == [], name
    apart = [name for name, document in documents if READ_APART.search(document.html)]
    assert len(apart) < len(documents) / 10, apart  # the rare lesson text HTML reads apart


HTML_READS_APART = [
    "<pre>\nfirst line kept by XML</pre>",  # HTML drops a line feed right after <pre>
    "<p>a<!-- a comment HTML keeps in the tree --></p>",
    '<p><svg viewBox="0 0 1 1"></svg></p>',  # HTML reads it in the SVG namespace
    '<p title="a\tb">tab</p>',  # XML reads a tab in an attribute as a space
    '<p title="a\nb">line feed</p>',
    "<p><span/>HTML leaves the span open</p>",
    "<p>&#x80; is a euro sign to HTML</p>",
    "<p>&#150; is a dash to HTML</p>",
]


@pytest.mark.parametrize("body", HTML_READS_APART)
def test_what_html_reads_apart_from_xml_is_read_as_html(body: str) -> None:
    text = f"<!DOCTYPE html><html><head></head><body>{body}</body></html>"
    assert differences(html_reading(text), ElementTree.fromstring(text)) != []  # why
    assert xml_tree(text) is None


@pytest.mark.parametrize(
    "body",
    [
        "<p>&nbsp;an entity XML does not know</p>",
        "<p>a control character \x01</p>",
        "<p>an element left open",
        "<p a='1' a='2'>an attribute twice</p>",
    ],
)
def test_what_is_not_well_formed_xml_is_read_as_html(body: str) -> None:
    assert xml_tree(f"<!DOCTYPE html><html><head></head><body>{body}</body></html>") is None


@pytest.mark.parametrize(
    "text",
    [
        "<p>no html, head or body: HTML makes them</p>",
        "<html><body><p>no head</p></body></html>",
        "<html><head><p>HTML moves a paragraph to the body</p></head><body></body></html>",
        "<html><head><title>a <b>tag</b> is text to HTML</title></head><body></body></html>",
        "<html><head></head><body></body><p>after the body</p></html>",
        "<html> <head></head><body></body></html>",
    ],
)
def test_what_is_not_a_whole_document_is_read_as_html(text: str) -> None:
    assert differences(html_reading(text), ElementTree.fromstring(text)) != []  # why
    assert xml_tree(text) is None


def test_a_document_type_other_than_htmls_is_never_read_as_xml() -> None:
    # XML would read the entities it declares (as many as it asks for).
    text = '<!DOCTYPE html [<!ENTITY a "aaaa">]><html><body><p>&a;&a;</p></body></html>'
    assert xml_tree(text) is None


def test_the_pdf_of_a_document_read_as_xml_is_the_pdf_of_it_read_as_html(
    documents: list[tuple[str, Document]], monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = [
        document
        for name, document in documents
        if (
            name.endswith(("(template) slides", "(default) handout 3", "(default) answers"))
            and "lesson-1" in name
        )
        or name == "contents"
    ]
    assert len(chosen) >= 3
    assert all(xml_tree(document.html) is not None for document in chosen)
    identifier = re.compile(rb"/ID \[[^\]]*\]")
    read_as_xml = [identifier.sub(b"", pdf.write_pdf(document)) for document in chosen]
    monkeypatch.setattr(pdf, "from_tree", None)
    read_as_html = [identifier.sub(b"", pdf.write_pdf(document)) for document in chosen]
    assert read_as_xml == read_as_html
