"""batch and write: a build leaves nothing in the temporary folder, even when a lesson is
stopped, and removes what a killed build left in its output folder."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

import exporter.batch
from exporter.cli import main
from exporter.jobs import Job, Result
from exporter.options import Options
from exporter.theme import Theme
from exporter.workers import start_method
from tests.conftest import ROOT, listed, small_course


def test_a_build_with_pdfs_leaves_nothing_in_the_temporary_folder(tmp_path: Path) -> None:
    """WeasyPrint unpacks the fonts into a folder of about 4 MB a render, which it removes
    only when its font configuration is garbage collected: a worker used to exit first."""
    root, own = small_course(tmp_path, ("a", "b", "c")), tmp_path / "tmp"
    own.mkdir()
    command = [sys.executable, "-m", "exporter", "build", str(root), "-o", str(tmp_path / "out")]
    flags = ["--format", "pptx,handout,pdf", "-j", "2", "-q"]
    environment = {**os.environ, "TMPDIR": str(own)}
    done = subprocess.run([*command, *flags], env=environment, cwd=ROOT, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert len(listed(tmp_path / "out")) == 9
    assert list(own.iterdir()) == []


@pytest.mark.skipif(start_method() is None, reason="no workers here (Windows)")
def test_a_lesson_stopped_in_the_middle_leaves_nothing_in_the_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    own = tmp_path / "tmp"
    own.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(own))

    def export(job: Job, options: Options, theme: Theme) -> Result:
        """Unpack fonts as WeasyPrint does, then hang until stopped by --timeout."""
        fonts = Path(tempfile.mkdtemp(prefix="weasyprint-"))
        (fonts / "font").write_bytes(b"\0" * 1000)
        threading.Event().wait()
        raise AssertionError("never reached")

    monkeypatch.setattr(exporter.batch, "export_lesson", export)
    root = small_course(tmp_path, ("a",))
    build = ["build", str(root), "-o", str(tmp_path / "out"), "-q", "--timeout", "2"]
    assert main(build) == 1
    assert "stopped after 2 s (--timeout)" in capsys.readouterr().err
    assert list(own.iterdir()) == []


def test_a_killed_builds_temporary_files_are_removed_by_the_next_build(tmp_path: Path) -> None:
    root, out = small_course(tmp_path, ("a", "b")), tmp_path / "out"
    out.mkdir()
    hour_ago = time.time() - 3600
    ours = [
        ".a.pptx.k2j4_x9q.tmp",
        ".b.handout.pdf.00000000.tmp",
        "..lesson-export.json.abcdefgh.tmp",
    ]
    for name in ours:
        (out / name).write_bytes(b"half")
        os.utime(out / name, (hour_ago, hour_ago))
    authors = [".a.pptx.my-notes.tmp", "a.pptx.k2j4_x9q.tmp", ".old.pptx.k2j4_x9q.tmp"]
    for name in authors:  # not named as we name them, or not for an output of this build
        (out / name).write_bytes(b"keep")
        os.utime(out / name, (hour_ago, hour_ago))
    writing = out / ".b.pptx.zzzzzzzz.tmp"  # another build writing it right now
    writing.write_bytes(b"being written")
    assert main(["build", str(root), "-o", str(out), "-q", "--format", "pptx,handout"]) == 0
    left = sorted(path.name for path in listed(out))
    outputs = ["a.handout.pdf", "a.pptx", "b.handout.pdf", "b.pptx"]
    assert left == sorted([*outputs, *authors, writing.name])
