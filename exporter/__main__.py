"""``python -m exporter``: the same as the ``lesson-export`` command."""

from exporter.cli import run

if __name__ == "__main__":  # not when a spawned worker imports it
    raise SystemExit(run())
