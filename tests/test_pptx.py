"""write (PPTX): python-pptx reads our decks back, and they are what the lesson says."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image as PILImage
from pptx import Presentation
from pptx.shapes.picture import Picture
from pptx.util import Emu

from exporter.addresses import BREAK
from exporter.jobs import Job
from exporter.options import Options
from exporter.pipeline import export_lesson
from exporter.theme import load_theme
from tests.conftest import LESSONS, SEED

EMU_PER_INCH = 914400


def export(source: Path, out: Path, created: datetime | None = None) -> Path:
    job = Job(source, str(source), out / source.stem, LESSONS)
    result = export_lesson(job, Options(created=created), load_theme())
    assert result.status == "exported", result.diagnostics
    return out / f"{source.stem}.pptx"


def texts(shape: object) -> str:
    return shape.text_frame.text if shape.has_text_frame else ""  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def seed_deck(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return Presentation(str(export(SEED, tmp_path_factory.mktemp("seed"))))


def test_seed_deck_is_16_9_with_a_title_slide_and_a_slide_per_page(seed_deck) -> None:  # type: ignore[no-untyped-def]
    assert (seed_deck.slide_width, seed_deck.slide_height) == (Emu(12191695), Emu(6858000))
    slides = list(seed_deck.slides)
    assert len(slides) == 9
    title = slides[0]
    assert title.shapes.title.text == (  # its last two words bound (``last_words_bound``)
        "Security and Compliance: Understanding AWS Shared Responsibility\u00a0Model"
    )
    assert title.placeholders[1].text == "Section 14 · Lesson 1"
    assert [s.shapes.title.text for s in slides[1:4]] == [
        "AWS Responsibility - Security of the Cloud",  # the opening heading repeats the title
        "AWS Responsibility - Security of the Cloud (continued)",  # its ##### subheading
        "Customer Responsibility - Security in the Cloud",
    ]


def test_comparison_slides_have_two_columns_headed_by_the_parties(seed_deck) -> None:  # type: ignore[no-untyped-def]
    for index, heading in ((6, "For RDS"), (7, "For S3")):
        slide = seed_deck.slides[index]
        shapes = [s for s in slide.shapes if s.has_text_frame]
        labels = [
            s for s in shapes if texts(s) in ("AWS Responsibilities", "Customer Responsibilities")
        ]
        assert [texts(s) for s in labels] == ["AWS Responsibilities", "Customer Responsibilities"]
        left, right = labels
        assert left.top == right.top and left.width == right.width and left.left < right.left
        assert heading in " ".join(texts(s) for s in slide.shapes)


def test_bullets_are_real_paragraphs_with_levels_and_bold_lead_ins(seed_deck) -> None:  # type: ignore[no-untyped-def]
    slide = seed_deck.slides[5]  # Shared Controls
    body = next(s for s in slide.shapes if "Patch Management" in texts(s))
    paragraphs = body.text_frame.paragraphs
    assert len(paragraphs) == 3
    first = paragraphs[0]
    assert first.level == 0
    assert first.runs[0].text == "Patch Management" and first.runs[0].font.bold
    assert first.runs[1].font.bold is not True
    bullet = first._p.pPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}buChar")
    assert bullet is not None and bullet.get("char") == "•"


def test_every_run_has_an_explicit_size_and_no_text_box_autofits(seed_deck) -> None:  # type: ignore[no-untyped-def]
    for slide in seed_deck.slides:
        for shape in slide.shapes:
            if not shape.has_text_frame:
                continue
            body_pr = shape.text_frame._txBody.bodyPr
            assert (
                body_pr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}noAutofit")
                is not None
            )
            for paragraph in shape.text_frame.paragraphs:
                assert all(run.font.size is not None for run in paragraph.runs)


def test_footer_and_slide_number_on_content_slides(seed_deck) -> None:  # type: ignore[no-untyped-def]
    for number, slide in enumerate(seed_deck.slides, start=1):
        xml = slide._element.xml
        if number == 1:
            assert 'type="slidenum"' not in xml
            continue
        assert 'type="slidenum"' in xml
        assert any(texts(s).startswith("Security and Compliance:") for s in slide.shapes)


def test_missing_remote_image_becomes_a_described_placeholder(seed_deck) -> None:  # type: ignore[no-untyped-def]
    slide = seed_deck.slides[8]
    assert slide.shapes.title.text == "AWS Shared Responsibility Model"
    placeholder = next(s for s in slide.shapes if "Image not available" in texts(s))
    # the address may break after / . - (a zero-width space after each, see addresses)
    assert "https://d1.awsstatic.com/" in texts(placeholder).replace(BREAK, "")
    assert (
        placeholder._element.xpath("./*[1]/p:cNvPr")[0].get("descr")
        == "AWS Shared Responsibility Model"
    )


def test_core_properties_come_from_the_front_matter(seed_deck) -> None:  # type: ignore[no-untyped-def]
    core = seed_deck.core_properties
    assert core.title.startswith("Security and Compliance:")
    assert core.subject == "Section 14 · Lesson 1"
    assert core.created is None and core.modified is None


def test_exports_are_byte_identical(tmp_path: Path) -> None:
    first = export(SEED, tmp_path / "a").read_bytes()
    second = export(SEED, tmp_path / "b").read_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_source_date_epoch_dates_the_deck(tmp_path: Path) -> None:
    created = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    deck = Presentation(str(export(SEED, tmp_path, created)))
    assert deck.core_properties.created == datetime(2024, 5, 6, 7, 8, 9)
    assert deck.core_properties.modified == datetime(2024, 5, 6, 7, 8, 9)


def test_local_image_is_a_picture_with_alt_text_and_its_aspect(tmp_path: Path) -> None:
    lesson = tmp_path / "lesson.md"
    PILImage.new("RGB", (400, 100), "navy").save(tmp_path / "wide.png")
    lesson.write_text("---\ntitle: T\n---\n![A wide banner](wide.png)\n", encoding="utf-8")
    job = Job(lesson, "lesson.md", tmp_path / "out" / "lesson", tmp_path)
    assert export_lesson(job, Options(), load_theme()).status == "exported"
    slide = Presentation(str(tmp_path / "out" / "lesson.pptx")).slides[1]
    [picture] = [s for s in slide.shapes if isinstance(s, Picture)]  # in the body placeholder
    assert picture._element.xpath("./*[1]/p:cNvPr")[0].get("descr") == "A wide banner"
    assert picture.width / picture.height == pytest.approx(4.0, rel=0.01)
    assert slide.shapes.title.text == "A wide banner"


def test_tables_are_native_and_code_is_monospace(tmp_path: Path) -> None:
    source = Path(__file__).parent / "fixtures" / "build" / "content.md"
    deck = Presentation(str(export(source, tmp_path)))
    table_slide = next(s for s in deck.slides if s.shapes.title.text == "A table")
    [table] = [s for s in table_slide.shapes if s.has_table]
    assert table.table.cell(0, 1).text == "Security Group"
    assert table.table.cell(2, 2).text == "Allow and deny"
    code_slide = next(s for s in deck.slides if s.shapes.title.text == "Code alone")
    code = next(s for s in code_slide.shapes if texts(s) == "aws ec2 describe-vpcs")
    assert code.text_frame.paragraphs[0].runs[0].font.name == "Courier New"


def test_an_empty_table_cell_has_the_tables_size(tmp_path: Path) -> None:
    """An empty cell's paragraph says its size (``a:endParaRPr``): LibreOffice took its
    default 18 pt for it and drew the row taller than measured, the rows below lower."""
    source = tmp_path / "empty.md"
    table = "| Plan | Support | Price |\n|---|---|---|\n| Basic |  | 0 |\n| Business | 24/7 | 100 |"
    source.write_text(f"---\ntitle: Plans\n---\n\n### Plans\n\n{table}\n", encoding="utf-8")
    deck = Presentation(str(export(source, tmp_path)))
    [shape] = [s for s in deck.slides[1].shapes if s.has_table]
    empty = shape.table.cell(1, 1)._tc
    [paragraph] = empty.xpath(".//a:p")
    [end] = paragraph.xpath("a:endParaRPr")
    [sized] = shape.table.cell(1, 0)._tc.xpath(".//a:r/a:rPr")
    assert end.get("sz") == sized.get("sz")


def test_table_cells_draw_no_border_as_the_slide_pdf_draws_none(tmp_path: Path) -> None:
    """The table style python-pptx names would draw white lines between the cells (LibreOffice
    and PowerPoint both draw them); each cell says it has none, its fill its own."""
    source = Path(__file__).parent / "fixtures" / "build" / "content.md"
    deck = Presentation(str(export(source, tmp_path)))
    tables = [s.table for slide in deck.slides for s in slide.shapes if s.has_table]
    cells = [tc for table in tables for tc in table._tbl.xpath(".//a:tc")]
    assert cells
    for tc in cells:
        [properties] = tc.xpath("./a:tcPr")
        sides = [child.tag.split("}")[1] for child in properties]
        assert sides[:5] == ["lnL", "lnR", "lnT", "lnB", "solidFill"]
        assert all(properties.xpath(f"./a:{side}/a:noFill") for side in sides[:4])


def test_inline_styles_links_and_ordered_numbers(tmp_path: Path) -> None:
    source = Path(__file__).parent / "fixtures" / "build" / "content.md"
    deck = Presentation(str(export(source, tmp_path)))
    inline = next(s for s in deck.slides[1].shapes if "Plain" in texts(s))
    runs = {run.text: run for run in inline.text_frame.paragraphs[0].runs}
    assert runs["code"].font.name == "Courier New"
    assert runs["italic"].font.italic is True
    assert runs["link"].hyperlink.address == "https://docs.aws.amazon.com/"
    assert "Inline HTML tags style their text; <custom-tag> stays as written." in texts(inline)
    assert runs["HTML"].font.bold is True
    ordered = next(s for s in deck.slides[2].shapes if "Create the VPC" in texts(s))
    numbers = ordered.text_frame._txBody.xpath(".//a:buAutoNum/@startAt")
    assert numbers == ["1", "2"]
    levels = [p.level for p in ordered.text_frame.paragraphs]
    assert levels == [0, 1, 2, 0, 1]


STEPS_WITH_CODE_AT_THE_MARGIN = """---
title: 'Lab: Launch an Instance'
---

#### Step 1: Connect

1. Copy the instance's public DNS name.
```bash
ssh -i ~/.ssh/lab-key.pem ec2-user@ec2-54-210-167-204.compute-1.amazonaws.com
```
1. Type `yes` and press **Enter**.

![The terminal after connecting](missing.png)

1. Run `sudo dnf update -y`.
"""


def test_steps_parted_by_code_or_a_picture_are_numbered_on_in_the_deck_and_pdf(
    tmp_path: Path,
) -> None:
    # Markdown ends a list at a fence or picture at the margin; each step written "1."
    # would start again at 1, where the author meant one procedure: 1, 2, 3.
    source = tmp_path / "lab.md"
    source.write_text(STEPS_WITH_CODE_AT_THE_MARGIN, encoding="utf-8")
    job = Job(source, str(source), tmp_path / "lab", LESSONS)
    result = export_lesson(job, Options(formats=("pptx", "pdf")), load_theme())
    assert result.status == "exported", result.diagnostics
    deck = Presentation(str(tmp_path / "lab.pptx"))
    numbers = [
        number
        for shape in deck.slides[1].shapes
        if shape.has_text_frame
        for number in shape.text_frame._txBody.xpath(".//a:buAutoNum/@startAt")
    ]
    assert numbers == ["1", "2", "3"]
    with pdfplumber.open(tmp_path / "lab.pdf") as pdf:
        text = pdf.pages[1].extract_text()
    assert "2. Type yes" in text and "3. Run sudo" in text
    assert "1. Type" not in text and "1. Run" not in text


def test_speaker_notes(tmp_path: Path) -> None:
    source = Path(__file__).parent / "fixtures" / "build" / "directives.md"
    deck = Presentation(str(export(source, tmp_path)))
    slide = deck.slides[4]
    assert slide.has_notes_slide
    assert slide.notes_slide.notes_text_frame.text == "Ask who has used both."
    assert not deck.slides[1].has_notes_slide


READING = [
    SEED,
    LESSONS / "section-15" / "lesson-1.md",
    Path(__file__).parent / "fixtures" / "quizzes" / "screen-ten.md",
]
"""Decks with text above columns (the seed's "For RDS"), code, tables and pictures, and a
quiz's questions above their options in two columns."""


@pytest.mark.parametrize("source", READING, ids=lambda path: path.stem)
def test_the_shapes_of_each_slide_are_in_reading_order(source: Path, tmp_path: Path) -> None:
    """A screen reader, PowerPoint's and LibreOffice's, reads a slide's shapes in the order
    of its shape tree: the title first, then what stands above before what stands below it
    (a subheading or a question above the columns, before them), the footer last."""
    deck = Presentation(str(export(source, tmp_path)))
    for number, slide in enumerate(deck.slides, start=1):
        shapes = list(slide.shapes)
        assert not shapes or shapes[0] == slide.shapes.title or number == 1
        for index, shape in enumerate(shapes):
            for later in shapes[index + 1 :]:
                left = max(shape.left, later.left)
                right = min(shape.left + shape.width, later.left + later.width)
                if right > left and later.top + later.height <= shape.top:
                    raise AssertionError(
                        f"{source.name} slide {number}: {later.name!r} stands above "
                        f"{shape.name!r} and comes after it"
                    )


def test_a_subheading_under_another_is_drawn_as_the_texts_heading(tmp_path: Path) -> None:
    """``####`` and ``#####`` were drawn alike, larger and in the accent, so that "Health
    Checks" read as an empty heading beside its own "Load Balancer Health Checks" (review).
    A subheading deeper than the page's first is bold at the text's size and colour, in the
    deck and the slide PDF alike."""
    lesson = tmp_path / "levels.md"
    lesson.write_text(
        "---\ntitle: Levels\n---\n\n### Designing for Failure\n\n#### Health Checks\n\n"
        "##### Load Balancer Health Checks\n\nThe balancer asks every 30 seconds.\n\n"
        "#### Multi-AZ Deployments\n\nRun every tier in two zones.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    job = Job(lesson, lesson.name, out / "levels", tmp_path)
    result = export_lesson(job, Options(formats=("pptx", "pdf"), output=out), load_theme())
    assert result.status.value == "exported", result.diagnostics
    slide = Presentation(str(out / "levels.pptx")).slides[1]
    [body] = [s for s in slide.shapes if s.has_text_frame and "Health Checks" in s.text_frame.text]
    drawn = {
        p.text: (p.runs[0].font.size.pt, str(p.runs[0].font.color.theme_color), p.runs[0].font.bold)
        for p in body.text_frame.paragraphs
    }
    major, minor, text = (
        drawn["Health Checks"],
        drawn["Load Balancer Health Checks"],
        drawn["The balancer asks every 30 seconds."],
    )
    assert drawn["Multi-AZ Deployments"] == major and major[1] == "ACCENT_1 (5)" and major[2]
    assert minor[0] == text[0] < major[0] and minor[1] == text[1] and minor[2]
    with pdfplumber.open(out / "levels.pdf") as pdf:
        words = pdf.pages[1].extract_words(extra_attrs=["size", "non_stroking_color"])
    shown = {w["text"]: (round(w["size"]), str(w["non_stroking_color"])) for w in words}
    assert shown["Balancer"] == shown["balancer"] != shown["Multi-AZ"]


def test_decks_from_a_copied_package_are_those_from_the_package_opened_anew(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A deck starts from a copy of its package opened once a process
    (``pptx_internals.fresh_presentation``): every deck, one after the other, on the theme's
    package and on a school's template, is byte for byte the deck started from the package
    opened anew (the package kept is never changed by a deck made from its copy)."""
    import exporter.writers.pptx as writer
    from exporter.pipeline import lay_out
    from exporter.resources import Downloads
    from exporter.writers.pptx_internals import opened
    from tests.template_kit import dark_logo_kit

    template = dark_logo_kit().save(tmp_path / "dark-logo.pptx")
    themes = [load_theme(), load_theme("default", template)]
    laid = [
        lay_out(
            Job(source, str(source), tmp_path / source.stem, LESSONS),
            theme,
            Downloads(offline=True),
        )[0]
        for theme in themes
        for source in sorted(LESSONS.rglob("*.md"))
    ]
    copied = [writer.render_pptx(deck) for deck in (*laid, laid[0])]
    assert opened.cache_info().currsize >= 2  # the theme's package and the template's, kept
    monkeypatch.setattr(
        writer, "fresh_presentation", lambda package: Presentation(io.BytesIO(package))
    )
    assert copied == [writer.render_pptx(deck) for deck in (*laid, laid[0])]
