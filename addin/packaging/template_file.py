"""Packaging layer: the template file as shipped, the workbook (sheets/workbook.py) carrying its
functions for xlwings Lite (added after saving, as openpyxl drops them)."""

from __future__ import annotations

from ..planning.assumptions import Assumptions
from ..sheets import workbook
from . import lite_parts


def write_template(path, rows=(), assumptions: Assumptions | None = None, *,
                   force: bool = False) -> None:
    """Build the template (filled with ``rows`` if given), carrying its functions for
    xlwings Lite, and save it at ``path``.

    An existing file is replaced only when it holds exactly these bytes (an untouched
    template) or ``force``; raises files.OutputError otherwise.
    """
    workbook.save(path, lite_parts.carried(workbook.template_bytes(rows, assumptions)), force=force)
