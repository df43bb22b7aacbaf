"""bench: the course benchmark's memory watch finds a command's children and their peaks."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import bench_batch  # bench/ is not a package: found on the path set above

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")


@pytest.fixture
def waiting() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Two child processes of this one, each waiting for its standard input to close."""
    children = [
        subprocess.Popen(
            [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
        )
        for _ in range(2)
    ]
    try:
        yield children
    finally:
        for child in children:
            assert child.stdin is not None
            child.stdin.close()
            child.wait()


def test_the_children_of_a_process_are_found(waiting: list[subprocess.Popen[bytes]]) -> None:
    found = bench_batch.children_of(os.getpid())
    assert {child.pid for child in waiting} <= set(found)
    assert os.getpid() not in found
    assert bench_batch.children_of(waiting[0].pid) == []  # it started none


def test_a_poll_keeps_the_peak_of_the_command_and_of_each_child(
    waiting: list[subprocess.Popen[bytes]],
) -> None:
    peaks = bench_batch.Peaks()
    bench_batch.poll(os.getpid(), peaks)
    assert peaks.command > 0
    for child in waiting:
        assert peaks.children[child.pid] > 0
        assert peaks.names[child.pid].startswith("python")
