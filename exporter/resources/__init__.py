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

import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from exporter.errors import Diagnostic, warning
from exporter.files import digest
from exporter.model import (
    Block,
    Bullet,
    Columns,
    Deck,
    Image,
    Paragraph,
    Subheading,
    Table,
    inline_icons,
)
from exporter.resources.cache import DownloadCache
from exporter.resources.fonts import (
    FONT_STYLES,
    MissingFont,
    font_families,
    font_file,
    font_origin,
    theme_font,
)
from exporter.resources.hosts import DEADLINE, Allowed
from exporter.resources.images import Picture, decode_picture, scaled
from exporter.resources.local import Place, read_file, resolve

__all__ = [
    "FONT_STYLES",
    "Downloads",
    "MissingFont",
    "Picture",
    "Place",
    "Read",
    "font_families",
    "font_file",
    "font_origin",
    "load_picture",
    "load_pictures",
    "locate",
    "scaled",
    "theme_font",
]

MAX_DOWNLOADS = 4
"""How many of a lesson's remote images download at once."""
BUDGET = 60.0
"""The most seconds all of a lesson's downloads may take together."""


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
    budget: float = BUDGET
    """The most seconds all of a lesson's downloads may take together."""

    def store(self) -> DownloadCache | None:
        """Return the cache, whose entries are kept apart for each allow-list: a download
        that an allow-list let through is never served to a run without it."""
        return DownloadCache(self.cache, self.allowed.signature()) if self.cache else None


def load_pictures(
    deck: Deck,
    place: Place,
    downloads: Downloads | None = None,
    largest: tuple[int, int] | None = None,
    read: dict[str, Read] | None = None,
) -> tuple[dict[str, Picture], list[Diagnostic]]:
    """Return the pictures of every image in ``deck``, keyed by address, and the problems.

    A picture larger than ``largest`` pixels (what a slide can show) is shrunk to fit in it.
    An image without alt text is reported too: readers who cannot see it get nothing.
    ``read`` is given what the pictures were made from (see ``load_all``).
    """
    shown = [
        (number, image)
        for number, slide in enumerate(deck.slides, start=1)
        for image in (
            *inline_icons((*slide.title, *slide.subtitle)),
            *images_of(slide.body),
            *(slide.question.icons if slide.question is not None else ()),
        )
    ]
    sources = list(dict.fromkeys(image.src for _, image in shown))
    loaded = load_all(sources, place, downloads, largest, read)
    pictures: dict[str, Picture] = {}
    diagnostics: list[Diagnostic] = []
    for number, image in shown:
        if not image.alt.strip():
            described = (
                f'<img src="{image.src}" alt="what it shows">'
                if image.tag
                else f"![what it shows]({image.src})"
            )
            message = (
                f"image {unquote(image.src)!r} has no alt text; describe it for readers who "
                f"cannot see it: {described}"
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
    """Yield the images among ``blocks``, columns, the icons text and column headings start
    with and the icons inside text's lines (a subheading's, a table cell's) included."""
    for block in blocks:
        if isinstance(block, Image):
            yield block
        elif isinstance(block, Paragraph | Bullet):
            yield from block.icons
            yield from inline_icons(block.runs)
        elif isinstance(block, Subheading):
            yield from inline_icons(block.runs)
        elif isinstance(block, Table):
            for row in (block.header, *block.rows):
                for cell in row:
                    yield from inline_icons(cell)
        elif isinstance(block, Columns):
            for column in (block.left, block.right):
                yield from column.icons
                yield from inline_icons(column.heading)
                yield from images_of(column.blocks)


@dataclass(frozen=True)
class Read:
    """What one image was had from, by which a later build can tell whether it would differ."""

    path: Path | None
    """The file its address resolved to (``None``: a remote image, or none was found)."""
    digest: str | None
    """The SHA-256 of the bytes read or downloaded (``None``: none were had)."""


def load_all(
    sources: list[str],
    place: Place,
    downloads: Downloads | None = None,
    largest: tuple[int, int] | None = None,
    read: dict[str, Read] | None = None,
) -> dict[str, Picture | str]:
    """Return the picture (or the reason there is none) of each address; ``read``, if given,
    is given what each was had from.

    Remote images download several at a time; decoding is done one image at a time (a large
    image takes hundreds of megabytes while it is decoded), and once for a file however many
    addresses name it.
    """
    downloads = downloads or Downloads()
    read = {} if read is None else read
    located = {src: locate(src, place) for src in sources if not is_remote(src)}
    fetched = fetch_all([src for src in sources if is_remote(src)], downloads)
    decoded: dict[Path, Picture | str] = {}
    digests: dict[Path, str | None] = {}
    loaded: dict[str, Picture | str] = {}
    for src in sources:
        if src in fetched:
            body = fetched[src]
            read[src] = Read(None, digest(body.data) if isinstance(body, Body) else None)
            loaded[src] = (
                body
                if isinstance(body, str)
                else decoded_once(body.data, largest, read[src].digest or "")
            )
            if isinstance(body, Body) and body.fresh and isinstance(loaded[src], Picture):
                store = downloads.store()
                if store is not None:
                    store.put(src, body.data)  # only what proved to be an image
            continue
        path = located[src]
        if isinstance(path, str):
            loaded[src] = path
            read[src] = Read(None, None)
            continue
        if path not in decoded:
            data = read_file(path)
            digests[path] = None if isinstance(data, str) else digest(data)
            decoded[path] = (
                data if isinstance(data, str) else decoded_once(data, largest, digests[path] or "")
            )
        loaded[src] = decoded[path]
        read[src] = Read(path, digests[path])
    return loaded


KEPT_PICTURES = 16
"""How many decoded pictures a process keeps (``decoded_once``)."""
KEPT_PICTURE_BYTES = 1_000_000
"""The largest file (bytes) whose decoded picture is kept: a logo, an icon, a diagram."""
KEPT_BYTES = 16_000_000
"""The most bytes of decoded pictures a process keeps, all together."""
kept_pictures: OrderedDict[tuple[str, tuple[int, int] | None], Picture | str] = OrderedDict()
"""The pictures decoded, by their file's digest and the most pixels they may have, the most
recently used last."""


def decoded_once(data: bytes, largest: tuple[int, int] | None, key: str) -> Picture | str:
    """Return ``decode_picture(data, largest)``, worked out once a process for a small file
    (``KEPT_PICTURE_BYTES``) whose digest is ``key``: a course's logo, icons and shared
    diagrams, shown in lesson after lesson, are decoded and encoded once a worker rather than
    once a lesson (a 640 x 360 PNG took 14 ms each time). At most ``KEPT_PICTURES`` are kept,
    of at most ``KEPT_BYTES`` together, the least recently used let go first."""
    if not key or len(data) > KEPT_PICTURE_BYTES:
        return decode_picture(data, largest)
    found = kept_pictures.get((key, largest))
    if found is None:
        found = kept_pictures[(key, largest)] = decode_picture(data, largest)
        while len(kept_pictures) > 1 and (
            len(kept_pictures) > KEPT_PICTURES or kept_size() > KEPT_BYTES
        ):
            kept_pictures.popitem(last=False)
    kept_pictures.move_to_end((key, largest))
    return found


def kept_size() -> int:
    """Return the bytes of the pictures kept (``decoded_once``)."""
    return sum(len(p.data) for p in kept_pictures.values() if isinstance(p, Picture))


def load_picture(
    src: str,
    place: Place,
    downloads: Downloads | None = None,
    largest: tuple[int, int] | None = None,
) -> Picture | str:
    """Return the picture at ``src`` (shrunk to fit in ``largest`` pixels), or the reason it
    cannot be had."""
    return load_all([src], place, downloads, largest)[src]


def is_remote(src: str) -> bool:
    """Return whether ``src`` is an address to download (``http`` or ``https``)."""
    return urlsplit(src).scheme.lower() in ("http", "https")


def locate(src: str, place: Place) -> Path | str:
    """Return the local file ``src`` names, or why it is refused."""
    parts = urlsplit(src)
    if len(parts.scheme) == 1:
        return "a Windows drive path cannot be read; give a path relative to the lesson"
    if parts.scheme or parts.netloc:
        return f"the address scheme {parts.scheme or '//'!r} is not allowed"
    return resolve(unquote(parts.path), place)


@dataclass(frozen=True)
class Body:
    """A remote image's bytes, and whether they were just downloaded (else: from the cache)."""

    data: bytes
    fresh: bool


def fetch_all(urls: list[str], downloads: Downloads) -> dict[str, Body | str]:
    """Return the bytes (or why there are none) at each of ``urls``, several at a time.

    The workers are daemon threads, so that Ctrl-C is not kept waiting for a slow server.
    """
    until = time.monotonic() + downloads.budget
    if len(urls) < 2:
        return {url: fetch_one(url, downloads, until) for url in urls}
    results: dict[str, Body | str | BaseException] = {}
    pending = list(urls)
    lock = threading.Lock()

    def work() -> None:
        while True:
            with lock:
                if not pending:
                    return
                url = pending.pop(0)
            try:
                results[url] = fetch_one(url, downloads, until)
            except BaseException as exc:  # a bug: raised again below, in the lesson's thread
                results[url] = exc

    workers = [threading.Thread(target=work, daemon=True) for _ in range(MAX_DOWNLOADS)]
    for worker in workers[: len(urls)]:
        worker.start()
    for worker in workers[: len(urls)]:
        worker.join()
    for result in results.values():
        if isinstance(result, BaseException):
            raise result
    return {url: results[url] for url in urls}  # type: ignore[misc]


def fetch_one(url: str, downloads: Downloads, until: float) -> Body | str:
    """Return the bytes at ``url`` from the cache, else downloaded; or why there are none."""
    store = downloads.store()
    data = store.get(url) if store else None
    if data is not None:
        return Body(data, fresh=False)
    if downloads.offline:
        return "it is not in the download cache, and --offline allows no download"
    over = f"cannot download it: the lesson's downloads took longer than {downloads.budget:g} s"
    left = min(downloads.deadline, until - time.monotonic())
    if left <= 0:
        return over
    # The network code (http.client, ssl) is imported only by a lesson that needs it.
    from exporter.resources.remote import TIMED_OUT, download

    body = download(url, downloads.allowed, left)
    if isinstance(body, str) and body.startswith(TIMED_OUT) and left < downloads.deadline:
        return over  # cut short by the lesson's budget, not by its own deadline
    return f"cannot download it: {body}" if isinstance(body, str) else Body(body, fresh=True)
