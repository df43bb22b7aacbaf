"""read: characters made the same for the deck and the PDFs, and those an author should hear of."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation

from exporter.builder import build_deck
from exporter.jobs import Job
from exporter.model import Paragraph, Run, Style, plain_text
from exporter.options import Options
from exporter.parse import parse_markdown
from exporter.pipeline import export_lesson
from exporter.source import parse_source
from exporter.text import closed
from exporter.theme import load_theme
from tests.conftest import slide_texts

FRONT = "---\ntitle: T\nsection: 1\nlesson: 2\n---\n\n"
LRO, RLO, PDF, RLI, PDI = "\u202d", "\u202e", "\u202c", "\u2067", "\u2069"
BOLD = Style(bold=True)


def warnings_of(body: str) -> list[tuple[str, int | None, str]]:
    source = parse_source((FRONT + body).encode())
    return [(d.code, d.line, d.message) for d in source.diagnostics]


def export(tmp_path: Path, text: str) -> tuple[list[str], str, list[str]]:
    """Return the texts of the deck's last slide, the slide PDF's text and the warnings."""
    lesson = tmp_path / "chars.md"
    lesson.write_text(text, encoding="utf-8")
    job = Job(lesson, "chars.md", tmp_path / "out" / "chars", tmp_path)
    result = export_lesson(job, Options(formats=("pptx", "pdf")), load_theme("default"))
    assert result.status == "exported", result.diagnostics
    deck = Presentation(str(job.output("pptx")))
    with pdfplumber.open(job.output("pdf")) as pdf:
        shown = "\n".join(page.extract_text() for page in pdf.pages)
    return slide_texts(deck.slides[-1]), shown, [d.code for d in result.diagnostics]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0c"])
def test_unicode_line_separators_are_spaces_in_the_deck_and_the_pdf(
    tmp_path: Path, separator: str
) -> None:
    deck, pdf, codes = export(tmp_path, FRONT + f"### One\n\n- words{separator}run apart\n")
    assert "words run apart" in deck and "words run apart" in pdf
    assert codes == ["line-separator"]


def test_non_characters_and_controls_are_left_out_with_a_warning_at_their_line() -> None:
    found = warnings_of("### One\n\nx\uffffy\n\nz\x01\ufffe\n\nagain\uffff\n")
    assert [(code, line) for code, line, _ in found] == [
        ("not-text", 9),
        ("not-text", 11),
        ("not-text", 11),
    ]
    assert found[0][2].startswith("U+FFFF (not a character) cannot be shown on a slide")
    assert "(also on line 13)" in found[0][2]
    [page] = parse_source((FRONT + "x\uffffy\x01z\n").encode()).pages
    assert page.text == "xyz"


def test_an_override_left_open_in_the_title_stays_in_the_title(tmp_path: Path) -> None:
    text = f"---\ntitle: Evil {RLO}Title\nsection: 1\nlesson: 2\n---\n\n### One\n\nBody\n"
    deck, pdf, codes = export(tmp_path, text)
    assert f"Evil {RLO}Title{PDF} · Section 1 · Lesson 2" in deck  # the footer
    assert "Section 1 · Lesson 2" in pdf  # not reversed by the title's override
    assert codes == ["bidi-control"]


def test_an_override_left_open_in_a_heading_ends_with_it() -> None:
    source = parse_source((FRONT + f"### Up {RLO}side\n\ntext {RLI}here **bold**\n").encode())
    [(code, line, message)] = [(d.code, d.line, d.message) for d in source.diagnostics][:1]
    assert (code, line) == ("bidi-control", 7) and message.startswith("U+202E RIGHT-TO-LEFT")
    deck, _ = build_deck(source, [parse_markdown(page.text) for page in source.pages], "x")
    slide = deck.slides[1]
    assert plain_text(slide.title) == f"Up {RLO}side{PDF}"
    assert slide.body == (Paragraph((Run(f"text {RLI}here {PDI}"), Run("bold", BOLD))),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        (f"a{RLO}b", f"a{RLO}b{PDF}"),
        (f"a{RLO}b{PDF}c", f"a{RLO}b{PDF}c"),
        (f"{RLI}a{LRO}b", f"{RLI}a{LRO}b{PDF}{PDI}"),
        (f"{RLI}a{LRO}b{PDI}c", f"{RLI}a{LRO}b{PDI}c"),  # the isolate's end closes both
        (f"{PDF}{PDI}a", f"{PDF}{PDI}a"),  # stray ends close nothing
        (f"{LRO}{RLI}a{PDF}", f"{LRO}{RLI}a{PDF}{PDI}{PDF}"),  # an end inside an isolate
    ],
)
def test_closed_ends_what_the_text_opens(text: str, expected: str) -> None:
    assert closed(text) == expected


def test_an_invisible_character_inside_a_link_warns() -> None:
    body = "### One\n\n[docs](https://exa\u200bmple.com/x) and <https://b\u2060ank.example>\n"
    found = warnings_of(body)
    assert [(code, line) for code, line, _ in found] == [
        ("invisible-character", 9),
        ("invisible-character", 9),
    ]
    assert found[0][2].startswith("U+200B ZERO WIDTH SPACE is invisible between two letters")


@pytest.mark.parametrize(
    "text",
    [
        "\U0001f469\u200d\U0001f4bb",  # a joiner in an emoji sequence
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # a non-joiner in Persian
        "hyphen\u00adation",  # a soft hyphen shows where a word may break
        "\u05e9\u05dc\u05d5\u05dd\u200f!",  # a direction mark beside Hebrew
    ],
)
def test_invisible_characters_that_do_a_job_do_not_warn(text: str) -> None:
    assert warnings_of(f"### One\n\n{text}\n") == []


def test_a_number_keeps_its_currency_or_unit_on_its_line(tmp_path: Path) -> None:
    """Reviewed: a price list's ``1,00 $`` wrapped to ``1,00`` / ``$`` in the outline's table.
    A number and the currency or unit written beside it are joined by a no-break space in
    the text, the table's cells and the deck alike; code keeps what was written."""
    body = (
        "### Prices\n\nA key costs 1,00 $ a month, 50 % less with 10 GB or € 20 a year; "
        "`echo 10 GB` prints 10 GB.\n\n| Item | Price |\n|---|---|\n| Key | 0,03 $ |\n"
    )
    texts, shown, _ = export(tmp_path, FRONT + body)
    joined = " ".join(texts)
    for bound in ("1,00\u00a0$", "50\u00a0%", "10\u00a0GB or", "€\u00a020", "0,03\u00a0$"):
        assert bound in joined, bound
    assert "echo 10 GB" in joined  # code as written
    assert "1,00 $" in shown.replace("\u00a0", " ")  # the PDF reads it as written
