"""template: a school's own PowerPoint template (``--template``), read into a theme.

``load.py`` reads it (``package.py`` checks the package and removes its sample slides; ``opc.py``
reads its parts), finds the layout each kind of slide goes on (``layouts.py``), derives the
theme the fit and writers use (``derive.py``) and what each layout draws behind the content
(``backdrop.py``, with ``art.py``, ``colors.py``, ``drawing.py`` and ``text.py``);
``check.py`` is ``lesson-export template check``. Nothing is imported here, so that a writer
reading one small module of the package loads no more.
"""
