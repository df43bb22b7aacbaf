"""themes: the built-in theme loads, and a broken theme is a clear error, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from exporter.errors import ExporterError
from exporter.measure import Measurer
from exporter.resources.fonts import MissingFont, font_file
from exporter.theme import load_theme


def test_default_theme() -> None:
    theme = load_theme()
    assert theme.fonts.body.name == "Calibri" and theme.fonts.body.file == "Carlito"
    assert theme.slide.width / theme.slide.height == pytest.approx(16 / 9, rel=0.001)
    assert theme.sizes.body_min <= theme.sizes.body


def broken(tmp_path: Path, old: str, new: str) -> str:
    folder = tmp_path / "theme"
    folder.mkdir()
    text = (Path(__file__).parent.parent / "themes" / "default" / "theme.toml").read_text()
    assert old in text
    (folder / "theme.toml").write_text(text.replace(old, new), encoding="utf-8")
    return str(folder)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('accent = "2E75B6"', 'accent = "nothex"', "colour accent must be six hex digits"),
        ("body = 24", "body = 0", "must be positive"),
        ("chars = [", "chars = [] # [", "at least one character"),
        ("body_min = 18", "body_min = 30", "body_min must not exceed body"),
        ("inline_code = 0.9", "inline_code = 1.2", "inline_code must not exceed 1"),
        ('keyword = "6D28D9"', 'keyword = "purple"', "colour syntax.keyword must be six hex"),
        ("width = 13.333", 'width = "wide"', "slide.width = 'wide' is not a number"),
        ("[sizes]", "[sizes_]", "has no 'sizes'"),
        ("body_min = 18", "bodymin = 18", "[sizes] has no setting 'bodymin' (did you mean"),
        ('accent = "2E75B6"', 'acent = "2E75B6"', "has no setting 'acent' (did you mean 'accent'"),
        ("body = 24", 'body = "big"', "sizes.body = 'big' is not a number"),
        ("name = ", "name = = ", "not valid TOML"),
        (
            'file = "Liberation Mono"',
            'file = "Arimo"',
            "fonts.code.file 'Arimo' has no fonts/Arimo",
        ),
    ],
)
def test_broken_themes_say_what_is_wrong(tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(ExporterError) as caught:
        load_theme(broken(tmp_path, old, new))
    assert message in caught.value.diagnostic.message


@pytest.mark.parametrize("name", ["nonexistent", "../etc"])
def test_unknown_theme(name: str) -> None:
    with pytest.raises(ExporterError, match="no theme named"):
        load_theme(name)


def test_a_folder_without_theme_toml(tmp_path: Path) -> None:
    with pytest.raises(ExporterError, match=r"has no theme\.toml"):
        load_theme(str(tmp_path))


def test_a_folder_named_as_a_built_in_theme_does_not_hide_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An output folder called "dark" in the current folder is no theme: the built-in is used.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dark").mkdir()
    assert load_theme("dark").colors != load_theme("default").colors
    # A folder of that name with a theme.toml is the author's theme, as before.
    copy_theme = (Path(__file__).parent.parent / "themes" / "default" / "theme.toml").read_text()
    (tmp_path / "dark" / "theme.toml").write_text(copy_theme, encoding="utf-8")
    assert load_theme("dark").colors == load_theme("default").colors


def test_a_font_file_is_read_once_while_it_stays_the_same(tmp_path: Path) -> None:
    # Every document embeds the theme's fonts: the same bytes while the file is unchanged, its
    # new bytes once it changes (a watch's rebuild after the author replaced a font).
    default = Path(__file__).parent.parent / "themes" / "default" / "fonts"
    font = tmp_path / "fonts" / "Brand-Regular.ttf"
    font.parent.mkdir()
    carlito = (default / "Carlito-Regular.ttf").read_bytes()
    font.write_bytes(carlito)
    first = font_file(tmp_path, "Brand")
    assert first == carlito
    again = font_file(tmp_path, "Brand", bold=True)  # its regular face
    assert id(again) == id(first)  # not read again
    mono = (default / "LiberationMono-Regular.ttf").read_bytes()
    font.write_bytes(mono)  # written over
    assert font_file(tmp_path, "Brand") == mono
    # Replaced by another file of the same size, its modification time set back to the
    # first's, as a copy that keeps times (cp -p) or an editor's save by renaming leaves it.
    times = font.stat()
    edited = tmp_path / "edited.ttf"
    edited.write_bytes(mono[:-1] + bytes([mono[-1] ^ 1]))
    os.utime(edited, ns=(times.st_atime_ns, times.st_mtime_ns))
    edited.replace(font)
    assert font_file(tmp_path, "Brand")[-1] == mono[-1] ^ 1
    font.unlink()
    with pytest.raises(MissingFont):  # nor has the default theme a Brand
        font_file(tmp_path, "Brand")


def test_a_theme_measures_with_its_own_font_files(tmp_path: Path) -> None:
    heading = '[fonts.heading]\nname = "Calibri"\nfile = "Carlito"'
    folder = Path(broken(tmp_path, heading, '[fonts.heading]\nname = "X"\nfile = "Brand"'))
    fonts = folder / "fonts"
    fonts.mkdir()
    mono = (
        Path(__file__).parent.parent / "themes" / "default" / "fonts" / "LiberationMono-Regular.ttf"
    )
    (fonts / "Brand-Regular.ttf").write_bytes(mono.read_bytes())
    with pytest.raises(ExporterError, match=r"has no fonts/Brand-Bold\.ttf"):
        load_theme(str(folder))
    (fonts / "Brand-Bold.ttf").write_bytes(mono.read_bytes())
    theme = load_theme(str(folder))
    assert theme.fonts.heading.file == "Brand"
    measurer = Measurer(theme)
    assert measurer.face("heading").char("i") == measurer.face("code").char("W") == 1229 / 2048
    assert measurer.face("body").char("i") < 0.3
