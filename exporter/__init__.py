"""lesson-exporter: Markdown lessons to editable PowerPoint decks and printable handouts.

The pipeline, one stage a module: read (``source``) → parse (``parse``) → build (``build``)
→ fit (``geometry``) → write (``writers``). ``pipeline.export_lesson`` runs it for one lesson.
"""

__version__ = "0.1.0"
