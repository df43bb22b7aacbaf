"""themes: the built-in themes listed, and a theme copied into a folder to start a custom one.

A copy is whole: its ``theme.toml`` (named after the new folder), its other files (CSS, a
template) and the font files it measures with, those it borrows from the default theme too,
with their licences, so that the copy works wherever it is moved. It is made in a temporary
folder beside the target and renamed into place, so a failed copy leaves nothing behind.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import tomllib
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from exporter.errors import ExporterError, error
from exporter.resources.fonts import DEFAULT_THEME
from exporter.theme import load_theme, theme_folder

SKIPPED = {"__init__.py", "__pycache__"}
"""What a built-in theme's folder holds for Python only."""
NAME_LINE = re.compile(r'^name\s*=\s*"[^"\n]*"', re.MULTILINE)


def builtin_themes() -> list[tuple[str, str]]:
    """Return each built-in theme's name and description (its ``theme.toml``'s), by name."""
    found = []
    for entry in resources.files("exporter.themes").iterdir():
        toml = entry.joinpath("theme.toml")
        if entry.name in SKIPPED or not toml.is_file():
            continue
        try:
            description = str(tomllib.loads(toml.read_text(encoding="utf-8")).get("description"))
        except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
            description = "(its theme.toml cannot be read)"
        found.append((entry.name, "" if description == "None" else description))
    return sorted(found)


def copy_theme(name: str, target: Path) -> list[Path]:
    """Copy the theme ``name`` (built-in, or a folder) into the new folder ``target``; return
    the files written, relative to ``target``.

    Raises ``ExporterError`` when there is no such theme, it does not load, ``target`` is a file
    or a folder that is not empty, or a file cannot be written.
    """
    theme = load_theme(name)  # checks that it is whole before anything is written
    source = theme_folder(name)
    if target.exists() and not (target.is_dir() and not any(target.iterdir())):
        raise ExporterError(
            error("theme", f"{target} already exists and is not an empty folder; choose a new one")
        )
    families = {getattr(theme.fonts, role).file.replace(" ", "") for role in FONT_ROLES}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
        try:
            written = copy_files(source, work, target.name, families)
            work.replace(target)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    except OSError as exc:
        message = f"cannot copy theme {name!r} to {target}: {exc.strerror or exc}"
        raise ExporterError(error("theme", message)) from exc
    return written


FONT_ROLES = ("heading", "body", "code")


def copy_files(source: Traversable, work: Path, name: str, families: set[str]) -> list[Path]:
    """Copy a theme folder's files into ``work``, its ``theme.toml`` renamed ``name``, and the
    default theme's font files of ``families`` it lacks; return what was written."""
    written = []
    named = f"name = {json.dumps(name)}"  # a JSON string is a TOML basic string
    for entry in sorted(source.iterdir(), key=lambda e: e.name):
        if entry.name in SKIPPED or entry.name == "fonts" or not entry.is_file():
            continue
        data = entry.read_bytes()
        if entry.name == "theme.toml":
            text = NAME_LINE.sub(lambda _: named, data.decode("utf-8"), count=1)
            data = text.encode("utf-8")
        (work / entry.name).write_bytes(data)
        written.append(Path(entry.name))
    fonts = work / "fonts"
    fonts.mkdir()
    for folder, own in ((source.joinpath("fonts"), True), (DEFAULT_THEME.joinpath("fonts"), False)):
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            wanted = own or entry.name.split("-", 1)[0] in families
            if wanted and entry.is_file() and not (fonts / entry.name).exists():
                (fonts / entry.name).write_bytes(entry.read_bytes())
                written.append(Path("fonts", entry.name))
    return written
