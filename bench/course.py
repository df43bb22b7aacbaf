"""bench: a synthetic course in the shape of the real lessons, for ``bench_batch.py``.

``write_course(folder, lessons, seed)`` writes ``lessons`` lessons into 19 section folders,
``folder/section-01/lesson-1.md`` and on (the lessons shared out as evenly as they go), and
returns the lessons' paths and the course's shape. Everything comes from ``random.Random``
seeded with ``seed`` and the lesson's number, so the same arguments write the same bytes.

Each lesson is written as ``lessons/`` and ``/work/shared/seed`` are: YAML front matter
(``layout``, ``title``, ``section: Section-NN``, ``lesson``), pages separated by
``<!-- pagebreak -->`` lines (1 to 9 pages, median 4), headings from ``#`` to ``#####``, and
pages of these kinds:

- ``overview``: a heading, a subheading and a paragraph or two (every lesson's first page);
- ``leadins``: bullets with bold lead-ins (``- **Data Encryption**: ...``), labels that share
  no word, so that two of them are not taken for a comparison;
- ``nested``: a numbered or bulleted list of bold steps, each with indented sub-bullets;
- ``comparison``: a two-column page, either two label-only bold parents with sub-bullets
  (``- **AWS Responsibilities**:`` / ``- **Customer Responsibilities**:``, as in the seed) or
  two bold lead-ins whose labels pair up (``#### RDS vs. Aurora`` over ``**RDS**`` and
  ``**Aurora**``, or ``**Shield Standard**`` / ``**Shield Advanced**``);
- ``long``: 14 to 22 bullets, more than a slide holds at 18 pt, so the page is split;
- ``table``: a native table of three columns; ``code``: AWS CLI commands or a JSON policy in
  a fenced block, alone on its slide or after a line of text;
- ``image``: a lone local PNG (``images/diagram.png`` in the section folder, drawn here with
  Pillow, 640 x 360 px); at most one a lesson, in about one lesson in six;
- ``closing``: a paragraph with no heading (it continues the last title), sometimes last.

About one page in five has speaker notes (``<!-- notes: ... -->``). Text is made from the word
lists below, so no two lessons are the same. No remote image, so nothing is downloaded.
"""

from __future__ import annotations

import itertools
import random
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


def listing(text: str) -> tuple[str, ...]:
    """Return the items of a comma-separated word list."""
    return tuple(item.strip() for item in text.split(","))


SECTIONS = 19
PAGE_COUNTS = {1: 3, 2: 8, 3: 17, 4: 30, 5: 16, 6: 11, 7: 7, 8: 5, 9: 3}
"""How many pages a lesson has, with weights: median 4, at most 9."""
KINDS = {"leadins": 26, "nested": 14, "comparison": 18, "long": 8, "table": 8, "code": 8}
"""The kinds of the pages after the first, with weights (``image`` and ``closing`` aside)."""
NOTES_SHARE = 0.2
IMAGE_SHARE = 1 / 6
PAGEBREAK = "\n\n<!-- pagebreak -->\n\n"

TOPICS = listing(
    "Security and Compliance, Networking, Storage, Compute, Databases, "
    "Monitoring and Logging, Cost Management, Migration, Analytics, Application Integration, "
    "Identity & Access Management, Containers, Serverless, High Availability, "
    "Disaster Recovery, Governance, Machine Learning, Edge Services, Deployment and DevOps"
)
SERVICES = listing(
    "Amazon S3, Amazon EC2, Amazon RDS, Aurora, DynamoDB, AWS Lambda, CloudFront, Route 53, "
    "IAM, AWS KMS, CloudTrail, CloudWatch, Elastic Load Balancing, EC2 Auto Scaling, "
    "Amazon EBS, Amazon EFS, Amazon SQS, Amazon SNS, Kinesis, Redshift, ElastiCache, "
    "Amazon ECS, Amazon EKS, Fargate, API Gateway, Step Functions, AWS Glue, Athena, "
    "Secrets Manager, AWS Config, GuardDuty, AWS WAF, AWS Organizations, AWS Backup, "
    "Direct Connect, Transit Gateway, Amazon VPC"
)
NOUNS = listing(
    "instance, bucket, policy, role, subnet, route table, snapshot, replica, queue, topic, "
    "function, key, certificate, endpoint, gateway, cluster, volume, table, stream, "
    "log group, alarm, dashboard, permission, credential, workload, deployment, backup, "
    "account, resource, tag, template, pipeline, container image, request, connection, "
    "security group"
)
ADJECTIVES = listing(
    "encrypted, private, public, managed, regional, durable, scalable, temporary, automated, "
    "isolated, redundant, cross-account, read-only, versioned, stateless, dedicated, shared, "
    "default, production, unused"
)
VERBS = listing(
    "manage, configure, monitor, encrypt, patch, rotate, audit, replicate, scale, tag, "
    "restore, secure, deploy, review, isolate, archive, provision, tune"
)
LABELS = listing(
    "Patch Management, Configuration Management, Awareness & Training, Data Encryption, "
    "Access Control, Network Configuration, Cost Allocation, Log Retention, Key Rotation, "
    "Incident Response, Capacity Planning, Backup Strategy, Change Tracking, "
    "Identity Federation, Data Residency, Performance Tuning, Lifecycle Rules, "
    "Service Quotas, Failover Testing, Least Privilege, Tagging Standards, Audit Trails"
)
PARTIES = (
    ("AWS Responsibilities", "Customer Responsibilities"),
    ("Advantages", "Limitations"),
    ("Use It When", "Avoid It When"),
    ("Primary Region", "Secondary Region"),
    ("Before Migration", "After Migration"),
)
"""Pairs of label-only bold parents (detected by their nested lists, not by their words)."""
PAIRED = (
    ("Shield Standard", "Shield Advanced"),
    ("Reserved Instances", "Spot Instances"),
    ("Gateway Endpoints", "Interface Endpoints"),
    ("S3 Standard", "S3 Glacier"),
    ("Application Load Balancer", "Network Load Balancer"),
    ("RDS", "Aurora"),
    ("SQS", "SNS"),
    ("ECS", "EKS"),
    ("EBS", "EFS"),
)
"""Pairs of bold lead-ins with text: they share a word, or the heading names both."""
RISKS = ("data loss", "an outage", "a security incident", "unexpected charges", "a failed audit")
UNITS = ("hour", "GB", "request", "million requests", "month", "second")
REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2", "eu-central-1", "us-west-2")


@dataclass(frozen=True)
class Shape:
    """What a written course holds."""

    lessons: int
    sections: int
    pages: tuple[int, ...]
    """Each lesson's number of pages, in the order of the lessons."""
    kinds: dict[str, int]
    """How many pages of each kind the course has."""
    notes: int
    """How many pages have speaker notes."""

    def describe(self) -> str:
        """Return the shape as one line of text."""
        kinds = ", ".join(f"{self.kinds.get(kind, 0)} {kind}" for kind in sorted(self.kinds))
        return (
            f"{self.lessons} lessons in {self.sections} sections; {sum(self.pages)} pages,"
            f" {statistics.median(self.pages):g} a lesson (median), {max(self.pages)} at most;"
            f" {self.kinds.get('comparison', 0)} comparison pages,"
            f" {self.kinds.get('long', 0)} long pages (split); by kind: {kinds};"
            f" {self.notes} with speaker notes"
        )


@dataclass(frozen=True)
class Course:
    """A written course: its folder, its lessons in order, and its shape."""

    folder: Path
    lessons: tuple[Path, ...]
    shape: Shape


class Writer:
    """Makes the text of one lesson from its own seeded ``random.Random``."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, words: tuple[str, ...]) -> str:
        return self.rng.choice(words)

    def sentence(self) -> str:
        """Return one sentence of course text, 8 to 20 words."""
        r = self.pick
        noun, other = (plural(word) for word in self.rng.sample(NOUNS, 2))
        templates = (
            f"{r(SERVICES)} {third(r(VERBS))} {r(ADJECTIVES)} {noun} across"
            f" {self.rng.randint(2, 6)} Availability Zones.",
            f"Customers are responsible for the {r(ADJECTIVES)} {noun} and the {other}"
            f" attached to them.",
            f"AWS is responsible for the hardware and software that run {r(SERVICES)},"
            f" including its {r(ADJECTIVES)} {noun}.",
            f"Use {r(SERVICES)} to {r(VERBS)} {r(ADJECTIVES)} {noun} without running"
            f" servers of your own.",
            f"A single {singular(noun)} can hold up to {self.rng.choice((5, 10, 50, 200))}"
            f" {other}, and each one is billed per {r(UNITS)}.",
            f"Teams that {r(VERBS)} their {r(ADJECTIVES)} {noun} regularly lower the risk"
            f" of {r(RISKS)}.",
            f"Tag each {singular(noun)} with `team={r(VERBS)}` so that {r(SERVICES)} can"
            f" {r(VERBS)} it.",
        )
        return self.rng.choice(templates)

    def sentences(self, low: int, high: int) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def short(self) -> str:
        """Return a sub-bullet: a short clause of 4 to 9 words, with its full stop."""
        r = self.pick
        clauses = (
            f"{r(VERBS).capitalize()} the {r(ADJECTIVES)} {plural(r(NOUNS))}.",
            f"Automated {r(NOUNS)} {gerund(r(VERBS))}.",
            f"{r(VERBS).capitalize()} {plural(r(NOUNS))} with {r(SERVICES)}.",
            f"Guaranteeing {r(ADJECTIVES)} {plural(r(NOUNS))} in every Region.",
            f"Separating {plural(r(NOUNS))} between different accounts.",
        )
        return self.rng.choice(clauses)

    def heading(self, level: int) -> str:
        r = self.pick
        titles = (
            f"{r(SERVICES)} {plural(r(NOUNS)).title()}",
            f"{r(ADJECTIVES).title()} {plural(r(NOUNS)).title()}",
            f"Example: {r(SERVICES)} {r(LABELS)}",
            f"{r(LABELS)} in {r(SERVICES)}",
            f"For {r(SERVICES)}",
        )
        return "#" * level + " " + self.rng.choice(titles)

    def labels(self, count: int) -> list[str]:
        """Return ``count`` lead-in labels, no two sharing a word."""
        chosen: list[str] = []
        for label in self.rng.sample(LABELS, len(LABELS)):
            words = set(label.split())
            if all(not words & set(other.split()) for other in chosen):
                chosen.append(label)
            if len(chosen) == count:
                break
        return chosen

    def notes(self) -> str:
        return f"<!-- notes: Ask the class how they would {self.pick(VERBS)} these. -->"


def plural(noun: str) -> str:
    """Return the plural of a noun of the word lists."""
    if noun.endswith("y") and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "sh", "ch")) else "s")


def third(verb: str) -> str:
    """Return a verb of the word lists as ``it ...``: ``patch`` gives ``patches``."""
    return verb + ("es" if verb.endswith(("sh", "ch")) else "s")


def gerund(verb: str) -> str:
    """Return a verb of the word lists with ``-ing``: ``manage`` managing, ``tag`` tagging."""
    if verb.endswith("e"):
        return verb[:-1] + "ing"
    return verb + ("g" if verb == "tag" else "") + "ing"


def singular(noun: str) -> str:
    """Return the singular of ``plural(noun)``."""
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    return noun[:-2] if noun.endswith(("ses", "shes", "ches")) else noun[:-1]


def overview(w: Writer) -> str:
    """A heading, a subheading and a paragraph or two, as the seed's first page."""
    level = w.rng.choice((1, 2, 3, 3))
    lines = [w.heading(level), "", w.heading(min(level + 1, 5)), "", w.sentences(2, 4)]
    if w.rng.random() < 0.4:
        lines += ["", w.heading(min(level + 2, 5)), "", w.sentences(1, 3)]
    return "\n".join(lines)


def leadins(w: Writer) -> str:
    """Bullets with bold lead-ins whose labels share no word."""
    items = [f"- **{label}**: {w.sentences(1, 2)}" for label in w.labels(w.rng.randint(2, 4))]
    return "\n".join([w.heading(w.rng.choice((2, 4, 5))), "", *items])


def nested(w: Writer) -> str:
    """Three or four bold steps, numbered or not, each with indented sub-bullets."""
    numbered = w.rng.random() < 0.5
    lines = [w.heading(w.rng.choice((2, 4))), ""]
    for number in range(1, w.rng.randint(3, 4) + 1):
        marker, indent = (f"{number}.", "   ") if numbered else ("-", "  ")
        step = f"{w.pick(VERBS).capitalize()} the {plural(w.pick(NOUNS))}"
        lines.append(f"{marker} **{step}**:")
        for _ in range(w.rng.randint(1, 2)):
            lines.append(f"{indent}- {w.short()}")
        if w.rng.random() < 0.3:
            lines.append(f"{indent}  - {w.short()}")
    return "\n".join(lines)


def comparison(w: Writer) -> str:
    """Two parties side by side: label-only parents with sub-bullets, or paired lead-ins."""
    if w.rng.random() < 0.6:
        left, right = w.rng.choice(PARTIES)
        lines = [f"##### For {w.pick(SERVICES)}", ""]
        if w.rng.random() < 0.3:
            lines = ["#### Examples of Shared Responsibility", "", *lines]
        for label in (left, right):
            lines += [f"- **{label}**:", ""] if label == left else [f"- **{label}**:"]
            lines += [f"  - {w.short()}" for _ in range(w.rng.randint(2, 4))]
            lines += [""] if label == left else []
        return "\n".join(lines)
    left, right = w.rng.choice(PAIRED)
    return "\n".join(
        [
            f"#### {left} vs. {right}",
            "",
            f"- **{left}**: {w.sentences(1, 2)}",
            f"- **{right}**: {w.sentences(1, 2)}",
        ]
    )


def long_page(w: Writer) -> str:
    """14 to 22 bullets: more than one slide holds, so the page is split."""
    lines = [w.heading(w.rng.choice((2, 3, 4))), ""]
    for _ in range(w.rng.randint(14, 22)):
        if w.rng.random() < 0.4:
            lines.append(f"- **{w.pick(LABELS)}**: {w.sentence()}")
        else:
            lines.append(f"- {w.sentence()}")
        if w.rng.random() < 0.15:
            lines.append(f"  - {w.short()}")
    return "\n".join(lines)


def table(w: Writer) -> str:
    """A comparison table of three columns and three to six rows."""
    left, right = w.rng.choice(PAIRED)
    rows = [f"| Feature | {left} | {right} |", "| --- | --- | --- |"]
    for label in w.rng.sample(LABELS, w.rng.randint(3, 6)):
        cells = [f"{w.pick(ADJECTIVES).capitalize()} {plural(w.pick(NOUNS))}" for _ in "ab"]
        rows.append(f"| {label} | {cells[0]} | {cells[1]} |")
    return "\n".join([f"#### Comparing {left} and {right}", "", *rows])


def code(w: Writer) -> str:
    """AWS CLI commands or a JSON policy, in a fenced code block."""
    name = f"{w.pick(ADJECTIVES)}-{w.pick(NOUNS).replace(' ', '-')}-{w.rng.randrange(16**6):06x}"
    if w.rng.random() < 0.5:
        block = [
            "```bash",
            f"aws s3api create-bucket --bucket {name} --region {w.pick(REGIONS)}",
            "",
            f"aws ec2 describe-instances --filters Name=tag:Team,Values={w.pick(VERBS)} \\",
            "    --query 'Reservations[].Instances[].InstanceId'",
            "",
            f"aws cloudwatch put-metric-alarm --alarm-name {name} --threshold"
            f" {w.rng.randint(50, 95)}",
            "```",
        ]
    else:
        block = [
            "```json",
            "{",
            '  "Version": "2012-10-17",',
            '  "Statement": [',
            "    {",
            '      "Effect": "Allow",',
            f'      "Action": ["s3:GetObject", "s3:{w.pick(VERBS).capitalize()}Object"],',
            f'      "Resource": "arn:aws:s3:::{name}/*"',
            "    }",
            "  ]",
            "}",
            "```",
        ]
    lead = [f"The commands below {w.pick(VERBS)} the {plural(w.pick(NOUNS))}.", ""]
    heading = f"#### Working with {w.pick(SERVICES)}"
    return "\n".join([heading, "", *(lead if w.rng.random() < 0.5 else []), *block])


def image(w: Writer) -> str:
    """A lone picture of the section's diagram."""
    return f"![Diagram of {plural(w.pick(NOUNS))} in {w.pick(SERVICES)}](images/diagram.png)"


def closing(w: Writer) -> str:
    """A paragraph with no heading: it continues the last page's title."""
    return f"You now know how to {w.pick(VERBS)} {plural(w.pick(NOUNS))}. {w.sentences(1, 2)}"


PAGES = {
    "leadins": leadins,
    "nested": nested,
    "comparison": comparison,
    "long": long_page,
    "table": table,
    "code": code,
}


def lesson_kinds(rng: random.Random) -> list[str]:
    """Return the kinds of one lesson's pages, in order."""
    count = rng.choices(list(PAGE_COUNTS), weights=list(PAGE_COUNTS.values()))[0]
    kinds = ["overview"]
    kinds += rng.choices(list(KINDS), weights=list(KINDS.values()), k=count - 1)
    if count > 2 and rng.random() < IMAGE_SHARE:
        kinds[rng.randrange(1, count)] = "image"
    if count > 1 and rng.random() < 0.25:
        kinds[-1] = "closing"
    return kinds


def lesson_text(
    topic: str, section: int, number: int, rng: random.Random
) -> tuple[str, Counter[str], int]:
    """Return a lesson's Markdown, how many pages of each kind it has, and its notes."""
    w = Writer(rng)
    title = f"{topic}: {w.pick(('Understanding', 'Working with', 'Securing'))} {w.pick(SERVICES)}"
    title += w.pick(("", "", f" {plural(w.pick(NOUNS)).title()}", " (Part 2)"))
    front = [
        "---",
        "layout: posts",
        "title: '" + title.replace("'", "''") + "'",
        f"section: Section-{section:02d}",
        f"lesson: {number}",
        "---",
        "",
        "",
    ]
    writers = {"overview": overview, "image": image, "closing": closing, **PAGES}
    kinds = lesson_kinds(rng)
    pages, notes = [], 0
    for kind in kinds:
        page = writers[kind](w)
        if kind != "image" and rng.random() < NOTES_SHARE:
            page, notes = f"{page}\n\n{w.notes()}", notes + 1
        pages.append(page)
    ending = "\n\n---\n" if rng.random() < 0.3 else "\n"
    return "\n".join(front) + PAGEBREAK.join(pages) + ending, Counter(kinds), notes


def write_diagram(path: Path, rng: random.Random) -> None:
    """Write a small PNG of boxes and arrows (Pillow, 640 x 360 px)."""
    from PIL import Image, ImageDraw  # imported here: only the course needs it

    picture = Image.new("RGB", (640, 360), "white")
    draw = ImageDraw.Draw(picture)
    colours = ("#232f3e", "#ff9900", "#1a73e8", "#2e7d32", "#8e24aa")
    boxes = [(40 + 200 * i, rng.randint(40, 220)) for i in range(3)]
    for x, y in boxes:
        draw.rectangle((x, y, x + 160, y + 100), outline=rng.choice(colours), width=6)
    for (x1, y1), (x2, y2) in itertools.pairwise(boxes):
        draw.line((x1 + 160, y1 + 50, x2, y2 + 50), fill="#555555", width=4)
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.save(path, optimize=True)


def sections_of(lessons: int) -> list[int]:
    """Return how many lessons each section gets: ``lessons`` shared out as evenly as they go."""
    sections = min(SECTIONS, lessons)
    return [lessons // sections + (index < lessons % sections) for index in range(sections)]


def write_course(folder: Path, lessons: int, seed: int) -> Course:
    """Write ``lessons`` lessons under ``folder``; return their paths and the course's shape."""
    paths, pages, kinds, notes = [], [], Counter[str](), 0
    for index, count in enumerate(sections_of(lessons)):
        section = index + 1
        write_diagram(
            folder / f"section-{section:02d}" / "images" / "diagram.png",
            random.Random(seed + section),
        )
        for number in range(1, count + 1):
            rng = random.Random(seed * 1_000_003 + section * 1000 + number)
            text, lesson_kinds_, lesson_notes = lesson_text(TOPICS[index], section, number, rng)
            path = folder / f"section-{section:02d}" / f"lesson-{number}.md"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
            pages.append(sum(lesson_kinds_.values()))
            kinds.update(lesson_kinds_)
            notes += lesson_notes
    shape = Shape(len(paths), min(SECTIONS, lessons), tuple(pages), dict(kinds), notes)
    return Course(folder, tuple(paths), shape)
