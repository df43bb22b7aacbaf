"""fit and write: what a slide holds lines up, and text breaks where it reads (issue 14 §5).

The lesson is real-shaped (front matter, bold lead-ins, a table, code, a diagram, directives,
long addresses and hard line breaks): tests/fixtures/align/section-15-lesson-3.md. It is
exported once, to a deck, the slide PDF (WeasyPrint) and the deck as LibreOffice prints it.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree
from PIL import Image as PillowImage
from pptx import Presentation

from exporter.addresses import BREAK, breakable
from exporter.cli import main
from exporter.fit import Fitter
from exporter.geometry import (
    TEXT_INSET,
    CodeFrame,
    HeadingFrame,
    ImageFrame,
    LaidOutDeck,
    PlacedSlide,
    TableFrame,
    TextFrame,
)
from exporter.jobs import Job
from exporter.measure import Measurer
from exporter.model import Run, Style, plain_text
from exporter.pipeline import lay_out
from exporter.theme import load_theme
from tests.conftest import LESSONS, ROOT, STRESS, made_once, need_tool, print_decks

THEME = load_theme()
GRID = THEME.slide
FITTER = Fitter(THEME, {})
LESSON = ROOT / "tests" / "fixtures" / "align" / "section-15-lesson-3.md"
ALL = sorted([LESSON, *LESSONS.rglob("*.md"), *STRESS.glob("*.md")])
LEFT = GRID.margin + TEXT_INSET[0]
"""Where the text's glyphs start on a slide of one column, in inches."""
SIDE = (FITTER.content.w - GRID.column_gap) / 2
RIGHT = GRID.margin + SIDE + GRID.column_gap + TEXT_INSET[0]
"""Where the text's glyphs start in a slide's right column."""
EDGE = 0.005
"""How close two edges are when they line up, in inches."""
ADDRESS = "s3://my-flow-log-bucket/AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/05/01/"
"""The long address the lesson's two-column page holds."""


def laid_out(path: Path) -> LaidOutDeck:
    laid, _ = lay_out(Job(path, str(path), path.with_suffix(""), path.parent), THEME)
    return laid


def titled(laid: LaidOutDeck, title: str) -> PlacedSlide:
    return next(p for p in laid.slides if plain_text(p.slide.title) == title)


def edged_frames(placed: PlacedSlide) -> Iterator[tuple[str, float]]:
    """Yield each code box's, table's and column heading bar's left edge (a nested code box's
    less its indent: it lines up with its list item's text)."""
    for frame in placed.frames:
        if isinstance(frame, CodeFrame):
            yield "code", frame.box.x - FITTER.heights.code_indent(frame.code)
        elif isinstance(frame, TableFrame):
            yield "table", frame.box.x
        elif isinstance(frame, HeadingFrame):
            yield "heading", frame.box.x


# Boxes line up with the text's left edge.


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_code_tables_and_heading_bars_start_where_the_text_does(path: Path) -> None:
    for placed in laid_out(path).slides:
        for kind, x in edged_frames(placed):
            assert min(abs(x - LEFT), abs(x - RIGHT)) < EDGE, (
                f"slide {placed.number}: a {kind} starts at {x:.3f} in, the text at {LEFT:.3f}"
            )
        for frame in placed.frames:
            if isinstance(frame, TextFrame | HeadingFrame | CodeFrame | TableFrame):
                right = frame.box.x + frame.box.w
                assert right <= GRID.width - GRID.margin + EDGE, placed.number


def test_the_lesson_draws_each_kind_of_box_on_the_text_edge() -> None:
    laid = laid_out(LESSON)
    kinds = {kind for placed in laid.slides for kind, _ in edged_frames(placed)}
    assert kinds == {"code", "table", "heading"}
    nested = [
        f for p in laid.slides for f in p.frames if isinstance(f, CodeFrame) and f.code.level > 0
    ]
    assert nested and all(
        abs(f.box.x - (LEFT + THEME.bullets.hanging)) < EDGE for f in nested
    )  # under its list item's text


def test_a_wide_diagram_spans_the_text_width_and_no_more(write_lesson) -> None:  # type: ignore[no-untyped-def]
    lesson = write_lesson(
        "---\ntitle: Flow Logs\nsection: Section-15\nlesson: 3\n---\n\n"
        "#### The Path of a Packet\n\n"
        "- **Capture**: the interface records each flow.\n\n"
        "![A packet's path from the instance to the log bucket](path.png)\n"
    )
    PillowImage.new("RGB", (2400, 400), "white").save(lesson.parent / "path.png")
    [placed] = laid_out(lesson).slides[1:]
    [image] = [f for f in placed.frames if isinstance(f, ImageFrame)]
    assert abs(image.box.x - LEFT) < EDGE
    assert abs(image.box.x + image.box.w - (GRID.width - LEFT)) < EDGE


# Two columns without headings start their body where other slides do.


def test_columns_without_headings_start_the_body_where_other_slides_do() -> None:
    laid = laid_out(LESSON)
    plain = titled(laid, "Endpoint Pricing at a Glance")
    top = min(f.box.y for f in plain.frames)
    for title in ("Flow Log Destinations", "Reading a Flow Log Record"):
        placed = titled(laid, title)
        assert not any(isinstance(f, HeadingFrame) for f in placed.frames)
        xs = [f.box.x + TEXT_INSET[0] for f in placed.frames]
        assert xs == pytest.approx([LEFT, RIGHT], abs=EDGE)
        assert all(abs(f.box.y - top) < EDGE for f in placed.frames), title
    headed = titled(laid, "Gateway and Interface Endpoints")
    bars = [f for f in headed.frames if isinstance(f, HeadingFrame)]
    texts = [f for f in headed.frames if isinstance(f, TextFrame)]
    assert len(bars) == 2 and all(abs(b.box.y - top) < EDGE for b in bars)
    assert all(t.box.y >= top + GRID.column_heading_height for t in texts)


# Long addresses break after / . - ? & ; hard line breaks are kept.


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html.",
            "see https://|docs.|aws.|amazon.|com/|vpc/|latest/|userguide/|flow-|logs.|html.",
        ),
        (
            "/var/log/aws/vpc-flow-logs/eni-0a1b2c.log",
            "/var/|log/|aws/|vpc-|flow-|logs/|eni-|0a1b2c.|log",
        ),
        ("my-bucket.s3.us-east-1.amazonaws.com,", "my-|bucket.|s3.|us-|east-|1.|amazonaws.|com,"),
        (
            "https://console.aws.amazon.com/s3/home?region=eu-west-1&tab=objects",
            "https://|console.|aws.|amazon.|com/|s3/|home?|region=eu-|west-|1&|tab=objects",
        ),
        ("and/or, well-known, e.g. the 1.2.3.4.5.6.7.8.9 release", None),
        ("www.aws.com/s3", None),  # short: moves to the next line whole
    ],
)
def test_an_address_may_break_after_slashes_dots_and_hyphens(text: str, shown: str | None) -> None:
    assert breakable(text).replace(BREAK, "|") == (shown or text)


def test_the_fit_measures_the_breaks_of_a_long_address() -> None:
    measure = Measurer(THEME)
    runs = (Run("Records land under "), Run(ADDRESS, Style(code=True)), Run(" every hour."))
    wrap = measure.wrap((Run(f"Records land under {ADDRESS} every hour."),), 24, SIDE - 0.16)
    assert wrap.broken is None  # no piece of it is wider than the line
    assert wrap.lines == 4
    # Code, inline or in a box, is copied to be run: it gets no invisible break, and a path
    # too wide for its line breaks where it must (and the fit says so)
    assert measure.wrap(runs, 24, SIDE - 0.16).broken == ADDRESS
    assert measure.wrap((Run(ADDRESS),), 14, 12.0, "code").lines == 1


def test_the_lesson_warns_of_no_word_broken_mid_word() -> None:
    _, diagnostics = lay_out(Job(LESSON, str(LESSON), LESSON.with_suffix(""), LESSON.parent), THEME)
    assert not [d for d in diagnostics if "mid-word" in d.message], diagnostics


LONG_HEADING = (
    "The average monthly cost of the whole fleet of instances across every account and Region,"
    " in US dollars, before any discount"
)
TALL_HEADER = f"""---
title: Fleet Costs
---

### Costs by Region

| Id | {LONG_HEADING} | Region |
| --- | --- | --- |
| 1 | 11,420 | us-east-1 |
| 2 | 9,005 | eu-west-1 |
"""


def test_a_tables_headings_stand_on_the_middle_of_their_row(tmp_path: Path) -> None:
    """A heading of one line beside one of two is drawn on the header row's middle, in the
    deck (the cells' anchor) and in the slide PDF (its glyphs), not at the row's top with a
    line's gap under it."""
    lesson = tmp_path / "fleet.md"
    lesson.write_text(TALL_HEADER, encoding="utf-8")
    [table] = [f for f in laid_out(lesson).slides[1].frames if isinstance(f, TableFrame)]
    header = table.row_heights[0]
    assert header > 1.5 * table.row_heights[1]  # the long heading takes two lines or more
    out = tmp_path / "out"
    assert main(["build", str(lesson), "-o", str(out), "-q", "--format", "pptx,pdf"]) == 0
    deck = Presentation(str(out / "fleet.pptx"))
    [shape] = [s for s in deck.slides[1].shapes if s.has_table]
    anchors = [tc.tcPr.get("anchor") for tc in shape._element.xpath(".//a:tr[1]/a:tc")]
    assert anchors == ["ctr"] * 3
    body = [tc.tcPr.get("anchor") for tc in shape._element.xpath(".//a:tr[2]/a:tc")]
    assert body == [None] * 3  # the rows' cells keep to their top
    with pdfplumber.open(out / "fleet.pdf") as document:
        page = document.pages[1]
        k = GRID.width / float(page.width)
        words = page.extract_words()
    [word] = [w for w in words if w["text"] == "Id"]
    middle = (word["top"] + word["bottom"]) / 2 * k
    assert middle == pytest.approx(table.box.y + header / 2, abs=0.06)


@dataclass(frozen=True)
class Exported:
    deck: Path
    slides: Path
    """The slide PDF (WeasyPrint)."""
    printed: Path
    """The deck as LibreOffice prints it."""


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    """The ``Exported`` lesson, made once for the run (``made_once``)."""
    need_tool("soffice")
    return made_once(tmp_path_factory, "align", Exported, export_and_print)


def export_and_print(work: Path) -> Exported:
    """Export the lesson to a deck and a slide PDF into ``work``, and print the deck."""
    source = work / "lesson"
    shutil.copytree(LESSON.parent, source)
    out = work / "out"
    assert main(["build", str(source), "-o", str(out), "-q", "--format", "pptx,pdf"]) == 0
    deck = out / LESSON.with_suffix(".pptx").name
    print_decks([deck], work / "printed", work)
    return Exported(
        deck, deck.with_suffix(".pdf"), work / "printed" / deck.with_suffix(".pdf").name
    )


def page_lines(pdf: Path, number: int, left: float = 0.0) -> list[str]:
    """Return the text lines of a page's body right of ``left`` inches, top to bottom."""
    with pdfplumber.open(pdf) as document:
        page = document.pages[number - 1]
        k = float(page.width) / GRID.width
        body = (left * k, (GRID.body_top - 0.1) * k, page.width, GRID.footer_top * k)
        return str(page.crop(body).extract_text()).splitlines()


def body_edges(pdf: Path, number: int) -> tuple[list[float], list[float], float]:
    """Return a page's body: where its lines of text start, where its filled boxes and images
    start (in inches from the left), and the top of its first text (inches from the top)."""
    with pdfplumber.open(pdf) as document:
        page = document.pages[number - 1]
        k = GRID.width / float(page.width)
        body = [c for c in page.chars if GRID.body_top - 0.1 < c["top"] * k < GRID.footer_top]
        starts: dict[int, float] = {}
        for char in body:
            line = round(char["top"])
            starts[line] = min(starts.get(line, math.inf), char["x0"] * k)
        shapes = [*page.rects, *page.curves]  # LibreOffice draws a filled shape as a curve
        rects = [r for r in shapes if r["top"] * k > GRID.body_top - 0.1 and r.get("fill")]
        # a table's inner cells start where the cell left of them ends
        ends = {(round(r["x1"]), round(r["top"])) for r in rects}
        boxes = [r["x0"] * k for r in rects if (round(r["x0"]), round(r["top"])) not in ends]
        boxes += [i["x0"] * k for i in page.images]
        return sorted(starts.values()), boxes, min(c["top"] for c in body) * k


@pytest.mark.parametrize("which", ["slides", "printed"])
def test_boxes_line_up_with_the_text_in_the_pdfs(exported: Exported, which: str) -> None:
    pdf = getattr(exported, which)
    for number in (2, 3, 4):  # heading bars, a table, code boxes
        starts, boxes, _ = body_edges(pdf, number)
        text = min(starts)
        assert abs(text - LEFT) < 0.02, (number, text)
        lines = [LEFT, RIGHT, LEFT + THEME.bullets.hanging]  # the text's, a column's, an item's
        for x in boxes:
            assert min(abs(x - line) for line in lines) < 0.02, f"page {number}: a box at {x:.3f}"
        assert boxes, number


@pytest.mark.parametrize("which", ["slides", "printed"])
def test_columns_without_headings_start_where_other_slides_do_in_the_pdfs(
    exported: Exported, which: str
) -> None:
    pdf = getattr(exported, which)
    _, _, top = body_edges(pdf, 3)
    for number in (6, 7):
        assert abs(body_edges(pdf, number)[2] - top) < 0.02, number


@pytest.mark.parametrize("which", ["slides", "printed"])
def test_a_long_address_breaks_after_slashes_dots_and_hyphens_as_measured(
    exported: Exported, which: str
) -> None:
    pdf = getattr(exported, which)
    lines = [line.replace(BREAK, "") for line in page_lines(pdf, 7, RIGHT - 0.1)]
    # LibreOffice prints the zero-width space, which pdfplumber may read as a space
    assert ADDRESS in "".join(lines).replace(" ", "")
    inside = [line for line in lines if line.split()[-1] in ADDRESS[:-1]]
    assert len(inside) >= 2, lines
    assert all(line[-1] in "/.-" for line in inside), lines  # never mid-word
    [paragraph] = [
        block
        for frame in titled(laid_out(LESSON), "Reading a Flow Log Record").frames
        if isinstance(frame, TextFrame)
        for block in frame.blocks
        if ADDRESS in plain_text(block.runs)
    ]
    measured = Measurer(THEME).count_lines(paragraph.runs, 24, SIDE - 2 * TEXT_INSET[0])
    assert measured == len(lines)


def test_the_break_opportunities_stay_out_of_the_pdfs_text_and_the_links(
    exported: Exported,
) -> None:
    lines = page_lines(exported.slides, 7, RIGHT - 0.1)
    assert ADDRESS in "".join(lines) and not any(BREAK in line for line in lines)
    deck = Presentation(str(exported.deck))
    targets = [r.target_ref for s in deck.slides for r in s.part.rels.values() if r.is_external]
    assert targets and not any(BREAK in target for target in targets)


def test_a_hard_line_break_is_kept_in_the_deck_and_the_pdfs(exported: Exported) -> None:
    slide = Presentation(str(exported.deck)).slides[8]
    [body] = [s for s in slide.shapes if s.has_text_frame and "Source" in s.text_frame.text]
    xml = etree.tostring(body._element, encoding="unicode")
    assert xml.count("<a:br>") + xml.count("<a:br/>") == 3
    for pdf in (exported.slides, exported.printed):
        lines = [line.strip() for line in page_lines(pdf, 9)]
        for start in ("given by its ID", "and the port it must reach", "and the first blocking"):
            assert any(line.startswith(start) for line in lines), (pdf.name, lines)


def test_code_copied_from_a_slide_is_the_code_as_written(tmp_path: Path) -> None:
    """Inline code gets no invisible break (a reader copies it to run it); the same address in
    the text around it does."""
    path = "s3://course-flow-logs/AWSLogs/123456789012/vpcflowlogs/us-east-1/"
    lesson = tmp_path / "logs.md"
    lesson.write_text(
        f"---\ntitle: Flow Logs\n---\n\n### Where They Land\n\nRun `aws s3 ls {path}` to list "
        f"what landed in {path} today.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["build", str(lesson), "-o", str(out), "-q", "--format", "pptx", "--offline"]) == 0
    texts = [
        run.text
        for shape in Presentation(str(out / "logs.pptx")).slides[1].shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
    ]
    assert f"aws s3 ls {path}" in texts  # the code run, as written
    assert any(BREAK in text and text.replace(BREAK, "").startswith(" to list") for text in texts)
