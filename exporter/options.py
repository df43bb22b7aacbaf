"""options: every setting, its default, and the project configuration that can set it.

Settings come from ``[tool.lesson-export]`` in ``pyproject.toml`` (or a ``lesson-export.toml``)
in the current folder; command-line flags override them.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exporter import defaults
from exporter.paper import HANDOUTS, NOTES, OUTLINE, PAPERS, Edition, QuizMode
from exporter.roles import Role, role_named
from exporter.words import LANGUAGES, Labels, read_labels, read_lang

if TYPE_CHECKING:
    from datetime import datetime

    from exporter.resources.hosts import Allowed

FORMATS = {"pptx": "pptx", "handout": "handout.pdf", "pdf": "pdf", "answers": "answers.pdf"}
"""Each format and the extension of its file (``lesson-1.handout.pdf``). A handout in one of
several layouts is named by ``handout_name`` instead. ``answers`` is a quiz's answer key: a
lesson that is not a quiz gets none (``optional``)."""
COURSE = {"book": defaults.BOOK_FILE, "index": "index.html"}
"""The outputs made once for a whole build rather than for each lesson (``exporter.course``),
and the default name of each file in the output folder."""
PARTS = {"index": ("preview",)}
"""What a course output needs of each lesson, written with the lesson's own outputs (so made
again only when the lesson is, and pruned with it): the index page's picture of the title
slide (``lesson-1.preview.png``)."""
EXTENSIONS = {"preview": "preview.png"}
"""The extension of each part of ``PARTS`` (the other outputs' are ``FORMATS``')."""
OPTIONAL = frozenset({"answers"})
"""The formats a lesson may have no file of: the answer key, for a lesson that is no quiz."""
ANNOTATIONS = defaults.ANNOTATIONS
"""The CI systems whose annotation lines ``--annotations`` prints."""
MANIFEST = defaults.MANIFEST
"""The file in the output folder that records what each lesson's outputs were made from (see
``manifest``)."""


@dataclass(frozen=True)
class Shard:
    """One shard of a build: the ``index``-th (from 1) of ``count``."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """Return the shard ``I/N`` names; raises ``ValueError`` for anything else."""
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
        if match is None:
            raise ValueError("must be I/N, such as 1/4")
        index, count = int(match[1]), int(match[2])
        if not 1 <= index <= count:
            raise ValueError(f"shard {index} of {count}: I must be from 1 to N")
        return cls(index, count)

    @property
    def tag(self) -> str:
        """How the shard's files are named: ``shard-1-of-4``."""
        return f"shard-{self.index}-of-{self.count}"

    @property
    def manifest(self) -> str:
        """The name of the shard's manifest in its output folder."""
        return MANIFEST.removesuffix(".json") + f".{self.tag}.json"

    @property
    def results(self) -> str:
        """The name of the shard's results file in its output folder."""
        return MANIFEST.removesuffix(".json") + f".{self.tag}.results.json"

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


class UsageError(Exception):
    """The command line or the configuration is wrong (exit status 2)."""


@dataclass(frozen=True)
class Options:
    """What to export, where, and how."""

    inputs: tuple[str, ...] = ()
    """Lesson files and folders to export."""
    output: Path = Path(defaults.OUTPUT)
    """The folder the outputs are written to, mirroring the input tree."""
    formats: tuple[str, ...] = defaults.FORMATS
    """Which files to write for each lesson (``answers`` for quizzes only)."""
    handout: tuple[str, ...] = defaults.HANDOUT
    """The handouts' layouts, keys of ``paper.HANDOUTS``: a file for each (``outputs``)."""
    edition: Edition = Edition(defaults.EDITION)
    """Whom the handouts are for: the teacher's have everything, the students' no answer,
    explanation or speaker note."""
    paper: str = defaults.PAPERS[0]
    """The handout's paper size: a key of ``paper.PAPERS``."""
    strict: bool = False
    """Whether warnings fail a lesson."""
    theme: str = defaults.THEME
    """A built-in theme's name or a theme folder."""
    template: Path | None = None
    """A school's PowerPoint template (.pptx or .potx) to export into, over the theme's."""
    layouts: tuple[tuple[Role, str], ...] = ()
    """The template's layout for a role, where its names are its own (``Titel und Inhalt``)."""
    root: Path | None = None
    """The course root for site-root image paths; default: the input folder."""
    allow_hosts: Allowed | None = None
    """Hosts, addresses and networks remote images may come from although they are not public
    (``None``: none)."""
    cache_dir: Path | None = None
    """The folder downloaded images are kept in; default: the user's cache folder."""
    offline: bool = False
    """Whether remote images come from the download cache only."""
    course_folders: tuple[Path, ...] = ()
    """The configured input folders: a lesson named alone inside one has it as its root."""
    course_output: bool = False
    """Whether the output folder is the configured one: a lesson named alone inside a course
    folder is then written where the course's build puts it, not straight into it."""
    report: Path | None = None
    """Where to write the JSON report, if anywhere."""
    exclude: tuple[str, ...] = ()
    """Glob patterns of lessons to leave out (``drafts/*``, ``README.md``)."""
    jobs: int = field(default_factory=defaults.jobs)
    """How many lessons are exported at once, each on a worker process."""
    timeout: float = defaults.TIMEOUT
    """The most seconds one lesson may take before its worker is stopped."""
    memory_limit: int = defaults.MEMORY_LIMIT
    """The most memory (MB of 1,048,576 bytes, resident) one lesson's worker may use before it
    is stopped."""
    lang: str | None = None
    """The language of the words the exporter puts on slides and pages ("(continued)", "Page N
    of M"...); ``None``: each lesson's front matter ``language``, else English."""
    labels: Labels = field(default_factory=Labels)
    """How the title slide labels the front matter's section and lesson."""
    quiz: QuizMode = QuizMode(defaults.QUIZ)
    """How a quiz's questions are shown on screen: a question slide then a reveal slide, the
    question slides alone (the answers in their notes), or each question with its answers."""
    created: datetime | None = field(default=None)
    """The date stamped into outputs (from ``SOURCE_DATE_EPOCH``)."""

    shard: Shard | None = None
    """The part of the build this run makes (``--shard I/N``), or ``None`` for all of it."""
    course_title: str | None = None
    """The course's title on the book's cover and the index page; ``None``: the name of the
    (first) input folder."""
    book_layout: str = defaults.BOOK_LAYOUT
    """The handout layout each lesson takes in the course book: a key of ``paper.HANDOUTS``."""
    book_file: str = defaults.BOOK_FILE
    """The course book's file name in the output folder."""
    origins: tuple[tuple[str, str], ...] = ()
    """Where each setting given was given, by its key: its flag (``--root``), or the file and
    line of the configuration that set it (``pyproject.toml:12``); see ``given``."""

    def given(self, key: str, value: object = None) -> str | None:
        """Return where the setting ``key`` was given, to begin a message about its value: its
        flag (``--root``), or the configuration's file and line and the setting's name
        (``pyproject.toml:12: setting 'root'``); with ``value``, that value as it was written
        (``--root nowhere``, ``pyproject.toml:12: setting 'root' = "nowhere"``). ``None``
        when it was not given (its default)."""
        where = dict(self.origins).get(key)
        if where is None or where.startswith("-"):  # a flag
            return where if where is None or value is None else f"{where} {value}"
        said = f"{where}: setting {key!r}"
        return said if value is None else f"{said} = {json.dumps(value, default=str)}"

    @functools.cached_property
    def outputs(self) -> tuple[Output, ...]:
        """Return the files written for each lesson, in the order of ``formats`` (a handout
        once per layout, in the order of ``handout``); worked out once, as each lesson of a
        course asks for them several times."""
        return outputs_of(self.formats, self.handout, self.book_layout)

    @property
    def course(self) -> tuple[str, ...]:
        """Return the course outputs ``formats`` ask for (keys of ``COURSE``), in their order."""
        return tuple(name for name in self.formats if name in COURSE)


@dataclass(frozen=True)
class Output:
    """One file written for each lesson: a format and, for a handout, its layout."""

    name: str
    """What the file's name adds to the lesson's (``handout``, ``notes``, ``handout-3``): its
    key in the manifest, and its extension by ``extension``."""
    format: str
    """The format it is written in: a key of ``FORMATS`` (of ``COURSE`` for a part of a
    course output, ``PARTS``)."""
    layout: str | None = None
    """A handout's layout (a key of ``paper.HANDOUTS``); ``None`` for the other formats."""

    @property
    def extension(self) -> str:
        """The ending of its file: ``pptx``, ``handout.pdf``, ``notes.pdf``..."""
        return extension(self.name)


def handout_name(layout: str, alone: bool = False) -> str:
    """Return the name of the handout in ``layout``: ``handout`` when it is the only layout
    asked for (``NAME.handout.pdf``, as always); else one of its own, the same whatever else
    is asked: ``notes`` and ``outline`` for those layouts, ``handout-N`` for N slides a page.
    """
    if alone:
        return "handout"
    return layout if layout in (NOTES, OUTLINE) else f"handout-{layout}"


def outputs_of(
    formats: Iterable[str], handouts: tuple[str, ...], book: str = "3"
) -> tuple[Output, ...]:
    """Return the files ``formats`` ask for, a handout once for each of ``handouts``; for the
    course book, each lesson's part of it in the ``book`` layout (``BOOK_PART``)."""
    found: list[Output] = []
    for name in formats:
        if name == "book":
            found.append(Output(BOOK_PART, name, book))
        if name in COURSE:  # made once for the build (``exporter.course``), from its parts
            found.extend(Output(part, name) for part in PARTS.get(name, ()))
            continue
        if name == "handout":
            alone = len(handouts) == 1
            found.extend(Output(handout_name(layout, alone), name, layout) for layout in handouts)
        else:
            found.append(Output(name, name))
    return tuple(found)


def extension(name: str) -> str:
    """Return the ending of the file an output's ``name`` gives (``notes``: ``notes.pdf``)."""
    return FORMATS.get(name) or EXTENSIONS.get(name) or f"{name}.pdf"


BOOK_PART = "book"
"""The name of a lesson's part of the course book: its pages in the book's layout, without
page numbers, kept so that a book is assembled again without laying out every lesson."""
BOOK_FOLDER = ".book"
"""The hidden folder, beside a lesson's outputs, its part of the course book is kept in."""


def output_file(stem: Path, name: str) -> Path:
    """Return the file of the output ``name`` for the lesson whose output path without its
    extension is ``stem``: ``stem.EXTENSION``, or ``BOOK_FOLDER/STEM.pdf`` for its book part."""
    if name == BOOK_PART:
        return stem.parent / BOOK_FOLDER / f"{stem.name}.pdf"
    return stem.with_name(f"{stem.name}.{extension(name)}")


NAMES = (*FORMATS, *(handout_name(layout) for layout in HANDOUTS), *EXTENSIONS, BOOK_PART)
"""Every output's name, as the manifest keeps them, in the order outputs are listed."""


def parse_formats(value: str | Iterable[str]) -> tuple[str, ...]:
    """Return the formats in ``pptx,...`` or a list of such; raises ``UsageError`` for unknown
    ones."""
    names = [name for item in texts(value) for name in item.split(",")]
    formats = tuple(dict.fromkeys(name.strip() for name in names if name.strip()))
    unknown = [name for name in formats if name not in FORMATS and name not in COURSE]
    if unknown or not formats:
        known = ", ".join((*FORMATS, *COURSE))
        raise UsageError(f"unknown format {', '.join(unknown) or '(none)'}; choose from {known}")
    return formats


@dataclass(frozen=True)
class Setting:
    """One setting: what its value must be, and how a value becomes the option.

    The configuration's value (a TOML type) and a flag's value go through the same ``read``,
    so that a setting is checked in one place whichever way it is given.
    """

    what: str
    """What the value must be, for messages (``a whole number of 1 or more``)."""
    read: Callable[[Any], Any]
    """A configured value → the option's value; raises ``ValueError`` (its message, if it has
    one, says what is wrong) or ``UsageError`` for one that is not ``what``."""
    text: Callable[[str], Any] | None = None
    """A flag's text → a value ``read`` takes, for a flag of one value such as ``--jobs 4``;
    ``None`` for a flag argparse already makes a bool or a list of."""

    def from_text(self, text: str) -> Any:
        """Return the option's value for a flag's ``text``; raises ``ValueError``."""
        assert self.text is not None
        return self.read(self.text(text))


def valid(test: Callable[[Any], bool], convert: Callable[[Any], Any] = lambda v: v) -> Any:
    """Return a ``read`` that raises ``ValueError`` when ``test`` fails, else converts."""

    def read(value: Any) -> Any:
        if not test(value):
            raise ValueError
        return convert(value)

    return read


def texts(value: Any) -> tuple[str, ...]:
    """Return one text or a list of texts as a tuple; raises ``ValueError`` for anything else."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(item, str) for item in items):
        raise ValueError
    return tuple(items)


def allowed_hosts(value: Any) -> Allowed:
    """Return the allow-list of hosts in one entry or a list of them."""
    # Imported here: the resources package brings Pillow, which reading a setting needs not.
    from exporter.resources.hosts import Allowed

    return Allowed.parse(texts(value))


def number(value: Any) -> float:
    """Return a number of seconds above 0 (an int or float in the configuration)."""
    if type(value) not in (int, float) or not 0 < value < float("inf"):
        raise ValueError
    return float(value)


def handouts(value: Any) -> tuple[str, ...]:
    """Return the handout layouts in ``3,notes``, a layout, or a list of them (``3`` in TOML
    may be the number 3), each once, in the order given."""
    items = value if isinstance(value, list | tuple) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, bool | float) or not isinstance(item, int | str):
            raise ValueError
        names.extend(name.strip() for name in str(item).split(",") if name.strip())
    layouts = tuple(dict.fromkeys(names))
    unknown = [name for name in layouts if name not in HANDOUTS]
    if unknown or not layouts:
        raise ValueError(f"not a layout: {', '.join(map(repr, unknown)) or '(none)'}")
    return layouts


def read_layouts(value: Any) -> tuple[tuple[Role, str], ...]:
    """Return a table of roles and layout names (``content = "Titel und Inhalt"``)."""
    if not isinstance(value, dict):
        raise ValueError
    found = []
    for key, name in value.items():
        role = role_named(str(key))
        if role is None:
            known = ", ".join(role.name.lower() for role in Role)
            raise ValueError(f"{key!r} is not a layout role (roles: {known})")
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"the layout for {key!r} must be a name")
        found.append((role, name))
    return tuple(found)


def is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def is_text(value: Any) -> bool:
    return isinstance(value, str)


def is_pdf_name(value: Any) -> bool:
    """Return whether ``value`` is a plain file name (no folder) ending in ``.pdf``."""
    return (
        is_text(value)
        and value.lower().endswith(".pdf")
        and Path(value).name == value
        and not value.startswith(".")
    )


def is_whole(value: Any) -> bool:
    return type(value) is int and value >= 1


SETTINGS: dict[str, Setting] = {
    "inputs": Setting("a path or a list of paths", texts),
    "output": Setting("a path", valid(is_text, Path), str),
    "formats": Setting("a format or a list of formats", parse_formats, str),
    "strict": Setting("true or false", valid(is_bool)),
    "shard": Setting("I/N, such as 1/4 (shard I of N, from 1)", lambda v: Shard.parse(v), str),
    "course_title": Setting(
        "a title", valid(lambda v: is_text(v) and bool(v.strip()), str.strip), str
    ),
    "book_layout": Setting(
        f"one of {', '.join(HANDOUTS)}", valid(lambda v: str(v) in HANDOUTS, str), str
    ),
    "book_file": Setting("a file name ending in .pdf", valid(is_pdf_name), str),
    "theme": Setting("a theme name or folder", valid(is_text), str),
    "template": Setting("a .pptx or .potx file", valid(is_text, Path), str),
    "layouts": Setting(
        "a table of layout roles (such as content or comparison) and the template's names for "
        "their layouts",
        read_layouts,
    ),
    "root": Setting("a path", valid(is_text, Path), str),
    "allow_hosts": Setting(
        "a host name, an address or a network, or a list of them", allowed_hosts
    ),
    "cache_dir": Setting("a folder", valid(lambda v: is_text(v) and bool(v.strip()), Path), str),
    "offline": Setting("true or false", valid(is_bool)),
    "exclude": Setting("a glob pattern or a list of them", texts),
    "jobs": Setting("a whole number of 1 or more", valid(is_whole), int),
    "timeout": Setting("a number of seconds above 0", number, float),
    "memory_limit": Setting("a whole number of megabytes, 1 or more", valid(is_whole), int),
    "handout": Setting(f"one or more of {', '.join(HANDOUTS)}", handouts, str),
    "edition": Setting(
        f"one of {', '.join(Edition)}", valid(lambda v: v in set(Edition), Edition), str
    ),
    "paper": Setting(f"one of {', '.join(PAPERS)}", valid(lambda v: v in PAPERS), str),
    "lang": Setting(f"a language tag of {', '.join(LANGUAGES)}", read_lang, str),
    "labels": Setting(
        "a format of {section} and {lesson}, or a table of section, lesson and format",
        read_labels,
    ),
    "quiz": Setting(
        f"one of {', '.join(mode.value for mode in QuizMode)}",
        valid(lambda v: v in {mode.value for mode in QuizMode}, QuizMode),
        str,
    ),
}
"""Every setting by its key in the configuration, which is also the ``Options`` field it
sets and the destination of its flag."""


class Config(dict[str, Any]):
    """The options a configuration file sets, by their ``SETTINGS`` key, and where each is
    set (``places``: ``pyproject.toml:12``), so that a value found wrong only once it is used
    (a folder that does not exist) is told at its line."""

    def __init__(self, options: dict[str, Any] | None = None, places: dict[str, str] | None = None):
        super().__init__(options or {})
        self.places = places or {}


def load_config(folder: Path) -> Config:
    """Return the options set in ``folder``'s ``lesson-export.toml`` or ``pyproject.toml``,
    by their ``SETTINGS`` key, read (``Path``, ``tuple``...) as ``Options`` holds them, with
    the file and line setting each.

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
        if table is not None:
            misspelt(path, data.get("tool"), table)
        for key in table.split(".") if table else ():
            data = data.get(key, {})
            if not isinstance(data, dict):
                raise UsageError(f"{path}: [{table}] must be a table of settings")
        if data or table is None:
            places = {key: f"{path}:{setting_line(path, key)}" for key in data}
            return Config(read_settings(path, data), places)
    return Config()


def read_settings(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """Return the options the settings in ``data`` (read from ``path``) give.

    Raises ``UsageError`` naming the first setting that is unknown or ill-typed.
    """
    import difflib  # only a configuration's mistake needs it

    options = {}
    for key, value in data.items():
        where = f"{path}:{setting_line(path, key)}"
        if key == "tool" and path.name != "pyproject.toml":
            raise UsageError(
                f"{where}: {path.name} takes its settings at its top level, without a "
                "[tool.lesson-export] table (that table is pyproject.toml's)"
            )
        if key not in SETTINGS:
            close = difflib.get_close_matches(key, SETTINGS, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            known = ", ".join(sorted(SETTINGS))
            raise UsageError(f"{where}: unknown setting {key!r}{hint} (known: {known})")
        try:
            options[key] = SETTINGS[key].read(value)
        except UsageError as exc:
            raise UsageError(f"{where}: setting {key!r}: {exc}") from exc
        except ValueError as exc:
            why = f": {exc}" if str(exc) else ""
            what = SETTINGS[key].what
            finite = not isinstance(value, float) or value - value == 0  # not nan nor inf
            written = json.dumps(value, default=str) if finite else repr(value)  # as TOML
            raise UsageError(
                f"{where}: setting {key!r} must be {what}, not {written}{why}"
            ) from exc
    return options


def setting_line(path: Path, key: str) -> int:
    """Return the line of ``path`` that sets ``key`` (past a ``[tool.lesson-export]`` header,
    where the file has one), or 1 when no line is seen to."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return 1
    header = re.search(r"^\s*\[\s*tool\s*\.\s*[\"']?lesson-export[\"']?\s*\]", text, re.M)
    start = header.end() if header else 0
    # ``[ \t]``, not ``\s``: a blank line above must not be taken for the key's line.
    name = re.escape(key)
    found = re.compile(rf"^[ \t]*[\"']?{name}[\"']?[ \t]*[=.\]]", re.M).search(text, start)
    if found is None:
        found = re.compile(rf"^[ \t]*\[[ \t]*{name}\b", re.M).search(text, start)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def misspelt(path: Path, tools: object, table: str) -> None:
    """Raise ``UsageError`` when ``pyproject.toml``'s ``[tool]`` tables hold one whose name is
    close to ``table``'s but not it (``[tool.lesson_export]``): its settings would be left
    unread without a word."""
    name = table.partition(".")[2]
    if not isinstance(tools, dict) or name in tools:
        return
    import difflib

    close = difflib.get_close_matches(name, [str(key) for key in tools], n=1, cutoff=0.8)
    if close:
        text = path.read_text(encoding="utf-8")
        line = text.count("\n", 0, max(text.find(f".{close[0]}"), 0)) + 1
        raise UsageError(
            f"{path}:{line}: [tool.{close[0]}] is not read: the exporter's settings go in [{table}]"
        )


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
