"""write: an HTML document to render as a PDF: its text, the files it refers to and its style
sheets, and the theme's fonts among those files (no WeasyPrint here).

Fonts and images are referred to by ``lesson:`` addresses, served from memory by the PDF
writer's fetcher (``Document.files``); nothing else can be loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from exporter.resources import FONT_STYLES, MissingFont, theme_font
from exporter.theme import Theme, layout_files
from exporter.writers.htmltext import css_string, escape

SCHEME = "lesson:"
"""The address scheme of every resource a document refers to."""
MIME_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif"}


@dataclass(frozen=True)
class Document:
    """An HTML document, the files it refers to, by address, and its style sheets."""

    html: str
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    """Each ``lesson:`` address and its bytes and media type."""
    styles: tuple[str, ...] = ()
    """The document's CSS, in parts applied in this order, as if one sheet: those shared by
    every document of a kind (a theme's fonts and colours, a handout layout's rules) apart
    from those of this document alone (a handout's header), so that a process parses each
    shared part once (``writers.pdf.stylesheet``)."""

    def identity(self) -> bytes:
        """Return the bytes that tell this document from any other (but its files)."""
        return "\0".join((self.html, *self.styles)).encode("utf-8")


def font_faces(theme: Theme, files: dict[str, tuple[bytes, str]]) -> str:
    """Return an ``@font-face`` rule for each face of each font ``theme`` uses, adding the
    fonts' files to ``files``: the same rules and files in every document drawn with it."""
    rules = []
    for family in families_of(theme):
        for (bold, italic), style in FONT_STYLES.items():
            try:
                data = theme_font(theme, family, bold, italic, exact=True)
            except MissingFont:
                continue  # WeasyPrint slants or emboldens the regular face
            address = f"{SCHEME}font/{family.replace(' ', '')}-{style}.ttf"
            files[address] = (data, "font/ttf")
            rules.append(
                f"@font-face{{font-family:{css_string('lx-' + family)};"
                f"src:url({css_string(address)});"
                f"font-weight:{700 if bold else 400};"
                f"font-style:{'italic' if italic else 'normal'}}}"
            )
    return "".join(rules)


def families_of(theme: Theme) -> tuple[str, ...]:
    """Return the font files ``theme``'s slides are drawn in, each once: its heading, body
    and code fonts', then those its template's layouts name besides (``on_layout``)."""
    own = (theme.fonts.heading.file, theme.fonts.body.file, theme.fonts.code.file)
    return tuple(dict.fromkeys((*own, *layout_files(theme))))


def fonts_document(theme: Theme) -> Document:
    """Return a one-line document in each of ``theme``'s fonts, with the font files every
    document drawn with it has (``writers.pdf.warm_up`` renders it)."""
    files: dict[str, tuple[bytes, str]] = {}
    rules = font_faces(theme, files)
    own = tuple(getattr(theme.fonts, role).file for role in ("heading", "body", "code"))
    lines = "".join(
        f'<p style="font-family:{escape(css_string("lx-" + family))}">Warm <b>up</b> <i>now</i></p>'
        for family in (*own, *layout_files(theme))
    )
    return Document(lines, files, (rules,))
