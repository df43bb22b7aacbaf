"""apart: work done in a child process, forked or a new interpreter, hands back its result, or
raises what it raised, and leaves nothing of itself in the process that asked for it."""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest

from exporter.apart import FORKS, ChildFailed, give_back, run_apart
from exporter.errors import ExporterError, error
from exporter.workers import MB, peak_of

pytestmark = pytest.mark.skipif(
    not FORKS, reason="no child is forked here: the work is done in place"
)

Apart = Callable[..., Any]
"""``run_apart``, forked or fresh."""


@pytest.fixture(params=[False, True], ids=["forked", "fresh"])
def apart(request: pytest.FixtureRequest) -> Apart:
    """``run_apart`` in a forked child, then in a new interpreter."""
    return partial(run_apart, fresh=request.param)


touched: list[int] = []
"""What the work below changes: in a child, the child's copy."""


def remember(value: int) -> int:
    touched.append(value)
    return value * 2


def test_the_result_comes_back_and_what_the_child_changed_stays_there(apart: Apart) -> None:
    assert apart(remember, 21) == 42
    assert touched == []
    assert remember(1) == 2 and touched == [1]  # the same work here changes it
    touched.clear()


def test_a_large_result_comes_back_whole(apart: Apart) -> None:
    data = os.urandom(3 * MB)  # more than a pipe holds: read while the child writes
    assert apart(bytes, data) == data


def refuse(path: str) -> None:
    raise ExporterError(error("pdf", f"the PDF asked for addresses it may not load: {path}"))


def test_an_exporter_error_in_the_child_is_raised_here_with_its_diagnostic(apart: Apart) -> None:
    with pytest.raises(ExporterError) as raised:
        apart(refuse, "file:///etc/passwd")
    diagnostic = raised.value.diagnostic
    assert diagnostic.code == "pdf"
    assert diagnostic.message == "the PDF asked for addresses it may not load: file:///etc/passwd"


def broken() -> None:
    found: dict[str, int] = {}
    print(found["missing"])


def test_a_bug_in_the_child_is_raised_here_saying_where_it_was(apart: Apart) -> None:
    with pytest.raises(KeyError) as raised:
        apart(broken)
    [note] = raised.value.__notes__
    assert note.startswith("raised in a child process:")
    assert "in broken" in note and "test_apart.py" in note


class Unsendable(Exception):
    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("cannot pickle this")


def unsendable() -> None:
    raise Unsendable("the page would not fit")


def test_an_exception_that_cannot_be_sent_is_named_in_its_place(apart: Apart) -> None:
    with pytest.raises(ChildFailed, match="Unsendable: the page would not fit"):
        apart(unsendable)


def ends(code: int) -> None:
    os._exit(code)


def killed() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def crashed() -> None:
    os.kill(os.getpid(), signal.SIGTERM)


def test_a_child_that_ends_without_a_result_is_said_to_have_failed(apart: Apart) -> None:
    with pytest.raises(ChildFailed, match=r"without a result \(exit code 3\)"):
        apart(ends, 3)
    with pytest.raises(ChildFailed, match=r"without a result \(SIGTERM\)"):
        apart(crashed)


def test_a_child_killed_outright_ran_out_of_memory(apart: Apart) -> None:
    """SIGKILL is what the kernel's out-of-memory killer sends."""
    with pytest.raises(MemoryError):
        apart(killed)


def child_pid() -> int:
    return os.getpid()


def test_the_work_is_done_in_another_process_which_is_gone_once_its_result_is_back(
    apart: Apart,
) -> None:
    child = apart(child_pid)
    assert child != os.getpid()
    with pytest.raises(ChildProcessError):  # waited for already: not a child any more
        os.waitpid(child, os.WNOHANG)


HOLDER = """
import sys
held = b"x" * (200 << 20)
print("holding", flush=True)
sys.stdin.read()
"""


@pytest.mark.skipif(not os.path.exists(f"/proc/{os.getpid()}/status"), reason="Linux's /proc")
def test_a_process_peak_counts_its_children() -> None:
    """A worker's memory, as the command looks at it, is that of its largest child too."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "holding\n"
        peak = peak_of(os.getpid())
        assert peak is not None and peak >= 200 * MB
    finally:
        child.communicate("")
    assert peak_of(child.pid) is None  # gone: nothing to read


def resident() -> int:
    """Return this process's resident memory in bytes (Linux)."""
    with open(f"/proc/{os.getpid()}/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) * 1024


@pytest.mark.skipif(
    not hasattr(ctypes.CDLL(None), "malloc_trim"), reason="not glibc: nothing is trimmed"
)
def test_giving_back_frees_unreachable_objects_and_returns_their_memory() -> None:
    """100 MB of blocks held by a cycle (as python-pptx's objects are), with small blocks that
    live on between them, so that the C library keeps the freed memory unless asked."""
    gc.disable()  # only give_back lets go of the cycle
    try:
        survivors = []
        holder: list[object] = []
        holder.append(holder)
        for index in range(6400):
            holder.append(bytes(16384))
            if index % 4 == 0:
                survivors.append(bytes(100))
        del holder
        before = resident()
        give_back()
        after = resident()
    finally:
        gc.enable()
    assert before - after >= 50 * MB
    assert len(survivors) == 1600 and all(item == bytes(100) for item in survivors)


def chatty(value: int) -> int:
    print("what the work prints", flush=True)
    sys.stdout.buffer.write(b"and writes\n")
    sys.stdout.flush()
    return value + 1


def test_what_the_work_prints_does_not_spoil_its_result(apart: Apart) -> None:
    assert apart(chatty, 1) == 2


def test_a_fresh_child_starts_from_nothing_where_a_forked_one_shares_its_parent() -> None:
    """A forked child's resident memory counts the pages it shares with its parent; a new
    interpreter's does not (the join of a long lesson's parts is done in one)."""
    held = os.urandom(200 * MB)
    forked = run_apart(resident)
    fresh = run_apart(resident, fresh=True)
    assert forked >= 200 * MB > 100 * MB > fresh
    assert len(held) == 200 * MB


def test_work_a_fresh_child_cannot_find_is_named_with_the_reason() -> None:
    """A fresh child finds the work by its module and name: work defined inside a function
    cannot be found there, and the parent hears why rather than an exit code."""

    def hidden() -> int:
        return 1

    with pytest.raises(AttributeError) as raised:
        run_apart(hidden, fresh=True)
    [note] = raised.value.__notes__
    assert note.startswith("raised in a child process:")
    assert "hidden" in str(raised.value)
