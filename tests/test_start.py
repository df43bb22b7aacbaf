"""write: WeasyPrint loads without running programs, and where only a search finds its
libraries."""

from __future__ import annotations

import ctypes.util
import json
import subprocess
import sys

import pytest

from exporter.writers.pdf import by_soname
from tests.conftest import ROOT

LINUX = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the library search runs programs on Linux"
)


def python(code: str) -> list[str]:
    """Run ``code`` in a fresh Python in the repository; return what it printed last, as
    JSON (the code ends by printing it)."""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    found: list[str] = json.loads(done.stdout.splitlines()[-1])
    return found


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
