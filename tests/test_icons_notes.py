"""icons in footnotes and in quiz explanations: a picture among the words of a page's
footnote (``[^1]: look for the ![Lock](lock.png) badge``) or of a quiz option's explanation
(``- Incorrect: ![Upload](ok.png) adds files``) is an icon in its line, as the body's, in
the deck, LibreOffice's print of it, the slide PDF, the outline and the answer key (also
where no reveal slide shows the explanations); only the speaker notes read it as its alt
text.

A real-looking lesson (``tests/fixtures/icons/encryption-quiz.md``: a page with two
footnotes, two questions whose options and explanations name buttons and keys by their
icons) is exported once; each test reads the outputs back.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pptx import Presentation

from exporter.cli import main
from exporter.model import ICON, Paragraph, inline_icons
from tests.conftest import built_once, need_tool, print_decks
from tests.test_inline_icons import deck_icons, pdf_images, pdf_words, placed
from tests.test_inline_icons_places import beside

FIXTURES = Path(__file__).parent / "fixtures" / "icons"
NAME = "encryption-quiz"
EXPLAINED: dict[int, list[tuple[str, str | None, str | None]]] = {
    # slide (from 0), alt: each icon on it, in order, and the words just around it
    1: [("Lock", "the", "badge"), ("Key", "a", "KMS")],
    3: [
        ("Upload", "The", "button"),
        ("Upload", None, "adds"),
        ("Bin", "The", "button"),
        ("Bin", None, "empties"),
        ("Settings", "Choose", "and"),
        ("Settings", "the", "page"),
    ],
    5: [
        ("Shield", "the", "managed"),
        ("Key", "its", "keys"),
        ("User", "the", "IAM"),
        ("Key", "managed", "KMS"),
    ],
}
"""The footnotes' page and the reveal slides: their icons and each one's neighbours."""
ALTS = ("Lock", "Key", "Upload", "Bin", "Settings", "Shield", "User")


@dataclass(frozen=True)
class Outputs:
    """Where the lesson, its outputs and LibreOffice's print of its deck are."""

    lesson: Path
    out: Path
    printed: Path
    notes: Path
    """The lesson exported with ``--quiz notes``: no reveal slides."""

    def __call__(self, suffix: str) -> Path:
        return self.out / f"{NAME}{suffix}"


def export_and_print(work: Path) -> list[str]:
    """Export the lesson to every format (and once more without reveal slides) into
    ``work``, and print the deck; return the ``Outputs``' paths."""
    shutil.copytree(FIXTURES, work / "course")
    lesson = work / "course" / f"{NAME}.md"
    formats = ["--format", "pptx,pdf,handout,answers", "--handout", "outline"]
    out, notes = work / "out", work / "notes"
    assert main(["build", str(lesson), "-o", str(out), "-q", "--offline", *formats]) == 0
    flags = ["--quiz", "notes", "--format", "answers"]
    assert main(["build", str(lesson), "-o", str(notes), "-q", "--offline", *flags]) == 0
    print_decks([out / f"{NAME}.pptx"], work / "printed", work)
    return [str(lesson), str(out), str(work / "printed" / f"{NAME}.pdf"), str(notes)]


@pytest.fixture(scope="session")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    """The lesson's outputs and LibreOffice's print (``export_and_print``), once for the run:
    this module's tests and ``test_icons_greyed``'s read them (each module exported and
    printed its own)."""
    need_tool("soffice")
    _, paths = built_once(tmp_path_factory, "icon-notes", export_and_print)
    return Outputs(*(Path(path) for path in paths))


def test_footnotes_and_explanations_hold_their_icons_in_their_lines(outputs: Outputs) -> None:
    """The notes' and the explanations' pictures are icons in their runs, each on the
    source line it is written on, and no alt text is left as a word."""
    slides, warnings = placed(outputs.lesson)
    lines = outputs.lesson.read_text(encoding="utf-8").split("\n")
    paragraphs = {1: ["Lock", "Key"], 3: ["Upload", "Bin", "Settings"], 5: ["Key", "Key"]}
    for number, alts in paragraphs.items():
        blocks = slides[number].slide.body
        icons = [i for b in blocks if isinstance(b, Paragraph) for i in inline_icons(b.runs)]
        assert [icon.alt for icon in icons] == alts
        for icon in icons:  # its own line: a note's, an explanation's (not its option's)
            assert f"]({icon.src})" in lines[icon.line - 1]
            assert not lines[icon.line - 1].lstrip().startswith("- A)")
        words = " ".join(r.text for b in blocks if isinstance(b, Paragraph) for r in b.runs)
        assert not any(alt in words for alt in ALTS), words
    assert [w.code for w in warnings] == ["icon-as-text", "icon-as-text"]


def test_the_deck_draws_each_icon_between_its_words(outputs: Outputs) -> None:
    """The deck places each icon of the footnotes and the explanations as a picture, and
    LibreOffice prints each between the words written around it, overlapping none."""
    need_tool("soffice")
    icons = deck_icons(outputs(".pptx"))
    words = pdf_words(outputs.printed)
    images = pdf_images(outputs.printed)
    for number, expected in EXPLAINED.items():
        mine = [icon for icon in icons if icon.slide == number]
        assert [icon.alt for icon in mine] == [alt for alt, _, _ in expected]
        boxes = sorted(images[number], key=lambda b: (round(b[1] / 6), b[0]))
        assert len(boxes) == len(expected)
        for box, (alt, before, after) in zip(boxes, expected, strict=True):
            assert beside(box, words[number]) == (before, after), (number, alt, box)


def test_the_slide_pdf_and_outline_draw_each_icon_between_its_words(outputs: Outputs) -> None:
    """Our slide PDF draws the same icons between the same words; the outline draws each
    of them too (the footnotes', and the reveal slides' options' and explanations'), none as
    its alt text."""
    words, images = pdf_words(outputs(".pdf")), pdf_images(outputs(".pdf"))
    for number, expected in EXPLAINED.items():
        boxes = sorted(images[number], key=lambda b: (round(b[1] / 6), b[0]))
        pairs = [beside(box, words[number]) for box in boxes]
        assert pairs == [(before, after) for _, before, after in expected], number
    outline = outputs(".handout.pdf")
    assert sum(len(page) for page in pdf_images(outline)) == 2 + 6 + 4
    shown = {w["text"] for page in pdf_words(outline) for w in page}
    assert not shown & set(ALTS), shown & set(ALTS)


def key_text(pdf: Path) -> str:
    """Return the text of an answer key, as pdftotext reads it."""
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True)
    return done.stdout.decode()


def test_the_answer_key_draws_the_explanations_icons(outputs: Outputs) -> None:
    """The answer key draws every option's and explanation's icon as a picture (ten), none
    as a stand-in nor its alt text, with reveal slides and without them."""
    need_tool("pdftotext")
    for key in (outputs(".answers.pdf"), outputs.notes / f"{NAME}.answers.pdf"):
        [images] = pdf_images(key)
        assert len(images) == 10, key
        text = key_text(key)
        assert "adds files to the bucket" in text and "empties the bucket" in text
        assert not any(alt in text for alt in ALTS), text


def test_only_the_speaker_notes_read_alt_text(outputs: Outputs) -> None:
    """The reveal slide's speaker notes read each explanation's icon as its alt text (a
    word), never the object replacement character."""
    deck = Presentation(str(outputs(".pptx")))
    notes = deck.slides[3].notes_slide.notes_text_frame.text
    assert ICON not in notes
    assert "Upload adds files to the bucket" in notes and "Bin empties the bucket" in notes
