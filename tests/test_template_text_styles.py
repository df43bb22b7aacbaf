"""write: a school template's text styles do not reach the deck's text past what was measured.

A template's master (Slide Master view) or a layout's placeholder sets how its text is drawn:
room after each paragraph (``spcAft``), line spacing, deep indents. Type sizes and spacing
stay the theme's: the fit measures with them and the deck states them on each paragraph. What
a paragraph did not state, it inherited: a master's 18 pt after each paragraph pushed a slide's
last lines past its box and footer in PowerPoint and LibreOffice, while the slide PDF showed
the text as measured. The templates are made here from python-pptx's default one, 16:9 and
4:3, their styles set on the master or on one layout's placeholders; LibreOffice's print of
each deck must agree with the slide PDF line by line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation

from exporter.theme import load_theme
from tests.conftest import built_once, need_tool
from tests.template_kit import (
    MASTER,
    NS,
    A,
    Kit,
    layout_name,
    placeholder,
    plain_kit,
)
from tests.test_agreement import disagreements, export_and_print, lines_of

LESSON = """---
title: Shared Responsibility in the Cloud
section: Section 14
lesson: 1
---

### Security of the cloud

AWS is responsible for protecting the infrastructure that runs all the services offered in
the AWS Cloud: the hardware, software, networking and facilities that run them.

- **Patch Management**: customers patch their guest operating systems and applications,
  while AWS patches the infrastructure underneath them.
  - Managed services such as `RDS` are patched by AWS in a maintenance window.
  - Instances are the customer's to patch.
- **Configuration Management**: customers configure their own databases and applications,
  while AWS configures its infrastructure devices.
- **Awareness & Training**: both train their own people.

<!-- pagebreak -->

### Examples of shared responsibility

- **AWS Responsibilities**:
  - Managing the underlying EC2 instance and disabling SSH access.
  - Automated database patching.
  - Auditing the underlying instance and disks.
- **Customer Responsibilities**:
  - Managing database security groups and rules.
  - Creating database users and their permissions.
  - Configuring databases to allow only SSL connections.
"""
"""A paragraph, bullets on two levels with inline code, and a comparison of two columns
with headings: every kind of text a template's body style reaches."""

Edit = Callable[[Kit], None]


def level_styles(kit: Kit, part: str, key: str | None) -> list[etree._Element]:
    """Return the list levels 1 to 3 of the master's body text style (``key`` ``None``), or
    of the list style of the placeholder ``key`` of the layout or master ``part`` (made)."""
    if key is None:
        style = kit.xml(part).find("p:txStyles/p:bodyStyle", NS)
    else:
        holder = placeholder(kit.xml(part), key)
        assert holder is not None, key
        style = holder.find("p:txBody/a:lstStyle", NS)
    assert style is not None
    levels = []
    for depth in (1, 2, 3):
        level = style.find(f"a:lvl{depth}pPr", NS)
        if level is None:
            level = etree.SubElement(style, f"{{{A}}}lvl{depth}pPr")
        levels.append(level)
    return levels


SPACING = ("lnSpc", "spcBef", "spcAft")
"""The spacing children of a paragraph's properties, first in the schema's order."""


def space(level: etree._Element, line: str, before: int, after: int) -> None:
    """Set a list level's line spacing (``<a:spcPct val="150000"/>``) and the room before and
    after its paragraphs, in hundredths of a point, replacing what it had."""
    for child in list(level):
        if etree.QName(child).localname in SPACING:
            level.remove(child)
    parts = f"<a:lnSpc>{line}</a:lnSpc><a:spcBef><a:spcPts val='{before}'/></a:spcBef>"
    parts += f"<a:spcAft><a:spcPts val='{after}'/></a:spcAft>"
    for index, child in enumerate(etree.fromstring(f'<x xmlns:a="{A}">{parts}</x>')):
        level.insert(index, child)


def run_style(level: etree._Element, **attributes: str) -> None:
    """Set attributes of a list level's run properties (``cap="all"``, ``spc="150"``)."""
    properties = level.find("a:defRPr", NS)
    if properties is None:
        properties = etree.SubElement(level, f"{{{A}}}defRPr")
    for name, value in attributes.items():
        properties.set(name, value)


def four_three_kit() -> Kit:
    """Return python-pptx's default template as it is: 4:3, 10 x 7.5 in."""
    return Kit.of(Presentation())


def layout(kit: Kit, name: str) -> str:
    """Return the part of the layout named ``name``."""
    return next(part for part in kit.layouts() if layout_name(kit.xml(part)) == name)


def master_spaced(kit: Kit) -> None:
    """A master whose body text is 1.5-spaced, with 12 pt before and 18 pt after each
    paragraph and indents twice PowerPoint's (a school's airy style)."""
    for depth, level in enumerate(level_styles(kit, MASTER, None)):
        space(level, "<a:spcPct val='150000'/>", 1200, 1800)
        level.set("marL", str(457200 * (depth + 1) * 2))


def layout_spaced(kit: Kit) -> None:
    """Title and Content's and Comparison's own body placeholders (not the master) with
    exactly 40 pt lines and 24 pt after each paragraph."""
    holders = (("Title and Content", ("1",)), ("Comparison", ("2", "4")))
    for name, keys in holders:
        for key in keys:
            for level in level_styles(kit, layout(kit, name), key):
                space(level, "<a:spcPts val='4000'/>", 0, 2400)


def master_capitals(kit: Kit) -> None:
    """A master whose body text is in capitals, spaced out by 1.5 pt, in italics."""
    for level in level_styles(kit, MASTER, None):
        run_style(level, cap="all", spc="150", i="1")


def layout_small_capitals(kit: Kit) -> None:
    """Comparison's headings and bodies, and the master's body placeholder, in small
    capitals spaced out by 2 pt."""
    for key in ("1", "2", "3", "4"):
        for level in level_styles(kit, layout(kit, "Comparison"), key):
            run_style(level, cap="small", spc="200")
    for level in level_styles(kit, MASTER, "body"):
        run_style(level, cap="small", spc="200")


TEMPLATES: dict[str, tuple[Callable[[], Kit], Edit]] = {
    "master-spaced": (plain_kit, master_spaced),
    "layout-spaced-4x3": (four_three_kit, layout_spaced),
    "master-capitals": (plain_kit, master_capitals),
    "layout-small-capitals-4x3": (four_three_kit, layout_small_capitals),
}
"""Templates whose text styles set what the fit does not measure, 16:9 and 4:3."""


def made(folder: Path, name: str) -> Path:
    """Write the template ``name`` of ``TEMPLATES`` into ``folder``."""
    start, edit = TEMPLATES[name]
    kit = start()
    edit(kit)
    return kit.save(folder / f"{name}.pptx")


def export_into_each(folder: Path) -> dict[str, list[str]]:
    """Make every template of ``TEMPLATES`` into ``folder``, export ``LESSON`` into each and
    print the decks with LibreOffice (one soffice, ``export_and_print``); return each
    template's path, its lesson's slide PDF and LibreOffice's print."""
    templates = {name: made(folder / "templates", name) for name in TEMPLATES}
    lessons: dict[str, tuple[str, tuple[str, ...]]] = {
        name: (LESSON, ("--template", str(path))) for name, path in templates.items()
    }
    printed = export_and_print(folder / "lessons", lessons)
    return {name: [str(path), *printed[name]] for name, path in templates.items()}


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """``LESSON`` in every template, printed by LibreOffice (``export_into_each``), once for
    the run: one soffice prints the four decks, where each test printed its own."""
    need_tool("soffice")
    return built_once(tmp_path_factory, "template-text-styles", export_into_each)[1]


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_the_deck_draws_its_text_where_the_slide_pdf_does_whatever_the_templates_styles(
    name: str, exported: dict[str, list[str]]
) -> None:
    """Every line of LibreOffice's print of the deck stands where the slide PDF has it, with
    the same words: no room after a paragraph, no capitals, character spacing or slant the
    fit did not measure."""
    template, slides, print_pdf = (Path(path) for path in exported[name])
    marks = set(load_theme("default", template).bullets.chars)
    ours, theirs = lines_of(slides, marks), lines_of(print_pdf, marks)
    assert len(ours) == len(theirs) >= 3
    for number, (mine, printed) in enumerate(zip(ours, theirs, strict=True), start=1):
        found, rewrapped = disagreements(mine, printed)
        assert not found and not rewrapped, (name, number, found)
    words = {word for page in theirs for line in page for word in line.text}
    assert {"Patch", "Managed", "Responsibilities", "Section"} <= words  # as written
