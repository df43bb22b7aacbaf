"""icons among muted words: on a quiz's reveal slide a wrong option and its explanation are
drawn in the muted grey, and so are the icons in their lines (``ImageFrame.faded``: their
pictures greyed and lightened once, so that the deck, LibreOffice's print, the slide PDF and
the outline show the same pixels); a right answer's icons, the question slide's and a
footnote's keep their colours.

The lesson of ``test_icons_notes`` (``tests/fixtures/icons/encryption-quiz.md``) is read
back: the deck's pictures themselves, and each PDF's pixels inside each icon's box.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from PIL import Image as PILImage
from pptx import Presentation
from pptx.shapes.picture import Picture as PptxPicture

from exporter.resources.images import decode_picture, greyed
from tests.conftest import need_tool
from tests.test_icons_notes import Outputs, outputs
from tests.test_inline_icons import pdf_images

__all__ = ["outputs"]  # the lesson's outputs, exported once for both modules' tests

GREY, COLOUR = "grey", "colour"
REVEALED = {
    # reveal slide (from 0): its icons in reading order, greyed or in their colours
    3: [GREY, GREY, COLOUR, COLOUR, GREY, GREY],  # A) and C) are wrong
    5: [COLOUR, COLOUR, GREY, GREY],  # B) is wrong
}


def tone_of(pixels: list[tuple[int, int, int]]) -> str | None:
    """Return whether ``pixels`` (those of an icon not white) are greyed (no colour, none
    darker than a greyed picture's darkest) or in colour; ``None``: neither."""
    inked = [p for p in pixels if min(p) < 235]
    assert inked
    saturation = max(max(p) - min(p) for p in inked)
    darkest = min(sum(p) / 3 for p in inked)
    if saturation < 16 and darkest > 150:
        return GREY
    return COLOUR if saturation > 60 else None


def rgb(image: PILImage.Image) -> list[tuple[int, int, int]]:
    """Return the pixels of an RGB ``image``."""
    data = image.tobytes()
    return [(data[i], data[i + 1], data[i + 2]) for i in range(0, len(data), 3)]


def picture_tone(data: bytes) -> str | None:
    """Return the tone of a picture's opaque pixels, on white."""
    with PILImage.open(io.BytesIO(data)) as opened:
        shown = PILImage.new("RGB", opened.size, "white")
        shown.paste(opened.convert("RGBA"), mask=opened.convert("RGBA").getchannel("A"))
    return tone_of(rgb(shown))


def deck_tones(deck: Path) -> dict[int, list[str | None]]:
    """Return each slide's pictures' tones, in reading order (by line, then across)."""
    found: dict[int, list[str | None]] = {}
    for number, slide in enumerate(Presentation(str(deck)).slides):
        pictures = [s for s in slide.shapes if isinstance(s, PptxPicture)]
        pictures.sort(key=lambda s: (round(s.top / 76200), s.left))  # 6 pt a line's slack
        found[number] = [picture_tone(p.image.blob) for p in pictures]
    return found


def pdf_tones(pdf: Path, work: Path) -> list[list[str | None]]:
    """Return each page's icons' tones, in reading order, from the pixels inside each
    icon's box as the page is rasterised (half a point left out on each side)."""
    need_tool("pdftoppm")
    dpi = 150
    scale = dpi / 72
    tones = []
    for number, boxes in enumerate(pdf_images(pdf), start=1):
        stem = work / f"{pdf.stem}-{number}"
        command = ["pdftoppm", "-png", "-r", str(dpi), "-f", str(number), "-l", str(number)]
        subprocess.run([*command, "-singlefile", str(pdf), str(stem)], check=True)
        with PILImage.open(f"{stem}.png") as page:
            shown = page.convert("RGB")
        ordered = sorted(boxes, key=lambda b: (round(b[1] / 6), b[0]))
        found = []
        for left, top, right, bottom in ordered:
            inset = 0.5
            region = shown.crop(
                (
                    round((left + inset) * scale),
                    round((top + inset) * scale),
                    round((right - inset) * scale),
                    round((bottom - inset) * scale),
                )
            )
            found.append(tone_of(rgb(region)))
        tones.append(found)
    return tones


def test_greyed_keeps_the_shape_and_lightens_the_colours() -> None:
    """A greyed picture is as large as its picture, transparent where it is, in greys no
    darker than a greyed picture's darkest."""
    source = Path(__file__).parent / "fixtures" / "icons" / "icons" / "shield.png"
    picture = decode_picture(source.read_bytes())
    assert not isinstance(picture, str)
    grey = greyed(picture)
    assert (grey.width, grey.height, grey.extension) == (picture.width, picture.height, "png")
    assert picture_tone(picture.data) == COLOUR and picture_tone(grey.data) == GREY
    with PILImage.open(io.BytesIO(grey.data)) as opened:
        corner = opened.convert("RGBA").getpixel((0, 0))
        assert isinstance(corner, tuple) and corner[3] == 0  # its corner still clear


def test_the_deck_greys_the_icons_of_wrong_answers_only(outputs: Outputs) -> None:
    """The deck's pictures: on each reveal slide the wrong options' and their explanations'
    icons are greyed, the right answer's in colour; the footnotes' and the question slides'
    keep their colours."""
    tones = deck_tones(outputs(".pptx"))
    for number, expected in REVEALED.items():
        assert tones[number] == expected, number
    assert tones[1] == [COLOUR, COLOUR]  # the footnotes' lock and key
    assert set(tones[2]) == {COLOUR, None}  # the question: the gear is grey, not greyed
    assert tones[4] == [COLOUR, COLOUR]


def test_every_pdf_shows_the_decks_greys(outputs: Outputs, tmp_path: Path) -> None:
    """LibreOffice's print of the deck and our slide PDF show the same tones at each icon
    as the deck's pictures; the outline, which shows the reveal slides' text, greys the
    same six icons."""
    for pdf in (outputs.printed, outputs(".pdf")):
        tones = pdf_tones(pdf, tmp_path)
        for number, expected in REVEALED.items():
            assert tones[number] == expected, (pdf.name, number)
        assert tones[1] == [COLOUR, COLOUR], pdf.name
    outline = [tone for page in pdf_tones(outputs(".handout.pdf"), tmp_path) for tone in page]
    assert outline.count(GREY) == 6 and outline.count(COLOUR) == 6, outline
