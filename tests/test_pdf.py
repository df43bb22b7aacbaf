"""write: the handouts and the slide PDF, read back with poppler's tools and pdfminer."""

from __future__ import annotations

import gc
import io
import math
import multiprocessing
import os
import random
import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pptx import Presentation

from exporter.cli import main
from exporter.errors import ExporterError
from exporter.jobs import Job
from exporter.model import Run, Style
from exporter.options import Options
from exporter.paper import HANDOUTS, Edition
from exporter.pipeline import edition_of, lay_out
from exporter.theme import load_theme
from exporter.writers.answers import render_answers
from exporter.writers.document import SCHEME, Document, fonts_document
from exporter.writers.handout import FRAME, LABEL_HEIGHT, render_handout
from exporter.writers.highlight import POINTS_PER_INCH
from exporter.writers.html import HtmlWriter, render_slides
from exporter.writers.pdf import (
    FONT_SETS,
    Fetcher,
    configurations,
    folders,
    font_configuration,
    fonts_of,
    kept_configuration,
    parsed,
    warm_up,
    write_pdf,
)
from tests.conftest import (
    LESSONS,
    ROOT,
    SEED,
    built_once,
    listed,
    need_tool,
    page_count,
    page_text,
    slide_texts,
    squeeze,
)

DIRECTIVES = ROOT / "tests" / "fixtures" / "build" / "directives.md"
"""A lesson with speaker notes."""
PER_PAGE = {"1": 1, "2": 2, "3": 3, "4": 4, "6": 6, "9": 9, "notes": 1}


def export(lesson: Path, out: Path, *flags: str) -> None:
    """Export ``lesson`` into ``out`` (all three formats unless ``flags`` say otherwise)."""
    formats = () if "--format" in flags else ("--format", "pptx,handout,pdf")
    assert main(["build", str(lesson), "-o", str(out), "-q", *formats, *flags]) == 0


def tool(*command: str) -> str:
    """Return what a poppler command prints."""
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def opened(pdf: Path) -> PDFDocument:
    """Return ``pdf`` parsed by pdfminer (the file is read whole first)."""
    return PDFDocument(PDFParser(io.BytesIO(pdf.read_bytes())))


def slide_count(deck: Path) -> int:
    return len(Presentation(str(deck)).slides)


@pytest.fixture(scope="session")
def seed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seed lesson's deck, slide PDF and handout in every layout, by layout (built once
    for the whole run)."""
    _, files = built_once(tmp_path_factory, "seed-handouts", export_seed)
    return {name: Path(path) for name, path in files.items()}


def export_seed(work: Path) -> dict[str, str]:
    """Export the seed into ``work``: the deck and slides once, the handout in each layout."""
    files = {}
    for layout in HANDOUTS:
        formats = () if layout == "3" else ("--format", "handout")
        export(SEED, work / layout, "--handout", layout, *formats)
        files[layout] = str(work / layout / "lesson-1.handout.pdf")
    files["deck"] = str(work / "3" / "lesson-1.pptx")
    files["slides"] = str(work / "3" / "lesson-1.pdf")
    return files


@pytest.mark.parametrize("layout", [name for name in HANDOUTS if name != "outline"])
def test_each_handout_layout_has_its_pages(seed: dict[str, Path], layout: str) -> None:
    need_tool("pdfinfo")
    slides = slide_count(seed["deck"])
    assert page_count(seed[layout]) == math.ceil(slides / PER_PAGE[layout])


FRAME_GREY = 0x88 / 255
"""The grey of the frame around each slide on a handout (``#888``)."""


def framed(page: pdfplumber.page.Page) -> list[tuple[float, float, float, float]]:
    """Return the box (x0, top, x1, bottom) of each slide framed on a handout page, in reading
    order: a grey rectangle with another ``FRAME`` larger on every side around it."""
    grey = {
        (round(r["x0"], 2), round(r["top"], 2), round(r["x1"], 2), round(r["bottom"], 2))
        for r in page.rects
        if len(color := r["non_stroking_color"] or ()) == 3
        and all(abs(part - FRAME_GREY) < 0.01 for part in color)
    }
    gap = FRAME * POINTS_PER_INCH
    inner = [
        box
        for box in grey
        if any(
            all(
                abs(o - i - d) < 0.02
                for o, i, d in zip(out, box, (-gap, -gap, gap, gap), strict=True)
            )
            for out in grey
        )
    ]
    return sorted(inner, key=lambda box: (box[1], box[0]))


Char = tuple[str, float, float, float]


def chars(page: pdfplumber.page.Page) -> list[Char]:
    """Return each character on ``page``: its text, left, top and size, in drawing order."""
    return [(c["text"], c["x0"], c["top"], c["size"]) for c in page.chars]


@pytest.mark.parametrize("layout", [name for name in HANDOUTS if name != "outline"])
def test_each_handout_draws_the_slide_pdfs_pages_scaled_into_their_frames(
    seed: dict[str, Path], layout: str
) -> None:
    """Every character of a slide stands on the handout where the slide PDF has it, scaled
    into the slide's frame: the handout draws the slides themselves, not a likeness; and the
    slide's number is printed under its frame's left corner."""
    placed = 0
    with pdfplumber.open(seed["slides"]) as slides, pdfplumber.open(seed[layout]) as handout:
        for number, page in enumerate(handout.pages):
            for index, box in enumerate(framed(page)):
                slide = slides.pages[number * PER_PAGE[layout] + index]
                scale = (box[2] - box[0]) / float(slide.width)
                assert (box[3] - box[1]) / float(slide.height) == pytest.approx(scale, rel=1e-3)
                want = [
                    (text, box[0] + x * scale, box[1] + y * scale, size * scale)
                    for text, x, y, size in chars(slide)
                ]
                got = chars(page.within_bbox(box))
                assert "".join(c[0] for c in got) == "".join(c[0] for c in want)
                for seen, meant in zip(got, want, strict=True):
                    assert seen[1:] == pytest.approx(meant[1:], abs=0.25), seen[0]
                under = (box[0] - 1, box[3], box[2], box[3] + LABEL_HEIGHT * POINTS_PER_INCH)
                label = chars(page.within_bbox(under))
                shown = number * PER_PAGE[layout] + index + 1
                assert squeeze("".join(c[0] for c in label)) == f"Slide{shown}"
                assert label[0][1] == pytest.approx(box[0], abs=0.5)
                placed += 1
        assert placed == len(slides.pages)  # every slide, once


def test_the_slide_pdf_has_a_16_9_page_per_slide_with_its_text(seed: dict[str, Path]) -> None:
    need_tool("pdfinfo", "pdftotext")
    deck = Presentation(str(seed["deck"]))
    assert page_count(seed["slides"]) == len(deck.slides)
    assert "959.976 x 540 pts" in tool("pdfinfo", str(seed["slides"]))
    for number, slide in enumerate(deck.slides, start=1):
        shown = squeeze(page_text(seed["slides"], number))
        for text in slide_texts(slide):
            assert squeeze(text) in shown, f"slide {number}: {text!r} missing"


def test_the_three_a_page_handout_shows_each_slide_on_its_page(seed: dict[str, Path]) -> None:
    need_tool("pdftotext")
    deck = Presentation(str(seed["deck"]))
    for number, slide in enumerate(deck.slides, start=1):
        page = squeeze(page_text(seed["3"], (number - 1) // 3 + 1))
        assert f"Slide{number}" in page
        for text in slide_texts(slide):
            assert squeeze(text) in page, f"slide {number}: {text!r} missing"


def test_every_handout_page_has_its_header_and_page_of_pages(seed: dict[str, Path]) -> None:
    need_tool("pdftotext")
    for layout in HANDOUTS:
        pages = page_count(seed[layout])
        for page in range(1, pages + 1):
            text = page_text(seed[layout], page)
            assert f"Page {page} of {pages}" in text, (layout, page)
            assert "Section 14 · Lesson 1" in text, (layout, page)


def test_the_outline_holds_every_slides_text_in_order(seed: dict[str, Path]) -> None:
    need_tool("pdftotext")
    outline = squeeze(page_text(seed["outline"]))
    deck = Presentation(str(seed["deck"]))
    at = 0
    for slide in list(deck.slides)[1:-1]:  # the title slide is the heading; the last an image
        title, *body = slide_texts(slide)[:-2]  # the footer's two boxes come last
        title = title.replace("\u00a0", " ")  # a title's last words bound on its slide
        # a slide that continues the heading before is not headed again in the outline
        if not title.endswith(" (continued)"):
            at = outline.find(squeeze(title), at)
            assert at >= 0, f"{title!r} missing or out of order"
        # the deck reads its placeholders first (columns before text across them), the
        # outline top to bottom: each text is below its slide's heading, in either order
        for text in body:
            assert outline.find(squeeze(text), at) >= 0, f"{text!r} missing or out of order"
    assert "[Image:AWSSharedResponsibilityModel]" in outline


def test_notes_pages_show_the_speaker_notes_below_their_slide(tmp_path: Path) -> None:
    need_tool("pdftotext")
    export(DIRECTIVES, tmp_path, "--handout", "notes")
    handout = tmp_path / "directives.handout.pdf"
    deck = Presentation(str(tmp_path / "directives.pptx"))
    with_notes = [
        (number, slide.notes_slide.notes_text_frame.text)
        for number, slide in enumerate(deck.slides, start=1)
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()
    ]
    assert with_notes
    for number, notes in with_notes:
        assert squeeze(notes) in squeeze(page_text(handout, number))


def test_bookmarks_name_every_slide(seed: dict[str, Path]) -> None:
    deck = Presentation(str(seed["deck"]))
    titles = [slide_texts(slide)[0] for slide in deck.slides]
    titles[-1] = "AWS Shared Responsibility Model"  # a lone image is titled by its alt text
    expected = [f"{n}. {' '.join(t.split())}" for n, t in enumerate(titles, start=1)]
    for pdf in (seed["slides"], seed["3"], seed["6"]):
        marks = [(level, title) for level, title, *_ in opened(pdf).get_outlines()]
        assert marks == [(1, title) for title in expected], pdf.name


def test_fonts_are_embedded_and_nothing_is_attached(seed: dict[str, Path]) -> None:
    need_tool("pdffonts", "pdfdetach")
    for pdf in (seed["slides"], seed["3"], seed["outline"]):
        rows = tool("pdffonts", str(pdf)).splitlines()[2:]
        assert rows, pdf.name
        for row in rows:
            assert row.split()[-5] == "yes", f"{pdf.name}: not embedded: {row}"
        assert tool("pdfdetach", "-list", str(pdf)).startswith("0 embedded files")


def test_metadata_language_and_tags(seed: dict[str, Path]) -> None:
    need_tool("pdfinfo")
    for pdf in (seed["slides"], seed["3"]):
        info = tool("pdfinfo", str(pdf))
        assert "Security and Compliance: Understanding AWS Shared Responsibility Model" in info
        assert "Subject:         Section 14 · Lesson 1" in info
        assert "Tagged:          yes" in info
        assert "CreationDate" not in info  # no SOURCE_DATE_EPOCH: no date at all
        catalog = opened(pdf).catalog
        assert resolve1(catalog["Lang"]) == b"en"


def test_images_keep_their_alt_text(tmp_path: Path) -> None:
    lesson = LESSONS / "section-15" / "lesson-1.md"
    export(lesson, tmp_path, "--root", str(LESSONS))
    for pdf in (tmp_path / "lesson-1.pdf", tmp_path / "lesson-1.handout.pdf"):
        document = opened(pdf)
        alts = {
            resolve1(obj).get("Alt")
            for xref in document.xrefs
            for oid in xref.get_objids()
            if isinstance(obj := document.getobj(oid), dict)
        }
        assert b"Diagram of a VPC with public and private subnets" in alts, pdf.name


def test_two_exports_are_byte_identical_and_dated_by_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    need_tool("pdfinfo")
    for epoch in (None, "1700000000"):
        if epoch is not None:
            monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        first, second = tmp_path / f"a{epoch}", tmp_path / f"b{epoch}"
        export(SEED, first, "--format", "pdf,handout")
        export(SEED, second, "--format", "pdf,handout")
        for name in ("lesson-1.pdf", "lesson-1.handout.pdf"):
            assert (first / name).read_bytes() == (second / name).read_bytes(), name
    info = tool("pdfinfo", "-isodates", str(tmp_path / "a1700000000" / "lesson-1.pdf"))
    dates = [line.split()[1] for line in info.splitlines() if line.endswith("Z")]
    assert dates == ["2023-11-14T22:13:20Z"] * 2  # CreationDate and ModDate


def test_raw_html_is_shown_as_text_and_loads_nothing(tmp_path: Path) -> None:
    need_tool("pdftotext", "pdfdetach", "pdfimages")
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    image = '<img src="file:///etc/passwd">'
    attachment = f'<link rel="attachment" href="{secret.as_uri()}">'
    style = f"<style>@import url({secret.as_uri()});</style>"
    lesson = tmp_path / "raw.md"
    lesson.write_text(
        f"---\ntitle: Raw\n---\n\n### Raw HTML\n\n{image}\n\n{attachment}\n\n{style}\n\n"
        f"- inline {image} and {attachment}\n",
        encoding="utf-8",
    )
    export(lesson, tmp_path / "out")
    for name in ("raw.pdf", "raw.handout.pdf"):
        pdf = tmp_path / "out" / name
        text = squeeze(page_text(pdf))
        for raw in (attachment, style):
            assert squeeze(raw) in text, f"{name}: {raw} is not shown as text"
        # An <img> tag is the picture it shows, as on the published page: the address's
        # scheme is refused, as a Markdown image's is, and a placeholder names it.
        assert squeeze(image) not in text and squeeze("file:///etc/passwd") in text
        assert tool("pdfdetach", "-list", str(pdf)).startswith("0 embedded files")
        assert len(tool("pdfimages", "-list", str(pdf)).splitlines()) == 2  # the header only
        assert b"TOP-SECRET" not in pdf.read_bytes()


def test_the_fetcher_serves_only_the_documents_own_files() -> None:
    font = f"{SCHEME}font/Carlito-Regular.ttf"
    fetcher = Fetcher({font: (b"font bytes", "font/ttf")})
    assert fetcher.fetch(font).read() == b"font bytes"
    for address in (
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://169.254.169.254/latest/meta-data",
        "data:text/plain,hello",
        f"{SCHEME}font/Other.ttf",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(address)
    assert len(fetcher.refused) == 5


def test_a_refused_address_fails_the_render_instead_of_passing_silently() -> None:
    from exporter.writers.document import Document
    from exporter.writers.pdf import write_pdf

    document = Document('<html><body><img src="file:///etc/passwd"></body></html>')
    with pytest.raises(ExporterError, match="file:///etc/passwd"):
        write_pdf(document)


def test_letter_paper_and_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    need_tool("pdfinfo")
    export(SEED, tmp_path / "letter", "--paper", "letter", "--format", "handout")
    assert [p.name for p in listed(tmp_path / "letter")] == ["lesson-1.handout.pdf"]
    assert "612 x 792 pts (letter)" in tool(
        "pdfinfo", str(tmp_path / "letter" / "lesson-1.handout.pdf")
    )
    (tmp_path / "lesson-export.toml").write_text(
        'handout = 6\npaper = "letter"\nformats = ["handout"]\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["build", str(SEED), "-o", "conf", "-q"]) == 0
    handout = tmp_path / "conf" / "lesson-1.handout.pdf"
    assert page_count(handout) == 2 and "(letter)" in tool("pdfinfo", str(handout))


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("handout = 5", "setting 'handout' must be one or more of"),
        ('paper = "a3"', "'paper' must be"),
    ],
)
def test_bad_handout_settings_are_usage_errors(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    setting: str,
    message: str,
) -> None:
    (tmp_path / "lesson-export.toml").write_text(setting + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["build", str(SEED)]) == 2
    assert message in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["build", str(SEED), "--handout", "5"])
    assert exited.value.code == 2


def test_a_handout_that_cannot_be_written_leaves_no_deck(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "lesson-1.handout.pdf").mkdir(parents=True)  # a folder where the handout goes
    assert main(["build", str(SEED), "-o", str(out), "-q"]) == 1
    assert [p.name for p in listed(out)] == ["lesson-1.handout.pdf"]
    assert not any(p.name.endswith(".tmp") for p in listed(out))


def test_line_and_paragraph_separators_read_as_spaces(tmp_path: Path) -> None:
    need_tool("pdftotext")
    lesson = tmp_path / "sep.md"
    lesson.write_text(
        "---\ntitle: A \u2029 B\n---\n\n### One \u2029 two\n\n- first \u2029 second \u2028 third\n",
        encoding="utf-8",
    )
    export(lesson, tmp_path / "out")
    text = page_text(tmp_path / "out" / "sep.pdf")
    assert "first" in text and "second" in text and "third" in text


@pytest.mark.parametrize("theme", ["default", "classroom"])
def test_a_soft_hyphen_in_code_is_left_out_of_the_deck_and_the_pdfs(
    theme: str, tmp_path: Path
) -> None:
    # Found by the property test: a code line that wraps, then a line with a soft hyphen,
    # stopped WeasyPrint ("Got 'AWS\n…' between two lines"); and a line of code must not break
    # at a soft hyphen with a hyphen the code does not have.
    wide = "ple.com> " + "x" * 70 + " | \N{PERSONAL COMPUTER}  3\xa0 WS"
    lines = [wide, "\xad", "co\xadde = 1", wide + "\xad", "\xad\xad" + "y" * 90 + "\xad"]
    lesson = tmp_path / "soft.md"
    lesson.write_text(
        "---\ntitle: Soft\n---\n\n```python\n" + "\n".join(lines) + "\n```\n", encoding="utf-8"
    )
    export(lesson, tmp_path / "out", "--theme", theme)
    deck = Presentation(str(tmp_path / "out" / "soft.pptx"))
    shown = "".join(
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    assert "code = 1" in shown and "\xad" not in shown
    for name in ("soft.pdf", "soft.handout.pdf"):
        text = page_text(tmp_path / "out" / name)
        assert "code = 1" in text and "\xad" not in text and "co-" not in text, name


def font_document(font: Path) -> Document:
    """Return a one-line document drawn in ``font``, served at the same address whatever the
    font is (as a theme's font changed under its name would be)."""
    address = f"{SCHEME}font/Body-regular.ttf"
    css = f"@font-face{{font-family:body;src:url({address})}}body{{font-family:body}}"
    # In a shared style sheet, as a theme's fonts are: parsed once for each configuration.
    return Document(
        "<p>Same address, other font</p>", {address: (font.read_bytes(), "font/ttf")}, (css,)
    )


def test_a_font_configuration_is_kept_for_its_fonts_only() -> None:
    # Kept by the fonts' contents, not only their addresses: a font changed under the same
    # name (a theme edited during a watch) is drawn as it is now; the same fonts render the
    # same bytes with the kept configuration as with a new one.
    fonts = ROOT / "themes" / "default" / "fonts"
    sans, serif = fonts / "LiberationSans-Regular.ttf", fonts / "LiberationSerif-Regular.ttf"
    first = write_pdf(font_document(sans))
    assert font_configuration(font_document(sans)) is font_configuration(font_document(sans))
    assert font_configuration(font_document(serif)) is not font_configuration(font_document(sans))
    # The line's width tells the font it was drawn in (Liberation Serif is the narrower).
    widths: dict[Path, float] = {}
    for font in (serif, sans, serif):
        with pdfplumber.open(io.BytesIO(write_pdf(font_document(font)))) as pdf:
            found = pdf.pages[0].chars[-1]["x1"] - pdf.pages[0].chars[0]["x0"]
        assert widths.setdefault(font, found) == found
    assert widths[serif] < widths[sans]
    kept = font_configuration(font_document(sans))
    for key in [key for key, found in configurations.items() if found is kept]:
        del configurations[key]  # a new configuration, as a new process would make
    assert font_configuration(font_document(sans)) is not kept
    assert write_pdf(font_document(sans)) == first


def render_in_a_fork(fonts: list[Path]) -> tuple[int, bool]:
    """Render a document in each of ``fonts`` (the first as the parent had) in a worker's way;
    return the identity of the configuration the first was rendered with, and whether the
    configurations inherited are all still kept."""
    inherited = list(configurations)
    used = id(font_configuration(font_document(fonts[0])))
    for font in fonts:
        write_pdf(font_document(font))
    return used, all(key in configurations for key in inherited)


def test_a_forked_worker_uses_the_configuration_it_inherited_and_leaves_its_files() -> None:
    fonts = sorted((ROOT / "themes" / "default" / "fonts").glob("*.ttf"))
    assert len(fonts) > FONT_SETS + 1
    write_pdf(font_document(fonts[0]))
    kept = id(font_configuration(font_document(fonts[0])))  # held by the cache alone
    folder = Path(folders[os.getpid()])
    # A configuration this process dropped may wait for the collector; the worker's would
    # remove its files, so the command freezes its objects before it forks (workers.start).
    gc.collect()
    before = sorted(folder.rglob("*"))
    with multiprocessing.get_context("fork").Pool(1) as pool:
        # More sets of fonts than a process keeps: the worker drops its own, never the one
        # it inherited, whose files the parent still uses.
        used, still_kept = pool.apply(render_in_a_fork, (fonts[: FONT_SETS + 2],))
    assert used == kept
    assert still_kept
    assert sorted(folder.rglob("*")) == before
    assert write_pdf(font_document(fonts[0]))


def test_the_warm_up_in_a_themes_fonts_makes_the_configuration_its_lessons_use(
    tmp_path: Path,
) -> None:
    # What a watch's workers, forked after its preload, then find ready.
    theme = load_theme("dark")
    warm_up(theme)
    kept = list(configurations.values())
    job = Job(SEED, SEED.name, tmp_path / "seed", SEED.parent)
    laid, _ = lay_out(job, theme, options=Options(offline=True))
    for document in (render_slides(laid), render_handout(laid)):
        assert any(font_configuration(document) is found for found in kept)


def test_a_warm_up_makes_the_themes_configuration_again_once_it_was_dropped() -> None:
    # A process keeps a few sets of fonts: the dark theme's, made at a build's warm-up, was
    # dropped by the renders of other fonts after it, and the next warm-up in that theme (a
    # watch's, before it forks a rebuild's workers) did nothing, once a process for a theme:
    # the test above failed after test_shards' build in the dark theme and the font tests
    # above, in one process.
    theme = load_theme("dark")
    fonts = fonts_of(fonts_document(theme))
    warm_up(theme)
    for font in sorted((ROOT / "themes" / "default" / "fonts").glob("*.ttf"))[:FONT_SETS]:
        write_pdf(font_document(font))
    assert kept_configuration(fonts) is None
    warm_up(theme)
    assert kept_configuration(fonts) is not None


def test_a_warm_up_makes_a_configuration_for_a_font_changed_under_its_name(
    tmp_path: Path,
) -> None:
    # A theme's font edited during a watch: the theme read again is the same, its fonts not.
    folder = tmp_path / "theme"
    (folder / "fonts").mkdir(parents=True)
    shutil.copy(ROOT / "themes" / "dark" / "theme.toml", folder)
    fonts = ROOT / "themes" / "default" / "fonts"
    body = folder / "fonts" / "LiberationSans-Regular.ttf"
    shutil.copy(fonts / "LiberationSans-Regular.ttf", body)
    before = load_theme(str(folder))
    warm_up(before)
    old = fonts_of(fonts_document(before))
    body.write_bytes((fonts / "LiberationSerif-Regular.ttf").read_bytes())
    after = load_theme(str(folder))
    assert after == before
    changed = fonts_of(fonts_document(after))
    assert changed != old and kept_configuration(changed) is None
    warm_up(after)
    assert kept_configuration(changed) is not None


QUIZ = ROOT / "tests" / "fixtures" / "quizzes" / "multiple-answers.md"
"""A quiz: its answer key and a students' handout have style sheets of their own."""


def without_identifier(pdf: bytes) -> bytes:
    """Return ``pdf`` without its file identifier (a digest of the document's text)."""
    return re.sub(rb"/ID \[\([0-9a-f]+\) \([0-9a-f]+\)\]", b"", pdf)


def in_one_sheet(document: Document) -> Document:
    """Return ``document`` with its style sheets joined into one ``<style>`` of its own."""
    html = document.html.replace("<head>", f"<head><style>{''.join(document.styles)}</style>", 1)
    return Document(html, document.files)


@pytest.mark.parametrize(
    ("lesson", "theme", "layouts"),
    [
        (SEED, "default", ("3", "outline")),
        (DIRECTIVES, "dark", ("notes", "outline")),
        (QUIZ, "classroom", ()),
    ],
)
def test_the_shared_style_sheets_draw_what_one_sheet_in_the_document_draws(
    lesson: Path, theme: str, layouts: tuple[str, ...], tmp_path: Path
) -> None:
    # Given to WeasyPrint as the user's sheets (parsed once a process), the parts of a
    # document's CSS weigh as they did in one sheet of the document's own: the slide PDF,
    # the handouts in ``layouts`` and (a quiz) its answer key and a students' handout.
    job = Job(lesson, lesson.name, tmp_path / lesson.stem, lesson.parent)
    laid, _ = lay_out(job, load_theme(theme), options=Options(offline=True))
    documents = [render_slides(laid), *(render_handout(laid, layout) for layout in layouts)]
    if laid.deck.quiz:
        students = edition_of(laid, Options(edition=Edition.STUDENT))
        documents += [render_answers(laid), render_handout(students, "3", edition=Edition.STUDENT)]
    assert len(documents) > 2
    for document in documents:
        shared = without_identifier(write_pdf(document))
        assert shared == without_identifier(write_pdf(in_one_sheet(document)))


def test_a_shared_style_sheet_is_parsed_once_for_every_lesson_of_a_theme(tmp_path: Path) -> None:
    theme = load_theme("default")
    handouts = []
    for lesson in (SEED, DIRECTIVES):
        job = Job(lesson, lesson.name, tmp_path / lesson.stem, lesson.parent)
        laid, _ = lay_out(job, theme, options=Options(offline=True))
        handouts.append(render_handout(laid))
    first, second = handouts
    shared = [css for css in first.styles if css in second.styles]
    assert len(shared) == 2  # the theme's fonts and colours, and the layout's rules
    assert [css for css in first.styles if css not in shared]  # the page rule names the lesson
    write_pdf(first)
    kept = parsed[font_configuration(first)]
    sheets = [kept[css] for css in shared]
    write_pdf(second)
    assert font_configuration(second) is font_configuration(first)
    assert [kept[css] for css in shared] == sheets
    assert all(kept[css] is sheet for css, sheet in zip(shared, sheets, strict=True))


LINK_WORDS = (
    "a",
    "socket",
    "is",
    "identified",
    "by",
    "five",
    "values",
    "the",
    "tuple",
    "of",
    "protocol",
    "source",
    "address",
    "port",
    "destination",
    "and",
    "list",
    "listening",
    "sockets",
    "on",
    "Linux",
    "server",
    "with",
    "configuration",
    "management",
    "responsibility",
    "encryption",
)


def test_the_pdf_breaks_lines_where_words_meet_links_as_it_does_plain_text() -> None:
    """A link is drawn in the body font: its words break lines where plain words do.
    WeasyPrint broke a line wrongly where a piece of text ending in a space met a link or a
    piece of code near the line's end, leaving one word alone on a line (``… source port, /
    destination / address and …``, before ``ss -tulpn``)."""
    laid, _ = lay_out(Job(SEED, str(SEED), SEED.with_suffix(""), LESSONS), load_theme())
    writer = HtmlWriter(laid)
    chooser = random.Random(14)
    plain, linked = [], []
    for _ in range(80):
        words = [chooser.choice(LINK_WORDS) for _ in range(chooser.randint(12, 40))]
        runs: list[Run] = []
        index = 0
        while index < len(words):
            count = chooser.randint(1, 3)
            text = " ".join(words[index : index + count]) + (
                " " if index + count < len(words) else ""
            )
            link = f"https://example.com/{index}" if chooser.random() < 0.3 else None
            runs.append(Run(text, Style(link=link)))
            index += count
        width = f"width:{chooser.uniform(3, 12):.3f}in"
        plain.append(f'<p style="{width}">{writer.runs((Run("".join(r.text for r in runs)),))}</p>')
        linked.append(f'<p style="{width}">{writer.runs(tuple(runs))}</p>')
    css = "@page{size:14in 300in;margin:0}p{font:24pt Carlito;margin:0 0 12pt}"
    pages = [
        write_pdf(Document(f"<html><body>{''.join(body)}</body></html>", styles=(css,)))
        for body in (plain, linked)
    ]
    lines = []
    for data in pages:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            lines.append(
                [text.strip() for page in pdf.pages for text in page.extract_text().split("\n")]
            )
    assert lines[1] == lines[0]
