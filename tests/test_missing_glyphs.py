"""fit: text that no font on this machine draws is told, at its line, for the PDFs that show it
as empty boxes, and text that is drawn is not.

Which characters a machine lacks depends on its fonts: each test asks the font system itself
(``fc-list``, which the exporter does not use) for a word none of whose characters any installed
font has, from several scripts, and skips where every one is covered. What the warning says is
held against the PDF: each character's glyph, read from the embedded fonts' encodings (a
character drawn as a box is drawn with glyph 0, ``.notdef``).
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from exporter.cli import main
from exporter.resources.fonts import DEFAULT_THEME
from tests.conftest import need_tool

CANDIDATES = (
    ("Hangul", "안녕하세요"),
    ("Ethiopic", "ሰላም"),
    ("Cherokee", "ᎣᏏᏲ"),
    ("Tibetan", "བཀྲ་ཤིས"),
    ("Ol Chiki", "ᱚᱛᱟ"),
    ("Adlam", "𞤀𞤁𞤂"),
    ("Osage", "𐒰𐒱𐒲"),
)
"""Words of scripts few machines have a font for, by their script's name."""
DRAWN = (
    "Plain Latin text, façade",
    "Greek Γειά σου",  # noqa: RUF001
    "Cyrillic Привет мир",
    "Chinese 你好世界",
    "Japanese かなカナ",
    "Emoji 😀 👍🏽 ❤️ 👨‍👩‍👧",
)
"""Lines each drawn with real glyphs wherever the machine has a font for them (the default
theme has Latin, Greek and Cyrillic; CJK and emoji come from the machine's fonts)."""
FRONT = "---\ntitle: Greetings\nsection: 2\n---\n\n"


def invisible(char: str) -> bool:
    """Return whether ``char`` is drawn as no glyph: a space, a joiner, a variation selector."""
    return unicodedata.category(char) in ("Zs", "Cf") or 0xFE00 <= ord(char) <= 0xFE0F


@cache
def installed_has(char: str) -> bool:
    """Return whether an installed font has ``char``, as ``fc-list`` says."""
    query = f":charset={ord(char):x}"
    listed = subprocess.run(["fc-list", query, "file"], capture_output=True, text=True, check=True)
    return bool(listed.stdout.strip())


def undrawn(count: int) -> list[tuple[str, str]]:
    """Return ``count`` candidate words none of whose characters an installed font has, or
    skip the test."""
    need_tool("fc-list", "pdftotext")
    found = [
        (script, word)
        for script, word in CANDIDATES
        if not any(installed_has(char) for char in word if not invisible(char))
    ]
    if len(found) < count:
        pytest.skip(f"this machine has fonts for all but {len(found)} of {CANDIDATES}")
    return found[:count]


def drawn_lines() -> list[str]:
    """Return the lines of ``DRAWN`` this machine has fonts for (Latin, Greek and Cyrillic
    always: the theme has them)."""
    return [
        line for line in DRAWN if all(installed_has(char) for char in line if not invisible(char))
    ]


def build(lesson: Path, out: Path, *flags: str) -> list[dict[str, Any]]:
    """Export ``lesson`` with ``flags`` and return its ``missing-glyphs`` warnings."""
    report = out / "report.json"
    assert main(["build", str(lesson), "-o", str(out), "-q", "--report", str(report), *flags]) == 0
    [lessons] = json.loads(report.read_text(encoding="utf-8"))["lessons"]
    return [d for d in lessons["diagnostics"] if d["code"] == "missing-glyphs"]


def glyphs_of(pdf: Path) -> dict[str, set[int]]:
    """Return the glyphs each character of ``pdf``'s text is drawn with, from each font's
    encoding (codes to glyphs: ``Identity-H``, or a CMap of ``cidchar`` entries, with an
    identity ``CIDToGIDMap``) and its ``ToUnicode`` map (codes to text)."""
    found: dict[str, set[int]] = {}
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            for font in page.Resources.get("/Font", {}).values():
                encoding = font.get("/Encoding")
                glyph_of = (
                    cid_map(encoding.read_bytes())
                    if isinstance(encoding, pikepdf.Stream)
                    else None  # Identity-H: a code is its glyph
                )
                for code, text in unicode_map(font.ToUnicode.read_bytes()).items():
                    glyph = code if glyph_of is None else glyph_of[code]
                    for char in text:
                        found.setdefault(char, set()).add(glyph)
    return found


def cid_map(cmap: bytes) -> dict[int, int]:
    """Return a CMap's ``cidchar`` entries: code to glyph."""
    entries = re.findall(rb"<([0-9a-fA-F]+)>\s+(\d+)", section(cmap, b"cidchar"))
    return {int(code, 16): int(glyph) for code, glyph in entries}


def unicode_map(cmap: bytes) -> dict[int, str]:
    """Return a ``ToUnicode`` CMap's ``bfchar`` entries: code to text."""
    entries = re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", section(cmap, b"bfchar"))
    return {
        int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be") for code, text in entries
    }


def section(cmap: bytes, kind: bytes) -> bytes:
    """Return the entries of every ``begin<kind>`` ... ``end<kind>`` section of a CMap."""
    assert b"range" not in cmap.replace(b"codespacerange", b""), "ranges are not read here"
    return b"".join(re.findall(rb"begin" + kind + rb"(.*?)end" + kind, cmap, re.DOTALL))


def as_boxes(pdf: Path, word: str) -> bool:
    """Return whether every character of ``word`` is drawn in ``pdf``, and only as ``.notdef``."""
    glyphs = glyphs_of(pdf)
    return all(glyphs.get(char) == {0} for char in word if not invisible(char))


def with_glyphs(pdf: Path, text: str) -> bool:
    """Return whether every character of ``text`` is drawn in ``pdf`` with a real glyph."""
    glyphs = glyphs_of(pdf)
    wanted = [char for char in text if not invisible(char)]
    return all(glyphs.get(char) and 0 not in glyphs[char] for char in wanted)


def test_text_no_font_draws_warns_once_a_script_at_its_first_line(
    write_lesson: Callable[..., Path], tmp_path: Path
) -> None:
    (first_script, first), (second_script, second) = undrawn(2)
    lesson = write_lesson(
        FRONT + "# Saying hello\n\n"  # lines 6 and 7
        "- Plain Latin text comes first\n"  # line 8
        f"- Then **{first}** in a bullet\n"  # line 9
        f"- And {first[::-1]} again\n"  # line 10
        "\n<!-- pagebreak -->\n\n## In a table\n\n"  # lines 11 to 15
        "| Language | Word |\n|---|---|\n"  # lines 16 and 17
        f"| Latin | salve |\n| Other | `{second}` |\n"  # lines 18 and 19
    )
    out = tmp_path / "out"
    warned = build(lesson, out, "--format", "pptx,pdf,handout")

    assert [(d["line"], d["slide"]) for d in warned] == [(9, 2), (19, 3)]
    chars = [char for char in dict.fromkeys(first) if not invisible(char)]
    named = [f"U+{ord(c):04X}" if unicodedata.category(c)[0] == "M" else f"'{c}'" for c in chars]
    more = " …" if len(chars) > 5 else ""
    shown = f"{', '.join(named[:5])}{more} ({len(chars)} {first_script} characters)"
    assert f"no font on this machine has {shown}, so " in warned[0]["message"]
    assert f"{second_script} character" in warned[1]["message"]
    for diagnostic in warned:
        message = diagnostic["message"]
        assert message.startswith("no font on this machine has ")
        assert "the .pdf and the .handout.pdf show them as empty boxes" in message
        assert "the .pptx is drawn in the fonts of the machine it is opened on" in message

    # What it says is true: the PDFs draw those characters as boxes, and the rest with glyphs.
    for pdf in (out / "lesson.pdf", out / "lesson.handout.pdf"):
        assert as_boxes(pdf, first) and as_boxes(pdf, second), pdf.name
        assert with_glyphs(pdf, "Plain Latin text comes first"), pdf.name


def test_text_a_font_draws_is_not_warned_about(
    write_lesson: Callable[..., Path], tmp_path: Path
) -> None:
    [(script, word)] = undrawn(1)
    lines = drawn_lines()
    assert lines[:3] == list(DRAWN[:3])  # the theme's own, everywhere
    body = "".join(f"- {line}\n" for line in lines)
    lesson = write_lesson(FRONT + "# Many scripts\n\n" + body + f"- and {word}\n" + body)
    out = tmp_path / "out"
    [warned] = build(lesson, out, "--format", "pdf,handout")
    assert warned["line"] == 8 + len(lines)
    count = len([char for char in dict.fromkeys(word) if not invisible(char)])
    assert f"({count} {script} characters)" in warned["message"]
    for line in lines:
        assert with_glyphs(out / "lesson.pdf", line), line
    assert as_boxes(out / "lesson.pdf", word)


def test_a_deck_alone_is_not_warned_about(
    write_lesson: Callable[..., Path], tmp_path: Path
) -> None:
    # PowerPoint or LibreOffice draws a deck in the fonts of the machine that opens it.
    [(_, word)] = undrawn(1)
    lesson = write_lesson(FRONT + f"# Hello\n\n- {word}\n")
    assert build(lesson, tmp_path / "deck", "--format", "pptx") == []
    warned = build(lesson, tmp_path / "both", "--format", "pptx,answers,handout")
    assert [d["line"] for d in warned] == [8]
    assert "so the .handout.pdf shows them as empty boxes" in warned[0]["message"]


def test_the_title_is_found_in_the_front_matter_and_notes_only_where_drawn(
    write_lesson: Callable[..., Path], tmp_path: Path
) -> None:
    (_, first), (_, second) = undrawn(2)
    lesson = write_lesson(
        f"---\ntitle: Hello {first}\nsection: 2\n---\n\n# Plain\n\n- text\n\n"  # lines 1 to 9
        f"<!-- notes: say {second} aloud -->\n"  # line 10
    )
    [title] = build(lesson, tmp_path / "slides", "--format", "pdf")
    assert (title["line"], title["slide"]) == (2, 1)
    warned = build(lesson, tmp_path / "notes", "--format", "handout", "--handout", "notes")
    assert [d["line"] for d in warned] == [2, 10]
    assert "so the .handout.pdf shows" in warned[1]["message"]
    assert as_boxes(tmp_path / "notes" / "lesson.handout.pdf", second)
    students = ("--format", "handout", "--handout", "notes", "--edition", "student")
    assert [d["line"] for d in build(lesson, tmp_path / "students", *students)] == [2]


def glyph_font(chars: str, family: str, style: str) -> bytes:
    """Return a TrueType font of ``family`` in ``style`` with a glyph (a bar) for each of
    ``chars``."""
    from fontTools.fontBuilder import FontBuilder  # type: ignore[import-untyped]
    from fontTools.pens.ttGlyphPen import TTGlyphPen  # type: ignore[import-untyped]

    names = {char: f"uni{ord(char):04X}" for char in chars}

    def bar() -> Any:
        pen = TTGlyphPen(None)
        pen.moveTo((100, 0))
        pen.lineTo((100, 600))
        pen.lineTo((400, 600))
        pen.lineTo((400, 0))
        pen.closePath()
        return pen.glyph()

    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "space", *names.values()])
    builder.setupCharacterMap({32: "space", **{ord(char): name for char, name in names.items()}})
    builder.setupGlyf(
        {".notdef": bar(), "space": TTGlyphPen(None).glyph()}
        | {name: bar() for name in names.values()}
    )
    builder.setupHorizontalMetrics({name: (500, 100) for name in builder.font.getGlyphOrder()})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": family, "styleName": style})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    data = io.BytesIO()
    builder.save(data)
    return data.getvalue()


@pytest.mark.parametrize("role", ["body", "code"])
def test_a_theme_whose_font_has_the_script_is_not_warned_about(
    write_lesson: Callable[..., Path], tmp_path: Path, role: str
) -> None:
    # Drawn in the theme's font: in its own role's text, or by fallback in another's.
    [(_, word)] = undrawn(1)
    theme = tmp_path / "theme"
    (theme / "fonts").mkdir(parents=True)
    toml = DEFAULT_THEME.joinpath("theme.toml").read_text(encoding="utf-8")
    role_font = rf'(\[fonts\.{role}\]\nname = )"[^"]*"\nfile = "[^"]*"'
    toml = re.sub(role_font, r'\1"Glyphs"\nfile = "Glyphs"', toml)
    assert '"Glyphs"' in toml
    toml = toml.replace('name = "default"', 'name = "theme"', 1)
    (theme / "theme.toml").write_text(toml, encoding="utf-8")
    letters = "".join(map(chr, range(0x21, 0x7F)))
    for style in ("Regular", "Bold", "Italic", "BoldItalic"):
        font = glyph_font(letters + word, "Glyphs", style)
        (theme / "fonts" / f"Glyphs-{style}.ttf").write_bytes(font)
    lesson = write_lesson(FRONT + f"# Hello\n\n- {word} in the body\n")
    out = tmp_path / "out"
    assert build(lesson, out, "--format", "pdf", "--theme", str(theme)) == []
    assert with_glyphs(out / "lesson.pdf", word)
    # The same lesson in the default theme is warned about: the theme's font made the difference.
    assert len(build(lesson, tmp_path / "default", "--format", "pdf")) == 1


def test_a_character_of_no_script_is_named_by_what_it_is(
    write_lesson: Callable[..., Path], tmp_path: Path
) -> None:
    need_tool("fc-list", "pdftotext")
    private = [char for char in ("\U0010fffd", "\ue000", "\uf8ff") if not installed_has(char)]
    if not private:
        pytest.skip("this machine has a font for every private-use candidate")
    char = private[0]
    lesson = write_lesson(FRONT + f"# Logos\n\n- the logo {char} here\n")
    out = tmp_path / "out"
    [warned] = build(lesson, out, "--format", "pdf")
    assert warned["line"] == 8
    assert (
        f"has U+{ord(char):04X} (1 private-use character), so the .pdf shows it as an empty box"
        in warned["message"]
    )
    assert as_boxes(out / "lesson.pdf", char)
