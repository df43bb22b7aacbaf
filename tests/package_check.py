"""template: what makes PowerPoint offer to repair a package, found in its bytes (for tests).

``package_problems`` reads a .pptx (ours, or a template made ready for python-pptx) and lists
every inconsistency a client may refuse or "repair": dangling relationships, unreferenced
parts, parts without a content type, overrides naming no part, repeated shape ids in a slide,
layout or master, and a slide list whose ids repeat or whose r:ids lead nowhere. An empty
list is a consistent package.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

from exporter.template.opc import RELS, Package

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = "[Content_Types].xml"
SHEETS = ("sld", "sldLayout", "sldMaster", "notes", "notesMaster", "handoutMaster")
"""The root elements of parts whose shapes' ids must be unique within the part."""
SLIDE_IDS = range(256, 2147483648)
"""The ids a slide may have (ECMA-376 ST_SlideId)."""


def package_problems(data: bytes) -> list[str]:
    """Return what is inconsistent in the package ``data`` (a zip), one sentence each."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        package = Package({name: archive.read(name) for name in names})
    twice = sorted({name for name in names if names.count(name) > 1})
    return [
        *(f"the zip holds {name} twice" for name in twice),
        *relationship_problems(package),
        *reach_problems(package),
        *content_type_problems(package),
        *shape_id_problems(package),
        *slide_list_problems(package),
    ]


def source_of(rels: str) -> str:
    """Return the part a relationships part belongs to (``""`` for the package's own)."""
    folder, name = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), name.removesuffix(".rels")).lstrip("/")


def rels_parts(package: Package) -> list[str]:
    """Return the names of the relationships parts."""
    return [name for name in package.parts if name.endswith(".rels")]


def relationship_problems(package: Package) -> list[str]:
    """Every relationships part belongs to a part; its ids are unique; its internal targets
    exist; every r:id, r:embed or r:link a part holds is one of its relationships."""
    problems = []
    for rels in rels_parts(package):
        source = "" if rels == "_rels/.rels" else source_of(rels)
        if source and source not in package.parts:
            problems.append(f"{rels} belongs to {source}, which is missing")
        ids = [e.get("Id") for e in package.xml(rels).iterfind(f"{{{RELS}}}Relationship")]
        if len(ids) != len(set(ids)):
            problems.append(f"{rels} repeats a relationship id: {sorted(map(str, ids))}")
        for rel in package.relationships(source):
            if not rel.external and rel.target not in package.parts:
                problems.append(f"{source or 'the package'} {rel.rid} → missing {rel.target}")
    for name in xml_parts(package):
        rids = {rel.rid for rel in package.relationships(name)}
        for element in package.xml(name).iter():
            for attribute, value in element.attrib.items():
                if str(attribute).startswith(f"{{{R}}}") and value and str(value) not in rids:
                    problems.append(f"{name}: {etree.QName(element).localname} names {value!s}")
    return problems


def xml_parts(package: Package) -> list[str]:
    """Return the XML parts other than relationships and content types."""
    return [
        name
        for name in package.parts
        if name.endswith(".xml") and name != CONTENT_TYPES and not name.endswith(".rels")
    ]


def reached(package: Package) -> set[str]:
    """Return every part reached from the package's relationships."""
    found: set[str] = set()
    waiting = [""]
    while waiting:
        name = waiting.pop()
        for rel in package.relationships(name):
            if not rel.external and rel.target not in found and rel.target in package.parts:
                found.add(rel.target)
                waiting.append(rel.target)
    return found


def reach_problems(package: Package) -> list[str]:
    """Every part but the content types and relationships parts is reached."""
    seen = reached(package)
    return [
        f"{name} is in the package but nothing refers to it"
        for name in package.parts
        if name != CONTENT_TYPES and not name.endswith(".rels") and name not in seen
    ]


def content_type_problems(package: Package) -> list[str]:
    """Every part has a content type; every override names a part. (A part's extension is
    what follows its last dot, so ``_rels/.rels`` has the extension ``rels``.)"""
    overrides, defaults = package.content_types
    problems = [
        f"{name} has no content type"
        for name in package.parts
        if name != CONTENT_TYPES
        and name not in overrides
        and name.rsplit("/", 1)[-1].rsplit(".", 1)[-1].lower() not in defaults
    ]
    problems += [
        f"an override names {name}, which is missing"
        for name in overrides
        if name not in package.parts
    ]
    return problems


def shape_id_problems(package: Package) -> list[str]:
    """Shape ids (``cNvPr/@id``) are unique within each slide, layout, master and notes."""
    problems = []
    for name in xml_parts(package):
        root = package.xml(name)
        if etree.QName(root).namespace != P or etree.QName(root).localname not in SHEETS:
            continue
        ids = [e.get("id") for e in root.iter(f"{{{P}}}cNvPr")]
        repeated = sorted({str(i) for i in ids if ids.count(i) > 1})
        if repeated:
            problems.append(f"{name} repeats shape ids {', '.join(repeated)}")
    return problems


def slide_list_problems(package: Package) -> list[str]:
    """The presentation's slide ids are unique and in range, and each r:id leads to a slide."""
    main = package.main
    entries = package.xml(main).iterfind(f"{{{P}}}sldIdLst/{{{P}}}sldId")
    problems = []
    seen: set[int] = set()
    for entry in entries:
        number = int(entry.get("id", "0"))
        if number in seen or number not in SLIDE_IDS:
            problems.append(f"{main}: slide id {number} is repeated or out of range")
        seen.add(number)
        rel = package.target(main, entry.get(f"{{{R}}}id", ""))
        if rel is None or rel.kind != "slide" or rel.target not in package.parts:
            problems.append(f"{main}: slide id {number} leads to no slide")
    return problems
