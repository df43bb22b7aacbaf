"""build: weigh the evidence that a list of two bold lead-ins is a comparison.

No single rule decides. Each signal found on the page adds a weight for two columns or against
them, and the page is laid out as two columns only when the sum reaches ``THRESHOLD``: a missed
comparison is an ordinary bullet slide, a false one misleads the class.

For: the page's headings or lead say so (``vs.``, ``compared``, ``X or Y``, ``types of``); the
headings, or the previous page's heading, name both sides; the labels contrast (opposed
modifiers such as standard / advanced, a negating affix such as synchronous / asynchronous, two
parties such as AWS / customer, or two modifiers of one shared head noun); both items are
label-only parents of a list; the two sides are of similar length.
Against: labels or their text in imperative position (``Create the VPC``), a ``Step N`` heading
or numbered labels, a numbered list, a hands-on guide's title, code on the page, and two sides of
very unequal length.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from exporter.model import Evidence, Signal, Verdict

THRESHOLD = 3
"""The score from which a page becomes two columns."""

STRONG = re.compile(
    r"\bvs\b\.?|\bversus\b|\bcompar(?:e|ed|es|ing|ison|isons)\b|\bdiffer(?:s|ence|ences)?\b"
    r"|\bcontrast(?:s|ed|ing)?\b|\btrade-?offs?\b|\bchoos(?:e|ing) between\b"
    # The same in the other languages lessons are written in (``words``): es, fr, de.
    r"|\bfrente a\b|\bcomparaci[oó]n\b|\bcomparad[oa]s? con\b|\bdiferencias?\b"
    r"|\bface à\b|\bcomparaison\b|\bcompar[ée]e?s? (?:à|avec)\b|\bdiff[ée]rences?\b"
    r"|\bgegenüber\b|\bim vergleich\b|\bvergleich\b|\bunterschiede?\b",
    re.IGNORECASE,
)
ALTERNATIVE = re.compile(r"^[^:]*\w\s+or\s+\w[^:]*\??$", re.IGNORECASE)  # "Threads or Processes?"
KINDS = re.compile(
    r"\b(?:types?|kinds?|tiers?|modes?|options?|classes|flavou?rs?|variants?|choices"
    r"|alternatives)\b",
    re.IGNORECASE,
)
WHICH = re.compile(r"\bwhen to use\b|\bwhich one\b|\bwhich to\b|\bwhich\?", re.IGNORECASE)
STEP_HEADING = re.compile(
    r"^\s*(?:step|task|exercise|part|phase|stage|module|lab)\s*\d+\b|\bstep[- ]by[- ]step\b",
    re.IGNORECASE,
)
NUMBERED_LABEL = re.compile(
    r"^\s*(?:step|task|exercise|part|phase|stage|day|week|lab)\s*\d+\b", re.IGNORECASE
)
GUIDE = re.compile(
    r"\bhands-?on\b|\blab\b|\bwalkthrough\b|\btutorial\b|\bworkshop\b|\bstep[- ]by[- ]step\b"
    r"|\bhow to\b|\bexercise\b",
    re.IGNORECASE,
)
LABEL_END = re.compile(r"\s[-\u2013\u2014]\s|[,:;(]")  # a spaced dash, comma, colon...

ARTICLES = frozenset(
    {"a", "an", "the"}
    | {"le", "la", "les", "l'", "un", "une"}  # French
    | {"el", "los", "las", "una"}  # Spanish
    | {"der", "das", "ein", "eine", "dem", "den"}  # German
)
"""Articles, in the languages lessons are written in (``words``: en, de, fr, es)."""
PREPOSITIONS = frozenset(
    {"at", "by", "for", "from", "in", "into", "of", "on", "over", "to", "under", "via", "with"}
    | {"de", "d'", "du", "des", "pour", "par", "sur", "dans", "avec", "au", "aux"}  # French
    | {"del", "para", "por", "con", "en"}  # Spanish
    | {"von", "vom", "für", "fur", "mit", "bei", "zur", "zum"}  # German
)
"""Prepositions, in the same languages: a label's noun phrase ends at one (``core``), and
``Responsabilités d'AWS`` / ``Responsabilités du client`` are two kinds of one head noun."""
ELIDED = re.compile(r"^(d|l|qu)'(?=\w)")
"""French elision: ``d'AWS`` is the preposition ``d'`` and ``AWS``."""
DETERMINERS = frozenset(
    {"a", "an", "the", "your", "it", "its", "all", "each", "every", "this", "these", "that"}
    | {"those", "one", "some", "any", "new", "our", "my", "them", "up", "out", "down", "off"}
)
# Verbs that open an instruction whatever follows them.
VERBS = frozenset(
    {"add", "attach", "choose", "click", "clone", "configure", "connect", "create", "delete"}
    | {"deploy", "detach", "disable", "download", "drag", "enable", "enter", "fill", "follow"}
    | {"go", "install", "launch", "modify", "navigate", "paste", "pick", "prepare", "press"}
    | {"remove", "restart", "select", "sign", "skip", "specify", "submit", "switch", "tap"}
    | {"terminate", "tick", "turn", "uninstall", "upload", "verify", "write", "acknowledge"}
)
# Words that are verbs or nouns: an instruction only when a determiner follows them.
MAYBE_VERBS = frozenset(
    {"apply", "block", "build", "check", "collect", "copy", "draw", "edit", "empty", "find"}
    | {"keep", "leave", "list", "log", "make", "measure", "open", "plot", "put", "review"}
    | {"run", "save", "search", "set", "start", "stop", "test", "update", "use", "wait"}
)


CLOSED = frozenset({"de", "nl"})
"""Languages that write compounds closed, as one word: two labels ending in one head of
``COMPOUND_HEAD`` letters are two kinds of it (``Anbieterverantwortung``,
``Kundenverantwortung``)."""
COMPOUND_HEAD = 6
"""The fewest letters of a compound's head for two compounds of it to be two kinds of it
(``Verantwortung``, ``Processing``; not ``Tier`` of ``Web-Tier`` and ``App-Tier``)."""


def pairs(*rows: str) -> frozenset[frozenset[str]]:
    """Return the ``x/y`` pairs written in ``rows``, as unordered pairs."""
    return frozenset(frozenset(pair.split("/")) for row in rows for pair in row.split())


# Pairs of modifiers that oppose each other, written singular and lower-case.
OPPOSITES = pairs(
    "standard/advanced basic/advanced basic/premium free/paid public/private",
    "internal/external static/dynamic manual/automatic manual/automated hot/cold",
    "warm/cold before/after old/new legacy/modern pro/con benefit/drawback",
    "benefit/limitation benefit/risk strength/weakness do/don't dos/don'ts good/bad",
    "right/wrong push/pull read/write primary/secondary primary/replica client/server",
    "frontend/backend front-end/back-end input/output source/target online/offline",
    "physical/virtual vertical/horizontal forward/reverse upstream/downstream",
    "short-term/long-term high/low small/large fast/slow cheap/expensive",
    "temporary/permanent explicit/implicit local/remote local/global regional/global",
    "single/multi shared/dedicated fixed/variable open/closed",
    "optimistic/pessimistic strong/weak north/south east/west northern/southern",
    "eastern/western soft/hard simple/complex serial/parallel sequential/parallel",
    "centralised/distributed centralized/distributed monolith/microservice",
    "aws/customer aws/you provider/customer vendor/customer buyer/seller",
    "producer/consumer publisher/subscriber sender/receiver landlord/tenant host/guest",
    "teacher/student us/them",
)
NEGATING = ("non", "no", "un", "in", "im", "ir", "il", "a", "an", "de", "dis", "anti")
ORDINALS = ("first", "second", "third", "fourth", "fifth", "next", "final", "last", "initial")
# Head nouns that name a part of the lesson, not a kind of thing.
GENERIC_HEADS = frozenset(
    {"overview", "introduction", "summary", "example", "setup", "set-up", "step", "task"}
    | {"note", "tip", "question", "resource", "reading", "review", "recap", "objective"}
    | {"prerequisite", "requirement", "detail", "point", "section", "part", "topic", "idea"}
)


@dataclass(frozen=True)
class Setting:
    """What around a list speaks for or against a comparison."""

    headings: tuple[str, ...]
    """The page's headings, the slide's title first."""
    lead: str
    """The page's paragraphs outside the list."""
    context: tuple[str, ...]
    """The previous page's heading and the lesson's title."""
    lesson: str
    """The lesson's title."""
    code: bool
    """Whether the page holds a code block."""
    lang: str = "en"
    """The lesson's language (``de``: compounds are written closed, ``Kundenverantwortung``)."""


@dataclass(frozen=True)
class Side:
    """One of the two items, as the detector reads it."""

    label: str
    """The bold label, without its colon."""
    opening: str
    """The item's first text after the label (its first nested item's for a parent)."""
    words: int
    """How many words the item holds after its label."""
    parent: bool
    """Whether the item is a label-only parent of a nested list."""


def weigh(left: Side, right: Side, ordered: bool, setting: Setting) -> Verdict:
    """Return the verdict on a two-item list whose items are ``left`` and ``right``."""
    found = [
        *wording(setting),
        *named(left.label, right.label, setting),
        *contrast(left.label, right.label, setting.lang),
        *form(left, right, ordered),
        *instructions(left, right),
        *procedure(setting),
    ]
    evidence = tuple(sorted(found, key=lambda item: -abs(item.weight)))
    score = sum(item.weight for item in evidence)
    columns = score >= THRESHOLD
    said = "; ".join(f"{item.detail} ({item.weight:+d})" for item in evidence) or "no evidence"
    verdict = "two columns" if columns else "one column"
    return Verdict(evidence, columns, f"{verdict}, score {score} of {THRESHOLD}: {said}")


def wording(setting: Setting) -> Iterator[Evidence]:
    """Yield what the page's headings and lead say about a comparison or a procedure."""
    for heading in setting.headings:
        if STEP_HEADING.search(heading):
            yield Evidence(Signal.SEQUENCE, -3, f"the heading {heading!r} is a step")
            return
    said = [
        (weight, f"the heading {text!r} {what}")
        for text in setting.headings
        for weight, what in heading_words(text)
    ]
    said += [(weight - 1, f"the lead {what}") for weight, what in heading_words(setting.lead)]
    if said:
        weight, detail = max(said, key=lambda pair: pair[0])
        yield Evidence(Signal.WORDING, weight, detail)


def heading_words(text: str) -> Iterator[tuple[int, str]]:
    """Yield the weight and a description of each comparison wording in ``text``."""
    strong = STRONG.search(text)
    if strong:
        yield 3, f"says {strong.group(0)!r}"
    if "\n" not in text and ALTERNATIVE.match(text.strip()):
        yield 3, "asks 'X or Y'"
    kinds = KINDS.search(text)
    if kinds:
        yield 2, f"says {kinds.group(0)!r}"
    which = WHICH.search(text)
    if which:
        yield 1, f"says {which.group(0)!r}"


def named(left: str, right: str, setting: Setting) -> Iterator[Evidence]:
    """Yield evidence when the headings, or the context, name both sides."""
    a, b = distinct(core(left), core(right))
    if not a or not b:
        return
    page = words_of(" ".join(setting.headings))
    if a & page and b & page:
        yield Evidence(Signal.NAMED, 1, "the page's headings name both sides")
        return
    for text in setting.context:
        there = words_of(text)
        if a & there and b & there:
            yield Evidence(Signal.NAMED, 1, f"{text!r} before this page names both sides")
            if STRONG.search(text) or ALTERNATIVE.match(text.strip()):
                yield Evidence(Signal.WORDING, 2, f"{text!r} before this page compares them")
            return


def contrast(left: str, right: str, lang: str = "en") -> Iterator[Evidence]:
    """Yield what the two labels' words say: opposed modifiers, a shared head (a compound's
    too), a sequence."""
    a, b = core(left), core(right)
    if a == b:  # "Pass by Value" and "Pass by Reference" differ after the preposition
        a, b = tokens(left), tokens(right)
    a, b = tuple(map(singular, a)), tuple(map(singular, b))  # "Root User" / "IAM Users"
    if NUMBERED_LABEL.match(left) and NUMBERED_LABEL.match(right):
        yield Evidence(Signal.SEQUENCE, -3, "the labels are numbered")
        return
    start = common_prefix(a, b)
    end = common_prefix(a[start:][::-1], b[start:][::-1])
    ma, mb = a[start : len(a) - end], b[start : len(b) - end]
    if not ma or not mb:
        return
    # The head first, then a preposition: "Responsibilities of AWS", "Responsabilités d'AWS"
    # beside "Responsabilités du client" (the prepositions differ: left out).
    led = ma[0] in PREPOSITIONS and mb[0] in PREPOSITIONS and len(ma) > 1 and len(mb) > 1
    if led:
        ma, mb = ma[1:], mb[1:]
    head_first = start and a[0] not in PREPOSITIONS and (led or a[start - 1] in PREPOSITIONS)
    head = a[-1] if end else a[0] if head_first else None
    shown = f"{' '.join(ma)} / {' '.join(mb)}"
    if in_sequence(ma, mb):
        yield Evidence(Signal.SEQUENCE, -3, f"the labels count on: {shown}")
    elif opposed(" ".join(ma), " ".join(mb)):
        yield Evidence(Signal.CONTRAST, 3, f"the labels oppose {shown}")
    elif head is not None and singular(head) not in GENERIC_HEADS:
        weight = 2 if len(ma) == 1 and len(mb) == 1 else 1
        yield Evidence(Signal.CONTRAST, weight, f"two kinds of {head!r}: {shown}")
    elif len(a) == len(b) == 1 and (joined := compound(a[0], b[0], lang)) is not None:
        head, ra, rb = joined  # "AWS-Verantwortung" / "Kundenverantwortung"
        yield Evidence(Signal.CONTRAST, 2, f"two kinds of {head!r}: {ra} / {rb}")


def compound(x: str, y: str, lang: str = "en") -> tuple[str, str, str] | None:
    """Return the head two one-word labels are compounds of, and what each puts before it:
    where one joins it with a hyphen (``aws-verantwortung`` and ``kundenverantwortung``:
    ``verantwortung``, ``aws``, ``kunden``), or, in a language that writes compounds closed
    (``CLOSED``), where both end in it (``anbieterverantwortung``); ``None`` otherwise."""
    for word, other in ((x, y), (y, x)):
        before, hyphen, head = word.rpartition("-")
        if not hyphen or not before or len(head) < COMPOUND_HEAD:
            continue
        rest = other.removesuffix(head).rstrip("-")
        if rest and rest != other:
            return (head, before, rest) if word == x else (head, rest, before)
    if lang.split("-")[0].lower() not in CLOSED:
        return None
    shared = common_prefix(x[::-1], y[::-1])
    head, ra, rb = x[len(x) - shared :], x[: len(x) - shared], y[: len(y) - shared]
    if shared < COMPOUND_HEAD or len(ra) < 2 or len(rb) < 2:
        return None
    return head, ra.rstrip("-"), rb.rstrip("-")


def form(left: Side, right: Side, ordered: bool) -> Iterator[Evidence]:
    """Yield what the list's shape says: parallel parents, balance, numbering."""
    if left.parent and right.parent:
        yield Evidence(Signal.PARALLEL, 1, "both items are label-only parents of a list")
    small, large = sorted((left.words, right.words))
    if large and small / large >= 0.5:
        yield Evidence(Signal.BALANCE, 1, f"the sides are balanced ({left.words}/{right.words})")
    elif large >= 20 and small / large < 0.25:
        yield Evidence(Signal.BALANCE, -1, f"the sides are unequal ({left.words}/{right.words})")
    if ordered:
        yield Evidence(Signal.SEQUENCE, -1, "the list is numbered")


def instructions(left: Side, right: Side) -> Iterator[Evidence]:
    """Yield evidence against when the labels, or the texts after them, are instructions."""
    labels = sum(imperative(side.label) for side in (left, right))
    if labels:
        which = "both labels" if labels == 2 else "a label"
        yield Evidence(Signal.IMPERATIVE, -2 * labels, f"{which} open with a verb")
    if all(imperative(side.opening) for side in (left, right)):
        yield Evidence(Signal.IMPERATIVE, -2, "both sides tell the reader what to do")


def procedure(setting: Setting) -> Iterator[Evidence]:
    """Yield evidence against when the page reads as part of a hands-on guide."""
    if GUIDE.search(setting.lesson):
        yield Evidence(Signal.PROCEDURE, -1, "the lesson is a hands-on guide")
    if setting.code:
        yield Evidence(Signal.PROCEDURE, -1, "the page holds code")


def imperative(text: str) -> bool:
    """Return whether ``text`` opens with a verb in imperative position."""
    first, *rest = [word.strip(".,:;!?*`'\"()") for word in text.lower().split()] or [""]
    if not rest:
        return False  # a lone word ("Stop", "Merge") names a thing as often as an act
    return first in VERBS or (first in MAYBE_VERBS and rest[0] in DETERMINERS)


def tokens(label: str) -> tuple[str, ...]:
    """Return a label's words, lower-case, without articles (an elided French article or
    preposition its own word: ``d'aws`` is ``d'``, ``aws``)."""
    text = label.lower().replace("\u2019", "'")
    found = []
    for word in text.split():
        elided = ELIDED.match(word)
        if elided:
            found.append(elided.group(0))
            word = word[elided.end() :]
        found.append(word.strip(".,'\"!?*`"))
    return tuple(word for word in found if word and word not in ARTICLES)


def core(label: str) -> tuple[str, ...]:
    """Return the words of a label's leading noun phrase: up to a comma, a colon or a
    preposition after its first word (``AWS Responsibilities for the hardware``)."""
    words = tokens(LABEL_END.split(label, maxsplit=1)[0])
    cut = next((i for i, word in enumerate(words) if i and word in PREPOSITIONS), len(words))
    return words[:cut]


def words_of(text: str) -> set[str]:
    """Return the singular forms of the words of ``text``."""
    return {singular(word) for word in re.findall(r"[a-z0-9][a-z0-9'-]*", text.lower())}


def distinct(a: Sequence[str], b: Sequence[str]) -> tuple[set[str], set[str]]:
    """Return the words only ``a`` has and the words only ``b`` has, in singular form."""
    sa = {singular(part) for word in a for part in word.split("-")} - PREPOSITIONS
    sb = {singular(part) for word in b for part in word.split("-")} - PREPOSITIONS
    return sa - sb, sb - sa


def singular(word: str) -> str:
    """Return a plural English word's singular form, roughly."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def common_prefix(a: Sequence[str], b: Sequence[str]) -> int:
    """Return how many leading items ``a`` and ``b`` share."""
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def in_sequence(a: Sequence[str], b: Sequence[str]) -> bool:
    """Return whether two modifiers count on (``1`` / ``2``, ``first`` / ``second``)."""
    if len(a) != 1 or len(b) != 1:
        return False
    x, y = a[0], b[0]
    first, second = number_of(x), number_of(y)
    if first is not None and second is not None:
        return second == first + 1
    return x in ORDINALS and y in ORDINALS


def number_of(text: str) -> float | None:
    """Return the number ``text`` writes in digits of any script (``12``, ``١٢``, ``②``,
    ``²``), or ``None``."""
    if text.isdecimal():
        return int(text)
    if len(text) == 1 and text.isdigit():  # a circled or superscript digit
        return unicodedata.numeric(text)
    return None


def opposed(x: str, y: str) -> bool:
    """Return whether two modifiers oppose each other, by vocabulary or by affix."""
    if frozenset({singular(x), singular(y)}) in OPPOSITES or frozenset({x, y}) in OPPOSITES:
        return True
    if " " in x or " " in y:
        return False
    (x_head, _, x_tail), (y_head, _, y_tail) = x.rpartition("-"), y.rpartition("-")
    if x_head and y_head and x_tail == y_tail:  # "single-az" / "multi-az"
        return opposed(x_head, y_head)
    start = common_prefix(x, y)
    end = common_prefix(x[start:][::-1], y[start:][::-1])
    shared, longest = start + end, max(len(x), len(y))
    mx, my = x[start : len(x) - end], y[start : len(y) - end]
    if not mx or not my:  # one word is the other with a negating prefix: "asynchronous"
        at_word = start == 0 or x[start - 1] == "-"
        return at_word and (mx or my).rstrip("-") in NEGATING and shared >= 3
    # one affix swapped for another: "stateful" / "stateless", "inbound" / "outbound"
    return len(mx) <= 4 and len(my) <= 4 and shared >= 4 and 2 * shared >= longest
