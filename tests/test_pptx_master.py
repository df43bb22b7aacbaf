"""write (PPTX): the deck's own theme part, slide master and layouts, and slides in their
placeholders: what PowerPoint's pickers offer, what its Outline view shows, and a slide added
from a layout looking like an exported one."""

from __future__ import annotations

import copy
import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image, ImageChops
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from exporter.geometry import footer_boxes
from exporter.jobs import Job
from exporter.options import Options
from exporter.pipeline import export_lesson
from exporter.theme import load_theme
from tests.conftest import LESSONS, SEED, built_once, need_tool, print_decks

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
LAYOUTS = [
    "Title Slide",
    "Title and Content",
    "Two Content",
    "Comparison",
    "Section Header",
    "Title Only",
    "Blank",
]
LESSON = """---
title: Layouts of the deck
section: Section-3
lesson: 2
---

### A page of bullets

- The first point
- The second point
  - A detail of it
- The third point

<!-- pagebreak -->

### Two sides

#### Ours
- Keep the keys
- Patch the hosts

<!-- column -->

#### Theirs
- Guard the halls
- Mend the wires

<!-- pagebreak -->

### Side by side

- Left one
- Left two

<!-- column -->

- Right one
- Right two

<!-- pagebreak -->

### Only a title: a section header
"""
EXPECTED = ["Title Slide", "Title and Content", "Comparison", "Two Content", "Section Header"]


def export(source: Path, out: Path, root: Path | None = None) -> Path:
    job = Job(source, source.name, out / source.stem, root or source.parent)
    result = export_lesson(job, Options(), load_theme())
    assert result.status == "exported", result.diagnostics
    return out / f"{source.stem}.pptx"


def export_layouts(folder: Path) -> Path:
    """Export ``LESSON`` (a slide on each of the layouts it uses) into ``folder``."""
    lesson = folder / "layouts.md"
    lesson.write_text(LESSON, encoding="utf-8")
    return export(lesson, folder / "out")


@pytest.fixture(scope="module")
def layouts_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_layouts(tmp_path_factory.mktemp("layouts"))


def part(deck: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(deck) as archive:
        return etree.fromstring(archive.read(name))


def test_the_master_has_the_named_layouts_and_each_slide_the_one_that_fits(
    layouts_deck: Path,
) -> None:
    prs = Presentation(str(layouts_deck))
    assert [layout.name for layout in prs.slide_layouts] == LAYOUTS
    assert [slide.slide_layout.name for slide in prs.slides] == EXPECTED
    seed = Presentation(str(export(SEED, layouts_deck.parent / "seed", LESSONS)))
    names = [slide.slide_layout.name for slide in seed.slides]
    assert names == [
        "Title Slide",
        *(["Title and Content"] * 5),
        "Comparison",
        "Comparison",
        "Title and Content",
    ]


def test_the_theme_part_holds_the_themes_colours_and_fonts(layouts_deck: Path) -> None:
    theme = load_theme()
    root = part(layouts_deck, "ppt/theme/theme1.xml")
    scheme = root.find(f"{A}themeElements/{A}clrScheme")
    assert scheme is not None
    colors = {slot.tag.removeprefix(A): slot[0].get("val") for slot in scheme}
    c = theme.colors
    assert colors == {
        "dk1": c.text,
        "lt1": c.background,
        "dk2": c.title,
        "lt2": c.code_background,
        "accent1": c.accent,
        "accent2": c.table_header,
        "accent3": c.muted,
        "accent4": c.code_text,
        "accent5": c.table_band,
        "accent6": c.placeholder,
        "hlink": c.accent,
        "folHlink": c.accent,
    }
    fonts = root.find(f"{A}themeElements/{A}fontScheme")
    assert fonts is not None
    assert fonts.find(f"{A}majorFont/{A}latin").get("typeface") == theme.fonts.heading.name  # type: ignore[union-attr]
    assert fonts.find(f"{A}minorFont/{A}latin").get("typeface") == theme.fonts.body.name  # type: ignore[union-attr]


def test_the_masters_body_style_draws_bullets_as_the_writer_does(layouts_deck: Path) -> None:
    theme = load_theme()
    master = part(layouts_deck, "ppt/slideMasters/slideMaster1.xml")
    body = master.find(f"{P}txStyles/{P}bodyStyle")
    assert body is not None
    levels = list(body)
    assert len(levels) == 9
    for index, level in enumerate(levels[:4]):
        assert level.find(f"{A}buChar").get("char") == theme.bullets.chars[index]  # type: ignore[union-attr]
        size = level.find(f"{A}defRPr").get("sz")  # type: ignore[union-attr]
        assert size == str(round(theme.sizes.body * 100))
        margin = (theme.bullets.hanging + index * theme.bullets.indent) * 914400
        assert int(level.get("marL", "")) == round(margin)
    title = master.find(f"{P}txStyles/{P}titleStyle/{A}lvl1pPr/{A}defRPr")
    assert title is not None and title.get("sz") == str(round(theme.sizes.title * 100))
    assert master.find(f"{P}cSld/{P}bg/{P}bgPr/{A}solidFill/{A}schemeClr").get("val") == "bg1"  # type: ignore[union-attr]


def test_placeholders_hold_every_slides_title_and_body(layouts_deck: Path) -> None:
    """What PowerPoint's Outline view shows: the title and body placeholders' text."""
    prs = Presentation(str(layouts_deck))
    outline = [
        {ph.placeholder_format.idx: ph.text_frame.text for ph in slide.placeholders}
        for slide in prs.slides
    ]
    assert outline[0][0] == "Layouts of the deck" and outline[0][1] == "Section 3 · Lesson 2"
    assert outline[1][0] == "A page of bullets"
    assert outline[1][1].split("\n") == [
        "The first point",
        "The second point",
        "A detail of it",
        "The third point",
    ]
    assert [outline[2][i] for i in (1, 2, 3, 4)] == [
        "Ours",
        "Keep the keys\nPatch the hosts",
        "Theirs",
        "Guard the halls\nMend the wires",
    ]
    assert [outline[3][i] for i in (1, 2)] == ["Left one\nLeft two", "Right one\nRight two"]
    assert outline[4][0] == "Only a title: a section header"
    assert 1 not in outline[4]  # no subtitle: no empty placeholder to "Click to add text" in
    for slide in list(prs.slides)[1:]:
        kinds = {ph.placeholder_format.type for ph in slide.placeholders}
        assert {PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER} <= kinds


def test_reading_order_is_title_then_body_then_the_rest(tmp_path: Path) -> None:
    source = Path(__file__).parent / "fixtures" / "build" / "content.md"
    prs = Presentation(str(export(source, tmp_path)))
    for slide in prs.slides:
        shapes = list(slide.shapes)
        assert shapes[0].is_placeholder and shapes[0].placeholder_format.idx == 0
        held = [s.is_placeholder and s.placeholder_format.idx < 11 for s in shapes]
        # placeholders (title, body, columns) first, then the rest, the footer's last
        assert held == sorted(held, reverse=True), slide.shapes.title.text


def test_runs_refer_to_the_themes_colours_by_slot(layouts_deck: Path) -> None:
    theme = load_theme()
    with zipfile.ZipFile(layouts_deck) as archive:
        slides = [n for n in archive.namelist() if n.startswith("ppt/slides/slide")]
        xml = "".join(archive.read(name).decode() for name in slides)
    for color in (theme.colors.text, theme.colors.title, theme.colors.accent):
        assert f'val="{color}"' not in xml
    assert 'schemeClr val="tx1"' in xml and 'schemeClr val="tx2"' in xml


def no_autofit(deck: Path) -> None:
    with zipfile.ZipFile(deck) as archive:
        for name in archive.namelist():
            if name.startswith(("ppt/slides/slide", "ppt/slideLayouts/slideLayout")):
                xml = archive.read(name).decode()
                assert "normAutofit" not in xml and "spAutoFit" not in xml, name


def test_nothing_relies_on_autofit(layouts_deck: Path) -> None:
    no_autofit(layouts_deck)


# LibreOffice: slides added from each layout, and a theme colour changed in the theme part.


def drawn(pdf: Path, out: Path) -> list[Image.Image]:
    """Return the pages of ``pdf`` (a deck LibreOffice printed) as images, drawn into ``out``."""
    need_tool("pdftoppm")
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(pdf), str(out / "page")], check=True)
    pages = sorted(out.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return [Image.open(page).convert("RGB") for page in pages]


def differing(one: Image.Image, other: Image.Image, numbered: bool = False) -> float:
    """Return the share of pixels that differ clearly between two pages (``numbered``: but
    in the slide number's box, which differs between two slides)."""
    diff = ImageChops.difference(one, other).convert("L").point(lambda v: 255 if v > 60 else 0)
    if numbered:
        grid = load_theme().slide
        scale = one.width / grid.width
        _, number = footer_boxes(grid)
        assert number is not None, "the theme's grid has a slide number's box"
        corners = (number.x, number.y, number.x + number.w, number.y + number.h)
        diff.paste(0, tuple(round(v * scale) for v in corners))  # type: ignore[arg-type]
    return diff.histogram()[255] / (one.width * one.height)


def add_like(prs: object, slide: object) -> None:
    """Add a slide from ``slide``'s layout as a teacher would: its placeholders filled with
    plain text (levels kept, no formatting), and the footer and slide number shown as
    PowerPoint's Header & Footer shows them (the layout's placeholders copied)."""
    layout = slide.slide_layout  # type: ignore[attr-defined]
    added = prs.slides.add_slide(layout)  # type: ignore[attr-defined]
    for source in slide.placeholders:  # type: ignore[attr-defined]
        kind = source.placeholder_format.type
        if kind in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER):
            continue
        target = added.placeholders[source.placeholder_format.idx]
        paragraphs = source.text_frame.paragraphs
        target.text_frame.text = paragraphs[0].text
        for paragraph in paragraphs[1:]:
            new = target.text_frame.add_paragraph()
            new.text, new.level = paragraph.text, paragraph.level
    for shape in layout.placeholders:
        if shape.placeholder_format.type in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER):
            added.shapes._spTree.append(copy.deepcopy(shape._element))


def twinned(deck: Path, twins: Path) -> None:
    """Write to ``twins`` the deck with a slide added after its own from each of its slides'
    layouts (``add_like``)."""
    prs = Presentation(str(deck))
    for slide in list(prs.slides):
        add_like(prs, slide)
    prs.save(str(twins))


def reddened(deck: Path, red: Path) -> None:
    """Write to ``red`` the deck with the theme part's accent 1 made red."""
    theme = load_theme()
    buffer = io.BytesIO()
    with zipfile.ZipFile(deck) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "ppt/theme/theme1.xml":
                data = data.replace(
                    f'<a:accent1><a:srgbClr val="{theme.colors.accent}"/>'.encode(),
                    b'<a:accent1><a:srgbClr val="FF0000"/>',
                )
            target.writestr(item, data)
    red.write_bytes(buffer.getvalue())


def print_layouts(folder: Path) -> dict[str, str]:
    """Export the layouts deck into ``folder``, make its twins and its red copy, and print the
    three with LibreOffice (one soffice); return each deck's path and its print's."""
    deck = export_layouts(folder)
    decks = {"plain": deck, "twins": folder / "twins.pptx", "red": folder / "red.pptx"}
    twinned(deck, decks["twins"])
    reddened(deck, decks["red"])
    print_decks(list(decks.values()), folder / "printed", folder)
    found = {name: str(path) for name, path in decks.items()}
    found |= {
        f"{name} print": str(folder / "printed" / f"{p.stem}.pdf") for name, p in decks.items()
    }
    return found


@pytest.fixture(scope="session")
def printed_layouts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The layouts deck, a copy with a slide added from each layout and a copy with accent 1
    red, each printed by LibreOffice (``print_layouts``), once for the run."""
    need_tool("soffice")
    _, found = built_once(tmp_path_factory, "pptx-master-printed", print_layouts)
    return {name: Path(path) for name, path in found.items()}


def test_a_slide_added_from_each_layout_looks_like_an_exported_one(
    printed_layouts: dict[str, Path], tmp_path: Path
) -> None:
    exported = list(Presentation(str(printed_layouts["plain"])).slides)
    assert len(Presentation(str(printed_layouts["twins"])).slides) == 2 * len(exported)
    pages = drawn(printed_layouts["twins print"], tmp_path)
    assert len(pages) == 2 * len(exported)
    for index, slide in enumerate(exported):
        # title, text, bullets, colours, bars and footer must be drawn alike
        share = differing(pages[index], pages[len(exported) + index], numbered=True)
        assert share < 0.00005, f"{slide.slide_layout.name}: {share:.5f} of the page differs"


def test_changing_a_theme_colour_in_the_theme_part_changes_the_deck(
    printed_layouts: dict[str, Path], tmp_path: Path
) -> None:
    with zipfile.ZipFile(printed_layouts["red"]) as archive:
        part = archive.read("ppt/theme/theme1.xml")
    assert b'<a:accent1><a:srgbClr val="FF0000"/>' in part  # the colour was changed
    plain_pages = drawn(printed_layouts["plain print"], tmp_path / "plain")
    red_pages = drawn(printed_layouts["red print"], tmp_path / "red")
    comparison = red_pages[2]  # the column heading bars, the rule and the bullets in accent1
    assert red_share(comparison) > 0.01
    assert differing(plain_pages[2], comparison) > 0.01
    assert red_share(plain_pages[2]) == 0


def red_share(page: Image.Image) -> float:
    """Return the share of a page's pixels that are clearly red."""
    r, g, b = (
        channel.point(lambda v, t=t: 255 if t(v) else 0)
        for channel, t in zip(
            page.split(), (lambda v: v > 200, lambda v: v < 60, lambda v: v < 60), strict=True
        )
    )
    both = ImageChops.multiply(ImageChops.multiply(r, g), b)
    return both.histogram()[255] / (page.width * page.height)


def test_every_bundled_lesson_uses_only_the_named_layouts(tmp_path: Path) -> None:
    for source in sorted(LESSONS.rglob("*.md")):
        prs = Presentation(str(export(source, tmp_path / source.parent.name, LESSONS)))
        assert {s.slide_layout.name for s in prs.slides} <= set(LAYOUTS)
