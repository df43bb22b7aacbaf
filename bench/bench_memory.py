"""Benchmark a worker's peak memory and time on the longest lessons' PDFs, laid out whole and in
parts (issue 13 §6: a worker stays under 500 MB on any lesson up to 5 MB).

For each size of lesson (by default 100, 300 and 990 slides of ordinary pages: bullets with a
link and inline code, a table, a code block, a numbered list, a paragraph, in turn), and each
format (the slide PDF, ``pdf``, and the 3-a-page handout, ``handout``), it runs the CLI in a
process of its own, ``--runs`` times:

    lesson-export build LESSON -o TMPDIR --format FORMAT -j 1 -q --force --timeout 600
                                 --memory-limit 4000

once as it is (a lesson of more than ``writers.joined.LONG`` slides, or whose slides cost more
than its ``BUDGET``, laid out in parts and joined), and once laid out whole, as before (``LONG``
and ``BUDGET`` set past the largest lesson in
the child process before the command runs). For each it prints the median (min, max) wall time
and the median peak resident memory of the process and its worker (``ru_maxrss`` from
``os.wait4``, which counts the largest of the process tree), in MB of 2**20 bytes, and the
output's size. For reference, in the same run, pandoc (pypandoc-binary) converts the lesson to
a PDF with ``--pdf-engine=weasyprint`` at the smallest size (it lays out every page at once).

Run it from anywhere:

    python bench/bench_memory.py [--sizes 100,300,990] [--formats pdf,handout] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_pptx import find_pandoc, pandoc_source  # noqa: E402

WHOLE = (
    "import sys, exporter.writers.joined as j; j.LONG = 10**6; j.BUDGET = 1e9; "
    "from exporter.cli import main; "
)
"""The command laid out whole: ``LONG`` and ``BUDGET`` past any lesson, then the CLI as
``lesson-export``."""
PARTS = "import sys; from exporter.cli import main; "


def page(i: int) -> str:
    """Return the ``i``th page of an ordinary lesson."""
    pages = (
        f"### Topic {i}\n\n- **Point {i}**: the first thing to know.\n"
        f"- A second point, with `code_{i}` inline.\n  - A nested point under it.\n"
        f"- A [link {i}](https://example.com/{i}) to read.\n\n<!-- notes: say {i} -->\n",
        f"### Table {i}\n\n| Service | Who | Note |\n|---|---|---|\n| S3 | AWS | storage {i} |\n"
        f"| EC2 | Customer | patches {i} |\n| RDS | Both | backups {i} |\n",
        f"### Code {i}\n\n```python\ndef step_{i}(x):\n    return x * {i}\n```\n\nThen call it.\n",
        f"### Steps {i}\n\n1. Open the console.\n2. Choose the bucket {i}.\n3. Save it.\n",
        f"### Words {i}\n\nA paragraph of plain text about topic {i}, long enough to wrap onto "
        "a second line of the slide body.\n",
    )
    return pages[i % len(pages)]


def lesson(folder: Path, slides: int) -> Path:
    """Write a lesson of ``slides`` slides (its title slide and ``slides - 1`` pages)."""
    path = folder / f"memory-{slides}.md"
    body = "\n<!-- pagebreak -->\n".join(page(i) for i in range(slides - 1))
    front = f"---\ntitle: Memory {slides}\nsection: 1\nlesson: 1\n---\n"
    path.write_text(front + body, encoding="utf-8")
    return path


def run(command: list[str]) -> tuple[float, int]:
    """Return the wall time (s) and peak resident memory (MB) of ``command`` and its workers."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    assert process.stderr is not None
    errors = process.stderr.read().decode()
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{errors}")
    return elapsed, usage.ru_maxrss // 1024


def measure(source: Path, out: Path, output: str, prelude: str, runs: int) -> str:
    """Return the figures of ``runs`` builds of ``output`` of ``source``."""
    flags = ["build", str(source), "-o", str(out), "--format", output, "-j", "1", "-q"]
    flags += ["--force", "--timeout", "600", "--memory-limit", "4000"]
    code = prelude + f"sys.exit(main({flags!r}))"
    figures = [run([sys.executable, "-c", code]) for _ in range(runs)]
    times = [t for t, _ in figures]
    peak = statistics.median(m for _, m in figures)
    name = source.stem + (".pdf" if output == "pdf" else ".handout.pdf")
    size = (out / name).stat().st_size // 1024
    return (
        f"median {statistics.median(times):6.1f} s (min {min(times):.1f}, max {max(times):.1f}); "
        f"peak {peak:5.0f} MB; {size} KB"
    )


def peer(source: Path, folder: Path, runs: int) -> None:
    """Print pandoc's time and memory converting ``source`` to a PDF with WeasyPrint."""
    found = find_pandoc()
    if found is None:
        return
    path, line = found
    text = folder / "pandoc.md"
    text.write_text(pandoc_source(source), encoding="utf-8")
    env_path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    os.environ["PATH"] = env_path  # pandoc finds this Python's weasyprint first
    command = [path, str(text), "-o", str(folder / "pandoc.pdf"), "--pdf-engine=weasyprint"]
    figures = [run(command) for _ in range(runs)]
    times = [t for t, _ in figures]
    print(
        f"  pandoc ({line}): median {statistics.median(times):6.1f} s "
        f"(min {min(times):.1f}, max {max(times):.1f}); "
        f"peak {statistics.median(m for _, m in figures):5.0f} MB"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,300,990", help="slides of each lesson")
    parser.add_argument("--formats", default="pdf,handout", help="pdf, handout or both")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command")
    args = parser.parse_args()
    print(f"Python {platform.python_version()} on {platform.platform()}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        sizes = [int(size) for size in args.sizes.split(",")]
        for slides in sizes:
            source = lesson(folder, slides)
            print(f"{slides} slides ({source.stat().st_size // 1024} KB):")
            for output in args.formats.split(","):
                for label, prelude in (("in parts", PARTS), ("whole", WHOLE)):
                    figures = measure(source, folder / "out", output, prelude, args.runs)
                    print(f"  {output:8} {label:9} {figures}")
            if slides == min(sizes):
                peer(source, folder, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
