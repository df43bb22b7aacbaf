"""cli: a school's template on the command line, in the configuration and in a theme folder;
``template check``; a template that cannot be used stops the build with nothing written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation

from exporter.cli import main
from exporter.roles import Role
from exporter.theme import load_theme
from tests.conftest import LESSONS
from tests.template_kit import NS, A, P, invented, missing_roles, plain, plain_kit

LESSON = LESSONS / "section-14" / "lesson-1.md"


def layouts_of(deck: Path) -> set[str]:
    """Return the names of the layouts the deck's slides are on."""
    return {slide.slide_layout.name for slide in Presentation(str(deck)).slides}


def test_the_configuration_maps_a_template_s_own_layout_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template, names = invented(tmp_path / "school")
    lines = [f'"{role}" = "{layout}"' for role, layout in names.items()]
    (tmp_path / "lesson-export.toml").write_text(
        f'template = "{template}"\n[layouts]\n' + "\n".join(lines) + "\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["build", str(LESSON), "-o", "out", "-q", "--format", "pptx", "--offline"]) == 0
    used = layouts_of(tmp_path / "out" / "lesson-1.pptx")
    assert used == {names["Title Slide"], names["Title and Content"], names["Comparison"]}


def test_a_mapping_to_a_layout_the_template_lacks_is_a_warning(tmp_path: Path) -> None:
    template = plain(tmp_path)
    theme = load_theme("default", template)
    assert not [d for d in theme.warnings if d.code == "template-layout"]
    theme = load_theme("default", template, [(Role.CONTENT, "Nowhere")])
    (found,) = [d for d in theme.warnings if d.code == "template-layout"]
    assert "'Nowhere'" in found.message and "'Title and Content'" in found.message
    assert theme.template is not None
    assert theme.template.choice(Role.CONTENT).name == "Title and Content"


def test_a_theme_folder_may_name_its_template(tmp_path: Path) -> None:
    folder = tmp_path / "brand"
    assert main(["theme", "copy", "default", str(folder)]) == 0
    missing_roles(folder)
    toml = folder / "theme.toml"
    toml.write_text('template = "missing-roles.pptx"\n' + toml.read_text(encoding="utf-8"))
    theme = load_theme(str(folder))
    assert theme.template is not None and theme.template.path.endswith("missing-roles.pptx")
    warned = [d.message for d in theme.warnings if d.code == "template-layout"]
    assert any("'Comparison'" in message for message in warned)


def test_template_check_says_what_the_template_gives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = missing_roles(tmp_path)
    assert main(["template", "check", str(template)]) == 0
    out = capsys.readouterr().out
    assert "slide size: 13.33 x 7.50 in (16:9)" in out
    assert "Title Slide        -> 'Title Slide' (by its name)" in out
    assert "the template has no such layout" in out
    assert "body: Calibri, measured with Carlito (metric-compatible)" in out
    assert "problems:\n  - " in out


def test_a_template_that_cannot_be_used_stops_the_build_with_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    macro = tmp_path / "school.pptm"
    source = plain(tmp_path / "plain")
    with zipfile.ZipFile(source) as given, zipfile.ZipFile(macro, "w") as made:
        for item in given.infolist():
            made.writestr(item, given.read(item))
        made.writestr("ppt/vbaProject.bin", b"\x00" * 64)
    for bad in (macro, tmp_path / "missing.pptx"):
        out = tmp_path / "out"
        code = main(["build", str(LESSON), "-o", str(out), "--template", str(bad), "--offline"])
        assert code == 2 and not out.exists()
        assert bad.name in capsys.readouterr().err
        assert main(["template", "check", str(bad)]) == 1
        assert "error" in capsys.readouterr().err


def test_titles_are_aligned_as_the_template_aligns_them(tmp_path: Path) -> None:
    template = plain(tmp_path)  # python-pptx's default centres its titles (titleStyle algn)
    theme = load_theme("default", template)
    assert (theme.align.title, theme.align.cover_title) == ("center", "center")
    assert load_theme().align.title == "left"
    out = tmp_path / "out"
    assert main(["build", str(LESSON), "-o", str(out), "-q", "--template", str(template)]) == 0
    deck = Presentation(str(out / "lesson-1.pptx"))
    for slide in deck.slides:
        title = slide.shapes.title
        assert title is not None
        assert all(p.alignment == 2 for p in title.text_frame.paragraphs)  # PP_ALIGN.CENTER


def test_a_template_of_one_layout_puts_every_slide_on_it(tmp_path: Path) -> None:
    deck = Presentation()
    for layout in list(deck.slide_master.slide_layouts)[1:]:  # only "Title Slide" is left
        deck.slide_master.slide_layouts.remove(layout)
    deck.save(str(tmp_path / "one.pptx"))
    theme = load_theme("default", tmp_path / "one.pptx")
    assert theme.template is not None
    assert {theme.template.choice(role).name for role in Role} == {"Title Slide"}
    out = tmp_path / "out"
    assert (
        main(["build", str(LESSON), "-o", str(out), "-q", "--template", str(tmp_path / "one.pptx")])
        == 0
    )
    assert layouts_of(out / "lesson-1.pptx") == {"Title Slide"}


def test_a_layout_that_maps_the_colours_its_own_way_has_its_own(tmp_path: Path) -> None:
    kit = plain_kit()
    layout = kit.layouts()[0]  # Title Slide: a dark background, its text light
    tree = kit.xml(layout)
    fill = '<a:solidFill><a:schemeClr val="bg1"/></a:solidFill><a:effectLst/>'
    view, mapping = tree.find("p:cSld", NS), tree.find("p:clrMapOvr", NS)
    assert view is not None and mapping is not None
    view.insert(
        0, etree.fromstring(f'<p:bg xmlns:p="{P}" xmlns:a="{A}"><p:bgPr>{fill}</p:bgPr></p:bg>')
    )
    swapped = 'bg1="dk1" tx1="lt1" bg2="dk2" tx2="lt2"' + "".join(
        f' {name}="{name}"' for name in (*(f"accent{n}" for n in range(1, 7)), "hlink", "folHlink")
    )
    mapping[:] = [etree.fromstring(f'<a:overrideClrMapping xmlns:a="{A}" {swapped}/>')]
    kit.save(tmp_path / "dark-title.pptx")
    theme = load_theme("default", tmp_path / "dark-title.pptx")
    assert theme.template is not None
    cover, content = theme.template.colors(Role.TITLE_SLIDE), theme.template.colors(Role.CONTENT)
    assert (cover.background, cover.title) == ("000000", "FFFFFF")
    assert (content.background, content.title) == ("FFFFFF", "000000")
    assert theme.template.ink(Role.TITLE_SLIDE).title == "tx1"  # white there, through its map
