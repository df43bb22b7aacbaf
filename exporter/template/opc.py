"""template: a PowerPoint package read as its parts, relationships and content types (OPC).

A school's template is read part by part, never trusted: every part is parsed with a parser
that resolves no entities and reaches no network, and every relationship's target is a part
name resolved against its source. ``package.py`` checks the archive before it gets here.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from lxml import etree

RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
"""Parses a template's parts: no entities expanded, nothing fetched."""


@dataclass(frozen=True)
class Relationship:
    """A relationship from a part: its id, its kind (the type's last segment, such as
    ``slideLayout``) and its target part (or address, when ``external``)."""

    rid: str
    kind: str
    target: str
    external: bool = False


def rels_name(part: str) -> str:
    """Return the name of the relationships part of ``part`` (``""`` for the package's)."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def resolve(source: str, target: str) -> str:
    """Return the part a relationship of ``source`` points at, as a name without a slash."""
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target)).lstrip("/")


@dataclass
class Package:
    """The parts of a package, by name (``ppt/presentation.xml``, without a leading slash)."""

    parts: Mapping[str, bytes]
    parsed: dict[str, etree._Element] = field(default_factory=dict, repr=False)

    def xml(self, name: str) -> etree._Element:
        """Return the part ``name`` parsed (once). Raises ``KeyError`` when it is missing and
        ``etree.XMLSyntaxError`` when it is not XML."""
        found = self.parsed.get(name)
        if found is None:
            found = self.parsed[name] = etree.fromstring(self.parts[name], PARSER)
        return found

    def relationships(self, name: str) -> list[Relationship]:
        """Return the relationships of the part ``name`` (of the package itself for ``""``)."""
        rels = "_rels/.rels" if name == "" else rels_name(name)
        if rels not in self.parts:
            return []
        found = []
        for element in self.xml(rels).iterfind(f"{{{RELS}}}Relationship"):
            external = element.get("TargetMode") == "External"
            target = element.get("Target", "")
            found.append(
                Relationship(
                    element.get("Id", ""),
                    element.get("Type", "").rsplit("/", 1)[-1],
                    target if external else resolve(name, target),
                    external,
                )
            )
        return found

    def related(self, name: str, kind: str) -> list[str]:
        """Return the parts ``name`` relates to by relationships of ``kind``, in order."""
        return [r.target for r in self.relationships(name) if r.kind == kind and not r.external]

    def target(self, name: str, rid: str) -> Relationship | None:
        """Return the relationship ``rid`` of the part ``name``, if it has one."""
        return next((r for r in self.relationships(name) if r.rid == rid), None)

    @cached_property
    def main(self) -> str:
        """Return the presentation part's name (the package's office document)."""
        documents = self.related("", OFFICE_DOCUMENT.rsplit("/", 1)[-1])
        return documents[0] if documents else "ppt/presentation.xml"

    @cached_property
    def content_types(self) -> tuple[dict[str, str], dict[str, str]]:
        """Return the content types: by part name (overrides) and by extension (defaults)."""
        root = self.xml("[Content_Types].xml")
        overrides = {
            e.get("PartName", "").lstrip("/"): e.get("ContentType", "")
            for e in root.iterfind(f"{{{TYPES}}}Override")
        }
        defaults = {
            e.get("Extension", "").lower(): e.get("ContentType", "")
            for e in root.iterfind(f"{{{TYPES}}}Default")
        }
        return overrides, defaults

    def content_type(self, name: str) -> str:
        """Return the content type of the part ``name`` (``""`` when none is declared)."""
        overrides, defaults = self.content_types
        if name in overrides:
            return overrides[name]
        extension = posixpath.basename(name).rsplit(".", 1)[-1] if "." in name else ""
        return defaults.get(extension.lower(), "")
