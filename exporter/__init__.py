"""lesson-exporter: Markdown lessons to editable PowerPoint decks.

The pipeline, one stage a module: read (``source``) → parse (``parse``) → build (``build``)
→ fit (``fit``, into ``geometry``'s boxes) → write (``writers``). ``pipeline.export_lesson``
runs it for one lesson.
"""

__version__ = "0.1.0"
