"""icons: pictures written inside a line of text or at its end, drawn in that line.

One course of real-looking pages (services named with their icons, a console guide's buttons,
text that wraps with an icon at a line's start and one at a line's very end, icons in bold and
in a link, two written together, wide, tall and missing ones, a comparison) is exported once to
a deck, a slide PDF and an outline, and the deck printed by LibreOffice; each test reads them
back with python-pptx and pdfplumber.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pptx import Presentation
from pptx.shapes.picture import Picture as PptxPicture

from exporter.cli import main
from exporter.geometry import ICON_HEIGHT, TEXT_INSET, TextFrame, indent_of
from exporter.jobs import Job
from exporter.pipeline import lay_out
from exporter.theme import load_theme
from tests.conftest import made_once, need_tool, print_decks
from tests.test_icons import draw_rings, lesson_text

THEME = load_theme()
EMU = 914400
POINTS = 72.0
INLINE_MARGIN = 0.08  # each side of an icon in its line, in ems (geometry.INLINE_MARGIN)

PAGES = (
    # The brief's case: two bullets naming services with their icons, and a guide's buttons.
    "### Serving Files\n\n"
    "- Store objects in **Amazon S3** ![S3](icons/s3.png) and serve them with "
    "![CloudFront](icons/cf.png) **CloudFront**\n"
    "- Click the ![Gear](icons/gear.png) icon, then **Save** ![Done](icons/ok.png)\n",
    # Text that wraps: an icon at the start of a wrapped line, one at a line's very end.
    "### Uploading\n\n"
    "When the upload finishes, choose ![OK](icons/ok.png) to close the dialog, then open the "
    "bucket's Permissions tab and choose ![Settings](icons/gear.png) beside the policy to edit "
    "it before you save the changes ![Bucket](icons/s3.png) and go back to the list of "
    "buckets to check that it is there.\n\n"
    "Then choose Save and wait until the banner at the top of the page turns green "
    "![Green](icons/ok.png) before you go on and check the list.\n",
    # Bold and a link around icons, two written together, wide, tall and missing ones.
    "### Console Buttons\n\n"
    "1. Choose **Save ![Disk](icons/disk.png) changes** and open "
    "[the ![Console](icons/s3.png) console](https://example.com/s3) again\n"
    "2. Choose ![Cog](icons/gear.png)![Tick](icons/ok.png) twice, a ![Badge](icons/wide.png) "
    "badge, a ![Pin](icons/tall.png) pin and a ![Lost](icons/lost.png) lost one.\n",
    # A comparison: icons in its columns' items.
    "### S3 Standard vs. S3 Glacier\n\n"
    "- **S3 Standard**:\n"
    "  - Serve ![Globe](icons/cf.png) worldwide\n"
    "- **S3 Glacier**:\n"
    "  - Archive ![Box](icons/disk.png) for years\n",
)
RINGS = {
    "s3": ((64, 64), "seagreen"),
    "cf": ((64, 64), "royalblue"),
    "gear": ((48, 48), "dimgray"),
    "ok": ((32, 32), "forestgreen"),
    "disk": ((64, 64), "darkorange"),
    "wide": ((160, 40), "purple"),
    "tall": ((30, 90), "teal"),
}
# Each icon drawn, by its alt text: the words written just before it and just after it on
# its line (``None``: it starts its line, or ends it; another icon between is passed over).
BESIDE = {
    "S3": ("S3", "and"),
    "CloudFront": ("with", "CloudFront"),
    "Gear": ("the", "icon,"),
    "Done": ("Save", None),
    "OK": ("choose", "to"),
    "Settings": ("choose", "beside"),
    "Bucket": (None, "and"),
    "Green": ("green", None),
    "Disk": ("Save", "changes"),
    "Console": ("the", "console"),
    "Cog": ("Choose", "twice,"),
    "Tick": ("Choose", "twice,"),
    "Badge": ("a", "badge,"),
    "Pin": ("a", "pin"),
    "Globe": ("Serve", "worldwide"),
    "Box": ("Archive", "for"),
}


@dataclass(frozen=True)
class Course:
    """The course exported: its lesson, deck, slide PDF, outline and LibreOffice's print."""

    lesson: Path
    deck: Path
    slides: Path
    outline: Path
    printed: Path
    plain: Path
    """The same lesson without its pictures, exported to a deck."""


@pytest.fixture(scope="session")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    """The ``Course``, made once for the run (``made_once``)."""
    need_tool("soffice")
    return made_once(tmp_path_factory, "inline-icons", Course, export_and_print)


def export_and_print(work: Path) -> Course:
    """Export the lesson, and the same without its pictures, into ``work``, and print the
    deck."""
    draw_rings(work / "course" / "icons", RINGS)
    lesson = work / "course" / "inline.md"
    lesson.write_text(lesson_text(PAGES), encoding="utf-8")
    plain = work / "plain" / "inline.md"
    plain.parent.mkdir()
    plain.write_text(re.sub(r"!\[[^\]]*\]\([^)]*\)", "", lesson_text(PAGES)), encoding="utf-8")
    out = work / "out"
    formats = ["--format", "pptx,pdf,handout", "--handout", "outline"]
    assert main(["build", str(lesson), "-o", str(out), "-q", "--offline", *formats]) == 0
    assert main(["build", str(plain), "-o", str(work / "plain-out"), "-q"]) == 0
    print_decks([out / "inline.pptx"], work / "printed", work)
    return Course(
        lesson,
        out / "inline.pptx",
        out / "inline.pdf",
        out / "inline.handout.pdf",
        work / "printed" / "inline.pdf",
        work / "plain-out" / "inline.pptx",
    )


def placed(lesson: Path) -> tuple[Any, Any]:
    """Return a lesson's slides laid out, and its warnings."""
    job = Job(lesson, str(lesson), lesson.with_suffix(""), lesson.parent)
    laid, diagnostics = lay_out(job, THEME)
    return laid.slides, diagnostics


def test_icons_in_lines_take_no_slides_of_their_own(course: Course) -> None:
    """Two bullets with icons in their sentences took two slides, the pictures drawn large
    after them: the pages take as many slides as without their pictures, and nothing
    overflows (the only warning is the missing picture's, at its line)."""
    deck = Presentation(str(course.deck))
    assert len(deck.slides) == len(Presentation(str(course.plain)).slides) == 1 + len(PAGES)
    _, diagnostics = placed(course.lesson)
    text = course.lesson.read_text(encoding="utf-8").split("\n")
    lost = next(n for n, line in enumerate(text, start=1) if "lost.png" in line)
    assert [(d.code, d.line) for d in diagnostics] == [("image", lost)]


@dataclass(frozen=True)
class Icon:
    """An icon as the deck places it: its alt text, slide and box, in points."""

    alt: str
    slide: int
    box: tuple[float, float, float, float]
    """Left, top, right and bottom."""


def deck_icons(deck: Path) -> list[Icon]:
    """Return the deck's pictures, each with its description (its alt text)."""
    found = []
    for number, slide in enumerate(Presentation(str(deck)).slides):
        for shape in slide.shapes:
            if isinstance(shape, PptxPicture):
                left, top = shape.left / EMU * POINTS, shape.top / EMU * POINTS
                right = left + shape.width / EMU * POINTS
                bottom = top + shape.height / EMU * POINTS
                alt = str(shape._element.xpath("./*[1]/p:cNvPr/@descr")[0])
                found.append(Icon(alt, number, (left, top, right, bottom)))
    return found


def pdf_words(pdf: Path) -> list[list[dict[str, Any]]]:
    """Return each page's words."""
    with pdfplumber.open(pdf) as document:
        return [page.extract_words() for page in document.pages]


def pdf_images(pdf: Path) -> list[list[tuple[float, float, float, float]]]:
    """Return each page's pictures' boxes."""
    with pdfplumber.open(pdf) as document:
        return [
            [(i["x0"], i["top"], i["x1"], i["bottom"]) for i in page.images]
            for page in document.pages
        ]


def neighbours(
    box: tuple[float, float, float, float],
    words: list[dict[str, Any]],
    others: list[tuple[float, float, float, float]],
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Return the words just left and just right of an icon at ``box`` on its line (the
    words its middle is within the height of); none overlaps it, and each is no more than
    half an em from it, the icons ``others`` between them not counted."""
    left, top, right, bottom = box
    middle = (top + bottom) / 2
    line = [w for w in words if w["top"] <= middle <= w["bottom"]]
    assert line, box
    em = max(w["bottom"] - w["top"] for w in line)
    assert bottom - top <= 1.25 * em, box  # a line high
    for word in line:
        assert word["x1"] <= left + 0.5 or word["x0"] >= right - 0.5, (word["text"], box)
    before = max((w for w in line if w["x1"] <= left + 0.5), key=lambda w: w["x1"], default=None)
    after = min((w for w in line if w["x0"] >= right - 0.5), key=lambda w: w["x0"], default=None)
    gaps = []
    if before is not None:
        gaps.append((before["x1"], left))
    if after is not None:
        gaps.append((right, after["x0"]))
    for start, end in gaps:
        between = sum(o[2] - o[0] for o in others if start - 0.5 <= o[0] and o[2] <= end + 0.5)
        assert end - start - between <= 0.5 * em, (start, end, box)
    return before, after


def check_beside(
    icon: Icon, box: tuple[float, float, float, float], words: Any, others: Any
) -> None:
    """Check that the icon at ``box`` stands between the words written around it."""
    before, after = neighbours(box, words, others)
    want = BESIDE[icon.alt]
    assert (before and before["text"], after and after["text"]) == want, (icon.alt, box)


def test_libreoffice_prints_each_icon_in_its_gap(course: Course) -> None:
    """LibreOffice's print of the deck: each of the deck's icons stands on its line between
    the words written around it, overlapping none (its gap, a no-break space widened by
    character spacing, is as wide as the fit measured), a line high."""
    need_tool("soffice")
    words, images = pdf_words(course.printed), pdf_images(course.printed)
    icons = deck_icons(course.deck)
    assert sorted(icon.alt for icon in icons) == sorted(BESIDE)
    for icon in icons:
        check_beside(icon, icon.box, words[icon.slide], images[icon.slide])


def test_the_slide_pdf_draws_each_icon_where_the_deck_places_it(course: Course) -> None:
    """Our slide PDF draws each icon in its line's flow, within a few points of the deck's
    picture (WeasyPrint kerns the words before it, as LibreOffice does), between the words
    written around it."""
    words, images = pdf_words(course.slides), pdf_images(course.slides)
    icons = deck_icons(course.deck)
    assert sum(len(page) for page in images) == len(icons)
    for icon in icons:
        box = min(images[icon.slide], key=lambda b: distance(b, icon.box))
        assert distance(box, icon.box) < 0.15 * 24, (icon, box)
        check_beside(icon, box, words[icon.slide], images[icon.slide])


def distance(one: tuple[float, ...], other: tuple[float, ...]) -> float:
    """Return how far apart two boxes' edges are at most, in points."""
    return max(abs(a - b) for a, b in zip(one, other, strict=True))


def test_icons_wrap_with_the_words(course: Course) -> None:
    """An icon is a word of its width: one starts a wrapped line (at the text's left edge,
    the line under the first), one ends a line, the next word on the line below."""
    slides, _ = placed(course.lesson)
    [frame] = [f for f in slides[2].frames if isinstance(f, TextFrame)]
    by_alt = {icon.image.alt: icon for icon in frame.inline}
    em = 24 / POINTS
    start = frame.box.x + TEXT_INSET[0] + indent_of(frame.blocks[0], THEME)[0]
    bucket, ok = by_alt["Bucket"], by_alt["OK"]
    assert bucket.box.x == pytest.approx(start + INLINE_MARGIN * em)
    assert bucket.box.y > ok.box.y + em  # a line further down, at least
    green = by_alt["Green"]
    right = frame.box.x + frame.box.w - TEXT_INSET[0]
    assert right - 3 * em < green.box.x + green.box.w < right
    printed = pdf_words(course.printed)[2]
    below = [w for w in printed if w["text"] == "before" and w["top"] > green.box.y * POINTS]
    assert below and below[0]["x0"] < start * POINTS + 1  # the next line's first word


def test_wide_tall_and_missing_icons_are_a_line_high(course: Course) -> None:
    """A 4:1 icon is four lines' height wide, a 1:3 one a third of one; a missing one is a
    stand-in a line high, in the deck a shape without words, its line warned of."""
    slides, _ = placed(course.lesson)
    icons = {
        icon.image.alt: icon
        for placed_slide in slides
        for frame in placed_slide.frames
        if isinstance(frame, TextFrame)
        for icon in frame.inline
    }
    em = ICON_HEIGHT * 24 / POINTS
    assert icons["Badge"].box.w == pytest.approx(4 * em) and icons["Badge"].box.h == pytest.approx(
        em
    )
    assert icons["Pin"].box.w == pytest.approx(em / 3)
    lost = icons["Lost"]
    assert lost.picture is None and lost.box.h == pytest.approx(em)
    deck = Presentation(str(course.deck))
    [shape] = [s for s in deck.slides[3].shapes if s.name.startswith("Missing image")]
    assert not shape.text_frame.text
    assert shape.left / EMU == pytest.approx(lost.box.x, abs=0.01)


def test_icons_in_a_comparison_stay_in_their_column(course: Course) -> None:
    """A comparison's items keep their icons in their lines, each in its column."""
    slides, _ = placed(course.lesson)
    compared = slides[4]
    assert compared.slide.layout.value == "two-column"
    frames = [f for f in compared.frames if isinstance(f, TextFrame)]
    assert [[i.image.alt for i in f.inline] for f in frames] == [["Globe"], ["Box"]]
    for frame in frames:
        [icon] = frame.inline
        assert frame.box.x < icon.box.x < icon.box.x + icon.box.w < frame.box.x + frame.box.w


def test_the_outline_draws_icons_in_their_lines(course: Course) -> None:
    """The outline draws each icon in its line, a line high, between words it overlaps not;
    the deck describes each by its alt text."""
    words, images = pdf_words(course.outline), pdf_images(course.outline)
    assert sum(len(page) for page in images) == len(BESIDE)
    for page_words, page_images in zip(words, images, strict=True):
        for box in page_images:
            neighbours(box, page_words, page_images)
