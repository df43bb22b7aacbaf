"""resources: an image's bytes checked and normalised with Pillow before any writer sees them.

Only PNG, JPEG, GIF and WebP are read, told apart by their content, never by a file name.
The pixel count is checked from the header before anything is decoded (a small file can
claim billions of pixels), and the image is then decoded in full, so that a truncated file is
refused here rather than drawn half grey by PowerPoint. What comes out is upright (EXIF
orientation applied), carries no metadata but its colour profile, and is in a format both
PowerPoint and the PDF show as it is: JPEG stays JPEG, everything else becomes PNG (an
animated GIF or WebP gives its first frame). ``scaled`` later shrinks a picture far larger
than the slide shows it.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image as PILImage
from PIL import ImageCms, ImageFile, ImageMath, UnidentifiedImageError
from PIL.ExifTags import Base

READABLE = ("PNG", "JPEG", "GIF", "WEBP")
"""The formats Pillow may open (its other decoders never see a lesson's bytes)."""
MAX_PIXELS = 40_000_000
"""The most pixels an image may have (a 40-megapixel photo)."""
MAX_FRAMES = 1000
"""The most frames an animated image may have (only the first is shown)."""
PNG_MODES = frozenset({"1", "L", "LA", "P", "RGB", "RGBA"})
"""The pixel modes kept as they are in a PNG; others (16-bit grey, CMYK...) are converted."""
JPEG_QUALITY = 90
"""The quality of a JPEG that had to be encoded again (turned upright, or scaled)."""
ORIENTATION = Base.Orientation
"""The EXIF tag saying which way up the stored pixels are meant to be seen."""
TURNS = {
    2: PILImage.Transpose.FLIP_LEFT_RIGHT,
    3: PILImage.Transpose.ROTATE_180,
    4: PILImage.Transpose.FLIP_TOP_BOTTOM,
    5: PILImage.Transpose.TRANSPOSE,
    6: PILImage.Transpose.ROTATE_270,
    7: PILImage.Transpose.TRANSVERSE,
    8: PILImage.Transpose.ROTATE_90,
}
"""What turns each EXIF orientation upright (1 is upright already)."""
SIDEWAYS = frozenset(TURNS[value] for value in (5, 6, 7, 8))
"""The turns that swap width and height."""
MAX_SCANS = 100
"""The most scans a JPEG may have: a progressive photo has about 10, and each one is a pass
over the whole image (thousands would take minutes)."""
MAX_PROFILE = 1_000_000
"""The largest colour profile kept (real ones are a few kilobytes)."""
RESAMPLE_SLACK = 1.25
"""How much larger than needed a picture may be before ``scaled`` shrinks it."""
SIGNATURES = (
    (b"8BPS", "a Photoshop (PSD) file"),
    (b"%!PS", "a PostScript (EPS) file"),
    (b"\xc5\xd0\xd3\xc6", "a PostScript (EPS) file"),
    (b"%PDF", "a PDF document"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BM", "a BMP image"),
    (b"\x00\x00\x01\x00", "an icon (ICO) file"),
    (b"PK\x03\x04", "a zip archive"),
)
"""The first bytes of files that are often mistaken for images, and what to call them."""
MARKUP = (
    (b"<svg", "an SVG drawing"),
    (b"<html", "an HTML page"),
    (b"<!doctype html", "an HTML page"),
)
"""Text found near the start of markup files, and what to call them."""


@dataclass(frozen=True)
class Picture:
    """An image ready for a writer: checked, upright, without metadata."""

    data: bytes
    """The encoded image."""
    extension: str
    """Its format as a file extension: ``png`` or ``jpeg``."""
    width: int
    """Width in pixels."""
    height: int
    """Height in pixels."""
    source: str = ""
    """The format it was read from, such as ``WEBP`` (the writers need only ``extension``)."""


def decode_picture(data: bytes, largest: tuple[int, int] | None = None) -> Picture | str:
    """Return ``data`` checked and normalised (see the module's docstring), or why it is refused.

    ``largest`` is the most pixels the picture can be shown with (see ``normalised``).
    """
    named = sniffed(data)
    if named == "an SVG drawing":
        return "SVG drawings are not supported; export it as PNG"
    if named:
        return f"it is {named}, not a PNG, JPEG, GIF or WebP image"
    scans = data.count(b"\xff\xda") if data.startswith(b"\xff\xd8") else 0
    if scans > MAX_SCANS:
        return f"it is a JPEG of {scans} scans, more than the {MAX_SCANS} allowed"
    # WeasyPrint, once imported, tells Pillow to fill in truncated images for the whole
    # process; a truncated file must be refused here. (WeasyPrint only ever draws pictures
    # that passed this check.)
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            # Pillow's own warnings (a corrupt EXIF block, a large image) must not reach the
            # terminal unformatted; our pixel limit below is lower than Pillow's.
            warnings.simplefilter("ignore")
            with PILImage.open(io.BytesIO(data), formats=READABLE) as image:
                return normalised(image, largest)
    except UnidentifiedImageError:
        return "it is not a PNG, JPEG, GIF or WebP image"
    except PILImage.DecompressionBombError:
        return f"it claims more than {MAX_PIXELS // 1_000_000} million pixels"
    except (OSError, ValueError, SyntaxError, EOFError, IndexError) as exc:
        return f"the image is damaged or truncated ({exc.__class__.__name__})"
    except Exception:  # a hostile file makes Pillow raise others (struct.error, TypeError...)
        return "the image is damaged (Pillow cannot read it)"


def sniffed(data: bytes) -> str | None:
    """Return what ``data`` is when its first bytes show it is not an image we read."""
    for signature, name in SIGNATURES:
        if data.startswith(signature):
            return name
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<"):
        return next((name for mark, name in MARKUP if mark in head), "a text file (markup)")
    return None


def normalised(image: PILImage.Image, largest: tuple[int, int] | None = None) -> Picture | str:
    """Return an opened image decoded, upright and re-encoded; or why it is refused.

    An image larger than ``largest`` pixels (what a slide's whole body shows) is shrunk to fit
    inside it before it is encoded.
    """
    source = "JPEG" if image.format == "MPO" else image.format or ""  # MPO: a camera's JPEG
    if image.width * image.height > MAX_PIXELS:
        limit = MAX_PIXELS // 1_000_000
        return f"{image.width} x {image.height} pixels is more than the {limit} million allowed"
    frames = getattr(image, "n_frames", 1)
    if frames > MAX_FRAMES:
        return f"it has {frames} frames, more than the {MAX_FRAMES} allowed"
    image.seek(0)
    turn = TURNS.get(orientation(image))
    if largest is not None and source == "JPEG":
        # Decoded straight at a fraction of its size (the whole file is still read).
        box = largest[::-1] if turn in SIDEWAYS else largest
        factor = min(1.0, box[0] / image.width, box[1] / image.height)
        size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
        image.draft(image.mode, size)
    image.load()  # the whole first frame: a truncated file raises here
    upright = image.transpose(turn) if turn is not None else image
    if largest is not None:
        factor = min(largest[0] / upright.width, largest[1] / upright.height)
        if factor * RESAMPLE_SLACK < 1:
            upright = resized(upright, factor)
    if image.format == "JPEG" and upright is image and image.mode in ("L", "RGB"):
        # Its own quantisation tables and subsampling: as close to the original as a JPEG
        # encoded again can be.
        return encoded(image, "jpeg", source, quality="keep", subsampling="keep")
    if source == "JPEG":
        return encoded(rgb(upright), "jpeg", source, quality=JPEG_QUALITY)
    return encoded(png_ready(upright), "png", source)


def orientation(image: PILImage.Image) -> int:
    """Return the image's EXIF orientation (1, upright, when it has none or it is damaged)."""
    try:
        value = image.getexif().get(ORIENTATION, 1)
    except Exception:  # a damaged EXIF block: shown as stored
        return 1
    return value if value in TURNS else 1


def usable_profile(profile: object) -> bytes | None:
    """Return ``profile`` if it is an ICC colour profile of a sensible size, else ``None``."""
    if not isinstance(profile, bytes) or not profile or len(profile) > MAX_PROFILE:
        return None
    try:
        ImageCms.ImageCmsProfile(io.BytesIO(profile))
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None
    return profile


def rgb(image: PILImage.Image) -> PILImage.Image:
    """Return ``image`` (grey, RGB or CMYK) as RGB; CMYK through its colour profile, if any."""
    if image.mode in ("L", "RGB"):
        return image
    profile = image.info.get("icc_profile")
    if image.mode == "CMYK" and profile:
        try:
            converted = ImageCms.profileToProfile(
                image, io.BytesIO(profile), ImageCms.createProfile("sRGB"), outputMode="RGB"
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            converted = None
        if converted is not None:
            converted.info = {}  # sRGB, which needs no profile
            return converted
    converted = image.convert("RGB")
    converted.info = {}  # a CMYK profile would misdescribe RGB pixels
    return converted


def resized(image: PILImage.Image, factor: float) -> PILImage.Image:
    """Return ``image`` scaled by ``factor`` (below 1), smoothly, its colour profile kept."""
    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    profile = image.info.get("icc_profile")
    if "transparency" in image.info:  # a palette entry or a colour key: resized as alpha
        image = image.convert("RGBA")
    elif image.mode in ("1", "P"):  # resized by nearest neighbour otherwise
        image = image.convert("RGB")
    smaller = image.resize(size, PILImage.Resampling.LANCZOS, reducing_gap=3.0)
    smaller.info = {"icc_profile": profile} if profile else {}
    return smaller


def png_ready(image: PILImage.Image) -> PILImage.Image:
    """Return ``image`` in a pixel mode every PNG reader shows correctly."""
    if image.mode in PNG_MODES:
        return image
    if image.mode.startswith("I"):  # 16- or 32-bit grey: keep the top 8 bits
        grey = image.convert("I")
        converted = grey.point(lambda value: value / 256).convert("L")
        converted.info = {k: v for k, v in image.info.items() if k == "icc_profile"}
        key = image.info.get("transparency")
        if isinstance(key, int):  # the transparent grey, as an alpha channel
            seen = ImageMath.lambda_eval(lambda pixels: (pixels["grey"] != key) * 255, grey=grey)
            converted.putalpha(seen.convert("L"))
        return converted
    return rgb(image) if "A" not in image.getbands() else image.convert("RGBA")


def encoded(image: PILImage.Image, extension: str, source: str, **options: object) -> Picture:
    """Return ``image`` saved without metadata (its colour profile kept) as a ``Picture``."""
    stream = io.BytesIO()
    profile = usable_profile(image.info.get("icc_profile"))
    if profile:
        options["icc_profile"] = profile
    else:  # Pillow's PNG writer would take the image's own
        image.info.pop("icc_profile", None)
    if extension == "png" and "transparency" in image.info:
        options["transparency"] = image.info["transparency"]
    if extension == "jpeg":
        options["comment"] = b""  # Pillow would copy the source's comment otherwise
    image.save(stream, "JPEG" if extension == "jpeg" else "PNG", **options)
    return Picture(stream.getvalue(), extension, image.width, image.height, source)


FADED_INK = 0.45
"""How much of its darkness a greyed picture keeps (``greyed``): about as much as the theme's
muted text keeps of the body's."""


def greyed(picture: Picture) -> Picture:
    """Return ``picture`` in light greys, its transparency kept: an icon among muted words (a
    quiz's wrong answer on its reveal slide), greyed as they are."""
    with PILImage.open(io.BytesIO(picture.data)) as opened:
        opened.load()
        colour = opened.convert("RGBA")
    grey = colour.convert("L").point(lambda value: round(255 - (255 - value) * FADED_INK))
    if picture.extension == "jpeg":
        return encoded(grey.convert("RGB"), "jpeg", picture.source, quality=JPEG_QUALITY)
    shown = PILImage.merge("RGBA", (grey, grey, grey, colour.getchannel("A")))
    return encoded(shown, "png", picture.source)


def scaled(picture: Picture, width: int, height: int) -> Picture:
    """Return ``picture`` shrunk to cover ``width`` x ``height`` pixels, if it is much larger.

    The aspect ratio is kept; a picture already within ``RESAMPLE_SLACK`` of the size is
    returned as it is.
    """
    factor = max(width / picture.width, height / picture.height)
    if factor * RESAMPLE_SLACK >= 1:
        return picture
    with PILImage.open(io.BytesIO(picture.data)) as opened:
        opened.load()
        smaller = resized(opened, factor)
    options: dict[str, object] = {"quality": JPEG_QUALITY} if picture.extension == "jpeg" else {}
    return encoded(smaller, picture.extension, picture.source, **options)
