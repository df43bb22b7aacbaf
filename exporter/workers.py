"""batch: lessons exported on worker processes, each of which can be stopped.

On Linux, workers are forked from the command once its libraries are imported (WeasyPrint
too, when a PDF is asked for), so that each worker pays for no import of its own; a lone
worker is forked first and imports them itself (see ``batch.export_all``). On macOS,
where a forked process that had loaded the system's libraries may crash, they are spawned and
each imports the libraries once. Each worker exports lesson after lesson. A lesson that runs
past ``--timeout``, or whose worker uses more memory than ``--memory-limit``, has its worker
killed: the lesson fails with a clear message, its temporary files are removed, and a fresh
worker takes the next lesson. Ctrl-C or SIGTERM stops every worker the same way: no temporary
file and no half-written output is left.

Memory is the peak resident memory of the worker, or of the child it forks to lay out a part
of a long PDF (``apart``), whichever is highest. On Linux the command reads it from
``/proc/PID/status`` (``VmHWM``) while the lesson runs, ten times a second, and kills the worker
as soon as it is past the limit, whatever library is allocating; a worker also reports its peak
with each result, so that a lesson that went past the limit between two looks fails all the
same. On macOS only that report holds: the lesson fails once it has finished. A worker past the
limit is never given another lesson (its peak stays), so the lesson that took it past is the
one that fails.

Each worker has a temporary folder of its own, removed when it ends or is killed, so that a
worker killed in the middle of a PDF leaves none of WeasyPrint's temporary files behind.

On Windows (no signal masks to start workers safely), lessons are exported one after the
other in the command itself, with neither a time limit nor a memory limit.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any

from exporter.apart import die_with
from exporter.errors import error, located
from exporter.files import remove_stale
from exporter.jobs import Job, Result, Status, Stop
from exporter.options import Options
from exporter.theme import Theme

STARTUP = 60.0
"""The longest wait for a new worker to be ready (a spawned one imports the libraries)."""
MAX_WAIT = 3600.0
"""The longest single wait for a result (the system's limit is about 24 days)."""
LOOK = 0.1
"""How often (seconds) the command looks at its busy workers' memory, where it can."""
LOOKING = sys.platform.startswith("linux") and os.path.exists("/proc/self/status")
"""Whether the command can look at a worker's memory while it works (Linux)."""
MB = 1 << 20
"""The unit of ``--memory-limit``."""
RECYCLE = 100
"""How many lessons a worker exports before a fresh one takes its place. The libraries keep a
little memory from each lesson (WeasyPrint's caches: about 0.4 MB a lesson), so that a worker
that exported a thousand lessons of a course was past 400 MB, and one of a few thousand would
have gone past ``--memory-limit``; a fresh worker, forked from the command, starts small."""
YOUNG = 10_000
"""How many new objects a worker lets Python hold before its garbage collector looks at the
youngest of them (Python's default is 700). WeasyPrint makes and drops hundreds of thousands
of objects a lesson, and with the default, the collector's rounds cost the workers about 5 %
of their CPU: the bundled lessons' deck, handout and slide PDF took 4.09 s with the default
and 3.86 s with this (median of 3, one worker), for a peak of 142 MB rather than 118 MB."""
Task = Callable[[Job, Options, Theme], Result]
"""What a worker does to a lesson (``guarded`` export or check); never raises."""
Warm = Callable[[], None]
"""What a worker does before its first lesson (``preload``: import the stages and writers)."""


def start_method() -> str | None:
    """Return how workers are started here: ``fork``, ``spawn`` (macOS), or ``None`` when
    lessons must run in the command itself (Windows)."""
    methods = multiprocessing.get_all_start_methods()
    if not hasattr(signal, "pthread_sigmask"):
        return None
    if sys.platform != "darwin" and "fork" in methods:
        return "fork"
    return "spawn" if "spawn" in methods else None


@dataclass
class Worker:
    """One worker process and the lesson it is exporting, if any."""

    process: BaseProcess
    conn: Connection
    folder: str
    """Its temporary folder, removed when it ends."""
    job: tuple[int, Job] | None = None
    started: float = 0.0
    exported: int = 0
    """How many lessons it has finished (``RECYCLE``)."""


def run_on_workers(
    jobs: list[Job],
    options: Options,
    theme: Theme,
    task: Task,
    done: Callable[[Result], None],
    began: Callable[[Job], None] | None = None,
    method: str = "fork",
    warm: Warm | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> list[Result]:
    """Return the result of each of ``jobs`` (in their order), ``options.jobs`` at a time, on
    workers started by ``method`` (see ``start_method``); ``began`` is called as each lesson
    is handed to a worker, ``done`` as each finishes. Each worker calls ``warm`` before it
    says it is ready. The command calls ``meanwhile`` once, when the last lesson has been
    handed out (when there are no more lessons than workers, as soon as they are started,
    each worker sent its lesson at once), while the workers export the last lessons: what it
    does there delays only the collecting of their results and the look at their time and
    memory (a lesson's clock starts when the command sees its worker ready)."""
    context = multiprocessing.get_context(method)
    sweep_stale()
    results: dict[int, Result] = {}
    queue = deque(enumerate(jobs))
    workers: list[Worker] = []
    count = max(1, min(options.jobs, len(jobs)))
    with stop_on_sigterm():
        try:
            for _ in range(count):
                start(context, options, theme, task, workers, ready=False, warm=warm)
            if meanwhile is not None and len(jobs) <= count:
                # A worker for every lesson: each is sent its lesson now, to export as soon as
                # it is ready, while the command does ``meanwhile``.
                for worker in workers:
                    worker.job = queue.popleft()
                    try:
                        worker.conn.send(worker.job[1])
                    except OSError:  # it died already: the lesson goes out again below
                        queue.appendleft(worker.job)
                        worker.job = None
                        continue
                    if began is not None:
                        began(worker.job[1])
                meanwhile()
                meanwhile = None
            for worker in workers:  # started together, so that spawned ones load at once
                wait_ready(worker)
                worker.started = time.monotonic()  # a lesson sent early: its clock starts now
            while queue or any(worker.job for worker in workers):
                for slot, worker in enumerate(workers):
                    if worker.job is None and queue:
                        worker.job, worker.started = queue.popleft(), time.monotonic()
                        try:
                            worker.conn.send(worker.job[1])
                        except OSError:  # it died between lessons: the lesson goes to another
                            queue.appendleft(worker.job)
                            kill(worker, options, grace=1.0)
                            workers[slot] = start(context, options, theme, task, warm=warm)
                            continue
                        if began is not None:
                            began(worker.job[1])
                if meanwhile is not None and not queue:
                    meanwhile()
                    meanwhile = None
                for slot, index, result in collect(workers, options):
                    worker = workers[slot]
                    if worker.process.is_alive():
                        worker.job, worker.exported = None, worker.exported + 1
                        if worker.exported >= RECYCLE and queue:  # its memory grown: a fresh one
                            stop(worker, options)
                            workers[slot] = start(context, options, theme, task, warm=warm)
                    else:  # killed at its deadline, or lost: a fresh one takes the next lesson
                        workers[slot] = start(context, options, theme, task, warm=warm)
                    results[index] = result
                    done(result)
        finally:
            for worker in workers:
                stop(worker, options)
    return [results[index] for index in range(len(jobs))]


def collect(workers: list[Worker], options: Options) -> Iterator[tuple[int, int, Result]]:
    """Wait for the next finished lesson (or the next deadline, or the next look at memory);
    yield each worker's slot, its lesson's index and result: done, stopped (past the time or
    memory limit, its worker killed), or its worker lost."""
    busy = [worker for worker in workers if worker.job is not None]
    if not busy:  # a lesson went back to the queue: it is handed out again first
        return
    deadline = min(worker.started for worker in busy) + options.timeout
    pause = min(MAX_WAIT, max(0.0, deadline - time.monotonic()))
    ready = wait([worker.conn for worker in busy], min(pause, LOOK) if LOOKING else pause)
    for slot, worker in enumerate(workers):
        if worker.job is None:
            continue
        index, job = worker.job
        if worker.conn in ready or worker.conn.poll():  # a result that came in meanwhile
            try:
                message = worker.conn.recv()
            except (EOFError, OSError):  # it died: its exit code says how
                status = kill(worker, options, grace=1.0)
                code = Stop.INTERNAL
                text = f"internal error, please report it: its worker stopped ({status})"
            else:
                if message is None:  # a late "ready", not a result
                    continue
                result, peak = message
                if peak <= options.memory_limit * MB:
                    yield slot, index, result
                    continue
                kill(worker, options)  # past the limit: it would fail the next lesson too
                code, text = Stop.MEMORY, memory_failure(options)
        else:
            overrun = limit_passed(worker, options)
            if overrun is None:
                continue
            kill(worker, options)
            code, text = overrun
        removed = remove_stale(job.outputs(options))
        failure = located([error(code, text)], job.display)
        seconds = time.monotonic() - worker.started
        yield slot, index, Result(job, Status.FAILED, (), failure, (), removed, seconds)


def limit_passed(worker: Worker, options: Options) -> tuple[Stop, str] | None:
    """Return the code and message of the limit ``worker``'s lesson has passed, if it has:
    the time limit, or (where the command can look) the memory limit."""
    if time.monotonic() - worker.started >= options.timeout:
        message = f"stopped after {options.timeout:g} s (--timeout): the lesson took too long"
        return Stop.TIMEOUT, message
    pid = worker.process.pid
    peak = peak_of(pid) if LOOKING and pid is not None else None
    if peak is not None and peak > options.memory_limit * MB:
        return Stop.MEMORY, memory_failure(options)
    return None


def memory_failure(options: Options) -> str:
    """Return the message of a lesson stopped past the memory limit."""
    return (
        f"stopped at {options.memory_limit} MB (--memory-limit): the lesson needed too much memory"
    )


def peak_of(pid: int) -> int | None:
    """Return the peak resident memory (bytes) of process ``pid`` or of any of its children
    (a part of a long PDF is laid out in one: ``apart``), whichever is highest, as Linux
    tells it; ``None`` when it cannot be read (the process is gone)."""
    peak = status_peak(pid)
    if peak is None:
        return None
    try:
        with open(f"/proc/{pid}/task/{pid}/children", "rb") as listed:
            children = [int(child) for child in listed.read().split()]
    except (OSError, ValueError):
        children = []
    return max([peak, *(status_peak(child) or 0 for child in children)])


def status_peak(pid: int) -> int | None:
    """Return the peak resident memory (bytes) of process ``pid`` alone, from its status;
    ``None`` when it cannot be read."""
    try:
        with open(f"/proc/{pid}/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def own_peak() -> int:
    """Return the peak resident memory in bytes of this process or of any child it has
    waited for (Linux and macOS), whichever is highest."""
    import resource  # not on Windows, where there are no workers

    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    return peak if sys.platform == "darwin" else peak * 1024


def start(
    context: BaseContext,
    options: Options,
    theme: Theme,
    task: Task,
    into: list[Worker] | None = None,
    ready: bool = True,
    warm: Warm | None = None,
) -> Worker:
    """Return a new worker (added to ``into`` first, if given), ready for lessons if
    ``ready`` (else see ``wait_ready``), that calls ``warm`` first.

    Ctrl-C and SIGTERM are held back while it is forked, so that neither strikes a child that
    still has the command's handlers, nor the command before the worker is known to it.

    The command's objects are frozen out of the garbage collector while it forks (Python's
    advice for a fork without exec): a collection in the worker then leaves the pages it
    shares with the command alone, rather than copying every one of them (about 20 ms of
    the first lesson, and memory).
    """
    parent, child = context.Pipe()
    forked = context.get_start_method() == "fork"
    inherited = [parent, *(worker.conn for worker in into or ())] if forked else []
    folder = tempfile.mkdtemp(prefix=f"{WORKER_FOLDER}{os.getpid()}-")
    held = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        process = context.Process(  # type: ignore[attr-defined]
            target=serve,
            args=(child, inherited, options, theme, task, folder, warm),
            daemon=True,
        )
        if forked:
            gc.freeze()
        try:
            process.start()
        finally:
            if forked:
                gc.unfreeze()  # the command's own garbage is collected as before
        child.close()
        worker = Worker(process, parent, folder)
        if into is not None:
            into.append(worker)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)
    if ready:
        wait_ready(worker)
    return worker


WORKER_FOLDER = "lesson-export-worker-"
"""How a worker's temporary folder's name starts, before the command's process id."""
PDF_FOLDER = "lesson-export-pdf-"
"""How a process's folder for WeasyPrint's files starts, before its process id
(``writers.pdf.own_temporary_folder``)."""
STALE_AFTER = 60.0
"""How old (seconds) a worker's folder whose command is gone must be to be removed."""


def sweep_stale(folder: str | None = None) -> None:
    """Remove the temporary folders of workers and of WeasyPrint's files in ``folder`` (the
    temporary one) left by a command killed outright (SIGKILL, out of memory), which could
    not remove them: those whose process is no longer running, a minute old or more.
    Another user's, or a running build's, are left alone."""
    where = folder or tempfile.gettempdir()
    with contextlib.suppress(OSError):
        with os.scandir(where) as entries:
            found = [e for e in entries if e.name.startswith((WORKER_FOLDER, PDF_FOLDER))]
        now = time.time()
        for entry in found:
            named = WORKER_FOLDER if entry.name.startswith(WORKER_FOLDER) else PDF_FOLDER
            pid = entry.name[len(named) :].split("-", 1)[0]
            if not pid.isdigit() or running(int(pid)):
                continue
            with contextlib.suppress(OSError):
                if entry.is_dir(follow_symlinks=False) and (
                    now - entry.stat(follow_symlinks=False).st_mtime >= STALE_AFTER
                ):
                    shutil.rmtree(entry.path, ignore_errors=True)


def running(pid: int) -> bool:
    """Return whether a process ``pid`` is running (one of another user's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it runs, as another user
    return True


def wait_ready(worker: Worker) -> None:
    """Wait until ``worker`` says it is ready (a spawned one imports the libraries first), so
    that its start-up does not count against its first lesson's time limit. A worker that
    never says so is found out by its first lesson."""
    with contextlib.suppress(EOFError, OSError):
        if worker.conn.poll(STARTUP):
            worker.conn.recv()


def serve(
    conn: Connection,
    inherited: list[Connection],
    options: Options,
    theme: Theme,
    task: Task,
    folder: str,
    warm: Warm | None = None,
) -> None:
    """A worker's life: ``warm`` up, then export each lesson it is sent, until it is sent
    ``None`` or the command is gone; its temporary files go to ``folder``, removed as it ends."""
    # The command stops its workers itself (and removes what they leave) on Ctrl-C.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    for other in inherited:  # the command's ends: held here, they would hide its death
        other.close()
    tempfile.tempdir = os.environ["TMPDIR"] = folder
    try:
        work(conn, options, theme, task, warm)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def work(conn: Connection, options: Options, theme: Theme, task: Task, warm: Warm | None) -> None:
    """``warm`` up, then export each lesson sent on ``conn`` and send back its result and the
    worker's peak memory, until ``None`` comes or the command is gone."""
    command = os.getppid()
    die_with(command)
    gc.set_threshold(YOUNG, *gc.get_threshold()[1:])
    if warm is not None:  # forked once it was all imported, a worker has it already
        with contextlib.suppress(Exception):  # what fails to import fails the lesson needing it
            warm()
    with contextlib.suppress(OSError):
        conn.send(None)  # ready: the clock of its first lesson starts now, not at its start-up
    while True:
        try:
            if not conn.poll(1.0):
                if os.getppid() != command:
                    return
                continue
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        result = task(job, options, theme)
        try:
            conn.send((result, own_peak()))
        except OSError:
            return


def kill(worker: Worker, options: Options, grace: float = 0.0) -> str:
    """Kill ``worker`` (given ``grace`` seconds to end by itself) and remove the temporary files
    of the lesson it was writing; return how it had ended (``exit code 1``), if it had."""
    worker.process.join(grace)
    code = worker.process.exitcode
    if code is None:
        with contextlib.suppress(OSError):
            worker.process.kill()
        worker.process.join()
    if worker.job is not None:
        remove_temporary(worker.job[1], options)
    shutil.rmtree(worker.folder, ignore_errors=True)
    return f"exit code {code}" if code is not None else "killed"


def stop(worker: Worker, options: Options) -> None:
    """End ``worker``: asked to, when it is idle; killed, when it is busy."""
    if worker.job is None and worker.process.is_alive():
        with contextlib.suppress(OSError):
            worker.conn.send(None)
        worker.process.join(1.0)
    if worker.process.is_alive():
        kill(worker, options)
    shutil.rmtree(worker.folder, ignore_errors=True)
    worker.conn.close()


def remove_temporary(job: Job, options: Options) -> None:
    """Remove the temporary files a killed worker left beside ``job``'s outputs."""
    for target in job.outputs(options):
        for left in target.parent.glob(f".{target.name}.*.tmp"):
            with contextlib.suppress(OSError):
                os.unlink(left)


@contextlib.contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """Make SIGTERM stop the batch as Ctrl-C does (the workers killed, nothing half-written)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
