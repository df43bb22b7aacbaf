"""resources: images are read from inside the course only, and checked with Pillow."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image as PILImage

from exporter.resources import Picture, Place, load_picture


@pytest.fixture
def place(tmp_path: Path) -> Place:
    course = tmp_path / "course"
    (course / "section" / "images").mkdir(parents=True)
    (course / "assets").mkdir()
    PILImage.new("RGB", (30, 20), "red").save(course / "section" / "images" / "a.png")
    PILImage.new("RGB", (40, 10), "blue").save(course / "assets" / "site root.jpg", "JPEG")
    PILImage.new("RGB", (8, 8), "green").save(course / "assets" / "b.webp", "WEBP")
    PILImage.new("RGB", (5, 5)).save(tmp_path / "outside.png")
    return Place(course / "section", course)


def test_relative_path_next_to_the_lesson(place: Place) -> None:
    picture = load_picture("images/a.png", place)
    assert isinstance(picture, Picture)
    assert (picture.width, picture.height, picture.extension) == (30, 20, "png")


def test_site_root_path_and_percent_encoding(place: Place) -> None:
    picture = load_picture("/assets/site%20root.jpg", place)
    assert isinstance(picture, Picture) and picture.extension == "jpeg"


def test_webp_is_converted_to_png_for_powerpoint(place: Place) -> None:
    picture = load_picture("/assets/b.webp", place)
    assert isinstance(picture, Picture) and picture.extension == "png"
    assert picture.data.startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("src", "reason"),
    [
        ("../../outside.png", "outside the course folder"),
        ("/../outside.png", "outside the course folder"),
        ("images/missing.png", "no such file"),
        ("images", "it is a folder"),
        ("file:///etc/passwd", "scheme 'file' is not allowed"),
    ],
)
def test_refused_addresses_say_why(place: Place, src: str, reason: str) -> None:
    result = load_picture(src, place)
    assert isinstance(result, str) and reason in result


def test_a_symlink_out_of_the_course_is_refused(place: Place, tmp_path: Path) -> None:
    os.symlink(tmp_path / "outside.png", place.lesson_dir / "link.png")
    result = load_picture("link.png", place)
    assert isinstance(result, str) and "outside the course folder" in result


def test_a_file_that_is_not_an_image(place: Place) -> None:
    (place.lesson_dir / "fake.png").write_text("<html>not an image</html>")
    result = load_picture("fake.png", place)
    assert result == "it is an HTML page, not a PNG, JPEG, GIF or WebP image"


def test_a_header_claiming_a_huge_image_is_refused_before_decoding(place: Place) -> None:
    image = PILImage.new("1", (1, 1))
    image.save(place.lesson_dir / "bomb.png")
    data = bytearray((place.lesson_dir / "bomb.png").read_bytes())
    data[16:24] = (100_000).to_bytes(4, "big") * 2  # the IHDR width and height
    (place.lesson_dir / "bomb.png").write_bytes(bytes(data))
    result = load_picture("bomb.png", place)
    assert isinstance(result, str)


@pytest.mark.parametrize(
    "src", ["images/x%00.png", "images/" + "n" * 5000 + ".png", "loop.png", "C:\\Windows\\x.png"]
)
def test_unresolvable_paths_become_reasons(place: Place, src: str) -> None:
    os.symlink(place.lesson_dir / "loop.png", place.lesson_dir / "loop.png")
    assert isinstance(load_picture(src, place), str)
