"""Shared test helpers: the repository's paths, lesson writing, and the real outside tools."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
SEED = LESSONS / "section-14" / "lesson-1.md"
REQUIRE_TOOLS = os.environ.get("LESSON_EXPORT_REQUIRE_TOOLS") == "1"
"""Set by .ci/run: in CI a test that needs LibreOffice or poppler fails instead of skipping."""


def need_tool(*names: str) -> None:
    """Skip (or, in CI, fail) the calling test when a command it needs is not installed."""
    missing = [name for name in names if shutil.which(name) is None]
    if missing:
        reason = f"needs {', '.join(missing)} (apt-get install libreoffice-impress poppler-utils)"
        if REQUIRE_TOOLS:
            pytest.fail(f"CI requires the real tools: {reason}")
        pytest.skip(reason)


@pytest.fixture
def write_lesson(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Return a function that writes a lesson file (text or bytes) under ``tmp_path``."""

    def write(text: str | bytes, name: str = "lesson.md") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, str):
            path.write_text(text, encoding="utf-8")
        else:
            path.write_bytes(text)
        return path

    return write
