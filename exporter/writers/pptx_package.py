"""write: the PPTX package around the slides: the 16:9 template, new slides, core properties.

With ``pptx.py`` (the slides' shapes), the only python-pptx code.
"""

from __future__ import annotations

import functools
import io
from datetime import UTC, datetime

from pptx import Presentation
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.oxml.slide import CT_NotesSlide
from pptx.parts.slide import NotesMasterPart, NotesSlidePart, SlidePart
from pptx.presentation import Presentation as PresentationType
from pptx.slide import NotesSlide, Slide, SlideLayout
from pptx.util import Emu

from exporter.writers.drawingml import xml_safe

PROPERTY_LIMIT = 255
"""How many characters PowerPoint's core properties hold."""
FIRST_SLIDE_ID = 256
"""The id of a deck's first slide (the least PowerPoint allows; each next slide's is one more)."""


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


def new_slide(prs: PresentationType, layout: SlideLayout, number: int) -> Slide:
    """Append an empty slide on ``layout`` as slide ``number`` (the next, counting from 1).

    python-pptx's ``slides.add_slide`` also copies the layout's placeholders, searching the
    layout's XML for each; we draw our own title placeholder, so only its first and last
    steps are taken here. Those steps, and reading ``prs.slides``, each go over every slide
    added before (to name the part, relate it, and number it), which a deck of thousands of
    slides pays millions of times; the slide's number says all they look for.
    """
    presentation = prs.part
    name = PackURI(f"/ppt/slides/slide{number}.xml")
    slide_part = SlidePart.new(name, presentation.package, layout.part)  # type: ignore[no-untyped-call]
    rid = presentation.rels._add_relationship(RT.SLIDE, slide_part)
    slide_ids = prs._element.get_or_add_sldIdLst()
    slide_ids._add_sldId(id=FIRST_SLIDE_ID + number - 1, rId=rid)
    added: Slide = slide_part.slide
    return added


def add_notes(slide: Slide, number: int, master: NotesMasterPart) -> NotesSlide:
    """Return a new notes page for ``slide``, the deck's ``number``-th (counting from 1),
    on the deck's notes ``master``.

    python-pptx's ``slide.notes_slide`` makes the same part, but names it by walking every
    part of the package and finds the master by reading every relationship of the deck,
    which a deck of thousands of slides with notes pays millions of times.
    """
    slide_part = slide.part
    name = PackURI(f"/ppt/notesSlides/notesSlide{number}.xml")
    part = NotesSlidePart(name, CT.PML_NOTES_SLIDE, slide_part.package, CT_NotesSlide.new())
    part.relate_to(master, RT.NOTES_MASTER)
    part.relate_to(slide_part, RT.SLIDE)
    notes: NotesSlide = part.notes_slide
    notes.clone_master_placeholders(master.notes_master)
    slide_part.relate_to(part, RT.NOTES_SLIDE)
    return notes


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
