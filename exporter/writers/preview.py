"""write: a slide PDF's first page → a small PNG of it (the only module that uses pypdfium2).

The index page (``--format index``) shows each lesson's title slide as a small picture. It is
drawn from the slide PDF the PDF writer makes, rasterised by PDFium (pypdfium2's wheel carries
it: no browser, office suite or poppler is needed), so the picture is the slide as the PDF
shows it. The same PDF gives the same pixels, and Pillow writes the PNG without a date, so a
rebuild writes the same bytes.
"""

from __future__ import annotations

import io

import pypdfium2  # type: ignore[import-untyped]

from exporter.errors import ExporterError, error

WIDTH = 480
"""The picture's width in pixels: twice the width the index page shows it at, for sharp
screens; about 15 to 40 KB of PNG for a title slide."""


def render_preview(pdf: bytes, width: int = WIDTH) -> bytes:
    """Return a PNG of the first page of ``pdf``, ``width`` pixels wide.

    Raises ``ExporterError`` when PDFium cannot read or draw it.
    """
    try:
        document = pypdfium2.PdfDocument(pdf)
        try:
            page = document[0]
            scale = width / page.get_width()
            height = round(page.get_height() * scale)
            image = page.render(scale=scale).to_pil().convert("RGB")
            # PDFium rounds the bitmap's size up (481 x 271 for 480 x 270): cut to the page.
            image = image.crop((0, 0, width, height))
        finally:
            document.close()
    except pypdfium2.PdfiumError as exc:
        raise ExporterError(error("preview", f"cannot draw the title slide: {exc}")) from exc
    stream = io.BytesIO()
    image.save(stream, "PNG", optimize=True)
    return stream.getvalue()
