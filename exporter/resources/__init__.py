"""resources: the one door through which images and fonts enter, for every writer.

Each image a lesson shows is had here, once, before the fit stage measures anything:

1. **resolve**: a path against the lesson's folder, or a site-root path (``/assets/x.png``)
   against the course root, never leaving it (``local``); an ``http`` or ``https`` address
   from the download cache, or downloaded from a public address (``remote``, ``cache``);
2. **check and normalise** with Pillow: PNG, JPEG, GIF or WebP by content, the pixel count
   before decoding, a full decode, upright, no metadata (``images``).

Whatever cannot be had becomes a warning naming the line, and the slide shows a placeholder.
The fonts a theme measures and embeds come through ``fonts``.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from exporter.errors import Diagnostic, warning
from exporter.model import Block, Columns, Deck, Image
from exporter.resources.cache import DownloadCache
from exporter.resources.fonts import FONT_STYLES, MissingFont, font_families, font_file
from exporter.resources.hosts import DEADLINE, Allowed
from exporter.resources.images import Picture, decode_picture, scaled
from exporter.resources.local import Place, read_file, resolve

__all__ = [
    "FONT_STYLES",
    "Downloads",
    "MissingFont",
    "Picture",
    "Place",
    "font_families",
    "font_file",
    "load_picture",
    "load_pictures",
    "scaled",
]

MAX_DOWNLOADS = 4
"""How many of a lesson's remote images download at once."""


@dataclass(frozen=True)
class Downloads:
    """How remote images may be had."""

    allowed: Allowed = field(default_factory=Allowed)
    """Hosts and networks that may be reached although they are not public."""
    cache: Path | None = None
    """The download cache's folder (``None``: no cache)."""
    offline: bool = False
    """Whether to use the cache only, downloading nothing."""
    deadline: float = DEADLINE
    """The most seconds one download may take."""


def load_pictures(
    deck: Deck,
    place: Place,
    downloads: Downloads | None = None,
    largest: tuple[int, int] | None = None,
) -> tuple[dict[str, Picture], list[Diagnostic]]:
    """Return the pictures of every image in ``deck``, keyed by address, and the problems.

    A picture larger than ``largest`` pixels (what a slide can show) is shrunk to fit in it.
    An image without alt text is reported too: readers who cannot see it get nothing.
    """
    shown = [
        (number, image)
        for number, slide in enumerate(deck.slides, start=1)
        for image in images_of(slide.body)
    ]
    sources = list(dict.fromkeys(image.src for _, image in shown))
    loaded = load_all(sources, place, downloads, largest)
    pictures: dict[str, Picture] = {}
    diagnostics: list[Diagnostic] = []
    for number, image in shown:
        if not image.alt.strip():
            message = (
                f"image {unquote(image.src)!r} has no alt text; describe it for readers who "
                f"cannot see it: ![what it shows]({image.src})"
            )
            diagnostics.append(warning("no-alt", message, image.line, number))
        picture = loaded.pop(image.src, None)
        if isinstance(picture, Picture):
            pictures[image.src] = picture
        elif picture is not None:  # reported at the image's first appearance only
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


def load_all(
    sources: list[str],
    place: Place,
    downloads: Downloads | None,
    largest: tuple[int, int] | None = None,
) -> dict[str, Picture | str]:
    """Return the picture (or the reason there is none) of each address, remote ones at once."""
    remote = [src for src in sources if is_remote(src)]
    loaded: dict[str, Picture | str] = {}
    if len(remote) > 1:
        with ThreadPoolExecutor(min(MAX_DOWNLOADS, len(remote))) as pool:
            got = pool.map(lambda src: load_picture(src, place, downloads, largest), remote)
            loaded.update(zip(remote, got, strict=True))
    for src in sources:
        if src not in loaded:
            loaded[src] = load_picture(src, place, downloads, largest)
    return loaded


def is_remote(src: str) -> bool:
    return urlsplit(src).scheme.lower() in ("http", "https")


def load_picture(
    src: str,
    place: Place,
    downloads: Downloads | None = None,
    largest: tuple[int, int] | None = None,
) -> Picture | str:
    """Return the picture at ``src`` (shrunk to fit in ``largest`` pixels), or the reason it
    cannot be had."""
    parts = urlsplit(src)
    if parts.scheme.lower() in ("http", "https"):
        return remote_picture(src, downloads or Downloads(), largest)
    if len(parts.scheme) == 1:
        return "a Windows drive path cannot be read; give a path relative to the lesson"
    if parts.scheme or parts.netloc:
        return f"the address scheme {parts.scheme or '//'!r} is not allowed"
    path = resolve(unquote(parts.path), place)
    if isinstance(path, str):
        return path
    data = read_file(path)
    return data if isinstance(data, str) else decode_picture(data, largest)


def remote_picture(
    url: str, downloads: Downloads, largest: tuple[int, int] | None = None
) -> Picture | str:
    """Return the picture at ``url`` from the cache, else downloaded (and then cached)."""
    cache = DownloadCache(downloads.cache) if downloads.cache else None
    data = cache.get(url) if cache else None
    if data is not None:
        return decode_picture(data, largest)
    if downloads.offline:
        return "it is not in the download cache, and --offline allows no download"
    # The network code (http.client, ssl) is imported only by a lesson that needs it.
    from exporter.resources.remote import download

    body = download(url, downloads.allowed, downloads.deadline)
    if isinstance(body, str):
        return f"cannot download it: {body}"
    picture = decode_picture(body, largest)
    if isinstance(picture, Picture) and cache:
        cache.put(url, body)
    return picture
