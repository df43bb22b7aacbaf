"""options: every setting, its default, and the project configuration that can set it.

Settings come from ``[tool.lesson-export]`` in ``pyproject.toml`` (or a ``lesson-export.toml``)
in the current folder; command-line flags override them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime

FORMATS = {"pptx": "pptx", "handout": "handout.pdf", "pdf": "pdf"}
"""Each format and the extension of its file (``lesson-1.handout.pdf``)."""
HANDOUTS = ("1", "2", "3", "4", "6", "9", "notes", "outline")
"""The handout layouts: slides a page, a slide with its notes a page, or the text alone."""
PAPERS = ("a4", "letter")
ANNOTATIONS = ("github",)
"""The CI systems whose annotation lines ``--annotations`` prints."""
MANIFEST = ".lesson-export.json"
"""The file in the output folder that records what each lesson's outputs were made from (see
``manifest``)."""


class UsageError(Exception):
    """The command line or the configuration is wrong (exit status 2)."""


@dataclass(frozen=True)
class Options:
    """What to export, where, and how."""

    inputs: tuple[str, ...] = ()
    """Lesson files and folders to export."""
    output: Path = Path("dist")
    """The folder the outputs are written to, mirroring the input tree."""
    formats: tuple[str, ...] = ("pptx", "handout")
    """Which files to write for each lesson."""
    handout: str = "3"
    """The handout's layout: one of ``HANDOUTS``."""
    paper: str = "a4"
    """The handout's paper size: one of ``PAPERS``."""
    strict: bool = False
    """Whether warnings fail a lesson."""
    theme: str = "default"
    """A built-in theme's name or a theme folder."""
    root: Path | None = None
    """The course root for site-root image paths; default: the input folder."""
    allow_hosts: tuple[str, ...] = ()
    """Hosts, addresses and networks remote images may come from although they are not public."""
    cache_dir: Path | None = None
    """The folder downloaded images are kept in; default: the user's cache folder."""
    offline: bool = False
    """Whether remote images come from the download cache only."""
    course_folders: tuple[Path, ...] = ()
    """The configured input folders: a lesson named alone inside one has it as its root."""
    report: Path | None = None
    """Where to write the JSON report, if anywhere."""
    exclude: tuple[str, ...] = ()
    """Glob patterns of lessons to leave out (``drafts/*``, ``README.md``)."""
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    """How many lessons are exported at once, each on a worker process."""
    timeout: float = 120.0
    """The most seconds one lesson may take before its worker is stopped."""
    memory_limit: int = 1024
    """The most memory (MB of 1,048,576 bytes, resident) one lesson's worker may use before it
    is stopped."""
    created: datetime | None = field(default=None)
    """The date stamped into outputs (from ``SOURCE_DATE_EPOCH``)."""


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _texts(value: Any) -> bool:
    return isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(item, str) for item in value)
    )


def _hosts(value: Any) -> bool:
    # Imported here: the resources package brings Pillow, which reading a setting needs not.
    from exporter.resources.hosts import Allowed

    if not _texts(value):
        return False
    try:
        Allowed.parse([value] if isinstance(value, str) else value)
    except ValueError:
        return False
    return True


# Each setting and what its value must be.
SETTINGS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "inputs": (_texts, "a path or a list of paths"),
    "output": (_text, "a path"),
    "formats": (_texts, "a format or a list of formats"),
    "strict": (lambda value: isinstance(value, bool), "true or false"),
    "theme": (_text, "a theme name or folder"),
    "root": (_text, "a path"),
    "allow_hosts": (_hosts, "a host name, an address or a network, or a list of them"),
    "cache_dir": (lambda value: isinstance(value, str) and bool(value.strip()), "a folder"),
    "offline": (lambda value: isinstance(value, bool), "true or false"),
    "exclude": (_texts, "a glob pattern or a list of them"),
    "jobs": (lambda value: type(value) is int and value >= 1, "a whole number of 1 or more"),
    "timeout": (
        lambda value: type(value) in (int, float) and 0 < value < float("inf"),
        "a number of seconds above 0",
    ),
    "memory_limit": (
        lambda value: type(value) is int and value >= 1,
        "a whole number of megabytes, 1 or more",
    ),
    "handout": (
        lambda value: str(value) in HANDOUTS and not isinstance(value, bool | float),
        f"one of {', '.join(HANDOUTS)}",
    ),
    "paper": (lambda value: value in PAPERS, f"one of {', '.join(PAPERS)}"),
}


def load_config(folder: Path) -> dict[str, Any]:
    """Return the settings in ``folder``'s ``lesson-export.toml`` or ``pyproject.toml``.

    Raises ``UsageError`` for a file that is not valid TOML or a key that is not a setting.
    """
    import tomllib

    for name, table in (("lesson-export.toml", None), ("pyproject.toml", "tool.lesson-export")):
        path = folder / name
        if not path.is_file():
            continue
        try:
            data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise UsageError(f"{path}: not valid TOML: {exc}") from exc
        for key in table.split(".") if table else ():
            data = data.get(key, {})
            if not isinstance(data, dict):
                raise UsageError(f"{path}: [{table}] must be a table of settings")
        if data or table is None:
            check_settings(path, data)
            return data
    return {}


def check_settings(path: Path, data: dict[str, Any]) -> None:
    """Raise ``UsageError`` naming the first setting in ``data`` that is unknown or ill-typed."""
    for key, value in data.items():
        if key not in SETTINGS:
            known = ", ".join(sorted(SETTINGS))
            raise UsageError(f"{path}: unknown setting {key!r} (known: {known})")
        valid, what = SETTINGS[key]
        if not valid(value):
            raise UsageError(f"{path}: setting {key!r} must be {what}, not {value!r}")


def source_date() -> datetime | None:
    """Return ``SOURCE_DATE_EPOCH`` as a date, or ``None`` when it is not set."""
    from datetime import UTC, datetime

    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        date = datetime.fromtimestamp(int(value), UTC)
        if not 1980 <= date.year <= 2107:  # what a zip archive can record
            raise ValueError(value)
        return date
    except (ValueError, OverflowError, OSError) as exc:
        raise UsageError(
            f"SOURCE_DATE_EPOCH must be whole seconds from 1980 to 2107, not {value!r}"
        ) from exc


def parse_formats(value: str | list[str]) -> tuple[str, ...]:
    """Return the formats in ``pptx,...`` or a list; raises ``UsageError`` for unknown ones."""
    names = value.split(",") if isinstance(value, str) else list(value)
    formats = tuple(dict.fromkeys(name.strip() for name in names if name.strip()))
    unknown = [name for name in formats if name not in FORMATS]
    if unknown or not formats:
        raise UsageError(
            f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}"
        )
    return formats
