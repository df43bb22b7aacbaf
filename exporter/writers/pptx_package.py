"""write: the PPTX package around the slides: the theme's master, layouts and theme part, and
the core properties.

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

from exporter.stamp import made_once
from exporter.theme import Theme
from exporter.writers.archive import normalise_zip
from exporter.writers.drawingml import emu, xml_safe
from exporter.writers.pptx_internals import core_properties_xml
from exporter.writers.pptx_master import (
    ROLES,
    layout_part,
    master_part,
    serialise,
    theme_part,
)

PROPERTY_LIMIT = 255
"""How many characters PowerPoint's core properties hold."""


@functools.cache
def template(theme: Theme) -> bytes:
    """Return the package every deck on ``theme`` starts from (see ``made_template``), made
    once: kept in memory, and in the user's cache folder by everything the theme holds (a
    theme changed in any way is another entry) and the exporter's digest (a new exporter or
    python-pptx makes it anew): the first deck of a build then starts sooner."""
    return made_once(TEMPLATES, f"{TEMPLATE_FORM}\n{theme!r}", lambda: made_template(theme))


TEMPLATES = "templates"
"""The user's cache folder that keeps the packages decks start from."""
TEMPLATE_FORM = 1
"""The form of what a kept package is made of; a package kept in another form is made anew."""


def made_template(theme: Theme) -> bytes:
    """Return python-pptx's default package at the theme's slide size, with the theme's own
    theme part, slide master and layouts (``pptx_master``) in place of python-pptx's "Office
    Theme" and its layouts. The same bytes each time it is made (its entries undated), as
    the user's cache keeps it (``template``): made in another second, its entries' times
    differed.
    """
    prs = Presentation()
    prs.slide_width = Emu(emu(theme.slide.width))
    prs.slide_height = Emu(emu(theme.slide.height))
    buffer = io.BytesIO()
    prs.save(buffer)
    return normalise_zip(with_master(buffer.getvalue(), theme))


THEME_PART = "ppt/theme/theme1.xml"
MASTER_PART = "ppt/slideMasters/slideMaster1.xml"
MASTER_RELS = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
LAYOUTS = "ppt/slideLayouts/"
CONTENT_TYPES = "[Content_Types].xml"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
LAYOUT_RELATIONSHIP = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideLayout"
)
THEME_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"


def layout_name(index: int) -> str:
    """Return the part name of the layout at ``index`` (counting from 0)."""
    return f"{LAYOUTS}slideLayout{index + 1}.xml"


def with_master(package: bytes, theme: Theme) -> bytes:
    """Return ``package`` with ``theme``'s theme part, master and layouts, and none other.

    python-pptx's layouts past ours are dropped with their relationships and content types,
    so that no part is left unreferenced.
    """
    source = zipfile.ZipFile(io.BytesIO(package))
    ours = {layout_name(index): layout_part(role, theme) for index, role in enumerate(ROLES)}
    ours |= {
        THEME_PART: theme_part(source.read(THEME_PART), theme),
        MASTER_PART: master_part(theme),
        MASTER_RELS: master_relationships(),
        CONTENT_TYPES: content_types(source.read(CONTENT_TYPES)),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            name = item.filename
            if (
                name.startswith(LAYOUTS)
                and name.replace("_rels/", "").removesuffix(".rels") not in ours
            ):
                continue
            target.writestr(item, ours.get(name) or source.read(item))
    return buffer.getvalue()


def master_relationships() -> bytes:
    """Return the master's relationships: its layouts, in order, and the theme."""
    root = etree.Element(f"{{{RELS}}}Relationships", nsmap={None: RELS})  # type: ignore[dict-item]
    for index in range(len(ROLES)):
        etree.SubElement(
            root,
            f"{{{RELS}}}Relationship",
            Id=f"rId{index + 1}",
            Type=LAYOUT_RELATIONSHIP,
            Target=f"../slideLayouts/slideLayout{index + 1}.xml",
        )
    etree.SubElement(
        root,
        f"{{{RELS}}}Relationship",
        Id=f"rId{len(ROLES) + 1}",
        Type=THEME_RELATIONSHIP,
        Target="../theme/theme1.xml",
    )
    return serialise(root)


def content_types(data: bytes) -> bytes:
    """Return the package's content types without the layouts past ours."""
    root = etree.fromstring(data)
    kept = {f"/{layout_name(index)}" for index in range(len(ROLES))}
    for override in root.findall(f"{{{TYPES}}}Override"):
        name = override.get("PartName", "")
        if name.startswith(f"/{LAYOUTS}") and name not in kept:
            root.remove(override)
    return serialise(root)


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
