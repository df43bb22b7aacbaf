"""batch: a piece of work done in a process of its own, so that the memory it leaves goes with it.

Laying out a part of a long lesson's PDF (WeasyPrint) and joining the parts (pikepdf) each
leave memory behind that no garbage collection gives back to the system: the heap they grew,
the caches of the libraries under them. Done in the worker itself, the slide PDF of a
10,000-row table (771 slides, 16 parts) took the worker from 185 MB to 350 MB before the
join, which took it to 478 MB. Each is done in a child forked for it instead (``run_apart``),
which hands back its bytes and ends, its memory with it: the worker stayed at 110 MB and no
process went past 261 MB.

A child is forked only where forking is safe and cheap (Linux); elsewhere (macOS, where a
forked process that had loaded the system's libraries may crash, and Windows) the work is
done in the process itself, as before. The child is killed with the process that forked it
(``die_with``), so that a worker stopped at its time or memory limit leaves no child behind;
its peak memory counts towards the worker's (``workers.peak_of``, ``workers.own_peak``).

A child's resident memory counts the pages it shares with its parent: ``give_back`` first
returns what the parent has freed to the system, so that the child starts from what the
parent uses. Work that needs none of the parent's objects, only its arguments, can instead be
done in a new interpreter (``fresh``), which starts from nothing: the join of a long lesson's
parts, whose child, forked, started from the 130 MB of the worker that had laid them out.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import importlib
import os
import pickle
import signal
import subprocess
import sys
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

FORKS = sys.platform.startswith("linux") and hasattr(os, "fork")
"""Whether work is done in a forked child here (see the module's docstring)."""
PR_SET_PDEATHSIG = 1
"""Linux's prctl option: the signal a process gets when its parent dies."""


class ChildFailed(RuntimeError):
    """The child doing a piece of work ended without handing back its result."""


def run_apart(work: Callable[..., T], *args: Any, fresh: bool = False) -> T:
    """Return ``work(*args)``, done in a child process forked for it where forking is safe
    (see the module's docstring), or, if ``fresh``, in a new interpreter started for it
    there; what it raises is raised here. A child killed by SIGKILL (the kernel's
    out-of-memory killer) raises ``MemoryError``; one that ended otherwise without a result
    raises ``ChildFailed``.

    ``work``'s result and what it raises are pickled to come back: they must be picklable;
    for a ``fresh`` child, ``work`` (a module's function) and ``args`` too, to go there. The
    parent's objects are frozen out of the garbage collector while it forks (as
    ``workers.start`` does), so that the child's collections leave the pages it shares with
    the parent alone rather than copying them."""
    if not FORKS:
        return work(*args)
    if fresh:
        return run_fresh(work, args)
    reader, writer = os.pipe()
    gc.freeze()
    try:
        pid = os.fork()
    except BaseException:
        gc.unfreeze()
        os.close(reader)
        os.close(writer)
        raise
    if pid == 0:  # the child, which stays frozen (it only works, then ends): never returns
        os.close(reader)
        serve(writer, work, args)
    gc.unfreeze()
    os.close(writer)
    try:
        with os.fdopen(reader, "rb") as pipe:
            data = pipe.read()
    except BaseException:  # Ctrl-C, say: the child's work is not wanted any more
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        raise
    finally:
        _, status = os.waitpid(pid, 0)
    result: T = handed_back(data, os.waitstatus_to_exitcode(status))
    return result


def run_fresh(work: Callable[..., T], args: tuple[Any, ...]) -> T:
    """Return ``work(*args)``, done in a new interpreter (``child_main``), which is sent the
    work's module and name and the arguments, pickled, and sends back the result."""
    request = pickle.dumps((work.__module__, work.__qualname__, args), pickle.HIGHEST_PROTOCOL)
    command = [sys.executable, "-c", "from exporter.apart import child_main; child_main()"]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        data, _ = process.communicate(request)
    except BaseException:  # Ctrl-C, say: the child's work is not wanted any more
        process.kill()
        process.wait()
        raise
    result: T = handed_back(data, process.returncode)
    return result


def handed_back(data: bytes, code: int) -> Any:
    """Return the result a child sent as ``data``, or raise what it raised; raise
    ``MemoryError`` or ``ChildFailed`` when it sent nothing, by how it ended: ``code``, its
    exit code, or minus the signal that ended it."""
    if not data:
        if code == -signal.SIGKILL:
            raise MemoryError("the child process was killed (by the system, out of memory)")
        raise ChildFailed(f"the child process ended without a result ({ended(code)})")
    failed, value = pickle.loads(data)
    if failed:
        raise value
    return value


def child_main() -> None:
    """In a new interpreter (``run_fresh``): read the work and its arguments from the standard
    input, and write its result to the standard output; what the work prints goes to the
    standard error instead."""
    out = os.dup(sys.stdout.fileno())
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    try:
        module, name, args = pickle.load(sys.stdin.buffer)
        work = getattr(importlib.import_module(module), name)
    except BaseException as exc:  # work that cannot be found here: the parent is told why
        with os.fdopen(out, "wb") as pipe:
            pipe.write(failure(exc))
        os._exit(1)
    serve(out, work, args)


def serve(pipe: int, work: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """In a forked child: do ``work(*args)``, write its pickled result (or what it raised) to
    ``pipe``, and end without running the parent's exit handlers or flushing its buffers."""
    code = 0
    try:
        die_with(os.getppid())
        try:
            message = pickle.dumps((False, work(*args)), pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # raised again in the parent
            message = failure(exc)
        with os.fdopen(pipe, "wb") as out:
            out.write(message)
    except BaseException:  # the parent sees no result and says so
        code = 1
    finally:
        os._exit(code)


def failure(exc: BaseException) -> bytes:
    """Return ``exc`` pickled for the parent to raise, with a note of where in the child it
    was raised; a ``ChildFailed`` that names it when it cannot be pickled."""
    where = "".join(traceback.format_exception(exc)).rstrip()
    exc.add_note(f"raised in a child process:\n{where}")
    try:
        data = pickle.dumps((True, exc), pickle.HIGHEST_PROTOCOL)
        pickle.loads(data)
    except Exception:  # an exception that cannot be sent: its text is
        return pickle.dumps((True, ChildFailed(f"{type(exc).__name__}: {exc}\n{where}")))
    return data


def give_back() -> None:
    """Let go of this process's unreachable objects (python-pptx's refer to each other) and
    give the memory freed back to the system where the C library keeps it for later (glibc's
    ``malloc_trim``), so that a child forked next starts from what this process uses rather
    than from its peak. The deck of a 771-slide table took python-pptx 200 MB; freed, it
    stayed in the worker (267 MB) until trimmed (65 MB). Elsewhere (another C library, macOS)
    only the objects are let go."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def ended(code: int) -> str:
    """Return how a child that ended with ``code`` (its exit code, or minus the signal that
    ended it) ended: ``exit code 1``, ``SIGSEGV``."""
    if code < 0:
        with contextlib.suppress(ValueError):
            return signal.Signals(-code).name
        return f"signal {-code}"
    return f"exit code {code}"


def die_with(parent: int) -> None:
    """Have the kernel kill this process when ``parent`` dies (Linux), so that a process killed
    outright stops the children working for it at once; elsewhere a child sees its parent
    gone when it next looks."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the request was made
        os._exit(1)
