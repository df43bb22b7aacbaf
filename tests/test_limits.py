"""fit: what no slide can usefully show is capped with a warning, the same in every output.

A front-matter value of thousands of characters, a lesson of thousands of slides, a slide of
thousands of links, and text too long for its box even alone and at the smallest size (a
1 MB paragraph, a line of code, a table row, a title, a column heading): each is capped or cut
short, reported with its file and line, and never left to the time limit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from pptx import Presentation

from exporter import fit, limits
from exporter.cli import main
from exporter.errors import Diagnostic, ExporterError
from exporter.fit import Fitter, paginate
from exporter.geometry import HEADING_INSET, TEXT_INSET, HeadingFrame, LaidOutDeck, TextFrame
from exporter.jobs import Job
from exporter.measure import Measurer
from exporter.model import Run, plain_text
from exporter.pipeline import lay_out
from exporter.shorten import ELLIPSIS
from exporter.theme import load_theme
from tests.conftest import need_tool, page_text, slide_texts, squeeze

THEME = load_theme()
FRONT = "---\ntitle: Limits\nsection: 1\nlesson: 2\n---\n"


def laid_out(path: Path) -> tuple[LaidOutDeck, list[Diagnostic]]:
    return lay_out(Job(path, str(path), path.with_suffix(""), path.parent), THEME)


def lines_fit(runs: tuple[Run, ...], size: float, box_w: float, box_h: float) -> bool:
    """Return whether ``runs`` fit a text box (headings' inset) at ``size``, as measured."""
    measure = Measurer(THEME)
    lines = measure.count_lines(runs, size, box_w - 2 * TEXT_INSET[0], "heading", bold=True)
    return lines * size * 1.2 / 72 <= box_h - 2 * TEXT_INSET[1] + 1e-9


def test_a_megabyte_paragraph_is_cut_the_same_in_the_deck_and_the_pdf(
    write_lesson: Callable[..., Path], tmp_path: Path
) -> None:
    need_tool("pdftotext")
    words = " ".join(f"w{i}" for i in range(200_000))  # one sentence, over 1 MB
    lesson = write_lesson(FRONT + "### Wall\n\n" + words + "\n")
    out = tmp_path / "out"
    assert main(["build", str(lesson), "-o", str(out), "--format", "pptx,pdf", "-q"]) == 0

    deck = Presentation(str(out / "lesson.pptx"))
    shown = [t for t in slide_texts(deck.slides[1]) if t.startswith("w0 ")]
    [text] = shown
    assert text.endswith(ELLIPSIS) and 1_000 < len(text) < 5_000
    pdf = squeeze(page_text(out / "lesson.pdf", 2))
    assert squeeze(text) in pdf
    # The PDF shows no more of the paragraph than the deck: the word after the cut is not in it.
    last = text.rstrip(ELLIPSIS).split()[-1]
    following = f"w{int(last[1:]) + 1}"
    assert squeeze(following) not in pdf.replace(squeeze(text), "")


def test_the_cut_is_reported_once_with_its_line(write_lesson: Callable[..., Path]) -> None:
    sentence = " ".join(["word"] * 5_000) + "."
    lesson = write_lesson(FRONT + "### Wall\n\nIntro line.\n\n" + sentence + "\n")
    laid, diagnostics = laid_out(lesson)
    [problem] = diagnostics
    assert problem.code == "overflow" and problem.line == 10
    assert "cut short" in problem.message
    # The sentence goes on a slide of its own, after the line above it, and is cut there.
    assert [p.part for p in laid.slides[1:]] == [1, 2] and problem.slide == 3
    [frame] = [f for f in laid.slides[2].frames if isinstance(f, TextFrame)]
    assert plain_text(frame.blocks[-1].runs).endswith(ELLIPSIS)


def test_a_line_of_code_and_a_table_row_too_tall_for_a_slide_are_cut(
    write_lesson: Callable[..., Path],
) -> None:
    code = "```\n" + "x = " + "1" * 20_000 + "\n```\n"
    row = "| a | b |\n|---|---|\n| " + " ".join(["cell"] * 5_000) + " | b |\n"
    lesson = write_lesson(FRONT + "### Code\n\n" + code + "\n<!-- pagebreak -->\n### Row\n\n" + row)
    laid, diagnostics = laid_out(lesson)
    assert [d.code for d in diagnostics] == ["overflow", "overflow"]
    code_frame = laid.slides[1].frames[0]
    table_frame = laid.slides[2].frames[0]
    assert code_frame.code.text.endswith(ELLIPSIS)  # type: ignore[union-attr]
    assert len(code_frame.code.text) < 5_000  # type: ignore[union-attr]
    cell = table_frame.table.rows[0][0]  # type: ignore[union-attr]
    assert plain_text(cell).endswith(ELLIPSIS)
    for placed in laid.slides[1:]:
        [frame] = placed.frames
        assert frame.box.y + frame.box.h <= THEME.slide.body_bottom + 1e-6


def test_a_title_and_a_column_heading_too_long_for_their_boxes_are_cut(
    write_lesson: Callable[..., Path],
) -> None:
    title = " ".join(["Title"] * 400)
    heading = " ".join(["Label"] * 300)
    page = f"### {title}\n\n- **{heading}**:\n  - one\n- **Other Label**:\n  - two\n"
    lesson = write_lesson(FRONT + "<!-- layout: two-column -->\n" + page)
    laid, diagnostics = laid_out(lesson)
    placed = laid.slides[1]
    assert plain_text(placed.slide.title).endswith(ELLIPSIS)
    assert lines_fit(placed.slide.title, placed.title_size, placed.title.w, placed.title.h)
    [bar] = [f for f in placed.frames if isinstance(f, HeadingFrame) and len(f.runs) > 1]
    assert plain_text(bar.runs).endswith(ELLIPSIS)
    inner = bar.box.h - 2 * HEADING_INSET[1] + 2 * TEXT_INSET[1]
    assert lines_fit(
        bar.runs, bar.size, bar.box.w - 2 * HEADING_INSET[0] + 2 * TEXT_INSET[0], inner
    )
    assert [d.line for d in diagnostics] == [7, 9]
    assert all("cut short" in d.message for d in diagnostics)
    assert "column heading" in diagnostics[1].message


def test_a_long_front_matter_value_is_shortened_with_a_warning_naming_its_line(
    write_lesson: Callable[..., Path],
) -> None:
    title = " ".join(["Security"] * 2_500)  # 20 KB
    lesson = write_lesson(f"---\nsection: 3\ntitle: {title}\nlesson: 1\n---\n### One\n\nText.\n")
    laid, diagnostics = laid_out(lesson)
    [warning] = diagnostics
    assert warning.code == "front-matter" and warning.line == 3 and "'title'" in warning.message
    assert len(laid.deck.title) <= limits.FRONT_MATTER_CHARS
    assert laid.deck.title.endswith(ELLIPSIS)
    assert plain_text(laid.slides[0].slide.title) == laid.deck.title  # fits the title slide
    assert laid.footer.endswith(" … · Section 3 · Lesson 1")  # one line: the title shortened


def test_a_footer_of_one_long_word_is_cut_inside_it() -> None:
    text, size = Fitter(THEME, {}).sizes.footer("x" * 2_000)
    assert text.endswith(ELLIPSIS) and 10 < len(text) < 1_000
    assert size == fit.FOOTER_MIN


def test_a_long_footer_cuts_the_title_and_keeps_the_section_and_lesson() -> None:
    """What tells a printed slide's place in the course stays: the title gives way."""
    title = "Shared Responsibility in Practice: Compute, Storage and Networking Across Services"
    sizes = Fitter(THEME, {}).sizes
    text, size = sizes.footer(" ".join([title] * 4), "Section 14 · Lesson 4")
    assert text.endswith(" … · Section 14 · Lesson 4") and text.startswith("Shared")
    width = THEME.slide.width  # one line, well within the slide
    assert sizes.measure.count_lines((Run(text),), size, width) == 1
    whole, _ = sizes.footer("Networking", "Section 1 · Lesson 2")
    assert whole == "Networking · Section 1 · Lesson 2"  # short: as it is


def test_a_lesson_of_too_many_slides_is_refused_naming_the_page(
    write_lesson: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paginate, "MAX_SLIDES", 5)
    pages = "\n<!-- pagebreak -->\n".join(f"### Page {i}\n\nText {i}.\n" for i in range(8))
    lesson = write_lesson(FRONT + pages)
    with pytest.raises(ExporterError) as raised:
        laid_out(lesson)
    problem = raised.value.diagnostic
    assert problem.code == "too-many-slides" and "more than 5 slides" in problem.message
    assert problem.line == 26  # the fifth page: with the title slide, the sixth slide


def test_one_page_of_too_many_slides_is_refused_before_it_is_balanced(
    write_lesson: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paginate, "MAX_SLIDES", 3)
    items = "".join(f"- item {i}\n" for i in range(2_000))
    lesson = write_lesson(FRONT + "### Long\n\n" + items)
    with pytest.raises(ExporterError) as raised:
        laid_out(lesson)
    assert raised.value.diagnostic.code == "too-many-slides"
    assert raised.value.diagnostic.line == 6


def test_a_slide_keeps_no_more_links_than_the_cap(
    write_lesson: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_LINKS", 3)
    cells = " | ".join(f"[c{i}](https://example.com/{i})" for i in range(6))
    table = "| " + " | ".join(f"h{i}" for i in range(6)) + " |\n|" + "---|" * 6 + "\n"
    lesson = write_lesson(FRONT + "### Links\n\n" + table + f"| {cells} |\n")
    laid, diagnostics = laid_out(lesson)
    [warning] = diagnostics
    assert warning.code == "links" and warning.slide == 2 and warning.line == 6
    assert "6 links" in warning.message
    frame = laid.slides[1].frames[0]
    row = frame.table.rows[0]  # type: ignore[union-attr]
    assert [bool(cell[0].style.link) for cell in row] == [True] * 3 + [False] * 3


@pytest.mark.parametrize("cap", [30, 1_000])
def test_a_lesson_of_too_many_table_cells_has_untagged_pdfs_with_a_warning(
    write_lesson: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    cap: int,
) -> None:
    """Each cell is two structure elements of the tagged PDF, all held by the join of a long
    PDF's parts: above the cap, the slide PDF and handout go untagged, and the lesson says so."""
    monkeypatch.setattr(limits, "MAX_TAGGED_CELLS", cap)
    header = "| " + " | ".join(f"h{i}" for i in range(6)) + " |\n|" + "---|" * 6 + "\n"
    rows = "".join("| " + " | ".join(f"r{r}c{c}" for c in range(6)) + " |\n" for r in range(9))
    lesson = write_lesson(
        FRONT + "### Intro\n\nText.\n\n<!-- pagebreak -->\n\n### Data\n\n" + header + rows
    )
    out = tmp_path / "out"
    argv = ["build", str(lesson), "-o", str(out), "--offline", "--format", "pdf,handout"]
    assert main(argv) == 0
    err = capsys.readouterr().err
    over = cap < 60  # ten rows of six cells
    assert ("warning: the lesson's tables have 60 cells" in err) is over
    if over:
        assert f"{lesson}:12: warning:" in err  # the page of the table
    for name in ("lesson.pdf", "lesson.handout.pdf"):
        with pikepdf.open(out / name) as pdf:
            assert ("/StructTreeRoot" in pdf.Root) is not over, name
            assert len(pdf.pages) >= 1 and str(pdf.Root.Lang) == "en"
    _, diagnostics = laid_out(lesson)
    assert [d.code for d in diagnostics] == (["untagged"] if over else [])
