"""write: the PPTX package around the slides: the 16:9 template and the core properties.

With ``pptx.py`` (the slides' shapes), the only python-pptx code; what they use below
python-pptx's documented API is in ``pptx_internals.py``.
"""

from __future__ import annotations

import functools
import io
import zipfile
from datetime import UTC, datetime

from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.util import Emu

from exporter.writers.drawingml import xml_safe
from exporter.writers.pptx_internals import core_properties_xml, xml_of

PROPERTY_LIMIT = 255
"""How many characters PowerPoint's core properties hold."""


@functools.cache
def template(width: int, height: int, link_color: str) -> bytes:
    """Return python-pptx's default template resized to ``width`` by ``height`` EMU, its
    theme's hyperlink colours set to ``link_color`` (cached).

    The master's and layouts' shapes are widened with the slide, so that a slide a teacher
    adds in PowerPoint fits the 16:9 page. The theme's hyperlink colour is what LibreOffice
    and PowerPoint before 2019 draw every link in, whatever its run's colour.
    """
    prs = Presentation()
    scale = width / prs.slide_width
    prs.slide_width, prs.slide_height = Emu(width), Emu(height)
    owners: list[object] = [prs.slide_master, *prs.slide_layouts]
    for owner in owners:
        tree = xml_of(owner)
        for offset in tree.iter(qn("a:off")):
            offset.set("x", str(round(int(offset.get("x", "0")) * scale)))
        for extent in tree.iter(qn("a:ext")):
            cx = extent.get("cx")
            if cx is not None:
                extent.set("cx", str(round(int(cx) * scale)))
    buffer = io.BytesIO()
    prs.save(buffer)
    return with_link_color(buffer.getvalue(), link_color)


THEME_PART = "ppt/theme/theme1.xml"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def with_link_color(package: bytes, color: str) -> bytes:
    """Return ``package`` with its theme's hyperlink and followed-hyperlink colours ``color``."""
    source = zipfile.ZipFile(io.BytesIO(package))
    theme = etree.fromstring(source.read(THEME_PART))
    for name in ("hlink", "folHlink"):
        slot = theme.find(f"{A}themeElements/{A}clrScheme/{A}{name}")
        assert slot is not None, "python-pptx's default theme names both link colours"
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{A}srgbClr", val=color)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == THEME_PART:
                data = etree.tostring(
                    theme, xml_declaration=True, encoding="UTF-8", standalone=True
                )
            target.writestr(item, data)
    return buffer.getvalue()


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
    element = core_properties_xml(prs)
    for name in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
        for child in element.findall(qn(name)):
            element.remove(child)
