"""template: a Two Content layout whose two bodies stand one above the other: ``template check``
says which it fills and why (the columns side by side in the first, the second left empty),
and the first is read as a body, not as a section header's line of text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from exporter.roles import Role
from exporter.template.check import report
from exporter.theme import load_theme
from tests.template_kit import place, plain_kit

TWO = "ppt/slideLayouts/slideLayout4.xml"
"""The plain template's Two Content layout."""

STACKS = {
    # The hunt's: two bands across the slide, the upper a little taller.
    "bands": ((0.6, 1.6, 12.1, 2.4), (0.6, 4.2, 12.1, 2.3)),
    # A short one over a tall one, narrower than the slide.
    "short-over-tall": ((1.0, 1.7, 10.0, 1.2), (1.0, 3.1, 10.0, 3.4)),
}


@pytest.mark.parametrize(("upper", "lower"), STACKS.values(), ids=STACKS.keys())
def test_check_says_what_a_two_content_layout_of_stacked_bodies_is_used_for(
    upper: tuple[float, float, float, float],
    lower: tuple[float, float, float, float],
    tmp_path: Path,
) -> None:
    """``template check`` listed "content 1" alone for such a layout, without saying why (and
    read a short first body as a subtitle): it now says the two stand one above the other,
    that a slide's two columns go side by side in content 1, in the box the fit gives them,
    and that content 2 is left empty."""
    kit = plain_kit()
    place(kit.xml(TWO), "1", upper)
    place(kit.xml(TWO), "2", lower)
    theme = load_theme("default", kit.save(tmp_path / "stacked.pptx"))
    assert theme.template is not None
    slots = theme.template.choice(Role.TWO_CONTENT).slots
    assert slots.subtitle is None and [s.kind[1] for s in slots.bodies] == [1]
    lines = [line.strip() for line in report(theme)]
    start = lines.index("Two Content        -> 'Two Content' (by its name)")
    assert lines[start + 1].startswith("placeholders used: title, content 1,")
    note = lines[start + 2]
    assert note.startswith("its content 1 and content 2 stand one above the other"), note
    assert "two columns go side by side in content 1" in note and "content 2 left empty" in note
    frames = theme.slide.frames
    assert frames is not None
    x, y, w, h = frames.body
    assert f"{w:.2f} x {h:.2f} in at {x:.2f}, {y:.2f} in" in note, note
