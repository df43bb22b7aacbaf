"""cli: the command starts with only what it needs: the libraries of the stages, and the writer
of each format, are imported when a lesson needs them; WeasyPrint loads without running
programs. Each case runs in a fresh Python, whose ``sys.modules`` tells what it imported (the
timings are in ``bench/bench_start.py``)."""

from __future__ import annotations

import ctypes.util
import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from exporter.jobs import Job, Result, Status
from exporter.options import Options
from exporter.pipeline import preload
from exporter.theme import Theme, load_theme
from exporter.workers import run_on_workers
from exporter.writers.pdf import by_soname
from tests.conftest import ROOT, SEED

LIBRARIES = {
    "pptx",
    "PIL",
    "yaml",
    "mistune",
    "weasyprint",
    "fontTools",
    "lxml",
    "rich",
    "watchfiles",
    "platformdirs",
    "multiprocessing",
}
"""The libraries (third-party, or slow to import) that only a lesson's export needs."""
STAGES = ("exporter.source", "exporter.parse", "exporter.builder", "exporter.fit")
WRITERS = {
    "pptx": {"pptx", "exporter.writers.pptx"},
    "pdf": {"weasyprint", "exporter.writers.html", "exporter.writers.pdf"},
    "handout": {
        "weasyprint",
        "exporter.writers.handout",
        "exporter.writers.html",
        "exporter.writers.pdf",
    },
}
"""What writing each format imports."""
LINUX = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the library search runs programs on Linux"
)


def python(code: str, cache: Path | None = None) -> list[str]:
    """Run ``code`` in a fresh Python in the repository (with ``cache`` for the user's cache
    folder, if given); return what it printed last, as JSON (the code ends by printing it)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)} if cache else None
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False, env=env
    )
    assert done.returncode == 0, done.stderr
    found: list[str] = json.loads(done.stdout.splitlines()[-1])
    return found


def modules_after(code: str, cache: Path | None = None) -> set[str]:
    """Return the modules a fresh Python has imported once it has run ``code``."""
    return set(python(f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))", cache))


def libraries(modules: set[str]) -> set[str]:
    """Return the libraries and pipeline stages among ``modules``."""
    tops = {name.split(".")[0] for name in modules}
    stages = {name for name in modules if name.startswith((*STAGES, "exporter.writers"))}
    return (tops & LIBRARIES) | stages


@pytest.mark.parametrize(
    "args",
    [["--version"], ["--help"], ["build", "--help"], ["build", "--jobs", "0"]],
    ids=["version", "help", "build-help", "usage-error"],
)
def test_parsing_the_command_line_imports_no_library(args: list[str]) -> None:
    code = (
        "import contextlib, io\n"
        "from exporter.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()), "
        "contextlib.redirect_stderr(io.StringIO()):\n"
        f"    main({args!r})"
    )
    assert libraries(modules_after(code)) == set()


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["build", "--help"]])
def test_version_and_help_load_no_setting(args: list[str]) -> None:
    # The settings' dataclasses (and dataclasses itself, which imports inspect) cost about
    # half the start of --help; the help's defaults come from exporter.defaults instead.
    code = (
        "import contextlib, io\n"
        "from exporter.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main({args!r})"
    )
    found = modules_after(code)
    assert {"exporter.options", "exporter.model", "exporter.errors", "dataclasses"} & found == set()


def test_the_help_states_the_defaults_the_options_have() -> None:
    from exporter import defaults
    from exporter.paper import PAPERS

    options = Options()
    assert tuple(PAPERS) == defaults.PAPERS and options.paper == defaults.PAPERS[0]
    said = format_help("build")
    for phrase in (
        f"(default: {options.output})",
        f"(default: {','.join(options.formats)})",
        f"(default: {','.join(options.handout)})",
        f"(default: {options.edition.value})",
        f"(default: {options.paper})",
        f"(default: {options.theme})",
        f"(default: {options.quiz.value})",
        f"(default: {options.timeout:g})",
        f"(default: {options.memory_limit};",
        f"{options.jobs} here)",
        f"(default: {options.book_layout})",
        f"(default: {options.book_file})",
    ):
        assert phrase in said


def format_help(command: str) -> str:
    """Return the help of ``command``, its lines joined into one."""
    from exporter.cli import make_parser

    parser = make_parser()
    [commands] = [action for action in parser._actions if action.choices]
    assert isinstance(commands.choices, dict)
    return " ".join(commands.choices[command].format_help().split())


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_an_export_imports_the_writer_of_its_format_only(name: str, tmp_path: Path) -> None:
    # The lesson is exported in the command's own process, so that its imports are seen.
    code = (
        "import exporter.batch\n"
        "exporter.batch.start_method = lambda: None\n"
        "from exporter.cli import main\n"
        f"build = ['build', {str(SEED)!r}, '-o', {str(tmp_path)!r}, '-q', '--offline']\n"
        f"assert main([*build, '--format', {name!r}]) == 0"
    )
    found = modules_after(code)
    assert {*STAGES, *WRITERS[name]} <= found
    others = set().union(*WRITERS.values()) - WRITERS[name]
    assert others & found == set()


@pytest.mark.parametrize(
    ("code", "loaded"),
    [("", False), ("```\nplain text\n```\n", False), ("```yaml\nkey: value\n```\n", True)],
    ids=["no-code", "code-without-language", "yaml"],
)
def test_pygments_is_loaded_only_for_code_in_a_language(
    code: str, loaded: bool, tmp_path: Path
) -> None:
    lesson = tmp_path / "lesson.md"
    lesson.write_text(f"---\ntitle: T\n---\n\n# Page\n\n- a point\n\n{code}", encoding="utf-8")
    script = (
        "import exporter.batch\n"
        "exporter.batch.start_method = lambda: None\n"
        "from exporter.cli import main\n"
        f"build = ['build', {str(lesson)!r}, '-o', {str(tmp_path / 'out')!r}, '-q']\n"
        "assert main([*build, '--format', 'pptx,pdf']) == 0"
    )
    assert ("pygments" in modules_after(script)) is loaded


def test_an_export_with_its_font_metrics_kept_loads_no_font_library(tmp_path: Path) -> None:
    # The first build works the metrics out with fontTools; the next reads them as kept.
    code = (
        "import exporter.batch\n"
        "exporter.batch.start_method = lambda: None\n"
        "from exporter.cli import main\n"
        f"build = ['build', {str(SEED)!r}, '-o', {str(tmp_path / 'out')!r}, '-q', '--offline']\n"
        "assert main([*build, '--format', 'pptx', '--force']) == 0"
    )
    cache = tmp_path / "cache"
    assert "fontTools" in modules_after(code, cache)
    assert "fontTools" not in modules_after(code, cache)


@pytest.mark.parametrize("formats", [("pptx",), ("pdf",), ("handout",)], ids=lambda f: f[0])
def test_preload_imports_all_that_an_export_then_imports(
    formats: tuple[str, ...], tmp_path: Path
) -> None:
    # Workers are forked after preload: what an export imports later, each worker imports;
    # the theme's font metrics, worked out with fontTools in an empty cache, are read too.
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from exporter.options import Options\n"
        "from exporter.jobs import Job\n"
        "from exporter.pipeline import export_lesson, preload\n"
        "from exporter.theme import load_theme\n"
        f"options = Options(formats={formats!r}, offline=True)\n"
        "theme = load_theme()\n"
        "preload(options, theme=theme)\n"
        "before = set(sys.modules)\n"
        f"job = Job(Path({str(SEED)!r}), 'seed', Path({str(tmp_path)!r}) / 'seed', "
        f"Path({str(SEED.parent)!r}))\n"
        "result = export_lesson(job, options, theme)\n"
        "assert result.status == 'exported', result.diagnostics\n"
        "tops = {name.split('.')[0] for name in before}\n"
        "later = sorted(set(sys.modules) - before)\n"
        "print(json.dumps([m for m in later if m.split('.')[0] not in tops or "
        "m.startswith('exporter.')]))"
    )
    assert python(code, tmp_path / "cache") == []


def warmed(job: Job, options: Options, theme: Theme) -> Result:
    """A worker's task that tells, as its status (exported: warm; failed: cold), whether the
    stages and the writer had been imported before its first lesson came."""
    loaded = {*STAGES, *WRITERS["pptx"]} <= set(sys.modules)
    return Result(job, Status.EXPORTED if loaded else Status.FAILED, (), ())


def test_a_spawned_worker_imports_the_stages_before_its_first_lesson(tmp_path: Path) -> None:
    # As on macOS, where the workers are spawned: they share nothing with the command.
    job = Job(SEED, "seed", tmp_path / "seed", SEED.parent)
    options = Options(formats=("pptx",), offline=True, jobs=1)
    warm = functools.partial(preload, options, True)
    results = run_on_workers(
        [job], options, load_theme(), warmed, lambda result: None, method="spawn", warm=warm
    )
    assert [result.status for result in results] == [Status.EXPORTED]


@LINUX
def test_loading_the_pdf_writer_runs_no_program() -> None:
    # cffi's library search (ctypes.util.find_library) would run ldconfig, gcc and ld.
    code = (
        "import json, subprocess\n"
        "ran = []\n"
        "class Recorded(subprocess.Popen):\n"
        "    def __init__(self, args, *more, **keywords):\n"
        "        ran.append(str(args))\n"
        "        super().__init__(args, *more, **keywords)\n"
        "subprocess.Popen = Recorded\n"
        "import exporter.writers.pdf\n"
        "print(json.dumps(ran))"
    )
    assert python(code) == []


@LINUX
def test_the_pdf_writer_loads_where_only_the_search_finds_the_libraries() -> None:
    # As on a system whose libraries have other sonames than those WeasyPrint names: no name
    # loads as it is, and only the search (ctypes.util.find_library) finds them.
    code = (
        "import ctypes.util, json\n"
        "import cffi\n"
        "search, dlopen = ctypes.util.find_library, cffi.FFI.dlopen\n"
        "def searched_only(self, name, flags=0):\n"
        "    if ctypes.util.find_library is not search:\n"
        "        raise OSError(f'cannot load library {name!r}')\n"
        "    return dlopen(self, name, flags)\n"
        "cffi.FFI.dlopen = searched_only\n"
        "from exporter.writers.pdf import HTML\n"
        "pdf = HTML(string='<p>loaded</p>').write_pdf()\n"
        "print(json.dumps([pdf[:5].decode()]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ['["%PDF-"]']  # and no word of a failure


@LINUX
def test_the_search_is_left_as_it_was() -> None:
    search = ctypes.util.find_library
    with by_soname():
        assert ctypes.util.find_library("c") is None
    assert ctypes.util.find_library is search


@pytest.mark.parametrize(
    ("lessons", "jobs", "shared"),
    [(1, 2, False), (2, 1, False), (2, 2, True)],
    ids=["one-lesson", "one-worker", "two-workers"],
)
def test_the_command_imports_the_writer_only_for_workers_to_share(
    lessons: int, jobs: int, shared: bool, tmp_path: Path
) -> None:
    # A lone worker imports what it needs itself: the command would import it for nothing.
    sources = [str(SEED), str(SEED.with_name("lesson-2.md"))][:lessons]
    code = (
        "from exporter.cli import main\n"
        f"build = ['build', *{sources!r}, '-o', {str(tmp_path)!r}, '-q', '--offline']\n"
        f"assert main([*build, '--format', 'pptx', '-j', '{jobs}']) == 0"
    )
    found = modules_after(code)
    assert (WRITERS["pptx"] <= found) is shared
    assert len(list(tmp_path.glob("*.pptx"))) == lessons


REHEARSED = """
import json, multiprocessing
from exporter.jobs import Job
from exporter.options import Options
from exporter.pipeline import lay_out, preload
from exporter.theme import load_theme
from exporter.writers.handout import render_handout
from exporter.writers.pdf import parsed, write_pdf
from tests.conftest import SEED

def new_sheets(_):
    '''Return how many style sheets a worker parses for the seed's handout.'''
    before = sum(len(kept) for kept in parsed.values())
    job = Job(SEED, SEED.name, SEED.with_suffix(''), SEED.parent)
    laid, _ = lay_out(job, theme, options=Options(offline=True))
    write_pdf(render_handout(laid))
    return sum(len(kept) for kept in parsed.values()) - before

theme, options = load_theme('{theme}'), Options(formats=('pptx', 'handout'))
found = []
for rehearsed in (False, True):
    preload(options, True, theme, rehearsed=rehearsed)
    with multiprocessing.get_context('fork').Pool(1) as pool:
        found.append(pool.apply(new_sheets, (0,)))
print(json.dumps(found))
"""


@pytest.mark.parametrize("theme", ["default", "dark"])
def test_a_rehearsed_process_forks_workers_with_the_style_sheets_parsed(theme: str) -> None:
    # A watch rehearses (``pipeline.rehearse``) before its rebuilds fork workers: a worker's
    # handout of the seed then parses only its own sheets (the page rule naming the lesson,
    # the classes of its slides' paragraphs); forked before the rehearsal, it parses the
    # theme's sheet and the layout's too.
    counts: list[object] = list(python(REHEARSED.format(theme=theme)))
    assert counts == [4, 2]
