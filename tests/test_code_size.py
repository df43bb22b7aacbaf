"""fit: a code block too wide for its box is set smaller on its own; the text around it keeps
the size it fits at, in the deck, the slide PDF and the handout alike.

The lesson (``stress/wide-code.md``) has a bash one-liner under three bullets, a wide line of
YAML, a short command and a wide line of JSON on one slide, a guide's step with a wide command
nested under it, code in a column, and a script divided over slides with one wide line.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pptx.util import Inches

from exporter.cli import main
from exporter.fit.scale import scales_of
from exporter.geometry import (
    CODE_INSET,
    CodeFrame,
    LaidOutDeck,
    PlacedSlide,
    TextFrame,
    content_box,
)
from exporter.jobs import Job
from exporter.measure import Measurer
from exporter.pipeline import lay_out
from exporter.theme import load_theme
from tests.conftest import STRESS
from tests.glyphs import pages_of
from tests.test_reports import valid

THEME = load_theme()
LESSON = STRESS / "wide-code.md"
MONO = "Liberation-Mono"
"""The code font's name in the PDFs (the default theme's)."""
BODY = "Carlito"


@dataclass(frozen=True)
class Built:
    """The lesson laid out, and its outputs."""

    laid: LaidOutDeck
    warnings: tuple[str, ...]
    report: dict[str, object]
    pptx: Path
    pdf: Path
    handout: Path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("wide-code")
    report = out / "report.json"  # validated against its schema
    flags = ["--format", "pptx,pdf,handout", "--offline", "-q", "--report", str(report)]
    assert main(["build", str(LESSON), "-o", str(out), *flags]) == 0
    job = Job(LESSON, LESSON.name, out, STRESS)
    laid, found = lay_out(job, THEME)
    stem = out / LESSON.stem
    return Built(
        laid,
        tuple(d.message for d in found),
        valid(report),
        stem.with_suffix(".pptx"),
        stem.with_suffix(".pdf"),
        stem.with_suffix(".handout.pdf"),
    )


def codes(placed: PlacedSlide) -> list[CodeFrame]:
    return [f for f in placed.frames if isinstance(f, CodeFrame)]


def wrapping(frame: CodeFrame, size: float) -> list[str]:
    """Return the lines of ``frame``'s code that take more than one line of its box at
    ``size``."""
    inner = frame.box.w - 2 * CODE_INSET
    measure = Measurer(THEME)
    return [
        line
        for line in frame.code.text.split("\n")
        if measure.count_code_line(line, size, inner) > 1
    ]


def proportional(body: float) -> float:
    """Return the code size the scale of a slide whose body is at ``body`` gives code."""
    return next(s.code for s in scales_of(THEME) if s.body == body)


def content(built: Built) -> list[PlacedSlide]:
    return [p for p in built.laid.slides if codes(p)]


def test_the_text_around_wide_code_keeps_its_size(built: Built) -> None:
    """Three short bullets above a long ``aws cloudformation deploy`` were set at 18 pt, the
    floor, two thirds of the slide empty, so that the command kept whole at its share of
    the body's size: the bullets now keep 24 pt and the command alone is set smaller."""
    assert built.warnings == ()
    slides = content(built)
    assert len(slides) == 8
    for placed in slides:
        assert placed.body_size == THEME.sizes.body, placed.slide.title
        assert not placed.shrunk
        for frame in placed.frames:
            if isinstance(frame, TextFrame):
                assert frame.size == THEME.sizes.body


def test_the_report_gives_the_body_size_and_each_code_blocks(built: Built) -> None:
    """``size`` is the body's; ``code`` lists each code block's, on a slide with code only."""
    lessons: list[dict[str, Any]] = built.report["lessons"]  # type: ignore[assignment]
    listed = {s["number"]: s for s in lessons[0]["slides"]}
    for placed in built.laid.slides:
        shown = listed[placed.number]
        assert shown["size"] == placed.body_size
        assert shown.get("code", []) == [f.size for f in codes(placed)]
    assert listed[4]["size"] == THEME.sizes.body
    assert listed[4]["code"] == [THEME.sizes.code, codes(built.laid.slides[3])[1].size]
    assert "code" not in listed[1]


def test_each_code_block_takes_the_largest_size_at_which_its_lines_are_whole(
    built: Built,
) -> None:
    """No larger than its share of the body's size, no smaller than the theme's least; a
    block whose lines are whole at its share keeps it, beside another set smaller."""
    sizes = {}
    for placed in content(built):
        share = proportional(placed.body_size)
        for frame in codes(placed):
            assert THEME.sizes.code_min <= frame.size <= share
            assert wrapping(frame, frame.size) == [] and frame.folds == ()
            whole = replace(frame.code, text=frame.code.whole or frame.code.text)
            larger = CodeFrame(frame.box, whole, frame.size + 1)
            assert frame.size == share or wrapping(larger, larger.size), frame.code.text
            sizes[frame.code.text.split("\n")[0][:24]] = frame.size
    assert sizes["aws s3 ls s3://my-bucket"] == THEME.sizes.code  # beside the wide JSON
    assert sizes['{"Effect": "Allow", "Act'] < THEME.sizes.code
    assert sizes["aws cloudformation deplo"] < THEME.sizes.code
    assert sizes["metadata:"] < THEME.sizes.code
    assert sizes["aws s3 sync public/ s3:/"] < THEME.sizes.code  # nested under its step
    assert sizes["Destination      Gateway"] < THEME.sizes.code  # in its column


def test_the_pieces_of_divided_code_share_the_size_its_widest_line_needs(built: Built) -> None:
    """Only the second of the script's three slides holds its wide line; all three set it
    at the one size, and the sentence that presents it keeps the body's."""
    slides = [p for p in content(built) if any(f.code.whole for f in codes(p))]
    pieces = [frame for placed in slides for frame in codes(placed)]
    assert len(pieces) == 3
    assert len({frame.size for frame in pieces}) == 1
    assert [bool(wrapping(f, f.size + 1)) for f in pieces] == [False, True, False]
    assert pieces[0].size < THEME.sizes.code
    [words] = [f for f in slides[0].frames if isinstance(f, TextFrame)]
    assert words.size == THEME.sizes.body


def code_lines(placed: PlacedSlide) -> list[tuple[str, float]]:
    """Return each line of a slide's code with the size its frame sets it at."""
    return [(line, f.size) for f in codes(placed) for line in f.code.text.split("\n")]


def texts(placed: PlacedSlide) -> set[float]:
    """Return the size of a slide's text: the body's, where it has any besides its code."""
    has = any(isinstance(f, TextFrame) for f in placed.frames)
    return {THEME.sizes.body} if has else set()


def test_the_deck_sets_the_text_and_each_code_block_at_its_size(built: Built) -> None:
    deck = Presentation(str(built.pptx))
    area = content_box(THEME.slide)
    top, bottom = Inches(area.y - 0.1), Inches(area.y + area.h)
    for placed in content(built):
        slide = deck.slides[placed.number - 1]
        code_sizes: dict[str, set[float]] = defaultdict(set)
        body_sizes: set[float] = set()
        for shape in slide.shapes:
            if not shape.has_text_frame:
                continue
            for paragraph in shape.text_frame.paragraphs:
                runs = [r for r in paragraph.runs if r.text]
                mono = [r for r in runs if r.font.name == THEME.fonts.code.name]
                if mono and len(mono) == len(runs):
                    code_sizes[paragraph.text].update(r.font.size.pt for r in runs)
                elif top <= shape.top < bottom:
                    body_sizes.update(r.font.size.pt for r in runs if r not in mono)
        for line, size in code_lines(placed):
            if line.strip():
                assert code_sizes[line] == {size}, (placed.number, line)
        assert body_sizes == texts(placed), placed.number


def code_baselines(chars: list[dict[str, Any]]) -> dict[float, set[float]]:
    """Return the sizes of the code font's characters on each baseline that holds no text
    font's (inline code in a sentence is on its sentence's), rounded."""
    found: dict[float, set[float]] = defaultdict(set)
    texts = {round(c["matrix"][5], 1) for c in chars if BODY in c["fontname"]}
    for char in chars:
        baseline = round(char["matrix"][5], 1)
        if MONO in char["fontname"] and char["text"].strip() and baseline not in texts:
            found[baseline].add(round(char["size"], 2))
    return found


def test_the_slide_pdf_sets_the_same_sizes_and_keeps_every_line_of_code_whole(
    built: Built,
) -> None:
    """Each line of code is on a baseline of its own (a line broken in two would take two),
    at its frame's size; the text in the body's area at the body's."""
    area = content_box(THEME.slide)
    for placed in content(built):
        chars = pages_of(built.pdf)[placed.number - 1].chars
        lines = [(line, size) for line, size in code_lines(placed) if line.strip()]
        baselines = code_baselines(chars)
        assert len(baselines) == len(lines), placed.number
        assert sorted(s for sizes in baselines.values() for s in sizes) == sorted(
            size for _, size in lines
        )
        body = {
            round(c["size"], 2)
            for c in chars
            if BODY in c["fontname"] and area.y * 72 < c["top"] < (area.y + area.h) * 72
        }
        assert body == texts(placed), placed.number


def test_the_handout_draws_the_slides_code_in_proportion(built: Built) -> None:
    """The handout draws each slide smaller, its code as the slide does: each line whole,
    standing to the text as on the slide."""
    pages = pages_of(built.handout)
    chars = [c for c in pages[0].chars if BODY in c["fontname"]]
    text = "".join(c["text"] for c in chars)
    first = next(p for p in content(built))
    title = chars[text.index("Deploying with the CLI")]["size"]
    thumbnail = title / first.title_size
    bullet = chars[text.index("Install the AWS CLI")]["size"]
    assert round(bullet, 2) == round(THEME.sizes.body * thumbnail, 2)
    lines = [(line, size) for p in content(built) for line, size in code_lines(p)]
    lines = [(line, size) for line, size in lines if line.strip()]
    drawn = [code_baselines(page.chars) for page in pages]
    assert sum(len(baselines) for baselines in drawn) == len(lines)
    shown = sorted(s for baselines in drawn for sizes in baselines.values() for s in sizes)
    assert shown == sorted(round(size * thumbnail, 2) for _, size in lines)
