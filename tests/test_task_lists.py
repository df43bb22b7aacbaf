"""Task lists (``- [ ] Run it``, ``- [x] Done``) drawn as GitHub draws them: a box, empty or
ticked, where the item's bullet would be, in the deck (Wingdings's, which LibreOffice draws
from OpenSymbol), the slide PDF and the outline (``☐``, ``☑``), never as brackets; a numbered
task (``1. [ ] Open the console``) keeps its number, its box after it at the start of its
text, measured by the fit."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation

from exporter.cli import main
from exporter.measure import Measurer
from exporter.model import TASK_BOX_WIDTH, Run, Style, boxed
from exporter.theme import load_theme
from tests.conftest import ROOT, built_once, need_tool, page_text, print_decks

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


def print_both(folder: Path) -> None:
    """Export the task list (``LESSON``) and the lab (``LAB``) to decks in ``folder`` as the
    tests build them, and print both with LibreOffice (one soffice) into ``folder/lo``."""
    (folder / "tasks").mkdir()
    built(folder / "tasks", "--format", "pptx")
    built_lab(folder / "lab", "--format", "pptx")
    decks = [folder / "tasks" / "out" / "tasks.pptx", folder / "lab" / "out" / f"{LAB.stem}.pptx"]
    print_decks(decks, folder / "lo", folder)


@pytest.fixture(scope="session")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of LibreOffice's prints of the two decks (``print_both``), made once for
    the run: one soffice prints both, where each test printed its own."""
    need_tool("soffice")
    return built_once(tmp_path_factory, "task-lists-printed", print_both)[0] / "lo"


def test_libreoffice_draws_both_boxes(printed: Path) -> None:
    """Reviewed: LibreOffice drew a ``☑`` in Arial's place from a colour emoji font, as
    nothing in its PDF; Wingdings's boxes it draws from OpenSymbol."""
    drawn = boxes_and_text(printed / "tasks.pdf", 1)
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


LAB = ROOT / "tests" / "fixtures" / "tasks" / "vpc-lab-checklist.md"
"""A hands-on lab's checklist: numbered tasks, one wrapping over two lines, ticked ones,
nested numbered and bulleted tasks, items opening with code and bold, numbers 8 to 11."""


def built_lab(tmp_path: Path, *flags: str) -> Path:
    out = tmp_path / "out"
    assert main(["build", "-q", "--jobs", "1", "-o", str(out), *flags, str(LAB)]) == 0
    return out


def test_a_numbered_task_keeps_its_number_and_its_box_in_the_deck(tmp_path: Path) -> None:
    """The number is PowerPoint's own (``buAutoNum``, started at the item's), the box the
    first character of its text, in a font that has it, clear of the words after it."""
    deck = Presentation(str(built_lab(tmp_path, "--format", "pptx") / "vpc-lab-checklist.pptx"))
    items: dict[str, tuple[str | None, str | None]] = {}
    for slide in deck.slides:
        for shape in slide.shapes:
            if not shape.has_text_frame:
                continue
            for paragraph in shape.text_frame.paragraphs:
                numbers = [c for c in paragraph._p.pPr.iter() if c.tag.endswith("}buAutoNum")]
                runs = [run for run in paragraph.runs if run.text.strip("\u2060")]
                if not runs or runs[0].text not in BOXES:
                    assert "[" not in paragraph.text
                    continue
                assert runs[0].font.name == "Segoe UI Symbol"
                assert runs[1].text.startswith(" ") or runs[1].text == " "
                start = numbers[0].get("startAt") if numbers else None
                items[paragraph.text.strip("\u2060")] = (runs[0].text, start)
    expected = {
        "\u2610 Sign in to the AWS": ("\u2610", "1"),
        "\u2611 Open the VPC console": ("\u2611", "2"),
        "\u2611 10.0.1.0/24, public": ("\u2611", "1"),  # nested, numbered
        "\u2610 aws ec2 delete-vpc": ("\u2610", "8"),  # code after the box
        "\u2611 Delete the NAT gateway": ("\u2611", "9"),  # bold after it
        "\u2611 Check the Billing": ("\u2611", "11"),  # [X]
    }
    for start, mark in expected.items():
        assert [items[text] for text in items if text.startswith(start)] == [mark]
    assert len(items) == 12


Box = tuple[str, float, float, float, float, float]


def numbered_boxes(pdf: Path, page: int) -> tuple[list[Box], list[float]]:
    """Return each box drawn in a line's text on ``page`` (0-based) of ``pdf``, after a
    number: its character, the right edge of the number's ``.``, its own left and right
    edges, the left edge of the first letter after it and its top; and the tops of the
    page's lines of body text."""
    with pdfplumber.open(pdf) as document:
        chars = [c for c in document.pages[page].chars if c["text"].strip()]
    found = []
    for char in chars:
        line = [c for c in chars if abs(c["top"] - char["top"]) < 6]
        before = [c for c in line if c["x1"] <= char["x0"] + 0.5]
        after = [c for c in line if c["x0"] >= char["x1"] - 0.5]
        if char["text"] in BOXES and before and max(before, key=lambda c: c["x1"])["text"] == ".":
            first = min(after, key=lambda c: c["x0"])["x0"]
            dot = max(c["x1"] for c in before)
            found.append((char["text"], dot, char["x0"], char["x1"], first, char["top"]))
    tops: list[float] = []  # a line's characters in several fonts: tops a little apart
    for top in sorted(c["top"] for c in chars if c["size"] > 12):  # not the footer
        if not tops or top - tops[-1] > 6:
            tops.append(top)
    return found, tops


def check_numbered_boxes(pdf: Path) -> None:
    """Check the lab's first page of tasks in ``pdf``: four boxes, each after its number and
    clear of it and of its text, the first item on two lines as the fit measured it."""
    boxes, tops = numbered_boxes(pdf, 1)
    assert [box[0] for box in boxes] == ["\u2610", "\u2611", "\u2610", "\u2610"]
    for _, dot, left, right, text, _ in boxes:
        assert left - dot >= 3.0 and text - right >= 3.0  # a space on each side
        assert abs(left - boxes[0][2]) < 1.0  # every box where the text starts
    first, second = boxes[0][5], boxes[1][5]
    assert len([top for top in tops if first - 3 <= top < second - 3]) == 2


def test_the_slide_pdf_draws_a_numbered_tasks_box_between_number_and_text(
    tmp_path: Path,
) -> None:
    check_numbered_boxes(built_lab(tmp_path, "--format", "pdf") / "vpc-lab-checklist.pdf")


def test_libreoffice_draws_a_numbered_tasks_box_as_the_slide_pdf_does(printed: Path) -> None:
    """Reviewed: Wingdings's characters in a run, which LibreOffice recodes only as a
    bullet, it drew as ``¨`` and ``þ`` (or, in the private use area, as empty boxes)."""
    check_numbered_boxes(printed / "vpc-lab-checklist.pdf")


def test_the_fit_measures_a_numbered_tasks_box() -> None:
    """The box is as wide as the PDFs and LibreOffice draw it, though the theme's fonts have
    no such character, and a space after it: the words after it wrap that much sooner."""
    measure = Measurer(load_theme())
    words = (Run("Open the "), Run("VPC", Style(bold=True)), Run(" console"))
    space = measure.natural((Run("a b"),)) - measure.natural((Run("ab"),))
    grown = measure.natural(boxed(words, False)) - measure.natural(words)
    assert abs(grown - (TASK_BOX_WIDTH + space)) < 1e-6
    assert measure.natural(boxed(words, True)) == measure.natural(boxed(words, False))
    width = measure.natural(words) * 12 / 72 / 0.98  # one line at 12 pt, none to spare
    assert measure.count_lines(words, 12, width) == 1
    assert measure.count_lines(boxed(words, False), 12, width) == 2


def test_the_outline_and_a_students_quiz_show_a_numbered_tasks_box(tmp_path: Path) -> None:
    out = built_lab(tmp_path, "--format", "handout", "--handout", "outline")
    outline = page_text(out / "vpc-lab-checklist.handout.pdf")
    assert "1. \u2610 Sign in to the AWS" in outline and "9. \u2611 Delete the NAT" in outline
    assert "[ ]" not in outline and "[x]" not in outline and "[X]" not in outline
    text = (
        "---\ntitle: Quiz\nquiz: 1\n---\n\n## Question 1\n\nWhich is a private address?\n\n"
        "- A) 10.0.0.1\n  - Correct: inside 10.0.0.0/8.\n- B) 8.8.8.8\n  - Incorrect: public.\n"
        "\n<!-- pagebreak -->\n\n## Question 2\n\nIs this address private?\n\n"
        "1. [x] 192.168.1.1\n"  # one option: no question read
    )
    path = tmp_path / "quiz.md"
    path.write_text(text, encoding="utf-8")
    flags = ["--format", "pdf", "--edition", "student"]
    assert main(["build", "-q", "--jobs", "1", "-o", str(out), *flags, str(path)]) == 0
    students = page_text(out / "quiz.pdf")
    assert "1. \u2610 192.168.1.1" in students and "\u2611" not in students
    assert main(["build", "-q", "--jobs", "1", "-o", str(out), "--format", "pdf", str(path)]) == 0
    assert "1. \u2611 192.168.1.1" in page_text(out / "quiz.pdf")  # the teacher's, as written
