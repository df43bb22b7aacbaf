"""Benchmark lesson-exporter's PDF handouts: one lesson, a 400-slide deck, and pandoc.

It measures, in one run:

1. In-process, on one lesson laid out once with ``lay_out`` (read, parse, build, fit), after
   the imports: ``render("handout", ...)`` (3 slides a page on A4, the default options),
   ``render("pdf", ...)`` (the slide PDF) and a whole ``export_lesson`` (PPTX and handout,
   the default formats), each one warm-up call, then ``--runs`` timed calls with
   ``time.perf_counter`` (median, min, max in ms). Targets: the handout under 500 ms, and at most
   1.5 times the slide PDF's render (issue 17: a handout costs about one layout of its slides).
2. A big deck: the pages of every bundled and stress lesson, repeated as ``bench_fit.py``
   repeats them until the deck has at least ``--slides`` slides, laid out once. Its handout
   (3 a page) is rendered ``--big-runs`` times in this process, without a warm-up beyond
   part 1's (median, min, max), against the target "under 30 s". Its peak memory is that of
   one render in a child process of its own (this script with ``--child handout``, which
   reads, builds, fits and renders once): ``ru_maxrss`` of ``RUSAGE_CHILDREN``, read when
   the child has exited and before any other subprocess has run, against the target "under
   600 MB" (MB are 10**6 bytes). The child also reports its peak before the render.
   For reference, in the same run: a bare WeasyPrint render of ``--slides`` simple pages
   (a heading and three paragraphs each, every page a ``<section>`` breaking before it),
   timed the same way, and its peak memory in a child of its own (``--child weasyprint``),
   which reports its own ``ru_maxrss``: ``RUSAGE_CHILDREN`` keeps only the largest child's.
   Both children start first, while this process is small: Linux carries a process's peak
   RSS into the child it starts (across exec), so a later child would report ours.
3. CLI and peer, one process per run (``--peer-runs`` times; median, min, max): our CLI
   cold, ``lesson-export build LESSON -o TMPDIR -q --format pptx,handout --offline`` (the
   default formats; the seed's remote image a placeholder, so no download is timed), and
   pandoc (from the PyPI package pypandoc-binary) converting the same lesson to a PDF with
   ``--pdf-engine=weasyprint``, and the CLI's median as a ratio to pandoc's.
   Pandoc gets the lesson as ``bench_pptx.py`` gives it (page breaks become ``---``, remote
   images their alt text) and finds ``weasyprint`` in the folder of this Python, put first
   on its PATH. If pandoc is missing or fails, the peer is skipped with a message.

Run it from anywhere (paths are relative to the repository root):

    python bench/bench_pdf.py [--runs N] [--big-runs N] [--peer-runs N] [--slides N]
                              [--lesson PATH]

or ``make bench``. It needs only the standard library and the project, plus pypandoc-binary
for the peer (``pip install pypandoc-binary`` or ``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_fit import synthetic_lesson  # noqa: E402
from bench_pptx import (  # noqa: E402
    Timing,
    bench_cli,
    bench_parser,
    find_pandoc,
    pandoc_source,
    positive,
)

from exporter.geometry import LaidOutDeck  # noqa: E402
from exporter.jobs import Job  # noqa: E402
from exporter.options import Options, Output  # noqa: E402
from exporter.paper import HANDOUTS  # noqa: E402
from exporter.pipeline import export_lesson, lay_out, render  # noqa: E402
from exporter.resources import Downloads  # noqa: E402
from exporter.theme import Theme, load_theme  # noqa: E402

HANDOUT = Options().outputs[1]
"""The default handout (3 slides a page), as ``render`` takes it."""

HANDOUT_TARGET_MS = 500.0
BIG_TARGET_S = 30.0
BIG_TARGET_MB = 600.0
CLI_LABEL = "CLI cold: lesson-export build (subprocess)"
SHARE_LABEL = "Lesson handout / its slide PDF, render time"
SHARE_TARGET = 1.5
"""A handout may cost at most this many times the slides' own render (issue 17)."""
PARAGRAPH = (
    "WeasyPrint lays out this paragraph of plain text in the default serif font, wrapping it "
    "over a few lines of the page so that each page holds some real line breaking to do."
)


@dataclass(frozen=True)
class Peak:
    """The peak resident set size of one child process, in kilobytes (KiB)."""

    label: str
    kib: int
    before_kib: int | None = None
    """The child's peak before the render, if it reported one."""

    @property
    def mb(self) -> float:
        return self.kib * 1024 / 1e6

    @property
    def before_mb(self) -> float | None:
        return None if self.before_kib is None else self.before_kib * 1024 / 1e6


@dataclass(frozen=True)
class Target:
    """A figure and the limit it should stay under."""

    label: str
    value: float
    limit: float
    unit: str

    @property
    def met(self) -> bool:
        return self.value < self.limit


def parse_args() -> argparse.Namespace:
    """Return the command-line arguments."""
    parser = bench_parser(__doc__, 10, "timed in-process calls on the lesson")
    parser.add_argument(
        "--big-runs", type=positive, default=3, help="timed renders of the big deck (default 3)"
    )
    parser.add_argument(
        "--peer-runs",
        type=positive,
        default=5,
        help="subprocess runs of the CLI and pandoc (default 5)",
    )
    parser.add_argument(
        "--slides", type=positive, default=400, help="least slides in the big deck (default 400)"
    )
    parser.add_argument("--child", choices=("handout", "weasyprint"), help=argparse.SUPPRESS)
    return parser.parse_args()


def elapsed(work: Callable[[], object]) -> float:
    """Return the wall time of one call of ``work`` in seconds."""
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def max_rss_kib(who: int) -> int:
    """Return ``ru_maxrss`` of ``RUSAGE_SELF`` or ``RUSAGE_CHILDREN`` in kilobytes."""
    peak = resource.getrusage(who).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def big_deck(folder: Path, slides: int, theme: Theme) -> LaidOutDeck:
    """Return bench_fit.py's deck of at least ``slides`` slides, read, built and fitted."""
    repeats = 1
    while True:
        lesson = synthetic_lesson(folder, repeats)
        job = Job(source=lesson, display=lesson.name, stem=folder / "big", root=lesson.parent)
        laid, _ = lay_out(job, theme, Downloads(offline=True))
        if len(laid.slides) >= slides:
            return laid
        repeats = repeats * 2 if len(laid.slides) * 2 < slides else repeats + 1


def bare_html(pages: int) -> str:
    """Return an HTML document of ``pages`` simple pages for WeasyPrint alone."""
    page = "<section style='break-before:page'><h1>Page {}</h1>" + f"<p>{PARAGRAPH}</p>" * 3
    body = "".join(page.format(number) + "</section>" for number in range(1, pages + 1))
    return f"<!DOCTYPE html><html><head><title>Reference</title></head><body>{body}</body></html>"


def render_bare(html: str) -> bytes:
    """Return WeasyPrint's PDF of ``html``, with none of lesson-exporter's code around it."""
    import weasyprint  # imported here, like the pipeline does: the import is not timed

    data: bytes = weasyprint.HTML(string=html).write_pdf()
    return data


def child(kind: str, slides: int) -> None:
    """Do one big render in this process and print what the parent cannot see, as JSON."""
    if kind == "weasyprint":
        html = bare_html(slides)
        before = max_rss_kib(resource.RUSAGE_SELF)
        seconds = elapsed(lambda: render_bare(html))
    else:
        with tempfile.TemporaryDirectory(prefix="bench-pdf-child-") as temporary:
            laid = big_deck(Path(temporary), slides, load_theme())
        before = max_rss_kib(resource.RUSAGE_SELF)
        seconds = elapsed(lambda: render(HANDOUT, laid, Options()))
    after = max_rss_kib(resource.RUSAGE_SELF)
    print(json.dumps({"before_kib": before, "kib": after, "seconds": seconds}))


def run_child(kind: str, slides: int) -> dict[str, float]:
    """Run this script as ``--child kind``; return what it printed."""
    argv = [sys.executable, __file__, "--child", kind, "--slides", str(slides)]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{shlex.join(argv)} exited {done.returncode}: {done.stderr.strip()}")
    report: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    return report


def peak_of_big_handout(slides: int) -> Peak:
    """Return the peak memory of one big handout render, in a child process of its own.

    Call it before any other subprocess: ``RUSAGE_CHILDREN`` holds the largest child's peak.
    """
    report = run_child("handout", slides)
    kib = max_rss_kib(resource.RUSAGE_CHILDREN)
    return Peak("Big handout: peak RSS (own child process)", kib, int(report["before_kib"]))


def peak_of_bare(slides: int) -> Peak:
    """Return the peak memory of one bare WeasyPrint render, as its child process reports it."""
    report = run_child("weasyprint", slides)
    label = "Reference: peak RSS (own child process)"
    return Peak(label, int(report["kib"]), int(report["before_kib"]))


def bench_lesson(lesson: Path, runs: int, work: Path) -> tuple[list[Timing], int]:
    """Time the lesson's handout, slide PDF and whole export in this process; and its slides."""
    job = Job(source=lesson, display=lesson.name, stem=work / lesson.stem, root=lesson.parent)
    options = Options(offline=True)  # the seed's remote image: no download timed
    theme = load_theme()
    laid, _ = lay_out(job, theme, Downloads(offline=True))
    calls: list[tuple[str, str, Callable[[], object]]] = [
        (
            "Lesson handout: render (in-process)",
            'render("handout", laid, Options())',
            lambda: render(HANDOUT, laid, options),
        ),
        (
            "Lesson slide PDF: render (in-process)",
            'render("pdf", laid, Options())',
            lambda: render(Output("pdf", "pdf"), laid, options),
        ),
        (
            "Lesson export_lesson: pptx+handout",
            "export_lesson(job, Options(), load_theme())",
            lambda: export_lesson(job, options, theme),
        ),
    ]
    timings = []
    for label, command, call in calls:
        call()  # the warm-up
        timings.append(Timing(label, command, [elapsed(call) for _ in range(runs)]))
    return timings, len(laid.slides)


def bench_big(slides: int, runs: int, work: Path) -> tuple[Timing, Timing, int]:
    """Time the big deck's handout and the bare WeasyPrint reference in this process."""
    laid = big_deck(work / "big", slides, load_theme())
    options = Options(offline=True)  # the seed's remote image: no download timed
    ours = [elapsed(lambda: render(HANDOUT, laid, options)) for _ in range(runs)]
    html = bare_html(slides)
    bare = [elapsed(lambda: render_bare(html)) for _ in range(runs)]
    return (
        Timing("Big handout: render (in-process)", 'render("handout", laid, Options())', ours),
        Timing(f"Reference: bare WeasyPrint, {slides} pages", "HTML(string=...)", bare),
        len(laid.slides),
    )


def time_command(argv: list[str], runs: int, cwd: Path, env: dict[str, str]) -> list[float]:
    """Run ``argv`` ``runs`` times in ``cwd`` with ``env``; return each run's wall time."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
        seconds.append(time.perf_counter() - start)
        if done.returncode != 0:
            problem = (done.stderr or done.stdout).strip()
            raise RuntimeError(f"{shlex.join(argv)} exited {done.returncode}: {problem}")
    return seconds


def bench_pandoc(lesson: Path, runs: int, work: Path) -> Timing | None:
    """Time pandoc converting a copy of the lesson to PDF with WeasyPrint, or return ``None``."""
    found = find_pandoc()
    if found is None:
        return None
    path, pandoc = found
    folder = Path(sys.executable).parent
    if not (folder / "weasyprint").is_file():
        print(f"pandoc peer skipped: no weasyprint command in {folder}")
        return None
    copy = work / "pandoc" / lesson.name
    copy.parent.mkdir()
    copy.write_text(pandoc_source(lesson), encoding="utf-8")
    argv = [path, str(copy), "-o", str(copy.with_name("out.pdf")), "--pdf-engine=weasyprint"]
    env = {**os.environ, "PATH": os.pathsep.join([str(folder), os.environ.get("PATH", "")])}
    try:
        # Run beside the original lesson so that relative image paths still resolve.
        seconds = time_command(argv, runs, lesson.parent, env)
    except RuntimeError as exc:
        print(f"pandoc peer skipped: the conversion failed: {exc}")
        return None
    command = f"cd {shlex.quote(str(lesson.parent))} && PATH={folder}:$PATH {shlex.join(argv)}"
    return Timing(f"Peer: {pandoc}, weasyprint (subprocess)", command, seconds)


def cells(timing: Timing) -> str:
    """Return the runs, median, min and max columns of a timing, in ms."""
    ms = [s * 1000 for s in (timing.median, min(timing.seconds), max(timing.seconds))]
    return f"{len(timing.seconds):>4} " + " ".join(f"{value:>9.1f} ms" for value in ms)


def print_report(
    header: list[str],
    timings: list[Timing],
    commands: list[str],
    peaks: list[Peak],
    targets: dict[str, Target],
    notes: list[str],
) -> None:
    """Print the results as a plain-text table, each figure beside its target."""
    print(f"CPUs: {os.cpu_count()}   Python: {platform.python_version()} ({sys.executable})")
    print(f"Platform: {platform.platform()}")
    for line in header:
        print(line)
    print("Commands run as subprocesses:")
    for command in commands:
        print(f"  {command}")
    width = 42
    print(f"\n{'measurement':<{width}} {'runs':>4} {'median':>12} {'min':>12} {'max':>12}  target")
    print("-" * (width + 62))
    for timing in timings:
        target = targets.get(timing.label)
        goal = f"  < {target.limit:g} {target.unit}: {verdict(target)}" if target else ""
        print(f"{timing.label:<{width}} {cells(timing)}{goal}")
    for peak in peaks:
        target = targets.get(peak.label)
        goal = f"  < {target.limit:g} {target.unit}: {verdict(target)}" if target else ""
        before = "" if peak.before_mb is None else f" (before render {peak.before_mb:.0f} MB)"
        figure = f"{peak.mb:>9.1f} MB{before}"
        print(f"{peak.label:<{width}} {'1':>4} {figure:<38}{goal}".rstrip())
    print("-" * (width + 62))
    for line in notes:
        print(line)
    met = sum(target.met for target in targets.values())
    print(f"Targets met: {met} of {len(targets)}")


def verdict(target: Target) -> str:
    """Return ``MET`` or ``NOT MET`` for a target."""
    return "MET" if target.met else "NOT MET"


def main() -> None:
    args = parse_args()
    if args.child:
        child(args.child, args.slides)
        return
    lesson = (ROOT / args.lesson).resolve()
    if not lesson.is_file():
        sys.exit(f"no such lesson: {lesson}")
    # The children first, while this process is small: Linux carries a process's peak RSS
    # into the child it starts, across exec. The big handout's child before any other
    # subprocess: RUSAGE_CHILDREN keeps the largest child's peak only.
    floor = max_rss_kib(resource.RUSAGE_SELF) * 1024 / 1e6
    big_peak = peak_of_big_handout(args.slides)
    bare_peak = peak_of_bare(args.slides)
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as temporary:
        work = Path(temporary)
        lesson_timings, lesson_slides = bench_lesson(lesson, args.runs, work)
        big, bare, big_slides = bench_big(args.slides, args.big_runs, work)
        timing = bench_cli(args.lesson, args.peer_runs, work, "pptx,handout")
        cli = replace(timing, label=CLI_LABEL)
        pandoc = bench_pandoc(lesson, args.peer_runs, work)
    sheet = HANDOUTS["3"]
    assert sheet is not None
    pages = -(-big_slides // (sheet.columns * sheet.rows))
    header = [
        f"Lesson: {args.lesson} ({lesson_slides} slides); handouts 3 a page, A4;"
        f" WeasyPrint {version('weasyprint')}",
        f"Big deck: bench_fit.py's pages -> {big_slides} slides ({pages} handout pages);"
        f" reference: {args.slides} bare WeasyPrint pages",
    ]
    timings = [*lesson_timings, cli, *([pandoc] if pandoc else []), big, bare]
    handout, slides = lesson_timings[0], lesson_timings[1]
    share = handout.median / slides.median
    targets = {
        handout.label: Target(handout.label, handout.median * 1000, HANDOUT_TARGET_MS, "ms"),
        SHARE_LABEL: Target(SHARE_LABEL, share, SHARE_TARGET, "x"),
        big.label: Target(big.label, big.median, BIG_TARGET_S, "s"),
        big_peak.label: Target(big_peak.label, big_peak.mb, BIG_TARGET_MB, "MB"),
    }
    if pandoc is None:
        ratio = "CLI / pandoc median ratio: n/a (pandoc peer skipped)"
    else:
        ratio = f"CLI / pandoc median ratio: {cli.median / pandoc.median:.2f}x"
    notes = [
        f"{SHARE_LABEL}: {share:.2f}x (target at most {SHARE_TARGET}x):"
        f" {verdict(targets[SHARE_LABEL])}",
        f"{ratio} (the CLI writes the PPTX and the handout, pandoc one PDF)",
        f"Big handout / reference: time {big.median / bare.median:.2f}x,"
        f" peak memory {big_peak.mb / bare_peak.mb:.2f}x"
        f" (children started from a {floor:.0f} MB parent)",
    ]
    commands = [timing.command for timing in (cli, pandoc) if timing]
    print_report(header, timings, commands, [big_peak, bare_peak], targets, notes)


if __name__ == "__main__":
    main()
