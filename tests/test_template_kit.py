"""tests: the school templates of tests/template_kit.py, checked before the template tests lean
on them: each opens in python-pptx, is a consistent package, has the layouts, fonts and
features its maker promises, and LibreOffice renders a slide of each of its layouts."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.util import Inches

from exporter.template.opc import Package, rels_name
from tests import template_kit as kit
from tests.conftest import built_once, need_tool, page_count
from tests.template_kit import NS, Kit, opened, problems

Made = dict[str, list[str]]
"""Each template's name → its path, its specimen's (a slide per layout) and the specimen's PDF."""


@pytest.fixture(scope="session")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    """Every template, its specimen and the specimen printed by LibreOffice (one soffice run),
    made once for the whole run; pandoc's only where pandoc is installed."""
    need_tool("soffice", "pdfinfo")
    templates = kit.made_templates(tmp_path_factory)
    return built_once(tmp_path_factory, "template-kit", lambda f: make_all(f, templates))[1]


def make_all(folder: Path, templates: dict[str, Path]) -> Made:
    """Make a specimen of each of the ``templates`` into ``folder``, and their PDFs."""
    found: Made = {}
    for name, template in templates.items():
        specimen = kit.specimen(template, folder / "specimens" / f"{name}.pptx")
        found[name] = [str(template), str(specimen), str(folder / "pdf" / f"{name}.pdf")]
    kit.soffice(folder, folder / "pdf", "pdf", *(Path(row[1]) for row in found.values()))
    return found


def paths(made: Made, name: str) -> tuple[Path, Path, Path]:
    """Return a template's path, its specimen's and the specimen's PDF."""
    template, specimen, pdf = (Path(path) for path in made[name])
    return template, specimen, pdf


def test_every_kind_of_template_is_made(made: Made) -> None:
    wanted = set(kit.MAKERS) - ({"pandoc"} if kit.pandoc_path() is None else set())
    assert set(made) == wanted == set(kit.ROLES) - ({"pandoc"} - wanted)


def test_each_has_the_layouts_its_roles_name(made: Made) -> None:
    for name in made:
        template, _, _ = paths(made, name)
        names = [layout.name for layout in opened(template).slide_masters[0].slide_layouts]
        for role, layout in kit.ROLES[name].items():
            if layout is None:
                assert role not in names, (name, role)
            else:
                assert names.count(layout) == 1, (name, role, layout, names)


def test_each_is_a_consistent_package_and_so_is_its_specimen(made: Made) -> None:
    for name in made:
        for path in paths(made, name)[:2]:
            found = problems(path)
            if name == "libreoffice":
                # LibreOffice 7.4 numbers shapes of a master or layout from 0 and 1 again after
                # the group's 1: a template a school saves in LibreOffice does have these.
                found = [p for p in found if "shape id" not in p or "/slides/" in p]
            assert found == [], (path.name, found)


def test_libreoffice_prints_a_page_per_slide_of_each_specimen(made: Made) -> None:
    for name in made:
        template, specimen, pdf = paths(made, name)
        deck = opened(template)
        layouts = sum(len(master.slide_layouts) for master in deck.slide_masters)
        assert len(Presentation(str(specimen)).slides) == len(deck.slides) + layouts
        assert page_count(pdf) == len(deck.slides) + layouts, name


def test_theme_fonts_are_the_ones_listed(made: Made) -> None:
    for name, (heading, body) in kit.FONTS.items():
        if name in made:
            theme = Kit(paths(made, name)[0].read_bytes()).xml(kit.THEME)
            fonts = theme.find("a:themeElements/a:fontScheme", NS)
            assert fonts is not None
            major, minor = (fonts.find(f"a:{kind}Font/a:latin", NS) for kind in ("major", "minor"))
            assert major is not None and minor is not None
            assert (major.get("typeface"), minor.get("typeface")) == (heading, body), name


def test_every_placeholder_lies_on_the_slide(made: Made) -> None:
    for name in made:
        deck = opened(paths(made, name)[0])
        width, height = deck.slide_width or 0, deck.slide_height or 0
        for master in deck.slide_masters:
            for layout in master.slide_layouts:
                if name == "libreoffice" and layout.name not in kit.ROLES[name].values():
                    continue  # LibreOffice's "Centered Text" runs 2.3 in off the slide's foot
                for holder in layout.placeholders:
                    left, top = holder.left or 0, holder.top or 0
                    right, bottom = left + (holder.width or 0), top + (holder.height or 0)
                    where = (name, layout.name, holder.name)
                    assert 0 <= left < right <= width and 0 <= top < bottom <= height, where


def test_widened_templates_keep_their_boxes_centred_on_the_slide(made: Made) -> None:
    wide = ("plain", "localised-de", "localised-fr", "potx", "with-samples", "missing-roles")
    for name in (*wide, "two-masters", "invented"):
        deck = opened(paths(made, name)[0])
        assert deck.slide_width == kit.WIDE[0], name
        for master in list(deck.slide_masters)[:1]:
            for layout in master.slide_layouts:
                spans = []
                for holder in layout.placeholders:
                    if holder.placeholder_format.idx < 10:  # not the date, footer, slide number
                        spans.append((holder.left or 0, (holder.left or 0) + (holder.width or 0)))
                if not spans:
                    continue
                left, right = min(s[0] for s in spans), max(s[1] for s in spans)
                # python-pptx's Section Header and caption layouts are 0.1 in off centre
                assert abs(left + right - kit.WIDE[0]) < Inches(0.2), (name, layout.name)


def test_localised_layouts_and_placeholders_are_named_in_their_language(made: Made) -> None:
    for language, title in (("de", "Titel 1"), ("fr", "Titre 1")):
        deck = opened(paths(made, f"localised-{language}")[0])
        layouts = list(deck.slide_layouts)
        assert [layout.name for layout in layouts] == list(kit.NAMES[language])
        assert layouts[1].placeholders[0].name == title


def test_invented_layouts_are_shuffled_untyped_and_mapped(tmp_path: Path) -> None:
    path, mapping = kit.invented(tmp_path)
    deck = opened(path)
    names = [layout.name for layout in deck.slide_layouts]
    assert set(mapping) == set(kit.ENGLISH[:7]) and set(mapping.values()) <= set(names)
    assert names == [kit.NAMES["invented"][n] for n in kit.INVENTED_ORDER]
    assert names[:7] != list(kit.NAMES["invented"][:7])
    assert all(layout._element.get("type") is None for layout in deck.slide_layouts)


def test_four_three_is_ten_by_seven_and_a_half_inches_with_its_own_boxes(made: Made) -> None:
    deck = opened(paths(made, "four-three")[0])
    assert (deck.slide_width, deck.slide_height) == kit.FOUR_THREE
    title = deck.slide_master.placeholders[0]
    box = (title.left, title.top, title.width, title.height)
    assert box == tuple(int(Inches(v)) for v in kit.FOUR_THREE_BOXES[kit.MASTER]["title"])
    assert opened(paths(made, "plain")[0]).slide_width == kit.WIDE[0]


def test_dark_logo_has_a_dark_mapped_background_a_logo_and_a_band(made: Made) -> None:
    template = Kit(paths(made, "dark-logo")[0].read_bytes())
    master = template.xml(kit.MASTER)
    colour_map = master.find("p:clrMap", NS)
    assert colour_map is not None and colour_map.get("bg1") == "dk1"
    assert colour_map.get("tx1") == "lt1"
    assert master.find("p:cSld/p:bg/p:bgPr/a:solidFill/a:schemeClr[@val='bg1']", NS) is not None
    dark = template.xml(kit.THEME).find("a:themeElements/a:clrScheme/a:dk1/a:srgbClr", NS)
    assert dark is not None and dark.get("val") == kit.DARK["dk1"]
    blip = master.find(".//p:pic/p:blipFill/a:blip", NS)
    assert blip is not None
    logo = template.target(kit.MASTER, blip.get(f"{{{kit.R}}}embed", ""))
    assert Image.open(io.BytesIO(template.parts[logo])).size == (240, 120)
    deck = opened(paths(made, "dark-logo")[0])
    shapes = {shape.name: shape for shape in deck.slide_master.shapes}
    band, picture = shapes["Band"], shapes["Logo"]
    assert (band.top or 0) + (band.height or 0) == deck.slide_height
    assert (picture.left or 0) + (picture.width or 0) < (deck.slide_width or 0)
    assert master.find(".//p:sp/p:spPr/a:solidFill/a:schemeClr[@val='accent1']", NS) is not None


def test_potx_has_a_template_main_part_that_python_pptx_refuses_as_is(made: Made) -> None:
    path = paths(made, "potx")[0]
    assert path.suffix == ".potx"
    assert Package(kit.read_parts(path)).content_type("ppt/presentation.xml") == kit.TEMPLATE
    with pytest.raises(ValueError, match="not a PowerPoint file"):
        Presentation(str(path))
    assert len(opened(path).slide_layouts) == len(kit.ENGLISH)


def test_with_samples_has_three_slides_a_picture_and_notes(made: Made) -> None:
    deck = opened(paths(made, "with-samples")[0])
    assert len(deck.slides) == 3
    assert [slide.has_notes_slide for slide in deck.slides] == [False, True, True]
    kinds = [shape.shape_type for slide in deck.slides for shape in slide.shapes]
    assert sum(1 for kind in kinds if kind == 13) == 1  # MSO_SHAPE_TYPE.PICTURE


def test_two_masters_each_with_its_own_layouts_and_theme(made: Made) -> None:
    path = paths(made, "two-masters")[0]
    package = Package(kit.read_parts(path))
    masters = package.related(package.main, "slideMaster")
    assert len(masters) == 2
    themes = [package.related(master, "theme") for master in masters]
    assert len({theme[0] for theme in themes}) == 2
    assert package.xml(themes[1][0]).get("name") == "Contrast"
    first, second = (package.related(master, "slideLayout") for master in masters)
    assert len(second) == 7 and not set(first) & set(second)
    assert all(package.related(layout, "slideMaster") == [masters[1]] for layout in second)


def test_missing_roles_keeps_three_layouts_and_no_trace_of_the_others(made: Made) -> None:
    path = paths(made, "missing-roles")[0]
    assert [layout.name for layout in opened(path).slide_layouts] == list(kit.KEPT)
    layouts = [name for name in kit.read_parts(path) if name.startswith("ppt/slideLayouts/")]
    assert len([name for name in layouts if not name.endswith(".rels")]) == 3
    assert len(layouts) == 6  # each with its relationships


def test_pandoc_reference_is_pandocs_sixteen_by_nine_with_samples(made: Made) -> None:
    kit.pandoc()
    deck = opened(paths(made, "pandoc")[0])
    assert (deck.slide_width, deck.slide_height) == (9144000, 5143500)
    assert len(deck.slides) == 4


def test_libreoffice_saved_has_libreoffices_layouts(made: Made) -> None:
    deck = opened(paths(made, "libreoffice")[0])
    assert (deck.slide_width, deck.slide_height) == kit.WIDE
    names = [layout.name for layout in deck.slide_layouts]
    assert set(kit.ROLES["libreoffice"].values()) - {None} <= set(names)
    assert deck.slide_master.shapes[0].name == "Band"


def test_problems_names_each_kind_of_inconsistency(tmp_path: Path) -> None:
    broken = Kit(kit.plain(tmp_path).read_bytes())
    layout = broken.layouts()[6]
    broken.parts.pop(layout)  # related, but gone
    broken.add("ppt/media/stray.png", b"png", None)  # nothing relates to it
    broken.default("png", "image/png")
    broken.declare("ppt/slides/slide9.xml", kit.ML + "slide+xml")  # names no part
    broken.add("ppt/extra.dat", b"?", None)  # no content type, no relationship
    broken.declare(broken.layouts()[2], "application/xml")  # not a layout's type
    title = kit.placeholder(broken.xml(broken.layouts()[1]), "title")
    assert title is not None
    title.find("p:nvSpPr/p:cNvPr", NS).set("id", "3")  # type: ignore[union-attr]
    etree.SubElement(title, f"{{{kit.R}}}x").set(f"{{{kit.R}}}id", "rId99")
    found = problems(broken.save(tmp_path / "broken.pptx"))
    expected = [
        f"ppt/slideMasters/slideMaster1.xml: rId7 → {layout} is missing",
        f"{rels_name(layout)}: relationships of a part the package does not have",
        f"[Content_Types].xml: an override names {layout}, which is missing",
        "ppt/media/stray.png: no relationship reaches it",
        "ppt/extra.dat: no relationship reaches it",
        "[Content_Types].xml: an override names ppt/slides/slide9.xml, which is missing",
        "ppt/extra.dat: no content type",
        "ppt/slideLayouts/slideLayout2.xml: x names rId99, not related",
        "ppt/slideLayouts/slideLayout2.xml: shape id 3 repeats",
        "ppt/slideLayouts/slideLayout3.xml: content type 'application/xml', not a slideLayout's",
    ]
    assert sorted(found) == sorted(expected)
