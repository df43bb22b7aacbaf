"""template: lessons exported into schools' own PowerPoint templates.

Every kind of template ``template_kit`` makes (localised and invented layout names, 4:3, a dark
master with a logo, a .potx, sample slides, two masters, missing roles, pandoc's reference
document, one LibreOffice saved) is read into a theme, and the bundled lessons are exported
into it: each layout is the one expected, by name; the package is consistent; LibreOffice
prints every deck with a page a slide, every glyph inside the box the fit gave it, every line
where our slide PDF puts it.
"""

from __future__ import annotations

import contextlib
import os
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from exporter.cli import main
from exporter.jobs import Job
from exporter.pipeline import lay_out
from exporter.roles import Role, role_named
from exporter.template.layouts import USED
from exporter.template.load import load_template
from exporter.theme import Theme, load_theme
from exporter.theme_checks import MIN_CONTRAST, contrast
from tests.conftest import (
    LESSONS,
    Converted,
    built_once,
    need_tool,
    page_count,
    page_text,
    print_decks,
)
from tests.glyphs import pages_of
from tests.package_check import package_problems
from tests.template_kit import (
    DECK_FONTS,
    MAKERS,
    MASTER,
    NS,
    ROLES,
    A,
    Kit,
    P,
    add_logo,
    band_xml,
    fill_background,
    fill_placeholder,
    layout_name,
    made_templates,
    next_shape_id,
    pandoc,
    picture_xml,
    place,
    placeholder,
    plain_kit,
    set_colours,
    set_fonts,
)
from tests.test_agreement import REWRAPPED_SHARE, disagreements, lines_of
from tests.test_missing_glyphs import invisible, undrawn
from tests.test_overflow import check_slide

EXPORTED = (LESSONS / "section-14" / "lesson-1.md", LESSONS / "section-15" / "lesson-1.md")
"""The lessons exported into every template: the seed (columns, a missing picture) and a
hands-on one (code, a table, a picture, links)."""


def mapping_for(name: str) -> tuple[tuple[Role, str], ...]:
    """Return the layouts setting a user of the template ``name`` writes (invented names: the
    mapping ``invented`` returns)."""
    if name != "invented":
        return ()
    names = {role: layout for role, layout in ROLES[name].items() if layout is not None}
    found = ((role_named(role), layout) for role, layout in names.items())
    return tuple((role, layout) for role, layout in found if role is not None)


@dataclass(frozen=True)
class Exported:
    """A template, and the lessons exported into it, their decks printed by LibreOffice."""

    name: str
    template: Path
    lessons: tuple[Converted, ...]


@contextlib.contextmanager
def working_in(folder: Path) -> Iterator[None]:
    """Run the block in ``folder`` (the command reads its configuration there)."""
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def export_into_templates(
    work: Path, templates: dict[str, Path], on_templates: Decks
) -> TemplatesPrinted:
    """Export the lessons into each of ``MAKERS``' ``templates`` (deck and slide PDF) and
    print every deck with ``on_templates``' (``print_decks``: one soffice, where each set took
    one, about 1.7 s of CPU more); return each template's name, path and converted lessons, and
    where each of ``on_templates``' decks is printed."""
    found: list[list[object]] = []
    decks: list[Path] = []
    if "pandoc" not in templates:
        pandoc()  # skips (fails in CI): every template is exported into, pandoc's too
    for name in MAKERS:
        folder = work / name
        folder.mkdir()
        template = templates[name]
        flags = ["--template", str(template)]
        if name == "invented":  # its names are its own: the configuration maps them
            (folder / "lesson-export.toml").write_text(
                "[layouts]\n"
                + "".join(
                    f'{role.name.lower()} = "{layout}"\n' for role, layout in mapping_for(name)
                ),
                encoding="utf-8",
            )
        lessons = []
        for source in EXPORTED:
            out = folder / "out" / source.parent.name
            argv = ["build", str(source), "-o", str(out), "-q", "--offline", "--format"]
            with working_in(folder):  # where the invented template's configuration is
                assert main([*argv, "pptx,pdf", *flags]) == 0, name
            deck = out / source.with_suffix(".pptx").name
            flat = work / "flat" / f"{name}-{source.parent.name}.pptx"
            flat.parent.mkdir(exist_ok=True)
            flat.write_bytes(deck.read_bytes())
            decks.append(flat)
            printed = work / "pdf" / flat.with_suffix(".pdf").name
            lessons.append(
                [str(source), str(LESSONS), str(flat), str(printed), str(deck.with_suffix(".pdf"))]
            )
        found.append([name, str(template), lessons])
    prints, more = flat_copies(work, on_templates)
    print_decks([*decks, *more], work / "pdf", work)
    return found, prints


TemplatesPrinted = tuple[list[list[object]], "Decks"]
"""What ``export_into_templates`` returns: each template's name, path and converted lessons,
and LibreOffice's prints of ``on_templates``' decks."""


@pytest.fixture(scope="session")
def templates_printed(
    tmp_path_factory: pytest.TempPathFactory, on_templates: Decks
) -> TemplatesPrinted:
    """Every template with the lessons exported into it, their decks and ``on_templates``'
    printed by LibreOffice (once for the whole run)."""
    need_tool("soffice")
    templates = made_templates(tmp_path_factory)
    _, found = built_once(
        tmp_path_factory,
        "templates",
        lambda work: export_into_templates(work, templates, on_templates),
    )
    return found


@pytest.fixture(scope="session")
def exported(templates_printed: TemplatesPrinted) -> dict[str, Exported]:
    """Every template with the lessons exported into it (once for the whole run)."""
    rows, _ = templates_printed
    return {
        str(name): Exported(
            str(name),
            Path(str(template)),
            tuple(Converted(*(Path(p) for p in row)) for row in lessons),  # type: ignore[attr-defined]
        )
        for name, template, lessons in rows
    }


def theme_of(item: Exported) -> Theme:
    """Return the theme the template makes (with the invented names mapped)."""
    return load_theme("default", item.template, mapping_for(item.name))


@pytest.mark.parametrize("name", list(MAKERS))
def test_each_role_finds_the_layout_the_template_has_for_it(
    exported: dict[str, Exported], name: str
) -> None:
    theme = theme_of(exported[name])
    assert theme.template is not None
    for role in Role:
        choice = theme.template.choice(role)
        expected = ROLES[name][role.value]
        if expected is None:  # the nearest, or one that holds the same placeholders
            assert choice.why in ("fallback", "placeholders"), (role, choice)
        else:
            assert choice.name == expected, (role, choice.why)
    fallbacks = [r for r in USED if theme.template.choice(r).why == "fallback"]
    missing = [r for r in fallbacks if ROLES[name][r.value] is None]
    warned = [d for d in theme.warnings if d.code == "template-layout"]
    assert len(warned) == len(missing), [d.message for d in warned]


@pytest.mark.parametrize("name", [name for name in MAKERS if name in DECK_FONTS])
def test_the_fit_measures_the_template_fonts_with_their_twins(
    exported: dict[str, Exported], name: str
) -> None:
    theme = theme_of(exported[name])
    heading, body = DECK_FONTS[name]
    assert (theme.fonts.heading.name, theme.fonts.body.name) == (heading, body)
    unknown = [font for font in (theme.fonts.heading, theme.fonts.body) if font.widen > 1]
    warned = [d for d in theme.warnings if d.code == "template-font"]
    assert len(warned) == len({font.name for font in unknown})
    if name == "invented":  # Gill Sans Nova: no twin, the closest with a margin
        assert unknown and unknown[0].file == "Liberation Sans"


@pytest.mark.parametrize("name", list(MAKERS))
def test_every_deck_is_whole_and_every_slide_on_a_template_layout(
    exported: dict[str, Exported], name: str
) -> None:
    item = exported[name]
    theme = theme_of(item)
    assert theme.template is not None
    expected = {theme.template.choice(role).name for role in Role}
    for lesson in item.lessons:
        data = lesson.deck.read_bytes()
        assert package_problems(data) == [], lesson.deck.name
        deck = Presentation(str(lesson.deck))
        template = Presentation(str(item.template)) if item.template.suffix == ".pptx" else None
        if template is not None:
            assert (deck.slide_width, deck.slide_height) == (
                template.slide_width,
                template.slide_height,
            )
        for slide in deck.slides:
            assert slide.slide_layout.name in expected
            title = slide.shapes.title
            assert title is not None and title.text_frame.text.strip(), slide.slide_id


@pytest.mark.parametrize("name", list(MAKERS))
def test_libreoffice_prints_each_deck_as_the_fit_placed_it(
    exported: dict[str, Exported], name: str
) -> None:
    item = exported[name]
    theme = theme_of(item)
    problems: list[str] = []
    # LibreOffice draws a font without a metric twin (which the fit measures with its
    # closest twin plus a margin) in a substitute of its own: neither where the glyphs land
    # nor where lines wrap can be checked against it.
    twinned = all(font.widen == 1 for font in (theme.fonts.heading, theme.fonts.body))
    for lesson in item.lessons if twinned else ():
        job = Job(lesson.source, str(lesson.source), lesson.deck.with_suffix(""), lesson.root)
        laid, _ = lay_out(job, theme)
        pages = pages_of(lesson.pdf)
        assert len(pages) == len(laid.slides), lesson.deck.name
        for page, placed in zip(pages, laid.slides, strict=True):
            problems.extend(check_slide(lesson, laid, placed, page))
        marks = set(theme.bullets.chars)
        ours, theirs = lines_of(lesson.slides, marks), lines_of(lesson.pdf, marks)
        total = rewrapped = 0
        for number, (mine, printed) in enumerate(zip(ours, theirs, strict=True), start=1):
            found, count = disagreements(mine, printed)
            problems += [f"{lesson.deck.name} slide {number}: {p}" for p in found]
            total, rewrapped = total + len(printed), rewrapped + count
        assert rewrapped <= REWRAPPED_SHARE * total, lesson.deck.name
    assert not problems, "\n".join(problems[:20])


def test_text_goes_in_the_text_placeholders_not_a_picture_box_beside_them(
    tmp_path: Path,
) -> None:
    # A school's "Title and Content" with a picture placeholder at the left and its body at
    # the right two-thirds: the body is the content slide's one box (a picture, chart, table
    # or media placeholder takes no text), and the deck's text is in it; the body takes the
    # picture's room too, which no slide fills (``test_template_picture_body``).
    kit = plain_kit()
    [content] = [p for p in kit.layouts() if layout_name(kit.xml(p)) == "Title and Content"]
    tree = kit.xml(content)
    place(tree, "1", (4.6, 1.75, 8.0, 4.9))
    tree_of = tree.find("p:cSld/p:spTree", NS)
    assert tree_of is not None
    picture = (
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr>'
        f'<p:cNvPr id="{next_shape_id(tree)}" name="Picture Placeholder 3"/>'
        '<p:cNvSpPr><a:picLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="pic" idx="13"/>'
        '</p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="457200" y="1600200"/>'
        '<a:ext cx="3611880" cy="4480560"/></a:xfrm></p:spPr></p:sp>'
    )
    tree_of.append(etree.fromstring(picture))
    template = kit.save(tmp_path / "picture-left.pptx")
    theme = load_theme("default", template)
    assert theme.template is not None
    slots = theme.template.choice(Role.CONTENT).slots
    assert [(slot.kind[1], round(slot.box[0], 1)) for slot in slots.bodies] == [(1, 0.5)]
    out = tmp_path / "out"
    assert (
        main(
            [
                "build",
                str(EXPORTED[0]),
                "-o",
                str(out),
                "-q",
                "--offline",
                "--template",
                str(template),
                "--format",
                "pptx",
            ]
        )
        == 0
    )
    deck = Presentation(str(out / "lesson-1.pptx"))
    bodies = [
        shape
        for slide in deck.slides
        if slide.slide_layout.name == "Title and Content"
        for shape in slide.placeholders
        if shape.placeholder_format.idx == 1
    ]
    assert bodies and all(shape.text_frame.text.strip() for shape in bodies)
    assert all(abs(shape.left / 914400 - 0.5) < 0.01 for shape in bodies)
    pictures = [
        shape
        for slide in deck.slides
        for shape in slide.placeholders
        if shape.placeholder_format.idx == 13
    ]
    assert not pictures


def test_the_templates_warnings_are_counted_named_once_and_fail_a_strict_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kit = plain_kit()
    set_fonts(kit, "Gill Sans Nova", "Calibri")  # a heading font without a metric twin
    template = kit.save(tmp_path / "school.pptx")
    lesson = tmp_path / "lesson.md"
    lesson.write_text("---\ntitle: T\n---\n\n## A page\n\n- a point\n", encoding="utf-8")
    argv = ["build", str(lesson), "-o", str(tmp_path / "out"), "--template", str(template)]
    assert main([*argv, "--format", "pptx"]) == 0
    out, err = capsys.readouterr()
    said = [line for line in err.splitlines() if "warning" in line]
    assert f"lesson-export: {template}: warning: the template's heading font" in err
    for line in said:  # the file is named once, before the warning
        assert line.startswith(f"lesson-export: {template}: warning: "), line
        assert "school.pptx" not in line.split("warning:", 1)[1], line
    count = len(said)
    assert out.splitlines()[-1].startswith(f"1 lesson(s): 1 exported, 0 failed, {count} warning")
    assert main([*argv, "--format", "pptx", "--strict", "--force"]) == 1
    _, err = capsys.readouterr()
    assert f"--strict: the theme's {count} warning(s) (above) fail the build" in err


def test_a_dark_master_without_a_dark_palette_still_shows_its_code(tmp_path: Path) -> None:
    # A template whose master paints its own dark background and light text, its palette
    # (and so its second background, bg2) left light: code boxes stand out from the slide,
    # their text reads, and the code is highlighted in colours that read on them.
    kit = plain_kit()
    master = kit.xml(MASTER)
    fill_background(master, '<a:srgbClr val="1C1C24"/>')
    for style in master.iterfind("p:txStyles/*//a:defRPr", NS):
        for old in style.findall("a:solidFill", NS):
            style.remove(old)
        style.insert(
            0,
            etree.fromstring(f'<a:solidFill xmlns:a="{A}"><a:srgbClr val="E6E6E6"/></a:solidFill>'),
        )
    theme = load_theme("default", kit.save(tmp_path / "dark.pptx"))
    colors = theme.colors
    assert colors.background == "1C1C24" and colors.text == "E6E6E6"
    assert colors.code_background != colors.background
    assert contrast(colors.code_text, colors.code_background) >= MIN_CONTRAST
    assert theme.syntax is not None
    for key in theme.syntax.__dataclass_fields__:
        assert contrast(getattr(theme.syntax, key), colors.code_background) >= MIN_CONTRAST, key


PLACES = {
    # A title in a sidebar at the left, its body at the right two-thirds.
    "sidebar": ((0.35, 0.6, 3.3, 3.2), (4.5, 0.6, 8.4, 6.0)),
    # A title in a strip at the slide's foot, its body filling the rest above it.
    "foot": ((0.6, 6.45, 12.1, 0.55), (0.6, 0.6, 12.1, 5.6)),
    # As Office puts them: the title above the body.
    "top": ((0.6, 0.3, 12.1, 1.25), (0.6, 1.75, 12.1, 4.9)),
}


@pytest.mark.parametrize(("title", "body"), PLACES.values(), ids=PLACES.keys())
def test_the_body_stays_in_its_box_wherever_the_template_puts_the_title(
    title: tuple[float, float, float, float],
    body: tuple[float, float, float, float],
    tmp_path: Path,
) -> None:
    """Each content slide's text, tables, code, pictures and column headings lie in the
    template's body box and clear of its title's, and each title is shown, in its own room:
    a title beside the body or below it does not push the body down (or off the slide),
    nor take the body's place (one below it grows up toward it, its box's foot kept)."""
    from exporter.geometry import Box
    from exporter.model import Layout, plain_text
    from tests.template_kit import placeholder

    kit = plain_kit()
    for part in (MASTER, *kit.layouts()):
        tree = kit.xml(part)
        for key, box in (("title", title), ("body", body), ("1", body)):
            if placeholder(tree, key) is not None:
                place(tree, key, box)
    theme = load_theme("default", kit.save(tmp_path / "placed.pptx"))
    lessons = (*EXPORTED, LESSONS / "section-16" / "lesson-2.md")
    height, near = theme.slide.height, 0.02
    frames = theme.slide.frames
    assert frames is not None
    # The body's box, and the Comparison and Two Content layouts' columns, where two go.
    boxes = [body, *(box for box in (frames.compared, frames.paired) if box is not None)]
    left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    right, bottom = max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
    room = (left, top, right - left, bottom - top)

    def inside(inner: Box, outer: tuple[float, float, float, float]) -> bool:
        x, y, w, h = outer
        return (
            inner.x >= x - near
            and inner.y >= y - near
            and inner.x + inner.w <= x + w + near
            and inner.y + inner.h <= y + h + near
        )

    for source in lessons:
        job = Job(source, source.name, Path("out"), source.parent)
        laid, diagnostics = lay_out(job, theme)
        assert not [d.message for d in diagnostics if "pushes the text down" in d.message]
        for placed in laid.slides:
            if placed.slide.layout is Layout.TITLE:
                continue
            where = f"{source.name} slide {placed.number}"
            assert plain_text(placed.slide.title), where
            own = placed.title
            assert own.h > 0 and own.y + own.h <= height + near, where
            assert abs(own.x - title[0]) < near, where
            if title[1] > body[1] + body[3]:  # at the foot: it keeps its foot, under the body
                assert abs(own.y + own.h - title[1] - title[3]) < near, where
                assert own.y >= body[1] + body[3] - near, where
            else:
                assert abs(own.y - title[1]) < near, where
            for frame in placed.frames:
                assert inside(frame.box, room), f"{where}: {frame.box} outside {room}"


def banded_title(folder: Path, title_color: str, band: bool = True) -> Path:
    """Write the plain template with its titles in ``title_color`` (a scheme colour) on the
    master's title style, on an accent band across the top of every slide (behind the
    title's box, 0.9 in deep) where ``band``."""
    from tests.template_kit import band_xml

    kit = plain_kit()
    tree = kit.xml(MASTER)
    root = tree.find("p:cSld/p:spTree", NS)
    assert root is not None
    if band:
        root.insert(2, etree.fromstring(band_xml(next_shape_id(tree), (0, 0, 13.333, 1.0))))
    place(tree, "title", (0.4, 0.05, 12.5, 0.9))
    place(tree, "body", (0.6, 1.3, 12.1, 5.3))
    for layout in kit.layouts():
        for key, box in (("title", (0.4, 0.05, 12.5, 0.9)), ("1", (0.6, 1.3, 12.1, 5.3))):
            if (shape := kit.xml(layout)) is not None and layout_name(shape) != "Title Slide":
                from tests.template_kit import placeholder

                if placeholder(shape, key) is not None:
                    place(shape, key, box)
    level = tree.find("p:txStyles/p:titleStyle/a:lvl1pPr/a:defRPr", NS)
    assert level is not None
    for fill in level.findall("a:solidFill", NS):
        level.remove(fill)
    fill = etree.SubElement(level, f"{{{A}}}solidFill")
    etree.SubElement(fill, f"{{{A}}}schemeClr", val=title_color)
    level.insert(0, fill)
    return kit.save(folder / f"banded-{title_color}-{band}.pptx")


def test_a_title_on_a_band_is_coloured_for_the_band_and_stays_on_it(tmp_path: Path) -> None:
    """A template whose titles are white on a dark band across the top: the titles stay
    white (read on the band, not on the white slide), no contrast warning names them, and
    every title stays in its box on the band (set smaller, down to 24 pt, else cut short),
    the body under it where the template put it."""
    from exporter.fit.scale import BAND_TITLE_MIN
    from exporter.model import Layout

    theme = load_theme("default", banded_title(tmp_path, "bg1"))
    assert theme.colors.title.upper() == "FFFFFF" and theme.colors.background.upper() == "FFFFFF"
    assert not [w.message for w in theme.warnings if "colors.title" in w.message]
    for source in (*EXPORTED, LESSONS / "section-16" / "lesson-2.md"):
        laid, _ = lay_out(Job(source, source.name, Path("out"), source.parent), theme)
        for placed in laid.slides:
            if placed.slide.layout is Layout.TITLE:
                continue
            assert placed.title.y + placed.title.h <= 0.05 + 0.9 + 1e-6, placed.number
            assert placed.title_size >= BAND_TITLE_MIN
            assert all(frame.box.y >= 1.3 - 0.02 for frame in placed.frames)


DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
"""Where Debian keeps DejaVu, which LibreOffice draws Verdana in where Verdana is missing."""


@pytest.mark.parametrize(("font", "wide"), [("Verdana", True), ("Trebuchet MS", False)])
def test_a_font_without_a_twin_is_measured_as_wide_as_it_is(
    tmp_path: Path, font: str, wide: bool
) -> None:
    """A template in Verdana with its titles in a narrow band (2.6 in, left of the body):
    Verdana is measured as wide as it is (as wide as DejaVu Sans, which LibreOffice draws it
    in where it is missing), not as an unknown font is; no title breaks inside a word (set
    smaller, to no less than 20 pt, where its longest word needs it), and none warns of it;
    the lesson's title is whole on the title slide, set smaller rather than cut short.
    Trebuchet MS, about as wide as Arial, is not measured wider than it is."""
    from exporter.fit.scale import WORD_LEAST
    from exporter.measure import Measurer
    from exporter.model import Layout, Run, Style
    from exporter.template.derive import SAFETY
    from tests.template_kit import placeholder, set_fonts

    kit = plain_kit()
    set_fonts(kit, font, font)
    for part in (MASTER, *kit.layouts()):
        tree = kit.xml(part)
        for key, box in (
            ("title", (0.3, 0.5, 2.6, 6.0)),
            ("body", (3.3, 0.5, 9.6, 6.0)),
            ("ctrTitle", (0.5, 1.0, 6.0, 1.4)),  # the title slide's, too small at 28 pt
        ):
            if placeholder(tree, key) is not None:
                place(tree, key, box)
    theme = load_theme("default", kit.save(tmp_path / "band.pptx"))
    heading = theme.fonts.heading
    assert (heading.widen > SAFETY) is wide and heading.widen >= 1.0, heading
    if wide and (DEJAVU / "DejaVuSans-Bold.ttf").is_file():
        from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

        text = "Understanding AWS Shared Responsibility: Security in the Cloud"
        drawn = TTFont(DEJAVU / "DejaVuSans-Bold.ttf", lazy=True)
        cmap, metrics = drawn.getBestCmap(), drawn["hmtx"]
        em = sum(metrics[cmap[ord(c)]][0] for c in text) / drawn["head"].unitsPerEm
        measured = Measurer(theme).natural((Run(text, Style(bold=True)),), "heading", bold=True)
        assert measured >= 0.99 * em, (measured, em)
    if not wide:
        return
    for source in (LESSONS / "section-14" / "lesson-1.md", LESSONS / "section-15" / "lesson-1.md"):
        laid, found = lay_out(Job(source, source.name, Path("out"), source.parent), theme)
        assert not [d.message for d in found if "mid-word" in d.message], source
        assert not [d.message for d in found if "cut short" in d.message], source
        for placed in laid.slides:
            if placed.slide.layout is not Layout.SECTION:
                assert placed.title_size >= WORD_LEAST, (source.name, placed.number)
        cover = laid.slides[0]
        assert cover.slide.layout is Layout.TITLE and cover.slide.title == laid.deck.slides[0].title


def test_two_columns_go_where_the_templates_comparison_layout_has_them(tmp_path: Path) -> None:
    """A template whose Title and Content body is narrow (a picture beside it, say) while its
    Comparison layout spans the slide: a comparison's columns and their headings lie in the
    Comparison layout's boxes, across the slide, not squeezed into the narrow body; the text
    over them starts under the title, as wide as the columns."""
    from exporter.geometry import HeadingFrame
    from exporter.model import Columns, Layout
    from tests.template_kit import placeholder

    kit = plain_kit()
    narrow = (0.6, 1.8, 7.0, 4.8)
    for part in (MASTER, *kit.layouts()):
        tree = kit.xml(part)
        if part == MASTER or layout_name(tree) == "Title and Content":
            for key in ("body", "1"):
                if placeholder(tree, key) is not None:
                    place(tree, key, narrow)
    theme = load_theme("default", kit.save(tmp_path / "narrow.pptx"))
    frames = theme.slide.frames
    assert frames is not None and frames.compared is not None
    x, _, w, _ = frames.compared
    assert x + w > narrow[0] + narrow[2] + 3.0  # the layout is wider than the body
    source = LESSONS / "section-14" / "lesson-1.md"
    laid, found = lay_out(Job(source, source.name, Path("out"), source.parent), theme)
    assert not [d for d in found if d.code == "overflow"], found
    compared = [p for p in laid.slides if p.slide.layout is Layout.TWO_COLUMN]
    assert compared
    for placed in compared:
        bars = [f.box for f in placed.frames if isinstance(f, HeadingFrame)]
        assert len(bars) == 2, placed.number
        assert max(b.x + b.w for b in bars) > narrow[0] + narrow[2] + 3.0, placed.number
        assert all(b.x >= x - 0.02 and b.x + b.w <= x + w + 0.02 for b in bars), placed.number
        if not isinstance(placed.slide.body[0], Columns):  # words over the columns
            assert min(f.box.y for f in placed.frames) >= narrow[1] - 0.02, placed.number


def ruled_title(folder: Path, rule: tuple[float, float, float, float]) -> Path:
    """Write the plain template with its content titles in a 1.1 in box at 0.3 in and a
    rule the master draws at ``rule`` (under the title's box: a school's accent line)."""
    from tests.template_kit import band_xml, placeholder

    kit = plain_kit()
    tree = kit.xml(MASTER)
    root = tree.find("p:cSld/p:spTree", NS)
    assert root is not None
    root.insert(2, etree.fromstring(band_xml(next_shape_id(tree), rule)))
    for part in (MASTER, *kit.layouts()):
        shape = kit.xml(part)
        if part == MASTER or layout_name(shape) != "Title Slide":
            for key, box in (("title", (0.6, 0.3, 12.1, 1.1)), ("body", (0.6, 1.8, 12.1, 4.8))):
                if placeholder(shape, key) is not None:
                    place(shape, key, box)
    return kit.save(folder / "ruled.pptx")


@pytest.mark.parametrize(
    "rule",
    [(0.6, 1.45, 12.1, 0.04), (0.6, 1.45, 2.0, 0.08), (9.0, 1.5, 4.33, 0.05)],
    ids=["across", "accent-under-its-start", "under-its-end"],
)
def test_a_title_stays_above_the_rule_the_template_draws_under_it(
    tmp_path: Path, rule: tuple[float, float, float, float]
) -> None:
    """A template drawing a rule under the titles' box (across it, under its first words or
    under its end): a title that takes two lines is set smaller to stay above the rule, as
    PowerPoint's autofit would, rather than growing over it; the body stays in its box."""
    from exporter.model import Layout

    theme = load_theme("default", ruled_title(tmp_path, rule))
    assert theme.slide.frames is not None and theme.slide.frames.title_limit == rule[1]
    text = "---\ntitle: Rules\n---\n\n" + "\n\n<!-- pagebreak -->\n\n".join(
        f"## {title}\n\n- A point about it."
        for title in (
            "Short title",
            "Security and Compliance: Understanding the Shared Responsibility Model",
            "Amazon Virtual Private Cloud Subnets, Route Tables and Internet Gateways",
        )
    )
    source = tmp_path / "rules.md"
    source.write_text(text, encoding="utf-8")
    laid, found = lay_out(Job(source, source.name, Path("out"), source.parent), theme)
    assert not [d for d in found if d.code == "overflow"], found
    sizes = []
    for placed in laid.slides:
        if placed.slide.layout is Layout.TITLE:
            continue
        assert placed.title.y + placed.title.h <= rule[1] + 1e-6, placed.number
        assert all(frame.box.y >= 1.8 - 0.02 for frame in placed.frames)
        sizes.append(placed.title_size)
    assert sizes[0] == theme.sizes.title and min(sizes) < theme.sizes.title  # shrunk, not cut


def test_a_title_colour_that_does_not_read_on_the_slide_without_a_band_is_replaced(
    tmp_path: Path,
) -> None:
    """The same white titles without the band: read on the white slide, they become the
    body's colour, and grow over the body as on our own master."""
    theme = load_theme("default", banded_title(tmp_path, "bg1", band=False))
    assert contrast(theme.colors.title, theme.colors.background) >= MIN_CONTRAST


def test_a_placeholder_past_the_slides_edge_is_cut_to_the_slide_with_a_warning(
    tmp_path: Path,
) -> None:
    """A master whose body placeholder is wider than the slide (10.6 in on 13.333 from
    x 3.5): the fit's body box is cut to the slide, each slide's frames stay on it, and the
    template's warning names the placeholder and its box."""
    from exporter.model import Layout
    from tests.template_kit import placeholder

    kit = plain_kit()
    for part in (MASTER, *kit.layouts()):
        tree = kit.xml(part)
        for key in ("body", "1"):
            if placeholder(tree, key) is not None:
                place(tree, key, (3.5, 1.75, 10.6, 4.9))
    theme = load_theme("default", kit.save(tmp_path / "wide-body.pptx"))
    width = theme.slide.width
    said = [w.message for w in theme.warnings if "past the slide's edge" in w.message]
    assert (
        "the placeholder of the content slides' body runs past the slide's edge (10.60 by "
        "4.90 in at 3.50, 1.75 on a 13.3333 by 7.5 in slide): text is kept inside the slide; "
        "move it in PowerPoint's Slide Master view"
    ) in said
    laid, _ = lay_out(Job(EXPORTED[0], "seed.md", Path("out"), EXPORTED[0].parent), theme)
    for placed in laid.slides:
        if placed.slide.layout is not Layout.TITLE:
            assert all(frame.box.x + frame.box.w <= width + 0.01 for frame in placed.frames)


def test_a_missing_layout_is_said_with_each_layout_named_once(tmp_path: Path) -> None:
    """A template of two masters, each with the same three layouts: the warning that a role
    falls back to another layout lists the layouts the template has, each name once."""
    from tests.template_kit import copy_master, missing_roles

    kit = Kit(missing_roles(tmp_path).read_bytes())
    copy_master(kit, 3)
    theme = load_theme("default", kit.save(tmp_path / "two-masters-few.pptx"))
    fallbacks = [w.message for w in theme.warnings if "those slides use" in w.message]
    assert fallbacks
    for message in fallbacks:
        listed = message.split("(its layouts: ")[1].rstrip(")")
        names = [name.strip().strip("'") for name in listed.split(",")]
        assert sorted(names) == sorted(set(names)) == ["Blank", "Title Only", "Title Slide"]


def test_a_templates_faint_colour_is_named_as_powerpoint_names_it(tmp_path: Path) -> None:
    """Office's classic blue Accent 1 (4F81BD) on white is too faint for body-size links:
    the warning names the template's colours as PowerPoint's Design tab does, not by the
    theme file's keys the user of a template never sees."""
    theme = load_theme("default", plain_kit().save(tmp_path / "plain.pptx"))
    [faint] = [w.message for w in theme.warnings if "has a contrast of" in w.message]
    assert faint.startswith(
        "the template's Accent 1 colour (4F81BD) on the template's Background 1 colour (FFFFFF)"
    )
    assert "colors." not in faint
    # Reviewed: a background the master fills with a colour of its own (no slot of the
    # scheme) was named "colors.background", a theme file's key.
    kit = plain_kit()
    fill_background(kit.xml(MASTER), f'<a:srgbClr xmlns:a="{A}" val="14182B"/>')
    theme = load_theme("default", kit.save(tmp_path / "dark.pptx"))
    faint = " ".join(w.message for w in theme.warnings if "has a contrast of" in w.message)
    assert "on the slide's background (14182B)" in faint and "colors." not in faint


GRADIENT = (
    '<p:bg xmlns:p="{p}" xmlns:a="{a}"><p:bgPr><a:gradFill rotWithShape="1"><a:gsLst>'
    '<a:gs pos="0"><a:srgbClr val="0B4FA8"/></a:gs>'
    '<a:gs pos="100000"><a:srgbClr val="141821"/></a:gs>'
    '</a:gsLst><a:lin ang="5400000" scaled="0"/></a:gradFill><a:effectLst/></p:bgPr></p:bg>'
)
"""A title slide's background running from blue at the top to near black at the foot."""


def test_a_gradient_background_is_drawn_and_its_text_made_to_read_on_it(tmp_path: Path) -> None:
    """A Title Slide layout with a dark gradient of its own: the slide PDF draws the gradient
    (poppler's render is blue at the top, near black at the foot), no warning says it
    cannot, and the title and subtitle are light, read on the gradient's average colour."""
    import subprocess

    from PIL import Image

    kit = plain_kit()
    [cover] = [p for p in kit.layouts() if layout_name(kit.xml(p)) == "Title Slide"]
    data = kit.xml(cover).find("p:cSld", NS)
    assert data is not None
    data.insert(0, etree.fromstring(GRADIENT.format(p=P, a=A)))
    template = kit.save(tmp_path / "gradient.pptx")
    theme = load_theme("default", template)
    assert theme.template is not None
    assert not [w.message for w in theme.warnings if "gradient" in w.message]
    drawn = theme.template.backdrop(Role.TITLE_SLIDE)
    assert drawn.gradient == "linear-gradient(180deg, #0B4FA8 0.0%, #141821 100.0%)"
    colors = theme.template.colors(Role.TITLE_SLIDE)
    for ink in (colors.title, colors.muted):
        assert contrast(ink, drawn.color or "") >= 3.0 and contrast(ink, "FFFFFF") < 3.0
    out = tmp_path / "out"
    command = ["build", str(EXPORTED[0]), "-o", str(out), "-q", "--offline"]
    assert main([*command, "--template", str(template), "--format", "pdf"]) == 0
    need_tool("pdftoppm")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "20",
            "-f",
            "1",
            "-l",
            "1",
            out / "lesson-1.pdf",
            tmp_path / "p",
        ],
        check=True,
    )
    [page] = tmp_path.glob("p*.png")
    image = Image.open(page).convert("RGB")
    width, height = image.size
    top, foot = image.getpixel((width - 3, 2)), image.getpixel((width // 2, height - 3))
    assert isinstance(top, tuple) and isinstance(foot, tuple)
    assert top[2] > 150 and top[0] < 60, top  # blue
    assert max(foot) < 60, foot  # near black


def test_a_title_on_a_band_at_the_slides_foot_keeps_both_its_lines_on_its_slide(
    tmp_path: Path,
) -> None:
    """A school's title box at the foot of the slide, its text in the middle: a title of two
    lines was placed from its middle down in the slide PDF, so its second line ran past the
    page and WeasyPrint carried it over to a page of its own."""
    kit = plain_kit()
    for part in (MASTER, *kit.layouts()):
        tree = kit.xml(part)
        if placeholder(tree, "title") is not None:
            place(tree, "title", (0.6, 6.1, 9.0, 1.3))
        for key in ("body", "1"):
            if placeholder(tree, key) is not None:
                place(tree, key, (0.6, 0.4, 12.1, 5.5))
                break
    template = kit.save(tmp_path / "foot.pptx")
    lesson = tmp_path / "foot.md"
    title = "Customer Responsibility and the Security of Everything Built in the Cloud"
    lesson.write_text(
        f"---\ntitle: Foot\n---\n\n## {title}\n\n- One point to make.\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    argv = ["build", str(lesson), "-o", str(out), "-q", "--template", str(template)]
    assert main([*argv, "--format", "pptx,pdf"]) == 0
    deck = Presentation(str(out / "foot.pptx"))
    assert deck.slides[1].shapes.title.text == last_words_bound_text(title)
    pdf = out / "foot.pdf"
    assert page_count(pdf) == len(deck.slides)  # no page of a title's last line alone
    words = " ".join(page_text(pdf, 2).split())
    assert title in words, words


def test_the_footer_on_a_band_of_the_template_reads_on_the_band(tmp_path: Path) -> None:
    """A band at the slide's foot filled with the template's dark teal, and its Text 2 (the
    footer's colour) the same teal: the footer and slide number were drawn teal on teal,
    unseen. They are now coloured to read on the band."""
    kit = plain_kit()
    set_colours(kit, {"accent1": "0F4C5C", "dk2": "0F4C5C"})
    tree = kit.xml(MASTER)
    shapes = tree.find("p:cSld/p:spTree", NS)
    assert shapes is not None
    shapes.insert(2, etree.fromstring(band_xml(next_shape_id(tree), (0, 6.6, 13.333, 0.9))))
    template = kit.save(tmp_path / "band.pptx")
    school = load_template(template, load_theme()).template
    assert school is not None
    footer, named = school.colors(Role.CONTENT).footer, school.ink(Role.CONTENT).footer
    assert footer and contrast(footer, "0F4C5C") >= MIN_CONTRAST, footer
    out = tmp_path / "out"
    argv = ["build", str(EXPORTED[0]), "-o", str(out), "-q", "--offline"]
    assert main([*argv, "--template", str(template), "--format", "pptx"]) == 0
    deck = Presentation(str(out / "lesson-1.pptx"))
    inks = {
        fill.get("val")
        for slide in list(deck.slides)[1:]
        for shape in slide.shapes
        if shape.name.startswith(("Footer", "Slide Number"))
        for fill in shape._element.iterfind(".//a:rPr/a:solidFill/*", NS)
    }
    assert inks == {named}, (inks, named)


@pytest.mark.parametrize("corner", ["right", "left"])
def test_a_title_keeps_clear_of_a_logo_at_its_end(tmp_path: Path, corner: str) -> None:
    """A school's logo on the master, over one end of the title's box: long titles ran under
    it, in the deck and both PDFs alike. The title's box now ends (or starts) just clear of
    it; what the title is drawn on (a band holding its middle) is no obstacle."""
    kit = plain_kit()
    rid, first, shapes = add_logo(kit)
    tree = kit.xml(MASTER)
    at = 11.4 if corner == "right" else 0.4
    shapes.insert(2, etree.fromstring(picture_xml(first, rid, (at, 0.35, 1.4, 0.9))))
    shapes.insert(2, etree.fromstring(band_xml(first + 1, (0, 0.2, 13.333, 1.3))))
    place(tree, "title", (0.6, 0.3, 12.1, 1.25))
    template = kit.save(tmp_path / "logo.pptx")
    out = tmp_path / "out"
    argv = ["build", str(EXPORTED[0]), "-o", str(out), "-q", "--offline"]
    assert main([*argv, "--template", str(template), "--format", "pptx"]) == 0
    deck = Presentation(str(out / "lesson-1.pptx"))
    for slide in list(deck.slides)[1:]:
        title = slide.shapes.title
        assert title is not None and title.left is not None and title.width is not None
        left, right = title.left / 914_400, (title.left + title.width) / 914_400
        if corner == "right":
            assert right <= at - 0.05 and left == pytest.approx(0.6, abs=0.01), slide.slide_id
        else:
            assert left >= at + 1.4 + 0.05 and right == pytest.approx(12.7, abs=0.01)


def test_the_slide_number_keeps_the_words_the_template_writes_around_it(tmp_path: Path) -> None:
    """A school's slide number placeholder reads 'Folie' and the number's field (or 'Page',
    the field, 'of 20'): the deck and the PDF wrote the bare number. They now write the
    template's words around it."""
    kit = plain_kit()
    fill_placeholder(
        kit,
        "sldNum",
        f'<a:p xmlns:a="{A}"><a:r><a:t>Page </a:t></a:r>'
        '<a:fld id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" type="slidenum">'
        "<a:t>&#8249;#&#8250;</a:t></a:fld><a:r><a:t> of 20</a:t></a:r></a:p>",
    )
    template = kit.save(tmp_path / "numbered.pptx")
    out = tmp_path / "out"
    argv = ["build", str(EXPORTED[0]), "-o", str(out), "-q", "--offline"]
    assert main([*argv, "--template", str(template), "--format", "pptx,pdf"]) == 0
    deck = Presentation(str(out / "lesson-1.pptx"))
    for number, slide in enumerate(deck.slides, start=1):
        if number == 1:
            continue
        numbers = [s for s in slide.shapes if s.has_text_frame and s.name.startswith("Slide n")]
        assert [s.text_frame.text for s in numbers] == [f"Page {number} of 20"]
        fields = [f for s in numbers for f in s._element.iterfind(".//a:fld", NS)]
        assert [f.get("type") for f in fields] == ["slidenum"]  # kept up to date by PowerPoint
    assert "Page 3 of 20" in " ".join(page_text(out / "lesson-1.pdf", 3).split())


@pytest.mark.parametrize("fixed", [True, False])
def test_a_date_the_template_writes_as_text_is_on_every_content_slide(
    tmp_path: Path, fixed: bool
) -> None:
    """A school's date placeholder reads 'Schuljahr 2024/25': no slide showed it. Fixed text
    is now written where the template puts it, in the deck and the PDF; a date field (the day
    the deck is saved) is not, so that a build gives the same bytes every day."""
    kit = plain_kit()
    inner = (
        "<a:r><a:t>Schuljahr 2024/25</a:t></a:r>"
        if fixed
        else '<a:fld id="{0C6D4A2B-6A43-4E5B-9D3A-1C2B3D4E5F60}" type="datetimeFigureOut">'
        "<a:t>12/4/2026</a:t></a:fld>"
    )
    fill_placeholder(kit, "dt", f'<a:p xmlns:a="{A}">{inner}</a:p>')
    template = kit.save(tmp_path / "dated.pptx")
    out = tmp_path / "out"
    argv = ["build", str(EXPORTED[0]), "-o", str(out), "-q", "--offline"]
    assert main([*argv, "--template", str(template), "--format", "pptx,pdf"]) == 0
    deck = Presentation(str(out / "lesson-1.pptx"))
    for slide in list(deck.slides)[1:]:
        dates = [s.text_frame.text for s in slide.shapes if s.name.startswith("Date")]
        assert dates == (["Schuljahr 2024/25"] if fixed else [])
    shown = "Schuljahr 2024/25" in " ".join(page_text(out / "lesson-1.pdf", 2).split())
    assert shown is fixed


PANEL = "0F3D4A"
"""A dark teal, the panel's fill: black text on it has a contrast of about 2:1."""


def panelled(folder: Path) -> Path:
    """Write the plain template whose Title and Content layout draws a dark panel behind its
    body on the white slide (rounded as a school's template draws it)."""
    kit = plain_kit()
    layout = next(
        part for part in kit.layouts() if layout_name(kit.xml(part)) == "Title and Content"
    )
    tree = kit.xml(layout)
    root = tree.find("p:cSld/p:spTree", NS)
    assert root is not None
    shape = etree.fromstring(band_xml(next_shape_id(tree), (0.3, 1.4, 12.7, 5.4)))
    fill = shape.find(".//a:solidFill", NS)
    assert fill is not None
    fill[0].tag, fill[0].attrib["val"] = f"{{{A}}}srgbClr", PANEL
    geometry = shape.find(".//a:prstGeom", NS)
    assert geometry is not None
    geometry.set("prst", "roundRect")
    root.insert(2, shape)
    if placeholder(tree, "1") is not None:
        place(tree, "1", (0.6, 1.6, 12.1, 5.0))
    return kit.save(folder / "panelled.pptx")


Decks = dict[str, dict[str, str]]
"""Each case of ``ON_TEMPLATES`` → its template's path (``template``) and each lesson's slide
PDF, or LibreOffice's print of the lesson's deck, by the lesson's name."""


def export_on_templates(folder: Path) -> Decks:
    """Make the templates of ``ON_TEMPLATES`` into ``folder`` and export each case's lessons
    into its template (deck and slide PDF, one build a case); return each case's template
    and slide PDFs."""
    found: Decks = {}
    for case, (make, lessons) in ON_TEMPLATES.items():
        template = make(folder / case)
        out = folder / case / "out"
        flags = ["--format", "pptx,pdf", "--template", str(template), "--offline", "-q"]
        assert (
            main(["build", *(str(LESSONS / lesson) for lesson in lessons), "-o", str(out), *flags])
            == 0
        )
        found[case] = {"template": str(template)}
        found[case] |= {
            Path(lesson).stem: str(out / f"{Path(lesson).stem}.pdf") for lesson in lessons
        }
    return found


@pytest.fixture(scope="session")
def on_templates(tmp_path_factory: pytest.TempPathFactory) -> Decks:
    """The lessons of ``ON_TEMPLATES`` exported into their templates, once for the run."""
    return built_once(tmp_path_factory, "on-templates", export_on_templates)[1]


def flat_copies(work: Path, on_templates: Decks) -> tuple[Decks, list[Path]]:
    """Copy ``on_templates``' decks into ``work/flat`` under names of their own; return where
    LibreOffice prints each into ``work/pdf`` (``Decks``), and the copies."""
    decks: list[Path] = []
    found: Decks = {}
    for case, made in on_templates.items():
        found[case] = {}
        for name, slides in made.items():
            if name == "template":
                continue
            deck = work / "flat" / f"{case}-{name}.pptx"
            deck.parent.mkdir(exist_ok=True)
            deck.write_bytes(Path(slides).with_suffix(".pptx").read_bytes())
            decks.append(deck)
            found[case][name] = str(work / "pdf" / f"{case}-{name}.pdf")
    return found, decks


@pytest.fixture(scope="session")
def template_prints(templates_printed: TemplatesPrinted) -> Decks:
    """LibreOffice's prints of ``on_templates``' decks: printed with the templates' decks in
    one soffice, once for the run, where each test printed its own."""
    return templates_printed[1]


def test_the_body_on_a_dark_panel_of_the_template_is_drawn_to_read_on_it(
    on_templates: Decks, request: pytest.FixtureRequest
) -> None:
    """A template whose content layout draws a dark panel behind the body on a white slide:
    the body's text, bullets and links are drawn to read on the panel, in the deck as
    LibreOffice prints it and in the slide PDF (they were black and blue on it, unreadable,
    with no warning), and no warning calls the white text faint on the white slide."""
    need_tool("soffice")
    template = Path(on_templates["panel"]["template"])
    theme = load_theme("default", template)
    colors = theme.template.colors(Role.CONTENT) if theme.template else theme.colors
    for ink in (colors.text, colors.accent, colors.muted):
        assert contrast(ink, PANEL) >= MIN_CONTRAST, ink
    assert contrast(colors.footer_ink, "FFFFFF") >= MIN_CONTRAST  # the footer is on the slide
    assert not [w.message for w in theme.warnings if "contrast" in w.message], theme.warnings
    prints: Decks = request.getfixturevalue("template_prints")
    for pdf in (Path(on_templates["panel"]["lesson-1"]), Path(prints["panel"]["lesson-1"])):
        with pdfplumber.open(pdf) as opened:  # "What Is Amazon VPC?": a link, then words
            chars = opened.pages[1].chars
        body = [c for c in chars if 1.7 * 72 < c["top"] < 6 * 72 and c["text"].strip()]
        assert body, pdf
        for char in body:
            color = tuple(char["non_stroking_color"] or (0,))
            rgb = color * 3 if len(color) == 1 else color
            drawn = "".join(f"{round(v * 255):02X}" for v in rgb[:3])
            assert contrast(drawn, PANEL) >= MIN_CONTRAST, (pdf.name, char["text"], drawn)


BAR = "1F3A5F"
"""The navy the title placeholder of ``title_bar_template`` is filled with."""


def title_bar_template(folder: Path) -> Path:
    """Write the plain template whose master's title placeholder is itself a bar: filled
    navy, its text white, as corporate templates draw their titles."""
    kit = plain_kit()
    tree = kit.xml(MASTER)
    title = placeholder(tree, "title")
    assert title is not None
    properties = title.find("p:spPr", NS)
    assert properties is not None
    properties.append(
        etree.fromstring(f'<a:solidFill xmlns:a="{A}"><a:srgbClr val="{BAR}"/></a:solidFill>')
    )
    level = tree.find("p:txStyles/p:titleStyle/a:lvl1pPr/a:defRPr", NS)
    assert level is not None
    for fill in level.findall("a:solidFill", NS):
        level.remove(fill)
    level.insert(
        0, etree.fromstring(f'<a:solidFill xmlns:a="{A}"><a:schemeClr val="bg1"/></a:solidFill>')
    )
    return kit.save(folder / "title-bar.pptx")


ON_TEMPLATES: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "panel": (panelled, ("section-15/lesson-1.md",)),
    "panels": (panelled, ("section-15/lesson-2.md", "section-14/lesson-1.md")),
    "bar": (title_bar_template, ("section-15/lesson-1.md",)),
}
"""The lessons the tests here export into a template and compare with LibreOffice's print:
the dark panel's (one build of a hands-on lesson, one of a table's and the seed's, as the
tests built them) and the title bar's."""


def test_a_title_placeholder_filled_as_a_bar_keeps_its_fill_everywhere(
    on_templates: Decks, request: pytest.FixtureRequest
) -> None:
    """A template whose title placeholder is a filled bar: each slide's title wrote 'no
    fill' over it, so the bar vanished and its white title went dark on the white slide
    (template review). The slide's title now takes the placeholder's fill and shape, the
    slide PDF draws the bar, and the title is coloured to read on it."""
    template = Path(on_templates["bar"]["template"])
    theme = load_theme("default", template)
    colors = theme.template.colors(Role.CONTENT) if theme.template else theme.colors
    assert contrast(colors.title, BAR) >= 3.0, colors.title
    slides = Path(on_templates["bar"]["lesson-1"])
    deck = Presentation(str(slides.with_suffix(".pptx")))
    for slide in list(deck.slides)[1:]:
        title = slide.shapes.title
        assert title is not None
        assert title._element.find("p:spPr/a:noFill", NS) is None  # the bar's fill is kept
    need_tool("soffice")
    prints: Decks = request.getfixturevalue("template_prints")
    for pdf in (slides, Path(prints["bar"]["lesson-1"])):
        with pdfplumber.open(pdf) as opened:
            page = opened.pages[1]
            bars = [
                shape
                for shape in (*page.rects, *page.curves)  # LibreOffice draws it as a path
                if shape["width"] > 300
                and shape["top"] < 100
                and shape["non_stroking_color"] is not None
                and hexed(shape["non_stroking_color"]) == BAR
            ]
            assert bars, pdf.name  # the bar is drawn
            words = [c for c in page.chars if c["top"] < bars[0]["bottom"]]
            assert words, pdf.name
            for char in words:
                assert contrast(hexed(char["non_stroking_color"]), BAR) >= 3.0, pdf.name


def hexed(color: tuple[float, ...]) -> str:
    """Return a PDF's colour (grey, or red, green and blue from 0 to 1) as ``RRGGBB``."""
    rgb = color * 3 if len(color) == 1 else color
    return "".join(f"{round(v * 255):02X}" for v in rgb[:3])


def test_a_title_keeps_clear_of_a_slide_number_placed_at_its_end(tmp_path: Path) -> None:
    """A template that puts the slide number at the top right, inside the title's band: the
    title ran up to the number in the slide PDF and over it in LibreOffice (template review).
    The title's box now ends before it, as before a logo there."""
    from exporter.geometry import title_box

    kit = plain_kit()
    tree = kit.xml(MASTER)
    place(tree, "title", (0.5, 0.3, 12.3, 1.2))
    place(tree, "sldNum", (11.2, 0.4, 1.2, 0.5))
    for layout in kit.layouts():
        shape = kit.xml(layout)
        if placeholder(shape, "sldNum") is not None:
            place(shape, "sldNum", (11.2, 0.4, 1.2, 0.5))
        if placeholder(shape, "title") is not None and layout_name(shape) != "Title Slide":
            place(shape, "title", (0.5, 0.3, 12.3, 1.2))
    theme = load_theme("default", kit.save(tmp_path / "number-top-right.pptx"))
    box = title_box(theme.slide)
    assert box.x + box.w <= 11.2, box
    assert box.w > 8.0, box  # narrowed at its end only


def test_on_a_panelled_template_tables_keep_their_rows_and_other_layouts_their_marks(
    on_templates: Decks, template_prints: Decks
) -> None:
    """The body's colours read on a panel must not reach what draws its own ground: a table's
    rows kept their light fills but took the panel's white text, and the slide PDF drew the
    bullets of slides on layouts without the panel (the comparison's) in it, white on white
    (review of the panel change)."""
    ours, theirs = on_templates["panels"], template_prints["panels"]
    for pdf in (Path(ours["lesson-2"]), Path(theirs["lesson-2"])):
        with pdfplumber.open(pdf) as opened:
            page = next(p for p in opened.pages if "Typical Use" in (p.extract_text() or ""))
            words = page.extract_words()
            row = next(w for w in words if w["text"] == "PrivateLink")  # a row of the table
            line = [c for c in page.chars if c["text"].strip() and abs(c["top"] - row["top"]) < 2]
            assert all(contrast(hexed(c["non_stroking_color"]), "FFFFFF") >= 4.5 for c in line)
    for pdf in (Path(ours["lesson-1"]), Path(theirs["lesson-1"])):
        with pdfplumber.open(pdf) as opened:
            page = next(
                p
                for p in opened.pages
                if "Customer Responsibilities" in (p.extract_text() or "")
                and "For RDS" in (p.extract_text() or "")
            )
            marks = [c for c in page.chars if c["text"] == "•"]
            assert marks, pdf.name
            for mark in marks:
                assert contrast(hexed(mark["non_stroking_color"]), "FFFFFF") >= 3.0, pdf.name


def last_words_bound_text(title: str) -> str:
    """Return a title of two lines as the deck writes it: its last two words bound."""
    before, _, last = title.rpartition(" ")
    return f"{before}\u00a0{last}"


@pytest.mark.parametrize(
    "colours",
    [
        {"dk1": "000000", "dk2": "1F497D", "lt1": "FFFFFF"},  # Office 2007: a dark blue
        {"dk1": "000000", "dk2": "44546A", "lt1": "FFFFFF"},  # Office 2013 and later
        {"dk1": "262626", "dk2": "C00000", "lt1": "FFFFFF"},  # a school's red
    ],
)
def test_a_templates_muted_text_is_the_text_set_apart_not_its_text_2_colour(
    tmp_path: Path, colours: dict[str, str]
) -> None:
    """Reviewed: on a school template's reveal slides the wrong options were drawn in its
    Text 2 colour, a dark blue beside the right one in a lighter accent blue: the wrong
    answers looked stressed. Muted text is the template's text moved toward its background,
    as far as it still reads there."""
    kit = plain_kit()
    set_colours(kit, colours)
    theme = load_theme("default", kit.save(tmp_path / "school.pptx"))
    colors = theme.template.colors(Role.CONTENT) if theme.template else theme.colors
    ground = colors.background
    assert MIN_CONTRAST <= contrast(colors.muted, ground) < contrast(colors.text, ground) * 0.6
    assert colors.muted != colours["dk2"]
    red, green, blue = (int(colors.muted[i : i + 2], 16) for i in (0, 2, 4))
    assert max(red, green, blue) - min(red, green, blue) < 64  # a grey of the text, not a hue


@pytest.mark.parametrize("missing", [("sldNum",), ("ftr",), ("ftr", "sldNum")])
def test_a_template_without_a_footer_or_slide_number_exports_without_them(
    tmp_path: Path, missing: tuple[str, ...]
) -> None:
    """Reviewed: a template with no slide number placeholder (many schools' have none), or no
    footer, failed every deck with an internal error ("our own grid has both"), though the
    template check passed it. The deck is written without what the template lacks."""
    kit = plain_kit()
    for part in (MASTER, *kit.layouts()):
        tree = kit.xml(part).find("p:cSld/p:spTree", NS)
        assert tree is not None
        for shape in tree.findall("p:sp", NS):
            holder = shape.find("p:nvSpPr/p:nvPr/p:ph", NS)
            if holder is not None and holder.get("type") in missing:
                tree.remove(shape)
    template = kit.save(tmp_path / "footless.pptx")
    out = tmp_path / "out"
    argv = ["build", str(EXPORTED[0]), "-o", str(out), "-q", "--offline", "--format", "pptx,pdf"]
    assert main([*argv, "--template", str(template)]) == 0
    deck = Presentation(str(out / "lesson-1.pptx"))
    kinds = {shape.placeholder_format.type for slide in deck.slides for shape in slide.placeholders}
    named = {"sldNum": PP_PLACEHOLDER.SLIDE_NUMBER, "ftr": PP_PLACEHOLDER.FOOTER}
    assert not kinds & {named[kind] for kind in missing}
    assert len(deck.slides) == page_count(out / "lesson-1.pdf") > 3


def test_a_template_naming_its_core_properties_as_libreoffice_does_gives_a_whole_deck(
    tmp_path: Path,
) -> None:
    """Reviewed: a .potx LibreOffice saved names its ``docProps/core.xml`` by another
    relationship type than python-pptx looks for; every deck made from it held that part twice
    (Python's "Duplicate name" warning on the terminal, a zip PowerPoint offers to repair)."""
    kit = plain_kit()
    for relationship in kit.xml("_rels/.rels"):
        if relationship.get("Type", "").endswith("/metadata/core-properties"):
            relationship.set(
                "Type",
                "http://schemas.openxmlformats.org/officedocument/2006/relationships/"
                "metadata/core-properties",
            )
    template = kit.save(tmp_path / "resaved.pptx")
    out = tmp_path / "out"
    argv = ["build", str(EXPORTED[0]), "-o", str(out), "-q", "--offline", "--format", "pptx"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Duplicate name" is a UserWarning of zipfile's
        assert main([*argv, "--template", str(template)]) == 0
    assert package_problems((out / "lesson-1.pptx").read_bytes()) == []


def test_a_two_column_layout_titled_elsewhere_gives_way_to_the_content_layout(
    tmp_path: Path,
) -> None:
    """Reviewed: a school's Two Content layout holds its title in a navy sidebar (white
    text), its columns to the right. Every slide's title is drawn where Title and Content
    has it, so the two-column slides' title came out white on white, their left column over
    the navy panel. Such a layout is not used for them (a warning says why): they go on
    Title and Content, in its colours, their columns side by side in its body."""
    from exporter.model import Layout
    from exporter.template.layouts import USED

    kit = plain_kit()
    for part in kit.layouts():
        tree = kit.xml(part)
        if layout_name(tree) == "Two Content":
            place(tree, "title", (0.2, 1.0, 2.4, 5.0))
            place(tree, "1", (3.0, 1.0, 4.6, 5.5))
            place(tree, "2", (8.0, 1.0, 4.6, 5.5))
    theme = load_theme("default", kit.save(tmp_path / "sidebar.pptx"))
    assert theme.template is not None
    content, paired = (theme.template.choice(role) for role in (Role.CONTENT, Role.TWO_CONTENT))
    assert paired.part == content.part and Role.TWO_CONTENT in USED
    [said] = [w.message for w in theme.warnings if "puts its title elsewhere" in w.message]
    assert "'Two Content' layout" in said and "use 'Title and Content'" in said
    source = LESSONS / "section-14" / "lesson-1.md"
    laid, _ = lay_out(Job(source, source.name, Path("out"), source.parent), theme)
    two = [p for p in laid.slides if p.slide.layout is Layout.TWO_COLUMN]
    assert two and all(p.title == laid.slides[2].title for p in two)
    colors = {theme.template.colors(Role.TWO_CONTENT), theme.template.colors(Role.CONTENT)}
    assert len(colors) == 1  # the title drawn in the colours of the layout it is on


def test_an_accent_unreadable_on_the_slide_gives_way_to_one_that_reads(tmp_path: Path) -> None:
    """Reviewed: on a template whose background picture is of its Accent 1's own hue (a
    contrast of 1.07:1), subheadings and bullets, drawn in the accent, could not be seen; the
    check warned and used it all the same. An accent that does not read even large gives way
    to the template's first that does (else the text's colour); a faint one that reads large
    (Office's blue on white, 4:1) stays the template's look, and is warned of."""
    kit = plain_kit()
    fill_background(kit.xml(MASTER), f'<a:srgbClr xmlns:a="{A}" val="4A7DB8"/>')
    theme = load_theme("default", kit.save(tmp_path / "blue.pptx"))
    assert contrast(theme.colors.accent, theme.colors.background) >= 4.5
    assert theme.colors.accent != "4F81BD"
    plain = load_theme("default", plain_kit().save(tmp_path / "plain.pptx"))
    assert plain.colors.accent == "4F81BD"


def test_the_fonts_the_masters_text_styles_name_are_the_decks(tmp_path: Path) -> None:
    """Reviewed: a designer who set the titles in Georgia and the text in Verdana in Slide
    Master view (the master's text styles) got every run written in the theme's Calibri, and
    the fit measured Calibri. The fonts the master's styles name are the deck's, measured as
    such."""
    kit = plain_kit()
    styles = kit.xml(MASTER).find("p:txStyles", NS)
    assert styles is not None
    for style, face in (("titleStyle", "Georgia"), ("bodyStyle", "Verdana")):
        properties = styles.find(f"p:{style}/a:lvl1pPr/a:defRPr", NS)
        assert properties is not None
        latin = properties.find("a:latin", NS)
        if latin is None:
            latin = etree.SubElement(properties, f"{{{A}}}latin")
        latin.set("typeface", face)
    template = kit.save(tmp_path / "styled.pptx")
    theme = load_theme("default", template)
    assert (theme.fonts.heading.name, theme.fonts.body.name) == ("Georgia", "Verdana")
    out = tmp_path / "out"
    argv = ["build", str(EXPORTED[0]), "-o", str(out), "-q", "--offline", "--format", "pptx"]
    assert main([*argv, "--template", str(template)]) == 0
    faces = {
        run.font.name
        for slide in Presentation(str(out / "lesson-1.pptx")).slides
        for shape in slide.shapes
        if shape.has_text_frame and shape.is_placeholder
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
    }
    assert {"Georgia", "Verdana"} <= faces and "Calibri" not in faces


def marked(kit: Kit, depth: int, mark: str, font: str | None = None, kind: str = "buChar") -> None:
    """Mark the master's text style's list level ``depth`` with ``mark`` in ``font`` (a
    ``buChar``), or number it or take its marks away (``kind``: ``buAutoNum``, ``buNone``), as
    a designer does in Slide Master view."""
    level = kit.xml(MASTER).find(f"p:txStyles/p:bodyStyle/a:lvl{depth}pPr", NS)
    assert level is not None
    for child in list(level):
        if etree.QName(child).localname in ("buFont", "buChar", "buAutoNum", "buNone"):
            level.remove(child)
    at = 1 if level.find("a:spcBef", NS) is not None else 0
    made = [etree.Element(f"{{{A}}}buFont", typeface=font)] if font else []
    if kind == "buChar":
        made.append(etree.Element(f"{{{A}}}buChar", char=mark))
    elif kind == "buAutoNum":
        made.append(etree.Element(f"{{{A}}}buAutoNum", type="arabicPeriod"))
    else:
        made.append(etree.Element(f"{{{A}}}buNone"))
    for offset, element in enumerate(made):
        level.insert(at + offset, element)


@pytest.mark.parametrize(
    ("mark", "font", "kind", "drawn"),
    [
        ("\u00a7", "Wingdings", "buChar", "\u25aa"),  # Office's square bullet
        ("\uf0a7", "Wingdings", "buChar", "\u25aa"),  # as PowerPoint writes it, in private use
        ("\u00d8", "Wingdings", "buChar", "\u27a2"),  # Office's arrow bullet
        ("\uf0b7", "Symbol", "buChar", "\u2022"),
        ("\u25ba", "Arial", "buChar", "\u25ba"),
        ("-", None, "buChar", "-"),
        ("\u0021", "Wingdings", "buChar", None),  # a symbol not known here: the theme's
        ("", None, "buAutoNum", None),
        ("", None, "buNone", None),
    ],
    ids=[
        "square",
        "square-private",
        "arrow",
        "symbol",
        "triangle",
        "hyphen",
        "unknown",
        "num",
        "none",
    ],
)
def test_the_templates_bullet_characters_are_the_decks(
    tmp_path: Path, mark: str, font: str | None, kind: str, drawn: str | None
) -> None:
    """Reviewed: a school template whose text is marked with Office's small squares (``§`` in
    Wingdings, Slide Master view) gave every list the theme's round bullets. The template's
    bullet characters are the deck's, level by level, as the characters they draw; a level
    numbered, without marks or marked with a symbol not known here keeps the theme's."""
    kit = plain_kit()
    marked(kit, 1, mark, font, kind)
    marked(kit, 2, "\u00d8", "Wingdings")
    theme = load_theme("default", kit.save(tmp_path / "bullets.pptx"))
    ours = load_theme("default").bullets.chars
    assert theme.bullets.chars[0] == (drawn or ours[0])
    assert theme.bullets.chars[1] == "\u27a2"


def test_a_templates_bullet_no_font_here_has_gives_way_to_the_themes(tmp_path: Path) -> None:
    """A template's bullet character no font on this machine has would be an empty box in
    every PDF: the theme's marks that level instead, and the template's warning says so."""
    [(_, word)] = undrawn(1)
    mark = next(char for char in word if not invisible(char))
    kit = plain_kit()
    marked(kit, 1, mark, "Arial")
    marked(kit, 2, "\u00a7", "Wingdings")
    theme = load_theme("default", kit.save(tmp_path / "unknown-bullet.pptx"))
    assert theme.bullets.chars[:2] == (load_theme("default").bullets.chars[0], "\u25aa")
    [said] = [w.message for w in theme.warnings if "bullet" in w.message]
    assert repr(mark) in said and "level 1" in said


def test_a_deck_and_its_pdf_draw_the_templates_bullets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The template's square bullets are the deck's ``buChar`` and the slide PDF's marks, and
    ``template check`` says them."""
    kit = plain_kit()
    marked(kit, 1, "\u00a7", "Wingdings")
    template = kit.save(tmp_path / "squares.pptx")
    assert main(["template", "check", str(template)]) == 0
    assert "bullets, level by level: \u25aa \u2013 " in capsys.readouterr().out
    out = tmp_path / "out"
    argv = ["build", str(EXPORTED[0]), "-o", str(out), "-q", "--offline", "--format", "pptx,pdf"]
    assert main([*argv, "--template", str(template)]) == 0
    deck = Presentation(str(out / "lesson-1.pptx"))
    marks = {
        char.get("char")
        for slide in deck.slides
        for char in slide.element.iterfind(".//a:p/a:pPr[@lvl='0']/a:buChar", NS)
    }
    assert "\u25aa" in marks and "\u2022" not in marks
    with pdfplumber.open(out / "lesson-1.pdf") as pdf:
        text = "".join(char["text"] for page in pdf.pages for char in page.chars)
    assert "\u25aa" in text and "\u2022" not in text


def style_own_placeholder(shape: etree._Element, face: str, colour: str) -> None:
    """Give a layout's placeholder ``shape`` a list style of its own: its first level's
    typeface and colour, as a designer sets them on a layout in Slide Master view."""
    styles = shape.find("p:txBody/a:lstStyle", NS)
    assert styles is not None
    styles[:] = []
    level = etree.SubElement(styles, f"{{{A}}}lvl1pPr")
    properties = etree.SubElement(level, f"{{{A}}}defRPr")
    fill = etree.SubElement(properties, f"{{{A}}}solidFill")
    etree.SubElement(fill, f"{{{A}}}srgbClr", val=colour)
    etree.SubElement(properties, f"{{{A}}}latin", typeface=face)


def test_a_layouts_own_title_and_body_styles_are_its_slides(tmp_path: Path) -> None:
    """Reviewed: a school's template that sets its titles in Courier New, dark red, and its
    text in Cambria, navy, on its Title and Content layout's own placeholders (Slide Master
    view, the layout selected) got every run written in the master's Calibri and colours, and
    measured so: PowerPoint shows a slide the layout's style, as the slide's placeholder
    inherits it from the layout before the master. The layout's own style comes first; a
    layout that sets none keeps its master's colours."""
    kit = plain_kit()
    [content] = [p for p in kit.layouts() if layout_name(kit.xml(p)) == "Title and Content"]
    for key, face, colour in (("title", "Courier New", "8B1E1E"), ("1", "Cambria", "1F3A68")):
        holder = placeholder(kit.xml(content), key)
        assert holder is not None, key
        style_own_placeholder(holder, face, colour)
    template = kit.save(tmp_path / "layout-styled.pptx")
    theme = load_theme("default", template)
    plain = load_theme("default", plain_kit().save(tmp_path / "plain.pptx"))
    assert theme.template is not None and plain.template is not None
    assert (theme.fonts.heading.name, theme.fonts.body.name) == ("Courier New", "Cambria")
    assert theme.template.colors(Role.CONTENT).title == "8B1E1E"
    assert theme.template.colors(Role.CONTENT).text == "1F3A68"
    section = theme.template.colors(Role.SECTION).title
    assert section == plain.template.colors(Role.SECTION).title != "8B1E1E"
    out = tmp_path / "out"
    argv = ["build", str(EXPORTED[0]), "-o", str(out), "-q", "--offline", "--format", "pptx,pdf"]
    assert main([*argv, "--template", str(template)]) == 0
    deck = Presentation(str(out / "lesson-1.pptx"))
    titles = [
        run.font
        for slide in deck.slides
        if slide.slide_layout.name == "Title and Content" and slide.shapes.title is not None
        for paragraph in slide.shapes.title.text_frame.paragraphs
        for run in paragraph.runs
    ]
    assert titles and {font.name for font in titles} == {"Courier New"}
    assert {str(font.color.rgb) for font in titles} == {"8B1E1E"}
    with pdfplumber.open(out / "lesson-1.pdf") as pdf:
        drawn = {char["fontname"].split("+")[-1] for char in pdf.pages[1].chars}
    assert any("Liberation-Mono" in name for name in drawn), drawn  # Courier New's twin
    assert any("Caladea" in name for name in drawn), drawn  # Cambria's


def test_a_master_styled_on_its_placeholders_as_libreoffice_saves_it_gives_its_styles(
    tmp_path: Path,
) -> None:
    """Reviewed: LibreOffice saves a template with no text styles in its master: the master's
    fonts, colours and alignment are on its placeholders' sample text, and its theme part
    names Arial whatever the template had. Titles set in Georgia, dark red and centred, and
    text in Verdana, came out in Arial, left-aligned, in the theme's colours. They are read
    from the placeholders where the master has no text styles, as LibreOffice reads them."""
    kit = plain_kit()
    set_fonts(kit, "Arial", "Arial")
    master = kit.xml(MASTER)
    styles = master.find("p:txStyles", NS)
    assert styles is not None
    master.remove(styles)
    for kind, face, colour, align in (
        ("title", "Georgia", "8B1E1E", "ctr"),
        ("body", "Verdana", None, None),
    ):
        holder = placeholder(master, kind)
        assert holder is not None
        paragraph = holder.find("p:txBody/a:p", NS)
        properties = paragraph.find("a:r/a:rPr", NS) if paragraph is not None else None
        assert paragraph is not None and properties is not None
        if colour is not None:
            fill = etree.SubElement(properties, f"{{{A}}}solidFill")
            etree.SubElement(fill, f"{{{A}}}srgbClr", val=colour)
        etree.SubElement(properties, f"{{{A}}}latin", typeface=face)
        if align is not None:
            paragraph.insert(0, etree.Element(f"{{{A}}}pPr", algn=align))
    theme = load_theme("default", kit.save(tmp_path / "libreoffice-styled.pptx"))
    assert (theme.fonts.heading.name, theme.fonts.body.name) == ("Georgia", "Verdana")
    assert theme.colors.title == "8B1E1E"
    assert theme.align.title == "center"
    # Where the master has text styles (PowerPoint's), its sample text's run is no style.
    plain = plain_kit()
    holder = placeholder(plain.xml(MASTER), "title")
    run = holder.find("p:txBody/a:p/a:r/a:rPr", NS) if holder is not None else None
    assert run is not None
    etree.SubElement(run, f"{{{A}}}latin", typeface="Georgia")
    kept = load_theme("default", plain.save(tmp_path / "powerpoint.pptx"))
    assert kept.fonts.heading.name == "Calibri"
