"""tests: school templates made in the tests, the kinds issue 15 lists, and checks of a package.

Every template is made here from python-pptx's default template, edited part by part with lxml
(no binary is committed): localised and invented layout names, 4:3, a dark master with a logo and
a band, a ``.potx``, sample slides, two masters, missing roles; pandoc's reference document and a
template LibreOffice saved come from those tools. Each ``NAME(folder)`` writes its template into
``folder`` and returns its path. ``ROLES`` says which layout each role should map to in each of
them, ``FONTS`` their theme fonts; ``problems`` checks a package (a template or a deck) is
consistent, ``specimen`` adds one slide per layout so a client can render every layout.
"""

from __future__ import annotations

import io
import posixpath
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image, ImageDraw
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.presentation import Presentation as Deck
from pptx.util import Inches

from exporter.template.opc import RELS, TYPES, Package, rels_name, resolve
from tests.conftest import REQUIRE_TOOLS, built_once, need_tool

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"a": A, "p": P, "r": R}
KINDS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
"""The prefix of a relationship's type; its last segment is its kind (``slideLayout``)."""
ML = "application/vnd.openxmlformats-officedocument.presentationml."
MAIN = ML + "presentation.main+xml"
TEMPLATE = ML + "template.main+xml"
THEME_TYPE = "application/vnd.openxmlformats-officedocument.theme+xml"
"""The content type of a ``.potx``'s main part (python-pptx refuses it)."""
MASTER = "ppt/slideMasters/slideMaster1.xml"
THEME = "ppt/theme/theme1.xml"
WIDE = (12192000, 6858000)
"""16:9 as PowerPoint makes it today: 13.333 x 7.5 in."""
FOUR_THREE = (9144000, 6858000)
"""4:3: 10 x 7.5 in, the size of python-pptx's default template."""

ENGLISH = (
    "Title Slide",
    "Title and Content",
    "Section Header",
    "Two Content",
    "Comparison",
    "Title Only",
    "Blank",
    "Content with Caption",
    "Picture with Caption",
    "Title and Vertical Text",
    "Vertical Title and Text",
)
"""The layouts of python-pptx's default template, in its order."""
NAMES = {
    "de": (
        "Titelfolie",
        "Titel und Inhalt",
        "Abschnittsüberschrift",
        "Zwei Inhalte",
        "Vergleich",
        "Nur Titel",
        "Leer",
        "Inhalt mit Überschrift",
        "Bild mit Überschrift",
        "Titel und vertikaler Text",
        "Vertikaler Titel und Text",
    ),
    "fr": (
        "Diapositive de titre",
        "Titre et contenu",
        "En-tête de section",
        "Deux contenus",
        "Comparaison",
        "Titre seul",
        "Vide",
        "Contenu avec légende",
        "Image avec légende",
        "Titre et texte vertical",
        "Titre vertical et texte",
    ),
    "invented": (
        "Cover",
        "Body",
        "Chapter",
        "Split",
        "Versus",
        "Heading",
        "Empty",
        "Aside",
        "Photo",
        "Tall Text",
        "Tall Title",
    ),
}
"""The same layouts as PowerPoint names them in German and French, and invented names."""
SHAPE_NAMES = {
    "de": {
        "Title": "Titel",
        "Subtitle": "Untertitel",
        "Content Placeholder": "Inhaltsplatzhalter",
        "Text Placeholder": "Textplatzhalter",
        "Date Placeholder": "Datumsplatzhalter",
        "Footer Placeholder": "Fußzeilenplatzhalter",
        "Slide Number Placeholder": "Foliennummernplatzhalter",
    },
    "fr": {
        "Title": "Titre",
        "Subtitle": "Sous-titre",
        "Content Placeholder": "Espace réservé du contenu",
        "Text Placeholder": "Espace réservé du texte",
        "Date Placeholder": "Espace réservé de la date",
        "Footer Placeholder": "Espace réservé du pied de page",
        "Slide Number Placeholder": "Espace réservé du numéro de diapositive",
    },
}
"""Placeholder names as localised PowerPoint writes them (the number after them is kept)."""
INVENTED_ORDER = (6, 3, 0, 9, 4, 1, 8, 5, 2, 10, 7)
"""The invented template's layouts, shuffled: the positions of ``ENGLISH`` in its master."""


def standard(names: tuple[str, ...]) -> dict[str, str]:
    """Return the role → layout mapping of a template whose layouts are python-pptx's,
    named ``names`` (in ``ENGLISH``'s order)."""
    english = dict(zip(ENGLISH, names, strict=True))
    roles = ENGLISH[:7]
    return {role: english[role] for role in roles}


LIBREOFFICE = {
    "Title Slide": "Title Slide",
    "Title and Content": "Title, Content",
    "Two Content": "Title, 2 Content",
    "Comparison": None,
    "Section Header": None,
    "Title Only": "Title Only",
    "Blank": "Blank Slide",
}
"""LibreOffice 7.4 writes its own twelve layouts (no Comparison, no Section Header, and every
placeholder without an ``idx``), whatever the layouts of the deck it opened."""
MISSING = {
    role: (role if role in ("Title Slide", "Title Only", "Blank") else None) for role in ENGLISH[:7]
}
ROLES: dict[str, dict[str, str | None]] = {
    "plain": dict(standard(ENGLISH)),
    "localised-de": dict(standard(NAMES["de"])),
    "localised-fr": dict(standard(NAMES["fr"])),
    "invented": dict(standard(NAMES["invented"])),
    "four-three": dict(standard(ENGLISH)),
    "dark-logo": dict(standard(ENGLISH)),
    "potx": dict(standard(ENGLISH)),
    "with-samples": dict(standard(ENGLISH)),
    "two-masters": dict(standard(ENGLISH)),
    "missing-roles": MISSING,
    "pandoc": dict(standard(ENGLISH)),
    "libreoffice": LIBREOFFICE,
}
"""For each template: the layout each role (``Role``'s value) should map to, by name (in the first
master, where there are two); ``None`` where the template lacks the role and a fallback is due."""
FONTS = {
    "plain": ("Calibri", "Calibri"),
    "localised-de": ("Calibri", "Calibri"),
    "localised-fr": ("Times New Roman", "Arial"),
    "invented": ("Gill Sans Nova", "Calibri"),
    "four-three": ("Arial", "Arial"),
    "dark-logo": ("Cambria", "Arial"),
    "potx": ("Calibri", "Calibri"),
    "with-samples": ("Calibri", "Calibri"),
    "two-masters": ("Calibri", "Calibri"),
    "missing-roles": ("Calibri", "Calibri"),
    "pandoc": ("Calibri", "Calibri"),
}
"""Each template's theme fonts: (heading, body), the major and minor Latin fonts (LibreOffice
7.4 writes Arial for both, whatever the template it saved had)."""
DECK_FONTS = {**FONTS, "libreoffice": ("Cambria", "Arial")}
"""The fonts each template gives its decks: its theme's, but for the one LibreOffice saved,
whose master keeps the dark-logo template's fonts on its placeholders."""
SECOND_FONTS = ("Times New Roman", "Arial")
"""The fonts of the second master's theme in ``two_masters``."""
DARK = {
    "dk1": "14213D",
    "lt1": "FFFFFF",
    "dk2": "1F3358",
    "lt2": "E5E9F0",
    "accent1": "FCA311",
    "accent2": "4EA8DE",
    "hlink": "8ECAE6",
    "folHlink": "C3B1E1",
}
"""The dark template's colours: navy backgrounds (dk1, dk2), white text, an amber accent."""


class Kit:
    """A package's parts being edited: XML parts parsed once and written back when saved."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.parts = {info.filename: archive.read(info) for info in archive.infolist()}
        self.trees: dict[str, etree._Element] = {}

    @classmethod
    def of(cls, deck: Deck) -> Kit:
        """Return the parts of a python-pptx presentation."""
        data = io.BytesIO()
        deck.save(data)
        return cls(data.getvalue())

    def xml(self, name: str) -> etree._Element:
        """Return the part ``name`` parsed, to edit in place."""
        if name not in self.trees:
            self.trees[name] = etree.fromstring(self.parts[name])
        return self.trees[name]

    def rels(self, name: str) -> etree._Element:
        """Return the relationships of the part ``name`` (made empty if it has none)."""
        rels = rels_name(name)
        if rels not in self.parts and rels not in self.trees:
            self.trees[rels] = etree.fromstring(f'<Relationships xmlns="{RELS}"/>')
        return self.xml(rels)

    def relate(self, source: str, kind: str, target: str) -> str:
        """Relate ``source`` to the part ``target`` by a relationship of ``kind``; return its id."""
        rels = self.rels(source)
        taken = {element.get("Id") for element in rels}
        rid = next(f"rId{n}" for n in range(1, len(taken) + 2) if f"rId{n}" not in taken)
        target = posixpath.relpath(target, posixpath.dirname(source))
        etree.SubElement(rels, f"{{{RELS}}}Relationship", Id=rid, Type=KINDS + kind, Target=target)
        return rid

    def unrelate(self, source: str, rid: str) -> str:
        """Remove the relationship ``rid`` of ``source``; return the part it pointed at."""
        rels = self.rels(source)
        element = next(e for e in rels if e.get("Id") == rid)
        rels.remove(element)
        return resolve(source, element.get("Target", ""))

    def add(self, name: str, content: bytes | etree._Element, content_type: str | None) -> None:
        """Add the part ``name``, with an override of its content type when one is given."""
        if isinstance(content, bytes):
            self.parts[name] = content
        else:
            self.parts[name], self.trees[name] = b"", content
        if content_type is not None:
            self.declare(name, content_type)

    def declare(self, name: str, content_type: str) -> None:
        """Set the content type of the part ``name`` (an override)."""
        types = self.xml("[Content_Types].xml")
        for element in types.iterfind(f"{{{TYPES}}}Override"):
            if element.get("PartName") == f"/{name}":
                element.set("ContentType", content_type)
                return
        etree.SubElement(
            types, f"{{{TYPES}}}Override", PartName=f"/{name}", ContentType=content_type
        )

    def default(self, extension: str, content_type: str) -> None:
        """Declare the content type of the parts named ``*.extension``, once."""
        types = self.xml("[Content_Types].xml")
        if not any(e.get("Extension") == extension for e in types.iterfind(f"{{{TYPES}}}Default")):
            etree.SubElement(
                types, f"{{{TYPES}}}Default", Extension=extension, ContentType=content_type
            )

    def drop(self, name: str) -> None:
        """Remove the part ``name``, its relationships and its content type's override."""
        for gone in (name, rels_name(name)):
            self.parts.pop(gone, None)
            self.trees.pop(gone, None)
        types = self.xml("[Content_Types].xml")
        for element in types.findall(f"{{{TYPES}}}Override"):
            if element.get("PartName") == f"/{name}":
                types.remove(element)

    def layouts(self, master: str = MASTER) -> list[str]:
        """Return the layouts of ``master``, in its order."""
        ids = self.xml(master).find("p:sldLayoutIdLst", NS)
        assert ids is not None
        return [self.target(master, e.get(f"{{{R}}}id", "")) for e in ids]

    def target(self, source: str, rid: str) -> str:
        """Return the part the relationship ``rid`` of ``source`` points at."""
        element = next(e for e in self.rels(source) if e.get("Id") == rid)
        return resolve(source, element.get("Target", ""))

    def data(self) -> bytes:
        """Return the package as a zip, its XML parts serialised."""
        data = io.BytesIO()
        with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", self.serialised("[Content_Types].xml"))
            for name in sorted({*self.parts, *self.trees} - {"[Content_Types].xml"}):
                archive.writestr(name, self.serialised(name))
        return data.getvalue()

    def serialised(self, name: str) -> bytes:
        """Return the part ``name`` as written: its tree if it was parsed, else its bytes."""
        if name in self.trees:
            tree = self.trees[name]
            return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
        return self.parts[name]

    def save(self, path: Path) -> Path:
        """Write the package to ``path`` (its folder made) and return ``path``."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.data())
        return path


# The parts of a slide, a layout or a master.


def shapes(tree: etree._Element) -> list[etree._Element]:
    """Return the shapes of a slide, layout or master's tree (its spTree's children)."""
    found = tree.find("p:cSld/p:spTree", NS)
    assert found is not None
    return [child for child in found if child.tag != f"{{{P}}}nvGrpSpPr"][1:]


def placeholder(tree: etree._Element, key: str) -> etree._Element | None:
    """Return the placeholder of ``tree`` whose ``type`` (title, ctrTitle, dt...) or ``idx``
    is ``key``."""
    for shape in shapes(tree):
        ph = shape.find("*/p:nvPr/p:ph", NS)
        if ph is not None and key in (ph.get("type", "obj"), ph.get("idx", "0")):
            return shape
    return None


def place(tree: etree._Element, key: str, box: tuple[float, float, float, float]) -> None:
    """Set the box (x, y, width, height in inches) of the placeholder ``key`` of ``tree``."""
    shape = placeholder(tree, key)
    assert shape is not None, key
    properties = shape.find("p:spPr", NS)
    assert properties is not None
    xfrm = properties.find("a:xfrm", NS)
    if xfrm is None:
        xfrm = etree.Element(f"{{{A}}}xfrm")
        properties.insert(0, xfrm)
    xfrm[:] = []
    x, y, cx, cy = (str(int(Inches(v))) for v in box)
    etree.SubElement(xfrm, f"{{{A}}}off", x=x, y=y)
    etree.SubElement(xfrm, f"{{{A}}}ext", cx=cx, cy=cy)


def rename(tree: etree._Element, name: str) -> None:
    """Name a layout (its ``cSld``'s name)."""
    common = tree.find("p:cSld", NS)
    assert common is not None
    common.set("name", name)


def layout_name(tree: etree._Element) -> str:
    """Return a layout's name."""
    common = tree.find("p:cSld", NS)
    assert common is not None
    return common.get("name", "")


def next_shape_id(tree: etree._Element) -> int:
    """Return a shape id not taken in ``tree``."""
    return 1 + max(int(e.get("id", "0")) for e in tree.iterfind(".//p:cNvPr", NS))


# The theme.


def set_fonts(kit: Kit, heading: str, body: str, theme: str = THEME) -> None:
    """Set a theme's major (heading) and minor (body) Latin fonts."""
    for kind, face in (("major", heading), ("minor", body)):
        latin = kit.xml(theme).find(f"a:themeElements/a:fontScheme/a:{kind}Font/a:latin", NS)
        assert latin is not None
        latin.set("typeface", face)


def set_colours(kit: Kit, colours: dict[str, str], theme: str = THEME) -> None:
    """Set colours of a theme's scheme (``{"dk1": "14213D", ...}``) as RGB values."""
    scheme = kit.xml(theme).find("a:themeElements/a:clrScheme", NS)
    assert scheme is not None
    for slot, value in colours.items():
        element = scheme.find(f"a:{slot}", NS)
        assert element is not None
        element[:] = []
        etree.SubElement(element, f"{{{A}}}srgbClr", val=value)


def fill_background(tree: etree._Element, colour: str) -> None:
    """Fill a master's background with ``colour``, a DrawingML colour element
    (``<a:schemeClr val="bg1"/>``, ``<a:srgbClr val="1C1C24"/>``)."""
    background = tree.find("p:cSld/p:bg", NS)
    assert background is not None
    fill = f'<p:bgPr xmlns:p="{P}" xmlns:a="{A}"><a:solidFill>{colour}</a:solidFill>'
    background[:] = [etree.fromstring(f"{fill}<a:effectLst/></p:bgPr>")]


def darken(kit: Kit, master: str = MASTER, theme: str = THEME) -> None:
    """Give a master a dark background as dark PowerPoint themes do: its background is the
    scheme colour ``bg1`` filled solid, and its colour map shows ``bg1`` as the theme's dark
    ``dk1`` and text ``tx1`` as its light ``lt1``."""
    set_colours(kit, DARK, theme)
    tree = kit.xml(master)
    fill_background(tree, '<a:schemeClr val="bg1"/>')
    colour_map = tree.find("p:clrMap", NS)
    assert colour_map is not None
    swapped = {"bg1": "dk1", "tx1": "lt1", "bg2": "dk2", "tx2": "lt2"}
    for key, value in swapped.items():
        colour_map.set(key, value)


# The templates' starting point.


def plain_kit() -> Kit:
    """Return python-pptx's default template made 16:9 (13.333 x 7.5 in), as PowerPoint's own
    is today: every box of the master and the layouts widened by 4/3."""
    kit = Kit.of(Presentation())
    size = kit.xml("ppt/presentation.xml").find("p:sldSz", NS)
    assert size is not None
    if "type" in size.attrib:
        del size.attrib["type"]
    size.set("cx", str(WIDE[0]))
    for part in (MASTER, *kit.layouts()):
        for element in kit.xml(part).iterfind(".//p:spTree//a:off", NS):
            element.set("x", str(int(element.get("x", "0")) * 4 // 3))
        for element in kit.xml(part).iterfind(".//p:spTree//a:ext", NS):
            element.set("cx", str(int(element.get("cx", "0")) * 4 // 3))
    return kit


def plain(folder: Path) -> Path:
    """Write python-pptx's default template made 16:9, its English layout names kept."""
    return plain_kit().save(folder / "plain.pptx")


def localised_kit(language: str) -> Kit:
    """Return the plain template with its layouts and placeholders named in ``language``."""
    kit = plain_kit()
    for part, name in zip(kit.layouts(), NAMES[language], strict=True):
        rename(kit.xml(part), name)
        for element in kit.xml(part).iterfind(".//p:cNvPr", NS):
            words, _, number = element.get("name", "").rpartition(" ")
            if words in SHAPE_NAMES[language]:
                element.set("name", f"{SHAPE_NAMES[language][words]} {number}")
    return kit


def localised(folder: Path, language: str = "de") -> Path:
    """Write the template with its layouts named as German (``de``) or French (``fr``)
    PowerPoint names them; the French one's theme fonts are Times New Roman and Arial."""
    kit = localised_kit(language)
    if language == "fr":
        set_fonts(kit, *FONTS["localised-fr"])
    return kit.save(folder / f"localised-{language}.pptx")


def invented(folder: Path) -> tuple[Path, dict[str, str]]:
    """Write a template whose layouts have invented names (Cover, Body, Split, Versus, Chapter,
    Heading, Empty...) in a shuffled order and no layout type (as custom layouts made in
    PowerPoint have), headings in Gill Sans Nova (a font with no open twin); return it and the
    role → layout mapping a user would write."""
    kit = plain_kit()
    for part, name in zip(kit.layouts(), NAMES["invented"], strict=True):
        rename(kit.xml(part), name)
        if "type" in kit.xml(part).attrib:
            del kit.xml(part).attrib["type"]
        kit.xml(part).set("userDrawn", "1")
    ids = kit.xml(MASTER).find("p:sldLayoutIdLst", NS)
    assert ids is not None
    ids[:] = [list(ids)[n] for n in INVENTED_ORDER]
    set_fonts(kit, *FONTS["invented"])
    mapping = {role: name for role, name in ROLES["invented"].items() if name is not None}
    return kit.save(folder / "invented.pptx"), mapping


FOUR_THREE_BOXES = {
    MASTER: {
        "title": (0.5, 0.3, 9.0, 0.95),
        "body": (0.5, 1.45, 9.0, 5.15),
        "dt": (0.5, 6.85, 2.2, 0.4),
        "ftr": (3.2, 6.85, 3.6, 0.4),
        "sldNum": (7.3, 6.85, 2.2, 0.4),
    },
    "ppt/slideLayouts/slideLayout4.xml": {
        "1": (0.5, 1.45, 4.4, 5.15),
        "2": (5.1, 1.45, 4.4, 5.15),
    },
    "ppt/slideLayouts/slideLayout5.xml": {
        "1": (0.5, 1.45, 4.4, 0.6),
        "2": (0.5, 2.1, 4.4, 4.5),
        "3": (5.1, 1.45, 4.4, 0.6),
        "4": (5.1, 2.1, 4.4, 4.5),
    },
}
"""The 4:3 template's boxes (inches): a shallower title at the top, the body below it, the
footer row near the foot; the columns of Two Content and Comparison moved to match."""


def four_three(folder: Path) -> Path:
    """Write a 4:3 template (10 x 7.5 in) with its placeholders moved and resized to fit it,
    its theme fonts Arial."""
    kit = Kit.of(Presentation())
    for part, boxes in FOUR_THREE_BOXES.items():
        for key, box in boxes.items():
            place(kit.xml(part), key, box)
    set_fonts(kit, *FONTS["four-three"])
    return kit.save(folder / "four-three.pptx")


def logo() -> bytes:
    """Return a school's logo as a PNG: a white shield on an amber rounded square, 240 x 120."""
    image = Image.new("RGBA", (240, 120), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, 239, 119), radius=24, fill=(252, 163, 17, 255))
    draw.polygon([(90, 18), (150, 18), (150, 64), (120, 102), (90, 64)], fill="white")
    draw.rectangle((106, 40, 134, 50), fill=(20, 33, 61, 255))
    data = io.BytesIO()
    image.save(data, "PNG")
    return data.getvalue()


def picture_xml(shape_id: int, rid: str, box: tuple[float, float, float, float]) -> str:
    """Return a picture shape (the image related as ``rid``) in ``box`` (inches)."""
    x, y, cx, cy = (int(Inches(v)) for v in box)
    return (
        f'<p:pic xmlns:p="{P}" xmlns:a="{A}" xmlns:r="{R}"><p:nvPicPr>'
        f'<p:cNvPr id="{shape_id}" name="Logo" descr="The school\'s logo"/>'
        '<p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr userDrawn="1"/>'
        f'</p:nvPicPr><p:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
        f'</p:blipFill><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
    )


def band_xml(shape_id: int, box: tuple[float, float, float, float]) -> str:
    """Return a rectangle filled with the theme's first accent, without outline, in ``box``."""
    x, y, cx, cy = (int(Inches(v)) for v in box)
    return (
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{shape_id}" name="Band"/>'
        '<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr><a:xfrm>'
        f'<a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:schemeClr val="accent1"/>'
        '</a:solidFill><a:ln><a:noFill/></a:ln></p:spPr><p:txBody><a:bodyPr rtlCol="0" '
        'anchor="ctr"/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>'
    )


def fill_placeholder(kit: Kit, key: str, paragraph: str) -> None:
    """Give the placeholder ``key`` (``dt``, ``sldNum``...) of the master and of every layout
    that has one the one paragraph ``paragraph`` (DrawingML ``a:p`` markup, its namespace
    declared)."""
    for part in (MASTER, *kit.layouts()):
        shape = placeholder(kit.xml(part), key)
        if shape is None:
            continue
        body = shape.find("p:txBody", NS)
        assert body is not None
        for old in body.findall("a:p", NS):
            body.remove(old)
        body.append(etree.fromstring(paragraph))


def add_logo(kit: Kit) -> tuple[str, int, etree._Element]:
    """Add the logo picture to the package, related to the master: return its relationship
    id, a free shape id on the master and the master's shape tree."""
    kit.add("ppt/media/logo.png", logo(), None)
    kit.default("png", "image/png")
    rid = kit.relate(MASTER, "image", "ppt/media/logo.png")
    tree = kit.xml(MASTER)
    shapes = tree.find("p:cSld/p:spTree", NS)
    assert shapes is not None
    return rid, next_shape_id(tree), shapes


def dark_logo_kit() -> Kit:
    """Return the plain template with a dark master, a logo top right and an accent band at
    its foot (drawn behind the placeholders), the title narrowed to clear the logo, the
    footers raised above the band, theme fonts Cambria and Arial."""
    kit = plain_kit()
    darken(kit)
    set_fonts(kit, *FONTS["dark-logo"])
    rid, first, tree_root = add_logo(kit)
    tree = kit.xml(MASTER)
    tree_root.insert(2, etree.fromstring(band_xml(first, (0, 7.2, 13.333, 0.3))))
    tree_root.insert(3, etree.fromstring(picture_xml(first + 1, rid, (11.63, 0.3, 1.2, 0.6))))
    place(tree, "title", (0.5, 0.3, 10.8, 1.25))
    for key, x, width in (("dt", 0.5, 3.1), ("ftr", 4.53, 4.27), ("sldNum", 9.73, 3.1)):
        place(tree, key, (x, 6.7, width, 0.4))
    return kit


def dark_logo(folder: Path) -> Path:
    """Write a template with a dark background (bg1 filled, clrMap bg1→dk1, tx1→lt1), a logo
    PNG on the master top right, an amber band on its foot, theme fonts Cambria and Arial."""
    return dark_logo_kit().save(folder / "dark-logo.pptx")


def as_potx(folder: Path) -> Path:
    """Write the plain template as a ``.potx``: its main part a template's, which python-pptx
    refuses to open as it is."""
    kit = plain_kit()
    kit.declare("ppt/presentation.xml", TEMPLATE)
    return kit.save(folder / "template.potx")


def sample_picture() -> io.BytesIO:
    """Return a photo-like PNG (a sky over a green field), 400 x 300."""
    image = Image.new("RGB", (400, 300), (142, 202, 230))
    ImageDraw.Draw(image).rectangle((0, 190, 399, 299), fill=(106, 153, 78))
    ImageDraw.Draw(image).ellipse((300, 30, 360, 90), fill=(255, 214, 10))
    data = io.BytesIO()
    image.save(data, "PNG")
    data.seek(0)
    return data


def with_samples(folder: Path) -> Path:
    """Write the plain template with three sample slides (a title slide; bullets with notes;
    a picture with notes), as schools send templates: notes master, notes slides and media
    come with them."""
    deck = Presentation(io.BytesIO(plain_kit().data()))
    layouts = {layout.name: layout for layout in deck.slide_layouts}
    cover = deck.slides.add_slide(layouts["Title Slide"])
    cover.shapes.title.text = "Our School — presentation template"
    cover.placeholders[1].text = "Replace these sample slides with your own"
    agenda = deck.slides.add_slide(layouts["Title and Content"])
    agenda.shapes.title.text = "Agenda"
    agenda.placeholders[1].text = "Welcome\nOur values\nQuestions"
    agenda.notes_slide.notes_text_frame.text = "Greet the class."
    campus = deck.slides.add_slide(layouts["Title Only"])
    campus.shapes.title.text = "Our campus"
    campus.shapes.add_picture(sample_picture(), Inches(3.67), Inches(1.8), Inches(6), Inches(4.5))
    campus.notes_slide.notes_text_frame.text = "The new building opened in 2024."
    path = folder / "with-samples.pptx"
    folder.mkdir(parents=True, exist_ok=True)
    deck.save(str(path))
    return path


def free_name(kit: Kit, pattern: str) -> str:
    """Return the first name ``pattern.format(n)`` no part has."""
    taken = {*kit.parts, *kit.trees}
    return next(pattern.format(n) for n in range(1, 1000) if pattern.format(n) not in taken)


def next_master_id(kit: Kit) -> int:
    """Return an id above every master's and layout's id (they share one space)."""
    pres = kit.xml("ppt/presentation.xml")
    masters = pres.find("p:sldMasterIdLst", NS)
    assert masters is not None
    found = [int(e.get("id", "0")) for e in masters]
    for master in (kit.target("ppt/presentation.xml", e.get(f"{{{R}}}id", "")) for e in masters):
        found += [int(e.get("id", "0")) for e in kit.xml(master).iterfind(".//p:sldLayoutId", NS)]
    return max(found) + 1


def copy_master(kit: Kit, count: int) -> tuple[str, str]:
    """Add a second master copied from the first, with its own theme and copies of the first
    ``count`` layouts, wired in presentation.xml, the relationships and the content types;
    return the new master and its theme."""
    master, theme = (
        free_name(kit, "ppt/slideMasters/slideMaster{}.xml"),
        free_name(kit, THEME[:-5] + "{}.xml"),
    )
    kit.add(theme, etree.fromstring(etree.tostring(kit.xml(THEME))), THEME_TYPE)
    kit.xml(theme).set("name", "Contrast")
    kit.add(master, etree.fromstring(etree.tostring(kit.xml(MASTER))), ML + "slideMaster+xml")
    number = next_master_id(kit)
    masters = kit.xml("ppt/presentation.xml").find("p:sldMasterIdLst", NS)
    assert masters is not None
    rid = kit.relate("ppt/presentation.xml", "slideMaster", master)
    etree.SubElement(masters, f"{{{P}}}sldMasterId", {"id": str(number), f"{{{R}}}id": rid})
    ids = kit.xml(master).find("p:sldLayoutIdLst", NS)
    assert ids is not None
    ids[:] = []
    for offset, layout in enumerate(kit.layouts()[:count], start=1):
        copy = free_name(kit, "ppt/slideLayouts/slideLayout{}.xml")
        kit.add(copy, etree.fromstring(etree.tostring(kit.xml(layout))), ML + "slideLayout+xml")
        kit.relate(copy, "slideMaster", master)
        rid = kit.relate(master, "slideLayout", copy)
        etree.SubElement(
            ids, f"{{{P}}}sldLayoutId", {"id": str(number + offset), f"{{{R}}}id": rid}
        )
    kit.relate(master, "theme", theme)
    return master, theme


def two_masters(folder: Path) -> Path:
    """Write the plain template with a second master (a dark one, theme "Contrast", fonts
    Times New Roman and Arial) holding copies of the seven standard layouts, same names."""
    kit = plain_kit()
    master, theme = copy_master(kit, 7)
    darken(kit, master, theme)
    set_fonts(kit, *SECOND_FONTS, theme=theme)
    return kit.save(folder / "two-masters.pptx")


KEPT = ("Title Slide", "Title Only", "Blank")
"""The layouts ``missing_roles`` keeps."""


def missing_roles(folder: Path) -> Path:
    """Write the plain template with only its Title Slide, Title Only and Blank layouts, the
    others removed cleanly (their parts, relationships and content types)."""
    kit = plain_kit()
    ids = kit.xml(MASTER).find("p:sldLayoutIdLst", NS)
    assert ids is not None
    for element in list(ids):
        rid = element.get(f"{{{R}}}id", "")
        layout = kit.target(MASTER, rid)
        if layout_name(kit.xml(layout)) not in KEPT:
            ids.remove(element)
            kit.unrelate(MASTER, rid)
            kit.drop(layout)
    return kit.save(folder / "missing-roles.pptx")


def pandoc_path() -> str | None:
    """Return pandoc's path (on PATH, or the one pypandoc-binary brings), if there is one."""
    found = shutil.which("pandoc")
    if found is not None:
        return found
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return None


def pandoc() -> str:
    """Return pandoc's path; skip the calling test when there is none (fail in CI)."""
    found = pandoc_path()
    if found is None:
        reason = "needs pandoc: pip install -e '.[bench]' brings it (pypandoc-binary)"
        if REQUIRE_TOOLS:
            pytest.fail(f"CI requires the real tools: {reason}")
        pytest.skip(reason)
    return found


def pandoc_reference(folder: Path) -> Path:
    """Write pandoc's reference document (16:9 at 10 x 5.625 in, four sample slides with
    notes), as ``pandoc --print-default-data-file reference.pptx`` prints it."""
    path = folder / "pandoc-reference.pptx"
    folder.mkdir(parents=True, exist_ok=True)
    command = [pandoc(), "-o", str(path), "--print-default-data-file", "reference.pptx"]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return path


def soffice(folder: Path, out: Path, fmt: str, *paths: Path) -> None:
    """Convert ``paths`` to ``fmt`` into ``out`` with LibreOffice (same base names), with a
    profile of its own under ``folder`` so that parallel tests do not share one."""
    need_tool("soffice")
    profile = (folder / "lo-profile").resolve().as_uri()
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt]
    command += ["--outdir", str(out), *(str(path) for path in paths)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    for path in paths:
        made = out / path.with_suffix(f".{fmt}").name
        assert made.is_file(), f"LibreOffice did not convert {path.name}: {done.stderr}"


def libreoffice_saved(folder: Path) -> Path:
    """Write the dark template, with the one slide a LibreOffice file always has, as LibreOffice
    saves it: its own twelve layouts in one master per slide, placeholders without idx."""
    source = folder / "libreoffice-source" / "libreoffice-saved.pptx"
    deck = Presentation(io.BytesIO(dark_logo_kit().data()))
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    slide.shapes.title.text = "Our School"
    source.parent.mkdir(parents=True, exist_ok=True)
    deck.save(str(source))
    soffice(folder, folder, "pptx", source)
    return folder / source.name


MAKERS: dict[str, Callable[[Path], Path]] = {
    "plain": plain,
    "localised-de": localised,
    "localised-fr": lambda folder: localised(folder, "fr"),
    "invented": lambda folder: invented(folder)[0],
    "four-three": four_three,
    "dark-logo": dark_logo,
    "potx": as_potx,
    "with-samples": with_samples,
    "two-masters": two_masters,
    "missing-roles": missing_roles,
    "pandoc": pandoc_reference,
    "libreoffice": libreoffice_saved,
}
"""Every template, by the name ``ROLES`` and ``FONTS`` know it by."""


# Reading and checking a package.


def opened(path: Path) -> Deck:
    """Return the template or deck at ``path`` opened by python-pptx (a ``.potx`` too, its main
    part's content type made a presentation's in memory)."""
    kit = Kit(path.read_bytes())
    if Package(kit.parts).content_type("ppt/presentation.xml") == TEMPLATE:
        kit.declare("ppt/presentation.xml", MAIN)
    return Presentation(io.BytesIO(kit.data()))


TEXT = {
    PP_PLACEHOLDER.TITLE: "{name}",
    PP_PLACEHOLDER.CENTER_TITLE: "{name}",
    PP_PLACEHOLDER.SUBTITLE: "Subtitle of {name}",
    PP_PLACEHOLDER.BODY: "Body of {name}\nSecond point",
    PP_PLACEHOLDER.OBJECT: "Content of {name}\nSecond point",
    PP_PLACEHOLDER.VERTICAL_BODY: "Body of {name}",
}
"""What ``specimen`` writes into each kind of placeholder (others are left empty)."""


def specimen(template: Path, out: Path) -> Path:
    """Write to ``out`` the template with one slide added from each layout of each master,
    its title the layout's name and its text placeholders filled (second lines indented)."""
    deck = opened(template)
    for master in deck.slide_masters:
        for layout in master.slide_layouts:
            slide = deck.slides.add_slide(layout)
            for holder in slide.placeholders:
                text = TEXT.get(holder.placeholder_format.type)
                if text is not None and holder.has_text_frame:
                    holder.text_frame.text = text.format(name=layout.name)
                    paragraphs = holder.text_frame.paragraphs
                    if len(paragraphs) > 1:
                        paragraphs[1].level = 1
    out.parent.mkdir(parents=True, exist_ok=True)
    deck.save(str(out))
    return out


def read_parts(path: Path) -> dict[str, bytes]:
    """Return the parts of the package at ``path``, by name."""
    with zipfile.ZipFile(path) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}


def source_of(rels: str) -> str:
    """Return the part a relationships part belongs to (``""`` for the package's)."""
    folder, name = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), name.removesuffix(".rels")).lstrip("/")


def problems(path: Path) -> list[str]:
    """Return what is inconsistent in the package at ``path`` (a template or a deck): a
    relationship to a missing part, a part nothing relates to, a content type missing or
    naming no part, an ``r:id`` its part does not have, ids not unique."""
    package = Package(read_parts(path))
    return [
        *dangling(package),
        *orphans(package),
        *untyped(package),
        *unknown_ids(package),
        *duplicate_ids(package),
    ]


def dangling(package: Package) -> Iterator[str]:
    """Say which relationships point at no part, and which relationship parts have no part."""
    for rels in (name for name in package.parts if name.endswith(".rels")):
        source = source_of(rels)
        if source and source not in package.parts:
            yield f"{rels}: relationships of a part the package does not have"
        for relation in package.relationships(source):
            if not relation.external and relation.target not in package.parts:
                yield f"{source or 'package'}: {relation.rid} → {relation.target} is missing"


def reached(package: Package) -> set[str]:
    """Return the parts the package's relationships reach, from its own."""
    seen, todo = {""}, [""]
    while todo:
        for relation in package.relationships(todo.pop()):
            if not relation.external and relation.target not in seen:
                seen.add(relation.target)
                todo.append(relation.target)
    return seen


def orphans(package: Package) -> Iterator[str]:
    """Say which parts no relationship reaches."""
    found = reached(package)
    for name in sorted(package.parts):
        if name != "[Content_Types].xml" and not name.endswith(".rels") and name not in found:
            yield f"{name}: no relationship reaches it"


def untyped(package: Package) -> Iterator[str]:
    """Say which parts have no content type and which overrides name no part."""
    overrides, defaults = package.content_types
    for name in sorted(set(overrides) - set(package.parts)):
        yield f"[Content_Types].xml: an override names {name}, which is missing"
    for name in sorted(set(package.parts) - set(overrides) - {"[Content_Types].xml"}):
        if name.rpartition("/")[2].rpartition(".")[2].lower() not in defaults:
            yield f"{name}: no content type"
    if package.content_type(package.main) not in (MAIN, TEMPLATE):
        yield f"{package.main}: content type {package.content_type(package.main)!r}"
    yield from mistyped(package)


PART_TYPES = {
    "slide": ML + "slide+xml",
    "slideLayout": ML + "slideLayout+xml",
    "slideMaster": ML + "slideMaster+xml",
    "notesSlide": ML + "notesSlide+xml",
    "notesMaster": ML + "notesMaster+xml",
    "theme": THEME_TYPE,
}
"""The content type a part related by each kind of relationship must have."""


def mistyped(package: Package) -> Iterator[str]:
    """Say which slides, layouts, masters, notes and themes have another content type."""
    for source in sorted({"", *package.parts}):
        for relation in package.relationships(source):
            wanted = PART_TYPES.get(relation.kind)
            if wanted is None or relation.external or relation.target not in package.parts:
                continue
            if package.content_type(relation.target) != wanted:
                found = package.content_type(relation.target)
                yield f"{relation.target}: content type {found!r}, not a {relation.kind}'s"


def unknown_ids(package: Package) -> Iterator[str]:
    """Say which ``r:`` attributes (r:id, r:embed...) of an XML part name no relationship."""
    for name in sorted(package.parts):
        if not name.endswith(".xml") or name == "[Content_Types].xml":
            continue
        rids = {relation.rid for relation in package.relationships(name)}
        for element in package.xml(name).iter():
            for key, value in element.items():
                if str(key).startswith(f"{{{R}}}") and str(value) not in rids:
                    yield f"{name}: {etree.QName(element).localname} names {value!s}, not related"


def duplicate_ids(package: Package) -> Iterator[str]:
    """Say where shape ids repeat in a slide, layout or master, and where the presentation's
    master and layout ids (one space) or slide ids repeat."""
    for name in sorted(package.parts):
        if re.match(r"ppt/(slides|slideLayouts|slideMasters)/[^/]+\.xml$", name):
            ids = [e.get("id") for e in package.xml(name).iterfind(".//p:cSld//p:cNvPr", NS)]
            yield from repeated(name, "shape id", ids)
    masters = [e.get("id") for e in package.xml(package.main).iterfind(".//p:sldMasterId", NS)]
    for master in package.related(package.main, "slideMaster"):
        masters += [e.get("id") for e in package.xml(master).iterfind(".//p:sldLayoutId", NS)]
    yield from repeated(package.main, "master or layout id", masters)
    slides = [e.get("id") for e in package.xml(package.main).iterfind(".//p:sldId", NS)]
    yield from repeated(package.main, "slide id", slides)


def repeated(name: str, what: str, ids: list[str | None]) -> Iterator[str]:
    """Say which of ``ids`` repeat."""
    for value in sorted({i for i in ids if ids.count(i) > 1}, key=str):
        yield f"{name}: {what} {value} repeats"


def made_templates(factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Return every template ``MAKERS`` makes by its name (pandoc's only where pandoc is
    installed), made once for the run (``built_once``): ``test_template_kit`` checks them and
    ``test_template`` exports the lessons into them, where each made its own (LibreOffice
    saving its template and pandoc writing its reference twice a run: about 3 s of CPU)."""

    def make_all(folder: Path) -> dict[str, str]:
        found = {}
        for name, make in MAKERS.items():
            if name != "pandoc" or pandoc_path() is not None:
                found[name] = str(make(folder))
        return found

    _, made = built_once(factory, "kit-templates", make_all)
    return {name: Path(path) for name, path in made.items()}
