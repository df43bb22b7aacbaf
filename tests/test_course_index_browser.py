"""course: the index page opened in a real browser (the system's Chromium, driven by
Playwright) from a ``file://`` address, as a course team opens it: every link leads to a file
the build wrote, every picture loads, nothing is asked of the network, the console stays
quiet, axe-core finds no accessibility violation, and the page fits a phone's width. It is
screenshot on a desktop and on a phone (kept beside the test's files, to look at).

Skips, saying why, where Chromium or Playwright is not installed (``make test`` installs
both); fails instead in CI (``LESSON_EXPORT_REQUIRE_TOOLS``).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest

from tests.conftest import LESSONS, REQUIRE_TOOLS, build_lessons

BROWSERS = ("chromium", "chromium-browser")
"""The names the system's Chromium goes by (Debian's package installs ``chromium``)."""
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
"""Chromium without a sandbox (the tests run as root in CI) and without its own requests."""
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
"""The axe-core rules run: WCAG 2.1 A and AA, and Deque's best practices (landmarks, heading
order, one main heading)."""
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1200, "height": 900}


def browser_or_skip() -> str:
    """Return the path of the system's Chromium, or skip (fail in CI) saying what is missing."""
    missing = []
    found = next((path for name in BROWSERS if (path := shutil.which(name))), None)
    if found is None:
        missing.append("Chromium (apt-get install chromium)")
    if not all(find_spec(name) for name in ("playwright", "axe_playwright_python")):
        missing.append("Playwright and axe-core (pip install -e '.[test]')")
    if missing:
        reason = f"needs {' and '.join(missing)}"
        if REQUIRE_TOOLS:
            pytest.fail(f"CI requires the real tools: {reason}")
        pytest.skip(reason)
    assert found is not None
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled lessons built with their index page (and every file it links to)."""
    out = tmp_path_factory.mktemp("index") / "out"
    build_lessons(out, "--format", "pptx,handout,pdf,index", "--course-title", "AWS basics")
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """The system's Chromium, headless (looked for before the lessons are built)."""
    executable = browser_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=ARGS)
        yield chromium
        chromium.close()


class Visit:
    """The index page open in a browser tab, with what it asked for and what it logged."""

    def __init__(self, browser: Any, page: Path, viewport: dict[str, int]) -> None:
        self.tab = browser.new_page(viewport=viewport)
        self.requests: list[str] = []
        self.refused: list[str] = []
        self.console: list[str] = []
        self.tab.on("request", lambda request: self.requests.append(request.url))
        self.tab.on("console", self.logged)
        self.tab.on("pageerror", lambda error: self.console.append(f"page error: {error}"))
        self.tab.route("**/*", self.routed)
        self.tab.goto(page.as_uri(), wait_until="load")

    def logged(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.console.append(f"{message.type}: {message.text}")

    def routed(self, route: Any) -> None:
        """Let the page's own files load; refuse (and note) any other address."""
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.refused.append(route.request.url)
            route.abort()


def visit(browser: Any, built: Path, viewport: dict[str, int]) -> Iterator[Visit]:
    """Yield the index page open at ``viewport``; close the tab after."""
    opened = Visit(browser, built / "index.html", viewport)
    try:
        yield opened
    finally:
        opened.tab.close()


@pytest.fixture
def desktop(browser: Any, built: Path) -> Iterator[Visit]:
    yield from visit(browser, built, DESKTOP)


@pytest.fixture
def phone(browser: Any, built: Path) -> Iterator[Visit]:
    yield from visit(browser, built, PHONE)


def test_every_link_leads_to_a_file_the_build_wrote(desktop: Visit, built: Path) -> None:
    links = desktop.tab.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    files = [link for link in links if "#" not in link]
    lessons = sorted(LESSONS.rglob("*.md"))
    assert len(files) == 3 * len(lessons)  # deck, handout, slides
    for link in files:
        address = urlparse(link)
        assert address.scheme == "file", link
        path = Path(unquote(address.path))
        assert path.is_file() and built in path.parents, link
    for anchor in [link.split("#", 1)[1] for link in links if "#" in link]:
        assert desktop.tab.locator(f"#{anchor}").count() == 1, anchor


def test_every_picture_loads_and_nothing_else_is_asked_for(desktop: Visit) -> None:
    pictures = desktop.tab.eval_on_selector_all(
        "img", "images => images.map(i => [i.complete && i.naturalWidth > 0, i.alt])"
    )
    assert len(pictures) == len(list(LESSONS.rglob("*.md")))
    assert all(loaded and alt.startswith("Title slide of ") for loaded, alt in pictures)
    assert desktop.refused == []
    assert desktop.requests and all(url.startswith("file://") for url in desktop.requests)
    assert desktop.console == []


def test_axe_core_finds_no_accessibility_violation(desktop: Visit, phone: Visit) -> None:
    axe = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8")
    for opened in (desktop, phone):
        opened.tab.evaluate(axe)  # from the installed package, not the network
        results = opened.tab.evaluate(
            "rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})", RULES
        )
        found = [(v["id"], v["help"], len(v["nodes"])) for v in results["violations"]]
        assert found == []
        assert len(results["passes"]) > 20  # the rules did run: contrast, landmarks, alt...
        assert opened.console == [] and opened.refused == []


def test_the_page_fits_a_phone_and_is_screenshot(
    desktop: Visit, phone: Visit, tmp_path_factory: pytest.TempPathFactory
) -> None:
    width = phone.tab.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # no sideways scrolling
    folder = tmp_path_factory.mktemp("screenshots")
    for name, opened in (("desktop", desktop), ("phone", phone)):
        shot = folder / f"index-{name}.png"
        opened.tab.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000  # drawn, not a blank page
    print(f"screenshots of the index page: {folder}")
