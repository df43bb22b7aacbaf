"""write: every python-pptx internal the PPTX writers rely on, in one place.

python-pptx's documented API builds a deck one property at a time and has no door for some
of what the writers do. Where they reach below it, they do it through a function here, never
directly, so that a python-pptx release that renames one of these fails here, by name:
``tests/test_dependencies.py`` checks each of them on the installed python-pptx, and the floor
check (``.ci/floor``) on the oldest python-pptx that ``pyproject.toml`` allows.

Private names (a leading underscore: python-pptx may change them in any release):

- ``_add_relationship``, ``Presentation._element`` and ``CT_SlideIdList._add_sldId``
  (``new_slide``): a slide part related to the presentation and given its id in the slide list.
  python-pptx's ``slides.add_slide`` also copies every placeholder of the layout (the writers
  draw their own), and it and ``prs.slides`` go over every slide added before to name, relate
  and number the new one: quadratic in a deck of thousands of slides. The slide's number,
  counted by the writer, says all they look for.
- ``_Relationships._add_relationship`` (``add_hyperlink``): a link's relationship, added
  without python-pptx's ``relate_to``, which reads every relationship of the slide again for
  each link (a slide of a thousand links pays a million).
- ``Table._tbl.tblGrid.gridCol_lst`` (``grid_columns``): the table's grid columns, whose widths
  are set in the XML; ``columns[i].width`` adds up every column's width anew after each.
- ``CorePropertiesPart._element`` (``core_properties_xml``): ``docProps/core.xml``. The API
  sets a date but cannot remove one, and a deck without dates is byte-identical from one export
  to the next.
- ``Table._tbl`` (``table_rows``): the table's XML rows, walked once. ``table.rows`` and
  ``table.cell(r, c)`` search the table again for every row, quadratic in its length.
- ``pptx.table._Cell`` (``table_cell``): the cell proxy (fill, margins) made from a row's XML
  cell, for the same reason.
- ``TextFrame._txBody`` (``cell_text_body``): a cell's ``a:txBody``, filled with paragraphs
  built with lxml (``drawingml.py``) rather than one property at a time.

Public names below the object API (less likely to change, listed all the same):

- ``copy.deepcopy`` of a ``Presentation`` (``fresh_presentation``): python-pptx has no copy of
  a presentation; its objects are plain Python objects over lxml elements, which a deep copy
  duplicates whole. A deck then starts from a copy of its package opened once a process
  (1.0 ms) rather than from the package unzipped and parsed again (3.3 ms).

- ``SlidePart.new``, ``NotesSlidePart``, ``CT_NotesSlide.new``, ``PackURI``, ``relate_to`` and
  ``NotesSlide.clone_master_placeholders`` (``new_slide``, ``add_notes``): the parts of a
  slide and of its notes page, made as ``slides.add_slide`` and ``slide.notes_slide`` make them,
  but named by the slide's number rather than by walking every part of the package.
- ``element`` of a slide, a slide master, a slide layout, a shape and a slide's shape collection
  (``xml_of``, ``shape_tree``): the lxml element behind the proxy.
- ``CT_Table.tr_lst``, ``CT_TableRow.tc_lst`` and ``CT_TableRow.h`` (``table_rows``, in
  ``pptx.py``): python-pptx's XML classes for rows and cells.
- ``pptx.oxml.ns.qn``: a ``prefix:name`` as the ``{namespace}name`` lxml uses.
"""

from __future__ import annotations

import copy
import functools
import io
from collections.abc import Sequence
from typing import Any

from lxml import etree
from pptx import Presentation as open_presentation
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.slide import CT_NotesSlide
from pptx.oxml.table import CT_TableRow
from pptx.parts.slide import NotesMasterPart, NotesSlidePart, SlidePart
from pptx.presentation import Presentation
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import NotesSlide, Slide, SlideLayout
from pptx.table import Table, _Cell


def fresh_presentation(package: bytes) -> Presentation:
    """Return a presentation of ``package`` (a .pptx's bytes) to add slides to: a copy of the
    one opened from it once a process (``opened``), which stays as it was opened."""
    return copy.deepcopy(opened(package))


@functools.lru_cache(maxsize=4)
def opened(package: bytes) -> Presentation:
    """Return ``package`` opened by python-pptx, once a process for each package (a theme's,
    or a school's template): never changed, only copied (``fresh_presentation``)."""
    return open_presentation(io.BytesIO(package))


def xml_of(proxy: Any) -> etree._Element:
    """Return the lxml element behind a python-pptx proxy (a slide, master, layout or shape)."""
    element: etree._Element = proxy.element
    return element


def shape_tree(slide: Slide) -> etree._Element:
    """Return ``slide``'s shape tree (``p:spTree``), to append shapes built with lxml."""
    return xml_of(slide.shapes)


FIRST_SLIDE_ID = 256
"""The id of a deck's first slide (the least PowerPoint allows; each next slide's is one more)."""


def new_slide(prs: Presentation, layout: SlideLayout, number: int) -> Slide:
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


def add_notes(
    slide: Slide, number: int, master: NotesMasterPart, blank: Any | None = None
) -> tuple[NotesSlide, Any]:
    """Return a new notes page for ``slide``, the deck's ``number``-th (counting from 1),
    on the deck's notes ``master``, and a blank notes page's XML to pass as ``blank`` to the
    next call.

    python-pptx's ``slide.notes_slide`` makes the same part, but names it by walking every
    part of the package and finds the master by reading every relationship of the deck,
    which a deck of thousands of slides with notes pays millions of times; and it copies the
    master's placeholders anew for each page (xpath by xpath), where a copy of the first
    blank page's XML is the same.
    """
    slide_part = slide.part
    name = PackURI(f"/ppt/notesSlides/notesSlide{number}.xml")
    element = CT_NotesSlide.new() if blank is None else copy.deepcopy(blank)
    part = NotesSlidePart(name, CT.PML_NOTES_SLIDE, slide_part.package, element)
    part.relate_to(master, RT.NOTES_MASTER)
    part.relate_to(slide_part, RT.SLIDE)
    notes: NotesSlide = part.notes_slide
    if blank is None:
        notes.clone_master_placeholders(master.notes_master)
        blank = copy.deepcopy(element)
    slide_part.relate_to(part, RT.NOTES_SLIDE)
    return notes, blank


def add_hyperlink(slide: Slide, url: str) -> str:
    """Return the id of a new external hyperlink relationship of ``slide`` to ``url`` (the
    writer relates each address once per slide itself)."""
    rid: str = slide.part.rels._add_relationship(RT.HYPERLINK, url, is_external=True)
    return rid


def grid_columns(table: Table) -> Sequence[Any]:
    """Return ``table``'s grid columns (``a:gridCol``), whose ``w`` is each column's width."""
    columns: Sequence[Any] = table._tbl.tblGrid.gridCol_lst
    return columns


def core_properties_xml(prs: Presentation) -> etree._Element:
    """Return the deck's ``cp:coreProperties`` element."""
    element: etree._Element = prs.core_properties._element
    return element


def table_rows(table: Table) -> Sequence[CT_TableRow]:
    """Return ``table``'s rows (``a:tr``), in order."""
    rows: Sequence[CT_TableRow] = table._tbl.tr_lst
    return rows


def table_cell(cell: etree._Element, frame: GraphicFrame) -> _Cell:
    """Return the python-pptx cell for the XML cell ``cell`` (an ``a:tc``) of ``frame``."""
    return _Cell(cell, frame)  # type: ignore[arg-type]


def cell_text_body(cell: _Cell) -> etree._Element:
    """Return ``cell``'s text body (``a:txBody``), made if it has none."""
    body: etree._Element = cell.text_frame._txBody
    return body
