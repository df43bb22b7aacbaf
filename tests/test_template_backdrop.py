"""template: what a template draws behind the content (background, logo, band, line, text
boxes, groups) is read from its master and layouts and drawn in the slide PDF."""

from __future__ import annotations

import io
import pickle
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image, ImageDraw
from pptx import Presentation

from exporter.cli import main
from exporter.errors import ExporterError
from exporter.geometry import Box
from exporter.jobs import Job
from exporter.pipeline import lay_out
from exporter.template.art import Art, ArtKind, Backdrop
from exporter.template.backdrop import art_html, backdrop, backdrop_html
from exporter.template.colors import Palette, gradient_of, resolve
from exporter.template.derive import under_body
from exporter.template.load import load_template
from exporter.template.opc import Package
from exporter.template.package import package_bytes
from exporter.theme import load_theme
from exporter.theme_checks import contrast
from exporter.writers.html import HtmlWriter
from exporter.writers.pdf import write_pdf
from tests.conftest import SEED, need_tool

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = f'xmlns:a="{A}" xmlns:p="{P}" xmlns:r="{R}"'
MASTER = "ppt/slideMasters/slideMaster1.xml"
THEME_PART = "ppt/theme/theme1.xml"
TITLE_SLIDE = "ppt/slideLayouts/slideLayout1.xml"
CONTENT = "ppt/slideLayouts/slideLayout2.xml"
BLANK = "ppt/slideLayouts/slideLayout7.xml"
EMU = 914_400
LOGO_RED = (225, 29, 72)
DARK = "1F2937"


def at(box: Box) -> tuple[float, float, float, float]:
    return (box.x, box.y, box.w, box.h)


def approx(*values: float) -> object:
    return pytest.approx(values)


def emu(inches: float) -> int:
    return round(inches * EMU)


def logo_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 40), LOGO_RED).save(out, "PNG")
    return out.getvalue()


def xfrm(x: float, y: float, w: float, h: float, extra: str = "") -> str:
    return (
        f'<a:xfrm{extra}><a:off x="{emu(x)}" y="{emu(y)}"/>'
        f'<a:ext cx="{emu(w)}" cy="{emu(h)}"/></a:xfrm>'
    )


def picture(rid: str, box: tuple[float, float, float, float], ident: int = 20) -> str:
    return (
        f'<p:pic {NS}><p:nvPicPr><p:cNvPr id="{ident}" name="Logo"/><p:cNvPicPr/><p:nvPr/>'
        f'</p:nvPicPr><p:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
        f'</p:blipFill><p:spPr>{xfrm(*box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        "</p:spPr></p:pic>"
    )


def rect(
    box: tuple[float, float, float, float], fill: str, ident: int = 30, extra: str = ""
) -> str:
    return (
        f'<p:sp {NS}><p:nvSpPr><p:cNvPr id="{ident}" name="Band"/><p:cNvSpPr/><p:nvPr/>'
        f'</p:nvSpPr><p:spPr>{xfrm(*box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f"{fill}<a:ln><a:noFill/></a:ln>{extra}</p:spPr></p:sp>"
    )


def line(box: tuple[float, float, float, float], color: str, width: float = 3.0) -> str:
    return (
        f'<p:cxnSp {NS}><p:nvCxnSpPr><p:cNvPr id="40" name="Rule"/><p:cNvCxnSpPr/><p:nvPr/>'
        f'</p:nvCxnSpPr><p:spPr>{xfrm(*box)}<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
        f'<a:ln w="{round(width * 12700)}"><a:solidFill><a:srgbClr val="{color}"/></a:solidFill>'
        "</a:ln></p:spPr></p:cxnSp>"
    )


def text_box(text: str) -> str:
    return (
        f'<p:sp {NS}><p:nvSpPr><p:cNvPr id="50" name="Course"/><p:cNvSpPr txBox="1"/><p:nvPr/>'
        f"</p:nvSpPr><p:spPr>{xfrm(6, 0.2, 3.8, 0.5)}"
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
        '<p:txBody><a:bodyPr wrap="none" anchor="ctr"/><a:lstStyle/>'
        '<a:p><a:pPr algn="r"/><a:r><a:rPr lang="en-US" sz="1200" b="1">'
        '<a:solidFill><a:schemeClr val="accent2"/></a:solidFill></a:rPr>'
        f"<a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>"
    )


def solid(color: str, transforms: str = "") -> str:
    kind = "srgbClr" if len(color) == 6 and color.isupper() else "schemeClr"
    return f'<a:solidFill><a:{kind} val="{color}">{transforms}</a:{kind}></a:solidFill>'


def fragment(xml: str) -> etree._Element:
    return etree.fromstring(xml)


Edit = Callable[[dict[str, etree._Element]], None]


def template(edit: Edit, logo: bytes | None = None) -> Package:
    """Return python-pptx's default template edited by ``edit`` (its XML parts by name); with
    ``logo``, the master shows that picture at (0.2, 0.2), 1 inch square."""
    prs = Presentation()
    rid = ""
    if logo is not None:
        _, rid = prs.slide_master.part.get_or_add_image_part(io.BytesIO(logo))
    out = io.BytesIO()
    prs.save(out)
    with zipfile.ZipFile(out) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    trees = {name: etree.fromstring(data) for name, data in parts.items() if name.endswith(".xml")}
    if rid:
        tree = trees[MASTER].find(f"{{{P}}}cSld/{{{P}}}spTree")
        assert tree is not None
        tree.append(fragment(picture(rid, (0.2, 0.2, 1.0, 1.0))))
    edit(trees)
    parts.update({name: etree.tostring(tree) for name, tree in trees.items()})
    return Package(parts)


def spTree(trees: dict[str, etree._Element], part: str) -> etree._Element:
    found = trees[part].find(f"{{{P}}}cSld/{{{P}}}spTree")
    assert found is not None
    return found


def set_background(trees: dict[str, etree._Element], part: str, fill: str) -> None:
    csld = trees[part].find(f"{{{P}}}cSld")
    assert csld is not None
    old = csld.find(f"{{{P}}}bg")
    if old is not None:
        csld.remove(old)
    csld.insert(0, fragment(f"<p:bg {NS}><p:bgPr>{fill}<a:effectLst/></p:bgPr></p:bg>"))


def branded(trees: dict[str, etree._Element]) -> None:
    """A dark master with a logo; 'Title and Content' with a band (accent1 darker 25%), a rule
    and a course name; 'Blank' hides the master's shapes."""
    set_background(trees, MASTER, solid(DARK))
    layout = spTree(trees, CONTENT)
    layout.append(fragment(rect((0, 6.9, 10, 0.6), solid("accent1", '<a:lumMod val="75000"/>'))))
    layout.append(fragment(line((0.5, 1.5, 9, 0), "F59E0B")))
    layout.append(fragment(text_box("Cloud Course")))
    trees[BLANK].set("showMasterSp", "0")


def office_2013_accents(trees: dict[str, etree._Element]) -> None:
    accent = trees[THEME_PART].find(f".//{{{A}}}clrScheme/{{{A}}}accent1/{{{A}}}srgbClr")
    assert accent is not None
    accent.set("val", "4472C4")


def branded_2013(trees: dict[str, etree._Element]) -> None:
    """``branded`` on the Office 2013 theme's accent 1, whose shades PowerPoint shows."""
    office_2013_accents(trees)
    branded(trees)


# Reading ----------------------------------------------------------------------------------


def test_a_dark_master_with_a_logo_and_a_layout_with_a_band_a_rule_and_a_course_name() -> None:
    package = template(branded_2013, logo=logo_png())
    found = backdrop(package, CONTENT)
    assert found.color == DARK and found.picture is None and found.unsupported == ()
    kinds = [art.kind for art in found.shapes]
    # The master's logo first; the layout's band, rule and text; no placeholder.
    assert kinds == [ArtKind.PICTURE, ArtKind.SHAPE, ArtKind.LINE, ArtKind.TEXT]
    logo, band, rule, course = found.shapes
    assert at(logo.box) == approx(0.2, 0.2, 1.0, 1.0)
    assert logo.media_type == "image/png" and logo.data == logo_png()
    # PowerPoint's "Accent 1, Darker 25%" of 4472C4.
    assert band.fill == "2F5597" and band.line is None
    assert at(band.box) == approx(0, 6.9, 10, 0.6)
    assert rule.line == "F59E0B" and rule.line_width == pytest.approx(3.0)
    assert course.text is not None and course.fill is None
    assert course.text.anchor == "middle" and not course.text.wrap
    (paragraph,) = course.text.paragraphs
    assert paragraph.align == "right"
    (span,) = paragraph.spans
    assert (span.text, span.size, span.bold, span.color) == ("Cloud Course", 12, True, "C0504D")
    assert span.font == "Calibri"  # +mn-lt, the theme's minor font, from the master's style


def test_what_lies_under_the_body_is_warned_of_and_a_panel_a_band_or_a_rule_is_not() -> None:
    body = (0.5, 1.6, 9.0, 5.0)
    drawn = Backdrop(
        shapes=(
            Art(ArtKind.PICTURE, Box(8.0, 5.5, 1.2, 1.2)),  # a logo in the body's corner
            Art(ArtKind.PICTURE, Box(0.2, 0.2, 1.0, 1.0)),  # above the body
            Art(ArtKind.SHAPE, Box(0.0, 6.4, 10.0, 1.1)),  # a band reaching 0.2 in into it
            Art(ArtKind.SHAPE, Box(0.3, 1.4, 9.4, 5.4)),  # a panel the body lies on
            Art(ArtKind.SHAPE, Box(0.0, 0.0, 10.0, 7.5)),  # the whole slide
            Art(ArtKind.LINE, Box(0.5, 3.0, 9.0, 0.0)),  # a rule across it
            Art(ArtKind.TEXT, Box(3.0, 3.0, 4.0, 1.0)),  # a text box in its middle
            Art(ArtKind.SHAPE, Box(9.2, 1.0, 0.6, 6.0)),  # a sidebar over its right edge
        )
    )
    problems = under_body(drawn, body, 10.0, 7.5)
    assert [problem.split(" lies")[0] for problem in problems] == [
        "the template's picture at 8.0, 5.5 in (1.2 x 1.2 in)",
        "the template's text box at 3.0, 3.0 in (4.0 x 1.0 in)",
        "the template's shape at 9.2, 1.0 in (0.6 x 6.0 in)",
    ]
    assert all("(0.5, 1.6 in, 9.0 x 5.0 in)" in problem for problem in problems)


def logo_under_body(trees: dict[str, etree._Element]) -> None:
    """The master's logo moved from the corner into the body of 'Title and Content'."""
    for frame in trees[MASTER].iter(f"{{{A}}}off"):
        if frame.get("x") == str(emu(0.2)) and frame.get("y") == str(emu(0.2)):
            frame.set("x", str(emu(8.0)))
            frame.set("y", str(emu(5.0)))


@pytest.mark.parametrize("edit, warned", [(branded, False), (logo_under_body, True)])
def test_a_template_whose_logo_lies_under_the_body_is_warned_of(
    edit: Edit, warned: bool, tmp_path: Path
) -> None:
    path = tmp_path / "school.pptx"
    path.write_bytes(package_bytes(template(edit, logo=logo_png())))
    found = [d.message for d in load_theme("default", path).warnings if "under" in d.message]
    expected = "the template's picture at 8.0, 5.0 in (1.0 x 1.0 in) lies under the content"
    assert [message.startswith(expected) for message in found] == ([True] if warned else [])


def test_a_layout_that_hides_the_masters_shapes_keeps_its_background() -> None:
    package = template(branded, logo=logo_png())
    found = backdrop(package, BLANK)
    assert found == Backdrop(DARK, None, (), ())


def test_scheme_colours_go_through_the_masters_colour_map() -> None:
    def edit(trees: dict[str, etree._Element]) -> None:
        color_map = trees[MASTER].find(f"{{{P}}}clrMap")
        assert color_map is not None
        color_map.set("bg1", "dk1")
        color_map.set("tx1", "lt1")
        dk1 = trees[THEME_PART].find(f".//{{{A}}}clrScheme/{{{A}}}dk1")
        assert dk1 is not None
        dk1[0] = fragment(f'<a:srgbClr xmlns:a="{A}" val="12345A"/>')

    # python-pptx's master fills its background by reference: bgRef 1001 with bg1.
    assert backdrop(template(edit), TITLE_SLIDE).color == "12345A"


def test_a_layout_overrides_the_colour_map() -> None:
    def edit(trees: dict[str, etree._Element]) -> None:
        override = trees[TITLE_SLIDE].find(f"{{{P}}}clrMapOvr")
        assert override is not None
        override.clear()
        override.append(
            fragment(
                f'<a:overrideClrMapping xmlns:a="{A}" bg1="dk2" tx1="lt1" bg2="lt2" tx2="dk2" '
                'accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" '
                'accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>'
            )
        )
        set_background(trees, TITLE_SLIDE, solid("bg1"))

    package = template(edit)
    assert backdrop(package, TITLE_SLIDE).color == "1F497D"  # dk2
    assert backdrop(package, CONTENT).color == "FFFFFF"  # the master's map: lt1


@pytest.mark.parametrize(
    ("base", "transforms", "expected"),
    [
        ("4472C4", '<a:lumMod val="75000"/>', "2F5597"),  # PowerPoint: Darker 25%
        ("4472C4", '<a:lumMod val="60000"/><a:lumOff val="40000"/>', "8FAADC"),  # Lighter 40%
        ("4472C4", '<a:lumMod val="50000"/>', "203864"),  # Darker 50%
        ("FFFFFF", '<a:lumMod val="85000"/>', "D9D9D9"),  # Background 1, Darker 15%
        ("000000", '<a:lumMod val="65000"/><a:lumOff val="35000"/>', "595959"),  # Lighter 35%
        ("4472C4", '<a:tint val="0"/>', "FFFFFF"),
        ("4472C4", '<a:shade val="0"/>', "000000"),
        ("4472C4", '<a:tint val="100000"/><a:shade val="100000"/>', "4472C4"),
        # Half way to black in linear light (gamma 2.3): 255 * 0.5 ** (1 / 2.3) = 189.
        ("FFFFFF", '<a:shade val="50000"/>', "BDBDBD"),
        ("000000", '<a:tint val="50000"/>', "BDBDBD"),
    ],
)
def test_colour_transforms_as_powerpoint_applies_them(
    base: str, transforms: str, expected: str
) -> None:
    holder = fragment(
        f'<a:solidFill xmlns:a="{A}"><a:srgbClr val="{base}">{transforms}</a:srgbClr></a:solidFill>'
    )
    assert resolve(holder, Palette({}, {})) == (expected, ())


def test_other_colour_transforms_are_named() -> None:
    holder = fragment(
        f'<a:solidFill xmlns:a="{A}"><a:srgbClr val="4472C4"><a:alpha val="50000"/>'
        "</a:srgbClr></a:solidFill>"
    )
    assert resolve(holder, Palette({}, {})) == ("4472C4", ("alpha",))


def test_gradients_and_patterns_are_drawn_and_shapes_that_cannot_be_are_named() -> None:
    """A background's gradient is drawn (CSS's, over its average colour), and so is a
    shape's; a shape's pattern is drawn in its colours' mix (Vivid, one of LibreOffice's own
    templates, has a band of a large grid); a shadow and a triangle are named as what the PDF
    leaves out."""
    gradient = (
        '<a:gradFill><a:gsLst><a:gs pos="0"><a:srgbClr val="000000"/></a:gs>'
        '<a:gs pos="100000"><a:srgbClr val="FFFFFF"/></a:gs></a:gsLst></a:gradFill>'
    )
    grid = (
        '<a:pattFill prst="pct20"><a:fgClr><a:srgbClr val="0000FF"/></a:fgClr>'
        '<a:bgClr><a:srgbClr val="FFFFFF"/></a:bgClr></a:pattFill>'
    )

    def edit(trees: dict[str, etree._Element]) -> None:
        set_background(trees, TITLE_SLIDE, gradient)
        shadow = '<a:effectLst><a:outerShdw blurRad="40000"/></a:effectLst>'
        tree = spTree(trees, TITLE_SLIDE)
        tree.append(fragment(rect((1, 1, 1, 1), gradient)))
        tree.append(fragment(rect((2, 2, 1, 1), solid("FF0000"), 31, shadow)))
        triangle = rect((3, 3, 1, 1), solid("FF0000"), 32).replace('prst="rect"', 'prst="triangle"')
        tree.append(fragment(triangle))
        tree.append(fragment(rect((4, 4, 1, 1), grid, 33)))

    found = backdrop(template(edit), TITLE_SLIDE)
    assert found.color == "808080" and found.picture is None  # black to white: grey
    css = "linear-gradient(90deg, #000000 0.0%, #FFFFFF 100.0%)"
    assert found.gradient == css
    assert found.unsupported == (
        "an effect (outerShdw) on the layout 'Title Slide'",
        "a 'triangle' shape on the layout 'Title Slide'",
    )
    # The shadowed square is drawn all the same (without its shadow).
    assert [(art.fill, art.gradient) for art in found.shapes] == [
        ("808080", css),
        ("FF0000", None),
        ("CCCCFF", None),  # a fifth of blue over white
    ]
    drawn = art_html(found.shapes[0], lambda art: "", lambda face: "body")
    assert f"background-image:{css}" in drawn


def test_a_group_places_its_children_through_its_transform() -> None:
    def edit(trees: dict[str, etree._Element]) -> None:
        child = rect((2, 2, 2, 2), solid("00AA00"))
        group = (
            f'<p:grpSp {NS}><p:nvGrpSpPr><p:cNvPr id="60" name="Group"/><p:cNvGrpSpPr/>'
            "<p:nvPr/></p:nvGrpSpPr><p:grpSpPr>"
            f'<a:xfrm><a:off x="{emu(1)}" y="{emu(1)}"/><a:ext cx="{emu(2)}" cy="{emu(2)}"/>'
            f'<a:chOff x="0" y="0"/><a:chExt cx="{emu(4)}" cy="{emu(4)}"/></a:xfrm>'
            f"</p:grpSpPr>{child}</p:grpSp>"
        )
        spTree(trees, TITLE_SLIDE).append(fragment(group))

    (art,) = backdrop(template(edit), TITLE_SLIDE).shapes
    assert at(art.box) == approx(2.0, 2.0, 1.0, 1.0) and art.fill == "00AA00"


def test_a_background_picture_and_a_picture_pillow_cannot_read() -> None:
    # The master's background stretches the logo (the master also shows it as a picture).
    package = template(lambda t: None, logo=logo_png())
    rid = next(r.rid for r in package.relationships(MASTER) if r.kind == "image")
    trees = {MASTER: etree.fromstring(package.parts[MASTER])}
    set_background(
        trees,
        MASTER,
        f'<a:blipFill xmlns:r="{R}"><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/>'
        "</a:stretch></a:blipFill>",
    )
    parts = dict(package.parts)
    parts[MASTER] = etree.tostring(trees[MASTER])
    image = next(r.target for r in package.relationships(MASTER) if r.kind == "image")
    found = backdrop(Package(parts), CONTENT)
    assert found.picture is not None and at(found.picture.box) == approx(0, 0, 10, 7.5)
    assert found.picture.data == logo_png() and found.color == "E11D48"  # its mean: text on it
    parts[image] = b"\x89PNG not really"
    found = backdrop(Package(parts), CONTENT)
    assert found.picture is None and found.shapes == ()
    assert found.unsupported == (
        "a PNG picture that cannot be drawn (the background) on the master",
        "a PNG picture that cannot be drawn (a picture) on the master",
    )


def test_a_cropped_picture_is_cropped() -> None:
    def edit(trees: dict[str, etree._Element]) -> None:
        pic = spTree(trees, MASTER)[-1]
        fill = pic.find(f"{{{P}}}blipFill")
        assert fill is not None
        fill.insert(1, fragment(f'<a:srcRect xmlns:a="{A}" l="50000" b="25000"/>'))

    (logo,) = backdrop(template(edit, logo=logo_png()), CONTENT).shapes
    assert logo.media_type == "image/png"
    assert Image.open(io.BytesIO(logo.data)).size == (20, 30)


def test_a_layout_without_a_master_is_a_clear_error() -> None:
    package = template(lambda t: None)
    parts = {k: v for k, v in package.parts.items() if k != MASTER}
    with pytest.raises(ExporterError, match=r"school\.pptx: the layout"):
        backdrop(Package(parts), CONTENT, "school.pptx")


def test_a_backdrop_is_hashable_and_pickles() -> None:
    found = backdrop(template(branded, logo=logo_png()), CONTENT)
    assert hash(found) == hash(pickle.loads(pickle.dumps(found)))
    assert pickle.loads(pickle.dumps(found)) == found


# Drawing ----------------------------------------------------------------------------------


def test_the_html_draws_the_picture_from_its_address_and_escapes_text() -> None:
    art = Art(ArtKind.PICTURE, Box(1, 1, 1, 1), data=b"x", media_type="image/png")
    html = backdrop_html(Backdrop("000000", None, (art,)), address=lambda a: "lesson:x.png")
    assert 'src="lesson:x.png"' in html and "background:#000000" in html
    assert backdrop_html(Backdrop(None, None, (art,))).count("data:image/png;base64,eA==") == 1


def test_an_outline_is_centred_on_the_shapes_edge() -> None:
    art = Art(ArtKind.SHAPE, Box(1, 1, 2, 1), fill="FFFFFF", line="000000", line_width=7.2)
    html = backdrop_html(Backdrop(shapes=(art,)))
    assert "left:0.9500in;top:0.9500in;width:2.1000in;height:1.1000in;border:7.20pt" in html


def pixel(image: Image.Image, x: float, y: float) -> tuple[int, int, int]:
    """The colour at (x, y) inches of a page rendered at 72 dpi."""
    found = image.getpixel((round(x * 72), round(y * 72)))
    assert isinstance(found, tuple)
    return found[0], found[1], found[2]


def near(found: tuple[int, int, int], color: str | tuple[int, int, int]) -> bool:
    if isinstance(color, str):
        color = (int(color[:2], 16), int(color[2:4], 16), int(color[4:], 16))
    return all(abs(a - b) <= 6 for a, b in zip(found, color, strict=True))


def test_the_slide_pdf_draws_the_backdrop(tmp_path: Path) -> None:
    need_tool("pdftoppm")
    package = template(branded_2013, logo=logo_png())
    found = backdrop(package, CONTENT)
    theme = load_theme()
    laid, _ = lay_out(Job(SEED, str(SEED), SEED.with_suffix(""), SEED.parent), theme)
    writer = HtmlWriter(laid)
    drawn = writer.slide_backdrop_html(found)
    slide = f'<section class="slide" style="width:10in;height:7.5in">{drawn}</section>'
    page = "@page{size:10in 7.5in;margin:0}body{margin:0}.slide{position:relative}"
    document = writer.document((page,), slide, None)
    assert all(address.startswith("lesson:") for address in document.files)
    pdf = tmp_path / "backdrop.pdf"
    pdf.write_bytes(write_pdf(document))
    subprocess.run(["pdftoppm", "-png", "-r", "72", str(pdf), str(tmp_path / "page")], check=True)
    image = Image.open(tmp_path / "page-1.png").convert("RGB")
    assert image.size == (720, 540)
    assert near(pixel(image, 5, 4), DARK)  # the master's background
    assert near(pixel(image, 0.25, 0.25), LOGO_RED)  # the logo's top-left corner
    assert near(pixel(image, 1.15, 1.15), LOGO_RED)  # and its bottom-right one
    assert near(pixel(image, 1.3, 1.3), DARK)  # just outside it
    assert near(pixel(image, 5, 7.2), "2F5597")  # the band
    assert near(pixel(image, 5, 1.5), "F59E0B")  # the rule
    assert near(pixel(image, 5, 1.6), DARK)  # 3 pt thick only
    # The course name, right-aligned in accent 2, ends near the box's right edge.
    reds = [x for x in range(432, 720) if near(pixel(image, x / 72, 0.45), "C0504D")]
    assert reds and 690 <= max(reds) <= 706


@pytest.mark.parametrize(
    ("fill", "css", "mean"),
    [
        (  # DrawingML's 90° runs top to bottom: CSS's 180deg
            '<a:gs pos="0"><a:srgbClr val="0000FF"/></a:gs><a:gs pos="100000">'
            '<a:srgbClr val="000000"/></a:gs></a:gsLst><a:lin ang="5400000"/>',
            "linear-gradient(180deg, #0000FF 0.0%, #000000 100.0%)",
            "000080",
        ),
        (  # a stop past the middle: the first colour holds for longer
            '<a:gs pos="75000"><a:srgbClr val="FFFFFF"/></a:gs><a:gs pos="0">'
            '<a:srgbClr val="FFFFFF"/></a:gs><a:gs pos="100000"><a:srgbClr val="000000"/>'
            '</a:gs></a:gsLst><a:lin ang="0"/>',
            "linear-gradient(90deg, #FFFFFF 0.0%, #FFFFFF 75.0%, #000000 100.0%)",
            "DFDFDF",  # 3/4 of white, 1/4 of its mean with black
        ),
        (  # a path gradient: radial from its focus
            '<a:gs pos="0"><a:srgbClr val="FF0000"/></a:gs><a:gs pos="100000">'
            '<a:srgbClr val="00FF00"/></a:gs></a:gsLst><a:path path="circle">'
            '<a:fillToRect l="50000" t="25000" r="50000" b="75000"/></a:path>',
            "radial-gradient(farthest-corner at 50% 25%, #FF0000 0.0%, #00FF00 100.0%)",
            "808000",
        ),
    ],
    ids=["linear-down", "uneven-stops", "radial"],
)
def test_a_gradient_is_drawn_as_css_draws_it_and_read_on_its_average(
    fill: str, css: str, mean: str
) -> None:

    element = etree.fromstring(f'<a:gradFill xmlns:a="{A}"><a:gsLst>{fill}</a:gradFill>')
    gradient = gradient_of(element, Palette({}, {}))
    assert gradient is not None
    assert (gradient.css, gradient.mean) == (css, mean)


def night_sky() -> bytes:
    """A dark picture, lighter at the foot, with faint light rings: a school's background."""
    image = Image.new("RGB", (400, 225))
    for y in range(225):
        image.paste((10 + y // 15, 16 + y // 20, 38 + y // 10), (0, y, 400, y + 1))
    for ring in range(8):
        box = (260 + 12 * ring, -60 + 12 * ring, 460, 120 + 12 * ring)
        ImageDraw.Draw(image).ellipse(box, outline=(40, 60, 100))
    out = io.BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()


def light_text_on_a_picture(trees: dict[str, etree._Element]) -> None:
    """The master's background is the picture (the logo's relationship now points at it); its
    text styles set light text, its colour map left as it was (Background 1 white)."""
    rid = next(
        r.get("Id")
        for r in etree.fromstring(PARTS[MASTER_RELS])
        if r.get("Type", "").endswith("/image")
    )
    set_background(
        trees,
        MASTER,
        f'<a:blipFill xmlns:r="{R}"><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/>'
        "</a:stretch></a:blipFill>",
    )
    styles = trees[MASTER].find(f"{{{P}}}txStyles")
    assert styles is not None
    for style, color in (("titleStyle", "FFFFFF"), ("bodyStyle", "F2F2F2")):
        properties = styles.find(f"{{{P}}}{style}/{{{A}}}lvl1pPr/{{{A}}}defRPr")
        assert properties is not None
        for fill in properties.findall(f"{{{A}}}solidFill"):
            properties.remove(fill)
        properties.insert(
            0, fragment(f'<a:solidFill {NS}><a:srgbClr val="{color}"/></a:solidFill>')
        )


MASTER_RELS = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
PARTS: dict[str, bytes] = {}


def test_text_on_a_dark_background_picture_is_read_on_the_picture(tmp_path: Path) -> None:
    """A school's master draws a dark picture behind every slide and sets its text white, its
    colour map saying Background 1 is white: every slide's text was drawn black on the dark
    picture, because the picture counted as Background 1. Its average colour counts now."""
    PARTS.update(template(lambda trees: None, logo=night_sky()).parts)
    package = template(light_text_on_a_picture, logo=night_sky())
    found = backdrop(package, CONTENT)
    assert found.picture is not None and found.color is not None
    assert contrast(found.color, "000000") < 2  # the picture is dark
    path = tmp_path / "night.pptx"
    path.write_bytes(package_bytes(package))
    theme = load_template(path, load_theme())
    colors = theme.colors
    assert colors.background == found.color
    assert colors.text == "F2F2F2" and colors.title == "FFFFFF", colors
    # The accent is weighed against the picture, not against a white it never shows on.
    contrasts = [w.message for w in theme.warnings if w.code == "theme-contrast"]
    assert all("background picture (its average colour)" in m for m in contrasts), contrasts
    assert not any("FFFFFF" in m or "Text" in m for m in contrasts), contrasts
    out = tmp_path / "out"
    assert (
        main(
            [
                "build",
                str(SEED),
                "-o",
                str(out),
                "-q",
                "--offline",
                "--template",
                str(path),
                "--format",
                "pptx",
            ]
        )
        == 0
    )
    deck = Presentation(str(out / SEED.with_suffix(".pptx").name))
    fills = {
        str(run.font.color.rgb)
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
        if run.font.color and run.font.color.type is not None and run.font.color.type == 1
    }
    assert "000000" not in fills, fills
