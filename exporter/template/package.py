"""template: a school's template file read safely, its sample slides removed, written back.

1. ``read_template``: the file is read whole (at most ``MAX_FILE_BYTES``) and checked before
   any part is trusted: it must be a zip (an OLE2 file is named for what it is: an encrypted
   Office file or an old binary one), within the limits on entries and sizes (checked on the
   zip's declared sizes and again while reading, with a bounded reader), every XML part must
   parse, its main part must be a PowerPoint presentation or template without macros, and
   every part a relationship names must be in the package. A template's main part is given the
   presentation's content type, which python-pptx requires.
2. ``without_slides``: the sample slides go, with everything only they used (notes, media,
   charts, embeddings), their relationships and content types; masters, layouts, themes and
   their media stay.
3. ``package_bytes``: the package as a deterministic zip, unchanged parts byte for byte.

Every refusal is an ``ExporterError`` (code ``template``) naming the file and what to do.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path

from lxml import etree

from exporter.errors import ExporterError, error
from exporter.template.opc import PARSER, RELS, TYPES, Package, Relationship, rels_name

MAX_ENTRIES = 2000
"""The most entries a template's zip may hold."""
MAX_PART_BYTES = 50 * 1024 * 1024
"""The largest one part may be, uncompressed."""
MAX_PACKAGE_BYTES = 200 * 1024 * 1024
"""The largest all parts together may be, uncompressed."""
MAX_FILE_BYTES = MAX_PACKAGE_BYTES
"""The largest the template file itself may be."""
MAX_RATIO = 200
"""The most a part may expand by (uncompressed / compressed size), past ``RATIO_FLOOR``."""
RATIO_FLOOR = 1024 * 1024
"""Parts smaller than this (uncompressed) are not held to ``MAX_RATIO``."""
CHUNK = 1024 * 1024
"""How much of a part is read at a time."""

CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
MAIN = "application/vnd.openxmlformats-officedocument.presentationml.{}.main+xml"
PRESENTATION = MAIN.format("presentation")
CONVERTED = (MAIN.format("template"), MAIN.format("slideshow"))
"""Main-part content types python-pptx refuses but whose package is a presentation's."""
OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
"""The first bytes of an OLE2 compound file (Office 97-2003, or any encrypted Office file)."""
ZIP_ENTRY = b"PK\x03\x04"
"""How a zip archive starts (its first entry's header): one that starts so and cannot be
opened lacks its end, the directory a zip is read by."""
LEGACY_STREAMS = {
    "PowerPoint Document": "an old binary PowerPoint 97-2003 file (.ppt or .pot)",
    "WordDocument": "an old binary Word 97-2003 file (.doc)",
    "Workbook": "an old binary Excel 97-2003 file (.xls)",
}
"""OLE2 stream names (found as UTF-16LE in the file) and what a file holding one is."""
SAVE_AS = "open it in PowerPoint (or LibreOffice Impress) and save it as .pptx or .potx"
STAMP = (1980, 1, 1, 0, 0, 0)
"""The timestamp of every entry ``package_bytes`` writes."""


def refusal(path: Path, what: str) -> ExporterError:
    """Return the error refusing the template ``path`` because of ``what``."""
    return ExporterError(error("template", f"{path}: {what}"))


def read_template(path: Path) -> Package:
    """Return the parts of the PowerPoint template (``.pptx`` or ``.potx``) at ``path``.

    Raises ``ExporterError`` (code ``template``) when the file cannot be read, is not a
    PowerPoint package, is encrypted, holds macros, breaks a size limit, has a part that is
    not well-formed XML or lacks a part a relationship names.
    """
    data = read_file(path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as problem:
        raise refusal(path, not_a_zip(data)) from problem
    with archive:
        parts = read_parts(path, archive)
    package = Package(parts)
    check_kind(path, package)
    parse_all(path, package)
    check_main(path, package)
    check_targets(path, package)
    return with_core_type(as_presentation(package))


def read_file(path: Path) -> bytes:
    """Return the bytes of ``path``, refusing a file that is missing, unreadable or too big."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as problem:
        reason = problem.strerror or type(problem).__name__
        message = f"cannot be read ({reason}); give the path of a .pptx or .potx"
        raise refusal(path, message) from problem
    if len(data) > MAX_FILE_BYTES:
        raise refusal(path, f"is larger than {mib(MAX_FILE_BYTES)}, too large for a template")
    return data


def mib(size: int) -> str:
    """Return ``size`` bytes in MB (in bytes when less), for a message."""
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size} bytes"


def not_a_zip(data: bytes) -> str:
    """Return what a file that is not a zip looks like, and what to do."""
    if not data:
        return "is empty; give a .pptx or .potx"
    if data.startswith(OLE2):
        return ole2_kind(data)
    if data.startswith(b"%PDF"):
        return "is a PDF, not a PowerPoint file; give the template's .pptx or .potx"
    if data.startswith(ZIP_ENTRY):
        return (
            "is damaged or incomplete: it starts as a zip archive, as a .pptx does, but its "
            "end is missing (cut short in a download or a copy); download or save it again"
        )
    return "is not a PowerPoint file (a .pptx or .potx is a zip archive, and this is not one)"


def ole2_kind(data: bytes) -> str:
    """Return what an OLE2 compound file is (encrypted, or an old binary Office file)."""
    if "EncryptionInfo".encode("utf-16-le") in data:
        return (
            "is a password-protected (encrypted) Office file, which cannot be read: open it "
            "in PowerPoint, remove the password, and save it as .pptx without a password"
        )
    kind = next(
        (kind for name, kind in LEGACY_STREAMS.items() if name.encode("utf-16-le") in data),
        "an old binary Office 97-2003 file",
    )
    return f"is {kind}, not a .pptx: {SAVE_AS} without a password"


def read_parts(path: Path, archive: zipfile.ZipFile) -> dict[str, bytes]:
    """Return every part of ``archive`` by name, after checking its declared sizes and while
    reading it (a zip's header is never trusted)."""
    infos = [info for info in archive.infolist() if not info.is_dir()]
    check_declared(path, infos)
    parts: dict[str, bytes] = {}
    budget = MAX_PACKAGE_BYTES
    for info in infos:
        if info.filename in parts:
            raise refusal(path, f"holds two entries named {info.filename}; {SAVE_AS} again")
        parts[info.filename] = read_part(path, archive, info, budget)
        budget -= len(parts[info.filename])
    return parts


def check_declared(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip whose declared entries or sizes break a limit."""
    if len(infos) > MAX_ENTRIES:
        raise refusal(path, f"holds {len(infos)} entries, more than {MAX_ENTRIES}")
    for info in infos:
        check_size(path, info.filename, info.file_size, MAX_PART_BYTES)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise refusal(
                path,
                f"its part {info.filename} expands {ratio:.0f} times when unpacked (more than "
                f"{MAX_RATIO}): it looks like a zip bomb, not a template",
            )
    check_size(path, "all parts together", sum(info.file_size for info in infos), None)


def check_size(path: Path, name: str, size: int, limit: int | None) -> None:
    """Refuse a part (or the package, when ``limit`` is None) larger than its limit."""
    if limit is None and size > MAX_PACKAGE_BYTES:
        raise refusal(path, f"{name} unpack to more than {mib(MAX_PACKAGE_BYTES)}, too large")
    if limit is not None and size > limit:
        raise refusal(path, f"its part {name} unpacks to more than {mib(limit)}, too large")


def read_part(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """Return the bytes of one entry, read a chunk at a time and refused as soon as they pass
    the part limit or what is left of the package's ``budget``."""
    chunks = []
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                check_size(path, info.filename, size, MAX_PART_BYTES)
                if size > budget:
                    check_size(path, "all parts together", MAX_PACKAGE_BYTES + 1, None)
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as problem:
        message = f"its part {info.filename} is damaged ({problem}); {SAVE_AS} again"
        raise refusal(path, message) from problem
    except (NotImplementedError, RuntimeError) as problem:
        message = f"its part {info.filename} cannot be unpacked ({problem}); {SAVE_AS}"
        raise refusal(path, message) from problem
    return b"".join(chunks)


def check_kind(path: Path, package: Package) -> None:
    """Refuse a zip that is not an Office Open XML package (an OpenDocument file is named)."""
    if CONTENT_TYPES in package.parts:
        return
    mimetype = package.parts.get("mimetype", b"")
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise refusal(
            path,
            "is an OpenDocument file (LibreOffice's .odp or .otp), not a PowerPoint file: "
            "in LibreOffice Impress, save it as .pptx (File > Save As)",
        )
    raise refusal(path, f"is a zip but not a PowerPoint file (it has no {CONTENT_TYPES})")


def parse_all(path: Path, package: Package) -> None:
    """Parse every XML part once (``Package.xml`` keeps them), refusing one that does not
    parse or that declares a DTD (Office never writes one: it could define entities)."""
    parse_part(path, package, CONTENT_TYPES)
    for name in package.parts:
        if name.endswith((".xml", ".rels")) or package.content_type(name).endswith("xml"):
            parse_part(path, package, name)


def parse_part(path: Path, package: Package, name: str) -> None:
    """Parse the part ``name``, refusing it when it is not well-formed or declares a DTD."""
    try:
        root = package.xml(name)
    except etree.XMLSyntaxError as problem:
        raise refusal(
            path, f"its part {name} is not well-formed XML ({problem.msg}); {SAVE_AS} again"
        ) from problem
    if root.getroottree().docinfo.internalDTD is not None:
        raise refusal(path, f"its part {name} declares a DTD, which Office never writes")


def check_main(path: Path, package: Package) -> None:
    """Refuse a package whose main part is missing or is not a PowerPoint presentation or
    template (a Word or Excel file is named), or which holds macros."""
    documents = package.related("", "officeDocument")
    if not documents:
        raise refusal(path, f"has no presentation part (its {PACKAGE_RELS} names none)")
    main = documents[0]
    kind = package.content_type(main)
    if "wordprocessingml" in kind or "ms-word" in kind:
        raise refusal(path, f"is a Word document, not a PowerPoint template; {SAVE_AS}")
    if "spreadsheetml" in kind or "ms-excel" in kind:
        raise refusal(path, f"is an Excel workbook, not a PowerPoint template; {SAVE_AS}")
    if "macroEnabled" in kind or has_macros(package):
        raise refusal(
            path,
            "is a macro-enabled PowerPoint file (.pptm or .potm): its macros are code that "
            "would be carried into every deck made from it, so it is not used; save it in "
            "PowerPoint as .pptx or .potx (File > Save As), which leaves the macros out",
        )
    if kind != PRESENTATION and kind not in CONVERTED:
        raise refusal(
            path, f"its main part {main} is {kind or 'of no declared type'}, not a presentation"
        )
    if main not in package.parts:
        raise refusal(path, f"has no presentation part ({main} is named but missing)")


def has_macros(package: Package) -> bool:
    """Whether the package holds a VBA project, whatever its main part's type says."""
    return any(
        name.lower().endswith("vbaproject.bin")
        or package.content_type(name) == "application/vnd.ms-office.vbaProject"
        for name in package.parts
    )


def check_targets(path: Path, package: Package) -> None:
    """Refuse a package lacking a part that a relationship (of the package, the presentation,
    a master, a layout, a theme or any part reached from them) names."""
    for source, rels in reachable(package).items():
        for rel in rels:
            if rel.target not in package.parts:
                named_by = source or f"the package ({PACKAGE_RELS})"
                raise refusal(
                    path,
                    f"lacks its part {rel.target}, which {named_by} names (a {rel.kind}); the "
                    f"file is damaged: {SAVE_AS} again",
                )


def reachable(package: Package) -> dict[str, list[Relationship]]:
    """Return every part reached from the package's relationships (``""`` for the package
    itself) with its internal relationships, in the order they are reached."""
    found: dict[str, list[Relationship]] = {}
    waiting = [""]
    while waiting:
        name = waiting.pop(0)
        if name in found or (name and name not in package.parts):
            continue
        found[name] = [r for r in package.relationships(name) if not r.external]
        waiting += [r.target for r in found[name]]
    return found


def as_presentation(package: Package) -> Package:
    """Return ``package`` with a template's (or show's) main part typed as a presentation's,
    as python-pptx requires; the same package when it already is."""
    main = package.main
    if package.content_type(main) == PRESENTATION:
        return package

    def retype(root: etree._Element) -> bool:
        for override in root.iterfind(f"{{{TYPES}}}Override"):
            if override.get("PartName", "").lstrip("/") == main:
                override.set("ContentType", PRESENTATION)
                return True
        etree.SubElement(
            root, f"{{{TYPES}}}Override", PartName=f"/{main}", ContentType=PRESENTATION
        )
        return True

    return edited(package, {CONTENT_TYPES: retype})


CORE_PROPERTIES = (
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
)
"""The type of the relationship to a package's core properties (``docProps/core.xml``)."""


def with_core_type(package: Package) -> Package:
    """Return ``package`` with its core properties named by the relationship type python-pptx
    looks for: LibreOffice writes another (``.../officedocument/2006/relationships/metadata/
    core-properties``), and python-pptx, finding none, added a second ``docProps/core.xml``
    to every deck (a zip with two entries of one name, which PowerPoint offers to repair)."""

    def retype(root: etree._Element) -> bool:
        changed = False
        for relationship in root.iterfind(f"{{{RELS}}}Relationship"):
            kind = relationship.get("Type", "")
            if kind != CORE_PROPERTIES and kind.endswith("/metadata/core-properties"):
                relationship.set("Type", CORE_PROPERTIES)
                changed = True
        return changed

    return edited(package, {PACKAGE_RELS: retype}) if PACKAGE_RELS in package.parts else package


def rewritten(package: Package, name: str, edit: Callable[[etree._Element], bool]) -> bytes | None:
    """Return the part ``name`` edited by ``edit`` (on a fresh copy) and serialised, or None
    when ``edit`` says it changed nothing (the part keeps its bytes)."""
    root = etree.fromstring(package.parts[name], PARSER)
    if not edit(root):
        return None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def edited(package: Package, edits: Mapping[str, Callable[[etree._Element], bool]]) -> Package:
    """Return ``package`` with each part of ``edits`` edited, when the edit changes it."""
    parts = {name: rewritten(package, name, edit) for name, edit in edits.items()}
    return changed(package, {name: data for name, data in parts.items() if data is not None})


def changed(package: Package, parts: Mapping[str, bytes | None]) -> Package:
    """Return ``package`` with ``parts`` replaced (or dropped, for None), in the same order;
    the parts left alone keep their bytes and their parsed trees."""
    if not parts:
        return package
    merged: dict[str, bytes | None] = {**package.parts, **parts}
    kept = {name: data for name, data in merged.items() if data is not None}
    parsed = {name: root for name, root in package.parsed.items() if name not in parts}
    return Package(kept, parsed)


def without_slides(package: Package) -> Package:
    """Return ``package`` without its slides: they leave the presentation's slide list, its
    custom shows and its sections (the slide show's range goes back to all slides), and every
    part only they reached (notes, media, charts, embeddings) goes with its relationships
    and content type. Masters, layouts, themes and whatever they use stay."""
    main = package.main
    slides = {r.rid for r in package.relationships(main) if r.kind == "slide"}
    edits = {main: drop_slide_lists, rels_name(main): dropping(slides)}
    edits.update({name: show_all for name in package.related(main, "presProps")})
    return pruned(edited(package, edits))


def with_unique_ids(package: Package) -> Package:
    """Return ``package`` with every shape id unique within each master and layout: a
    template saved by LibreOffice repeats some, which PowerPoint may repair."""
    owners = package.related(package.main, "slideMaster")
    owners += [layout for master in owners for layout in package.related(master, "slideLayout")]
    return edited(package, dict.fromkeys(owners, renumber))


def renumber(root: etree._Element) -> bool:
    """Give each shape whose id an earlier shape has a new one; return whether any had."""
    labels = list(root.iter(f"{{{P}}}cNvPr"))
    ids = [label.get("id", "") for label in labels]
    top = max((int(i) for i in ids if i.isdigit()), default=0)
    seen: set[str] = set()
    changed = False
    for label, shape_id in zip(labels, ids, strict=True):
        if shape_id in seen or not shape_id.isdigit():
            top += 1
            label.set("id", str(top))
            changed = True
        seen.add(label.get("id", ""))
    return changed


def drop_slide_lists(root: etree._Element) -> bool:
    """Remove a presentation's slide list, custom shows and section list; return whether
    there was one."""
    found = [*root.iterfind(f"{{{P}}}sldIdLst"), *root.iterfind(f"{{{P}}}custShowLst")]
    extensions = root.find(f"{{{P}}}extLst")
    if extensions is not None:
        found += [e for e in extensions if e.find(f"{{{P14}}}sectionLst") is not None]
    for element in found:
        remove(element)
    if extensions is not None and len(extensions) == 0:
        remove(extensions)
    return bool(found)


def dropping(rids: set[str]) -> Callable[[etree._Element], bool]:
    """Return an edit removing the relationships ``rids`` from a relationships part."""

    def drop(root: etree._Element) -> bool:
        found = [e for e in root.iterfind(f"{{{RELS}}}Relationship") if e.get("Id") in rids]
        for element in found:
            remove(element)
        return bool(found)

    return drop


def show_all(root: etree._Element) -> bool:
    """Make a presentation's slide show run over all slides rather than a range or a custom
    show (the slides they name are gone); return whether it did not already."""
    found = [*root.iterfind(f"{{{P}}}showPr/{{{P}}}sldRg")]
    found += root.iterfind(f"{{{P}}}showPr/{{{P}}}custShow")
    for element in found:
        remove(element)
    return bool(found)


def remove(element: etree._Element) -> None:
    """Remove ``element`` from its parent."""
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def pruned(package: Package) -> Package:
    """Return ``package`` without the parts its relationships no longer reach (nor their
    relationships parts and content-type overrides)."""
    reached = reachable(package)
    keep = {CONTENT_TYPES, *reached, *(rels_name(name) for name in reached)}
    gone = [name for name in package.parts if name not in keep]
    parts: dict[str, bytes | None] = dict.fromkeys(gone)

    def untype(root: etree._Element) -> bool:
        overrides = root.iterfind(f"{{{TYPES}}}Override")
        found = [e for e in overrides if e.get("PartName", "").lstrip("/") not in keep]
        for element in found:
            remove(element)
        return bool(found)

    types = rewritten(package, CONTENT_TYPES, untype)
    if types is not None:
        parts[CONTENT_TYPES] = types
    return changed(package, parts)


def package_bytes(package: Package) -> bytes:
    """Return ``package`` as a zip: [Content_Types].xml first, then every other part sorted by
    name, each with the same timestamp, so that the same parts always give the same bytes.
    Parts are written as they are held (``without_slides`` re-serialises only what it
    changes)."""
    buffer = io.BytesIO()
    names = sorted(name for name in package.parts if name != CONTENT_TYPES)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in [CONTENT_TYPES, *names]:
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, package.parts[name])
    return buffer.getvalue()
