"""``digests``: the digests of a build's outputs kept in the user's cache by what the system
says of each file; a kept file that is damaged, or cannot be written, is worked around."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import exporter.digests
from exporter.digests import Digests, Seen
from exporter.files import digest


def reader(calls: list[Path]) -> Callable[[Path], str | None]:
    def read(path: Path) -> str | None:
        calls.append(path)
        return digest(path.read_bytes())

    return read


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exporter.digests, "SETTLED_NS", 0)


@pytest.mark.usefixtures("settled")
def test_a_digest_kept_is_used_while_the_file_says_the_same_and_read_again_after(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    calls: list[Path] = []
    out.mkdir()
    lesson = out / "lesson.pptx"
    lesson.write_bytes(b"one")
    kept = Digests.load(out, ".lesson-export.json")
    assert kept.digest(lesson, reader(calls)) == digest(b"one")
    kept.save()
    again = Digests.load(out, ".lesson-export.json")
    assert again.digest(lesson, reader(calls)) == digest(b"one")
    assert calls == [lesson]
    lesson.write_bytes(b"two")
    assert again.digest(lesson, reader(calls)) == digest(b"two")
    assert calls == [lesson, lesson]
    assert Digests.load(out, ".other.json").known == {}  # each manifest its own


@pytest.mark.usefixtures("settled")
@pytest.mark.parametrize(
    "damage", [b"", b"{", b"[]", b'{"form": 1}', b'{"form": 1, "files": {"x": [1, 2]}}']
)
def test_a_damaged_kept_file_is_worked_around(tmp_path: Path, damage: bytes) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.pdf").write_bytes(b"pdf")
    first = Digests.load(out, "m.json")
    first.digest(out / "a.pdf", reader([]))
    first.save()
    assert first.path is not None and first.path.is_file()
    first.path.write_bytes(damage)
    calls: list[Path] = []
    assert Digests.load(out, "m.json").digest(out / "a.pdf", reader(calls)) == digest(b"pdf")
    assert calls == [out / "a.pdf"]


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.pdf").write_bytes(b"pdf")
    kept = Digests.load(out, "m.json")
    assert kept.path is not None
    kept.path.parent.mkdir(parents=True, exist_ok=True)
    kept.path.mkdir()  # a folder where the file goes
    kept.wrote(out / "a.pdf", digest(b"pdf"))
    kept.save()  # no exception
    assert Seen.of(out / "a.pdf") is not None and Seen.of(out) is None
