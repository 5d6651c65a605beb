"""Base layer: how every surface reads a value as a person types it.

The Excel functions, PLAN_ROW, the template and CSV readers, the Assumptions and the
command line all read yes/no, IR35, Type, money, rates and dates here, so "Yes", TRUE and
"y " (or "£85,000", "85k" and 85000) mean the same thing everywhere. Pure Python: no
workbook library, no xlwings.

The readers of choices (``yes_no``, ``ir35``, ``hire_type``) raise InvalidValueError in
one line; the readers of numbers and dates return None for a value they cannot read, so
that each caller names the slip in its own words (a Bonus of 15 is not a salary of 15).
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from numbers import Real

from .errors import InvalidValueError

#: The characters read as a space wherever a cell's text is compared or tested for blank:
#: every character Python counts as white space that a workbook (XML 1.0) can hold: tab,
#: line breaks, no-break and other Unicode spaces.
SPACES = (" \t\n\r\x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
          + "\u2028\u2029\u202f\u205f\u3000")
_TO_SPACE = str.maketrans(dict.fromkeys(SPACES[1:], " "))


def squeeze(text: str) -> str:
    """Return ``text`` with every space character as a space, trimmed, inner runs collapsed:
    Excel's TRIM after ``space_formula``'s SUBSTITUTEs.

    >>> squeeze(" Data\\tScience\\u00a0 ")
    'Data Science'
    """
    if text.isascii() and text.isprintable() and text[:1] != " " != text[-1:] \
            and "  " not in text:
        return text  # already squeezed (the usual cell): no copy
    return " ".join(w for w in text.translate(_TO_SPACE).split(" ") if w)


def space_formula(ref: str) -> str:
    """Return the Excel formula that gives ``squeeze`` of ``ref`` (a cell or a range)."""
    out = ref
    for ch in SPACES[1:]:
        # _xlfn.: how a workbook file spells a function newer than Excel 2007 (UNICHAR is
        # Excel 2013's); without it Excel and LibreOffice show #NAME?.
        out = f'SUBSTITUTE({out},_xlfn.UNICHAR({ord(ch)})," ")'
    return f"TRIM({out})"


def blank_formula(ref: str) -> str:
    """Return the Excel formula that is TRUE where ``is_blank`` is (``ref`` one cell)."""
    return f"LEN({space_formula(ref)})=0"


def is_blank(value: object) -> bool:
    """Return True for an empty cell: None, or text of space characters (SPACES) only."""
    return value is None or (isinstance(value, str) and not value.strip(SPACES))


def word(value: object) -> str | None:
    """Return text as a folded word (spaces squeezed, case-folded), None for a non-text:
    how a choice (Yes, Inside, Mid, Qualifying...) is compared."""
    return squeeze(value).casefold() if isinstance(value, str) else None


def is_number(value: object) -> bool:
    """Return True for a number that is not a bool."""
    return isinstance(value, Real) and not isinstance(value, bool)


_YES = {"yes": True, "y": True, "true": True, "1": True,
        "no": False, "n": False, "false": False, "0": False}


def yes_no(value: object, what: str) -> bool:
    """Return a switch as a bool: TRUE/FALSE, 1/0, or the text Yes, Y, True, 1, No, N,
    False, 0 (any case, stray spaces). Raises InvalidValueError for anything else.

    >>> yes_no(" y ", "Levy"), yes_no(0, "Levy"), yes_no("FALSE", "Levy")
    (True, False, False)
    """
    if isinstance(value, bool):
        return value
    if is_number(value) and value in (0, 1):
        return bool(value)
    found = _YES.get(word(value))
    if found is None:
        raise InvalidValueError(f'{what} "{value}" must be Yes or No.')
    return found


def _not_one_of(value: object, what: str, choices: tuple[str, ...]) -> InvalidValueError:
    if is_blank(value):
        return InvalidValueError(f"{what} is missing: choose {' or '.join(choices)}.")
    return InvalidValueError(f'{what} "{value}" must be {" or ".join(choices)}.')


INSIDE, OUTSIDE = "Inside", "Outside"
_IR35 = {"inside": INSIDE, "in": INSIDE, "outside": OUTSIDE, "out": OUTSIDE}


def ir35(value: object, what: str = "IR35") -> str:
    """Return an IR35 status, "Inside" or "Outside": Inside, In, Outside, Out (any case),
    or TRUE for inside and FALSE for outside. Raises InvalidValueError (blank included).

    >>> ir35(" in "), ir35(True), ir35("OUTSIDE")
    ('Inside', 'Inside', 'Outside')
    """
    if isinstance(value, bool):
        return INSIDE if value else OUTSIDE
    found = _IR35.get(word(value))
    if found is None:
        raise _not_one_of(value, what, (INSIDE, OUTSIDE))
    return found


PERMANENT, CONTRACTOR = "Permanent", "Contractor"
_TYPES = {"permanent": PERMANENT, "perm": PERMANENT, "employee": PERMANENT,
          "contractor": CONTRACTOR, "contract": CONTRACTOR}


def hire_type(value: object, what: str = "Type") -> str:
    """Return a position's type, "Permanent" (Permanent, Perm, Employee) or "Contractor"
    (Contractor, Contract), any case. Raises InvalidValueError (blank included).

    >>> hire_type("perm"), hire_type("Contract ")
    ('Permanent', 'Contractor')
    """
    found = _TYPES.get(word(value))
    if found is None:
        raise _not_one_of(value, what, (PERMANENT, CONTRACTOR))
    return found


# A number as typed: digits with an optional point and exponent; thousands with commas.
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_SCALE = {"k": 1e3, "m": 1e6}


def number(value: object) -> float | None:
    """Return a finite number, or numeric text ("0.5", " 1e3 ", "85,000"), as a float;
    None for anything else (Python's "inf", "nan" and "1_0" included).

    >>> number("85,000"), number(" 0.5 "), number("nan")
    (85000.0, 0.5, None)
    """
    if is_number(value):
        try:
            out = float(value)
        except OverflowError:  # an integer beyond float range
            return None
    elif isinstance(value, str):
        text = squeeze(value)
        if not (_NUMBER.fullmatch(text) or _GROUPED.fullmatch(text)):
            return None
        out = float(text.replace(",", ""))
    else:
        return None
    return out if math.isfinite(out) else None


def finite_number(value: object, what: str) -> float:
    """Return ``value`` as a finite float (numeric text accepted); raises InvalidValueError
    naming ``what``."""
    # float first: the hot path of a column call, where the reader's checks cost more
    # than the sums they guard.
    if value.__class__ is float and math.isfinite(value):
        return value
    result = number(value)
    if result is None:
        rule = "must be a finite number" if infinite(value) else "must be a number"
        raise InvalidValueError(f'Invalid {what} "{value}": {rule}.')
    return result


def infinite(value: object) -> bool:
    """Return True for a number, or text such as "nan" or "1e400", that is not finite."""
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return False
    return is_number(value)


#: The largest sum of money (£) any input may be: no salary, day rate or cost comes near
#: it, a larger one is a slip, and below it every result stays finite and exact to the penny.
MAX_MONEY = 1e9


def money(value: object) -> float | None:
    """Return a sum of money in £: a number, or text such as "£85,000", "85,000", "85k",
    "£1.2m"; None for anything else.

    >>> money("£85,000"), money("85k"), money(" £ 650 ")
    (85000.0, 85000.0, 650.0)
    """
    if not isinstance(value, str):
        return number(value)
    text = squeeze(value).replace("£", "", 1).strip(" ").casefold()
    scale = _SCALE.get(text[-1:], 1.0) if text else 1.0
    amount = number(text[:-1] if scale != 1.0 else text)
    return None if amount is None else amount * scale


def rate(value: object) -> float | None:
    """Return a rate as a fraction: a number as it is (0.15), or text "0.15" or "15%";
    None for anything else. The caller checks the range (15 for 15% is a slip to name).

    >>> rate("15%"), rate(0.15), rate(" 12.5 % ")
    (0.15, 0.15, 0.125)
    """
    if isinstance(value, str):
        text = squeeze(value)
        if text.endswith("%"):
            percent = number(text[:-1])
            return None if percent is None else percent / 100
    return number(value)


EXCEL_EPOCH = date(1899, 12, 30)
_LAST_SERIAL = 2958465  # 31 December 9999
_UK_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def day(value: object) -> date | None:
    """Return a date from a date, a datetime (its day), an Excel serial number, or text:
    ISO (2026-10-01) or UK day/month/year (1/10/2026); None for anything else.

    >>> day(46296.0), day("01/10/2026"), day("2026-10-01")
    (datetime.date(2026, 10, 1), datetime.date(2026, 10, 1), datetime.date(2026, 10, 1))
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if is_number(value):
        if math.isfinite(value) and 1 <= value < _LAST_SERIAL + 1:
            return EXCEL_EPOCH + timedelta(days=int(value))
        return None
    if not isinstance(value, str):
        return None
    text = squeeze(value)
    try:
        m = _UK_DATE.fullmatch(text)
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None
