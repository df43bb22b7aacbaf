"""Task lists (``- [ ] Run it``, ``- [x] Done``) drawn as GitHub draws them: a box, empty or
ticked, where the item's bullet would be, in the deck (Wingdings's, which LibreOffice draws
from OpenSymbol), the slide PDF and the outline (``☐``, ``☑``), never as brackets."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from pptx import Presentation

from exporter.cli import main
from tests.conftest import need_tool, page_text, print_decks

LESSON = (
    "---\ntitle: Routing\n---\n\n## Try it yourself\n\n"
    "- [ ] Run `ip route` (Linux) or `route print` (Windows)\n"
    "- [x] Read the lesson on IP addressing\n"
    "- Ask for help\n  - [X] nested, and ticked\n"
)
BOXES = {"\u2610", "\u2611"}
WINGDINGS = {False: "\u00a8", True: "\u00fe"}
"""The boxes, empty and ticked, in Wingdings (as PowerPoint's own bullets are written)."""


def built(tmp_path: Path, *flags: str) -> Path:
    path = tmp_path / "tasks.md"
    path.write_text(LESSON, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "-q", "--jobs", "1", "-o", str(out), *flags, str(path)]) == 0
    return out


def test_the_deck_marks_a_task_with_a_wingdings_box_as_its_bullet(tmp_path: Path) -> None:
    out = built(tmp_path, "--format", "pptx")
    deck = Presentation(str(out / "tasks.pptx"))
    marks: dict[str, tuple[str, str]] = {}
    for shape in deck.slides[1].shapes:
        if not shape.has_text_frame:
            continue
        for paragraph in shape.text_frame.paragraphs:
            properties = paragraph._p.pPr
            chars = [c for c in properties.iter() if c.tag.endswith("}buChar")]
            fonts = [c for c in properties.iter() if c.tag.endswith("}buFont")]
            if chars:
                marks[paragraph.text] = (chars[0].get("char"), fonts[0].get("typeface"))
    assert "[" not in "".join(marks)
    run = "Run ip route (Linux) or route print (Windows)"
    assert marks[run] == (WINGDINGS[False], "Wingdings")
    assert marks["Read the lesson on IP addressing"] == (WINGDINGS[True], "Wingdings")
    assert marks["nested, and ticked"] == (WINGDINGS[True], "Wingdings")
    assert marks["Ask for help"][1] == "Arial"  # an ordinary item keeps its bullet


def boxes_and_text(pdf: Path, page: int) -> list[tuple[str, float, float]]:
    """Return each box drawn on ``page`` (0-based) of ``pdf``: its character (its font's
    name, in OpenSymbol), its right edge and the left edge of the first letter after it on
    its line."""
    with pdfplumber.open(pdf) as document:
        chars = document.pages[page].chars
    found = []
    for char in chars:
        if char["text"] in BOXES or "OpenSymbol" in char["fontname"]:
            after = [c for c in chars if abs(c["top"] - char["top"]) < 6 and c["x0"] > char["x1"]]
            name = "OpenSymbol" if "OpenSymbol" in char["fontname"] else char["text"]
            found.append((name, char["x1"], min(c["x0"] for c in after)))
    return found


def test_the_slide_pdf_and_outline_draw_the_boxes_clear_of_their_text(tmp_path: Path) -> None:
    out = built(tmp_path, "--format", "pdf,handout", "--handout", "outline")
    drawn = boxes_and_text(out / "tasks.pdf", 1)
    assert [char for char, _, _ in drawn] == ["\u2610", "\u2611", "\u2611"]
    for _, right, text in drawn:
        assert text - right >= 3.0  # a gap of a few points, not touching
    outline = page_text(out / "tasks.handout.pdf")
    assert "\u2610 Run ip route" in outline and "\u2611 Read the lesson" in outline
    assert "[ ]" not in outline and "[x]" not in outline


def test_libreoffice_draws_both_boxes(tmp_path: Path) -> None:
    """Reviewed: LibreOffice drew a ``☑`` in Arial's place from a colour emoji font, as
    nothing in its PDF; Wingdings's boxes it draws from OpenSymbol."""
    need_tool("soffice")
    out = built(tmp_path, "--format", "pptx")
    print_decks([out / "tasks.pptx"], tmp_path / "lo", tmp_path)
    drawn = boxes_and_text(tmp_path / "lo" / "tasks.pdf", 1)
    assert [name for name, _, _ in drawn] == ["OpenSymbol"] * 3
    for _, right, text in drawn:
        assert text - right >= 3.0


def test_a_quiz_page_that_looks_like_a_question_ticks_no_box_for_students(
    tmp_path: Path,
) -> None:
    """A ticked box on a quiz's page that no question was read from, but that looks like
    one, marks an answer: the students' copy shows it empty."""
    text = (
        "---\ntitle: Quiz\nquiz: 1\n---\n\n## Question 1\n\nWhich is a private address?\n\n"
        "- A) 10.0.0.1\n  - Correct: inside 10.0.0.0/8.\n- B) 8.8.8.8\n  - Incorrect: public.\n"
        "\n<!-- pagebreak -->\n\n## Question 2\n\nIs this address private?\n\n"
        "- [x] 192.168.1.1\n"  # one option: no question read
    )
    path = tmp_path / "quiz.md"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    flags = ["--format", "pdf", "--edition", "student"]
    assert main(["build", "-q", "--jobs", "1", "-o", str(out), *flags, str(path)]) == 0
    students = page_text(out / "quiz.pdf")
    assert "\u2610 192.168.1.1" in students and "\u2611" not in students
    assert main(["build", "-q", "--jobs", "1", "-o", str(out), "--format", "pdf", str(path)]) == 0
    assert "\u2611 192.168.1.1" in page_text(out / "quiz.pdf")  # the teacher's, as written
