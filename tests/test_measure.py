"""Text measurement with the shipped fonts: widths, fallbacks and word wrap."""

from __future__ import annotations

import io

import pytest
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

from exporter.measure import EMOJI_WIDTH, WIDTH_SLACK, Face, Measurer, covered
from exporter.measure import face as theme_face
from exporter.model import Run, Style
from exporter.resources import font_families, font_file
from exporter.theme import load_theme

THEME = load_theme()
MEASURER = Measurer(THEME)
MONO = 1229 / 2048
"""Liberation Mono's advance width (and Courier New's): 1229 units of a 2048-unit em."""


def face(family: str, bold: bool = False) -> Face:
    return theme_face(THEME, family, bold)


def advances(family: str, text: str, bold: bool = False) -> float:
    """Return the width of ``text`` in ems read straight from the font's hmtx table."""
    font = TTFont(io.BytesIO(font_file(THEME.folder, family, bold)))
    cmap, metrics = font.getBestCmap(), font["hmtx"].metrics
    return float(sum(metrics[cmap[ord(char)]][0] for char in text) / font["head"].unitsPerEm)


@pytest.mark.parametrize("style", [(False, False), (True, False), (False, True), (True, True)])
@pytest.mark.parametrize("family", ["Carlito", "LiberationMono"])
def test_a_face_covers_the_characters_of_its_fonts_unicode_cmap(
    family: str, style: tuple[bool, bool]
) -> None:
    data = font_file(THEME.folder, family, *style)
    assert covered(data) == set(TTFont(io.BytesIO(data)).getBestCmap())


def test_the_default_theme_fonts_are_shipped_with_their_licences() -> None:
    # Carlito and Liberation Mono for the theme; the others are the measuring twins of the
    # fonts school templates use (every theme falls back to these).
    shipped = {"Caladea", "Carlito", "LiberationMono", "LiberationSans", "LiberationSerif"}
    assert set(font_families(THEME.folder)) == shipped
    fonts = THEME.folder.joinpath("fonts")
    for family in shipped:
        assert "SIL Open Font License" in fonts.joinpath(f"{family}-OFL.txt").read_text()
    for style in ((False, False), (True, False), (False, True), (True, True)):
        assert font_file(THEME.folder, "Carlito", *style)[:4] == b"\x00\x01\x00\x00"


@pytest.mark.parametrize(
    ("text", "bold"),
    [("AWS Responsibilities", False), ("AWS Responsibilities", True), ("Wi-Fi 802.11ax", False)],
)
def test_widths_match_the_font_files_own_advance_table(text: str, bold: bool) -> None:
    measured = MEASURER.natural((Run(text, Style(bold=bold)),))
    assert measured == pytest.approx(advances("Carlito", text, bold), abs=1e-6)


def test_known_glyph_widths_of_the_shipped_fonts() -> None:
    carlito = face("Carlito")
    assert carlito.char("A") == 1185 / 2048
    assert carlito.char(" ") == 463 / 2048
    assert face("Carlito", bold=True).char("A") > carlito.char("A")
    assert {face("Liberation Mono").char(c) for c in "iW0 {"} == {MONO}


def test_characters_the_font_lacks_get_their_fallback_width() -> None:
    carlito = face("Carlito")
    assert carlito.char("云") == 1.0
    assert carlito.char("ク") == 1.0
    assert carlito.char("\U0001f680") == EMOJI_WIDTH
    assert carlito.char("\ufe0f") == 0.0
    assert 0.5 < carlito.char("ש") < 1.0


def code(text: str) -> tuple[Run, ...]:
    """Return ``text`` as code, measured in a code box (``"code"``) at the box's size."""
    return (Run(text, Style(code=True)),)


def width_for(chars: int, size: float = 10.0) -> float:
    """Return a width in inches that holds ``chars`` monospace characters and no more."""
    return (chars + 0.5) * MONO * size / 72 / WIDTH_SLACK


def test_words_wrap_at_spaces() -> None:
    assert MEASURER.count_lines(code("aaaa bbbb cccc"), 10, width_for(14), "code") == 1
    assert MEASURER.count_lines(code("aaaa bbbb cccc"), 10, width_for(9), "code") == 2
    assert MEASURER.count_lines(code("aaaa bbbb cccc"), 10, width_for(8), "code") == 3


def test_hard_line_breaks_each_start_a_line() -> None:
    assert MEASURER.count_lines(code("a\nb\n\nc"), 10, width_for(20), "code") == 4


def test_a_word_longer_than_the_line_breaks_inside_and_is_named() -> None:
    wrap = MEASURER.wrap(code("see " + "x" * 25), 10, width_for(10), "code")
    assert wrap.lines == 4
    assert wrap.broken == "x" * 25
    assert MEASURER.wrap(code("short words"), 10, width_for(10), "code").broken is None


def test_ideographs_break_between_characters() -> None:
    wrap = MEASURER.wrap((Run("云计算云计算"),), 10, 3.5 * 10 / 72 / WIDTH_SLACK)
    assert wrap.lines == 2
    assert wrap.broken is None


def test_no_line_starts_with_a_small_kana_and_korean_wraps_at_spaces() -> None:
    width = 2.5 * 10 / 72 / WIDTH_SLACK
    # Two ideographs a line: クラ|ウド, but not クラ|ッド: no line starts with a small ッ.
    assert MEASURER.wrap((Run("クラウド"),), 10, width).lines == 2
    assert MEASURER.wrap((Run("クラッド"),), 10, width).lines == 3
    korean = MEASURER.wrap((Run("보안그룹은"),), 10, width)
    assert korean.broken == "보안그룹은"


def test_code_indentation_takes_room() -> None:
    assert MEASURER.count_code_lines("    abcdef", 10, width_for(8)) == [2]
    assert MEASURER.count_code_lines("abcdef\n\n\tx", 10, width_for(8)) == [1, 1, 1]


def test_bigger_text_takes_more_lines() -> None:
    text = (Run("Security groups are stateful; network ACLs are stateless and ordered."),)
    lines = [MEASURER.count_lines(text, size, 4.0) for size in (12, 18, 24, 36)]
    assert lines == sorted(lines) and lines[0] < lines[-1]
