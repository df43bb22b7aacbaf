"""resources: images are read from inside the course only, and checked with Pillow."""

from __future__ import annotations

import os
import stat
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from PIL import Image as PILImage

from exporter.resources import Picture, Place, load_all, load_picture
from exporter.resources.local import MAX_BYTES, read_file


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
    data[29:33] = zlib.crc32(data[12:29]).to_bytes(4, "big")  # a valid header still
    (place.lesson_dir / "bomb.png").write_bytes(bytes(data))
    result = load_picture("bomb.png", place)
    assert result == "it claims more than 40 million pixels", result


@pytest.mark.parametrize(
    ("src", "reason"),
    [
        ("images/x%00.png", "the path cannot be read: it holds a NUL character"),
        ("images/" + "n" * 5000 + ".png", "the path cannot be read: File name too long"),
        ("loop.png", "the path cannot be read: "),  # its links loop (the words vary by Python)
        ("C:\\Windows\\x.png", "a Windows drive path cannot be read"),
    ],
)
def test_unresolvable_paths_become_reasons(place: Place, src: str, reason: str) -> None:
    os.symlink(place.lesson_dir / "loop.png", place.lesson_dir / "loop.png")
    assert str(load_picture(src, place)).startswith(reason)


# Local paths: nothing outside the course, nothing but regular files, nothing that blocks.


@pytest.fixture
def flat(tmp_path: Path) -> Place:
    """A course whose lessons sit at its root, with a real image just outside it.

    The image outside is a valid PNG, so an address that escaped would load it rather than
    fail for some other reason.
    """
    course = tmp_path / "course"
    (course / "images").mkdir(parents=True)
    PILImage.new("RGB", (30, 20), "red").save(course / "images" / "a.png")
    PILImage.new("RGB", (30, 20), "blue").save(tmp_path / "x.png")
    return Place(course, course)


def refused(src: str, place: Place) -> str:
    result = load_picture(src, place)
    assert isinstance(result, str), f"{src!r} was loaded: {result}"
    return result


@pytest.mark.parametrize(
    "src",
    [
        "../x.png",
        "%2e%2e/x.png",
        "..%2fx.png",
        "%2E%2E%2Fx.png",
        "/../x.png",
        "images/../../x.png",
        "/images/../../x.png",
        "./images/./../../x.png",
    ],
)
def test_traversal_out_of_the_course_is_refused(flat: Place, src: str) -> None:
    assert "it lies outside the course folder" in refused(src, flat)


def test_dot_dot_that_stays_inside_the_course_is_allowed(flat: Place) -> None:
    picture = load_picture("images/../images/a.png", flat)
    assert isinstance(picture, Picture) and (picture.width, picture.height) == (30, 20)


def test_an_absolute_system_path_is_read_from_the_course_root(flat: Place) -> None:
    assert Path("/etc/passwd").is_file()  # so "no such file" cannot come from the system's copy
    assert refused("/etc/passwd", flat).startswith("no such file")


@pytest.mark.parametrize(
    "src", ["file:images/a.png", "file:///images/a.png", "FILE:images/a.png", "//localhost/a.png"]
)
def test_other_address_schemes_are_refused_even_for_a_file_in_the_course(
    flat: Place, src: str
) -> None:
    assert "is not allowed" in refused(src, flat)


def test_a_symlinked_folder_out_of_the_course_is_refused(flat: Place, tmp_path: Path) -> None:
    os.symlink(tmp_path, flat.root / "escape")
    assert "it lies outside the course folder" in refused("escape/x.png", flat)


def test_a_symlink_within_the_course_is_followed(flat: Place) -> None:
    os.symlink(flat.root / "images" / "a.png", flat.root / "alias.png")
    assert isinstance(load_picture("alias.png", flat), Picture)


def test_dev_null_through_a_symlink_is_outside_the_course(flat: Place) -> None:
    os.symlink("/dev/null", flat.root / "null.png")
    assert "it lies outside the course folder" in refused("null.png", flat)


def test_a_folder_named_like_an_image_is_refused(flat: Place) -> None:
    (flat.root / "folder.png").mkdir()
    assert refused("folder.png", flat) == "it is a folder, not an image file"


@contextmanager
def unblocked(fifo: Path, after: float = 3.0) -> Iterator[None]:
    """Open ``fifo`` for writing after ``after`` seconds, releasing a reader stuck on it.

    A reader that blocks is then handed end-of-file, so a regression fails the test's
    assertions instead of hanging the test run.
    """

    def release() -> None:
        with suppress(OSError):  # nobody is waiting to read: nothing to release
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))

    timer = threading.Timer(after, release)
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def test_a_fifo_is_refused_without_blocking(flat: Place) -> None:
    fifo = flat.root / "pipe.png"
    os.mkfifo(fifo)
    started = time.monotonic()
    with unblocked(fifo):
        result = load_picture("pipe.png", flat)
    assert time.monotonic() - started < 2.0
    assert result == "it is not a regular file (a device, a pipe or a socket)"


def test_read_file_itself_refuses_a_fifo_without_blocking(flat: Place) -> None:
    """The second line of defence: a path swapped for a pipe after ``resolve`` checked it."""
    fifo = flat.root / "pipe.png"
    os.mkfifo(fifo)
    started = time.monotonic()
    with unblocked(fifo):
        result = read_file(fifo)
    assert time.monotonic() - started < 2.0
    assert result == "it is not a regular file (a device, a pipe or a socket)"


@pytest.fixture
def device(flat: Place) -> Path:
    """A character device (like /dev/zero, which never ends) inside the course."""
    node = flat.root / "zero.png"
    try:
        os.mknod(node, 0o600 | stat.S_IFCHR, os.makedev(1, 5))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    return node


def test_a_device_inside_the_course_is_refused(flat: Place, device: Path) -> None:
    result = load_picture(device.name, flat)
    assert result == "it is not a regular file (a device, a pipe or a socket)"
    assert read_file(device) == "it is not a regular file (a device, a pipe or a socket)"


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(flat: Place) -> None:
    big = flat.root / "big.png"
    big.write_bytes((flat.root / "images" / "a.png").read_bytes())
    os.truncate(big, MAX_BYTES + 1)  # sparse: no disk is used
    assert refused("big.png", flat) == f"the file is larger than {MAX_BYTES // 1_000_000} MB"


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Return the sizes of the files decoded from now on (none kept from another test)."""
    import exporter.resources as door

    calls: list[int] = []
    real = door.images.decode_picture

    def counted(data: bytes, largest: tuple[int, int] | None = None) -> Picture | str:
        calls.append(len(data))
        return real(data, largest)

    monkeypatch.setattr(door, "decode_picture", counted)
    monkeypatch.setattr(door, "kept_pictures", OrderedDict())
    return calls


def test_a_file_named_by_several_addresses_is_decoded_once(
    place: Place, decodes: list[int]
) -> None:
    """``a.png?1`` and ``a.png#x`` name one file: a lesson cannot make it decode again and again."""
    calls = decodes
    sources = [f"images/a.png?{n}" for n in range(5)] + ["images/a.png#x", "./images/a.png"]
    loaded = load_all(sources, place)
    assert all(isinstance(picture, Picture) for picture in loaded.values())
    assert len(calls) == 1


def test_a_picture_shown_in_lesson_after_lesson_is_decoded_once_a_process(
    place: Place, decodes: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A course's logo or shared diagram is decoded and encoded once a worker, not once a
    lesson; a file changed since is decoded anew, and a large one is never kept."""
    import exporter.resources as door

    calls = decodes
    first = [load_all(["images/a.png"], place)["images/a.png"] for _ in range(3)]
    assert len(calls) == 1 and all(isinstance(p, Picture) for p in first)
    assert first[0] == first[1] == first[2]
    PILImage.new("RGB", (12, 34), "blue").save(place.lesson_dir / "images" / "a.png")
    again = load_all(["images/a.png"], place)["images/a.png"]
    assert (
        len(calls) == 2 and isinstance(again, Picture) and (again.width, again.height) == (12, 34)
    )
    monkeypatch.setattr(door, "KEPT_PICTURE_BYTES", 10)  # every file now counts as large
    for _ in range(2):
        load_all(["images/a.png"], place)
    assert len(calls) == 4
