"""icons before a comparison's labels: still two columns, each icon in its column's heading.

A course of comparison pages whose labels start with icons (on both labels, on one, a wide
and a tall one, a missing one, labels long enough to wrap in their bars, and a page made two
columns by its directive) is exported once to a deck, a slide PDF, a 3-a-page handout and
an outline, and the deck printed by LibreOffice; the same lesson without its icons is laid
out too. Each test reads them back with python-pptx and pdfplumber, the bars from the fit.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pptx import Presentation
from pptx.shapes.picture import Picture as PptxPicture

from exporter.cli import main
from exporter.geometry import HEADING_INSET, HeadingFrame, PlacedSlide
from exporter.jobs import Job
from exporter.model import Columns, Layout, Verdict
from exporter.pipeline import lay_out
from exporter.theme import load_theme
from tests.conftest import made_once, need_tool, print_decks
from tests.test_icons import draw_rings

THEME = load_theme()
EMU = 914400
POINTS = 72.0

PAGES = (
    # The brief's case: both labels led by an icon.
    "### Shared Responsibility Model\n\n"
    "- ![AWS](img/aws.png) **AWS Responsibilities**:\n"
    "  - Physical security of the data centres\n"
    "  - Hardware and the global network\n"
    "- ![Customer](img/user.png) **Customer Responsibilities**:\n"
    "  - Encrypting data at rest and in transit\n"
    "  - Patching the guest operating system\n",
    # One label with a wide icon, the other without.
    "### Security Groups vs. Network ACLs\n\n"
    "- ![Security group](img/wide.png) **Security Groups**:\n"
    "  - Stateful, at the instance level\n"
    "  - Allow rules only\n"
    "- **Network ACLs**:\n"
    "  - Stateless, at the subnet level\n"
    "  - Allow and deny rules\n",
    # A tall icon and a missing one, before labels long enough to wrap in their bars.
    "### EBS vs. EFS\n\n"
    "- ![Block](img/tall.png) **Amazon Elastic Block Store volumes attached to one instance "
    "at a time**:\n"
    "  - Low-latency block storage\n"
    "  - Snapshots kept in S3\n"
    "- ![Files](img/missing.png) **Amazon Elastic File System shared between many "
    "instances**:\n"
    "  - Shared file storage\n"
    "  - Grows and shrinks on its own\n",
    # Two columns by the author's word, a linked icon and a plain one.
    "<!-- layout: two-column -->\n\n"
    "### Getting Started\n\n"
    "- [![Console](img/aws.png)](https://console.aws.amazon.com/) **Console**:\n"
    "  - Sign in with your account\n"
    "- ![Shell](img/user.png) **Command line**:\n"
    "  - Install the CLI\n",
)
PICTURES = {
    "aws": ((64, 64), "darkorange"),
    "user": ((64, 64), "seagreen"),
    "wide": ((160, 40), "purple"),
    "tall": ((30, 90), "teal"),
}
# Each page's headings: the alt texts of their icons and their labels' first words.
HEADINGS = (
    ((("AWS",), "AWS"), (("Customer",), "Customer")),
    ((("Security group",), "Security"), ((), "Network")),
    ((("Block",), "Amazon"), (("Files",), "Amazon")),
    ((("Console",), "Console"), (("Shell",), "Command")),
)
DRAWN = ("AWS", "Customer", "Security group", "Block", "Console", "Shell")
"""The icons drawn as pictures (the missing one is a stand-in)."""
PICTURE = re.compile(r"\[?!\[[^\]]*\]\([^)]*\)(?:\]\([^)]*\))? ")


def lesson_text(pages: tuple[str, ...]) -> str:
    """Return a lesson of ``pages``."""
    return "---\ntitle: Comparisons with Icons\n---\n\n" + "\n<!-- pagebreak -->\n\n".join(pages)


@dataclass(frozen=True)
class Course:
    """The course exported, and LibreOffice's print of its deck."""

    lesson: Path
    plain: Path
    """The same lesson without its icons."""
    deck: Path
    slides: Path
    handout: Path
    outline: Path
    printed: Path
    report: Path


@pytest.fixture(scope="session")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    """The ``Course``, made once for the run (``made_once``)."""
    need_tool("soffice")
    return made_once(tmp_path_factory, "icon-headings", Course, export_and_print)


def export_and_print(work: Path) -> Course:
    """Export the lesson to every output into ``work``, and print its deck."""
    draw_rings(work / "course" / "img", PICTURES)
    lesson = work / "course" / "compare.md"
    lesson.write_text(lesson_text(PAGES), encoding="utf-8")
    plain = work / "plain" / "compare.md"
    plain.parent.mkdir()
    plain.write_text(PICTURE.sub("", lesson_text(PAGES)), encoding="utf-8")
    out = work / "out"
    report = work / "report.json"
    formats = ["--format", "pptx,pdf,handout", "--handout", "3,outline"]
    argv = ["build", str(lesson), "-o", str(out), "-q", "--offline", *formats]
    assert main([*argv, "--report", str(report)]) == 0
    print_decks([out / "compare.pptx"], work / "printed", work)
    return Course(
        lesson,
        plain,
        out / "compare.pptx",
        out / "compare.pdf",
        out / "compare.handout-3.pdf",
        out / "compare.outline.pdf",
        work / "printed" / "compare.pdf",
        report,
    )


def placed(lesson: Path) -> tuple[PlacedSlide, ...]:
    """Return a lesson's slides laid out."""
    job = Job(lesson, str(lesson), lesson.with_suffix(""), lesson.parent)
    laid, _ = lay_out(job, THEME)
    return laid.slides


def headings(slide: PlacedSlide) -> list[HeadingFrame]:
    """Return a slide's column headings, left then right."""
    return [frame for frame in slide.frames if isinstance(frame, HeadingFrame)]


def test_labels_led_by_icons_still_make_two_columns(course: Course) -> None:
    """Each page is two columns headed by its labels, with icons as without them, for the
    same reason (the report's), the directive's page too; the deck's slides are on its
    two-column layout (its master's Comparison)."""
    slides, plain = placed(course.lesson)[1:], placed(course.plain)[1:]
    assert len(slides) == len(plain) == len(PAGES)
    for slide, bare, expected in zip(slides, plain, HEADINGS, strict=True):
        assert slide.slide.layout is bare.slide.layout is Layout.TWO_COLUMN
        assert verdicts(slide) == verdicts(bare) != [None]
        drawn = headings(slide)
        assert [tuple(i.image.alt for i in h.icons) for h in drawn] == [e[0] for e in expected]
        assert [h.runs for h in drawn] == [h.runs for h in headings(bare)]
    report = json.loads(course.report.read_text(encoding="utf-8"))
    reasons = [s.get("comparison", {}).get("reason", "") for s in report["lessons"][0]["slides"]]
    assert reasons[1].startswith("two columns, score")
    assert "directive" in reasons[4]
    deck = Presentation(str(course.deck))
    assert {slide.slide_layout.name for slide in list(deck.slides)[1:]} == {"Comparison"}


def verdicts(slide: PlacedSlide) -> list[Verdict | None]:
    """Return the verdicts on a slide's comparisons: why it was made two columns."""
    return [block.verdict for block in slide.slide.body if isinstance(block, Columns)]


def test_each_icon_stands_in_its_bar_before_the_label(course: Course) -> None:
    """In the fit, each heading's icons are inside its bar, a line high, left of where its
    label starts (its room); a label without icons starts where it always did; both
    headings of a page in one size."""
    for slide, expected in zip(placed(course.lesson)[1:], HEADINGS, strict=True):
        left, right = headings(slide)
        assert left.size == right.size
        for heading, (alts, _) in zip((left, right), expected, strict=True):
            bar = heading.box
            assert (heading.room > 0) == bool(alts)
            starts = bar.x + HEADING_INSET[0] + heading.room
            for icon in heading.icons:
                box = icon.box
                assert bar.x + HEADING_INSET[0] <= box.x and box.x + box.w <= starts
                assert bar.y <= box.y and box.y + box.h <= bar.y + bar.h
                assert box.h == pytest.approx(heading.size / POINTS)


@dataclass(frozen=True)
class Bar:
    """A heading bar as a PDF page draws it, in points: its icons and its label's words."""

    page: int
    alts: tuple[str, ...]
    first: str
    box: tuple[float, float, float, float]
    images: list[dict[str, Any]]
    words: list[dict[str, Any]]


def bars_in(pdf: Path, slides: tuple[PlacedSlide, ...]) -> list[Bar]:
    """Return each heading bar of ``pdf``'s content pages (where the fit put it) with the
    pictures and words drawn in it."""
    found = []
    with pdfplumber.open(pdf) as document:
        for number, (page, expected) in enumerate(
            zip(document.pages[1:], HEADINGS, strict=True), start=2
        ):
            words = page.extract_words()
            for heading, (alts, first) in zip(headings(slides[number - 1]), expected, strict=True):
                box = heading.box
                x0, top = box.x * POINTS, box.y * POINTS
                x1, bottom = x0 + box.w * POINTS, top + box.h * POINTS

                def held(item: dict[str, Any]) -> bool:
                    middle = (item["top"] + item["bottom"]) / 2
                    centre = (item["x0"] + item["x1"]) / 2
                    return bool(top <= middle <= bottom and x0 <= centre <= x1)  # noqa: B023

                images = [image for image in page.images if held(image)]
                inside = [word for word in words if held(word)]
                found.append(Bar(number, alts, first, (x0, top, x1, bottom), images, inside))
    return found


@pytest.mark.parametrize("which", ["slides", "printed"])
def test_each_icon_is_drawn_in_its_bar_before_its_label(course: Course, which: str) -> None:
    """In the slide PDF and in LibreOffice's print of the deck, each heading's picture lies
    in its bar, on the label's first line, a line high, right before the label's first word;
    no word of the label overlaps it, a wrapped line starting after it too; a label without
    an icon starts at the bar's inner margin."""
    need_tool("soffice")
    pdf = course.slides if which == "slides" else course.printed
    bars = bars_in(pdf, placed(course.lesson))
    assert sorted(alt for bar in bars for alt in bar.alts if alt in DRAWN) == sorted(DRAWN)
    for bar in bars:
        x0, top, x1, bottom = bar.box
        assert bar.words, (bar.page, bar.first)
        first = min(bar.words, key=lambda w: (round(w["top"]), w["x0"]))
        assert first["text"] == bar.first, (bar.page, first["text"])
        drawn = [alt for alt in bar.alts if alt in DRAWN]
        assert len(bar.images) == len(drawn), (bar.page, bar.first)
        if not bar.alts:
            assert abs(first["x0"] - (x0 + HEADING_INSET[0] * POINTS)) < 2, (bar.page, first)
        for image in bar.images:
            assert x0 <= image["x0"] and image["x1"] <= x1
            assert top <= image["top"] and image["bottom"] <= bottom
            middle = (image["top"] + image["bottom"]) / 2
            height = first["bottom"] - first["top"]
            assert first["top"] <= middle <= first["bottom"], (bar.page, bar.first)
            assert image["bottom"] - image["top"] <= 1.25 * height
            gap = first["x0"] - image["x1"]
            assert 0 <= gap <= 0.7 * height, (bar.page, bar.first, gap)
            assert all(word["x0"] >= image["x1"] - 0.5 for word in bar.words), bar.page


def test_the_deck_draws_each_icon_where_the_slide_pdf_does(course: Course) -> None:
    """The deck's picture of each heading icon is at the slide PDF's box, on its heading's
    shape, left of where the label's paragraph starts (its ``marL``); its description is
    its alt text. The missing one is a stand-in in its bar, without words."""
    with pdfplumber.open(course.slides) as document:
        boxes = [
            [(i["x0"], i["top"], i["x1"] - i["x0"], i["bottom"] - i["top"]) for i in page.images]
            for page in document.pages
        ]
    deck = Presentation(str(course.deck))
    described = []
    for number, slide in enumerate(deck.slides):
        pictures = [s for s in slide.shapes if isinstance(s, PptxPicture)]
        bars = [s for s in slide.shapes if s.name.startswith("Column heading")]
        assert len(pictures) == len(boxes[number])
        for picture in pictures:
            box = tuple(v / EMU * POINTS for v in (picture.left, picture.top))
            size = tuple(v / EMU * POINTS for v in (picture.width, picture.height))
            assert any(
                all(abs(a - b) < 0.5 for a, b in zip((*box, *size), pdf, strict=True))
                for pdf in boxes[number]
            ), (number, box, boxes[number])
            [bar] = [b for b in bars if inside(picture, b)]
            paragraph = bar.text_frame.paragraphs[0]
            starts = bar.left + emu(HEADING_INSET[0]) + int(paragraph._p.pPr.get("marL", "0"))
            assert picture.left + picture.width <= starts
            described.append(str(picture._element.xpath("./*[1]/p:cNvPr/@descr")[0]))
    assert sorted(described) == sorted(DRAWN)
    [stand_in] = [s for s in deck.slides[3].shapes if s.name.startswith("Missing image")]
    [bar] = [b for b in deck.slides[3].shapes if b.name.startswith("Column heading")][1:]
    assert inside(stand_in, bar) and not stand_in.text_frame.text


def emu(inches: float) -> int:
    """Return a length in inches in EMU."""
    return round(inches * EMU)


def inside(shape: Any, outer: Any) -> bool:
    """Return whether ``shape``'s box lies within ``outer``'s."""
    return bool(
        outer.left <= shape.left
        and shape.left + shape.width <= outer.left + outer.width
        and outer.top <= shape.top
        and shape.top + shape.height <= outer.top + outer.height
    )


def test_the_handout_draws_the_slides_icons(course: Course) -> None:
    """The 3-a-page handout's slides draw the heading icons as the slide PDF does: as many
    pictures, in the same order, each in a heading bar (a rectangle of the accent), of the
    same shape and at the same place in its slide as a share of the slide's width."""
    with pdfplumber.open(course.slides) as document:
        width = document.pages[0].width
        drawn = [shares(i, 0.0, 0.0, width) for page in document.pages for i in page.images]
    with pdfplumber.open(course.handout) as document:
        shown = []
        for page in document.pages:
            slides = [  # each slide's white background, a third of the page wide
                r
                for r in page.rects
                if r["width"] > page.width / 3 and r["non_stroking_color"] == (1.0, 1.0, 1.0)
            ]
            accent = tuple(int(THEME.colors.accent[i : i + 2], 16) / 255 for i in (0, 2, 4))
            bars = [
                r for r in page.rects if r["non_stroking_color"] == pytest.approx(accent, abs=0.002)
            ]
            for image in page.images:
                assert any(within(image, bar) for bar in bars), image
                [cell] = [c for c in slides if c["top"] <= image["top"] <= c["bottom"]]
                shown.append(shares(image, cell["x0"], cell["top"], cell["width"]))
    assert len(shown) == len(drawn) == len(DRAWN)
    for handout, slide in zip(shown, drawn, strict=True):
        assert handout == pytest.approx(slide, abs=0.004)


def within(image: dict[str, Any], bar: dict[str, Any]) -> bool:
    """Return whether ``image`` lies within ``bar``, both as pdfplumber reads them."""
    return bool(
        bar["x0"] <= image["x0"]
        and image["x1"] <= bar["x1"]
        and bar["top"] <= image["top"]
        and image["bottom"] <= bar["bottom"]
    )


def shares(image: dict[str, Any], x: float, y: float, width: float) -> tuple[float, ...]:
    """Return where ``image`` is in a slide drawn ``width`` wide from ``x``, ``y`` on its
    page, and its size, as shares of that width."""
    return tuple(
        v / width for v in (image["x0"] - x, image["top"] - y, image["width"], image["height"])
    )


def test_the_outline_draws_each_icon_before_its_label(course: Course) -> None:
    """The outline draws each heading's icon in the label's line, before its first word,
    about its height."""
    with pdfplumber.open(course.outline) as document:
        page = document.pages[0]
        words = page.extract_words()
        images = page.images
    firsts = {
        alt: first for page in HEADINGS for alts, first in page for alt in alts if alt in DRAWN
    }
    assert len(images) == len(firsts)
    for image in images:
        middle = (image["top"] + image["bottom"]) / 2
        beside = [w for w in words if w["top"] <= middle <= w["bottom"] and w["x0"] >= image["x1"]]
        assert beside
        word = min(beside, key=lambda w: w["x0"])
        assert word["text"] in firsts.values()
        assert word["x0"] - image["x1"] < 6
        assert image["bottom"] - image["top"] < 20
