"""write: every python-pptx internal the PPTX writers rely on, in one place.

python-pptx's documented API builds a deck one property at a time and has no door for some
of what the writers do. Where they reach below it, they do it through a function here, never
directly, so that a python-pptx release that renames one of these fails here, by name:
``tests/test_dependencies.py`` checks each of them on the installed python-pptx, and the floor
check (``.ci/floor``) on the oldest python-pptx that ``pyproject.toml`` allows.

Private names (a leading underscore: python-pptx may change them in any release):

- ``Slides._sldIdLst`` (``add_slide``): the presentation's list of slide ids. python-pptx's
  ``slides.add_slide`` also copies every placeholder of the layout, searching the layout's XML
  for each; the writers draw their own title placeholder, so only its first and last steps are
  taken, and the last needs this list.
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

- ``slides.part.add_slide(layout)`` (``add_slide``): ``PresentationPart.add_slide``, the first
  step of ``slides.add_slide``: a new slide part related to the presentation.
- ``element`` of a slide master, a slide layout, a shape and a slide's shape collection
  (``xml_of``, ``shape_tree``): the lxml element behind the proxy.
- ``CT_Table.tr_lst``, ``CT_TableRow.tc_lst`` and ``CT_TableRow.h`` (``table_rows``, in
  ``pptx.py``): python-pptx's XML classes for rows and cells.
- ``pptx.oxml.ns.qn``: a ``prefix:name`` as the ``{namespace}name`` lxml uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lxml import etree
from pptx.oxml.table import CT_TableRow
from pptx.presentation import Presentation
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide, SlideLayout
from pptx.table import Table, _Cell


def xml_of(proxy: Any) -> etree._Element:
    """Return the lxml element behind a python-pptx proxy (a master, layout or shape)."""
    element: etree._Element = proxy.element
    return element


def shape_tree(slide: Slide) -> etree._Element:
    """Return ``slide``'s shape tree (``p:spTree``), to append shapes built with lxml."""
    return xml_of(slide.shapes)


def add_slide(prs: Presentation, layout: SlideLayout) -> Slide:
    """Append an empty slide on ``layout``, without copying the layout's placeholders."""
    slides = prs.slides
    rid, slide = slides.part.add_slide(layout)
    slides._sldIdLst.add_sldId(rid)
    added: Slide = slide
    return added


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
