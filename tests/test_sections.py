"""build, fit and write: a page of a heading alone is a section header, on the deck's (or the
school template's) Section Header layout, drawn alike by the slide PDF and LibreOffice."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

import exporter.writers.joined
from exporter.cli import main
from exporter.geometry import TEXT_INSET, title_slide_boxes
from exporter.jobs import Job
from exporter.measure import Measurer
from exporter.model import Layout, plain_text
from exporter.pipeline import lay_out
from exporter.template.layouts import layouts_of
from exporter.template.opc import Package
from exporter.theme import load_theme
from exporter.writers.handout import render_handout
from tests.conftest import SEED, built_once, need_tool, page_text, print_decks
from tests.test_handouts_many import outline_headings
from tests.test_titles import BREAK, PARTS

SECTIONS = [(3, "Part 1: Addresses", ""), (5, "Part 2: Routing", "How packets find their way")]
"""The section headers of ``PARTS``: slide number, title and subtitle."""


@pytest.fixture(scope="module")
def lesson(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sections") / "parts.md"
    path.write_text(PARTS, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """PowerPoint's classic Office theme (python-pptx's default package), whose Section
    Header draws its title in capitals (``cap="all"``), as many a school's template does."""
    path = tmp_path_factory.mktemp("office") / "office.pptx"
    Presentation().save(str(path))
    return path


def test_a_section_header_goes_on_its_layout_with_its_title_where_the_title_slides_is(
    lesson: Path,
) -> None:
    theme = load_theme()
    laid, _ = lay_out(Job(lesson, lesson.name, lesson.with_suffix(""), lesson.parent), theme)
    big, _, below = title_slide_boxes(theme.slide, section=True)
    for number, title, subtitle in SECTIONS:
        placed = laid.slides[number - 1]
        assert placed.slide.layout is Layout.SECTION and placed.frames == ()
        assert plain_text(placed.slide.title) == title
        assert plain_text(placed.slide.subtitle) == subtitle
        assert (placed.title, placed.subtitle) == (big, below)
        assert placed.title_size > theme.sizes.title  # a section's title, larger than a page's


def exported(lesson: Path, out: Path, *flags: str) -> Path:
    need_tool("pdftotext")
    assert main(["build", str(lesson), "-o", str(out), "-q", "--format", "pptx,pdf", *flags]) == 0
    return out / "parts.pptx"


def test_the_deck_puts_each_section_header_on_the_section_layout(
    lesson: Path, tmp_path: Path
) -> None:
    deck = exported(lesson, tmp_path)
    slides = list(Presentation(str(deck)).slides)
    for number, title, subtitle in SECTIONS:
        slide = slides[number - 1]
        assert slide.slide_layout.name == "Section Header"
        texts = [shape.text_frame.text for shape in slide.placeholders]
        assert texts[0] == title
        assert (subtitle in texts) if subtitle else len(texts) == 3  # title, footer, number
        assert title in page_text(deck.with_suffix(".pdf"), number)


def test_a_template_that_draws_section_titles_in_capitals_is_read_so(
    office_template: Path,
) -> None:
    with zipfile.ZipFile(office_template) as archive:
        package = Package({name: archive.read(name) for name in archive.namelist()})
    found = {layout.name: layout for layout in layouts_of(package)}
    section = next(h for h in found["Section Header"].holders if h.kind[0] == "title")
    content = next(h for h in found["Title and Content"].holders if h.kind[0] == "title")
    assert section.caps and not content.caps


def test_a_section_header_is_aligned_as_its_own_layout_says_not_as_the_title_slide(
    office_template: Path,
) -> None:
    """The Office theme centres the title slide's title and subtitle, and leaves its Section
    Header's to the master's title and body styles (left)."""
    align = load_theme("default", office_template).align
    assert (align.cover_title, align.cover_subtitle) == ("center", "center")
    assert (align.section_title, align.section_subtitle) == ("left", "left")
    assert align.of_headline(True) == ("left", "left")
    assert align.of_headline(False) == ("center", "center")


def test_a_template_without_a_section_header_aligns_sections_as_its_title_slide(
    office_template: Path, tmp_path: Path
) -> None:
    """Its section headers go on the nearest layout it has (the title slide's), in its boxes:
    aligned as its title slide is."""
    deck = Presentation(str(office_template))
    section = next(layout for layout in deck.slide_layouts if layout.name == "Section Header")
    deck.slide_layouts.remove(section)
    without = tmp_path / "without-sections.pptx"
    deck.save(str(without))
    theme = load_theme("default", without)
    assert theme.slide.frames is not None and theme.template is not None
    assert theme.slide.frames.section_title == theme.slide.frames.cover_title
    assert theme.align.of_headline(True) == ("center", "center")


def words_at(pdf: Path, page: int, text: str) -> float:
    """Return where (points from the page's left) the first word of ``text`` starts on
    ``page`` (1-based) of ``pdf``."""
    with pdfplumber.open(str(pdf)) as document:
        words = document.pages[page - 1].extract_words()
    first = text.split()[0]
    return float(next(word["x0"] for word in words if word["text"] == first))


@dataclass(frozen=True)
class Printed:
    """The two decks LibreOffice prints here, each beside its slide PDF, and their prints."""

    office: Path
    """PowerPoint's classic Office theme, as ``office_template`` writes it."""
    parts: Path
    """``PARTS`` exported into ``office``."""
    seed: Path
    """The seed lesson exported into ``capitals_template``."""
    folder: Path
    """LibreOffice's prints of both decks."""


def export_and_print(folder: Path) -> list[str]:
    """Export ``PARTS`` into the Office theme and the seed into ``capitals_template`` (deck and
    slide PDF) into ``folder``, and print both decks in one soffice, where each test printed
    its own (about 1.4 s of CPU more); return the ``Printed`` paths."""
    lesson = folder / "parts.md"
    lesson.write_text(PARTS, encoding="utf-8")
    office = folder / "office.pptx"
    Presentation().save(str(office))
    parts = exported(lesson, folder / "parts", "--template", str(office))
    argv = ["build", str(SEED), "-o", str(folder / "seed"), "-q", "--offline"]
    template = capitals_template(folder)
    assert main([*argv, "--format", "pptx,pdf", "--template", str(template)]) == 0
    seed = folder / "seed" / "lesson-1.pptx"
    print_decks([parts, seed], folder / "printed", folder)
    return [str(office), str(parts), str(seed), str(folder / "printed")]


@pytest.fixture(scope="session")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    """The two decks printed by LibreOffice (``export_and_print``), once for the run."""
    need_tool("soffice", "pdftotext")
    _, paths = built_once(tmp_path_factory, "sections-printed", export_and_print)
    return Printed(*(Path(path) for path in paths))


def test_libreoffice_and_the_slide_pdf_draw_a_templates_section_title_in_capitals(
    printed: Printed,
) -> None:
    need_tool("soffice", "pdftotext")
    deck = printed.parts
    frames = load_theme("default", printed.office).slide.frames
    assert frames is not None
    left = frames.section_title[0] * 72
    for number, title, subtitle in SECTIONS:
        ours = " ".join(page_text(deck.with_suffix(".pdf"), number).split())
        theirs = " ".join(page_text(printed.folder / "parts.pdf", number).split())
        assert title.upper() in ours and title.upper() in theirs
        # Aligned left as the Section Header says (the title slide's are centred), alike.
        for text in (title.upper(), subtitle):
            if text:
                x = words_at(deck.with_suffix(".pdf"), number, text)
                assert left < x < left + 20
                assert abs(x - words_at(printed.folder / "parts.pdf", number, text)) < 3
    assert "CIDR blocks" in page_text(deck.with_suffix(".pdf"), 4)  # a page's title as written


def test_a_headline_is_shrunk_until_no_word_breaks(tmp_path: Path) -> None:
    """A word wider than the title box at the largest size would break inside it; the size
    goes down until it stands whole on its line (a template's narrow sidebar title is the
    usual case, a long word on our own slide the same)."""
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis"
    lesson = tmp_path / "long.md"
    text = f"---\ntitle: {word}\n---\n\n## {word} of the Lungs{BREAK}- a point"
    lesson.write_text(text, encoding="utf-8")
    theme = load_theme()
    laid, _ = lay_out(Job(lesson, lesson.name, tmp_path / "long", tmp_path), theme)
    measure = Measurer(theme)
    for placed in laid.slides[:2]:  # the title slide, the section header
        assert placed.slide.layout in (Layout.TITLE, Layout.SECTION)
        width = placed.title.w - 2 * TEXT_INSET[0]
        wrap = measure.wrap(placed.slide.title, placed.title_size, width, "heading", bold=True)
        assert wrap.broken is None and placed.title_size < theme.sizes.deck_title


def test_the_outline_heads_each_part_above_its_topics(lesson: Path, tmp_path: Path) -> None:
    laid, _ = lay_out(Job(lesson, lesson.name, tmp_path / "parts", lesson.parent), load_theme())
    html = render_handout(laid, "outline").html
    assert outline_headings(html) == [
        ("2", "Overview"),
        ("2", "Part 1: Addresses"),
        ("3", "CIDR blocks"),
        ("2", "Part 2: Routing"),
        ("3", "Route tables"),
        ("4", "Route targets"),  # the deeper heading under it, a subheading
    ]
    assert '<p class="subtitle muted">How packets find their way</p>' in html


@pytest.mark.parametrize("joined", [False, True], ids=["whole", "in-parts"])
@pytest.mark.parametrize("name", ["parts.pdf", "parts.handout.pdf"])
def test_the_pdfs_bookmark_each_slide_under_its_part(
    lesson: Path, name: str, joined: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Laid out in parts of 3 slides (as a long lesson is), the second part begins with a
    slide of Part 1 and the third with one of Part 2: each goes under its header all the
    same, though the header is in another part's PDF."""
    if joined:
        monkeypatch.setattr(exporter.writers.joined, "LONG", 2)
        monkeypatch.setattr(exporter.writers.joined, "PART", 3)
    out = tmp_path / "bookmarked"
    flags = ["--format", "pdf,handout", "--offline"]
    assert main(["build", str(lesson), "-o", str(out), "-q", *flags]) == 0
    with pikepdf.open(out / name) as pdf, pdf.open_outline() as outline:
        tree = [(item.title, [child.title for child in item.children]) for item in outline.root]
    assert tree == [
        ("1. Networking Basics", []),
        ("2. Overview", []),
        ("3. Part 1: Addresses", ["4. CIDR blocks"]),
        ("5. Part 2: Routing", ["6. Route tables", "7. Route tables (continued)"]),
    ]


def test_the_closing_summary_belongs_to_the_lesson_not_to_the_last_part(tmp_path: Path) -> None:
    """A last page of paragraphs alone is titled by the lesson: bookmarked at the top, and a
    heading of the outline's top level, not under the last section header."""
    lesson = tmp_path / "closed.md"
    closing = "Addresses and routes together make a network that packets can cross."
    lesson.write_text(f"{PARTS}{BREAK}{closing}", encoding="utf-8")
    laid, _ = lay_out(Job(lesson, lesson.name, tmp_path / "closed", tmp_path), load_theme())
    last = laid.slides[-1].slide
    assert last.closing and plain_text(last.title) == "Summary: Networking Basics"
    assert not any(placed.slide.closing for placed in laid.slides[:-1])
    assert outline_headings(render_handout(laid, "outline").html)[-1] == (
        "2",
        "Summary: Networking Basics",
    )
    out = tmp_path / "out"
    flags = ["--format", "pdf", "--offline"]
    assert main(["build", str(lesson), "-o", str(out), "-q", *flags]) == 0
    with pikepdf.open(out / "closed.pdf") as pdf, pdf.open_outline() as outline:
        tree = [(item.title, len(item.children)) for item in outline.root]
    assert tree[-2:] == [("5. Part 2: Routing", 2), ("8. Summary: Networking Basics", 0)]


def capitals_template(folder: Path) -> Path:
    """PowerPoint's Office theme with every title in capitals: its master's title style says
    ``cap="all"``, as many a school's template does."""
    from lxml import etree

    path = folder / "capitals.pptx"
    deck = Presentation()
    master = deck.slide_masters[0]
    title_style = master.element.find(
        "{http://schemas.openxmlformats.org/presentationml/2006/main}txStyles/"
        "{http://schemas.openxmlformats.org/presentationml/2006/main}titleStyle"
    )
    level = title_style.find("{http://schemas.openxmlformats.org/drawingml/2006/main}lvl1pPr")
    run = level.find("{http://schemas.openxmlformats.org/drawingml/2006/main}defRPr")
    assert isinstance(run, etree._Element)
    run.set("cap", "all")
    deck.save(str(path))
    return path


def test_a_template_drawing_every_title_in_capitals_has_them_measured_and_printed_so(
    printed: Printed,
) -> None:
    """A content slide's title on such a template is measured in capitals and the slide PDF
    draws it so, as LibreOffice draws the deck; "(continued)" too. In lower case, the titles
    were measured narrower than drawn and ran over the template's rule in the deck. The deck
    keeps the title as written, in capitals by ``cap="all"``: typed in capitals, a teacher who
    edited it, or moved the slide to another layout, found the author's words gone."""
    need_tool("soffice")
    ours = page_text(printed.seed.with_suffix(".pdf"))
    theirs = page_text(printed.folder / "lesson-1.pdf")
    assert "AWS RESPONSIBILITY" in ours
    assert "(CONTINUED)" in ours
    titles = [
        [line for line in text.split("\n") if line.isupper() and len(line) > 12]
        for text in (ours, theirs)
    ]
    assert titles[0] and titles[0] == titles[1]
    written = [
        (shape.text_frame.text.replace("\xa0", " "),
         {run._r.rPr.get("cap") for p in shape.text_frame.paragraphs for run in p.runs})
        for slide in Presentation(str(printed.seed)).slides
        for shape in slide.placeholders
        if shape.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
    ]  # fmt: skip
    assert "AWS Responsibility - Security of the Cloud" in [text for text, _ in written]
    assert all(caps == {"all"} and not text.isupper() for text, caps in written), written


def anchored_template(folder: Path, anchor: str) -> Path:
    """PowerPoint's Office theme whose master sets its titles at ``anchor`` in their boxes
    (``t``, ``b``; its own is ``ctr``), as a template with a tall title bar down its side
    sets its title at the bar's top."""
    deck = Presentation()
    [title] = [
        shape
        for shape in deck.slide_masters[0].shapes
        if shape.is_placeholder and shape.placeholder_format.type == PP_PLACEHOLDER.TITLE
    ]
    title.text_frame._txBody.bodyPr.set("anchor", anchor)  # python-pptx has no setting for it
    path = folder / f"anchor-{anchor}.pptx"
    deck.save(str(path))
    return path


def first_baseline(pdf: Path, page: int, text: str) -> float:
    """Return the baseline (points from the page's top) of ``text`` on ``page`` (1-based) of
    ``pdf``, where the text matrix of its first character puts it: the top of a character's
    box is its font's, which LibreOffice's PDF and ours give differently."""
    with pdfplumber.open(str(pdf)) as document:
        sheet = document.pages[page - 1]
        [found, *_] = sheet.search(text, regex=False)
        return float(sheet.height - found["chars"][0]["matrix"][5])


def test_a_title_sits_in_its_box_where_the_templates_master_sets_it(
    lesson: Path, tmp_path: Path
) -> None:
    """A review's template whose title filled a bar down the slide's side, set at the bar's
    top, had its titles drawn at the bar's middle, 2 in lower, in the deck and the PDF: the
    title's anchor was the exporter's own. Now the layout's, else its master's: the deck
    says it, the slide PDF draws it there, and LibreOffice prints the deck alike."""
    need_tool("soffice", "pdftotext")
    decks: dict[str, Path] = {}
    for anchor in ("t", "ctr", "b"):  # ctr: the Office theme's own
        template = str(anchored_template(tmp_path, anchor))
        deck = exported(lesson, tmp_path / anchor, "--template", template)
        decks[anchor] = deck.rename(deck.with_name(f"parts-{anchor}.pptx"))
        deck.with_suffix(".pdf").rename(decks[anchor].with_suffix(".pdf"))
    print_decks(list(decks.values()), tmp_path / "printed", tmp_path)  # one soffice
    shares = []
    for anchor, deck in decks.items():
        title = Presentation(str(deck)).slides[3].shapes.title
        assert title is not None
        assert title.text_frame._txBody.bodyPr.get("anchor") == anchor
        top, height = title.top / 12700, title.height / 12700  # EMU to points
        ours = first_baseline(deck.with_suffix(".pdf"), 4, title.text)
        theirs = first_baseline(tmp_path / "printed" / f"{deck.stem}.pdf", 4, title.text)
        assert abs(ours - theirs) < 1, (anchor, ours, theirs)
        shares.append((ours - top) / height)
    assert shares == sorted(shares) and shares[2] - shares[0] > 0.3, shares


def test_a_title_whose_capitals_the_apps_draw_otherwise_is_written_in_the_capitals_measured(
    tmp_path: Path,
) -> None:
    """``ß`` is ``SS`` in the capitals the fit measures and the slide PDF draws, where
    LibreOffice draws ``ẞ`` for ``cap="all"``: such a title is typed in the capitals measured,
    so the deck and the PDF have the same words; a title of plain letters keeps its case."""
    lesson = tmp_path / "streets.md"
    lesson.write_text(
        "---\ntitle: Wege\n---\n\n### Straße und Größe\n\n- eins\n\n<!-- pagebreak -->\n\n"
        "### Plätze und Wege\n\n- zwei\n",
        encoding="utf-8",
    )
    template = capitals_template(tmp_path)
    out = tmp_path / "out"
    argv = ["build", str(lesson), "-o", str(out), "-q", "--format", "pptx", "--template"]
    assert main([*argv, str(template)]) == 0
    titles = [
        (title.text_frame.text, {run._r.rPr.get("cap") for p in title.text_frame.paragraphs
                                 for run in p.runs})
        for slide in list(Presentation(str(out / "streets.pptx")).slides)[1:]
        if (title := slide.shapes.title) is not None
    ]  # fmt: skip
    assert titles == [("STRASSE UND GRÖSSE", {"none"}), ("Plätze und Wege", {"all"})]
