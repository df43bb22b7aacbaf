"""cli: a school's template on the command line, in the configuration and in a theme folder;
``template check``; a template that cannot be used stops the build with nothing written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from pptx import Presentation

from exporter.cli import main
from exporter.roles import Role
from exporter.theme import load_theme
from tests.conftest import LESSONS
from tests.template_kit import invented, missing_roles, plain

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
