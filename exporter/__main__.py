"""``python -m exporter``: the same as the ``lesson-export`` command."""

from exporter.cli import main

raise SystemExit(main())
