"""fit.gallery: images written one after another, arranged in justified rows."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exporter.fit.gallery import EVERY_CUT, Shape, arranged, cuts
from exporter.geometry import Box

AREA = Box(0.7, 1.9, 11.9, 4.8)
"""A 16:9 slide's body under a one-line title, in inches."""
ACROSS, DOWN = 0.4, 0.15

shapes = st.lists(
    st.builds(
        Shape,
        st.floats(0.1, 10.0),
        st.one_of(st.just(math.inf), st.floats(0.5, 12.0)),
    ),
    min_size=1,
    max_size=EVERY_CUT + 3,
)


@settings(max_examples=200, deadline=None)
@given(shapes)
def test_any_pictures_stand_in_order_inside_the_area_apart_and_in_shape(
    pictures: list[Shape],
) -> None:
    boxes, height = arranged(pictures, AREA, ACROSS, DOWN)
    assert len(boxes) == len(pictures)
    assert 0 <= height <= AREA.h + 1e-9
    for box, shape in zip(boxes, pictures, strict=True):
        assert box.x >= AREA.x - 1e-9 and box.x + box.w <= AREA.x + AREA.w + 1e-9
        assert box.y >= AREA.y - 1e-9 and box.y + box.h <= AREA.y + height + 1e-9
        assert box.w <= shape.widest + 1e-9
        assert box.w == pytest.approx(box.h * shape.aspect, rel=1e-9, abs=1e-12)
    for one, other in itertools.combinations(boxes, 2):
        apart_x = one.x + one.w <= other.x + 1e-9 or other.x + other.w <= one.x + 1e-9
        assert apart_x or one.y + one.h <= other.y + 1e-9 or other.y + other.h <= one.y + 1e-9
    # reading order: each picture right of the one before it in its row, or in a lower row
    for before, after in itertools.pairwise(boxes):
        assert after.x > before.x or after.y >= before.y + before.h - 1e-9


@pytest.mark.parametrize("count", [1, 2, 5, EVERY_CUT, EVERY_CUT + 1, 12])
def test_every_cut_into_rows_is_tried_for_a_few_pictures_and_near_even_rows_for_more(
    count: int,
) -> None:
    found = list(cuts(count))
    assert all(sum(lengths) == count and min(lengths) >= 1 for lengths in found)
    assert len(set(found)) == len(found)
    if count <= EVERY_CUT:
        assert len(found) == 2 ** (count - 1)  # every composition of count
    else:
        assert all(max(lengths) - min(lengths) <= 1 for lengths in found)
        assert len(found) == count


def test_a_row_fills_the_width_where_the_height_allows() -> None:
    """Two photos in a wide area: one row as wide as the area, one height, on its top."""
    boxes, height = arranged([Shape(16 / 9)] * 2, Box(0, 0, 12.0, 4.0), ACROSS, DOWN)
    assert boxes[0].h == boxes[1].h == pytest.approx(height) and boxes[0].y == 0
    assert height < 4.0
    assert boxes[1].x + boxes[1].w - boxes[0].x == pytest.approx(12.0)
