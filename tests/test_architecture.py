"""The dependency rule of the pipeline (DESIGN.md), checked on the imports in the source."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "exporter"
PPTX_WRITERS = ("pptx.py", "pptx_package.py", "pptx_internals.py")
"""The writers that import python-pptx."""


def imports_of(path: Path, everything: bool = False) -> set[str]:
    """Return the modules ``path`` imports from the package (or, with ``everything``, from
    anywhere), as dotted names."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    if everything:
        return found
    return {name for name in found if name == "exporter" or name.startswith("exporter.")}


def modules(folder: str = "") -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def test_model_imports_nothing_from_the_package() -> None:
    assert imports_of(PACKAGE / "model.py") == set()


def test_build_never_imports_writers() -> None:
    for path in modules("build"):
        assert not any(name.startswith("exporter.writers") for name in imports_of(path)), path


def test_writers_never_import_parse_or_build() -> None:
    for path in modules("writers"):
        bad = {
            n
            for n in imports_of(path)
            if n in ("exporter.parse", "exporter.source") or n.startswith("exporter.builder")
        }
        assert not bad, f"{path.name} imports {bad}"


def test_only_parse_imports_mistune_and_only_the_pptx_writers_import_python_pptx() -> None:
    for path in modules():
        text = path.read_text(encoding="utf-8")
        if path.name != "parse.py":
            assert "import mistune" not in text, path
        if path.name not in PPTX_WRITERS or path.parent.name != "writers":
            assert "from pptx" not in text and "import pptx" not in text, path


def test_every_module_names_its_stage_in_its_docstring() -> None:
    stages = (
        "read",
        "parse",
        "build",
        "fit",
        "write",
        "cli",
        "batch",
        "resources",
        "themes",
        "template",
        "course",
        "options",
        "errors",
        "model",
        "dump",
        "lesson-exporter",
        "The pipeline",
        "``python -m",
    )
    for path in modules():
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        assert doc.startswith(stages), f"{path.relative_to(PACKAGE)}: {doc[:40]!r}"


def test_only_resources_remote_touches_the_network() -> None:
    """Every download passes the address checks: no other module may open a connection."""
    network = ("http.client", "ssl", "urllib.request", "requests", "httpx", "urllib3")
    for path in modules():
        found = imports_of(path, everything=True)
        if path.relative_to(PACKAGE).as_posix() == "resources/remote.py":
            assert {"http.client", "ssl"} <= found
        else:
            assert not found & set(network), f"{path.relative_to(PACKAGE)} imports {found}"


LIGHT = ("exporter.console", "exporter.reports", "exporter.manifest", "exporter.jobs")
"""What prints a line, writes a report or reads the manifest: plain data, no pipeline."""
HEAVY = ("pptx", "weasyprint", "PIL", "mistune", "exporter.pipeline", "exporter.fit")
"""The libraries and stages that exporting a lesson needs, and printing about it does not."""


@pytest.mark.parametrize("module", LIGHT)
def test_the_batch_data_and_its_readers_load_no_library_and_no_stage(module: str) -> None:
    # In a fresh Python: what the test run imported already would hide an import.
    code = f"import json, sys, {module}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=PACKAGE.parent, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    loaded: list[str] = json.loads(done.stdout)
    heavy = [
        name
        for name in loaded
        if name.startswith(("exporter.writers", "exporter.builder"))
        or any(name == top or name.startswith(f"{top}.") for top in HEAVY)
    ]
    assert heavy == [], f"importing {module} loads {heavy}"


def test_every_package_is_installed() -> None:
    # A package missing from pyproject.toml's list is there in an editable install (the tests')
    # and absent from a real one: `--format index` failed so with a traceback until make floor.
    setup = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(setup["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(PACKAGE.parent).parts)
        for init in PACKAGE.rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert found - listed == set()


def test_only_the_preview_writer_imports_pypdfium2() -> None:
    for path in modules():
        if path.relative_to(PACKAGE).as_posix() != "writers/preview.py":
            assert "pypdfium2" not in imports_of(path, everything=True), path
