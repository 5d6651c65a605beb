"""Plan files: a plan as CSV text (read and written) and the bundled demo plan."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

from ..base import inputs
from ..base.errors import InvalidValueError
from ..guide.names import fold
from .assumptions import Assumptions
from .columns import CALCULATED, IN, INPUTS, ROW
from .plan import FIELDS, INPUT_HEADERS, PlanRow, iso_text, repeated_ids

# Characters a workbook (XML 1.0) cannot hold: a plan that has them is damaged.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


# How a CSV field of each column is read (columns.COLUMNS: inputs' rules, as the template's
# cells are read); a field none reads stays text, and row_problem says why.
_READ = {c.header: c.read for c in INPUTS if c.read}
#: The columns a CSV plan must have.
_REQUIRED = tuple(c.header for c in INPUTS if c.required)


def _csv_value(header: str, text: str) -> object:
    if inputs.is_blank(text):
        return None
    text = text.strip()
    read = _READ.get(header)
    value = read(text) if read else None
    return text if value is None else value


def read_csv(text: str, warnings: list | None = None) -> list[PlanRow]:
    """Return the rows of a CSV plan: a header row of the Plan's input headers, then rows.

    Dates are YYYY-MM-DD; FTE and Override rate are plain numbers (digits, a point, an
    exponent). Headers match the Plan's exactly (case aside); calculated headers (Rate, a
    month...) are ignored, any other header is an error. A field may span lines only in
    Notes. Raises InvalidValueError, naming the line, for a missing, unknown or repeated
    header, a quote that is not closed, a field over 131,072 characters or a control
    character. ``warnings`` (a list) gets a line for each ID used by more than one row.
    """
    text = text.lstrip("\ufeff")
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise InvalidValueError(f"CSV line {line} holds a control character "
                                f"(U+{ord(bad.group()):04X}): a plan holds text; remove it.")
    reader = csv.reader(io.StringIO(text), strict=True)
    start = 1
    try:
        header = next(reader, None)
        if not header:
            raise InvalidValueError("The CSV plan is empty: its first line must be the headers "
                                    f"{', '.join(INPUT_HEADERS)}.")
        known = {fold(h): h for h in INPUT_HEADERS}
        ignored = {fold(c.header) for c in CALCULATED if c.part != "month"} | {fold(ROW)}
        columns, seen = [], {}
        for i, name in enumerate(header):
            key = fold(name)
            if key in known:
                if key in seen:
                    raise InvalidValueError(f'The CSV plan has two "{known[key]}" columns '
                                            f"(columns {seen[key] + 1} and {i + 1}): keep one.")
                seen[key] = i
                columns.append((i, known[key]))
            elif key and key not in ignored and not _month_header(name):
                raise InvalidValueError(f'Unknown CSV column "{name}": the plan\'s columns are '
                                        f"{', '.join(INPUT_HEADERS)}.")
        missing = [h for h in _REQUIRED if h not in dict(columns).values()]
        if missing:
            raise InvalidValueError(f"The CSV plan has no {', '.join(missing)} column.")
        rows = []
        start = reader.line_num + 1
        for fields in reader:
            if reader.line_num != start:
                _one_record(fields, columns, len(header), start, reader.line_num)
            record = {h: _csv_value(h, fields[i]) for i, h in columns if i < len(fields)}
            rows.append(PlanRow.from_record(record, start))
            start = reader.line_num + 1
    except csv.Error as e:
        why = str(e)
        if "field limit" in why:
            why = f"a field is longer than {csv.field_size_limit():,} characters"
        elif "end of data" in why:
            why = "the file ends inside a quoted field"
        elif "expected after" in why:
            why = "a field goes on after its closing quote"
        raise InvalidValueError(f"CSV line {start}: {why}; is a quote (\") not closed? Fix "
                                f"the line, or save the sheet as CSV again.") from None
    if warnings is not None:
        warnings += repeated_ids(rows)
    return rows


def _one_record(fields, columns, width: int, first: int, last: int) -> None:
    """Refuse a record over several lines unless the line breaks are inside Notes alone."""
    for i, h in columns:
        if i >= len(fields) or ("\n" not in fields[i] and "\r" not in fields[i]):
            continue
        swallowed = h != IN.notes or any(line.count(",") >= width - 1
                                        for line in fields[i].splitlines())
        if swallowed:
            raise InvalidValueError(
                f"CSV lines {first} to {last} read as one row: a quote (\") opened on line "
                f"{first} is not closed where it should be. Fix the line, or save the sheet "
                f"as CSV again.")


def _month_header(name: str) -> bool:
    try:
        datetime.strptime(name.strip(), "%b %Y")
    except ValueError:
        return False
    return True


def write_csv(rows) -> str:
    """Return PlanRows as CSV text with the Plan's input headers (dates as YYYY-MM-DD)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(INPUT_HEADERS)
    for r in rows:
        w.writerow(["" if v is None else iso_text(v) for v in r[:len(FIELDS)]])
    return out.getvalue()


def demo_plan() -> tuple[list[PlanRow], Assumptions]:
    """Return the demo's plan rows and assumptions: an AI team's plan for the fiscal year
    from 1 April 2026 (data/demo_plan.csv), permanent and contractor positions across four
    teams, with one row broken on purpose (End before Start) that the check catches."""
    from ..base.datafile import bundled_folder

    rows = [r._replace(line=None) for r in read_csv((bundled_folder() / "demo_plan.csv").read_text())]
    teams = tuple(dict.fromkeys(r.team for r in rows))
    return rows, Assumptions(company="Example AI Ltd", claim_ea=True, teams=teams)
