"""Benchmark exporting one lesson into a school's template against our own theme.

Target (issue 15): the lesson exported into a template takes at most 1.5 times as long as
with the default theme. In one run it measures, each ``--runs`` times (median, min, max):

1. ``lesson-export build LESSON --format pptx,pdf --offline`` with the default theme;
2. the same with ``--template T``, where T is pandoc's reference document
   (``pandoc --print-default-data-file reference.pptx``, from pypandoc-binary) when pandoc is
   there, else python-pptx's default template saved with three sample slides;
3. the ratio of the two medians, against the target.

Run it as ``python bench/bench_template.py [--runs N] [--lesson PATH]`` or ``make bench``.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pptx import ROOT, Timing, bench_parser, find_cli, find_pandoc, time_command

TARGET = 1.5


def make_template(folder: Path) -> tuple[Path, str]:
    """Write the template to export into; return it and what it is."""
    found = find_pandoc()
    target = folder / "reference.pptx"
    if found is not None:
        path, version = found
        argv = [path, "-o", str(target), "--print-default-data-file", "reference.pptx"]
        if subprocess.run(argv, capture_output=True, check=False).returncode == 0:
            return target, f"pandoc's reference.pptx ({version})"
    from pptx import Presentation

    deck = Presentation()
    for index in range(3):
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        if slide.shapes.title is not None:
            slide.shapes.title.text = f"Sample {index + 1}"
    deck.save(str(target))
    return target, "python-pptx's default template with 3 sample slides"


def run(lesson: str, runs: int, work: Path, extra: list[str], label: str) -> Timing:
    """Time the CLI exporting the deck and the slide PDF, with ``extra`` flags."""
    argv = [find_cli(), "build", lesson, "-o", str(work / label), "-q"]
    argv += ["--format", "pptx,pdf", "--offline", *extra]
    return Timing(label, shlex.join(argv), time_command(argv, runs, ROOT))


def show(timing: Timing) -> None:
    """Print one timing's median, min and max."""
    seconds = timing.seconds
    print(
        f"{timing.label}: median {timing.median * 1000:.1f} ms "
        f"(min {min(seconds) * 1000:.1f}, max {max(seconds) * 1000:.1f}, {len(seconds)} runs)"
    )
    print(f"  $ {timing.command}")


def main() -> None:
    args = bench_parser(__doc__ or "", 5, "subprocess runs of each export").parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        template, what = make_template(work)
        print(f"template: {what}")
        ours = run(args.lesson, args.runs, work, [], "default-theme")
        theirs = run(args.lesson, args.runs, work, ["--template", str(template)], "template")
    show(ours)
    show(theirs)
    ratio = theirs.median / ours.median
    verdict = "meets" if ratio <= TARGET else "misses"
    print(f"template / default theme: {ratio:.2f}x ({verdict} the target of {TARGET}x)")


if __name__ == "__main__":
    main()
