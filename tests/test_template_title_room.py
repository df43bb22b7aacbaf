"""template: a content slide's title beside or below the body (a sidebar, a strip at the
slide's foot) grows in its own room: toward the body, never over the template's footer, slide
number or date, nor off the slide; where that room is too small, it is set smaller.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu

from exporter.cli import main
from exporter.fit.scale import lines_height
from exporter.geometry import TEXT_INSET, Box
from exporter.jobs import Job
from exporter.measure import Measurer
from exporter.model import Layout, plain_text
from exporter.pipeline import lay_out
from exporter.theme import load_theme
from tests.conftest import LESSONS, need_tool, print_decks
from tests.glyphs import pages_of
from tests.template_kit import MASTER, Kit, place, placeholder, plain_kit

Rect = tuple[float, float, float, float]

TITLES = (
    "Customer Responsibility - Security in the Cloud (continued)",
    "Shared Responsibility Between the Customer and the Provider, With Examples",
    "Short",
    "Identity and Access Management Policies, Roles, Groups and Users for Every Team",
)
"""Titles of one and two lines at a title's size on a 12-inch strip."""


def lesson(folder: Path, titles: tuple[str, ...] = TITLES) -> Path:
    """Write a lesson of a slide a title, each with two bullets."""
    pages = [f"#### {title}\n\n- One point to make.\n- Another point.\n" for title in titles]
    path = folder / "titles.md"
    body = "\n<!-- pagebreak -->\n\n".join(pages)
    path.write_text(f"---\ntitle: Titles\n---\n\n{body}", encoding="utf-8")
    return path


def template(folder: Path, name: str, title: Rect, body: Rect, footers: bool = True) -> Path:
    """Write the plain 16:9 template with every content layout's title at ``title`` and its
    body at ``body``; its footer, date and slide number where python-pptx has them (their tops
    at 6.95 in), or, without ``footers``, none."""
    kit = plain_kit()
    for part in (MASTER, *kit.layouts()[1:6]):
        tree = kit.xml(part)
        if placeholder(tree, "title") is not None:
            place(tree, "title", title)
        for key in ("body", "1"):
            if placeholder(tree, key) is not None:
                place(tree, key, body)
                break
    if not footers:
        drop_footers(kit)
    return kit.save(folder / f"{name}.pptx")


def drop_footers(kit: Kit) -> None:
    """Remove the date, footer and slide number placeholders from every master and layout."""
    for part in (MASTER, *kit.layouts()):
        tree = kit.xml(part)
        for key in ("dt", "ftr", "sldNum"):
            shape = placeholder(tree, key)
            parent = None if shape is None else shape.getparent()
            if shape is not None and parent is not None:
                parent.remove(shape)


def under(box: Box, holder: Rect) -> bool:
    """Return whether the placeholder ``holder`` lies under the title's ``box``: across its
    width and below its middle."""
    x, y, w, _ = holder
    return min(x + w, box.x + box.w) - max(x, box.x) > 0 and y > box.y + box.h / 2


CASES = {
    # The hunt's: a strip 1 in deep at the foot, the footers 0.05 in under it.
    "strip": ((0.6, 5.9, 12.1, 1.0), (0.6, 0.5, 12.1, 5.2), True),
    # A shallower strip, 0.45 in above the footers.
    "shallow": ((0.6, 5.8, 12.1, 0.7), (0.6, 0.4, 12.1, 5.0), True),
    # A strip with no footers under it: it may grow to the slide's foot.
    "footless": ((0.6, 6.3, 12.1, 0.9), (0.6, 0.5, 12.1, 5.4), False),
    # A narrow sidebar at the right of the body, over the slide number: a long title grows down.
    "sidebar": ((10.0, 1.0, 2.8, 4.0), (0.6, 0.6, 9.0, 6.0), True),
}


@pytest.mark.parametrize(("title", "body", "footers"), CASES.values(), ids=CASES.keys())
def test_a_title_beside_or_below_the_body_keeps_off_the_footer(
    title: Rect, body: Rect, footers: bool, tmp_path: Path
) -> None:
    """Each content slide's title box lies on the slide, clear of every footer, date and slide
    number placeholder under it; one below the body lies under the body and keeps its box's
    foot, growing up (down only where the body leaves it no more room above); and its text
    fits its box, whole."""
    theme = load_theme("default", template(tmp_path, "t", title, body, footers))
    frames = theme.slide.frames
    assert frames is not None
    holders = [h for h in (frames.footer, frames.number, frames.date) if h is not None]
    assert bool(holders) is footers
    words = (
        *TITLES,
        "Shared Responsibility Between the Customer and the Provider, Explained in Detail, "
        "With Examples From Every Service the Provider Offers to Its Customers Today",
    )
    source = lesson(tmp_path, words)
    measure = Measurer(theme)
    laid, diagnostics = lay_out(Job(source, source.name, tmp_path / "out", tmp_path), theme)
    near, strip = 0.005, title[1] > body[1] + body[3]
    content = [p for p in laid.slides if p.slide.layout is not Layout.TITLE]
    assert len(content) == len(words)
    for placed, written in zip(content, words, strict=True):
        box, where = placed.title, f"slide {placed.number}"
        assert box.y >= -near and box.y + box.h <= theme.slide.height - 0.05 + near, where
        for holder in holders:
            if under(Box(*title), holder):
                assert box.y + box.h <= holder[1] + near, f"{where}: {box} over {holder}"
        if strip:  # its box's foot kept, else its top just under the body
            assert box.y >= body[1] + body[3] + 0.1 - near, where
            kept = abs(box.y + box.h - title[1] - title[3]) < near
            assert kept or abs(box.y - body[1] - body[3] - 0.1) < near, where
            assert box.y + box.h >= title[1] + title[3] - near, where
        else:
            assert abs(box.y - title[1]) < near, where
        assert placed.title_size >= 20, where
        assert plain_text(placed.slide.title) == written, where  # whole, not cut short
        width = box.w - 2 * TEXT_INSET[0]
        wrap = measure.wrap(placed.slide.title, placed.title_size, width, "heading", bold=True)
        assert lines_height(wrap.lines, placed.title_size) + 0.1 <= box.h + near, where
    assert not [d.message for d in diagnostics if "cut short" in d.message]


def test_a_title_at_the_slides_foot_grows_up_in_the_deck_and_both_pdfs(tmp_path: Path) -> None:
    """The hunt's template (a title strip at 5.9 to 6.9 in, the footers at 6.95 in) and its
    lesson: "Customer Responsibility - Security in the Cloud (continued)", of two lines, ran
    down over the footer line in the deck and the PDF. Every title's box in the deck ends
    above the footer, and every title's characters, in our slide PDF and LibreOffice's print,
    lie between the body's foot and the footer's top."""
    need_tool("soffice")
    strip, body = (0.6, 5.9, 12.1, 1.0), (0.6, 0.5, 12.1, 5.2)
    path = template(tmp_path, "foot", strip, body)
    source = LESSONS / "section-14" / "lesson-1.md"
    out = tmp_path / "out"
    argv = ["build", str(source), "-o", str(out), "-q", "--template", str(path)]
    assert main([*argv, "--format", "pptx,pdf"]) == 0
    deck = Presentation(str(out / "lesson-1.pptx"))
    footer_top = 6.95
    titles = []
    for slide in list(deck.slides)[1:]:
        shape = slide.shapes.title
        assert shape is not None
        top, height = Emu(shape.top).inches, Emu(shape.height).inches
        assert top >= body[1] + body[3] and top + height <= footer_top, shape.text_frame.text
        titles.append(shape.text_frame.text)
    assert any("(continued)" in t for t in titles)
    print_decks([out / "lesson-1.pptx"], tmp_path / "lo", tmp_path)
    for pdf in (out / "lesson-1.pdf", tmp_path / "lo" / "lesson-1.pdf"):
        pages = pages_of(pdf)
        assert len(pages) == len(deck.slides), pdf
        for number, page in enumerate(pages[1:], start=2):
            low = [c for c in page.chars if c["top"] > (body[1] + body[3]) * 72 and c["size"] > 16]
            assert low, f"{pdf.name} page {number}: no title under the body"
            foot = max(c["bottom"] for c in low)
            assert foot <= footer_top * 72, f"{pdf.name} page {number}: {foot / 72:.2f} in"
