"""template: a heading or body font the template embeds is measured and drawn as it is; one it
embeds in a form we cannot read (MicroType Express, garbage, no bold, a subset) falls back to
its twin with a warning.

The embedded font is Liberation Serif renamed "School Serif" with fontTools (so its widths are
known), embedded as PowerPoint does: a font part per face, listed in the presentation part's
``p:embeddedFontLst``, wrapped in an Embedded OpenType header written here from the spec.
"""

from __future__ import annotations

import io
import re
import struct
import subprocess
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from fontTools.subset import Options, Subsetter  # type: ignore[import-untyped]
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from lxml import etree

from exporter.cli import main
from exporter.measure import Face, face
from exporter.resources import font_file, theme_font
from exporter.resources.fonts import DEFAULT_THEME
from exporter.template.fonts import COMPRESSED, XOR, Unusable, eot_font, usable
from exporter.theme import Font, Theme, load_theme
from tests.conftest import LESSONS, need_tool
from tests.package_check import package_problems
from tests.template_kit import NS, Kit, P, R, plain_kit, set_fonts

LESSON = LESSONS / "section-14" / "lesson-1.md"
FAMILY = "School Serif"
SAMPLE = "The quick brown fox jumps over the lazy dog, 0123456789!"
FONT_DATA = "application/x-fontdata"


def renamed(source: str, bold: bool, family: str = FAMILY) -> bytes:
    """Return a default theme font file (``Liberation Serif``...) renamed ``family``."""
    data = font_file(DEFAULT_THEME, source, bold, exact=True)
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)  # the same bytes each time
    style = "Bold" if bold else "Regular"
    names = {
        1: family,
        4: f"{family} {style}",
        6: f"{family.replace(' ', '')}-{style}",
        16: family,
    }
    for record in list(font["name"].names):
        if record.nameID in names:
            font["name"].setName(names[record.nameID], record.nameID, *platform(record))
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def platform(record: object) -> tuple[int, int, int]:
    """Return a name record's platform, encoding and language ids."""
    return record.platformID, record.platEncID, record.langID  # type: ignore[attr-defined]


def eot(font: bytes, flags: int = 0) -> bytes:
    """Return ``font`` wrapped in an Embedded OpenType (version 0x00020001) header, its data
    XORed with 0x50 when ``flags`` has ``XOR``."""
    parsed = TTFont(io.BytesIO(font))
    os2 = parsed["OS/2"]
    raw_os2 = parsed.reader["OS/2"]
    data = bytes(byte ^ 0x50 for byte in font) if flags & XOR else font
    body = struct.pack(
        "<10sBBIHH",
        raw_os2[32:42],  # PANOSE
        1,  # DEFAULT_CHARSET
        1 if os2.fsSelection & 1 else 0,
        os2.usWeightClass,
        os2.fsType,
        0x504C,
    )
    ranges = (os2.ulUnicodeRange1, os2.ulUnicodeRange2, os2.ulUnicodeRange3, os2.ulUnicodeRange4)
    body += struct.pack("<4I", *ranges)
    body += struct.pack("<2I", os2.ulCodePageRange1, os2.ulCodePageRange2)
    body += struct.pack("<I", parsed["head"].checkSumAdjustment) + bytes(16)
    for name_id in (1, 2, 5, 4):  # family, style, version, full name
        name = parsed["name"].getDebugName(name_id).encode("utf-16-le")
        body += struct.pack("<HH", 0, len(name)) + name
    body += struct.pack("<HH", 0, 0)  # Padding5, RootStringSize: no root string
    size = 16 + len(body) + len(data)
    return struct.pack("<IIII", size, len(data), 0x00020001, flags) + body + data


def embed(kit: Kit, family: str, faces: dict[str, bytes]) -> None:
    """Embed ``faces`` (``regular``, ``bold``...) of ``family`` in the kit's presentation, as
    PowerPoint does."""
    kit.default("fntdata", FONT_DATA)
    main_part = "ppt/presentation.xml"
    element = etree.Element(f"{{{P}}}embeddedFont")
    etree.SubElement(element, f"{{{P}}}font", typeface=family, pitchFamily="18", charset="0")
    for style, data in faces.items():
        number = 1 + sum(name.startswith("ppt/fonts/") for name in kit.parts)
        name = f"ppt/fonts/font{number}.fntdata"
        kit.add(name, data, None)
        rid = kit.relate(main_part, "font", name)
        etree.SubElement(element, f"{{{P}}}{style}", {f"{{{R}}}id": rid})
    root = kit.xml(main_part)
    fonts = root.find("p:embeddedFontLst", NS)
    if fonts is None:
        fonts = etree.Element(f"{{{P}}}embeddedFontLst")
        notes = root.find("p:notesSz", NS)
        assert notes is not None
        notes.addnext(fonts)
    fonts.append(element)


def school(folder: Path, faces: dict[str, bytes], family: str = FAMILY) -> Path:
    """Write a 16:9 template in ``family`` (headings) and Calibri (body), embedding ``faces``."""
    kit = plain_kit()
    set_fonts(kit, family, "Calibri")
    embed(kit, family, faces)
    return kit.save(folder / "school.pptx")


def serif_faces(wrap: bool = True, flags: int = 0) -> dict[str, bytes]:
    """Return School Serif's regular and bold faces, EOT-wrapped or not."""
    made = {
        style: renamed("Liberation Serif", bold)
        for style, bold in (("regular", False), ("bold", True))
    }
    return {style: eot(data, flags) if wrap else data for style, data in made.items()}


def font_warnings(theme: Theme) -> list[str]:
    return [d.message for d in theme.warnings if d.code == "template-font"]


def widths(measured: Face) -> list[float]:
    return [measured.char(char) for char in SAMPLE]


def liberation(bold: bool = False) -> Face:
    return Face(font_file(DEFAULT_THEME, "Liberation Serif", bold, exact=True))


@pytest.mark.parametrize("flags", [0, XOR], ids=["plain-eot", "xor-eot"])
def test_an_embedded_eot_font_is_measured_with(tmp_path: Path, flags: int) -> None:
    theme = load_theme("default", school(tmp_path, serif_faces(flags=flags)))
    assert theme.fonts.heading == Font(FAMILY, FAMILY, 1.0)
    assert theme.fonts.body.file == "Carlito"
    assert font_warnings(theme) == []
    assert theme_font(theme, FAMILY, bold=True) == renamed("Liberation Serif", True)
    assert widths(face(theme, FAMILY)) == widths(liberation())
    assert widths(face(theme, FAMILY, bold=True)) == widths(liberation(True))
    # No italic face embedded: italic is measured with the regular face, as a theme's is.
    assert theme_font(theme, FAMILY, italic=True) == renamed("Liberation Serif", False)


def test_a_raw_truetype_font_embedded_is_used_as_it_is(tmp_path: Path) -> None:
    theme = load_theme("default", school(tmp_path, serif_faces(wrap=False)))
    assert theme.fonts.heading == Font(FAMILY, FAMILY, 1.0)
    assert font_warnings(theme) == []


def test_faces_of_one_name_from_two_templates_are_not_confused(tmp_path: Path) -> None:
    serif = load_theme("default", school(tmp_path / "a", serif_faces()))
    sans_faces = {
        style: renamed("Liberation Sans", bold)
        for style, bold in (("regular", False), ("bold", True))
    }
    sans = load_theme("default", school(tmp_path / "b", sans_faces))
    assert widths(face(serif, FAMILY)) == widths(liberation())
    assert widths(face(sans, FAMILY)) != widths(liberation())


def subset(data: bytes) -> bytes:
    """Return ``data`` with the glyphs of "Title" only, as "embed only the characters used"."""
    font = TTFont(io.BytesIO(data))
    subsetter = Subsetter(Options())
    subsetter.populate(text="Title")
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


UNUSABLE: dict[str, tuple[Callable[[], dict[str, bytes]], str]] = {
    "mtx": (lambda: serif_faces(flags=COMPRESSED | XOR), "MicroType Express"),
    "garbage": (lambda: {"regular": b"\x00garbage" * 40, "bold": b"x" * 10}, "neither"),
    "no bold": (lambda: {"regular": serif_faces()["regular"]}, "no bold face"),
    "subset": (
        lambda: {s: eot(subset(d)) for s, d in serif_faces(wrap=False).items()},
        "basic Latin",
    ),
    "broken font": (
        lambda: {s: d[:4] + bytes(200) for s, d in serif_faces(wrap=False).items()},
        "cannot be read as a font",
    ),
}


@pytest.mark.parametrize("case", list(UNUSABLE))
def test_an_embedded_font_that_cannot_be_used_falls_back_to_its_twin(
    tmp_path: Path, case: str
) -> None:
    make, why = UNUSABLE[case]
    theme = load_theme("default", school(tmp_path, make()))
    assert theme.fonts.heading == Font(FAMILY, "Liberation Serif", 1.08)
    (embedded,) = [m for m in font_warnings(theme) if "is embedded, but" in m]
    assert f"heading font {FAMILY!r}" in embedded and why in embedded
    assert "measured with Liberation Serif instead" in embedded
    assert widths(face(theme, theme.fonts.heading.file)) == widths(liberation())


def test_an_eot_whose_sizes_do_not_add_up_is_unusable() -> None:
    good = eot(renamed("Liberation Serif", False))
    assert usable(good) == eot_font(good)
    for bad in (good[:-1], good[:4] + struct.pack("<I", len(good)) + good[8:], good[:60]):
        with pytest.raises(Unusable):
            usable(bad)


def test_template_check_says_a_font_is_measured_with_its_embedded_font(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = school(tmp_path, serif_faces(flags=XOR))
    assert main(["template", "check", str(template)]) == 0
    out = capsys.readouterr().out
    assert f"heading: {FAMILY}, measured with its embedded font" in out
    assert "body: Calibri, measured with Carlito (metric-compatible)" in out


def pdf_fonts(pdf: Path) -> list[str]:
    """Return the names of the fonts a PDF embeds (``pdffonts``), subset prefixes removed
    (WeasyPrint names each after its CSS family: ``lx-`` and the theme font's file)."""
    rows = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return [row.split()[0].split("+")[-1] for row in rows]


def font_streams(pdf: Path) -> list[bytes]:
    """Return the PDF's compressed streams, decompressed (its font files among them)."""
    data = pdf.read_bytes()
    found = []
    for start in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", start.end())
        try:
            found.append(zlib.decompressobj().decompress(data[start.end() : end]))
        except zlib.error:
            continue  # not a Flate stream
    return found


def test_a_deck_in_an_embedded_font_exports_and_its_pdf_draws_with_it(tmp_path: Path) -> None:
    need_tool("pdffonts")
    template = school(tmp_path, serif_faces(flags=XOR))
    out = tmp_path / "out"
    args = ["build", str(LESSON), "-o", str(out), "-q", "--offline"]
    assert main([*args, "--format", "pptx,pdf", "--template", str(template)]) == 0
    deck = (out / "lesson-1.pptx").read_bytes()
    assert package_problems(deck) == []
    assert b"ppt/fonts/font1.fntdata" in deck  # the deck still embeds the template's font
    pdf = out / "lesson-1.pdf"
    names = pdf_fonts(pdf)
    assert any(name.startswith("lx-School-Serif") for name in names), names
    assert not any(name.startswith("lx-Liberation") for name in names), names
    # The font file the PDF embeds is the template's (renamed) one, not a twin.
    assert any(FAMILY.encode("utf-16-be") in stream for stream in font_streams(pdf))


@pytest.mark.parametrize(
    ("font", "said"),
    [
        ("Tahoma", "measured with Liberation Sans, as wide, and 6% wider in bold, so bold lines"),
        ("Verdana", "measured with Liberation Sans, 14% wider (19% in bold), so lines may break"),
        ("Gill Sans Nova", "measured with Liberation Sans, 8% wider, so lines may break"),
    ],
)
def test_a_font_without_a_twin_is_said_to_be_measured_as_wide_as_it_is(
    font: str, said: str
) -> None:
    """Tahoma, as wide as Arial but wider in bold, was said to be "0% wider ... so lines may
    break earlier" (template review)."""
    from importlib import resources

    from exporter.template.derive import twinned

    problems: list[str] = []
    twinned("body", font, resources.files("exporter.themes").joinpath("default"), problems)
    [problem] = problems
    assert said in problem and "0% wider" not in problem, problem
