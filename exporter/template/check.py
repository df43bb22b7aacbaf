"""template: ``lesson-export template check FILE``, what a school's template gives a deck.

It says the slide size, the layout each role goes on and why, the placeholders each holds, the
fonts and what they are measured with (the font the template embeds, else an open twin), and
every problem (the warnings an export in it would print).
"""

from __future__ import annotations

from exporter.geometry import MAX_LEVEL, columns_box
from exporter.resources.fonts import embedded
from exporter.roles import Role
from exporter.template.layouts import Slot, Slots
from exporter.theme import Font, Grid, Theme
from exporter.theme_checks import METRIC_TWINS

PLACEHOLDER_NAMES = {
    "title": "title",
    "ctrTitle": "centre title",
    "subTitle": "subtitle",
    "body": "text",
    "": "content",
    "obj": "content",
    "pic": "picture",
    "tbl": "table",
    "chart": "chart",
    "dt": "date",
    "ftr": "footer",
    "sldNum": "slide number",
}
WHY = {
    "mapped": "as the layouts setting maps it",
    "named": "by its name",
    "type": "by its layout type",
    "placeholders": "by the placeholders it holds",
    "fallback": "the template has no such layout: the nearest it has",
}


def ratio(width: float, height: float) -> str:
    """Return a slide's shape as people name it (16:9, 4:3...), or its ratio."""
    for name, value in (("16:9", 16 / 9), ("4:3", 4 / 3), ("16:10", 16 / 10), ("A4", 297 / 210)):
        if abs(width / height - value) < 0.01:
            return name
    return f"{width / height:.2f}:1"


def slot_text(slot: Slot) -> str:
    """Return a placeholder as the report names it."""
    name = PLACEHOLDER_NAMES.get(slot.kind[0], slot.kind[0])
    return f"{name} {slot.kind[1]}" if slot.kind[1] else name


def slots_text(slots: Slots) -> str:
    """Return the placeholders of a layout that a slide fills, in reading order."""
    found = [slots.title, slots.subtitle, *slots.headings, *slots.bodies]
    found += [slots.footer, slots.number]  # the date is left off, as PowerPoint's default
    return ", ".join(slot_text(slot) for slot in found if slot is not None) or "none"


def notes_of(slots: Slots) -> list[str]:
    """Return what ``template check`` says of how a layout's placeholders are used where that
    is not plain from their names: a body widened over a picture placeholder beside it."""
    if not slots.beside or not slots.bodies:
        return []
    x, y, w, h = slots.bodies[0].box
    named = " and ".join(slot_text(slot) for slot in slots.beside)
    return [
        f"its body takes the room of {named} beside it too, which a slide never fills: "
        f"{w:.2f} x {h:.2f} in at {x:.2f}, {y:.2f} in"
    ]


def stacked_notes(slots: Slots, grid: Grid, role: Role) -> list[str]:
    """Return what ``template check`` says of a layout whose bodies stand one above the
    other: a slide fills the first only (two columns side by side in it, where the content
    slides' body is), the other left empty."""
    if not slots.stacked or not slots.bodies:
        return []
    first, rest = slot_text(slots.bodies[0]), " and ".join(map(slot_text, slots.stacked))
    said = f"its {first} and {rest} stand one above the other, not side by side"
    if role not in (Role.TWO_CONTENT, Role.COMPARISON):
        return [f"{said}: a slide's text goes in {first}, {rest} left empty"]
    box = columns_box(grid, role is Role.COMPARISON)
    return [
        f"{said}: a slide's two columns go side by side in {first}, {box.w:.2f} x {box.h:.2f} in "
        f"at {box.x:.2f}, {box.y:.2f} in (where the content slides' body is), {rest} left empty"
    ]


def report(theme: Theme) -> list[str]:
    """Return the lines ``template check`` prints for a theme made over by a template."""
    template = theme.template
    assert template is not None, "a template check is of a theme with a template"
    grid = theme.slide
    lines = [
        f"template: {template.path}",
        f"slide size: {grid.width:.2f} x {grid.height:.2f} in ({ratio(grid.width, grid.height)})",
        "layouts:",
    ]
    width = max(len(role.value) for role in Role)
    for role in Role:
        choice = template.choice(role)
        why = WHY.get(choice.why, choice.why)
        lines.append(f"  {role.value:<{width}}  -> {choice.name!r} ({why})")
        lines.append(f"  {'':<{width}}     placeholders used: {slots_text(choice.slots)}")
        notes = [*notes_of(choice.slots), *stacked_notes(choice.slots, grid, role)]
        lines.extend(f"  {'':<{width}}     {note}" for note in notes)
    lines.append("fonts:")
    for kind in ("heading", "body", "code"):
        lines.append(f"  {kind}: {font_text(theme, getattr(theme.fonts, kind))}")
    lines.extend(layout_fonts(theme))
    marks = theme.bullets.chars
    shown = " ".join(marks[level % len(marks)] for level in range(MAX_LEVEL + 1))
    lines.append(f"bullets, level by level: {shown}")
    problems = [diagnostic.message for diagnostic in theme.warnings]
    lines.append("problems:" if problems else "problems: none")
    lines.extend(f"  - {problem}" for problem in problems)
    return lines


def font_text(theme: Theme, font: Font) -> str:
    """Return a font as the report names it, with what it is measured with."""
    if embedded(theme, font.file):
        return f"{font.name}, measured with its embedded font"
    twins = METRIC_TWINS.get(font.name.casefold(), ())
    exact = font.file.casefold() in (t.casefold() for t in (*twins, font.name))
    wider = f"{font.widen - 1:.0%} wider" if font.widen > 1 else "as it is"
    how = "metric-compatible" if exact else f"no metric twin: measured {wider}"
    return f"{font.name}, measured with {font.file} ({how})"


def layout_fonts(theme: Theme) -> list[str]:
    """Return a line for each layout whose slides are set in fonts other than the deck's
    (its own title or text font), naming the roles that go on it and each font that
    differs; none where every layout takes the deck's."""
    template = theme.template
    assert template is not None, "a template check is of a theme with a template"
    lines = []
    said: dict[str, list[Role]] = {}
    for role in Role:
        said.setdefault(template.choice(role).part, []).append(role)
    for roles in said.values():
        fonts = template.role_fonts(roles[0])
        kinds = [
            f"    {kind}: {font_text(theme, font)}"
            for kind, font in (("heading", fonts.heading), ("body", fonts.body))
            if font != getattr(theme.fonts, kind)
        ]
        if kinds:
            name = template.choice(roles[0]).name
            which = ", ".join(role.value for role in roles)
            lines += [f"  on {name!r} ({which}):", *kinds]
    return lines
