"""template: load a school's own PowerPoint template (``--template``) into a theme.

``load_template`` reads the package (``package.py`` checks it and removes its sample slides),
finds the layout each kind of slide goes on (``layouts.py``), and returns the theme the fit
and the writers use: the template's slide size, placeholder boxes, colours and fonts
(``derive.py``), carrying the ``Template`` the PPTX writer starts from and the PDF writers
draw behind the content (``backdrop.py``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from exporter.errors import Diagnostic, ExporterError, error, warning
from exporter.roles import Role
from exporter.template.art import Backdrop
from exporter.template.backdrop import backdrop
from exporter.template.derive import Inks, derive_theme, under_body
from exporter.template.fonts import Faces
from exporter.template.layouts import TITLES, USED, Choice, choose, layouts_of
from exporter.template.opc import Package
from exporter.template.package import (
    package_bytes,
    read_template,
    with_unique_ids,
    without_slides,
)
from exporter.theme import Colors, Fonts, Theme
from exporter.theme_checks import contrast_problems


@dataclass(frozen=True)
class Template:
    """A school's template, read: what the PPTX writer starts from and where it puts things."""

    path: str
    """The file, as the user named it (for messages)."""
    package: bytes
    """The template without its sample slides: the package every deck starts from."""
    digest: str
    """The SHA-256 of ``package`` (a change of the template exports every lesson again)."""
    choices: tuple[Choice, ...]
    """The layout each role goes on, in ``Role``'s order."""
    backdrops: tuple[Backdrop, ...]
    """What each role's layout draws behind the content, in ``Role``'s order (for the PDF)."""
    inks: Inks
    """Each role's colours: as the PDF draws them, and as the deck names them (a scheme
    colour's name, ``accent1``, where the colour is one of the template's, else ``RRGGBB``)."""
    fonts: Faces = ()
    """The faces of the fonts the template embeds that the theme's heading and body fonts
    are measured and drawn with (see ``resources.theme_font``)."""

    def choice(self, role: Role) -> Choice:
        """Return the layout ``role`` goes on."""
        return self.choices[list(Role).index(role)]

    def colors(self, role: Role) -> Colors:
        """Return the colours slides on the layout ``role`` goes on are drawn in."""
        return self.inks.colors[list(Role).index(role)]

    def ink(self, role: Role) -> Colors:
        """Return those colours as the deck names them."""
        return self.inks.named[list(Role).index(role)]

    def role_fonts(self, role: Role) -> Fonts:
        """Return the fonts slides on the layout ``role`` goes on are measured, written and
        drawn in: those its own title and text name, else its master's, else its theme's."""
        return self.inks.fonts[list(Role).index(role)]

    def backdrop(self, role: Role) -> Backdrop:
        """Return what the layout ``role`` goes on draws behind the content."""
        return self.backdrops[list(Role).index(role)]

    def title_bar(self, role: Role) -> str | None:
        """Return the colour the title placeholder of the layout ``role`` goes on is filled
        with (a bar the title is written on), or ``None`` where it has no fill of its own."""
        slot = self.choice(role).slots.title
        if slot is None or not slot.fill:
            return None
        return self.inks.title_grounds[list(Role).index(role)]


def load_template(path: Path, base: Theme, mapping: Mapping[Role, str] | None = None) -> Theme:
    """Return ``base`` made over by the template at ``path``, carrying it.

    Raises ``ExporterError`` when the template cannot be used.
    """
    data, package = read_package(path)
    layouts = layouts_of(package)
    if not any(holder.kind[0] in TITLES for layout in layouts for holder in layout.holders):
        raise ExporterError(
            error(
                "template",
                f"{path}: no layout of the template has a title placeholder; add one in "
                "PowerPoint's Slide Master view (Insert Placeholder, Title)",
            )
        )
    height = derive_height(package)
    choices, problems = choose(layouts, height, mapping or {})
    drawn = {
        part: backdrop(package, part, str(path)) for part in {c.part for c in choices.values()}
    }
    theme, inks, font_problems, faces = derive_theme(base, package, choices, path.stem, drawn)
    backdrops = tuple(drawn[choices[role].part] for role in Role)
    undrawn = dict.fromkeys(what for role in USED for what in drawn[choices[role].part].unsupported)
    template = Template(
        str(path),
        data,
        hashlib.sha256(data).hexdigest(),
        tuple(choices[role] for role in Role),
        backdrops,
        inks,
        faces,
    )
    # Each is located at the template's file, which names it.
    found = [warning("template-layout", p) for p in problems]
    found += [warning("template-font", p) for p in font_problems]
    if undrawn:
        found.append(
            warning(
                "template-drawing",
                f"the slide PDF and the handouts cannot draw {'; '.join(undrawn)}: "
                "they show the slides without it",
            )
        )
    frames, slide = theme.slide.frames, theme.slide
    if frames is not None:
        under = under_body(
            drawn[choices[Role.CONTENT].part], frames.body, slide.width, slide.height
        )
        found += [warning("template-drawing", p) for p in under]
    content = list(Role).index(Role.CONTENT)
    behind, named = inks.title_grounds[content], vars(inks.named[content])
    names = {
        field: f"the template's {SCHEME_NAMES[c]}"
        for field, c in named.items()
        if c in SCHEME_NAMES
    }
    ground = drawn[choices[Role.CONTENT].part]
    if ground.picture is not None or ground.gradient is not None:
        kind = "picture" if ground.picture is not None else "gradient"
        names["background"] = f"the template's background {kind} (its average colour)"
    panel = inks.body_grounds[content]
    found += [warning("theme-contrast", p) for p in contrast_problems(theme, behind, names, panel)]
    located = tuple(d.located(str(path)) for d in found)
    return replace(theme, template=template, warnings=located)


SCHEME_NAMES = {
    "tx1": "Text 1 colour",
    "bg1": "Background 1 colour",
    "tx2": "Text 2 colour",
    "bg2": "Background 2 colour",
    **{f"accent{n}": f"Accent {n} colour" for n in range(1, 7)},
}
"""A scheme colour as PowerPoint's Design > Variants > Colors names it, by its name in the
theme part."""


def derive_height(package: Package) -> float:
    """Return the slide's height in inches."""
    from exporter.template.derive import slide_size

    return slide_size(package)[1]


def read_package(path: Path) -> tuple[bytes, Package]:
    """Return the template without its sample slides, as bytes and as parts."""
    package = with_unique_ids(without_slides(read_template(path)))
    return package_bytes(package), package


def template_warnings(theme: Theme) -> tuple[Diagnostic, ...]:
    """Return the warnings a template theme earns (see ``load_template``)."""
    return theme.warnings
