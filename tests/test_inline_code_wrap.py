"""Inline code in a sentence breaks only where the fit breaks its line (``fit.inlinecode``),
in the deck, the slide PDF and the outline alike, and copies as the ASCII it was.

Reviewed: ``--region eu-west-1`` in a bullet broke as ``--region eu-`` / ``west-1`` (and
``--`` / ``profile``, ``get-caller-`` / ``identity``) where LibreOffice drew the deck and
WeasyPrint the slide PDF, both breaking after a hyphen the fit does not break at."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation

from exporter.cli import main
from exporter.fit.inlinecode import kept_whole
from exporter.geometry import TEXT_INSET, TextFrame, indent_of, size_of
from exporter.jobs import Job
from exporter.measure import Measurer
from exporter.model import Subheading
from exporter.pipeline import lay_out
from exporter.theme import load_theme
from tests.conftest import need_tool, print_decks

FIXTURES = Path(__file__).parent / "fixtures" / "wrap-inline"
LESSON = FIXTURES / "regions-and-profiles.md"
THEME = load_theme("default")
CODE = re.findall(r"`([^`]+)`", LESSON.read_text(encoding="utf-8"))
"""The lesson's inline code, each as written."""
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2011\u2060\ufeff"


def text_frames() -> list[TextFrame]:
    job = Job(LESSON, LESSON.name, Path("out") / LESSON.stem, LESSON.parent)
    deck, _ = lay_out(job, THEME)
    return [f for placed in deck.slides for f in placed.frames if isinstance(f, TextFrame)]


def test_the_fit_breaks_a_line_of_its_own_before_code_an_app_would_break_inside() -> None:
    """Each paragraph with inline code the fit moved to a new line has a line break there:
    set again, it needs none more, and it takes as many lines as the fit measured it."""
    measure = Measurer(THEME)
    kept = 0
    for frame in text_frames():
        for index, block in enumerate(frame.blocks):
            room = frame.rooms[index] if frame.rooms else 0.0
            margin, _ = indent_of(block, THEME, frame.hanging, room)
            inner = frame.box.w - 2 * TEXT_INSET[0] - margin
            own, bold = size_of(block, frame.size), isinstance(block, Subheading)
            assert kept_whole(measure, block.runs, own, inner, bold) == block.runs
            breaks = sum(run.text.count("\n") for run in block.runs)
            kept += breaks
            assert measure.count_lines(block.runs, own, inner, bold=bold) >= breaks + 1
            for run in block.runs:  # the code itself is as written, but where it is broken
                if run.style.code:
                    assert run.text.replace("\n", " ") in CODE or run.text.strip() in CODE
    assert kept >= 5


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("inline")
    flags = ["--format", "pptx,pdf,handout", "--offline", "-q"]
    assert main(["build", str(LESSON), "-o", str(out), *flags]) == 0
    assert main(["build", str(LESSON), "-o", str(out / "outline"), "--handout", "outline",
                 "--format", "handout", "--offline", "-q"]) == 0  # fmt: skip
    return out


def test_the_deck_breaks_the_lines_before_the_code_and_keeps_the_code_ascii(
    exported: Path,
) -> None:
    """python-pptx reads the deck back: a line break (a vertical tab in a paragraph's text)
    stands before each code the fit moved, and each piece of code is the code written."""
    breaks = 0
    for slide in Presentation(str(exported / f"{LESSON.stem}.pptx")).slides:
        for shape in slide.shapes:
            if not shape.has_text_frame:
                continue
            for paragraph in shape.text_frame.paragraphs:
                breaks += paragraph.text.count("\v")
                assert not any(char in paragraph.text for char in INVISIBLE)
                for run in paragraph.runs:
                    if run.font.name == THEME.fonts.code.name and run.text.strip():
                        assert run.text.isascii()
                        assert any(run.text in code for code in CODE), run.text
    assert breaks >= 5


def body_lines(pdf: Path) -> list[list[str]]:
    """Return each page's lines of text (footers left out), as pdfplumber reads them."""
    with pdfplumber.open(pdf) as document:
        return [
            [line for line in (page.extract_text() or "").split("\n") if "Lesson 5" not in line]
            for page in document.pages
        ]


def no_code_broken_inside(lines: list[list[str]]) -> None:
    """Assert that no line ends inside a word of the lesson's inline code."""
    words = {word for code in CODE for word in code.split()}
    for page in lines:
        for line, after in zip(page, [*page[1:], ""], strict=True):
            last = re.sub(r"[.,:]$", "", (line.split() or [""])[-1])
            first = re.sub(r"[.,:]$", "", (after.split() or [""])[0])
            if first:
                assert last + first not in words or last in words, (line, after)


def test_libreoffice_and_the_slide_pdf_break_the_sentences_alike_and_never_in_code(
    exported: Path, tmp_path: Path
) -> None:
    """The deck as LibreOffice prints it and our slide PDF have the same lines, and none
    of them, nor the outline's, breaks a word of code (after a hyphen or a slash)."""
    need_tool("soffice")
    print_decks([exported / f"{LESSON.stem}.pptx"], tmp_path / "pdf", tmp_path)
    ours = body_lines(exported / f"{LESSON.stem}.pdf")
    assert body_lines(tmp_path / "pdf" / f"{LESSON.stem}.pdf") == ours
    no_code_broken_inside(ours)
    no_code_broken_inside(body_lines(exported / "outline" / f"{LESSON.stem}.handout.pdf"))


@pytest.mark.parametrize("kind", ["pdf", "handout.pdf", "outline/regions-and-profiles.handout.pdf"])
def test_inline_code_copied_from_the_pdfs_is_the_code_written(exported: Path, kind: str) -> None:
    """``pdftotext`` gives each inline code as written, but for a line break where the fit
    broke it at a space: plain ASCII, no invisible character, and a command bash reads as
    the one written."""
    need_tool("pdftotext")
    name = kind if "/" in kind else f"{LESSON.stem}.{kind}"
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(exported / name), "-"],
                          capture_output=True, check=True)  # fmt: skip
    text = " ".join(done.stdout.decode("utf-8").split())
    assert not any(char in text for char in INVISIBLE)
    for code in CODE:
        if kind.startswith("handout") and code.startswith("Connect"):
            continue  # the slides handout draws the slides small: checked on the others
        assert code in text, code
    need_tool("bash")
    for code in (c for c in CODE if c.startswith(("aws ", "kubectl ", "terraform "))):
        bash = subprocess.run(["bash", "-n", "-c", code], capture_output=True, check=False)
        assert bash.returncode == 0
