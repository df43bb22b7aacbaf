"""write: the PPTX package around the slides: the 16:9 template, new slides, core properties.

With ``pptx.py`` (the slides' shapes), the only python-pptx code.
"""

from __future__ import annotations

import functools
import io
from datetime import UTC, datetime

from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide, SlideLayout
from pptx.util import Emu

from exporter.writers.drawingml import xml_safe

PROPERTY_LIMIT = 255
"""How many characters PowerPoint's core properties hold."""


@functools.cache
def template(width: int, height: int) -> bytes:
    """Return python-pptx's default template resized to ``width`` by ``height`` EMU (cached).

    The master's and layouts' shapes are widened with the slide, so that a slide a teacher
    adds in PowerPoint fits the 16:9 page.
    """
    prs = Presentation()
    scale = width / prs.slide_width
    prs.slide_width, prs.slide_height = Emu(width), Emu(height)
    owners: list[object] = [prs.slide_master, *prs.slide_layouts]
    for owner in owners:
        tree = owner._element  # type: ignore[attr-defined]
        for offset in tree.iter(qn("a:off")):
            offset.set("x", str(round(int(offset.get("x")) * scale)))
        for extent in tree.iter(qn("a:ext")):
            if extent.get("cx") is not None:
                extent.set("cx", str(round(int(extent.get("cx")) * scale)))
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def new_slide(prs: PresentationType, layout: SlideLayout) -> Slide:
    """Append an empty slide on ``layout``.

    python-pptx's ``slides.add_slide`` also copies the layout's placeholders, searching the
    layout's XML for each; we draw our own title placeholder, so only its first and last
    steps are taken here.
    """
    slides = prs.slides
    rid, slide = slides.part.add_slide(layout)
    slides._sldIdLst.add_sldId(rid)
    added: Slide = slide
    return added


def set_core_properties(
    prs: PresentationType, title: str, subject: str, language: str, created: datetime | None
) -> None:
    """Set the deck's core properties; dates only when ``created`` is given.

    Without a date the deck carries none, so that two exports of a lesson are byte-identical.
    """
    core = prs.core_properties
    core.title = xml_safe(title)[:PROPERTY_LIMIT]
    core.subject = xml_safe(subject)[:PROPERTY_LIMIT]
    core.author = ""
    core.last_modified_by = "lesson-exporter"
    core.revision = 1
    core.language = xml_safe(language)[:PROPERTY_LIMIT]
    if created is not None:
        core.created = core.modified = created.astimezone(UTC).replace(tzinfo=None)
        return
    element = core._element
    for name in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
        for child in element.findall(qn(name)):
            element.remove(child)
