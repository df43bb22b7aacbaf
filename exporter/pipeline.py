"""The pipeline for one lesson: read → parse → build → fit → write, with all-or-nothing output.

Every output of a lesson is written to a temporary file beside its target and renamed into
place only when every requested format succeeded (``files.write_all``), so a failed lesson
leaves nothing behind.

The stages, and the libraries they use (mistune, PyYAML, Pillow, python-pptx, WeasyPrint...),
are imported when a lesson first needs them, a writer only for its own format: the command
starts without them, and ``preload`` imports them at once before workers are started.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from exporter.errors import Diagnostic, ExporterError, error, located, warning
from exporter.files import digest, remove_stale, write_all
from exporter.jobs import Asked, Job, Listing, Made, Result, SlideInfo, Status
from exporter.model import Columns, Question, View, label_text
from exporter.options import Options, Output
from exporter.paper import OUTLINE, Edition

if TYPE_CHECKING:
    from pathlib import Path

    from exporter.geometry import LaidOutDeck, PlacedSlide
    from exporter.resources import Downloads
    from exporter.source import Page
    from exporter.theme import Theme

STAGES = (
    "exporter.source",
    "exporter.parse",
    "exporter.builder",
    "exporter.resources",
    "exporter.fit",
    "exporter.fit.glyphs",
    "exporter.resources.resample",
    "exporter.limits",
    "exporter.rules",
)
"""The modules that read, parse, build and fit a lesson (``lay_out``)."""
WRITERS = {
    "pptx": ("exporter.writers.pptx",),
    "pdf": ("exporter.writers.html", "exporter.writers.pdf", "exporter.writers.joined"),
    "handout": ("exporter.writers.handout", "exporter.writers.pdf", "exporter.writers.joined"),
    "answers": ("exporter.writers.answers", "exporter.writers.pdf"),
    "index": ("exporter.writers.html", "exporter.writers.pdf", "exporter.writers.preview"),
    "book": (
        "exporter.writers.handout",
        "exporter.writers.pdf",
        "exporter.writers.joined",
        "exporter.writers.parts",
    ),
}
"""The modules that write each format (``render``)."""


def check_lesson(job: Job, options: Options, theme: Theme) -> Result:
    """Return what exporting one lesson would report, writing nothing; never raises for bad
    input. The status is ``CHECKED`` or ``FAILED``."""
    found: list[Diagnostic] = []
    try:
        laid = prepared(job, options, theme, found)
    except ExporterError as exc:
        found.append(exc.diagnostic)
        return Result(job, Status.FAILED, (), located(found, job.display))
    infos = slide_infos(laid)
    return Result(job, Status.CHECKED, (), located(found, job.display), infos, listing=listed(laid))


def prepared(
    job: Job,
    options: Options,
    theme: Theme,
    found: list[Diagnostic],
    read: Made | None = None,
) -> LaidOutDeck:
    """Return the lesson laid out, adding its warnings to ``found`` (and what it was made
    from to ``read``, as ``lay_out`` does).

    Raises ``ExporterError`` when it cannot be exported (or warns, under ``--strict``).
    """
    if job.refused:
        raise ExporterError(error("refused", job.refused))
    laid, diagnostics = lay_out(job, theme, downloads(options), read, options)
    drawn = draws_slides(options.outputs)
    found.extend(d for d in diagnostics if drawn or d.code not in SLIDES_ONLY or d.slide is None)
    if options.strict and found:
        message = f"--strict: {len(found)} warning(s) fail this lesson"
        raise ExporterError(error("strict", message))
    return laid


SLIDES_ONLY = frozenset({"overflow", "long-word"})
"""The warnings about how text sits on a slide: of no use where no slide is drawn (an outline
handout alone reflows the text on its pages)."""


def draws_slides(outputs: tuple[Output, ...]) -> bool:
    """Return whether any of ``outputs`` draws the lesson's slides: a deck, a slide PDF, a
    handout (or book) of slides; not an outline, an answer key or an index's preview."""
    return any(
        output.format in ("pptx", "pdf")
        or (output.format in ("handout", "book") and output.layout != OUTLINE)
        for output in outputs
    )


def export_lesson(job: Job, options: Options, theme: Theme) -> Result:
    """Export one lesson in every requested format; never raises for bad input."""
    found: list[Diagnostic] = []
    read = Made()
    targets = job.outputs(options)
    try:
        laid = prepared(job, options, theme, found, read)
        students = edition_of(laid, options)
        if students is not laid:  # the slides written are the students': so are the numbers
            found = numbered_for(students, laid, found)
        slides = slide_infos(students)  # the slides drawn: the students' in their edition
        rendered = render_all(laid, options, students, targets)
        outputs = {target: data for target, data in rendered.items() if data is not None}
        write_all(outputs)
        # An answer key left by an earlier export of a lesson that is no longer a quiz.
        remove_stale(target for target, data in rendered.items() if data is None)
    except ExporterError as exc:
        found.append(exc.diagnostic)
        failed = located(found, job.display)
        return Result(job, Status.FAILED, (), failed, (), remove_stale(targets))
    digests = tuple(digest(data) for data in outputs.values())
    diagnostics = located(found, job.display)
    images = tuple(read.images.items())
    return Result(
        job,
        Status.EXPORTED,
        tuple(outputs),
        diagnostics,
        slides,
        (),
        0.0,
        read.lesson,
        images,
        digests,
        listed(laid),
    )


def render_all(
    laid: LaidOutDeck, options: Options, students: LaidOutDeck, targets: list[Path]
) -> dict[Path, bytes | None]:
    """Return the bytes of every output by its target, in the order of ``targets`` (``None``
    for an answer key the lesson has none of).

    The index page's picture of the title slide is drawn last, from the slide PDF when the
    build writes one (about 2% of what that PDF costs; 13% when the title slide is put into a
    PDF of its own: bench/bench_index.py). A lesson's part of the course book is its handout
    in the book's layout without page numbers: taken from that handout when the build writes
    it (``writers.parts``), else laid out on its own.

    Raises ``ExporterError`` when the PDF renderer fails on the deck.
    """
    pairs = list(zip(options.outputs, targets, strict=True))
    last = ("index", "book")
    made: dict[str, bytes | None] = {
        output.name: render(output, laid, options, students)
        for output in options.outputs
        if output.format not in last
    }
    for output in options.outputs:
        if output.format == "book":
            made[output.name] = book_part(output, laid, options, students, made)
    slides = next((made[o.name] for o in options.outputs if o.format == "pdf"), None)
    for output in options.outputs:
        if output.format == "index":
            made[output.name] = render_title_preview(laid, options, slides)
    return {target: made[output.name] for output, target in pairs}


def book_part(
    output: Output,
    laid: LaidOutDeck,
    options: Options,
    students: LaidOutDeck,
    made: dict[str, bytes | None],
) -> bytes | None:
    """Return the lesson's part of the course book: the handout in the book's layout that
    ``made`` holds, its page numbers cut out, else that handout laid out anew without them."""
    twin = next(
        (o for o in options.outputs if o.format == "handout" and o.layout == output.layout),
        None,
    )
    data = made.get(twin.name) if twin is not None else None
    if data is not None:
        from exporter.writers.parts import unnumbered

        return unnumbered(data) or render(output, laid, options, students)
    return render(output, laid, options, students)


def listed(laid: LaidOutDeck) -> Listing:
    """Return how the laid-out lesson is listed in the course."""
    deck = laid.deck
    return Listing(deck.title, deck.section, deck.lesson, deck.quiz, deck.language)


def render(
    output: Output, laid: LaidOutDeck, options: Options, students: LaidOutDeck | None = None
) -> bytes | None:
    """Return the bytes of one output of a laid-out deck, or ``None`` for an answer key of a
    lesson that is not a quiz (it has none). A students' deck, slide PDF or handout is drawn
    from ``students`` (``edition_of``; laid out here when not given).

    Raises ``ExporterError`` when the PDF renderer fails on the deck.
    """
    name = output.format
    if name == "index":  # its part: the picture of the title slide
        return render_title_preview(laid, options)
    book = name == "book"  # the lesson's part of the course book: a handout, numbered later
    if name in ("pptx", "pdf") and options.edition is Edition.STUDENT:
        laid = students if students is not None else edition_of(laid, options)
    if name == "pptx":
        from exporter.writers.pptx import render_pptx

        return render_pptx(laid, options.created)
    if name == "answers":
        from exporter.writers.answers import has_answer_key, render_answers
        from exporter.writers.pdf import write_pdf

        if not has_answer_key(laid.deck):
            return None
        return write_pdf(render_answers(laid, options.paper, options.created))
    # WeasyPrint takes about 0.35 s to import: only a run that writes a PDF pays for it.
    from exporter.limits import tagged
    from exporter.writers.joined import write_in_parts

    if name == "pdf":
        from exporter.writers.html import render_slides

        return write_in_parts(
            laid, lambda part, pages: render_slides(part, options.created), tagged=tagged(laid)
        )
    from exporter.paper import HANDOUTS
    from exporter.writers.handout import render_handout

    assert output.layout is not None  # ``outputs_of`` gives every handout its layout
    layout, sheet = output.layout, HANDOUTS[output.layout]
    shown = students if students is not None else edition_of(laid, options)
    return write_in_parts(
        shown,
        lambda part, pages: render_handout(
            part, layout, options.paper, options.created, options.edition, not book, pages
        ),
        None if sheet is None else sheet.columns * sheet.rows,
        tagged=not book and tagged(shown),
    )


def render_title_preview(laid: LaidOutDeck, options: Options, pdf: bytes | None = None) -> bytes:
    """Return the index page's picture of the lesson's title slide: the first page of the slide
    PDF ``pdf``, or of one drawn of the title slide alone when the build writes none.

    Raises ``ExporterError`` when the PDF renderer fails on the slide.
    """
    from exporter.writers.preview import render_preview

    if pdf is None:
        from exporter.writers.html import render_slides
        from exporter.writers.pdf import write_pdf

        pdf = write_pdf(render_slides(replace(laid, slides=laid.slides[:1]), options.created))
    return render_preview(pdf)


def edition_of(laid: LaidOutDeck, options: Options) -> LaidOutDeck:
    """Return the deck as the deck, slide PDF and handouts ``options`` ask for show it:
    ``laid`` itself for the teacher's edition, else the students' edition laid out anew
    (``builder.editions``: no reveal slide, answer, explanation or speaker note) with the
    pictures ``laid`` shows, or ``laid`` when nothing in it is for the teacher alone."""
    drawn = {"pptx", "pdf", "handout", "book"}.intersection(options.formats)
    if options.edition is Edition.TEACHER or not drawn:
        return laid
    from exporter.builder.editions import for_students
    from exporter.fit import fit_deck
    from exporter.geometry import pictured_frames
    from exporter.limits import cap_links
    from exporter.resources.resample import resample_pictures

    deck = for_students(laid.deck)
    if deck is laid.deck:
        return laid
    pictures = {
        frame.image.src: frame.picture
        for placed in laid.slides
        for frame in pictured_frames(placed)
        if frame.picture is not None
    }
    students, _ = fit_deck(deck, laid.theme, pictures)  # its warnings are the deck's own
    students, _ = cap_links(resample_pictures(students))
    return students


SLIDE_NUMBER = re.compile(r"\bslide (\d+)\b")
"""A slide's number where a message names it (``slide 4: ...``)."""


def numbered_for(
    students: LaidOutDeck, laid: LaidOutDeck, diagnostics: list[Diagnostic]
) -> list[Diagnostic]:
    """Return ``diagnostics`` of the teacher's slides ``laid`` with the numbers of the
    students' slides that show the same (a reveal's, the question's it reveals), where the
    students' edition is what is written: a warning names a slide of the deck it is about.
    Two warnings then alike are one."""
    from exporter.builder.editions import student_places

    places = student_places(laid.deck)
    ends = (*students.firsts[1:], len(students.slides) + 1)

    def number(slide: int) -> int:
        index = max(i for i, first in enumerate(laid.firsts) if first <= slide)
        place = places[index]
        revealed = index > 0 and places[index - 1] == place  # not shown to the students
        part = 0 if revealed else slide - laid.firsts[index]
        return min(students.firsts[place] + part, ends[place] - 1)

    found: list[Diagnostic] = []
    for diagnostic in diagnostics:
        if diagnostic.slide is not None:
            new = number(diagnostic.slide)
            message = renumbered_message(diagnostic.message, diagnostic.slide, new)
            diagnostic = replace(diagnostic, slide=new, message=message)
        if diagnostic not in found:
            found.append(diagnostic)
    return found


def renumbered_message(message: str, old: int, new: int) -> str:
    """Return ``message`` naming slide ``new`` where it named slide ``old``."""
    return SLIDE_NUMBER.sub(lambda m: f"slide {new}" if int(m[1]) == old else m[0], message)


def downloads(options: Options) -> Downloads:
    """Return how remote images may be had under ``options``."""
    from exporter.resources import Downloads
    from exporter.resources.cache import default_folder
    from exporter.resources.hosts import Allowed

    return Downloads(
        options.allow_hosts or Allowed(),
        options.cache_dir or default_folder(),
        options.offline,
    )


REHEARSAL = b"""---
title: A rehearsal
section: 1
lesson: 1
---

### What a lesson has

- **A bold lead-in**: then plain text, `inline code` and [a link](https://example.com/)
  - a point below it
- Another point

| Kind | Count |
|------|-------|
| table | 1 |

<!-- notes: Speaker notes. -->
"""
"""The small lesson ``rehearse`` exports: a title slide and one of bullets and a table."""


def preload(
    options: Options,
    writing: bool = True,
    theme: Theme | None = None,
    shared: bool = True,
    rehearsed: bool = False,
) -> None:
    """Import now every stage a lesson goes through, and if ``writing`` the writers of the
    formats ``options`` ask for (WeasyPrint, for a PDF, takes about 0.35 s to import), and
    read the metrics of ``theme``'s fonts, if given (worked out with fontTools the first
    time): worker processes forked after this share them instead of each loading them.

    If ``shared`` (the workers are forked after it), WeasyPrint is also warmed up
    (``warm_up``, in ``theme``'s fonts), and the characters the machine's fonts have are read
    (about 10 ms, ``resources.system_fonts``); a lone worker preloading for itself skips both:
    its first lesson sets up the same, and the warm-up's own render would only add to it
    (about 20 ms of a one-lesson build). If ``rehearsed`` too, a small lesson is exported in every
    format ``options`` ask for (``rehearse``), for a process that forks workers again and
    again (a watch's rebuilds)."""
    formats = [name for name in options.formats if name in WRITERS]  # not the course's
    writers = [module for name in formats if writing for module in WRITERS[name]]
    for module in (*STAGES, *writers):
        importlib.import_module(module)
    if shared and "exporter.writers.pdf" in writers:
        from exporter.resources.system_fonts import coverage
        from exporter.writers.pdf import warm_up

        warm_up(theme)
        coverage()  # what the machine's fonts draw (``fit.glyphs``), worked out once for all
    if theme is not None:
        from exporter.measure import load_fonts

        load_fonts(theme)
        if shared and rehearsed and writing:
            rehearse(options, theme)


def rehearse(options: Options, theme: Theme) -> None:
    """Export a small lesson (``REHEARSAL``) in every format ``options`` ask for but the
    course book, writing nothing, so that what the stages and writers set up at their first
    lesson is ready in the workers forked after it: WeasyPrint's parse of the theme's and
    layouts' style sheets, the fonts' shapes, the hyphenation dictionary, python-pptx's
    template. A worker forked from a process that had it rendered a small lesson's handout in
    77 ms of CPU rather than 106 ms, and the seed's deck and handout in 300 ms rather than
    321 to 333 ms."""
    from pathlib import Path

    job = Job(Path("rehearsal.md"), "rehearsal.md", Path("rehearsal"), Path("."))
    try:
        laid, _ = lay_out(job, theme, options=options, data=REHEARSAL)
        students = edition_of(laid, options)
        for output in options.outputs:
            if output.format != "book":
                render(output, laid, options, students)
    except ExporterError:
        pass  # a rehearsal only readies what it can: a lesson says its own errors


def lay_out(
    job: Job,
    theme: Theme,
    downloads: Downloads | None = None,
    read: Made | None = None,
    options: Options | None = None,
    data: bytes | None = None,
) -> tuple[LaidOutDeck, list[Diagnostic]]:
    """Return a lesson read, parsed, built and fitted, with the warnings of every stage; and
    what it was made from in ``read``, if given. What no slide can usefully show is capped
    (``limits``). The words on its slides are in ``options.lang``, else in the lesson's
    front matter ``language``, labelled as ``options.labels`` says; a quiz's questions are
    shown as ``options.quiz`` says. The lesson's bytes are ``data``, if given, else read
    from its file.

    Raises ``ExporterError`` when the lesson cannot be read, or would make too many slides.
    """
    from exporter.builder import build_deck
    from exporter.fit import fit_deck
    from exporter.fit.glyphs import missing_glyphs
    from exporter.limits import cap_links, shorten_front_matter, untagged_warning
    from exporter.resources import Place, load_pictures
    from exporter.resources.resample import largest_picture, resample_pictures
    from exporter.rules import rules_settled
    from exporter.source import parse_source, read_lesson
    from exporter.words import untranslated, words_for

    data = read_lesson(job.source) if data is None else data
    read = Made() if read is None else read
    read.lesson = digest(data)
    source, shortened = shorten_front_matter(parse_source(data), data)
    options = options or Options()
    words = words_for(options.lang, source.meta.language, options.labels)
    foreign = untranslated(options.lang, source.meta.language)
    if foreign is not None:
        shortened = [*shortened, warning("lang-words", foreign, 1)]
    pages = [page.blocks for page in source.pages]
    deck, built = build_deck(source, pages, job.source.stem, words, options.quiz)
    place = Place(job.source.parent, job.root)
    pictures, missing = load_pictures(deck, place, downloads, largest_picture(theme), read.images)
    laid, fitted = fit_deck(deck, theme, pictures)
    laid = resample_pictures(laid)
    laid, unlinked = cap_links(laid)
    untagged = untagged_warning(laid, options.formats)
    starts = {page.line: page for page in source.pages}
    fitted = tuple(pinpointed(d, starts) for d in (*fitted, *unlinked, *untagged))
    asked = (slide.line for slide in deck.slides if slide.question is not None)
    told = rules_settled(source, (slide.line for slide in deck.slides), asked)  # a quiz's ---
    boxes = missing_glyphs(laid, options.outputs, options.edition, starts, data)
    found = [*told, *shortened, *renumbered((*built, *missing), laid), *fitted]
    return laid, [*found, *boxes]


def pinpointed(diagnostic: Diagnostic, pages: dict[int, Page]) -> Diagnostic:
    """Return ``diagnostic`` moved from its page's first line to the line its excerpt is on."""
    page = pages.get(diagnostic.line or 0)
    if page is None or not diagnostic.excerpt:
        return diagnostic
    words = [word for word in diagnostic.excerpt.split() if len(word) > 3] or [""]
    # The whole excerpt first: its first 30 characters may open another line too (a YAML
    # key's indentation and prefix, ``    alb.ingress.kubernetes.io/``).
    for needle in (diagnostic.excerpt, diagnostic.excerpt[:30], max(words, key=len)):
        if needle and needle in page.text:
            return replace(diagnostic, line=page.line_of(needle))
    return diagnostic


def renumbered(diagnostics: tuple[Diagnostic, ...], laid: LaidOutDeck) -> list[Diagnostic]:
    """Return ``diagnostics`` renumbered from the deck's slides to the slides written."""
    return [
        d if d.slide is None else replace(d, slide=laid.firsts[d.slide - 1]) for d in diagnostics
    ]


def slide_infos(laid: LaidOutDeck) -> tuple[SlideInfo, ...]:
    """Return the report's view of each slide, continuation slides included."""
    from exporter.geometry import CodeFrame

    return tuple(
        SlideInfo(
            placed.number,
            placed.slide.layout.value,
            label_text(placed.slide.title),
            placed.slide.line,
            placed.body_size,
            placed.shrunk,
            placed.part,
            placed.parts,
            next((b.verdict for b in placed.slide.body if isinstance(b, Columns)), None),
            asked(placed.slide.question) if placed.part == 1 and first_view(placed) else None,
            tuple(frame.size for frame in placed.frames if isinstance(frame, CodeFrame)),
        )
        for placed in laid.slides
    )


def first_view(placed: PlacedSlide) -> bool:
    """Return whether ``placed`` is the first slide of its question, if it has one (not the
    reveal slide after it), so that the report names each question once."""
    return placed.slide.view is not View.REVEAL


def asked(question: Question | None) -> Asked | None:
    """Return what the report says of a slide's quiz question."""
    return None if question is None else Asked(question.number, question.line, question.correct)
