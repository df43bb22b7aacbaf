"""images: checked and normalised with Pillow, placed by the fit, and drawn alike in both outputs.

Every image here is a real file made with Pillow (or a header written byte by byte) in the
test's own folder; what the outputs hold is read back with python-pptx, pdfplumber and
poppler's pdfimages.
"""

from __future__ import annotations

import io
import itertools
import math
import os
import random
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable
from dataclasses import replace
from importlib import metadata
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from PIL import Image as PILImage
from PIL import ImageCms, ImageDraw, ImageFile, PngImagePlugin
from pptx import Presentation
from pptx.shapes.picture import Picture as PptxPicture

import exporter.resources.images as images_module
from exporter.builder import build_deck
from exporter.cli import main
from exporter.errors import Diagnostic
from exporter.fit import fit_deck
from exporter.geometry import (
    LEAST_PPI,
    TEXT_INSET,
    Box,
    ImageFrame,
    LaidOutDeck,
    PlacedSlide,
    TextFrame,
)
from exporter.jobs import Job
from exporter.pipeline import lay_out
from exporter.resources import Picture, Place, load_picture, scaled
from exporter.resources.images import MAX_FRAMES, MAX_PIXELS, RESAMPLE_SLACK, decode_picture
from exporter.resources.resample import SHOWN_PPI, resample_pictures
from exporter.source import Page, parse_source
from exporter.theme import load_theme
from exporter.theme_files import builtin_themes
from tests.conftest import ROOT, listed, need_tool, page_text, slide_texts, squeeze
from tests.test_resources import unblocked

THEME = load_theme()
EMU_PER_INCH = 914400
POINTS_PER_INCH = 72
PLACEHOLDER = "Image not available"
ORIENTATION = 0x0112
"""The EXIF tag saying which way up the stored pixels are to be seen."""
SIDES = 0.02
"""How closely, in inches, a box must reach a side of the body to touch it."""
TEXT_SHARE = 0.55
"""The share of the body's width the text keeps beside an image (the fit's policy)."""


# Making images.


def encoded(image: PILImage.Image, fmt: str, **options: object) -> bytes:
    """Return ``image`` saved in ``fmt`` with Pillow."""
    stream = io.BytesIO()
    image.save(stream, fmt, **options)
    return stream.getvalue()


def noise(size: tuple[int, int] = (200, 150), seed: int = 1) -> PILImage.Image:
    """Return an RGB picture of (seeded) noise: it compresses badly, so half a file is half."""
    pixels = random.Random(seed).randbytes(size[0] * size[1] * 3)
    return PILImage.frombytes("RGB", size, pixels)


def marked(size: tuple[int, int]) -> PILImage.Image:
    """Return a white picture with a red block in its stored top-left corner."""
    image = PILImage.new("RGB", size, "white")
    image.paste((255, 0, 0), (0, 0, size[0] // 5, size[1] // 5))
    return image


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_only(width: int, height: int, depth: int = 8, colour: int = 2) -> bytes:
    """Return a valid PNG signature and IHDR claiming ``width`` x ``height``, and no pixels."""
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IEND", b"")


def jpeg_claiming(width: int, height: int) -> bytes:
    """Return a real 16 x 16 JPEG whose frame header claims ``width`` x ``height``."""
    data = bytearray(encoded(PILImage.new("RGB", (16, 16), "red"), "JPEG"))
    start = data.index(b"\xff\xc0")  # SOF0: marker, length, precision, height, width
    data[start + 5 : start + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def gif_claiming(width: int, height: int) -> bytes:
    """Return a GIF whose screen and only frame claim ``width`` x ``height``, with no pixels."""
    screen = struct.pack("<HHBBB", width, height, 0, 0, 0)
    frame = b"," + struct.pack("<HHHHB", 0, 0, width, height, 0)
    return b"GIF89a" + screen + frame + b"\x02\x02\x44\x01\x00;"


def exif(**tags: object) -> bytes:
    """Return an EXIF block with ``tags`` (``orientation=6``, ``make="..."``, ``gps=True``)."""
    block = PILImage.Exif()
    if "orientation" in tags:
        block[ORIENTATION] = tags["orientation"]
    if "make" in tags:
        block[0x010F] = tags["make"]
    if tags.get("gps"):
        block[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    return block.tobytes()


SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
"""A real ICC profile, to check colour profiles survive."""
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/">'
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b"<rdf:Description>SecretXMP</rdf:Description></rdf:RDF></x:xmpmeta>"
)


def icc_header(space: bytes) -> bytes:
    """Return a minimal ICC profile (a header and no tags) for the colour space ``space``."""
    profile = bytearray(132)
    struct.pack_into(">I", profile, 0, len(profile))
    profile[8:12] = bytes((2, 0x10, 0, 0))  # version 2.1
    profile[12:16], profile[16:20], profile[20:24] = b"prtr", space, b"Lab "
    profile[36:40] = b"acsp"
    return bytes(profile)


# Reading results.


def picture_of(data: bytes) -> Picture:
    result = decode_picture(data)
    assert isinstance(result, Picture), result
    return result


def reason_for(data: bytes) -> str:
    result = decode_picture(data)
    assert isinstance(result, str), f"accepted: {result!r:.80}"
    return result


def opened(data: bytes) -> PILImage.Image:
    image = PILImage.open(io.BytesIO(data))
    image.load()
    return image


def grey_at(image: PILImage.Image, x: int) -> int:
    """Return the grey level of ``image`` (mode L) at (x, 0)."""
    value = image.getpixel((x, 0))
    assert isinstance(value, int), value
    return value


def rgba_at(image: PILImage.Image, xy: tuple[int, int]) -> tuple[int, ...]:
    """Return the RGBA pixel of ``image`` at ``xy``."""
    value = image.convert("RGBA").getpixel(xy)
    assert isinstance(value, tuple), value
    return value


def is_red(pixel: Any) -> bool:
    red, green, blue = pixel[:3]
    return bool(red > 200 and green < 80 and blue < 80)


def red_corners(image: PILImage.Image) -> set[str]:
    """Return which corners of ``image`` are red (looked at a few pixels in)."""
    rgb = image.convert("RGB")
    right, bottom = rgb.width - 4, rgb.height - 4
    corners = {
        "top-left": (3, 3),
        "top-right": (right, 3),
        "bottom-left": (3, bottom),
        "bottom-right": (right, bottom),
    }
    return {name for name, xy in corners.items() if is_red(rgb.getpixel(xy))}


# Lessons.

FRONT = "---\ntitle: Images\n---\n\n"
BREAK = "\n\n<!-- pagebreak -->\n\n"


def lesson_text(*pages: str) -> str:
    """Return a lesson with one slide per page, each page under its own ``###`` title."""
    return FRONT + BREAK.join(f"### Slide {n}\n\n{body}" for n, body in enumerate(pages, 1)) + "\n"


def line_of(text: str, needle: str) -> int:
    """Return the 1-based line of ``text`` that ``needle`` is on."""
    return text[: text.index(needle)].count("\n") + 1


def export(lesson: Path, out: Path, *flags: str, formats: str = "pptx,pdf") -> int:
    """Run ``lesson-export build`` on ``lesson`` (a file or a folder) and return its status."""
    root = lesson if lesson.is_dir() else lesson.parent
    command = ["build", str(lesson), "-o", str(out), "-q", "--root", str(root)]
    return main([*command, "--format", formats, *flags])


def placed(lesson: Path) -> tuple[tuple[PlacedSlide, ...], list[Diagnostic]]:
    """Return a lesson's slides laid out (title slide first), and its warnings."""
    job = Job(lesson, str(lesson), lesson.with_suffix(""), lesson.parent)
    laid, diagnostics = lay_out(job, THEME)
    return laid.slides, diagnostics


def body_area() -> Box:
    """Return the body's area under a one-line title, from the theme's grid."""
    grid = THEME.slide
    return Box(
        grid.margin, grid.body_top, grid.width - 2 * grid.margin, grid.body_bottom - grid.body_top
    )


def pptx_pictures(deck: Path) -> list[list[Any]]:
    """Return each slide's picture shapes."""
    return [
        [shape for shape in slide.shapes if isinstance(shape, PptxPicture)]
        for slide in Presentation(str(deck)).slides
    ]


def pdf_images(pdf: Path) -> list[list[dict[str, Any]]]:
    """Return each page's images as pdfplumber sees them (bbox in points, ``srcsize``)."""
    with pdfplumber.open(pdf) as document:
        return [list(page.images) for page in document.pages]


def inches(emu: int) -> float:
    return emu / EMU_PER_INCH


# The pixel limit, read from the header before anything is decoded.


@pytest.mark.parametrize(
    ("make", "width", "height"),
    [
        (png_header_only, 30000, 30000),  # far over Pillow's own bomb limit too
        (png_header_only, 8000, 5001),  # just over ours, under Pillow's
        (jpeg_claiming, 30000, 30000),
        (jpeg_claiming, 7000, 7000),
        (gif_claiming, 7000, 7000),
    ],
)
def test_a_header_claiming_too_many_pixels_is_refused_without_decoding(
    make: Callable[[int, int], bytes], width: int, height: int
) -> None:
    assert width * height > MAX_PIXELS
    reason = reason_for(make(width, height))
    assert "pixels" in reason and f"{MAX_PIXELS // 1_000_000} million" in reason
    assert "truncated" not in reason  # which would mean it tried to decode


def test_a_header_at_the_pixel_limit_passes_the_check_and_then_fails_to_decode() -> None:
    """The contrast to the test above: the same header-only file, at the limit, is decoded."""
    data = png_header_only(8000, MAX_PIXELS // 8000, depth=1, colour=0)
    assert reason_for(data).startswith("the image is damaged or truncated")


def test_the_30000_pixel_png_through_a_lesson_folder(tmp_path: Path) -> None:
    (tmp_path / "bomb.png").write_bytes(png_header_only(30000, 30000))
    reason = load_picture("bomb.png", Place(tmp_path, tmp_path))
    assert isinstance(reason, str) and "million" in reason and "truncated" not in reason


# Damaged files.


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_file_cut_in_half_is_damaged_or_truncated(fmt: str) -> None:
    whole = encoded(noise(), fmt)
    assert (picture_of(whole).width, picture_of(whole).height) == (200, 150)
    assert reason_for(whole[: len(whole) // 2]).startswith("the image is damaged or truncated")


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_truncated_file_is_refused_whatever_pillow_is_told(
    fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # as WeasyPrint's import does
    whole = encoded(noise(), fmt)
    assert reason_for(whole[: len(whole) // 2]).startswith("the image is damaged or truncated")


def test_every_lesson_of_a_pdf_run_refuses_its_truncated_image(tmp_path: Path) -> None:
    course = tmp_path / "course"
    course.mkdir()
    half = encoded(noise(), "PNG")
    for name in ("a", "b"):
        (course / f"{name}.png").write_bytes(half[: len(half) // 2])
        (course / f"{name}.md").write_text(lesson_text(f"![Cut]({name}.png)"), encoding="utf-8")
    # A fresh process, as a user runs it: this one may have imported WeasyPrint already.
    command = [sys.executable, "-m", "exporter", "build", str(course), "-o", str(tmp_path / "out")]
    done = subprocess.run(
        [*command, "-q", "--format", "pptx,pdf"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    for name in ("a", "b"):
        message = f"image '{name}.png' is shown as a placeholder: the image is damaged"
        assert message in done.stderr


# Files that are not PNG, JPEG, GIF or WebP, whatever they are called.


def pillow_made(fmt: str) -> Callable[[], bytes]:
    return lambda: encoded(noise((32, 32)), fmt)


@pytest.mark.parametrize(
    ("make", "named"),
    [
        (lambda: b"8BPS\x00\x01" + bytes(20), "a Photoshop (PSD) file"),
        (lambda: b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n", "PostScript (EPS)"),
        (lambda: b"\xc5\xd0\xd3\xc6" + bytes(26), "PostScript (EPS)"),  # a DOS EPS binary
        (pillow_made("BMP"), "a BMP image"),
        (pillow_made("TIFF"), "a TIFF image"),
        (pillow_made("PDF"), "a PDF document"),
        (pillow_made("ICO"), "an icon (ICO) file"),
        (lambda: b"<!DOCTYPE html><html><body>404</body></html>", "an HTML page"),
    ],
)
def test_other_formats_named_png_are_refused_and_named(
    make: Callable[[], bytes], named: str, tmp_path: Path
) -> None:
    (tmp_path / "picture.png").write_bytes(make())
    reason = load_picture("picture.png", Place(tmp_path, tmp_path))
    assert isinstance(reason, str)
    assert named in reason and "not a PNG, JPEG, GIF or WebP image" in reason


@pytest.mark.parametrize("fmt", ["PPM", "TGA", "PCX", "QOI", "DDS", "SGI"])
def test_formats_pillow_could_decode_are_not_read_at_all(fmt: str) -> None:
    """Only four of Pillow's decoders ever see a lesson's bytes, whatever they are."""
    PILImage.init()
    if fmt not in PILImage.SAVE:  # QOI, on the Pillow of the floor check (.ci/floor)
        version = metadata.version("Pillow")
        pytest.skip(f"Pillow {version} cannot write {fmt} to make the test file")
    data = encoded(noise((8, 8)), fmt)
    assert PILImage.open(io.BytesIO(data)).format == fmt  # Pillow itself would read it
    assert reason_for(data) == "it is not a PNG, JPEG, GIF or WebP image"


@pytest.mark.parametrize(
    "text",
    [
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
        '\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<!-- Inkscape -->\n<svg width="1"/>',
    ],
)
def test_an_svg_drawing_is_refused_with_advice(text: str, tmp_path: Path) -> None:
    for name in ("drawing.svg", "drawing.png"):
        (tmp_path / name).write_text(text, encoding="utf-8")
        reason = load_picture(name, Place(tmp_path, tmp_path))
        assert reason == "SVG drawings are not supported; export it as PNG"


# Normalised: upright, PNG or JPEG, 8-bit, one frame, no metadata.

VIEWED = {3: "bottom-right", 6: "top-right", 8: "bottom-left"}
"""Where the stored top-left corner is seen under each EXIF orientation (6: turn 90° right)."""


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
@pytest.mark.parametrize("orientation", sorted(VIEWED))
def test_exif_orientation_is_applied_and_removed(fmt: str, orientation: int) -> None:
    options: dict[str, object] = {"lossless": True} if fmt == "WEBP" else {}
    data = encoded(marked((300, 200)), fmt, exif=exif(orientation=orientation), **options)
    picture = picture_of(data)
    quarter = orientation in (6, 8)
    assert (picture.width, picture.height) == ((200, 300) if quarter else (300, 200))
    image = opened(picture.data)
    assert image.size == (picture.width, picture.height)
    assert red_corners(image) == {VIEWED[orientation]}
    assert image.getexif().get(ORIENTATION, 1) == 1  # not turned a second time by a viewer


def test_webp_becomes_png_with_the_same_pixels() -> None:
    source = noise((40, 30))
    picture = picture_of(encoded(source, "WEBP", lossless=True))
    assert (picture.extension, picture.source) == ("png", "WEBP")
    image = opened(picture.data)
    assert image.format == "PNG" and image.convert("RGB").tobytes() == source.tobytes()


@pytest.mark.parametrize("fmt", ["GIF", "WEBP"])
def test_an_animation_becomes_a_still_png_of_its_first_frame(fmt: str) -> None:
    frames = [PILImage.new("RGB", (40, 30), colour) for colour in ("red", "lime", "blue")]
    stream = io.BytesIO()
    frames[0].save(stream, fmt, save_all=True, append_images=frames[1:], duration=100, loop=0)
    assert getattr(PILImage.open(io.BytesIO(stream.getvalue())), "n_frames", 1) == 3
    picture = picture_of(stream.getvalue())
    image = opened(picture.data)
    assert picture.extension == "png" and image.format == "PNG"
    assert getattr(image, "n_frames", 1) == 1 and not getattr(image, "is_animated", False)
    assert is_red(image.convert("RGB").getpixel((20, 15)))


def test_an_animation_with_too_many_frames_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(images_module, "MAX_FRAMES", 2)
    frames = [PILImage.new("RGB", (8, 8), colour) for colour in ("red", "lime", "blue")]
    data = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:])
    assert reason_for(data) == "it has 3 frames, more than the 2 allowed"
    assert MAX_FRAMES > 3  # the real limit lets such an image through
    monkeypatch.undo()
    assert (picture_of(data).width, picture_of(data).height) == (8, 8)


def test_16_bit_grey_becomes_8_bit_grey_keeping_its_brightness() -> None:
    values = (0, 4096, 32768, 65535)
    grey = PILImage.frombytes("I;16", (4, 1), struct.pack("<4H", *values))
    data = encoded(grey, "PNG")
    assert opened(data).mode == "I;16"
    image = opened(picture_of(data).data)
    assert image.mode == "L"
    shown = [grey_at(image, x) for x in range(4)]
    for got, value in zip(shown, values, strict=True):
        assert abs(got - value / 257) <= 1, (value, got)
    assert abs(shown[2] - 128) <= 1  # mid grey, not black


def test_a_cmyk_jpeg_becomes_an_rgb_jpeg() -> None:
    data = encoded(PILImage.new("CMYK", (20, 20), (0, 255, 255, 0)), "JPEG")  # red in ink
    assert opened(data).mode == "CMYK"
    picture = picture_of(data)
    image = opened(picture.data)
    assert picture.extension == "jpeg" and image.format == "JPEG" and image.mode == "RGB"
    assert is_red(image.getpixel((10, 10)))


def test_a_cmyk_profile_does_not_stay_on_the_rgb_pixels() -> None:
    cmyk = PILImage.new("CMYK", (20, 20), (0, 255, 255, 0))
    data = encoded(cmyk, "JPEG", icc_profile=icc_header(b"CMYK"))
    image = opened(picture_of(data).data)
    assert image.mode == "RGB"
    profile = image.info.get("icc_profile")
    assert profile is None or profile[16:20] == b"RGB "


def test_a_multi_picture_jpeg_stays_jpeg() -> None:
    stream = io.BytesIO()
    noise((120, 80)).save(
        stream, "MPO", save_all=True, append_images=[PILImage.new("RGB", (120, 80))]
    )
    assert stream.getvalue().startswith(b"\xff\xd8")  # a JPEG file, as far as anyone can tell
    picture = picture_of(stream.getvalue())
    assert picture.extension == "jpeg"


def with_metadata(fmt: str) -> bytes:
    """Return a photo in ``fmt`` with EXIF (camera, GPS), XMP or text, and an ICC profile."""
    tags = exif(make="SecretCamera", gps=True)
    if fmt == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Author", "SecretAuthor")
        return encoded(noise(), fmt, exif=tags, icc_profile=SRGB, pnginfo=text)
    return encoded(noise(), fmt, exif=tags, icc_profile=SRGB, xmp=XMP)


@pytest.mark.parametrize(("fmt", "extension"), [("JPEG", "jpeg"), ("PNG", "png"), ("WEBP", "png")])
def test_metadata_is_removed_and_the_colour_profile_kept(fmt: str, extension: str) -> None:
    data = with_metadata(fmt)
    source = opened(data)
    assert "exif" in source.info and source.info.get("icc_profile") == SRGB
    picture = picture_of(data)
    image = opened(picture.data)
    assert picture.extension == extension
    assert "exif" not in image.info and "xmp" not in image.info and not image.getexif()
    assert b"Secret" not in picture.data  # camera, GPS block, XMP, text: all gone
    assert image.info.get("icc_profile") == SRGB


@pytest.mark.parametrize("orientation", [1, 6], ids=["as-stored", "turned"])
def test_a_jpeg_comment_is_removed(orientation: int) -> None:
    data = encoded(noise(), "JPEG", comment=b"SecretComment", exif=exif(orientation=orientation))
    assert opened(data).info["comment"] == b"SecretComment"
    picture = picture_of(data)
    assert "comment" not in opened(picture.data).info and b"SecretComment" not in picture.data


# Shrinking a picture far larger than it is shown.


def test_scaled_keeps_the_aspect_and_never_enlarges() -> None:
    picture = picture_of(encoded(noise((900, 600)), "PNG"))
    smaller = scaled(picture, 300, 150)
    assert (smaller.width, smaller.height) == (300, 200)  # covers 300 x 150
    assert opened(smaller.data).size == (300, 200)
    assert scaled(picture, 2000, 2000) is picture
    assert scaled(picture, round(900 / RESAMPLE_SLACK) + 1, 1) is picture  # within the slack


@pytest.mark.parametrize(("mode", "key"), [("L", 0), ("RGB", (0, 0, 0))])
def test_scaled_keeps_a_single_colour_transparency(mode: str, key: int | tuple[int, ...]) -> None:
    image = PILImage.new(mode, (1000, 1000), key)
    image.paste(255 if mode == "L" else (255, 0, 0), (0, 0, 500, 1000))
    picture = picture_of(encoded(image, "PNG", transparency=key))
    assert rgba_at(opened(picture.data), (900, 500))[3] == 0
    smaller = opened(scaled(picture, 100, 100).data)
    assert smaller.size == (100, 100)
    assert rgba_at(smaller, (90, 50))[3] == 0


def png_chunks(data: bytes) -> dict[bytes, bytes]:
    """Return the chunks of a PNG file by type (the last of each type)."""
    chunks, at = {}, 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        chunks[data[at + 4 : at + 8]] = data[at + 8 : at + 8 + length]
        at += 12 + length
    return chunks


def test_16_bit_grey_keeps_its_transparent_colour() -> None:
    grey = PILImage.frombytes("I;16", (4, 1), struct.pack("<4H", 0, 0, 32768, 32768))
    data = encoded(grey, "PNG", transparency=32768)
    assert png_chunks(data)[b"tRNS"] == struct.pack(">H", 32768)  # mid grey is transparent
    picture = picture_of(data)
    image = opened(picture.data)
    if "A" in image.getbands():
        alpha = [image.getchannel("A").getpixel((x, 0)) for x in range(4)]
    else:  # a grey PNG's transparent colour, read from the file itself, not by Pillow
        assert image.mode == "L" and b"tRNS" in png_chunks(picture.data)
        (key,) = struct.unpack(">H", png_chunks(picture.data)[b"tRNS"])
        alpha = [0 if image.getpixel((x, 0)) == key else 255 for x in range(4)]
    assert alpha == [255, 255, 0, 0]


# Layout: beside the text, below it, or alone.


def lay(write_lesson: Callable[..., Path], tmp_path: Path, body: str) -> PlacedSlide:
    """Return the one content slide of a lesson whose page is ``body``."""
    PILImage.new("RGB", (600, 900), "teal").save(tmp_path / "tall.png")
    PILImage.new("RGB", (2400, 800), "teal").save(tmp_path / "wide.png")
    slides, _ = placed(write_lesson(lesson_text(body)))
    assert len(slides) == 2
    return slides[1]


def frames_of(slide: PlacedSlide) -> tuple[TextFrame, ImageFrame]:
    texts = [f for f in slide.frames if isinstance(f, TextFrame)]
    pictures = [f for f in slide.frames if isinstance(f, ImageFrame)]
    assert len(texts) == 1 and len(pictures) == 1, slide.frames
    assert pictures[0].picture is not None
    return texts[0], pictures[0]


BULLETS = "- one\n- two\n- three"


def test_a_tall_image_after_the_text_goes_to_its_right(
    write_lesson: Callable[..., Path], tmp_path: Path
) -> None:
    text, image = frames_of(lay(write_lesson, tmp_path, f"{BULLETS}\n\n![A tall one](tall.png)"))
    body = body_area()
    assert math.isclose(text.box.x, body.x) and image.box.x >= text.box.x + text.box.w
    assert math.isclose(text.box.w, body.w * TEXT_SHARE)
    assert math.isclose(image.box.h, body.h, abs_tol=SIDES)  # as tall as the body
    assert image.box.x + image.box.w <= body.x + body.w + 1e-6


def test_a_tall_image_before_the_text_goes_to_its_left(
    write_lesson: Callable[..., Path], tmp_path: Path
) -> None:
    text, image = frames_of(lay(write_lesson, tmp_path, f"![A tall one](tall.png)\n\n{BULLETS}"))
    body = body_area()
    assert image.box.x + image.box.w <= text.box.x
    assert math.isclose(text.box.x + text.box.w, body.x + body.w)
    assert image.box.x >= body.x - 1e-6


def test_a_wide_image_goes_below_the_text(
    write_lesson: Callable[..., Path], tmp_path: Path
) -> None:
    text, image = frames_of(lay(write_lesson, tmp_path, f"{BULLETS}\n\n![A wide one](wide.png)"))
    assert image.box.y > text.box.y + text.box.h
    assert math.isclose(text.box.w, body_area().w)  # the text keeps the whole width
    assert math.isclose(image.box.w / image.box.h, 3.0, rel_tol=1e-6)


def test_text_that_fits_beside_the_image_keeps_its_size_and_its_slide(
    write_lesson: Callable[..., Path], tmp_path: Path
) -> None:
    """The fit sizes and splits the body as it is arranged: eight short bullets beside a tall
    image need no shrinking, though stacked above it they would."""
    eight = "\n".join(f"- Point number {n}." for n in range(1, 9))
    slide = lay(write_lesson, tmp_path, f"{eight}\n\n![A tall one](tall.png)")
    text, image = frames_of(slide)
    assert not slide.shrunk and slide.parts == 1
    assert image.box.x > text.box.x + text.box.w


@pytest.mark.parametrize(
    "command",
    [
        "`registry.training.example.com/student-jd-042/shop-api:1.4.2`",
        "`https://registry.training.example.com/v2/shopapi/manifests/latest`",
    ],
)
def test_an_image_does_not_go_beside_text_whose_command_it_would_break(
    write_lesson: Callable[..., Path], tmp_path: Path, command: str
) -> None:
    """A lab's clean-up step beside its architecture picture: the narrower column broke an
    image's address inside ('registry.training.e/xample.com'), which the whole width keeps
    whole. The picture goes below the text then; a tall one with short words still
    goes beside it (``test_a_tall_image_after_the_text_goes_to_its_right``)."""
    body = f"- **Delete everything**: {command}\n- Log out.\n\n![A tall one](tall.png)"
    slide = lay(write_lesson, tmp_path, body)
    text, image = frames_of(slide)
    assert image.box.y >= text.box.y + text.box.h - 1e-6
    assert math.isclose(text.box.w, body_area().w)


def test_code_keeps_the_whole_width_and_the_image_goes_below(
    write_lesson: Callable[..., Path], tmp_path: Path
) -> None:
    code = "```\naws ec2 create-vpc --cidr-block 10.0.0.0/16\n```"
    body = f"Run:\n\n{code}\n\n![A tall one](tall.png)"
    slide = lay(write_lesson, tmp_path, body)
    [image] = [f for f in slide.frames if isinstance(f, ImageFrame)]
    others = [f for f in slide.frames if not isinstance(f, ImageFrame)]
    assert all(image.box.y >= f.box.y + f.box.h for f in others)
    assert all(f.box.w > body_area().w * 0.9 for f in others)


@pytest.mark.parametrize("name", ["tall.png", "wide.png"])
def test_a_lone_image_fills_the_body(
    name: str, write_lesson: Callable[..., Path], tmp_path: Path
) -> None:
    slide = lay(write_lesson, tmp_path, f"![Alone]({name})")
    [image] = slide.frames
    assert isinstance(image, ImageFrame) and image.picture is not None
    body, box = body_area(), image.box
    # within the text's edges, the text box's inset from the body's sides (issue 14 §5)
    body = replace(body, x=body.x + TEXT_INSET[0], w=body.w - 2 * TEXT_INSET[0])
    assert box.x >= body.x - 1e-6 and box.y >= body.y - 1e-6
    assert box.x + box.w <= body.x + body.w + 1e-6 and box.y + box.h <= body.y + body.h + 1e-6
    assert math.isclose(box.w, body.w, abs_tol=SIDES) or math.isclose(box.h, body.h, abs_tol=SIDES)
    assert math.isclose(box.w / box.h, image.picture.width / image.picture.height, rel_tol=1e-3)


# Images written one after another: a row, a column or a grid.


def gallery(tmp_path: Path, sizes: dict[str, tuple[int, int]], body: str) -> list[ImageFrame]:
    """Return the image frames of the one content slide of a lesson whose page is ``body``,
    after writing a picture of each of ``sizes`` (name: pixels) beside it."""
    for name, size in sizes.items():
        PILImage.new("RGB", size, "teal").save(tmp_path / f"{name}.png")
    lesson = tmp_path / "gallery.md"
    lesson.write_text(lesson_text(body), encoding="utf-8")
    slides, _ = placed(lesson)
    assert len(slides) == 2, [s.number for s in slides]
    frames = [f for f in slides[1].frames if isinstance(f, ImageFrame)]
    assert all(f.picture is not None for f in frames)
    return frames


def rows_of(frames: list[ImageFrame]) -> list[list[ImageFrame]]:
    """Return the frames grouped into rows: those whose boxes share some height."""
    rows: list[list[ImageFrame]] = []
    for frame in frames:
        row = rows[-1] if rows else None
        if (
            row
            and frame.box.y < max(f.box.y + f.box.h for f in row)
            and frame.box.x > row[-1].box.x
        ):
            row.append(frame)
        else:
            rows.append([frame])
    return rows


def edges() -> Box:
    """Return the body within the text's edges, where images are drawn."""
    body = body_area()
    return replace(body, x=body.x + TEXT_INSET[0], w=body.w - 2 * TEXT_INSET[0])


ARRANGEMENTS = {
    # name: (pictures' pixel sizes in the order written, how they are written, rows wanted)
    "two squares stand in a row": ([(900, 900)] * 2, "lines", [2]),
    "two photos in one paragraph stand in a row": ([(1600, 900)] * 2, "paragraph", [2]),
    "two strips stand one above the other": ([(3000, 400)] * 2, "lines", [1, 1]),
    "four squares stand in a row": ([(900, 900)] * 4, "lines", [4]),
    "three photos stand two over one, larger than in a row": ([(1600, 900)] * 3, "blocks", [2, 1]),
    "a tall and a wide one stand in a row": ([(500, 1500), (1600, 900)], "lines", [2]),
    "a strip takes a row of its own over a tall one and a square": (
        [(3000, 400), (500, 1500), (900, 900)],
        "lines",
        [1, 2],
    ),
    "six photos stand in two rows of three": ([(1600, 900)] * 6, "lines", [3, 3]),
    "five of mixed shapes stand in two rows": (
        [(900, 900), (1600, 900), (900, 900), (1600, 900), (900, 900)],
        "lines",
        [3, 2],
    ),
}


def geometric_mean(areas: list[float]) -> float:
    return math.exp(sum(math.log(area) for area in areas) / len(areas))


@pytest.mark.parametrize("case", sorted(ARRANGEMENTS))
def test_images_written_together_stand_in_rows_that_show_each_of_them_large(
    case: str, tmp_path: Path
) -> None:
    """However the images are written (one a line, several in a paragraph, a paragraph
    each), consecutive images stand in rows, in reading order (justified, or in even cells);
    the rows are cut where each image is shown largest beside what it would be alone (no
    sliver for the others to be large); they keep their aspect and the text's edges, and
    never overlap."""
    sizes, written, wanted = ARRANGEMENTS[case]
    names = {f"p{n}": size for n, size in enumerate(sizes)}
    refs = [f"![Picture {n}]({name}.png)" for n, name in enumerate(names)]
    joiner = {"lines": "\n", "paragraph": " ", "blocks": "\n\n"}[written]
    frames = gallery(tmp_path, names, joiner.join(refs))
    assert [f.image.alt for f in frames] == [f"Picture {n}" for n in range(len(sizes))]
    assert [len(row) for row in rows_of(frames)] == wanted
    area = edges()
    for frame, (width, height) in zip(frames, sizes, strict=True):
        box = frame.box
        assert box.w / box.h == pytest.approx(width / height, rel=2e-3)  # pixels resampled
        assert box.x >= area.x - 1e-6 and box.x + box.w <= area.x + area.w + 1e-6
        assert box.y >= area.y - 1e-6 and box.y + box.h <= area.y + area.h + 1e-6
    for one, other in itertools.combinations(frames, 2):
        a, b = one.box, other.box
        apart = a.x + a.w <= b.x + 1e-6 or b.x + b.w <= a.x + 1e-6
        assert apart or a.y + a.h <= b.y + 1e-6 or b.y + b.h <= a.y + 1e-6, (a, b)
    # each shown, all told, no smaller than in the one column the images used to stand in
    gap = THEME.slide.gap
    share = (area.h - gap * (len(sizes) - 1)) / len(sizes)
    column = [min(area.w, share * w / h) ** 2 * h / w for w, h in sizes]
    shown = [f.box.w * f.box.h for f in frames]
    assert geometric_mean(shown) >= geometric_mean(column) - 1e-6


def test_text_after_a_row_of_images_stays_under_it(tmp_path: Path) -> None:
    """The row takes no more of the slide's height than its pictures need: the sentence
    after it is right under it, not at the slide's foot."""
    body = "![A](a.png) ![B](b.png) ![C](c.png)\n\nChoose a class by how often it is read."
    frames = gallery(tmp_path, {name: (1600, 900) for name in "abc"}, body)
    slides, _ = placed(tmp_path / "gallery.md")
    [text] = [f for f in slides[1].frames if isinstance(f, TextFrame)]
    bottom = max(f.box.y + f.box.h for f in frames)
    assert text.box.y - bottom == pytest.approx(THEME.slide.gap, abs=0.01)
    assert bottom < body_area().y + body_area().h / 2


def test_tall_images_written_together_go_beside_the_text(tmp_path: Path) -> None:
    """Two phone screens after a sentence stand beside it, as one would, where below it
    they would be drawn half as large."""
    body = "Mobile access uses the same APIs as the console.\n\n![A](a.png)\n![B](b.png)"
    frames = gallery(tmp_path, {"a": (500, 1500), "b": (500, 1500)}, body)
    slides, _ = placed(tmp_path / "gallery.md")
    [text] = [f for f in slides[1].frames if isinstance(f, TextFrame)]
    assert all(f.box.x >= text.box.x + text.box.w for f in frames)
    assert [len(row) for row in rows_of(frames)] == [2]
    assert frames[0].box.h == pytest.approx(body_area().h, abs=SIDES)


def test_an_icon_of_a_sentence_stands_apart_from_the_pictures_after_it(tmp_path: Path) -> None:
    """A sentence's icon does not join the screenshots written on lines of their own after
    it: it is drawn in its line, and they stand in a row of their own, as large as without
    it."""
    body = "Click the ![gear](icon.png) settings icon:\n\n![A](a.png)\n![B](b.png)"
    sizes = {"icon": (64, 64), "a": (1600, 900), "b": (1600, 900)}
    shots = gallery(tmp_path, sizes, body)
    (tmp_path / "alone").mkdir()
    plain = body.replace("![gear](icon.png) ", "")
    alone = gallery(tmp_path / "alone", {k: v for k, v in sizes.items() if k != "icon"}, plain)
    [text] = [f for f in placed(tmp_path / "gallery.md")[0][1].frames if isinstance(f, TextFrame)]
    [icon] = text.inline
    assert icon.image.src == "icon.png" and not any(shot.image.inline for shot in shots)
    assert [len(row) for row in rows_of(shots)] == [2]
    assert [shot.box.w for shot in shots] == pytest.approx([shot.box.w for shot in alone])
    assert all(shot.box.y >= icon.box.y + icon.box.h for shot in shots)  # a row of its own


def test_a_row_of_images_is_centred_together_a_column_gap_apart(tmp_path: Path) -> None:
    frames = gallery(tmp_path, {"a": (900, 900), "b": (1600, 900)}, "![A](a.png)\n![B](b.png)")
    [[left, right]] = rows_of(frames)
    assert right.box.x - (left.box.x + left.box.w) == pytest.approx(THEME.slide.column_gap)
    area = edges()
    margin = left.box.x - area.x
    assert margin == pytest.approx(area.x + area.w - (right.box.x + right.box.w), abs=1e-6)
    assert left.box.y + left.box.h / 2 == pytest.approx(right.box.y + right.box.h / 2)


def test_images_side_by_side_are_where_the_fit_put_them_in_both_outputs(tmp_path: Path) -> None:
    """The deck's pictures and the slide PDF's images stand where the fit placed them."""
    frames = gallery(tmp_path, {"a": (900, 900), "b": (900, 900)}, "![A](a.png) ![B](b.png)")
    lesson, out = tmp_path / "gallery.md", tmp_path / "out"
    assert export(lesson, out) == 0
    shapes = pptx_pictures(out / "gallery.pptx")[1]
    pdf = pdf_images(out / "gallery.pdf")[1]
    assert len(shapes) == len(pdf) == 2
    for frame, shape, image in zip(frames, shapes, sorted(pdf, key=lambda i: i["x0"]), strict=True):
        assert inches(shape.left) == pytest.approx(frame.box.x, abs=0.01)
        assert inches(shape.top) == pytest.approx(frame.box.y, abs=0.01)
        assert image["x0"] / POINTS_PER_INCH == pytest.approx(frame.box.x, abs=0.01)
        assert image["width"] / POINTS_PER_INCH == pytest.approx(frame.box.w, abs=0.01)


# Alt text.


@pytest.mark.parametrize(("alt", "warned"), [("", True), ("  ", True), ("A red square", False)])
def test_an_image_without_alt_text_is_reported(
    alt: str, warned: bool, write_lesson: Callable[..., Path], tmp_path: Path
) -> None:
    PILImage.new("RGB", (40, 30), "red").save(tmp_path / "x.png")
    text = lesson_text("Some text.", f"![{alt}](x.png)")
    _, diagnostics = placed(write_lesson(text))
    found = [d for d in diagnostics if d.code == "no-alt"]
    assert [d.line for d in found] == ([line_of(text, "(x.png)")] if warned else [])
    if warned:
        assert "'x.png' has no alt text" in found[0].message and found[0].slide == 3


@pytest.mark.parametrize(
    ("written", "suggested"),
    [
        ("![](x.png)", "![what it shows](x.png)"),
        ('<img src="x.png">', '<img src="x.png" alt="what it shows">'),
        ('Click <img src="x.png" alt=""> to save.', '<img src="x.png" alt="what it shows">'),
        ('<p align="center"><img src="x.png" width="200"></p>', 'alt="what it shows">'),
    ],
)
def test_the_alt_text_is_suggested_as_the_image_is_written(
    written: str, suggested: str, write_lesson: Callable[..., Path], tmp_path: Path
) -> None:
    PILImage.new("RGB", (40, 30), "red").save(tmp_path / "x.png")
    _, diagnostics = placed(write_lesson(lesson_text("Some text.", written)))
    (found,) = [d for d in diagnostics if d.code == "no-alt"]
    assert found.message.endswith(suggested)
    assert ("![" in found.message) is written.startswith("![")


def test_a_refused_image_is_reported_once_however_often_shown(
    write_lesson: Callable[..., Path],
) -> None:
    text = lesson_text("![Gone](gone.png)", "![Gone](gone.png)")
    slides, diagnostics = placed(write_lesson(text))
    assert [(d.code, d.line, d.slide) for d in diagnostics] == [
        ("image", line_of(text, "(gone.png)"), 2)
    ]
    shown = [f for slide in slides for f in slide.frames if isinstance(f, ImageFrame)]
    assert len(shown) == 2 and all(frame.picture is None for frame in shown)


REPEATS = ROOT / "tests" / "fixtures" / "repeats" / "nat-gateway.md"
"""A lesson that shows each of its pictures twice, the second time without alt text: a
diagram on a later page and as an ``<img>`` tag on the same page, an icon leading two list
items and one twice in a sentence."""


def test_a_warning_about_a_pictures_second_use_names_that_uses_line(tmp_path: Path) -> None:
    """Reviewed: each was named at the first use's line (18 for the list's second item, 29
    for the ``<img>`` tag two lines under the diagram it repeats)."""
    lesson = tmp_path / REPEATS.name
    lesson.write_text(REPEATS.read_text(encoding="utf-8"), encoding="utf-8")
    for name in ("vpc-nat.png", "route-table.png", "gear.png"):
        PILImage.new("RGB", (64, 48), "teal").save(tmp_path / name)
    text = lesson.read_text(encoding="utf-8")
    _, diagnostics = placed(lesson)
    found = [(d.line, d.slide, d.message.split("'")[1]) for d in diagnostics]
    assert [d.code for d in diagnostics] == ["no-alt"] * 4
    assert found == [
        (line_of(text, "- ![](route-table.png)"), 3, "route-table.png"),
        (line_of(text, "![](gear.png)"), 3, "gear.png"),  # the same line as the first
        (line_of(text, "![](vpc-nat.png)"), 4, "vpc-nat.png"),
        (line_of(text, '<img src="vpc-nat.png"'), 4, "vpc-nat.png"),
    ]


def test_a_page_finds_each_use_of_a_needle_in_turn() -> None:
    """``Page.line_of`` with a use: the first use asked about is the first occurrence, the
    next the next, the same use again where it was, more uses than written the first."""
    page = Page("![a](x.png)\ntext\n![](x.png)\n", 7)
    first, second, third = object(), object(), object()
    assert page.line_of("(x.png)", second) == 7
    assert page.line_of("(x.png)", first) == 9
    assert page.line_of("(x.png)", second) == 7
    assert page.line_of("(x.png)", third) == 7
    assert page.line_of("(x.png)") == 7 and page.line_of("text") == 8


# End to end: the PPTX and the slide PDF.


def test_an_exif_rotated_photo_is_upright_in_both_outputs(tmp_path: Path) -> None:
    need_tool("pdfimages")
    marked((300, 200)).save(tmp_path / "turned.jpg", "JPEG", quality=95, exif=exif(orientation=6))
    lesson = tmp_path / "turned.md"
    lesson.write_text(lesson_text("![A red corner](turned.jpg)"), encoding="utf-8")
    assert export(lesson, tmp_path / "out") == 0

    [shape] = pptx_pictures(tmp_path / "out" / "turned.pptx")[1]
    embedded = opened(shape.image.blob)
    assert embedded.size == (200, 300)
    assert red_corners(embedded) == {"top-right"}
    assert shape.width < shape.height

    pdf = tmp_path / "out" / "turned.pdf"
    [[], [placed_image]] = pdf_images(pdf)
    assert placed_image["width"] < placed_image["height"]
    subprocess.run(["pdfimages", "-png", str(pdf), str(tmp_path / "x")], check=True)
    [extracted] = sorted(tmp_path.glob("x-*.png"))
    image = opened(extracted.read_bytes())
    assert image.size == (200, 300)
    assert red_corners(image) == {"top-right"}


def test_an_image_is_sized_by_its_pixels_never_by_its_dpi(tmp_path: Path) -> None:
    photo = noise((500, 300))
    photo.save(tmp_path / "none.png")
    photo.save(tmp_path / "low.png", dpi=(10, 10))
    photo.save(tmp_path / "high.png", dpi=(300, 300))
    photo.save(tmp_path / "low.jpg", dpi=(10, 10))
    assert round(opened((tmp_path / "low.png").read_bytes()).info["dpi"][0]) == 10
    names = ["none.png", "low.png", "high.png", "low.jpg"]
    lesson = tmp_path / "dpi.md"
    lesson.write_text(lesson_text(*(f"![Noise]({name})" for name in names)), encoding="utf-8")
    assert export(lesson, tmp_path / "out") == 0

    shapes = [slide[0] for slide in pptx_pictures(tmp_path / "out" / "dpi.pptx")[1:]]
    boxes = [(s.left, s.top, s.width, s.height) for s in shapes]
    assert len(boxes) == len(names) and len(set(boxes)) == 1, dict(zip(names, boxes, strict=True))
    left, top, width, height = (inches(v) for v in boxes[0])
    body = body_area()
    assert math.isclose(width, body.w, abs_tol=SIDES) or math.isclose(height, body.h, abs_tol=SIDES)
    assert math.isclose(width / height, 500 / 300, rel_tol=1e-3)

    pages = pdf_images(tmp_path / "out" / "dpi.pdf")[1:]
    bboxes = [tuple(round(page[0][k], 2) for k in ("x0", "top", "x1", "bottom")) for page in pages]
    assert len(bboxes) == len(names) and len(set(bboxes)) == 1, dict(
        zip(names, bboxes, strict=True)
    )
    x0, y0, x1, y1 = bboxes[0]
    assert math.isclose(x0, left * POINTS_PER_INCH, abs_tol=0.5)
    assert math.isclose(y0, top * POINTS_PER_INCH, abs_tol=0.5)
    assert math.isclose(x1 - x0, width * POINTS_PER_INCH, abs_tol=0.5)
    assert math.isclose(y1 - y0, height * POINTS_PER_INCH, abs_tol=0.5)


def test_a_huge_photo_is_embedded_at_about_twice_its_shown_size(tmp_path: Path) -> None:
    big = PILImage.new("RGB", (6000, 4000), "navy")
    ImageDraw.Draw(big).rectangle((0, 0, 2999, 1999), fill="orange")
    big.save(tmp_path / "big.png", compress_level=1)
    lesson = tmp_path / "big.md"
    lesson.write_text(lesson_text("![A big photo](big.png)"), encoding="utf-8")
    assert export(lesson, tmp_path / "out") == 0

    [shape] = pptx_pictures(tmp_path / "out" / "big.pptx")[1]
    shown = (inches(shape.width), inches(shape.height))
    embedded = shape.image.size
    [[], [in_pdf]] = pdf_images(tmp_path / "out" / "big.pdf")
    for width, height in (embedded, in_pdf["srcsize"]):
        assert width < 6000 and height < 4000
        assert width <= shown[0] * SHOWN_PPI * RESAMPLE_SLACK
        assert height <= shown[1] * SHOWN_PPI * RESAMPLE_SLACK
        assert width >= shown[0] * SHOWN_PPI * 0.99  # still sharp: at least 192 ppi
        assert math.isclose(width / height, 1.5, rel_tol=0.01)
    assert opened(shape.image.blob).getpixel((10, 10)) == (255, 165, 0)


def test_an_img_tag_sized_by_its_author_is_a_picture_in_both_outputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A teacher sizes a picture the one way Markdown allows: with an HTML tag, alone on its
    # line, or in a sentence. The published page shows the picture, so does each output; a
    # missing one is a placeholder warned of at its line, as a Markdown image's is.
    need_tool("pdftotext")
    noise((400, 300)).save(tmp_path / "subnets.png")
    text = lesson_text(
        '<img src="subnets.png" width="300" alt="Four /26 subnets">\n\nEach holds 62 hosts.',
        'Open <img src="router.png" alt="the admin page" width=40> and find the tab.',
    )
    lesson = tmp_path / "tags.md"
    lesson.write_text(text, encoding="utf-8")
    assert export(lesson, tmp_path / "out") == 0

    [warned] = [line for line in capsys.readouterr().err.splitlines() if ": warning: " in line]
    assert warned.startswith(f"{lesson}:{line_of(text, 'router.png')}: warning: image ")
    assert "'router.png' is shown as a placeholder: no such file" in warned
    deck = tmp_path / "out" / "tags.pptx"
    pictures = pptx_pictures(deck)
    [shown] = pictures[1]
    assert shown.image.size == (400, 300) and "Four /26 subnets" in shown._element.xml
    slides = Presentation(str(deck)).slides
    texts = [t for slide in slides for t in slide_texts(slide)]
    assert not [t for t in texts if "<img" in t]
    # The one in a sentence is an icon in its line: missing, a stand-in of its size there.
    assert "Each holds 62 hosts." in texts and "Open \xa0 and find the tab." in texts
    stand_in = slides[2].shapes[2]._element.xpath("./p:nvSpPr/p:cNvPr")[0]
    assert stand_in.get("name").startswith("Missing image")
    assert stand_in.get("descr") == "the admin page"
    pdf = tmp_path / "out" / "tags.pdf"
    assert [len(page) for page in pdf_images(pdf)] == [0, 1, 0]
    assert "<img" not in page_text(pdf) and squeeze("Open and find the tab.") in squeeze(
        page_text(pdf, 3)
    )


def fitted_deck(text: str, pictures: dict[str, Picture]) -> LaidOutDeck:
    """Return ``text`` read, built and fitted with ``pictures``, as ``lay_out`` does, but
    not resampled."""
    source = parse_source(text.encode())
    deck, _ = build_deck(source, [page.blocks for page in source.pages], "lesson")
    laid, _ = fit_deck(deck, THEME, pictures)
    return laid


def test_the_fit_decides_frames_only_and_pictures_are_resampled_after_it() -> None:
    picture = picture_of(encoded(PILImage.new("RGB", (4000, 2000), "navy"), "PNG"))
    text = lesson_text("![Alone](big.png)", "- One point.\n\n![Beside the point](big.png)")
    laid = fitted_deck(text, {"big.png": picture})
    frames = [f for slide in laid.slides for f in slide.frames if isinstance(f, ImageFrame)]
    assert len(frames) == 2 and all(f.picture is picture for f in frames)

    resampled = resample_pictures(laid)
    shown = [f for slide in resampled.slides for f in slide.frames if isinstance(f, ImageFrame)]
    assert [f.box for f in shown] == [f.box for f in frames]  # the frames stay as fitted
    [smaller] = {id(f.picture): f.picture for f in shown}.values()  # one copy for both
    assert smaller is not None and smaller.width < picture.width
    widest = max(round(f.box.w * SHOWN_PPI) for f in frames)  # the lone image's
    assert smaller.width == widest and math.isclose(smaller.height, widest / 2, abs_tol=1)
    no_pictures = fitted_deck(lesson_text("Some text."), {})
    assert resample_pictures(no_pictures) is no_pictures


# Refused images: a warning naming file, line and reason; a placeholder; the export goes on.


def refused_course(folder: Path) -> dict[str, str]:
    """Make files that must each be refused in ``folder``; return each address and the
    words its reason must have."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "photo.png").write_bytes(b"8BPS\x00\x01" + bytes(40))
    (folder / "drawing.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (folder / "bomb.png").write_bytes(png_header_only(30000, 30000))
    (folder / "shots").mkdir()
    os.mkfifo(folder / "pipe.png")  # exports reading it blindly are released by `unblocked`
    noise((20, 20)).save(folder.parent / "outside.png")
    return {
        "photo.png": "it is a Photoshop (PSD) file",
        "drawing.svg": "SVG drawings are not supported",
        "bomb.png": "million pixels",
        "missing.png": "no such file",
        "shots": "it is a folder",
        "pipe.png": "it is not a regular file",
        "../outside.png": "it lies outside the course folder",
    }


def test_refused_images_are_warned_about_and_shown_as_placeholders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    need_tool("pdftotext")
    reasons = refused_course(tmp_path / "course")
    text = lesson_text(
        *(f"Why it is refused.\n\n![Figure {n}]({src})" for n, src in enumerate(reasons))
    )
    lesson = tmp_path / "course" / "refused.md"
    lesson.write_text(text, encoding="utf-8")
    with unblocked(tmp_path / "course" / "pipe.png"):
        assert export(lesson, tmp_path / "out") == 0

    warnings = [line for line in capsys.readouterr().err.splitlines() if ": warning: " in line]
    for src, words in reasons.items():
        where = f"{lesson}:{line_of(text, f']({src})')}"
        start = f"{where}: warning: image {src!r} is shown as a placeholder: "
        [found] = [w for w in warnings if w.startswith(start)]
        assert words in found, found
    assert len(warnings) == len(reasons)

    slides = Presentation(str(tmp_path / "out" / "refused.pptx")).slides
    captions = [t for slide in slides for t in slide_texts(slide) if t.startswith(PLACEHOLDER)]
    assert len(captions) == len(reasons)
    deck_text = "\n".join(t for slide in slides for t in slide_texts(slide))
    pdf_text = page_text(tmp_path / "out" / "refused.pdf")
    assert pdf_text.count(PLACEHOLDER) == len(reasons)
    for n, src in enumerate(reasons):
        assert f"Figure {n}" in deck_text and src in deck_text
        assert f"Figure {n}" in pdf_text and src in pdf_text


def test_a_lesson_with_refused_images_does_not_stop_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = tmp_path / "course"
    reasons = refused_course(course)
    PILImage.new("RGB", (40, 30), "red").save(course / "fine.png")
    pages = [f"![Figure]({src})" for src in reasons]
    (course / "broken.md").write_text(lesson_text(*pages), encoding="utf-8")
    (course / "good.md").write_text(lesson_text("![A red square](fine.png)"), encoding="utf-8")

    with unblocked(course / "pipe.png"):
        assert export(course, tmp_path / "out", formats="pptx") == 0
    assert (tmp_path / "out" / "good.pptx").is_file() and (
        tmp_path / "out" / "broken.pptx"
    ).is_file()
    err = capsys.readouterr().err
    assert err.count(": warning: ") == len(reasons) and "good.md" not in err

    with unblocked(course / "pipe.png"):
        assert export(course, tmp_path / "strict", "--strict", formats="pptx") == 1
    assert sorted(p.name for p in listed(tmp_path / "strict")) == ["good.pptx"]
    assert f"{course / 'broken.md'}: error: --strict" in capsys.readouterr().err


# Hostile files found by review and fuzzing: each is a reason, never an exception or minutes.


def test_a_jpeg_of_thousands_of_scans_is_refused_before_decoding() -> None:
    """Each scan of a progressive JPEG is a pass over the whole image: 5000 would take a minute."""
    data = encoded(PILImage.new("RGB", (600, 600), "grey"), "JPEG", progressive=True)
    last_scan = data[data.rindex(b"\xff\xda") : -2]
    bomb = data[:-2] + last_scan * 5000 + b"\xff\xd9"
    assert reason_for(bomb) == "it is a JPEG of 5010 scans, more than the 100 allowed"
    assert isinstance(decode_picture(data), Picture)  # an ordinary progressive JPEG is fine


def test_a_damaged_exif_block_still_gives_an_upright_picture() -> None:
    """Pillow's own EXIF rewriting raises on damaged blocks; turning needs only the tag."""
    block = PILImage.Exif()
    block[ORIENTATION] = 6
    block.get_ifd(0x8825)[2] = (1.0, 2.0, 3.0)  # a GPS block, whose offset is then damaged
    good = encoded(marked((300, 200)).convert("RGB"), "JPEG", exif=block.tobytes())
    for offset in range(20, 200, 7):
        damaged = bytearray(good)
        damaged[offset] ^= 0xFF
        result = decode_picture(bytes(damaged))
        if isinstance(result, str):
            refused = ("the image is damaged", "it is not a PNG, JPEG, GIF or WebP image")
            assert result.startswith(refused), result  # no longer taken for a JPEG at all
        else:
            assert {result.width, result.height} == {200, 300}


TRUNCATED_ANIMATION = (
    b"GIF87a\x04\x00\x04\x00\x81\x00\x00\xff\x00\x00"
    b"\x00\x00\x00\x00\x00\x00\x00\x00\x00,\x00\x00\x00\x00\x04\x00"
    b"\x04\x00\x00\x08\t\x00\x01\x08\x1cH\xb0 \x80\x80\x00!"
    b"\xf9\x04\x01\x00\x00\x01\x00,\x00\x00\x00\x00"
)
"""A two-frame GIF cut inside its second frame's header (Pillow's frame count raised
``struct.error`` on it)."""


def test_a_truncated_animation_is_a_reason() -> None:
    assert reason_for(TRUNCATED_ANIMATION) == "the image is damaged (Pillow cannot read it)"


def test_a_colour_profile_that_is_not_one_is_dropped() -> None:
    data = encoded(noise((64, 48)), "JPEG", icc_profile=b"\0" * 5_000_000)
    picture = picture_of(data)
    assert "icc_profile" not in opened(picture.data).info
    assert len(picture.data) < 100_000


def test_a_huge_jpeg_is_decoded_at_the_size_the_slide_needs() -> None:
    data = encoded(noise((4000, 3000)), "JPEG", quality=80)
    picture = decode_picture(data, (1200, 600))
    assert isinstance(picture, Picture) and picture.extension == "jpeg"
    assert picture.height <= 600 * 1.25 and picture.width / picture.height == pytest.approx(4 / 3)


@pytest.mark.parametrize("written", ["<my photo.png>", "my%20photo.png"])
def test_an_image_is_reported_on_its_own_line_however_its_address_is_written(
    written: str, write_lesson: Callable[..., Path]
) -> None:
    text = lesson_text("Some text.\n\nMore text.\n\n" + f"![A photo]({written})")
    _, diagnostics = placed(write_lesson(text))
    [found] = [d for d in diagnostics if d.code == "image"]
    assert found.line == line_of(text, f"]({written}")


def test_an_image_in_a_comparison_column_takes_the_spare_height(
    write_lesson: Callable[..., Path], tmp_path: Path
) -> None:
    body = (
        "- **AWS Responsibilities**:\n  - The hardware.\n  - ![A square](square.png)\n\n"
        "- **Customer Responsibilities**:\n  - The data.\n  - The settings.\n"
    )
    PILImage.new("RGB", (800, 800), "teal").save(tmp_path / "square.png")
    slide = lay(write_lesson, tmp_path, body)
    [image] = [f for f in slide.frames if isinstance(f, ImageFrame)]
    assert image.box.h > 2 * 1.3  # more than the least height an image is given
    assert image.box.y + image.box.h <= body_area().y + body_area().h + 1e-6


@pytest.mark.parametrize("size", [(5000, 1), (1, 5000), (20000, 4)])
def test_a_very_thin_jpeg_is_decoded(size: tuple[int, int]) -> None:
    picture = decode_picture(encoded(PILImage.new("RGB", size, "red"), "JPEG"), (2330, 941))
    assert isinstance(picture, Picture), picture
    assert min(picture.width, picture.height) >= 1


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_a_broken_colour_profile_is_dropped_from_a_png_too(fmt: str) -> None:
    picture = picture_of(encoded(noise((64, 48)), fmt, icc_profile=b"x" * 500))
    assert picture.extension == "png"
    assert "icc_profile" not in opened(picture.data).info


def test_a_wide_strip_under_many_bullets_stays_inside_the_body(
    write_lesson: Callable[..., Path], tmp_path: Path
) -> None:
    """Side by side, the text would fit; but the strip shows larger below, so the body is
    measured stacked, and shrunk or split to fit."""
    PILImage.new("RGB", (2400, 100), "teal").save(tmp_path / "strip.png")
    bullets = "\n".join(f"- Item {n}" for n in range(1, 9))
    slides, diagnostics = placed(write_lesson(lesson_text(f"{bullets}\n\n![A strip](strip.png)")))
    body = body_area()
    for slide in slides[1:]:
        for frame in slide.frames:
            assert frame.box.y + frame.box.h <= body.y + body.h + 1e-6, (slide.number, frame)
    assert not [d for d in diagnostics if d.code == "overflow"]


def test_a_small_picture_is_not_blown_up_past_48_pixels_an_inch(tmp_path: Path) -> None:
    """A 64-pixel icon alone on a slide is drawn 1.3 in wide, not stretched over the body
    (4.8 in, blurred); a picture large enough still fills it."""
    (tmp_path / "img").mkdir()
    PILImage.new("RGB", (64, 64), "red").save(tmp_path / "img" / "icon.png")
    PILImage.new("RGB", (1200, 675), "blue").save(tmp_path / "img" / "wide.png")
    lesson = tmp_path / "small.md"
    pages = ("![An icon](img/icon.png)", "![A diagram](img/wide.png)")
    lesson.write_text(lesson_text(*pages), encoding="utf-8")
    slides, _ = placed(lesson)
    icon, wide = (
        next(f for f in placed.frames if isinstance(f, ImageFrame)) for placed in slides[1:3]
    )
    assert icon.box.w == pytest.approx(64 / LEAST_PPI) and icon.box.h == icon.box.w
    area = body_area()
    assert icon.box.x + icon.box.w / 2 == pytest.approx(area.x + area.w / 2, abs=0.1)  # centred
    assert wide.box.w > 6 * icon.box.w  # the large one as large as the body lets it be


STEPS = (
    "10. Open **IAM > Users > your-user > Security credentials > Multi-factor authentication"
    " (MFA) > Assign MFA device**.\n"
    "11. Choose **Authenticator app**, scan the QR code with your phone, and enter two"
    " consecutive codes:\n\n"
    "    ![The MFA screen on a phone]({name})\n\n"
    "12. Sign out and sign back in to confirm that the console now asks for an MFA code.\n"
)
"""Steps of a lab whose middle one shows a screenshot, as authors write them."""


@pytest.mark.parametrize("theme", [name for name, _ in builtin_themes()])
@pytest.mark.parametrize("size", [(300, 600), (400, 1600), (1280, 800)], ids=str)
def test_a_picture_among_steps_keeps_its_shorter_side_legible(
    write_lesson: Callable[..., Path], tmp_path: Path, theme: str, size: tuple[int, int]
) -> None:
    """A phone's screen (twice as tall as wide) in the middle of three steps was drawn 0.66 in
    wide between them in the classroom theme: it took the height the steps left, 1.3 in. A
    picture sharing a slide now keeps its shorter side at least ``MIN_IMAGE`` (a portrait
    one asks for up to ``TALLEST_LEAST`` of height), beside the steps, under them or on a
    slide of its own; a wide one keeps 1.3 in of height, as before."""
    from exporter.fit.heights import MIN_IMAGE, TALLEST_LEAST

    name = f"screen-{size[0]}x{size[1]}.png"
    PILImage.new("RGB", size, "teal").save(tmp_path / name)
    lesson = write_lesson(lesson_text(STEPS.format(name=name)))
    job = Job(lesson, str(lesson), lesson.with_suffix(""), lesson.parent)
    laid, found = lay_out(job, load_theme(theme))
    assert not [d for d in found if d.code == "overflow"], found
    [frame] = [f for p in laid.slides for f in p.frames if isinstance(f, ImageFrame)]
    width, height = size
    least = min(MIN_IMAGE, TALLEST_LEAST * width / height)
    assert min(frame.box.w, frame.box.h) >= least - 0.01, (frame.box, theme)


def test_an_image_in_a_sentence_is_drawn_in_its_place_with_its_alt_text(
    tmp_path: Path,
) -> None:
    """A step that says ``Choose ![Save](save.png) to keep your changes`` lost its word: the
    deck, the slide PDF and the handout read "Choose to keep your changes", the picture
    drawn large after the text. The picture is now drawn in its line, where it is written, a
    gap of its width in the text (so that the sentence reads as written, with the picture),
    its alt text its description; and no space is left before the punctuation after it
    ("Amazon RDS : managed databases", reviewed)."""
    folder = tmp_path / "course"
    (folder / "img").mkdir(parents=True)
    PILImage.new("RGB", (32, 32), "navy").save(folder / "img" / "icon.png")
    steps = [
        "1. Choose ![Save](img/icon.png) to keep your changes.",
        "2. Open the [![gear menu](img/icon.png)](https://example.com/) and pick *Region*.",
        "3. ![EC2](img/icon.png) **Amazon EC2** runs the web tier.",
        "4. Then look for the export button ![export](img/icon.png)",
        "5. Click the ![Settings](img/icon.png) **Settings** tab.",
        "6. Press ![](img/icon.png) again.",
        "7. **Amazon RDS** ![RDS](img/icon.png): managed databases.",
        "8. Pick the bucket ![bucket](img/icon.png), then *Upload*.",
    ]
    lesson = folder / "steps.md"
    lesson.write_text(
        "---\ntitle: Steps\n---\n\n### Saving\n\n" + "\n".join(steps) + "\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    formats = ["--format", "pptx,pdf,handout"]
    assert main(["build", str(folder), "-o", str(out), "-q", "--offline", *formats]) == 0
    slides = Presentation(str(out / "steps.pptx")).slides
    deck = [" ".join(text.replace("\xa0", " ").split()) for text in slide_texts(slides[1])]
    expected = [
        "Choose to keep your changes.",
        "Open the and pick Region.",
        "Amazon EC2 runs the web tier.",
        "Then look for the export button",
        "Click the Settings tab.",
        "Press again.",
        "Amazon RDS : managed databases.",  # the gap is the picture's: no space before ':'
        "Pick the bucket , then Upload.",
    ]
    assert deck[1 : 1 + len(expected)] == expected, deck
    described = [shape._element.xpath("./p:nvPicPr/p:cNvPr/@descr") for shape in slides[1].shapes]
    alts = [alt for found in described for alt in found]
    assert alts == ["EC2", "Save", "gear menu", "export", "Settings", "", "RDS", "bucket"], alts
    for sentence in expected:
        for pdf in ("steps.pdf", "steps.handout.pdf"):
            assert squeeze(sentence) in squeeze(page_text(out / pdf)), pdf
    assert len(pdf_images(out / "steps.pdf")[1]) == len(steps)  # one image each, drawn inline


@pytest.mark.parametrize("count", [1, 2, 3])
def test_small_pictures_above_text_leave_no_band_of_empty_room(tmp_path: Path, count: int) -> None:
    """A 64-pixel icon above a list was drawn at its largest, 1.3 in, in the middle of a band
    of 3 in, the list pushed to the slide's foot (review): a row of pictures at their
    largest is as tall as they are, and the text follows right under it."""
    icons = {f"i{n}": (64, 64) for n in range(count)}
    shown = " ".join(f"![Icon {n}](i{n}.png)" for n in range(count))
    body = f"{shown}\n\n1. **Regions**: 34 launched.\n2. **Zones**: 108.\n3. **Edges**: 600.\n"
    frames = gallery(tmp_path, icons, body)
    slides, _ = placed(tmp_path / "gallery.md")
    [text] = [f for f in slides[1].frames if isinstance(f, TextFrame)]
    bottom = max(f.box.y + f.box.h for f in frames)
    assert all(f.box.h == pytest.approx(64 / LEAST_PPI) for f in frames)
    assert text.box.y - bottom == pytest.approx(THEME.slide.gap, abs=0.01)
    assert min(f.box.y for f in frames) == pytest.approx(body_area().y, abs=0.01)
