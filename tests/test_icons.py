"""icons: the pictures a paragraph or list item starts with, drawn on its first line.

One course of real-looking pages (a list of services each led by its icon, icons at three
levels of a list, wide and tall ones, an SVG and a missing one, a comparison of two columns,
text long enough to wrap) is exported once to a deck, a slide PDF and an outline, and the
deck printed by LibreOffice; each test reads them back with python-pptx and pdfplumber.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from PIL import Image as PILImage
from PIL import ImageDraw
from pptx import Presentation
from pptx.shapes.picture import Picture as PptxPicture

from exporter.cli import main
from exporter.geometry import ICON_HEIGHT, ImageFrame, TextFrame, icons_of
from exporter.jobs import Job
from exporter.pipeline import lay_out
from exporter.theme import load_theme
from tests.conftest import made_once, need_tool, print_decks

THEME = load_theme()
EMU = 914400
POINTS = 72.0

PAGES = (
    # The brief's case: five services, each bullet led by its icon, one slide.
    "### Compute and Storage\n\n"
    "- ![EC2](icons/ec2.png) **EC2**: virtual servers in the cloud\n"
    "- ![S3](icons/s3.png) **S3**: object storage for any amount of data\n"
    "- ![RDS](icons/rds.png) **RDS**: managed relational databases\n"
    "- ![Lambda](icons/lambda.png) **Lambda**: run code without servers\n"
    "- ![IAM](icons/iam.png) **IAM**: users, groups, roles and policies\n",
    # Paragraphs led by an icon; an SVG one is a stand-in, a line high.
    "### Root Keys\n\n"
    "![Warning sign](icons/warn.svg) Never share your root user's access keys.\n\n"
    "![Key](icons/key.png) Rotate the keys of every other user each ninety days.\n",
    # Icons at three levels of a list, wide and tall ones, and one whose file is missing.
    "### Serverless\n\n"
    "- ![Lambda](icons/lambda.png) Functions:\n"
    "  - ![API Gateway](icons/wide.png) Gateways in front of them\n"
    "    - ![Step Functions](icons/tall.png) Workflows of several functions\n"
    "  - ![Queue](icons/tall.png) Queues between them\n"
    "- ![DynamoDB](icons/dynamodb.png) Tables without servers\n",
    # A comparison: its items' icons in their columns.
    "### Who Secures What\n\n"
    "- **AWS Responsibilities**:\n"
    "  - ![Building](icons/ec2.png) Guarding the data centres.\n"
    "  - ![Disk](icons/s3.png) Destroying retired disks.\n"
    "- **Customer Responsibilities**:\n"
    "  - ![Person](icons/iam.png) Granting least privilege.\n"
    "  - ![Lock](icons/key.png) Encrypting sensitive data.\n",
    # Text long enough to wrap: its lines all start after the icon.
    "### Elastic Compute\n\n"
    "- ![EC2](icons/ec2.png) **Instances** give you resizable compute capacity in the cloud, "
    "so that you pay only for what you use and scale in minutes rather than weeks.\n"
    "- ![S3](icons/s3.png) **Buckets** store any amount of data, from anywhere, with eleven "
    "nines of durability.\n",
)
ICONS = {
    "ec2": ((64, 64), "darkorange"),
    "s3": ((64, 64), "seagreen"),
    "rds": ((64, 64), "royalblue"),
    "lambda": ((64, 64), "orange"),
    "iam": ((64, 64), "crimson"),
    "key": ((48, 48), "goldenrod"),
    "dynamodb": ((64, 64), "navy"),
    "wide": ((160, 40), "purple"),
    "tall": ((30, 90), "teal"),
}
# Each drawn icon's alt text and the first word of the text after it.
FOLLOWED = {
    "EC2": ("EC2:", "Instances"),
    "S3": ("S3:", "Buckets"),
    "RDS": ("RDS:",),
    "Lambda": ("Lambda:", "Functions:"),
    "IAM": ("IAM:",),
    "Key": ("Rotate",),
    "API Gateway": ("Gateways",),
    "Step Functions": ("Workflows",),
    "Queue": ("Queues",),
    "DynamoDB": ("Tables",),
    "Building": ("Guarding",),
    "Disk": ("Destroying",),
    "Person": ("Granting",),
    "Lock": ("Encrypting",),
}
PICTURE = re.compile(r"!\[[^\]]*\]\([^)]*\) ")


def lesson_text(pages: tuple[str, ...]) -> str:
    """Return a lesson of ``pages``."""
    return "---\ntitle: Icons in Text\n---\n\n" + "\n<!-- pagebreak -->\n\n".join(pages)


def draw_rings(folder: Path, rings: dict[str, tuple[tuple[int, int], str]]) -> None:
    """Write ``NAME.png`` into ``folder`` for each of ``rings``: a white ring on a colour, of
    its size in pixels."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (size, colour) in rings.items():
        picture = PILImage.new("RGB", size, colour)
        ImageDraw.Draw(picture).ellipse((3, 3, size[0] - 4, size[1] - 4), fill="white")
        picture.save(folder / f"{name}.png")


def write_icons(folder: Path) -> None:
    """Write the course's icons: a ring on a colour, of each size; and an SVG."""
    draw_rings(folder, ICONS)
    (folder / "warn.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48">'
        '<polygon points="24,2 46,44 2,44" fill="#f5a623"/></svg>',
        encoding="utf-8",
    )


@dataclass(frozen=True)
class Course:
    """The course exported: its lesson, deck, slide PDF, outline and LibreOffice's print."""

    lesson: Path
    deck: Path
    slides: Path
    outline: Path
    printed: Path
    plain: Path
    """The same lesson without its icons, exported to a deck."""


@pytest.fixture(scope="session")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    """The ``Course``, made once for the run (``made_once``)."""
    need_tool("soffice")
    return made_once(tmp_path_factory, "icons", Course, export_and_print)


def export_and_print(work: Path) -> Course:
    """Export the icons' lesson, and the same without icons, into ``work``, and print the
    deck."""
    write_icons(work / "course" / "icons")
    lesson = work / "course" / "icons.md"
    lesson.write_text(lesson_text(PAGES), encoding="utf-8")
    plain = work / "plain" / "icons.md"
    plain.parent.mkdir()
    plain.write_text(PICTURE.sub("", lesson_text(PAGES)), encoding="utf-8")
    out = work / "out"
    formats = ["--format", "pptx,pdf,handout", "--handout", "outline"]
    assert main(["build", str(lesson), "-o", str(out), "-q", "--offline", *formats]) == 0
    assert main(["build", str(plain), "-o", str(work / "plain-out"), "-q"]) == 0
    print_decks([out / "icons.pptx"], work / "printed", work)
    return Course(
        lesson,
        out / "icons.pptx",
        out / "icons.pdf",
        out / "icons.handout.pdf",  # the outline, the one layout asked for
        work / "printed" / "icons.pdf",
        work / "plain-out" / "icons.pptx",
    )


def test_icons_take_no_slides_of_their_own(course: Course) -> None:
    """Five bullets each led by an icon took three slides, each icon a picture under its
    bullet: they take as many slides as the same bullets without icons, one a page."""
    with_icons = len(Presentation(str(course.deck)).slides)
    without = len(Presentation(str(course.plain)).slides)
    assert with_icons == without == 1 + len(PAGES)


@dataclass(frozen=True)
class Drawn:
    """An icon as a PDF draws it, and the word its text starts with, in points."""

    page: int
    image: dict[str, Any]
    word: dict[str, Any]


def drawn_icons(pdf: Path) -> list[Drawn]:
    """Return each picture of ``pdf``'s content pages with the word that follows it on its
    line: the nearest word to its right whose line its middle is on."""
    found = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages[1:], start=2):
            words = page.extract_words()
            for image in page.images:
                middle = (image["top"] + image["bottom"]) / 2
                beside = [
                    w
                    for w in words
                    if w["top"] <= middle <= w["bottom"] and w["x0"] >= image["x1"] - 0.5
                ]
                assert beside, (number, image["x0"], image["top"])
                word = min(beside, key=lambda w: w["x0"])
                found.append(Drawn(number, image, word))
    return found


@pytest.mark.parametrize("which", ["slides", "printed"])
def test_each_icon_is_drawn_on_its_line_before_its_text(course: Course, which: str) -> None:
    """In the slide PDF and in LibreOffice's print of the deck, each icon stands on the
    first line of its own text (its middle within that line's words' height), a line high,
    right before the text's first word (within a square's room), which it does not
    overlap."""
    need_tool("soffice")
    pdf = course.slides if which == "slides" else course.printed
    drawn = drawn_icons(pdf)
    firsts = {word for words in FOLLOWED.values() for word in words}
    assert sorted(d.word["text"] for d in drawn) == sorted(
        word for words in FOLLOWED.values() for word in words
    )
    for icon in drawn:
        image, word = icon.image, icon.word
        assert word["text"] in firsts
        height = word["bottom"] - word["top"]  # about the font's size
        assert image["bottom"] - image["top"] <= 1.25 * height, (icon.page, word["text"])
        gap = word["x0"] - image["x1"]  # a tall icon stands in the middle of a square's room
        assert 0 <= gap <= 0.7 * height, (icon.page, word["text"], gap)


def test_the_deck_places_each_icon_where_the_slide_pdf_draws_it(course: Course) -> None:
    """The PPTX's picture of each icon (python-pptx's geometry) is the slide PDF's box,
    within its text box, left of where its paragraph's text starts; its description is its
    alt text."""
    with pdfplumber.open(course.slides) as document:
        boxes = [
            [(i["x0"], i["top"], i["x1"] - i["x0"], i["bottom"] - i["top"]) for i in page.images]
            for page in document.pages
        ]
    deck = Presentation(str(course.deck))
    described = []
    for number, slide in enumerate(deck.slides):
        pictures = [s for s in slide.shapes if isinstance(s, PptxPicture)]
        texts = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text.strip()]
        assert len(pictures) == len(boxes[number])
        for picture in pictures:
            box = tuple(v / EMU * POINTS for v in (picture.left, picture.top))
            size = tuple(v / EMU * POINTS for v in (picture.width, picture.height))
            assert any(
                all(abs(a - b) < 0.5 for a, b in zip((*box, *size), pdf, strict=True))
                for pdf in boxes[number]
            ), (number, box, boxes[number])
            holder = next(t for t in texts if inside(picture, t))
            starts = [holder.left + margin(p) for p in holder.text_frame.paragraphs]
            assert picture.left + picture.width <= max(starts)
            described.append(description(picture))
    assert sorted(described) == sorted(FOLLOWED_ALTS)


FOLLOWED_ALTS = [alt for alt, words in FOLLOWED.items() for _ in words]


def description(shape: Any) -> str:
    """Return a shape's description (``cNvPr``'s ``descr``): its alt text."""
    return str(shape._element.xpath("./*[1]/p:cNvPr/@descr")[0])


def inside(picture: Any, shape: Any) -> bool:
    """Return whether ``picture``'s box lies within ``shape``'s."""
    return bool(
        shape.left <= picture.left
        and picture.left + picture.width <= shape.left + shape.width
        and shape.top <= picture.top
        and picture.top + picture.height <= shape.top + shape.height
    )


def margin(paragraph: Any) -> int:
    """Return where a paragraph's lines start, in EMU from its shape's left edge (its
    ``marL``)."""
    properties = paragraph._p.pPr
    return 0 if properties is None else int(properties.get("marL", "0"))


def test_a_missing_icon_is_a_stand_in_a_line_high(course: Course) -> None:
    """An SVG icon (refused) and a missing one become stand-ins in their lines, a line high,
    without the words a picture's stand-in has: the warning names each line."""
    slides, diagnostics = placed(course.lesson)
    stand_ins = [
        icon
        for placed_slide in slides
        for frame in placed_slide.frames
        if isinstance(frame, TextFrame)
        for icon in frame.icons
        if icon.picture is None
    ]
    assert [icon.image.alt for icon in stand_ins] == ["Warning sign"]
    [icon] = stand_ins
    assert icon.box.h == pytest.approx(ICON_HEIGHT * 24 / POINTS, abs=0.1)
    assert [d.line for d in diagnostics if d.code == "image"] == [icon.image.line]
    deck = Presentation(str(course.deck))
    [shape] = [s for s in deck.slides[2].shapes if s.name.startswith("Missing image")]
    assert not shape.text_frame.text and shape.height / EMU == pytest.approx(icon.box.h)


def placed(lesson: Path) -> tuple[Any, Any]:
    """Return a lesson's slides laid out, and its warnings."""
    job = Job(lesson, str(lesson), lesson.with_suffix(""), lesson.parent)
    laid, diagnostics = lay_out(job, THEME)
    return laid.slides, diagnostics


def test_icons_in_a_comparison_stay_in_their_column(course: Course) -> None:
    """The items of a comparison keep their icons, each in its item's column."""
    slides, _ = placed(course.lesson)
    compared = slides[4]
    assert compared.slide.layout.value == "two-column"
    frames = [f for f in compared.frames if isinstance(f, TextFrame)]
    assert len(frames) == 2
    for frame in frames:
        assert len(frame.icons) == 2
        for icon in frame.icons:
            assert frame.box.x <= icon.box.x <= frame.box.x + frame.box.w / 3


def test_wide_and_tall_icons_are_a_line_high_and_keep_their_shape(course: Course) -> None:
    """A 4:1 icon is drawn a line high and four lines wide, a 1:3 one a line high and a
    third of that wide; the text after a tall icon starts where a square one's does."""
    slides, _ = placed(course.lesson)
    icons: dict[str, ImageFrame] = {
        icon.image.alt: icon
        for frame in slides[3].frames
        if isinstance(frame, TextFrame)
        for icon in frame.icons
    }
    wide, tall, square = icons["API Gateway"], icons["Queue"], icons["Lambda"]
    assert wide.box.h == tall.box.h == square.box.h
    assert wide.box.w == pytest.approx(4 * wide.box.h)
    assert tall.box.w == pytest.approx(tall.box.h / 3)
    [frame] = [f for f in slides[3].frames if isinstance(f, TextFrame)]
    alts = (icons_of(block)[0].alt for block in frame.blocks)
    rooms = dict(zip(alts, frame.rooms, strict=True))
    assert rooms["Queue"] == rooms["Lambda"] < rooms["API Gateway"]


def test_the_outline_draws_icons_in_their_lines(course: Course) -> None:
    """The outline handout draws each icon in its text's line, about its height."""
    with pdfplumber.open(course.outline) as document:
        page = document.pages[0]
        words = page.extract_words()
        images = page.images
    assert len(images) == sum(len(words) for words in FOLLOWED.values())
    for image in images:
        middle = (image["top"] + image["bottom"]) / 2
        assert any(w["top"] <= middle <= w["bottom"] and w["x0"] >= image["x1"] for w in words)
        assert image["bottom"] - image["top"] < 20  # points: a line of the outline's text
