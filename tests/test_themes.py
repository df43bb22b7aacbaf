"""themes: the built-in themes, their warnings (contrast, font metrics), listing and copying
them, and what a theme's title slide and background put in the deck."""

from __future__ import annotations

import tomllib
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.util import Emu

from exporter.cli import main
from exporter.errors import ExporterError
from exporter.options import Options
from exporter.theme import Theme, load_theme
from exporter.theme_checks import LARGE_CONTRAST, MIN_CONTRAST, contrast, text_pairs
from exporter.theme_files import builtin_themes, copy_theme
from exporter.watch import reloaded
from tests.conftest import LESSON, ROOT

DEFAULT = ROOT / "themes" / "default"
BUILT_IN = [name for name, _ in builtin_themes()]


def test_there_are_at_least_three_built_in_themes_each_described() -> None:
    themes = dict(builtin_themes())
    assert {"default", "dark", "classroom"} <= set(themes)
    assert all(themes.values()), themes


@pytest.mark.parametrize("name", BUILT_IN)
def test_every_built_in_theme_loads_without_a_warning(name: str) -> None:
    theme = load_theme(name)
    assert theme.name == name
    assert theme.warnings == ()
    for ink, paper, size in text_pairs(theme):  # the check itself, redone here
        least = LARGE_CONTRAST if size >= 24 else MIN_CONTRAST
        assert contrast(getattr(theme.colors, ink), getattr(theme.colors, paper)) >= least


@pytest.mark.parametrize("name", BUILT_IN)
def test_every_built_in_theme_ships_licences_for_its_own_fonts(name: str) -> None:
    fonts = ROOT / "themes" / name / "fonts"
    for font in fonts.glob("*.ttf") if fonts.is_dir() else ():
        family = font.name.split("-")[0]
        assert list(fonts.glob(f"{family}-*.txt")), f"{font.name} has no licence beside it"


def changed(tmp_path: Path, *edits: tuple[str, str]) -> Theme:
    """Return the default theme loaded from a copy with ``edits`` made to its theme.toml."""
    folder = tmp_path / "theme"
    folder.mkdir(exist_ok=True)
    text = (DEFAULT / "theme.toml").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    (folder / "theme.toml").write_text(text, encoding="utf-8")
    return load_theme(str(folder))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('text = "1F2937"', 'text = "999999"', "colors.text (999999) on colors.background"),
        ('title = "1F3864"', 'title = "BBBBBB"', "colors.title (BBBBBB) on colors.background"),
        ('accent = "2E75B6"', 'accent = "8AB4F8"', "colors.accent (8AB4F8) on colors.background"),
        (
            'column_heading_text = "FFFFFF"',
            'column_heading_text = "5A8FC8"',
            "colors.column_heading_text (5A8FC8) on colors.accent (2E75B6)",
        ),
        (
            'table_header_text = "FFFFFF"',
            'table_header_text = "2E75B6"',
            "colors.table_header_text (2E75B6) on colors.table_header (2E75B6) has a contrast "
            "of 1.00:1",
        ),
        ('muted = "6B7280"', 'muted = "A0A0A0"', "colors.muted (A0A0A0) on colors.background"),
    ],
)
def test_faint_text_is_a_warning_naming_both_colours_and_the_ratio(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    theme = changed(tmp_path, (old, new))
    assert theme.warnings and all(w.code == "theme-contrast" for w in theme.warnings)
    (warning,) = (w for w in theme.warnings if expected in w.message)
    assert warning.message.startswith("theme 'default': colors.")
    assert ":1; text of" in warning.message and "pt needs at least" in warning.message
    assert warning.file == str(tmp_path / "theme" / "theme.toml")


def test_large_text_needs_three_to_one(tmp_path: Path) -> None:
    # 949494 on white is 3.03:1: enough for a title of 28 pt and more, not for body text.
    assert 3 < contrast("949494", "FFFFFF") < 4.5
    assert changed(tmp_path, ('title = "1F3864"', 'title = "949494"')).warnings == ()
    low_minimum = changed(
        tmp_path, ('title = "1F3864"', 'title = "949494"'), ("title_min = 28", "title_min = 20")
    )
    assert "text of 20 pt needs at least 4.5:1" in low_minimum.warnings[0].message


def test_code_text_on_its_background_is_refused_as_before(tmp_path: Path) -> None:
    with pytest.raises(ExporterError, match=r"code_text \(E5E7EB\) has a contrast"):
        changed(tmp_path, ('code_text = "111827"', 'code_text = "E5E7EB"'))


BODY_FONT = '[fonts.body]\nname = "Calibri"\nfile = "Carlito"'


def with_body_font(tmp_path: Path, name: str, file: str, brand: str | None = None) -> Theme:
    """Return the default theme with the body font ``name`` measured with ``file``; ``brand``
    names a default font file copied into the theme as ``Brand-Regular.ttf`` (and Bold)."""
    if brand is not None:
        fonts = tmp_path / "theme" / "fonts"
        fonts.mkdir(parents=True)
        for style in ("Regular", "Bold"):
            data = (DEFAULT / "fonts" / f"{brand}-{style}.ttf").read_bytes()
            (fonts / f"Brand-{style}.ttf").write_bytes(data)
    return changed(tmp_path, (BODY_FONT, f'[fonts.body]\nname = "{name}"\nfile = "{file}"'))


def test_georgia_measured_with_carlito_is_a_warning(tmp_path: Path) -> None:
    (warning,) = with_body_font(tmp_path, "Georgia", "Carlito").warnings
    assert warning.code == "theme-font"
    assert "fonts.body: the deck asks for Georgia but the fit measures with Carlito" in (
        warning.message
    )
    assert "twin is Gelasio" in warning.message and "will not wrap" in warning.message


def test_a_known_twin_is_no_warning(tmp_path: Path) -> None:
    assert with_body_font(tmp_path, "Courier New", "Liberation Mono").warnings == ()


def test_an_unknown_font_without_its_file_is_a_warning(tmp_path: Path) -> None:
    (warning,) = with_body_font(tmp_path, "Frutiger", "Carlito").warnings
    assert "no known metric-compatible twin" in warning.message
    assert "fonts/Frutiger-Regular.ttf" in warning.message


def test_the_two_files_widths_decide_when_the_theme_has_both(tmp_path: Path) -> None:
    # Brand's files are Carlito's: measured with Carlito, it wraps where measured.
    assert with_body_font(tmp_path, "Brand", "Carlito", brand="Carlito").warnings == ()


def test_two_files_of_other_widths_are_a_warning(tmp_path: Path) -> None:
    (warning,) = with_body_font(tmp_path, "Brand", "Liberation Mono", brand="Carlito").warnings
    assert (
        "Liberation Mono sets text +" in warning.message and "as wide as Brand" in warning.message
    )


def test_a_theme_warning_is_printed_once_per_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theme = tmp_path / "faint"
    text = (DEFAULT / "theme.toml").read_text(encoding="utf-8")
    theme.mkdir()
    (theme / "theme.toml").write_text(text.replace('text = "1F2937"', 'text = "999999"'))
    course = tmp_path / "course"
    course.mkdir()
    for name in ("a", "b", "c"):
        (course / f"{name}.md").write_text(LESSON.format(name=name), encoding="utf-8")
    out = tmp_path / "out"
    args = ["build", str(course), "-o", str(out), "--theme", str(theme), "--format", "pptx"]
    assert main([*args, "-j", "1"]) == 0
    err = capsys.readouterr().err
    assert err.count("colors.text (999999) on colors.background") == 1, err
    assert f"{theme / 'theme.toml'}: warning: theme" in err
    assert main([*args, "--strict", "--force", "-j", "1"]) == 1


def test_themes_lists_each_built_in_theme_name_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["themes"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == BUILT_IN
    described = dict(builtin_themes())
    for line in lines:
        name = line.split()[0]
        assert line.endswith(described[name])


def test_theme_copy_starts_a_custom_theme(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "ours"
    assert main(["theme", "copy", "dark", str(target)]) == 0
    assert "copied theme 'dark'" in capsys.readouterr().out
    names = sorted(p.relative_to(target).as_posix() for p in target.rglob("*"))
    assert "theme.toml" in names and "fonts/LiberationSans-OFL.txt" in names
    # The code font comes from the default theme, with its licence: the copy is whole.
    assert "fonts/LiberationMono-Regular.ttf" in names and "fonts/LiberationMono-OFL.txt" in names
    assert not any(name.endswith(".py") or "Carlito" in name for name in names), names
    copied = load_theme(str(target))
    assert copied.name == "ours" and copied.colors == load_theme("dark").colors
    assert [p.name for p in tmp_path.iterdir()] == ["ours"]  # no temporary folder left


def test_theme_copy_into_an_empty_folder(tmp_path: Path) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    assert copy_theme("default", target)
    assert load_theme(str(target)).name == "empty"


@pytest.mark.parametrize("what", ["folder", "file"])
def test_theme_copy_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], what: str
) -> None:
    target = tmp_path / "taken"
    if what == "folder":
        target.mkdir()
        (target / "theme.toml").write_text("mine", encoding="utf-8")
    else:
        target.write_text("mine", encoding="utf-8")
    assert main(["theme", "copy", "default", str(target)]) == 2
    assert "already exists and is not an empty folder" in capsys.readouterr().err
    mine = target / "theme.toml" if what == "folder" else target
    assert mine.read_text(encoding="utf-8") == "mine"
    assert len(list(tmp_path.iterdir())) == 1


def test_theme_copy_of_an_unknown_theme(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["theme", "copy", "nonexistent", str(tmp_path / "x")]) == 2
    assert "no theme named 'nonexistent'" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("argv", [["theme"], ["theme", "copy", "default"], ["theme", "paste"]])
def test_theme_usage_errors(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2


A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def test_a_dark_theme_reaches_the_deck(tmp_path: Path) -> None:
    lesson = tmp_path / "lesson.md"
    lesson.write_text(LESSON.format(name="Dark"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(lesson), "-o", str(out), "--theme", "dark", "--format", "pptx"]) == 0
    prs = Presentation(str(out / "lesson.pptx"))
    background = prs.slide_master.background.fill
    assert background.fore_color.theme_color == MSO_THEME_COLOR.BACKGROUND_1
    with zipfile.ZipFile(out / "lesson.pptx") as archive:
        scheme = etree.fromstring(archive.read("ppt/theme/theme1.xml"))
    light = scheme.find(".//a:clrScheme/a:lt1/a:srgbClr", {"a": A_NS})
    assert light is not None and light.get("val") == "0F172A"  # the slate of the dark theme
    theme = load_theme("dark")
    title_slide = prs.slides[0]
    assert title_slide.slide_layout.name == "Title Slide"
    bands = [  # on the layout: a title slide added by hand has it too
        shape
        for shape in title_slide.slide_layout.shapes
        if shape.width == prs.slide_width
        and shape.fill.type is not None
        and str(shape.fill.fore_color.rgb) == theme.title_slide.band
    ]
    assert len(bands) == 1
    assert bands[0].top == Emu(round(theme.title_slide.band_top * 914400))
    assert not any(shape.width == prs.slide_width for shape in prs.slides[1].shapes)


def test_the_default_theme_has_no_band(tmp_path: Path) -> None:
    assert load_theme().title_slide.band == ""


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("[bullets]", '[title_slide]\nband = "blue"\n\n[bullets]', "title_slide.band must be six"),
        (
            "[bullets]",
            '[title_slide]\nband = "FFFFFF"\nband_top = 9\n\n[bullets]',
            "band_top must lie on the slide",
        ),
    ],
)
def test_a_broken_band_says_so(tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(ExporterError, match=message):
        changed(tmp_path, (old, new))


def test_every_built_in_theme_is_packaged_with_its_fonts() -> None:
    setup = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    packages, data = setup["setuptools"]["packages"], setup["setuptools"]["package-data"]
    for name in BUILT_IN:
        assert f"exporter.themes.{name}" in packages and "*.toml" in data[f"exporter.themes.{name}"]
        if (ROOT / "themes" / name / "fonts").is_dir():
            fonts = f"exporter.themes.{name}.fonts"
            assert fonts in packages and {"*.ttf", "*.txt"} <= set(data[fonts])


def test_watch_prints_a_theme_warning_when_it_reads_the_theme_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theme = changed(tmp_path, ('muted = "6B7280"', 'muted = "A0A0A0"'))
    folder = tmp_path / "theme"
    options = Options(theme=str(folder))
    assert reloaded(theme, options, {tmp_path / "elsewhere.md"}) is theme
    assert capsys.readouterr().err == ""
    reloaded(theme, options, {(folder / "theme.toml").resolve()})
    assert capsys.readouterr().err.count("colors.muted (A0A0A0)") == 1


@pytest.mark.parametrize(
    ("given", "meant"), [("darkk", "dark"), ("Dark", "dark"), ("clasroom", "classroom")]
)
def test_a_mistyped_theme_name_is_answered_with_the_theme_meant_and_the_list(
    given: str, meant: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lesson = tmp_path / "a.md"
    lesson.write_text("---\ntitle: A\n---\n\n## One\n\nText.\n", encoding="utf-8")
    assert main(["build", str(lesson), "-o", str(tmp_path / "out"), "--theme", given]) == 2
    err = capsys.readouterr().err
    assert f"no theme named {given!r}" in err and f"did you mean {meant!r}?" in err
    assert all(name in err for name, _ in builtin_themes())
    assert not (tmp_path / "out").exists()
