"""parse: an HTML ``<img>`` tag → an image token, as ``![alt](src)`` would give.

Authors size a picture with HTML, which Markdown has no syntax for: ``<img src="net.png"
width="300" alt="Subnets">`` on a line of its own, or inside a sentence. The published page
shows the picture; so does the slide, where the layout sizes it (its ``width`` and ``height``
are not followed). An HTML block of pictures alone (each maybe inside a link, the whole maybe
wrapped in ``<p align="center">``, ``<div>`` or ``<center>``) reads as a paragraph of them; an
HTML block holding anything else, or an ``<img>`` without a ``src``, stays text as written.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from urllib.parse import quote

from exporter import tokens as t

WRAPPERS = frozenset({"p", "div", "center", "span", "br"})
"""Tags a block of pictures may be wrapped in, or broken by, that show nothing themselves."""
URL_SAFE = ":/?#@!$&()*+,;=%"
"""What ``![alt](src)``'s address keeps as written when the parser escapes it (mistune's
``escape_url``): a space becomes ``%20``, as in a Markdown image's address."""


class _Tags(HTMLParser):
    """Reads an HTML block: the images it shows, or that it shows something else."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shown: list[t.Inline] = []
        self.links: list[str | None] = []
        self.other = False
        """Whether the block holds text or a tag that is no picture (nor wraps one)."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            image = image_of(dict(attrs))
            if image is None:
                self.other = True
                return
            link = next((href for href in reversed(self.links) if href), None)
            if self.shown:
                self.shown.append(t.SoftBreak())  # pictures written in a row stand in a row
            self.shown.append(image if link is None else t.Link(url_of(link), (image,)))
        elif tag == "a":
            self.links.append(dict(attrs).get("href"))
        elif tag not in WRAPPERS:
            self.other = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.links:
            self.links.pop()
        elif tag not in WRAPPERS and tag != "a":
            self.other = True

    def handle_data(self, data: str) -> None:
        self.other = self.other or bool(data.strip())

    def handle_comment(self, data: str) -> None:
        self.other = True

    def handle_decl(self, decl: str) -> None:
        self.other = True


def url_of(src: str) -> str:
    """Return an address written in an HTML attribute as the parser gives a Markdown one."""
    return quote(src.strip(), safe=URL_SAFE)


def image_of(attrs: dict[str, str | None]) -> t.Image | None:
    """Return the image an ``<img>`` tag's ``attrs`` show, ``None`` without a ``src``."""
    src = (attrs.get("src") or "").strip()
    if not src:
        return None
    alt = attrs.get("alt") or ""
    # A token's text keeps its entities written, decoded in build: write back what the
    # HTML parser decoded, so that ``&amp;`` in the alt text is read once, as ``&``.
    return t.Image(url_of(src), (t.Text(html.escape(alt, quote=False)),) if alt else (), tag=True)


def block_images(raw: str) -> t.Paragraph | None:
    """Return an HTML block of pictures alone as a paragraph of its images, else ``None``."""
    if "<img" not in raw.lower():
        return None
    tags = _Tags()
    tags.feed(raw)
    tags.close()
    if tags.other or not tags.shown:
        return None
    return t.Paragraph(tuple(tags.shown))


def inline_image(raw: str) -> t.Image | None:
    """Return the image an inline HTML tag shows when it is an ``<img>`` tag, else ``None``."""
    if raw[:4].lower() != "<img":
        return None
    tags = _Tags()
    tags.feed(raw)
    tags.close()
    match tags.shown:
        case [t.Image() as image] if not tags.other:
            return image
        case _:
            return None
