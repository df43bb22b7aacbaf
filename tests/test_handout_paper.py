"""write: handouts are printed on white paper: whatever the theme, the text around the slides
(the header, "Slide N", notes, the outline with its code) reads dark on light and fills no
page with ink, while each slide's thumbnail keeps the look the slide has."""

from __future__ import annotations

import itertools
import subprocess
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
from PIL import Image

from exporter.cli import main
from exporter.theme import load_theme
from exporter.theme_checks import MIN_CONTRAST, contrast, luminance
from exporter.theme_files import builtin_themes
from tests.conftest import ROOT, SEED, need_tool

BUILT_IN = [name for name, _ in builtin_themes()]
CODE = ROOT / "tests" / "fixtures" / "code" / "hands-on-s3-static-site.md"
NOTED = """---
title: Notes on paper
---

## A slide with notes

- **Read**: this `aws s3 ls` line, and [a link](https://example.com/)

<!-- notes: Say what the bucket holds before you list it. -->
"""
LIGHT = 0.75
"""The least luminance a fill outside the slides may have: a tint, not a block of ink."""


def color(value: Any) -> str:
    """Return a pdfplumber colour (grey or RGB, 0 to 1) as ``RRGGBB`` (black when unset)."""
    channels = tuple(value or (0,))
    if len(channels) == 1:
        channels *= 3
    return "".join(f"{round(float(c) * 255):02X}" for c in channels[:3])


SCALE = 2
"""Pixels a point, as the pages are rendered to find what each character is drawn on."""
PAD = 1.0
"""How far round a character, in points, the colour it is drawn on is looked for."""


def paper_under(char: dict[str, Any], image: Image.Image) -> str:
    """Return the colour ``char`` is drawn on, as a reader sees it: the commonest colour of
    the rendered page in and around its box (its strokes are the fewer pixels)."""
    box = (char["x0"] - PAD, char["top"] - PAD, char["x1"] + PAD, char["bottom"] + PAD)
    crop = image.crop(tuple(round(v * SCALE) for v in box))
    colors: list[tuple[int, Any]] = crop.getcolors(crop.width * crop.height) or []
    _, rgb = max(colors, key=lambda pair: pair[0])
    return "".join(f"{channel:02X}" for channel in rgb)


def faint_text(pdf: Path) -> list[str]:
    """Return each text colour of ``pdf`` too faint on what it is drawn on (page, its
    colour, the colour under it, the ratio), once per pair."""
    found = set()
    rendered = pdfium.PdfDocument(pdf)
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            image = rendered[number - 1].render(scale=SCALE).to_pil().convert("RGB")
            for char in page.chars:
                if not char["text"].strip():
                    continue
                ink, paper = color(char["non_stroking_color"]), paper_under(char, image)
                ratio = contrast(ink, paper)
                if ratio < MIN_CONTRAST:
                    found.add(f"page {number}: {ink} on {paper} ({ratio:.2f}:1)")
    rendered.close()
    return sorted(found)


def export(lesson: Path, out: Path, theme: str, handout: str) -> Path:
    """Export ``lesson``'s handout in ``handout`` layout with ``theme``; return its PDF."""
    build = [str(lesson), "-o", str(out), "-q", "--offline", "--theme", theme]
    assert main(["build", *build, "--format", "handout", "--handout", handout]) == 0
    return out / f"{lesson.stem}.handout.pdf"


@pytest.mark.parametrize("theme", BUILT_IN)
def test_the_outline_prints_dark_on_light(tmp_path: Path, theme: str) -> None:
    """The outline, code blocks and inline code included, has no dark fill and no text too
    faint on what it is drawn on; highlighted code keeps its colours apart."""
    pdf = export(CODE, tmp_path, theme, "outline")
    assert faint_text(pdf) == []
    with pdfplumber.open(pdf) as document:
        fills = {color(r["non_stroking_color"]) for p in document.pages for r in p.rects}
        inks = {color(c["non_stroking_color"]) for p in document.pages for c in p.chars}
    assert fills, "the code blocks are drawn on a tint"
    assert all(luminance(fill) >= LIGHT for fill in fills), fills
    assert len(inks) >= 5, inks  # text, links, and several syntax colours


@pytest.mark.parametrize("layout", ["3", "notes"])
@pytest.mark.parametrize("theme", BUILT_IN)
def test_slides_keep_their_look_and_the_text_around_them_reads(
    tmp_path: Path, theme: str, layout: str
) -> None:
    lesson = tmp_path / "noted.md"
    lesson.write_text(NOTED, encoding="utf-8")
    pdf = export(lesson, tmp_path / "out", theme, layout)
    assert faint_text(pdf) == []
    background = load_theme(theme).colors.background
    with pdfplumber.open(pdf) as document:
        fills = {color(r["non_stroking_color"]) for p in document.pages for r in p.rects}
        text = "\n".join(page.extract_text() for page in document.pages)
    if background != "FFFFFF":
        assert background in fills  # the slide as it is shown, dark or not
    assert "Slide 2" in text and "Notes on paper" in text
    if layout == "notes":
        assert "Say what the bucket holds" in text


HEADER_DEPTH = 50
"""How far down a page (in points) its header's words stand: above the page's top margin."""
LONG = """---
title: '{title}'
section: Module 3
lesson: 12
---

## A table longer than a page

| Tier | AZ a | AZ b | AZ c | Purpose and notes |
|---|---|---|---|---|
{rows}
"""


def test_a_long_title_leaves_the_section_and_lesson_on_one_line_and_rows_whole(
    tmp_path: Path,
) -> None:
    # Each page's header holds the title at the left and "Module 3 · Lesson 12" at the right:
    # a long title wraps beside them, never they. The outline keeps each table row on a page.
    title = "Global Architecture: " + " ".join(["Content Delivery and Failover"] * 5)
    rows = "\n".join(
        f"| tier-{n} | 10.0.{n}.0/24 | 10.1.{n}.0/24 | 10.2.{n}.0/24 | "
        + "words to wrap in the cell " * (1 + n % 4)
        + f"end-{n} |"
        for n in range(40)
    )
    lesson = tmp_path / "long.md"
    lesson.write_text(LONG.format(title=title, rows=rows), encoding="utf-8")
    argv = ["build", str(lesson), "-o", str(tmp_path / "out"), "-q", "--format", "handout"]
    assert main([*argv, "--handout", "3,outline"]) == 0
    for name in ("long.handout-3.pdf", "long.outline.pdf"):
        with pdfplumber.open(tmp_path / "out" / name) as pdf:
            pages = [page.extract_words() for page in pdf.pages]
            for words in pages[1:]:  # the first page of the outline opens with the title
                head = [w for w in words if w["top"] < HEADER_DEPTH]
                right = [w for w in head if w["text"] in ("Module", "3", "Lesson", "12")]
                assert len(right) == 4, [w["text"] for w in head]
                assert len({round(w["top"]) for w in right}) == 1, right
            if name == "long.outline.pdf":
                assert len(pages) > 1
                for n in range(40):
                    ends = (f"tier-{n}", f"end-{n}")
                    at = [i for i, words in enumerate(pages) for w in words if w["text"] in ends]
                    assert len(at) == 2 and at[0] == at[1], (n, at)


DPI = 100
"""Pixels an inch, as the pages are rendered to find their ruled lines."""


def ruled_lines(
    page: Image.Image, band: tuple[float, float], rows: tuple[float, float]
) -> list[int]:
    """Return the rows (pixels down ``page``) of each grey line drawn right across the band
    of the page between the fractions ``band`` of its width, between the fractions ``rows``
    of its height: its pixels darker than paper, none as dark as text."""
    grey = page.convert("L")
    pixels, width = grey.tobytes(), grey.width
    left, right = (round(fraction * width) for fraction in band)
    top, bottom = (round(fraction * grey.height) for fraction in rows)
    found: list[int] = []
    for y in range(top, bottom):
        row = pixels[y * width + left : y * width + right]
        if all(100 < value < 250 for value in row) and (not found or y > found[-1] + 2):
            found.append(y)
    return found


def rendered_both_ways(pdf: Path, number: int, folder: Path) -> list[Image.Image]:
    """Return page ``number`` of ``pdf`` as poppler (pdftoppm) and PDFium draw it."""
    need_tool("pdftoppm")
    out = folder / f"page-{number}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(DPI), "-f", str(number), "-l", str(number), pdf, out],
        check=True,
    )
    (poppler,) = folder.glob(f"page-{number}*.png")
    document = pdfium.PdfDocument(pdf)
    drawn = document[number - 1].render(scale=DPI / 72).to_pil()
    document.close()
    return [Image.open(poppler), drawn]


def test_the_lines_for_notes_are_ruled_beside_each_slide_and_below_a_slide_without_notes(
    tmp_path: Path,
) -> None:
    """Beside each slide of a 3-a-page handout, as many lines as fit its height, one every
    0.32 in; below a slide on a notes page without notes, lines down to the foot: drawn by
    both renderers, every line right across its room."""
    pitch = 0.32 * DPI
    three = export(SEED, tmp_path / "three", "default", "3")
    for page in rendered_both_ways(three, 1, tmp_path / "three"):
        lines = ruled_lines(page, (0.6, 0.9), (0.1, 0.9))
        gaps = [after - before for before, after in itertools.pairwise(lines)]
        beside = [gap for gap in gaps if abs(gap - pitch) <= 1.5]
        assert len(lines) >= 12 and len(beside) == len(lines) - 3, gaps  # three slides' lines
    noted, plain = tmp_path / "noted.md", tmp_path / "plain.md"
    noted.write_text(NOTED, encoding="utf-8")
    plain.write_text(NOTED.replace("<!-- notes:", "<!-- not notes:"), encoding="utf-8")
    for page in rendered_both_ways(export(noted, tmp_path, "default", "notes"), 2, tmp_path):
        assert ruled_lines(page, (0.1, 0.9), (0.5, 0.9)) == []  # its notes are printed there
    for page in rendered_both_ways(export(plain, tmp_path, "default", "notes"), 2, tmp_path):
        lines = ruled_lines(page, (0.1, 0.9), (0.5, 0.9))
        gaps = [after - before for before, after in itertools.pairwise(lines)]
        assert len(lines) >= 10 and all(abs(gap - pitch) <= 1.5 for gap in gaps), gaps
