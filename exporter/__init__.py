"""lesson-exporter: Markdown lessons to editable PowerPoint decks.

The pipeline, a module or package a stage: read (``source``) → parse (``parse``) → build
(``builder``) → fit (``fit``, into ``geometry``'s boxes) → write (``writers``).
``pipeline.export_lesson`` runs it for one lesson.
"""

__version__ = "0.1.0"
