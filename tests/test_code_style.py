"""write: code is highlighted, inline code is set smaller on a subtle background, and links are in
the accent colour, in the deck (as LibreOffice shows it) and in the slide PDF and handouts alike.

The lesson is a hands-on guide in the course's format: steps as bold lead-ins, a shell block, a
policy in JSON, a CloudFormation template in YAML, a Python check, inline code and links.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn

from exporter.cli import main
from exporter.geometry import CODE_INSET, CodeFrame
from exporter.jobs import Job
from exporter.lexing import Role
from exporter.measure import Measurer
from exporter.model import Run, Style
from exporter.pipeline import lay_out
from exporter.resources import font_file
from exporter.theme import Theme, load_theme
from exporter.writers.handout import render_handout
from exporter.writers.pptx_master import SLOTS
from tests.conftest import ROOT, built_once, need_tool, print_decks

GUIDE = ROOT / "tests" / "fixtures" / "code" / "hands-on-s3-static-site.md"
THEME = load_theme()
HYPERLINK_COLOR = "{http://schemas.microsoft.com/office/drawing/2018/hyperlinkcolor}hlinkClr"


def syntax(role: Role) -> str:
    assert THEME.syntax is not None
    color: str = getattr(THEME.syntax, role.value)
    return color


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The guide as a deck, a slide PDF and a handout, once for the run (``built_once``)."""

    def export(out: Path) -> None:
        flags = ["--format", "pptx,pdf,handout", "--offline", "-q"]
        assert main(["build", str(GUIDE), "-o", str(out), *flags]) == 0

    out, _ = built_once(tmp_path_factory, "code-style", export)
    return {kind: out / f"{GUIDE.stem}{suffix}" for kind, suffix in SUFFIXES.items()}


SUFFIXES = {"pptx": ".pptx", "pdf": ".pdf", "handout": ".handout.pdf"}


@pytest.fixture(scope="session")
def printed(exported: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The deck as LibreOffice prints it, once for the run (``built_once``)."""
    need_tool("soffice")

    def print_deck(work: Path) -> None:
        print_decks([exported["pptx"]], work / "lo", work)

    return (
        built_once(tmp_path_factory, "code-style-printed", print_deck)[0]
        / "lo"
        / f"{GUIDE.stem}.pdf"
    )


def slide_xml(deck: Path, number: int) -> etree._Element:
    with zipfile.ZipFile(deck) as archive:
        return etree.fromstring(archive.read(f"ppt/slides/slide{number}.xml"))


def runs_of(paragraph: etree._Element) -> list[tuple[str, etree._Element]]:
    """Return each run of a DrawingML paragraph: its text and its properties."""
    found = []
    for run in paragraph.iter(qn("a:r")):
        properties = run.find(qn("a:rPr"))
        assert properties is not None
        found.append((run.findtext(qn("a:t")) or "", properties))
    return found


def color_of(properties: etree._Element, kind: str = "a:solidFill") -> str:
    """Return the colour of a run's fill (or ``kind``): its own, or the theme colour it
    names by its slot (``tx1``, ``accent1``...), as the deck's theme part holds it."""
    fill = properties.find(qn(kind))
    assert fill is not None and len(fill) == 1
    value = fill[0].get("val", "")
    if fill[0].tag == qn("a:schemeClr"):
        return str(getattr(THEME.colors, {name: role for _, role, name in SLOTS}[value]))
    return value


def code_paragraphs(deck: Path, number: int) -> list[etree._Element]:
    """Return the paragraphs of the code box on slide ``number``."""
    for shape in slide_xml(deck, number).iter(qn("p:sp")):
        name = shape.find(f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}")
        if name is not None and name.get("name", "").startswith("Code"):
            return list(shape.iter(qn("a:p")))
    raise AssertionError(f"no code box on slide {number}")


def test_the_decks_code_runs_take_the_syntax_colours(exported: dict[str, Path]) -> None:
    paragraphs = code_paragraphs(exported["pptx"], 5)  # Step 3: the YAML template
    lines = GUIDE.read_text(encoding="utf-8").split("```yaml\n")[1].split("\n```")[0].split("\n")
    assert ["".join(text for text, _ in runs_of(p)) for p in paragraphs] == lines
    runs = {text.strip(): properties for p in paragraphs for text, properties in runs_of(p)}
    assert color_of(runs["SiteBucket"]) == syntax(Role.TAG)
    assert color_of(runs['"2010-09-09"']) == syntax(Role.STRING)
    comment = runs["# Serve index.html at the root"]
    assert color_of(comment) == syntax(Role.COMMENT) and comment.get("i") == "1"
    assert color_of(runs[": index.html"]) == THEME.colors.code_text
    shell = {text: p for p in code_paragraphs(exported["pptx"], 3) for text, p in runs_of(p)}
    assert color_of(shell["$RANDOM"]) == syntax(Role.VARIABLE)


def test_inline_code_is_smaller_on_the_code_background_in_the_deck(
    exported: dict[str, Path],
) -> None:
    runs = dict(run for p in slide_xml(exported["pptx"], 2).iter(qn("a:p")) for run in runs_of(p))
    code, text = runs["aws configure"], runs[" and a user allowed to call "]
    assert int(code.get("sz", "")) == round(int(text.get("sz", "")) * THEME.sizes.inline_code)
    assert color_of(code, "a:highlight") == THEME.colors.code_background
    assert color_of(code) == THEME.colors.code_text
    latin = code.find(qn("a:latin"))
    assert latin is not None and latin.get("typeface") == THEME.fonts.code.name
    assert text.find(qn("a:highlight")) is None


def test_links_in_the_deck_are_in_the_accent_colour(exported: dict[str, Path]) -> None:
    runs = [run for p in slide_xml(exported["pptx"], 2).iter(qn("a:p")) for run in runs_of(p)]
    # A link is cut into runs where its line may break (each a link: see drawingml.add_run).
    pieces = [(text, run) for text, run in runs if run.find(qn("a:hlinkClick")) is not None]
    assert "".join(text for text, _ in pieces) == "Amazon S3 user guide"
    for _, link in pieces:
        assert color_of(link) == THEME.colors.accent
        # PowerPoint draws a link in its run's colour only when told to; older versions and
        # LibreOffice draw it in the theme's hyperlink colour, which is the accent too.
        click = link.find(qn("a:hlinkClick"))
        assert click is not None
        assert [element.get("val") for element in click.iter(HYPERLINK_COLOR)] == ["tx"]
    with zipfile.ZipFile(exported["pptx"]) as archive:
        theme = etree.fromstring(archive.read("ppt/theme/theme1.xml"))
    for name in ("hlink", "folHlink"):
        slot = theme.find(f".//{qn('a:clrScheme')}/{qn('a:' + name)}/{qn('a:srgbClr')}")
        assert slot is not None and slot.get("val") == THEME.colors.accent
    deck = Presentation(str(exported["pptx"]))  # python-pptx still reads the link
    shapes = [shape for shape in deck.slides[1].shapes if shape.has_text_frame]
    addresses = [
        run.hyperlink.address
        for shape in shapes
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
    ]
    assert "https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteHosting.html" in addresses


@dataclass(frozen=True)
class Shown:
    """How a word is drawn on a PDF page."""

    color: str
    """As ``RRGGBB``."""
    size: float
    font: str


def words_of(pdf: Path, page: int) -> dict[str, Shown]:
    """Return how each word of a page's body is drawn (its first occurrence; words are split
    where their colour changes)."""
    with pdfplumber.open(pdf) as document:
        words = document.pages[page - 1].extract_words(
            extra_attrs=["non_stroking_color", "size", "fontname"]
        )
    found: dict[str, Shown] = {}
    body_top = THEME.slide.body_top * 72  # in points, as pdfplumber's positions
    for word in words:  # top to bottom: the footer's words come last
        if float(word["top"]) >= body_top:
            color = "".join(f"{round(c * 255):02X}" for c in word["non_stroking_color"])
            shown = Shown(color, float(word["size"]), str(word["fontname"]))
            found.setdefault(str(word["text"]), shown)
    return found


@pytest.mark.parametrize("kind", ["ours", "libreoffice"])
def test_what_the_pdfs_and_libreoffice_show(
    kind: str, exported: dict[str, Path], request: pytest.FixtureRequest
) -> None:
    """Our slide PDF, and the deck as LibreOffice prints it, draw the same colours and sizes."""
    pdf = exported["pdf"] if kind == "ours" else request.getfixturevalue("printed")
    intro = words_of(pdf, 2)
    assert intro["Amazon"].color == THEME.colors.accent
    assert intro["CLI"].color == THEME.colors.text
    assert intro["configure"].color == THEME.colors.code_text
    ratio = intro["configure"].size / intro["CLI"].size
    assert ratio == pytest.approx(THEME.sizes.inline_code, abs=0.005)
    template = words_of(pdf, 5)
    assert template["SiteBucket"].color == syntax(Role.TAG)
    assert template["Serve"].color == syntax(Role.COMMENT)
    assert "Italic" in template["Serve"].font
    assert words_of(pdf, 3)["export"].color == syntax(Role.BUILTIN)


@pytest.mark.parametrize("kind", ["ours", "libreoffice"])
def test_a_word_wider_than_its_code_box_breaks_inside_the_box(
    kind: str, exported: dict[str, Path], request: pytest.FixtureRequest
) -> None:
    """The tag set (a variable inside a word too long for the box) breaks at the box's edge:
    coloured spans inside one word kept WeasyPrint from breaking it."""
    pdf = exported["pdf"] if kind == "ours" else request.getfixturevalue("printed")
    right = (THEME.slide.width - THEME.slide.margin) * 72
    with pdfplumber.open(pdf) as document:
        chars = document.pages[2].chars
    tags = [char for char in chars if char["fontname"].endswith("Mono") and char["top"] > 200]
    assert tags and max(float(char["x1"]) for char in tags) <= right
    assert "HostingAStaticWebsiteOnAmazonS3WithTheCLI" in "".join(char["text"] for char in chars)


def test_the_handout_outline_highlights_code_and_marks_inline_code() -> None:
    laid, _ = lay_out(Job(GUIDE, str(GUIDE), GUIDE.with_suffix(""), GUIDE.parent), THEME)
    document = render_handout(laid, "outline")
    html, css = document.html, "".join(document.styles)
    assert '<span class="t-tag">SiteBucket</span>' in html
    assert f".t-tag{{color:#{syntax(Role.TAG)}}}" in css
    assert '<span class="c ic">aws configure</span>' in html
    assert f"background:#{THEME.colors.code_background}" in css


def x_height(theme: Theme, family: str) -> float:
    """Return a font family's x-height in ems (its ``OS/2`` table's)."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    font = TTFont(io.BytesIO(font_file(theme.folder, family)))
    return float(font["OS/2"].sxHeight / font["head"].unitsPerEm)


def test_inline_code_reads_the_size_of_the_text_around_it() -> None:
    """At the theme's share, the code face's x-height matches the body face's within 5%."""
    scaled = x_height(THEME, THEME.fonts.code.file) * THEME.sizes.inline_code
    assert scaled == pytest.approx(x_height(THEME, THEME.fonts.body.file), rel=0.05)
    assert THEME.sizes.inline_code < 1


def test_the_fit_measures_inline_code_at_its_own_size() -> None:
    measurer = Measurer(THEME)
    code = (Run("aws s3 sync ./site s3://my-site", Style(code=True)),)
    inline = measurer.natural(code, "body")
    block = measurer.natural(code, "code")
    assert inline == pytest.approx(block * THEME.sizes.inline_code)


ALIGNED = ROOT / "tests" / "fixtures" / "code" / "aligned-output.md"


@pytest.mark.parametrize("theme", ["default", "classroom"])
def test_column_aligned_output_wraps_in_the_slide_pdf_as_the_fit_measured_it(
    tmp_path: Path, theme: str
) -> None:
    """Reviewed: ``kubectl get pods -o wide`` output wrapped into 13 lines in the slide PDF
    (WeasyPrint kept the spaces after a word with it and broke each row a word early), the
    last two below its shaded box, where the fit had measured 11. The PDF now breaks each
    line where the fit wraps it: as many lines as measured, every glyph inside the box."""
    out = tmp_path / "out"
    flags = ["--format", "pdf", "--offline", "-q", "--theme", theme]
    assert main(["build", str(ALIGNED), "-o", str(out), *flags]) == 0
    job = Job(ALIGNED, ALIGNED.name, out / ALIGNED.stem, ALIGNED.parent)
    laid, _ = lay_out(job, load_theme(theme))
    measure = Measurer(laid.theme)
    with pdfplumber.open(out / f"{ALIGNED.stem}.pdf") as pdf:
        for placed, page in zip(laid.slides, pdf.pages, strict=True):
            for frame in (f for f in placed.frames if isinstance(f, CodeFrame)):
                width = frame.box.w - 2 * CODE_INSET
                code_lines = frame.code.text.split("\n")
                folds = frame.folds or (None,) * len(code_lines)
                assert all(  # a line the fit does not break fits its box
                    measure.count_code_line(line, frame.size, width) == 1
                    for line, fold in zip(code_lines, folds, strict=True)
                    if fold is None
                )
                lines = sum(1 if fold is None else fold.lines for fold in folds)
                box = frame.box
                top, bottom = box.y * 72, (box.y + box.h) * 72
                left, right = box.x * 72, (box.x + box.w) * 72
                chars = [
                    c
                    for c in page.chars
                    if c["text"].strip()
                    and left - 1 <= c["x0"] <= right + 1
                    and top - 1 <= c["top"] < page.height
                    and c["fontname"].endswith(("Mono", "Mono-Regular", "Cousine"))
                ]
                rows = {round(c["top"]) for c in chars}
                assert len(rows) == lines, (placed.number, len(rows), lines)
                assert max(c["bottom"] for c in chars) <= bottom + 1, placed.number
                assert max(c["x1"] for c in chars) <= right + 1, placed.number
