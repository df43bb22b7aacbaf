"""template: which of a school template's layouts each kind of slide goes on, and where its
placeholders are.

A layout is found by role, never by position: by the name the user maps the role to, by its
English name or a localised one, by the layout type PowerPoint stores with its own layouts,
and last by the placeholders it holds (title + one body, title + two bodies, title + two
headings + two bodies, centre title + subtitle). A role the template lacks falls back to the
nearest layout it has. Placeholder boxes are resolved through the master, as PowerPoint
inherits them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from lxml import etree

from exporter.roles import Role
from exporter.template.opc import Package
from exporter.writers.drawingml import A, P
from exporter.writers.pptx_master import LAYOUT_TYPES

EMU_PER_INCH = 914400
Rect = tuple[float, float, float, float]
Kind = tuple[str, int]
"""A placeholder's type (``""`` when it has none, a content placeholder) and index."""

TITLES = frozenset({"title", "ctrTitle"})
FOOTERS = frozenset({"dt", "ftr", "sldNum", "hdr"})
CONTENT = frozenset({"", "obj", "body"})
"""The placeholder types that hold a slide's body: those that take text. A picture, chart,
table, diagram or media placeholder takes only its own kind of thing (a template's picture
box beside the body of "Title and Content" is no column to write in)."""

NAMES: dict[Role, tuple[str, ...]] = {
    Role.TITLE_SLIDE: ("Titelfolie", "Diapositive de titre", "Diapositiva de título"),
    Role.CONTENT: ("Titel und Inhalt", "Titre et contenu", "Título y objetos"),
    Role.TWO_CONTENT: ("Zwei Inhalte", "Deux contenus", "Dos objetos"),
    Role.COMPARISON: ("Vergleich", "Comparaison", "Comparación"),
    Role.SECTION: ("Abschnittsüberschrift", "En-tête de section", "Encabezado de sección"),
    Role.TITLE_ONLY: ("Nur Titel", "Titre seul", "Solo el título"),
    Role.BLANK: ("Leer", "Vide", "En blanco"),
}
"""Each role's layout name in PowerPoint's German, French and Spanish (besides English)."""

FALLBACKS: dict[Role, tuple[Role, ...]] = {
    Role.TITLE_SLIDE: (Role.SECTION, Role.TITLE_ONLY, Role.CONTENT),
    Role.CONTENT: (Role.TITLE_ONLY, Role.TWO_CONTENT, Role.COMPARISON, Role.SECTION),
    Role.TWO_CONTENT: (Role.COMPARISON, Role.CONTENT, Role.TITLE_ONLY),
    Role.COMPARISON: (Role.TWO_CONTENT, Role.CONTENT, Role.TITLE_ONLY),
    Role.SECTION: (Role.TITLE_SLIDE, Role.TITLE_ONLY, Role.CONTENT),
    Role.TITLE_ONLY: (Role.CONTENT, Role.SECTION, Role.TITLE_SLIDE),
    Role.BLANK: (Role.TITLE_ONLY, Role.CONTENT),
}
"""The roles whose layout serves a role the template lacks, nearest first."""
USED = (Role.TITLE_SLIDE, Role.CONTENT, Role.TWO_CONTENT, Role.COMPARISON, Role.SECTION)
"""The roles exported slides go on (a template lacking one earns a warning)."""
HEADING_SHARE = 0.5
"""A placeholder above a column is its heading when at most this share of the column's height
(a layout of four equal boxes is a grid of contents, not a comparison)."""
BODY_SHARE = 0.35
"""A body at least this share of the slide's height is a content slide's, not a section
header's line of text."""


@dataclass(frozen=True)
class Slot:
    """A placeholder of a layout: its type and index, and its box (inherited if need be)."""

    kind: Kind
    box: Rect
    align: str | None = None
    """Its first level's alignment (``l``, ``ctr``, ``r``...), if its own list style sets one."""
    caps: bool = False
    """Whether its text is drawn in capitals (``cap="all"``: its own list style's, else, for a
    title, the master's title style's), as many a template's section header draws its title."""
    around: tuple[str, str] = ("", "")
    """The words a slide number's placeholder writes before and after its number field
    (``Folie`` of ``Folie 3``)."""
    text: str = ""
    """A date placeholder's own fixed text (``Schuljahr 2024/25``), not a date field."""
    fill: str = ""
    """A title placeholder's own solid fill (its ``a:solidFill``, as XML), or its master's:
    a template whose title is a bar of colour of its own."""
    anchor: str | None = None
    """Where its text sits in its box (its ``a:bodyPr``'s ``anchor``: ``t``, ``ctr``, ``b``),
    or, for a title whose own does not say, its master's title's; ``None`` where neither
    says."""


@dataclass(frozen=True)
class Slots:
    """The placeholders of a layout that a slide's content goes in (``None``/empty where the
    layout has none: that content is then drawn as shapes of its own)."""

    title: Slot | None = None
    subtitle: Slot | None = None
    bodies: tuple[Slot, ...] = ()
    """The body (Title and Content), or the left and right columns' (Two Content, Comparison)."""
    headings: tuple[Slot, ...] = ()
    """The columns' headings (Comparison)."""
    footer: Slot | None = None
    number: Slot | None = None
    date: Slot | None = None
    beside: tuple[Slot, ...] = ()
    """The picture (chart, table...) placeholders beside the one body that it is widened
    over (``widened``), which ``template check`` names."""
    stacked: tuple[Slot, ...] = ()
    """A second body under the first, one above the other rather than side by side, which a
    slide leaves empty (a Two Content layout's bodies stacked): its columns go side by side
    in the first, as ``template check`` says."""


@dataclass(frozen=True)
class Choice:
    """The layout a role goes on and why it was chosen."""

    role: Role
    part: str
    """The layout's part name."""
    name: str
    """Its name in the template."""
    why: str
    """How it was found: ``named``, ``mapped``, ``type``, ``placeholders``, or ``fallback``
    (the template has none: the nearest role's layout)."""
    slots: Slots


@dataclass(frozen=True)
class LayoutPart:
    """A layout of the template as read: its part, name, type and placeholders."""

    part: str
    master: str
    name: str
    type: str
    holders: tuple[Slot, ...]

    def of(self, *types: str) -> list[Slot]:
        return [h for h in self.holders if h.kind[0] in types]


def layouts_of(package: Package) -> list[LayoutPart]:
    """Return every layout of every master of the template, in the masters' order."""
    found = []
    presentation = package.main
    for master in package.related(presentation, "slideMaster"):
        inherited = master_boxes(package, master)
        capitals = master_caps(package, master)
        filled = master_title_fill(package, master)
        anchored = master_title_anchor(package, master)
        for part in package.related(master, "slideLayout"):
            root = package.xml(part)
            view = root.find(f"{P}cSld")
            name = view.get("name", "") if view is not None else ""
            holders = tuple(holders_of(root, inherited, capitals, filled, anchored))
            found.append(LayoutPart(part, master, name, root.get("type", "cust"), holders))
    return found


def master_boxes(package: Package, master: str) -> dict[str, Rect]:
    """Return the master's placeholder boxes by type (``title``, ``body``, ``dt``...)."""
    boxes: dict[str, Rect] = {}
    for element, kind in placeholder_shapes(package.xml(master)):
        box = box_of(element)
        if box is not None:
            boxes.setdefault(inherits(kind[0]), box)
    return boxes


def inherits(kind: str) -> str:
    """Return the type of the master placeholder a layout placeholder of ``kind`` inherits."""
    if kind in TITLES:
        return "title"
    return kind if kind in FOOTERS else "body"


def placeholder_shapes(root: etree._Element) -> Iterator[tuple[etree._Element, Kind]]:
    """Yield each placeholder shape of a master or layout with its type and index."""
    for ph in root.iterfind(f"{P}cSld/{P}spTree//{P}nvPr/{P}ph"):
        shape = ph
        for _ in range(3):  # ph ← nvPr ← nvSpPr ← shape
            parent = shape.getparent()
            assert parent is not None, "a found ph sits in a shape tree"
            shape = parent
        try:
            index = int(ph.get("idx", "0"))
        except ValueError:
            index = 0
        yield shape, (ph.get("type", ""), index)


FILLS = ("noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill")
"""The fills a shape's properties may set."""


def own_fill(shape: etree._Element) -> str | None:
    """Return a placeholder's own solid fill, as XML; empty where it sets another fill (none,
    a gradient...), ``None`` where it sets none (it takes its master's)."""
    properties = shape.find(f"{P}spPr")
    if properties is None:
        return None
    for child in properties:
        if isinstance(child.tag, str) and etree.QName(child).localname in FILLS:
            solid = etree.QName(child).localname == "solidFill"
            return etree.tostring(child, encoding="unicode") if solid else ""
    return None


def master_title_fill(package: Package, master: str) -> str:
    """Return the master's title placeholder's own solid fill, as XML (empty where none)."""
    for shape, kind in placeholder_shapes(package.xml(master)):
        if inherits(kind[0]) == "title":
            return own_fill(shape) or ""
    return ""


def master_title_anchor(package: Package, master: str) -> str | None:
    """Return where the master's title placeholder sets its text in its box (``anchor``)."""
    for shape, kind in placeholder_shapes(package.xml(master)):
        if inherits(kind[0]) == "title":
            return own_anchor(shape)
    return None


def own_anchor(shape: etree._Element) -> str | None:
    """Return a placeholder's own vertical anchor (``t``, ``ctr``, ``b``), if it sets one."""
    body = shape.find(f"{P}txBody/{A}bodyPr")
    return body.get("anchor") if body is not None else None


def master_caps(package: Package, master: str) -> bool:
    """Return whether the master's title style draws titles in capitals."""
    return styled(package.xml(master), "titleStyle", "cap") == "all"


Level = tuple[etree._Element | None, etree._Element | None]
"""Where a master sets the first level of its title or body text: its paragraph properties
and its run properties (either may be missing)."""


def style_levels(
    master: etree._Element,
    style: str,
    layout: etree._Element | None = None,
    depth: int = 1,
    subtitle: bool = False,
) -> Iterator[Level]:
    """Yield where text of ``style`` (``titleStyle`` or ``bodyStyle``) on a slide of
    ``layout`` (else of ``master`` alone) has its list level ``depth`` set (1 to 9; the first
    by default), the most binding first, as PowerPoint inherits it: the layout's title or body
    placeholder's own list style (a school's Title and Content layout naming its own title
    font or colour), then the master's placeholder's, then the master's text styles
    (PowerPoint's Slide Master view); and, in a master without text styles, that
    placeholder's first paragraph and run. LibreOffice writes no text styles: it keeps a
    master's fonts, colours and alignment on its placeholders' sample text (its theme part
    naming Arial, whatever the template had); that sample text counts for the first level
    only. With ``subtitle``, a layout's subtitle placeholder is its text's, where it has no
    body (a title slide's text is its subtitle, in the font the subtitle names)."""
    kinds = TITLES if style == "titleStyle" else frozenset({"body", "obj", ""})
    tag = f"{A}lvl{depth}pPr"
    if layout is not None:
        found = list(placeholder_shapes(layout))
        shape = next((s for s, (kind, _) in found if kind in kinds), None)
        if shape is None and subtitle and style == "bodyStyle":
            shape = next((s for s, (kind, _) in found if kind == "subTitle"), None)
        own = shape.find(f"{P}txBody/{A}lstStyle/{tag}") if shape is not None else None
        if own is not None:
            yield own, own.find(f"{A}defRPr")
    holder = next((s for s, (kind, _) in placeholder_shapes(master) if kind in kinds), None)
    body = holder.find(f"{P}txBody") if holder is not None else None
    own = body.find(f"{A}lstStyle/{tag}") if body is not None else None
    if own is not None:
        yield own, own.find(f"{A}defRPr")
    styles = master.find(f"{P}txStyles")
    level = styles.find(f"{P}{style}/{tag}") if styles is not None else None
    if level is not None:
        yield level, level.find(f"{A}defRPr")
    first = body is not None and styles is None and depth == 1
    paragraph = body.find(f"{A}p") if first and body is not None else None
    if paragraph is not None:
        run = paragraph.find(f"{A}r/{A}rPr")
        yield (
            paragraph.find(f"{A}pPr"),
            run if run is not None else paragraph.find(f"{A}endParaRPr"),
        )


def styled(
    master: etree._Element,
    style: str,
    name: str,
    run: bool = True,
    layout: etree._Element | None = None,
) -> str | None:
    """Return the attribute ``name`` of the first level of text ``style`` on ``layout`` (else
    on ``master``) where it is set first (``style_levels``): of the run properties, or of the
    paragraph's unless ``run``; ``None`` where none sets it."""
    for paragraph, properties in style_levels(master, style, layout):
        element = properties if run else paragraph
        value = element.get(name) if element is not None else None
        if value is not None:
            return value
    return None


def styled_child(
    master: etree._Element,
    style: str,
    tag: str,
    layout: etree._Element | None = None,
    subtitle: bool = False,
) -> etree._Element | None:
    """Return the run properties' child ``tag`` (``latin``, ``solidFill``) of the first level
    of text ``style`` on ``layout`` (else on ``master``) where it is set first
    (``style_levels``, a subtitle counting as the layout's text with ``subtitle``), else
    ``None``."""
    for _, properties in style_levels(master, style, layout, subtitle=subtitle):
        found = properties.find(f"{A}{tag}") if properties is not None else None
        if found is not None:
            return found
    return None


def holders_of(
    root: etree._Element,
    inherited: Mapping[str, Rect],
    title_caps: bool = False,
    title_fill: str = "",
    title_anchor: str | None = None,
) -> Iterator[Slot]:
    """Yield a layout's placeholders, each with its own box or the master's (and, for a title
    whose own style does not say, the master's capitals: ``title_caps``; for a title without
    a fill of its own, the master's title's: ``title_fill``; without an anchor of its own,
    the master's title's: ``title_anchor``)."""
    for shape, kind in placeholder_shapes(root):
        box = box_of(shape) or inherited.get(inherits(kind[0]))
        level = shape.find(f"{P}txBody/{A}lstStyle/{A}lvl1pPr")
        align = level.get("algn") if level is not None else None
        run = level.find(f"{A}defRPr") if level is not None else None
        cap = run.get("cap") if run is not None else None
        caps = cap == "all" if cap is not None else title_caps and inherits(kind[0]) == "title"
        if box is not None and box[2] > 0 and box[3] > 0:
            around = number_words(shape) if kind[0] == "sldNum" else ("", "")
            text = fixed_text(shape) if kind[0] == "dt" else ""
            titled = inherits(kind[0]) == "title"
            own = own_fill(shape) if titled else ""
            fill = title_fill if own is None else own
            anchor = own_anchor(shape) or (title_anchor if titled else None)
            yield Slot(kind, box, align, caps, around, text, fill, anchor)


def fixed_text(shape: etree._Element) -> str:
    """Return the text a placeholder writes as it is, in runs (no field, such as the date
    PowerPoint puts in when the deck is saved, which would make the deck change each time)."""
    body = shape.find(f"{P}txBody")
    if body is None or body.find(f".//{A}fld") is not None:
        return ""
    lines = ("".join(map(str, p.itertext())).strip() for p in body.iterfind(f"{A}p"))
    return " ".join(line for line in lines if line)


def number_words(shape: etree._Element) -> tuple[str, str]:
    """Return the text before and after the slide number field in a placeholder's first
    paragraph that has one (``("Folie ", "")``, ``("Page ", " of 20")``)."""
    for paragraph in shape.iterfind(f"{P}txBody/{A}p"):
        before: list[str] = []
        after: list[str] = []
        found = False
        for child in paragraph:
            if child.tag == f"{A}fld" and child.get("type") == "slidenum" and not found:
                found = True
            elif child.tag in (f"{A}r", f"{A}fld"):
                (after if found else before).append("".join(map(str, child.itertext())))
        if found:
            return "".join(before), "".join(after)
    return "", ""


def box_of(shape: etree._Element) -> Rect | None:
    """Return a shape's box in inches, if it sets one."""
    transform = shape.find(f"{P}spPr/{A}xfrm")
    if transform is None:
        transform = shape.find(f"{P}xfrm")
    if transform is None:
        return None
    offset, extent = transform.find(f"{A}off"), transform.find(f"{A}ext")
    if offset is None or extent is None:
        return None
    try:
        values = [int(e.get(k, "0")) for e, k in ((offset, "x"), (offset, "y"))]
        values += [int(extent.get(k, "0")) for k in ("cx", "cy")]
    except ValueError:
        return None
    x, y, w, h = (value / EMU_PER_INCH for value in values)
    return (x, y, w, h)


def slots_of(layout: LayoutPart, slide_height: float) -> Slots:
    """Return which of ``layout``'s placeholders each part of a slide goes in."""
    one = {kind: next(iter(layout.of(kind)), None) for kind in FOOTERS}
    slots = parts_of(layout, slide_height)
    return replace(slots, footer=one["ftr"], number=one["sldNum"], date=one["dt"])


def parts_of(layout: LayoutPart, slide_height: float) -> Slots:
    """Return which of ``layout``'s placeholders a slide's title, subtitle, bodies and
    headings go in (``slots_of``)."""
    titles = layout.of(*TITLES)
    bodies = sorted(layout.of(*CONTENT), key=lambda h: (h.box[1], h.box[0]))
    subtitles = layout.of("subTitle")
    title = titles[0] if titles else None
    tops, lows = bodies[:2], bodies[2:4]
    if len(bodies) >= 4 and max(h.box[3] for h in tops) < HEADING_SHARE * min(
        h.box[3] for h in lows
    ):  # two headings over two bodies, side by side
        return Slots(
            title,
            None,
            tuple(sorted(lows, key=lambda h: h.box[0])),
            tuple(sorted(tops, key=lambda h: h.box[0])),
        )
    if len(bodies) >= 2 and side_by_side(bodies[0], bodies[1]):
        pair = tuple(sorted(bodies[:2], key=lambda h: h.box[0]))
        return Slots(title, None, pair, ())
    if subtitles:
        return Slots(title, subtitles[0], (), ())
    tall = sum(h.box[3] for h in bodies[:2]) >= BODY_SHARE * slide_height
    if bodies and bodies[0].box[3] < BODY_SHARE * slide_height and not (len(bodies) > 1 and tall):
        return Slots(title, bodies[0], (), ())  # a section header's line of text
    if bodies:
        slots = Slots(title, None, tuple(bodies[:1]), (), stacked=tuple(bodies[1:2]))
        return widened(slots, layout)
    return Slots(title, None, (), ())


def widened(slots: Slots, layout: LayoutPart) -> Slots:
    """Return a layout's ``slots`` with its one body widened over the picture (chart,
    table...) placeholders beside it, as far as they reach, in its own height: a template's
    "content with picture" Title and Content, whose body leaves the picture's room to a
    placeholder the slides never fill (an export puts no picture in it), left 40% of every
    slide empty and set a quiz smaller over 25 slides."""
    body = slots.bodies[0]
    x, y, w, h = body.box
    beside = [m for m in layout.of(*MEDIA) if side_by_side(body, m) and apart(body.box, m.box)]
    if not beside:
        return slots
    left = min(x, *(m.box[0] for m in beside))
    right = max(x + w, *(m.box[0] + m.box[2] for m in beside))
    box = (left, y, right - left, h)
    return replace(slots, bodies=(replace(body, box=box),), beside=tuple(beside))


def apart(one: Rect, other: Rect) -> bool:
    """Return whether two boxes stand clear of each other across (0.05 in of overlap
    allowed)."""
    return min(one[0] + one[2], other[0] + other[2]) - max(one[0], other[0]) <= 0.05


def side_by_side(one: Slot, other: Slot) -> bool:
    """Return whether two placeholders stand beside each other (their heights overlap)."""
    top = max(one.box[1], other.box[1])
    bottom = min(one.box[1] + one.box[3], other.box[1] + other.box[3])
    return bottom - top > 0.5 * min(one.box[3], other.box[3])


MEDIA = frozenset({"pic", "chart", "tbl", "dgm", "media", "clipArt"})
"""The placeholder types that take a thing of their own kind, never a slide's text: a layout
that has one is made for that thing (PowerPoint's Picture with Caption), not for a role."""


def role_by_holders(slots: Slots, layout: LayoutPart) -> Role | None:
    """Return the role a layout's placeholders make it fit; ``None`` for a layout made for a
    picture, chart, table... (``MEDIA``): Picture with Caption's title and caption looked like
    a section header's title and subtitle, and put a section's title in a caption's box."""
    if layout.of(*MEDIA):
        return None
    if slots.title is None:
        return Role.BLANK
    if slots.title.kind[0] == "ctrTitle" or (slots.subtitle and layout.type == "title"):
        return Role.TITLE_SLIDE
    if slots.headings:
        return Role.COMPARISON
    if len(slots.bodies) == 2:
        return Role.TWO_CONTENT
    if slots.bodies:
        return Role.CONTENT
    if slots.subtitle is not None:
        return Role.SECTION if slots.subtitle.kind[0] != "subTitle" else Role.TITLE_SLIDE
    return Role.TITLE_ONLY


def normal(name: str) -> str:
    """Return a layout name as compared: lower case, spaces collapsed."""
    return " ".join(name.casefold().split())


def names_of(layouts: list[LayoutPart]) -> str:
    """Return the names of ``layouts``, quoted, each once (a template of several masters
    has each layout's name once a master)."""
    return ", ".join(repr(name) for name in dict.fromkeys(layout.name for layout in layouts))


def choose(
    layouts: list[LayoutPart], slide_height: float, mapping: Mapping[Role, str]
) -> tuple[dict[Role, Choice], list[str]]:
    """Return the layout each role goes on, and a sentence for each used role that falls
    back to another's layout.

    ``mapping`` names the template's layout for a role (what the user set); a name it gives
    that the template lacks is a problem too.
    """
    found: dict[Role, Choice] = {}
    problems: list[str] = []
    slots = {layout.part: slots_of(layout, slide_height) for layout in layouts}
    by_name: dict[str, LayoutPart] = {}
    for layout in layouts:
        by_name.setdefault(normal(layout.name), layout)
    for role, wanted in mapping.items():
        named = by_name.get(normal(wanted))
        if named is None:
            have = names_of(layouts)
            problems.append(
                f"the layout {wanted!r} given for {role.value!r} is not in the template "
                f"(its layouts: {have})"
            )
        else:
            found[role] = Choice(role, named.part, named.name, "mapped", slots[named.part])
    for role in Role:
        if role in found:
            continue
        for name in (role.value, *NAMES[role]):
            named = by_name.get(normal(name))
            if named is not None:
                found[role] = Choice(role, named.part, named.name, "named", slots[named.part])
                break
    taken = {choice.part for choice in found.values()}
    for how in ("type", "placeholders"):
        for layout in layouts:
            if layout.part in taken:
                continue
            fits: Role | None = (
                next((r for r, t in LAYOUT_TYPES.items() if t == layout.type), None)
                if how == "type"
                else role_by_holders(slots[layout.part], layout)
            )
            if fits is not None and fits not in found:
                found[fits] = Choice(fits, layout.part, layout.name, how, slots[layout.part])
                taken.add(layout.part)
    problems += fall_back(found, layouts, slots)
    problems += titled_apart(found)
    return found, problems


TITLE_TOLERANCE = 0.3
"""How far (inches) a two-column layout's title may lie from the content layout's, on any
edge, for its slides to be drawn on it."""


def titled_apart(found: dict[Role, Choice]) -> list[str]:
    """Give the two-column roles the content layout where their own layout puts its title
    elsewhere than the content layout does (a sidebar's, say), unless the user named it;
    return a sentence for each. Every content slide's title is drawn where the content
    layout has it, and its colours are the layout's own: on a layout whose title stands on
    a panel of its own, it was drawn off the panel in the panel's colour (white on white),
    its body over the panel."""
    content = found.get(Role.CONTENT)
    if content is None or content.slots.title is None:
        return []
    own = content.slots.title.box
    problems = []
    for role in (Role.TWO_CONTENT, Role.COMPARISON):
        choice = found.get(role)
        if choice is None or choice.why == "mapped" or choice.part == content.part:
            continue
        title = choice.slots.title.box if choice.slots.title is not None else None
        if title is None or all(
            abs(a - b) <= TITLE_TOLERANCE
            for a, b in zip(
                (title[0], title[1], title[0] + title[2], title[1] + title[3]),
                (own[0], own[1], own[0] + own[2], own[1] + own[3]),
                strict=True,
            )
        ):
            continue
        found[role] = replace(content, role=role, why="fallback")
        problems.append(
            f"the template's {choice.name!r} layout puts its title elsewhere than "
            f"{content.name!r} (at {title[0]:.1f}, {title[1]:.1f} in, not {own[0]:.1f}, "
            f"{own[1]:.1f} in), where every slide's title is drawn: {role.value} slides use "
            f"{content.name!r}, their columns side by side in its body (to use "
            f"{choice.name!r} all the same, name it for {role.value!r} in the layouts setting)"
        )
    return problems


def fall_back(
    found: dict[Role, Choice], layouts: list[LayoutPart], slots: Mapping[str, Slots]
) -> list[str]:
    """Give each role without a layout its nearest role's (again until none changes: a role
    may be nearest to one that itself only just got one), and any still without one the
    first layout with a title; return a sentence for each used role that so falls back."""
    problems = []
    have = names_of(layouts)
    changed = True
    while changed:
        changed = False
        for role in Role:
            near = next((found[r] for r in FALLBACKS[role] if r in found), None)
            if role in found or near is None:
                continue
            found[role] = Choice(role, near.part, near.name, "fallback", near.slots)
            changed = True
    titled = next((layout for layout in layouts if layout.of(*TITLES)), None)
    for role in Role:
        if role not in found and titled is not None:
            found[role] = Choice(role, titled.part, titled.name, "fallback", slots[titled.part])
        if role in USED and found.get(role) is not None and found[role].why == "fallback":
            problems.append(
                f"the template has no {role.value!r} layout; those slides use "
                f"{found[role].name!r} (its layouts: {have})"
            )
    return problems
