"""cli: what the command prints while it works, and its summary.

On a terminal, a progress bar (rich) shows how many lessons are done, the lessons being
exported and the time left, with each problem printed above it. Elsewhere (a CI log, a pipe),
or with ``--quiet`` or ``--verbose``, each lesson gets plain lines: its problems, then what it
wrote. Problems go to standard error, everything else to standard output.
"""

from __future__ import annotations

import enum
import sys
import time
from types import TracebackType
from typing import TYPE_CHECKING, TextIO, assert_never

from exporter.errors import printable
from exporter.jobs import Job, Result, Status

if TYPE_CHECKING:  # rich is imported only to draw a bar (it takes about 25 ms)
    from rich.progress import Progress, TaskID


class Level(enum.IntEnum):
    """How much is printed."""

    QUIET = 0
    """Problems and the summary."""
    NORMAL = 1
    """Also a line per lesson exported (or a progress bar, on a terminal)."""
    VERBOSE = 2
    """Also the lessons skipped as up to date, and the time each took."""


def on_terminal() -> bool:
    """Return whether both outputs are a terminal that can draw a progress bar."""
    if not (sys.stdout.isatty() and sys.stderr.isatty()):
        return False
    from rich.console import Console

    console = Console(stderr=True)
    return console.is_terminal and not console.is_dumb_terminal


class Display:
    """What a build or check prints as its lessons start and finish.

    Without a progress bar, lessons are told in the order they were given, whatever order the
    workers finish them in, so that two runs print the same log.
    """

    def __init__(
        self, jobs: list[Job], verb: Status, level: Level, bar: bool, replay: bool = True
    ) -> None:
        self.verb = verb
        self.level = level
        self.replay = replay
        """Whether a skipped lesson's diagnostics are printed again."""
        self.bar: Progress | None = None
        self.task: TaskID | None = None
        self.running: list[str] = []
        self.order: dict[Job, int] = {}
        self.waiting: dict[int, Result] = {}
        self.next = 0
        self.finished: dict[Job, Result] = {}
        """Every lesson done so far and its result (what an interrupted build reports)."""
        self.expect(jobs)
        total = len(jobs)
        if bar and level is Level.NORMAL:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )
            from rich.table import Column

            console = Console(stderr=True)
            room = max(10, console.width - 54)  # what the label, bar, count and time leave
            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(bar_width=24),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                TextColumn(
                    "{task.fields[lessons]}",
                    markup=False,
                    table_column=Column(no_wrap=True, overflow="ellipsis", max_width=room),
                ),
                console=console,
                transient=True,
                refresh_per_second=5,
            )
            label = "Checking" if verb is Status.CHECKED else "Exporting"
            self.task = self.bar.add_task(label, total=total, lessons="")

    def __enter__(self) -> Display:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.bar is not None:
            self.bar.stop()
        for index in sorted(self.waiting):  # interrupted: what did finish is told still
            self.tell(self.waiting.pop(index))

    def expect(self, jobs: list[Job]) -> None:
        """Tell the results of ``jobs`` in their order from now on."""
        self.order = {}
        for index, job in enumerate(jobs):
            self.order.setdefault(job, index)
        self.waiting, self.next = {}, 0

    def began(self, job: Job) -> None:
        """Show that ``job`` is being worked on."""
        self.running.append(printable(job.display))
        self.show_running()

    def done(self, result: Result) -> None:
        """Print what one lesson reported (once the lessons before it are told, without a
        progress bar), and count it done."""
        if printable(result.job.display) in self.running:
            self.running.remove(printable(result.job.display))
        self.finished[result.job] = result
        index = self.order.get(result.job)
        if self.bar is not None or index is None:
            self.tell(result)
            return
        self.waiting[index] = result
        while self.next in self.waiting:
            self.tell(self.waiting.pop(self.next))
            self.next += 1

    def tell(self, result: Result) -> None:
        """Print what one lesson reported, and count it done."""
        if self.replay or result.status is not Status.SKIPPED:
            for diagnostic in result.diagnostics:
                self.print(diagnostic.format(), sys.stderr)
        line = self.line(result)
        if line is not None:
            self.print(*line)
        if self.bar is not None and self.task is not None:
            self.bar.advance(self.task)
            self.show_running()

    def show_running(self) -> None:
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, lessons=", ".join(self.running))

    def line(self, result: Result) -> tuple[str, TextIO] | None:
        """Return the line that tells how a lesson went, and where it goes, if it is printed."""
        name = result.job.display
        took = f" in {result.seconds:.2f} s" if self.level is Level.VERBOSE else ""
        match result.status:
            case Status.FAILED if self.verb is Status.CHECKED:
                return printable(f"failed {name}"), sys.stderr
            case Status.FAILED:
                removed = "".join(f"; removed the earlier {path}" for path in result.removed)
                return printable(f"failed {name}: nothing written{removed}"), sys.stderr
            case _ if self.level is Level.QUIET or self.bar is not None:
                return None
            case Status.SKIPPED if self.level is not Level.VERBOSE:
                return None
            case Status.SKIPPED:
                return printable(f"up to date {name} ({fit_summary(result)})"), sys.stdout
            case Status.EXPORTED:
                outputs = ", ".join(str(path) for path in result.outputs) or "nothing to write"
                text = f"exported {name} → {outputs} ({fit_summary(result)}){took}"
                return printable(text), sys.stdout
            case Status.CHECKED:
                return printable(f"checked {name} ({fit_summary(result)}){took}"), sys.stdout
            case unknown:
                assert_never(unknown)

    def print(self, text: str, stream: TextIO | None = None) -> None:
        """Print a line (to standard output by default), above the progress bar if there is
        one."""
        if self.bar is not None:
            self.bar.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            print(text, file=stream or sys.stdout, flush=stream is sys.stderr)


def fit_summary(result: Result) -> str:
    """Return what the fit did: ``12 slides, 2 shrunk to fit, 1 continuing a long page``."""
    parts = [f"{len(result.slides)} slides"]
    if result.shrunk:
        parts.append(f"{result.shrunk} shrunk to fit")
    if result.continued:
        parts.append(f"{result.continued} continuing a long page")
    return ", ".join(parts)


def summary(results: list[Result], verb: Status, started: float, theme_warnings: int = 0) -> str:
    """Return the last line: how many lessons were exported (or checked), up to date and
    failed, the warnings (the lessons' and the ``theme_warnings`` of the theme or template,
    printed before them), and the time taken since ``started`` (``time.perf_counter``)."""
    counts = tally(results)
    counts["warnings"] += theme_warnings
    done = [f"{counts[verb]} {verb}"]
    if counts[Status.SKIPPED]:
        done.append(f"{counts[Status.SKIPPED]} up to date")
    seconds = time.perf_counter() - started
    return (
        f"{len(results)} lesson(s): {', '.join(done)}, {counts[Status.FAILED]} failed, "
        f"{counts['warnings']} warning(s) in {seconds:.1f} s"
    )


def tally(results: list[Result]) -> dict[str, int]:
    """Return how many lessons ended with each status (by its name), and their warnings in
    all."""
    counts = {status.value: sum(result.status is status for result in results) for status in Status}
    return counts | {"warnings": sum(result.warnings for result in results)}
