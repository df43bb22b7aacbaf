"""fit: a font file's metrics are worked out once and kept in the user's cache; text measures the
same from the cache as without it, and an entry that is damaged, of another exporter, or of
another font is never used."""

from __future__ import annotations

import io
import marshal
from collections.abc import Iterator
from pathlib import Path

import pytest

from exporter import metrics
from exporter.metrics import FORM, LOADED, UNITS, Metrics, font_metrics, read_entry, work_out
from exporter.resources.fonts import DEFAULT_THEME, font_file

CARLITO = font_file(DEFAULT_THEME, "Carlito")
MONO = font_file(DEFAULT_THEME, "Liberation Mono", bold=True)


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty user cache, and nothing kept in memory (before and after: other tests read
    metrics as the cache of their session keeps them)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    LOADED.clear()
    yield tmp_path / "lesson-export" / "fonts"
    LOADED.clear()


def entries(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.is_dir() else []


def unworkable(data: bytes) -> Metrics:
    raise AssertionError("worked out again")


def read_back(data: bytes) -> Metrics:
    """Return the metrics of ``data`` as a new process would read them (nothing in memory)."""
    LOADED.clear()
    return font_metrics(data)


@pytest.mark.parametrize("data", [CARLITO, MONO], ids=["carlito", "mono-bold"])
def test_kept_metrics_are_those_worked_out_to_the_last_bit(
    data: bytes, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    worked = font_metrics(data)
    assert worked == work_out(data)
    assert len(entries(cache)) == 1
    monkeypatch.setattr(metrics, "work_out", unworkable)
    kept = read_back(data)
    assert kept == worked
    assert [w.hex() for w in kept.advances.values()] == [w.hex() for w in worked.advances.values()]


def test_the_metrics_cover_the_fonts_characters_with_pillows_widths() -> None:
    from PIL import ImageFont

    found = font_metrics(CARLITO)
    assert set(found.advances) == metrics.covered(CARLITO)
    font = ImageFont.truetype(io.BytesIO(CARLITO), UNITS, layout_engine=ImageFont.Layout.BASIC)
    assert found.advances[ord("W")] == font.getlength("W")
    assert (found.ascent, found.descent) == (font.font.ascent, font.font.descent)


@pytest.mark.parametrize(
    "damage",
    [
        lambda kept: b"",
        lambda kept: kept[: len(kept) // 2],
        lambda kept: b"\xff" * 100,
        lambda kept: marshal.dumps("not an entry"),
        lambda kept: marshal.dumps((FORM, *marshal.loads(kept)[1:5])),
        lambda kept: marshal.dumps((*marshal.loads(kept)[:2], {32: "wide"}, 1, 2, 1.0)),
    ],
    ids=["empty", "cut-short", "not-marshal", "not-a-tuple", "too-short", "wrong-types"],
)
def test_a_damaged_entry_is_ignored_and_written_anew(damage: object, cache: Path) -> None:
    worked = font_metrics(CARLITO)
    [entry] = entries(cache)
    entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    assert read_back(CARLITO) == worked
    assert read_entry(entry.read_bytes(), metrics.stamp()) == worked


def test_an_entry_of_another_exporter_is_worked_out_again(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    worked = font_metrics(CARLITO)
    [entry] = entries(cache)
    form, made_by, advances, ascent, descent, widest = marshal.loads(entry.read_bytes())
    wrong = {code: width + 1 for code, width in advances.items()}
    entry.write_bytes(marshal.dumps((form, "another exporter", wrong, ascent, descent, widest)))
    assert read_back(CARLITO) == worked
    entry.write_bytes(marshal.dumps((form + 1, made_by, wrong, ascent, descent, widest)))
    assert read_back(CARLITO) == worked
    # Kept by this exporter, the entry is used as it is: the test can tell.
    entry.write_bytes(marshal.dumps((form, made_by, wrong, ascent, descent, widest)))
    assert read_back(CARLITO).advances == wrong


def test_a_changed_font_file_is_measured_anew(tmp_path: Path) -> None:
    fonts = tmp_path / "theme" / "fonts"
    fonts.mkdir(parents=True)
    path = fonts / "Carlito-Regular.ttf"
    path.write_bytes(CARLITO)
    before = read_back(path.read_bytes())
    path.write_bytes(MONO)  # the same name, another font
    after = read_back(path.read_bytes())
    assert after == work_out(MONO)
    assert after != before


def test_an_unwritable_cache_only_costs_the_time(tmp_path: Path, cache: Path) -> None:
    cache.parent.mkdir(parents=True)
    cache.write_text("a file where the folder would be", encoding="utf-8")
    assert font_metrics(CARLITO) == work_out(CARLITO)
    assert read_back(CARLITO) == work_out(CARLITO)
