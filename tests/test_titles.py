"""build: slide titles from the lesson's outline (issue 14 §3), beyond the build fixtures."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from exporter.builder import build_deck
from exporter.builder.titles import closing_title, continues, distinct_titles, key, repeats
from exporter.model import (
    ENGLISH,
    Block,
    Bullet,
    Code,
    Image,
    Layout,
    Paragraph,
    Run,
    Slide,
    plain_text,
)
from exporter.source import parse_source, read_source
from tests.conftest import LESSONS

FIXTURES = Path(__file__).parent / "fixtures"
REAL_SHAPED = sorted(
    [
        *LESSONS.rglob("*.md"),
        *(FIXTURES / "compare").glob("*.md"),
        *(FIXTURES / "stress").glob("*.md"),
        *(FIXTURES / "build").glob("*.md"),
    ]
)
SEED_TITLE = "Security and Compliance: Understanding AWS Shared Responsibility Model"


def titles_of(path: Path) -> list[str]:
    source = read_source(path)
    deck, _ = build_deck(source, [page.blocks for page in source.pages], path.stem)
    return [plain_text(slide.title) for slide in deck.slides]


@pytest.mark.parametrize("path", REAL_SHAPED, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_no_two_slides_of_a_deck_share_a_title(path: Path) -> None:
    titles = titles_of(path)
    assert len({key(title) for title in titles}) == len(titles), titles


@pytest.mark.parametrize(
    ("heading", "lesson"),
    [
        ("AWS Security and Compliance Overview", SEED_TITLE),
        ("Transport and Routing", "Computer Networks: Transport, Routing and Firewalls"),
        (
            "Hands-on: Launching Your First EC2 Instance",
            "Hands-on: Launching Your First EC2 Instance",
        ),
        ("Lab Overview", "Lab: Building a Two-Tier VPC"),
        ("Bucket Basics", "Amazon S3: Buckets and Objects"),
        ("networking:  vpc basics", "Networking: VPC Basics"),
    ],
)
def test_an_opening_heading_that_repeats_the_lesson_title(heading: str, lesson: str) -> None:
    assert repeats(heading, lesson)


@pytest.mark.parametrize(
    ("heading", "lesson"),
    [
        ("What Is Amazon VPC?", "Networking: VPC Basics — Subnets & Routing (Part 1)"),
        ("Protecting Applications from DDoS Attacks", "Security & Compliance (Part 2): DDoS"),
        ("Choosing Compute and Databases", "Compute & Databases: EC2 Pricing, AWS Lambda"),
        ("Overview", SEED_TITLE),
        ("Buckets", "Amazon S3: Buckets and Objects"),  # one word of the title: a part of it
        ("Links", "Link colour"),
        ("Path", "Code path"),
        ("Processes or Threads?", "Processes and Threads"),  # a question the title does not ask
        ("Why Use an Overview of S3 Buckets?", "Amazon S3: Buckets and Objects"),
    ],
)
def test_an_opening_heading_with_a_subject_of_its_own(heading: str, lesson: str) -> None:
    assert not repeats(heading, lesson)


def test_a_question_under_the_opening_heading_titles_the_first_page() -> None:
    """Reviewed: ``#### Processes or Threads?`` under ``### Processes and Threads`` (the
    lesson's title) was taken for the title again: the page was titled "Overview" and the
    question shown nowhere."""
    text = (
        "---\ntitle: Processes and Threads\n---\n\n### Processes and Threads\n\n"
        "#### Processes or Threads?\n\nBoth run code at once; they differ in what they share.\n"
    )
    source = parse_source(text.encode("utf-8"))
    deck, _ = build_deck(source, [page.blocks for page in source.pages], "lesson")
    titles = [plain_text(slide.title) for slide in deck.slides]
    assert titles == ["Processes and Threads", "Processes or Threads?"]  # the title slide first


def bullet(text: str, number: int | None = None, level: int = 0) -> Bullet:
    return Bullet((Run(text),), level, number)


@pytest.mark.parametrize(
    ("last", "first", "goes_on"),
    [
        (bullet("Pick an AMI.", 3), bullet("Pick a type.", 4), True),
        (bullet("Typical inbound rules:"), bullet("Referencing groups."), True),
        (Paragraph((Run("Nested note."),), 1), bullet("Default outbound."), True),
        (Paragraph((Run("Run this from your key's folder:"),)), Code("ssh host"), True),
        (bullet("Install httpd."), Paragraph((Run("then open the address."),)), True),
        (bullet("Encryption is yours."), Paragraph((Run("Shield absorbs attacks."),)), False),
        (Code("aws s3 ls"), Paragraph((Run("Keep code in version control."),)), False),
        (None, bullet("A first item."), False),
    ],
)
def test_a_page_without_a_heading_goes_on_only_with_content_that_goes_on(
    last: Block | None, first: Block, goes_on: bool
) -> None:
    assert continues(last, first) is goes_on


def test_a_closing_paragraph_is_titled_by_the_lesson_without_its_course_prefix() -> None:
    def title(lesson: str) -> str:
        return plain_text(closing_title(lesson, ENGLISH))

    assert title("Networking: VPC Basics (Part 1)") == "VPC Basics (Part 1)"
    assert title("Hands-on: 3 Ways to Launch") == "3 Ways to Launch"
    assert title("VPC Basics") == "Summary: VPC Basics"
    assert title("Titles: levels and pages") == "Summary: Titles: levels and pages"


@pytest.mark.parametrize(
    ("lang", "lesson", "own"),
    [
        (
            "es",
            "Seguridad y cumplimiento: el modelo de responsabilidad",
            "El modelo de responsabilidad",
        ),
        ("fr", "Réseau : les bases du VPC", "Les bases du VPC"),  # French spacing
        ("fr", "Réseau: les bases du VPC", "Les bases du VPC"),
        (
            "de",
            "Sicherheit: Das Modell der geteilten Verantwortung",
            "Das Modell der geteilten Verantwortung",
        ),
        ("en-GB", "Titles: levels and pages", "Summary"),
    ],
)
def test_a_closing_paragraph_in_a_sentence_case_language_is_titled_by_its_own_part(
    lang: str, lesson: str, own: str
) -> None:
    words = replace(ENGLISH, lang=lang)
    title = plain_text(closing_title(lesson, words))
    assert title == own or (own == "Summary" and title.startswith("Summary: "))


def test_repeated_titles_are_numbered_continuations_counted_on() -> None:
    titles = ["A", "B (continued)", "B (continued)", "a", "B (continued)", "A (2)"]
    slides = [Slide(Layout.BULLETS, (Run(title),), (), 1) for title in titles]
    assert [plain_text(s.title) for s in distinct_titles(slides, ENGLISH)] == [
        "A",
        "B (continued)",
        "B (continued 2)",
        "a (2)",
        "B (continued 3)",
        "A (2) (2)",
    ]


def test_sister_pages_look_the_same() -> None:
    deck_titles = titles_of(FIXTURES / "build" / "hierarchy-sister-pages.md")
    assert deck_titles[5:8] == [
        "Examples of Shared Responsibility",
        "Examples of Shared Responsibility (continued)",
        "Examples of Shared Responsibility (continued 2)",
    ]
    source = read_source(FIXTURES / "build" / "hierarchy-sister-pages.md")
    deck, _ = build_deck(source, [page.blocks for page in source.pages], "x")
    sisters = deck.slides[5:8]
    assert {slide.layout for slide in sisters} == {Layout.TWO_COLUMN}
    shapes = [[type(block).__name__ for block in slide.body] for slide in sisters]
    assert shapes == [["Subheading", "Columns"]] * 3


@pytest.mark.parametrize(
    ("text", "front_matter"),
    [("---\ntitle: x\n---\n# A\n", True), ("---\n---\n# A\n", True), ("# A\n\ntext\n", False)],
)
def test_source_says_whether_the_lesson_has_front_matter(text: str, front_matter: bool) -> None:
    assert parse_source(text.encode()).front_matter is front_matter


@pytest.mark.parametrize("next_heading", ["#### Who Does What", ""])
def test_an_image_in_a_dropped_opening_heading_stays_on_its_slide(next_heading: str) -> None:
    """The opening heading repeats the lesson's title and gives way (to the next heading, or
    to "Overview"), but the logo written in it is still shown."""
    text = (
        "---\ntitle: IAM Basics\n---\n\n### IAM Basics ![IAM logo](iam.png)\n\n"
        f"{next_heading}\n\nEvery request is checked against a policy.\n"
    )
    source = parse_source(text.encode())
    deck, _ = build_deck(source, [page.blocks for page in source.pages], "iam")
    slide = deck.slides[1]
    assert plain_text(slide.title) == (next_heading.lstrip("# ") or "Overview")
    assert [block.alt for block in slide.body if isinstance(block, Image)] == ["IAM logo"]


def deck_of(text: str) -> list[Slide]:
    source = parse_source(text.encode())
    deck, _ = build_deck(source, [page.blocks for page in source.pages], "lesson")
    return list(deck.slides)


BREAK = "\n\n<!-- pagebreak -->\n\n"
PARTS = BREAK.join(
    [
        "---\ntitle: Networking Basics\n---\n\n# Networking Basics\n\n- What a VPC is",
        "# Part 1: Addresses",
        "## CIDR blocks\n\n- A /16 block holds 65,536 addresses",
        "## Part 2: Routing\n\n### How packets find their way\n\n<!-- a note to self -->",
        "## Route tables\n\n- Each subnet has one",
        "#### Route targets\n\n- An internet gateway",
    ]
)


def test_a_page_of_a_heading_alone_is_a_section_header() -> None:
    slides = deck_of(PARTS)
    shown = [
        (slide.layout, plain_text(slide.title), plain_text(slide.subtitle)) for slide in slides
    ]
    assert shown[2:] == [
        (Layout.SECTION, "Part 1: Addresses", ""),
        (Layout.BULLETS, "CIDR blocks", ""),  # its own title: the header opened no topic
        (Layout.SECTION, "Part 2: Routing", "How packets find their way"),
        (Layout.BULLETS, "Route tables", ""),
        (Layout.BULLETS, "Route tables (continued)", ""),  # a deeper heading goes on with it
    ]
    assert all(slide.body == () for slide in slides if slide.layout is Layout.SECTION)


@pytest.mark.parametrize(
    "page",
    [
        "## Part 2\n\nRouting is how packets find their way.",  # a heading and its text
        "## Part 2\n\n### Routing\n\n### Firewalls",  # three headings: an outline
    ],
    ids=["text", "three-headings"],
)
def test_a_page_with_more_than_headings_is_no_section_header(page: str) -> None:
    slides = deck_of(f"---\ntitle: T\n---\n\n## First\n\n- a point{BREAK}{page}")
    assert slides[-1].layout is not Layout.SECTION


def test_a_picture_among_a_headings_words_is_an_icon_in_its_title() -> None:
    """A picture written among a heading's words is an icon in the title's line (it joined
    the body as a picture of its own, which made a page of a heading alone no section
    header): the page is still a heading alone, a section header."""
    slides = deck_of(f"---\ntitle: T\n---\n\n## First\n\n- a point{BREAK}## Part 2 ![map](map.png)")
    assert slides[-1].layout is Layout.SECTION and slides[-1].body == ()
    assert [run.style.icon and run.style.icon.src for run in slides[-1].title] == [None, "map.png"]


@pytest.mark.parametrize("notes", ["", "\n\n<!-- notes: Welcome everyone. -->"])
def test_an_opening_page_that_only_repeats_the_lesson_title_adds_no_slide(notes: str) -> None:
    """The title slide shows the lesson's title: a page of that heading alone would be an
    empty "Overview" slide, unless it holds speaker notes."""
    text = f"---\ntitle: IAM Basics\n---\n\n# IAM Basics{notes}{BREAK}## Users\n\n- people"
    slides = deck_of(text)
    titles = [plain_text(slide.title) for slide in slides]
    assert titles == (["IAM Basics", "Users"] if not notes else ["IAM Basics", "Overview", "Users"])


def test_a_section_header_at_the_root_level_leaves_the_root_heading_alone() -> None:
    """``### IAM Basics`` stands for the whole lesson (its pages are ``####``) even when a
    ``### Part 2`` page divides the lesson: its pages are not the root's continuations."""
    text = BREAK.join(
        [
            "---\ntitle: Identity\n---\n\n### IAM Basics\n\nWho may do what.",
            "#### Users\n\n- people",
            "### Part 2: Policies",
            "#### Policy documents\n\n- JSON",
        ]
    )
    titles = [plain_text(slide.title) for slide in deck_of(text)]
    assert titles == ["Identity", "IAM Basics", "Users", "Part 2: Policies", "Policy documents"]
