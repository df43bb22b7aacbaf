"""resources: the one door through which images and fonts enter, for every writer.

A lesson's image is resolved against the lesson's folder (or, for a site-root path such as
``/assets/x.png``, against the course root), checked to stay inside the course, and read with
Pillow. Anything that cannot be had becomes a diagnostic and the slide shows a placeholder.
Remote addresses are not fetched yet: they get the placeholder too.

A theme's fonts are files in its ``fonts/`` folder named ``Family-Style.ttf``, such as
``Carlito-Bold.ttf``: measured by the fit stage and embedded in PDFs.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from exporter.errors import Diagnostic, warning
from exporter.model import Block, Columns, Deck, Image

# Formats PowerPoint shows as they are; anything else Pillow reads is converted to PNG.
NATIVE_FORMATS = {"PNG": "png", "JPEG": "jpeg", "GIF": "gif"}
MAX_PIXELS = 40_000_000
MAX_BYTES = 50_000_000
MAX_FONT_BYTES = 30_000_000
FONT_STYLES = {
    (False, False): "Regular",
    (True, False): "Bold",
    (False, True): "Italic",
    (True, True): "BoldItalic",
}
"""A font file's style suffix by (bold, italic)."""
DEFAULT_THEME = resources.files("exporter.themes").joinpath("default")
"""The built-in theme whose fonts every theme may use."""


class MissingFont(LookupError):
    """A theme names a font family it has no file for."""


def font_file(
    folder: Traversable, family: str, bold: bool = False, italic: bool = False, exact: bool = False
) -> bytes:
    """Return the bytes of a theme's font file for ``family`` in a style.

    The theme's own ``fonts/`` folder is searched first, then the built-in default theme's (so
    that a theme made by copying ``theme.toml`` needs no fonts of its own). Unless ``exact``,
    a family without a file for the style falls back to its regular face. Raises
    ``MissingFont`` when there is no file (or only one too large to be a font).
    """
    stem = family.replace(" ", "")
    wanted = FONT_STYLES[bold, italic]
    for fonts in (folder.joinpath("fonts"), DEFAULT_THEME.joinpath("fonts")):
        for style in dict.fromkeys((wanted,) if exact else (wanted, "Regular")):
            resource = fonts.joinpath(f"{stem}-{style}.ttf")
            if resource.is_file():
                data = resource.read_bytes()
                if len(data) <= MAX_FONT_BYTES:
                    return data
    raise MissingFont(family)


def font_families(folder: Traversable) -> list[str]:
    """Return the families a theme has font files for (its own and the default theme's)."""
    found: set[str] = set()
    for fonts in (folder.joinpath("fonts"), DEFAULT_THEME.joinpath("fonts")):
        if fonts.is_dir():
            found.update(
                entry.name.removesuffix("-Regular.ttf")
                for entry in fonts.iterdir()
                if entry.name.endswith("-Regular.ttf")
            )
    return sorted(found)


@dataclass(frozen=True)
class Picture:
    """An image ready for a writer."""

    data: bytes
    """The encoded image."""
    extension: str
    """Its file extension, such as ``png``."""
    width: int
    """Width in pixels."""
    height: int
    """Height in pixels."""


@dataclass(frozen=True)
class Place:
    """Where a lesson's relative addresses are resolved."""

    lesson_dir: Path
    """The folder of the lesson file."""
    root: Path
    """The course root: site-root paths start here, and no image may come from outside it."""


def load_pictures(deck: Deck, place: Place) -> tuple[dict[str, Picture], list[Diagnostic]]:
    """Return the pictures of every image in ``deck``, keyed by address, and the problems."""
    pictures: dict[str, Picture] = {}
    diagnostics: list[Diagnostic] = []
    for number, slide in enumerate(deck.slides, start=1):
        for image in images_of(slide.body):
            if image.src in pictures:
                continue
            picture = load_picture(image.src, place)
            if isinstance(picture, Picture):
                pictures[image.src] = picture
            else:
                message = f"image {unquote(image.src)!r} is shown as a placeholder: {picture}"
                diagnostics.append(warning("image", message, image.line, number))
    return pictures, diagnostics


def images_of(blocks: Iterable[Block]) -> Iterable[Image]:
    """Yield the images among ``blocks``, columns included."""
    for block in blocks:
        if isinstance(block, Image):
            yield block
        elif isinstance(block, Columns):
            yield from images_of(block.left.blocks)
            yield from images_of(block.right.blocks)


def load_picture(src: str, place: Place) -> Picture | str:
    """Return the picture at ``src``, or the reason it cannot be had."""
    parts = urlsplit(src)
    if parts.scheme in ("http", "https"):
        return "remote images are not downloaded yet"
    if len(parts.scheme) == 1:
        return "a Windows drive path cannot be read; give a path relative to the lesson"
    if parts.scheme or parts.netloc:
        return f"the address scheme {parts.scheme or '//'!r} is not allowed"
    path = resolve(unquote(parts.path), place)
    if isinstance(path, str):
        return path
    try:
        if path.stat().st_size > MAX_BYTES:
            return f"the file is larger than {MAX_BYTES // 1_000_000} MB"
        return decode_picture(path.read_bytes())
    except OSError as exc:
        return f"cannot read {path.name}: {exc.strerror}"


def resolve(path: str, place: Place) -> Path | str:
    """Return the file ``path`` names inside the course root, or why it is refused."""
    if not path:
        return "the address is empty"
    base = place.root if path.startswith("/") else place.lesson_dir
    try:
        target = (base / path.lstrip("/")).resolve()
        root = place.root.resolve()
        exists = target.exists()
    except (OSError, RuntimeError, ValueError) as exc:  # a NUL byte, a name too long, a loop
        return f"the path cannot be resolved ({type(exc).__name__})"
    if not target.is_relative_to(root):
        return "it lies outside the course folder"
    if not exists:
        return "no such file"
    if not target.is_file():
        return "it is not a regular file"
    return target


def decode_picture(data: bytes) -> Picture | str:
    """Return ``data`` checked and, where PowerPoint needs it, converted; or why it is refused."""
    try:
        with warnings.catch_warnings():
            # Pillow's own warnings (a corrupt EXIF block, a large image) must not reach the
            # terminal unformatted; our pixel limit below is lower than Pillow's.
            warnings.simplefilter("ignore")
            return _decode(data)
    except (UnidentifiedImageError, PILImage.DecompressionBombError) as exc:
        return f"not an image Pillow can read ({exc.__class__.__name__})"
    except (OSError, ValueError, SyntaxError) as exc:
        return f"the image is damaged ({exc.__class__.__name__})"


def _decode(data: bytes) -> Picture | str:
    """Decode ``data`` (see ``decode_picture``)."""
    with PILImage.open(io.BytesIO(data)) as image:
        if image.width * image.height > MAX_PIXELS:
            return f"{image.width} x {image.height} pixels is too many"
        image.load()
        extension = NATIVE_FORMATS.get(image.format or "")
        if extension is not None:
            return Picture(data, extension, image.width, image.height)
        converted = io.BytesIO()
        image.convert("RGBA").save(converted, "PNG")
        return Picture(converted.getvalue(), "png", image.width, image.height)
