"""template: each slide is measured, written and drawn in the fonts its own layout names.

A school's template may set its Title Slide's title in a display face (Cambria) and its
Section Header's in another (Courier New) while Title and Content takes the theme's Calibri.
The deck named the content layout's fonts on every run and the fit measured every slide in
them, so PowerPoint and LibreOffice showed a title slide in Calibri that the school set in
Cambria. Each layout's own title and text fonts (its placeholders', else its master's, else its
theme's) are now its slides', in the deck, the fit and both PDFs. The templates are made here
from python-pptx's default one, each layout's placeholder given a typeface as PowerPoint's
Slide Master view does.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from lxml import etree
from pptx import Presentation

from exporter.cli import main
from exporter.measure import Measurer
from exporter.model import Run
from exporter.roles import Role
from exporter.theme import Font, Theme, load_theme, on_layout
from tests.conftest import built_once, need_tool, print_decks
from tests.template_kit import NS, A, layout_name, placeholder, plain_kit
from tests.test_agreement import disagreements, lines_of
from tests.test_template_fonts import FAMILY, embed, pdf_fonts, serif_faces

TITLE = "Understanding Distributed Consensus Algorithms in Modern Cloud Infrastructure"
"""A lesson's title two lines long in Calibri at the title slide's size, three in Cambria:
measured in the wrong face, the title slide's title ran out of its box."""
LESSON = f"""---
title: {TITLE}
section: Section 14
lesson: 1
---

### Why consensus matters

Distributed systems need every replica to agree on one order of events, even when machines
fail and messages are delayed or lost on the way.

<!-- pagebreak -->

## Part 2: Replicated Logs and Leader Election Across Availability Zones

<!-- pagebreak -->

### Leaders and followers

- **Leader Responsibilities**: accepts client writes, appends them to its log and replicates
  them to every follower in its cluster.
- **Follower Responsibilities**: answers the leader's heartbeats, appends the entries it
  receives and votes in elections when the leader goes quiet.

<!-- pagebreak -->

### Timeouts

- Leaders are elected with randomized timeouts.
- Followers replicate the log entries they receive.

```python
def elect(node):
    return node.term + 1
```
"""
LATER = ("ea", "cs", "sym", "hlinkClick", "hlinkMouseOver", "rtl", "extLst")
"""What follows ``a:latin`` in run properties, in the schema's order."""


def name_font(holder: etree._Element, face: str) -> None:
    """Give a layout's placeholder its own typeface, as Slide Master view does (its list
    style's first level, keeping what that level sets already)."""
    body = holder.find("p:txBody", NS)
    assert body is not None
    styles = body.find("a:lstStyle", NS)
    if styles is None:
        styles = etree.Element(f"{{{A}}}lstStyle")
        body.insert(1, styles)
    level = styles.find("a:lvl1pPr", NS)
    if level is None:
        level = etree.SubElement(styles, f"{{{A}}}lvl1pPr")
    properties = level.find("a:defRPr", NS)
    if properties is None:
        properties = etree.SubElement(level, f"{{{A}}}defRPr")
    latin = etree.Element(f"{{{A}}}latin", typeface=face)
    later = next((c for c in properties if etree.QName(c).localname in LATER), None)
    if later is None:
        properties.append(latin)
    else:
        later.addprevious(latin)


def layout_fonted(folder: Path, faces: dict[tuple[str, str], str]) -> Path:
    """Write the plain 16:9 template (Calibri throughout) with the placeholders ``faces``
    names, by layout name and placeholder type, set in a face of their own."""
    kit = plain_kit()
    for part in kit.layouts():
        name = layout_name(kit.xml(part))
        for (layout, key), face in faces.items():
            if layout == name:
                holder = placeholder(kit.xml(part), key)
                assert holder is not None, (layout, key)
                name_font(holder, face)
    return kit.save(folder / "layout-fonts.pptx")


DISPLAY = {("Title Slide", "ctrTitle"): "Cambria", ("Section Header", "title"): "Courier New"}
"""A title slide in Cambria and section headers in Courier New, the rest in Calibri."""


def exported(tmp_path: Path, template: Path) -> Path:
    """Export ``LESSON`` into ``template`` (deck and slide PDF); return the output folder."""
    source = tmp_path / "lesson.md"
    source.write_text(LESSON, encoding="utf-8")
    out = tmp_path / "out"
    flags = ["--format", "pptx,pdf", "--template", str(template), "--offline", "-q"]
    assert main(["build", str(source), "-o", str(out), *flags]) == 0
    return out


@pytest.fixture(scope="session")
def display(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The ``DISPLAY`` template and ``LESSON`` exported into it (``exported``), once for the
    run: the tests below read the same template, deck and slide PDF, where two exported
    their own; return the template and the output folder."""

    def make(folder: Path) -> list[str]:
        template = layout_fonted(folder, DISPLAY)
        return [str(template), str(exported(folder, template))]

    _, (template, out) = built_once(tmp_path_factory, "layout-fonts-display", make)
    return Path(template), Path(out)


def run_fonts(deck: Path) -> list[tuple[str, str, set[str | None]]]:
    """Return each text shape of each slide of ``deck``: its layout, its name and the
    typefaces its runs name."""
    return [
        (
            slide.slide_layout.name,
            shape.name.rsplit(" ", 1)[0],
            {run.font.name for p in shape.text_frame.paragraphs for run in p.runs},
        )
        for slide in Presentation(str(deck)).slides
        for shape in slide.shapes
        if shape.has_text_frame and shape.text_frame.text.strip()
    ]


def fonts_on_line(pdf: Path, page: int, word: str) -> set[str]:
    """Return the fonts of the characters on ``page`` (from 0) of ``pdf`` on the line of the
    first character that starts ``word``."""
    with pdfplumber.open(pdf) as opened:
        chars = opened.pages[page].chars
    text = "".join(c["text"] for c in chars)
    start = text.find(word)
    assert start >= 0, (word, text[:200])
    top = chars[start]["top"]
    return {c["fontname"].split("+")[-1] for c in chars if abs(c["top"] - top) < 1}


def test_each_layouts_own_fonts_are_its_slides_in_the_deck_and_the_pdf(
    display: tuple[Path, Path],
) -> None:
    """The title slide's title is written and drawn in Cambria (measured with Caladea), the
    section header's in Courier New (Liberation Mono), every other title and text in the
    content layout's Calibri (Carlito); code keeps the monospace face."""
    need_tool("pdffonts")
    template, out = display
    theme = load_theme("default", template)
    assert (theme.fonts.heading.name, theme.fonts.body.name) == ("Calibri", "Calibri")
    cover, section = on_layout(theme, Role.TITLE_SLIDE), on_layout(theme, Role.SECTION)
    assert cover.fonts.heading == Font("Cambria", "Caladea") and cover.fonts.body.name == "Calibri"
    assert section.fonts.heading == Font("Courier New", "Liberation Mono")
    for role in (Role.CONTENT, Role.TWO_CONTENT, Role.COMPARISON, Role.TITLE_ONLY):
        assert on_layout(theme, role) is theme, role
    shapes = run_fonts(out / "lesson.pptx")
    expected = {
        ("Title Slide", "Title"): {"Cambria"},
        ("Title Slide", "Subtitle"): {"Calibri"},
        ("Section Header", "Title"): {"Courier New"},
        ("Section Header", "Footer"): {"Calibri"},  # the footer is the deck's, on every slide
        ("Comparison", "Title"): {"Calibri"},
        ("Comparison", "Column heading"): {"Calibri"},
        ("Title and Content", "Title"): {"Calibri"},
        ("Title and Content", "Code"): {"Courier New"},
    }
    for key, faces in expected.items():
        found = [fonts for layout, name, fonts in shapes if (layout, name) == key]
        assert found and all(fonts == faces for fonts in found), (key, found)
    pdf = out / "lesson.pdf"
    assert {"lx-Caladea-Bold", "lx-Liberation-Mono-Bold", "lx-Carlito"} <= set(pdf_fonts(pdf))
    assert fonts_on_line(pdf, 0, "Understanding") == {"lx-Caladea-Bold"}
    assert fonts_on_line(pdf, 0, "Section 14") == {"lx-Carlito"}
    assert fonts_on_line(pdf, 2, "PART 2") == {"lx-Liberation-Mono-Bold"}
    assert fonts_on_line(pdf, 2, "Understanding") == {"lx-Carlito"}  # its footer
    assert fonts_on_line(pdf, 3, "Leaders") == {"lx-Carlito-Bold"}


def test_the_title_slide_wraps_in_its_own_face_as_libreoffice_draws_it(
    display: tuple[Path, Path], tmp_path: Path
) -> None:
    """The lesson's title takes two lines in Calibri and three in Cambria at the title
    slide's size: measured in Calibri, it stayed at 44 pt and ran out of its box where the
    deck shows it in Cambria. Measured in Cambria it is set smaller, on two lines, and our
    slide PDF puts each line of every slide where LibreOffice's print of the deck has it."""
    need_tool("soffice")
    template, out = display
    theme = load_theme("default", template)
    assert theme.slide.frames is not None
    width = theme.slide.frames.cover_title[2] - 0.2
    size = theme.sizes.deck_title
    lines = [
        Measurer(own).wrap((Run(TITLE),), size, width, "heading", bold=True).lines
        for own in (theme, on_layout(theme, Role.TITLE_SLIDE))
    ]
    assert lines == [2, 3]  # the wrong face would measure it otherwise
    print_decks([out / "lesson.pptx"], tmp_path / "lo", tmp_path)
    marks = set(theme.bullets.chars)
    ours, theirs = (
        lines_of(out / "lesson.pdf", marks),
        lines_of(tmp_path / "lo" / "lesson.pdf", marks),
    )
    assert len(ours) == len(theirs)
    for number, (mine, printed) in enumerate(zip(ours, theirs, strict=True), start=1):
        found, rewrapped = disagreements(mine, printed)
        assert not found and not rewrapped, (number, found)
    title = [line.text for line in ours[0] if line.text[0] in ("Understanding", "Algorithms")]
    assert len(title) == 2, ours[0]
    drawn = fonts_on_line(tmp_path / "lo" / "lesson.pdf", 0, "Understanding")
    assert all("Caladea-Bold" in name for name in drawn), drawn  # as the layout names it


def test_a_layouts_font_without_a_twin_is_measured_wider_and_warned_of_once(
    tmp_path: Path,
) -> None:
    """A title slide and section headers in Verdana, which has no metric twin: their titles
    are measured 14% wider (19% in bold) with Liberation Sans, and one warning names the
    face, however many layouts use it; the title slide's subtitle in Georgia (its subtitle
    placeholder's own face: a title slide's text) has one of its own."""
    faces = {
        ("Title Slide", "ctrTitle"): "Verdana",
        ("Section Header", "title"): "Verdana",
        ("Title Slide", "subTitle"): "Georgia",
    }
    theme = load_theme("default", layout_fonted(tmp_path, faces))
    verdana = Font("Verdana", "Liberation Sans", 1.14, 1.19)
    assert on_layout(theme, Role.TITLE_SLIDE).fonts.heading == verdana
    assert on_layout(theme, Role.SECTION).fonts.heading == verdana
    assert on_layout(theme, Role.TITLE_SLIDE).fonts.body == Font(
        "Georgia", "Liberation Serif", 1.1, 1.2
    )
    assert on_layout(theme, Role.CONTENT) is theme
    said = [d.message for d in theme.warnings if d.code == "template-font"]
    assert len([m for m in said if "'Verdana'" in m]) == 1, said
    assert len([m for m in said if "'Georgia'" in m]) == 1, said
    [verdana_said] = [m for m in said if "'Verdana'" in m]
    assert "'Title Slide' layout's heading font 'Verdana'" in verdana_said
    assert "14% wider (19% in bold)" in verdana_said
    assert all(d.file == str(tmp_path / "layout-fonts.pptx") for d in theme.warnings)
    out = exported(tmp_path, tmp_path / "layout-fonts.pptx")
    shapes = run_fonts(out / "lesson.pptx")
    assert ("Title Slide", "Title", {"Verdana"}) in shapes
    assert ("Title Slide", "Subtitle", {"Georgia"}) in shapes
    assert ("Section Header", "Title", {"Verdana"}) in shapes


def test_a_layout_in_a_font_the_template_embeds_is_drawn_with_it(tmp_path: Path) -> None:
    """A title slide in a font the template embeds, the rest in Calibri: the title slide's
    title is measured and drawn with the embedded face, the rest with Carlito."""
    need_tool("pdffonts")
    kit = plain_kit()
    embed(kit, FAMILY, serif_faces())
    [cover] = [p for p in kit.layouts() if layout_name(kit.xml(p)) == "Title Slide"]
    holder = placeholder(kit.xml(cover), "ctrTitle")
    assert holder is not None
    name_font(holder, FAMILY)
    template = kit.save(tmp_path / "embedded.pptx")
    theme = load_theme("default", template)
    assert on_layout(theme, Role.TITLE_SLIDE).fonts.heading == Font(FAMILY, FAMILY)
    assert not [d for d in theme.warnings if d.code == "template-font"]
    out = exported(tmp_path, template)
    assert ("Title Slide", "Title", {FAMILY}) in run_fonts(out / "lesson.pptx")
    pdf = out / "lesson.pdf"
    assert fonts_on_line(pdf, 0, "Understanding") == {"lx-School-Serif-Bold"}
    assert fonts_on_line(pdf, 1, "Why") == {"lx-Carlito-Bold"}


def test_template_check_shows_the_fonts_of_layouts_that_have_their_own(
    display: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    template, _ = display
    assert main(["template", "check", str(template)]) == 0
    out = capsys.readouterr().out
    assert (
        "  on 'Title Slide' (Title Slide):\n"
        "    heading: Cambria, measured with Caladea (metric-compatible)\n"
        "  on 'Section Header' (Section Header):\n"
        "    heading: Courier New, measured with Liberation Mono (metric-compatible)\n"
    ) in out


def test_a_template_whose_layouts_name_no_fonts_of_their_own_keeps_the_decks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing set per layout: every slide is in the deck's fonts, as before (the golden
    decks hold this byte for byte), and the check lists no layout's fonts."""
    template = layout_fonted(tmp_path, {})
    theme: Theme = load_theme("default", template)
    assert all(on_layout(theme, role) is theme for role in Role)
    assert main(["template", "check", str(template)]) == 0
    assert "  on '" not in capsys.readouterr().out
