"""Domain layer: a headcount plan's rows checked, priced from the guide and phased by fiscal month.

One rule prices a row, ``row_figures``: the budget command calls it and so does the
template, through PLAN_ROW (one call a filled row); the template's native formulas only
phase and add up what PLAN_ROW returns:

* Rate: the Override rate if given; else, at the scenario's point, the guide's day rate
  (contractors, with their IR35 status), its leadership band (permanent leadership roles)
  or its salary estimate with the row's skills at market rate (other permanent roles).
* Annual cost: a permanent row costs ``employer_cost(Rate x FTE)``, because NIC and pension
  thresholds apply to the pay actually earned; a contractor costs
  ``contractor_cost(Rate, billable days x FTE, agency fee)``.
* Each of the twelve fiscal months costs Annual cost / 12 x the days the position is
  active in the month / the days in the month, Start to End inclusive; the FY cost is
  the sum of the twelve months.

A row with a problem is priced at nothing and counted: the totals say how many rows they
leave out, and nothing is dropped silently.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import namedtuple
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from numbers import Real

from . import employment, pay
from .band import Band, parse_point
from .errors import GuideError, InvalidValueError, NotInGuideError, UnknownNameError
from .names import fold, index, is_blank

PERMANENT, CONTRACTOR = "Permanent", "Contractor"
TYPES = (PERMANENT, CONTRACTOR)
IR35_STATUSES = ("Inside", "Outside")
STATUSES = ("Open", "Offer", "Filled")
SCENARIOS = ("Low", "Mid", "High")
PENSION_BASES = ("Qualifying", "Full")
YES_NO = ("Yes", "No")

#: The Plan sheet's input headers, in column order (a CSV plan uses the same headers).
INPUT_HEADERS = ("ID", "Team", "Role", "Level", "Location", "Type", "IR35", "Start", "End",
                 "FTE", "Skills", "Override rate", "Status", "Notes")
#: What PLAN_ROW returns side by side for a row, in column order (RowFigures.cells): the
#: problem, the figures, then the inputs as the engine read them (the Summary adds up these).
ROW_HEADERS = ("Check", "Rate", "Compa-ratio", "Band position", "Annual cost", "Annual NIC",
               "Type read", "Role read", "FTE read", "Start read", "End read")
#: The calculated headers that precede the twelve month columns.
CALC_HEADERS = ROW_HEADERS + ("FY cost", "FY NIC")
_FIELDS = ("id", "team", "role", "level", "location", "type", "ir35", "start", "end", "fte",
           "skills", "override", "status", "notes")
_EXCEL_EPOCH = date(1899, 12, 30)
_LAST_SERIAL = 2958465  # 31 December 9999


class PlanRow(namedtuple("PlanRow", _FIELDS + ("line", "problem"), defaults=(None,) * 16)):
    """One position of a plan, as typed: each field is the cell's value (None when blank).

    ``line`` is where the row came from (the sheet row or the CSV line), for messages;
    ``problem`` is what the reader found wrong with the row as a whole (e.g. below the
    template's table), None when nothing.
    """

    __slots__ = ()

    @classmethod
    def from_record(cls, record: dict, line: int | None = None) -> "PlanRow":
        """Return a row from a mapping keyed by the Plan's input headers (missing keys blank)."""
        return cls(*(record.get(h) for h in INPUT_HEADERS), line)

    def checked(self) -> tuple:
        """Return the PLAN_CHECK arguments of the row, in order."""
        return (self.role, self.level, self.location, self.type, self.ir35, self.start,
                self.end, self.fte, self.skills, self.override)

    def is_blank(self) -> bool:
        """Return True when every cell of the row is empty (the row is skipped)."""
        return all(is_blank(v) for v in self[:len(_FIELDS)])

    def reader_problem(self) -> str | None:
        """Return the row's problem as a whole, before pricing: the reader's, or a row that
        has an ID, Team, Status or Notes but no input that prices it; None when none.

        >>> PlanRow(id="P7", notes="hire").reader_problem()
        'ID P7 has no inputs: fill in Role, Level, Type and Start, or clear the row.'
        """
        if self.problem:
            return self.problem
        if all(is_blank(v) for v in self.checked()) and not self.is_blank():
            filled = [h for h, v in (("Team", self.team), ("Status", self.status),
                                     ("Notes", self.notes)) if not is_blank(v)]
            what = f"ID {self.id} has" if not is_blank(self.id) else \
                f"This row has {' and '.join(filled)} but"
            return f"{what} no inputs: fill in Role, Level, Type and Start, or clear the row."
        return None


def repeated_ids(rows) -> list[str]:
    """Return one warning line per ID that more than one row uses (IDs compared folded).

    A repeated ID is a warning, not a problem: both rows still count (as in the template),
    but the reader is told, since one is often a pasted duplicate.
    """
    seen: dict[str, list] = {}
    for r in rows:
        if not is_blank(r.id) and not r.is_blank():
            seen.setdefault(fold(str(r.id)), []).append(r)
    out = []
    for same in seen.values():
        if len(same) > 1:
            lines = ", ".join(str(r.line) for r in same if r.line is not None)
            where = f" (rows {lines})" if lines else ""
            out.append(f"ID {same[0].id} is used by {len(same)} rows{where}: each counts in "
                       f"the totals; give each position its own ID.")
    return out


class PricedRow(namedtuple("PricedRow", "row figures fy_cost fy_nic months")):
    """A plan row with what it prices at (``figures``, a RowFigures: its problem, rate,
    annual cost and the inputs as read, each also an attribute here) and its fiscal year:
    ``fy_cost`` and ``fy_nic`` (the employer NIC inside the fiscal year) in £, ``months``
    the twelve fiscal months' costs in £. A row with a problem has None for every figure.
    """

    __slots__ = ()

    @property
    def priced(self) -> bool:
        """Return True when the row priced cleanly and counts in the totals."""
        return not self.check


#: The Assumptions sheet's settings, in its order: (field of Assumptions, the cell's
#: defined name in the template). The template, its reader and the budget command's
#: options all derive from this list.
SETTINGS = (
    ("company", "Company"), ("fy_start", "FYStart"), ("tax_year", "TaxYear"),
    ("scenario", "Scenario"), ("pension_rate", "PensionRate"), ("pension_basis", "PensionBasis"),
    ("bonus_rate", "BonusRate"), ("benefits_rate", "BenefitsRate"), ("bik_rate", "BikRate"),
    ("allowance_rate", "AllowanceRate"), ("sacrifice_rate", "SacrificeRate"), ("levy", "Levy"),
    ("billable_days", "BillableDays"), ("agency_fee", "AgencyFee"), ("claim_ea", "ClaimEA"),
)
#: The settings that price a row: PLAN_ROW's arguments after the row's cells, in order.
ROW_SETTINGS = ("tax_year", "scenario", "pension_rate", "pension_basis", "bonus_rate",
                "benefits_rate", "bik_rate", "allowance_rate", "sacrifice_rate", "levy",
                "billable_days", "agency_fee")


class Assumptions(namedtuple(
        "Assumptions", "company fy_start tax_year scenario pension_rate pension_basis "
                       "benefits_rate levy billable_days agency_fee claim_ea teams "
                       "bonus_rate bik_rate allowance_rate sacrifice_rate",
        defaults=("", date(2026, 4, 1), "2026/27", "Mid", 0.03, "Qualifying", 0.0, False,
                  220.0, 0.0, False, (), 0.0, 0.0, 0.0, 0.0))):
    """The plan-wide settings of the template's Assumptions sheet, with its defaults.

    ``fy_start`` is the first day of a month; ``tax_year`` a label such as "2026/27";
    ``scenario`` Low, Mid, High or a band point from 0 to 1; rates are fractions (0.03
    for 3%) of each permanent salary: ``bonus_rate`` the bonus target, ``benefits_rate``
    NIC-free benefits, ``bik_rate`` benefits in kind (Class 1A NIC), ``allowance_rate``
    cash allowances (Class 1 NIC and levy), ``sacrifice_rate`` pension salary sacrifice;
    ``levy`` and ``claim_ea`` (claim the Employment Allowance) are booleans; ``teams``
    names the teams the Summary lists first.
    """

    __slots__ = ()

    def checked(self) -> "Assumptions":
        """Return the assumptions normalised; raise InvalidValueError or UnknownNameError.

        A blank setting (None or spaces, as an empty cell) takes its default, in the
        template's PLAN_ROW and in `budget` alike.

        >>> Assumptions(tax_year="2026-27", scenario="mid").checked().tax_year
        '2026/27'
        """
        self = self._replace(**{field: default for field, default in self._field_defaults.items()
                                if is_blank(getattr(self, field))})
        fy_start = self.fy_start
        if isinstance(fy_start, datetime):
            fy_start = fy_start.date()
        if isinstance(fy_start, str):
            try:
                fy_start = date.fromisoformat(fy_start.strip())
            except ValueError:
                raise InvalidValueError(
                    f'Fiscal year start "{self.fy_start}" is not a date like 2026-04-01.') from None
        if not isinstance(fy_start, date):
            raise InvalidValueError(f"Fiscal year start {self.fy_start!r} is not a date.")
        if fy_start.day != 1:
            raise InvalidValueError(
                f"Fiscal year start {fy_start.isoformat()} must be the first day of a month.")
        if fy_start.year > 9998:  # its twelve months must fit in the calendar
            raise InvalidValueError(f"Fiscal year start {fy_start.isoformat()} is too late: "
                                    f"the year must end by 9999.")
        scenario = self.scenario
        parse_point(scenario)
        if isinstance(scenario, str) and scenario.strip().lower() in ("low", "mid", "high"):
            scenario = scenario.strip().capitalize()
        basis = self.pension_basis
        if not isinstance(basis, str) or basis.strip().casefold() not in ("qualifying", "full"):
            raise UnknownNameError("pension basis", basis, choices=PENSION_BASES)
        days = employment.days_a_year(self.billable_days, "contractor billable days")
        teams = tuple(str(t).strip() for t in self.teams if not is_blank(t))
        return Assumptions(
            "" if is_blank(self.company) else str(self.company).strip(), fy_start,
            employment.resolve_tax_year(self.tax_year), scenario,
            employment.fraction(self.pension_rate, "pension rate"), basis.strip().capitalize(),
            employment.fraction(self.benefits_rate, "benefits rate"),
            yes_no(self.levy, "Apprenticeship Levy"), days,
            employment.fraction(self.agency_fee, "agency fee rate"),
            yes_no(self.claim_ea, "Claim Employment Allowance"), teams,
            employment.fraction(self.bonus_rate, "bonus rate"),
            employment.fraction(self.bik_rate, "benefits in kind rate"),
            employment.fraction(self.allowance_rate, "cash allowances rate"),
            employment.fraction(self.sacrifice_rate, "salary sacrifice rate"))

    @property
    def fy_end(self) -> date:
        """Return the last day of the fiscal year."""
        return add_months(self.fy_start, 12) - timedelta(days=1)


class Budget(namedtuple("Budget", "rows summary assumptions")):
    """A priced plan: every non-blank row (PricedRow), the summary dict and the assumptions."""

    __slots__ = ()

    def row_dicts(self) -> list[dict]:
        """Return each row keyed by the Plan's headers (months by label), as JSON-ready values."""
        labels = month_labels(self.assumptions.fy_start)
        return [row_dict(r, labels) for r in self.rows]


def _is_number(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def yes_no(value: object, what: str) -> bool:
    """Return a switch as a bool: True/False, 1/0, or the text Yes/No/True/False.

    >>> yes_no("Yes", "Levy"), yes_no(False, "Levy")
    (True, False)
    """
    if isinstance(value, bool):
        return value
    if _is_number(value) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("yes", "no", "true", "false"):
        return value.strip().lower() in ("yes", "true")
    raise InvalidValueError(f'{what} "{value}" must be Yes or No.')


def add_months(day: date, months: int) -> date:
    """Return the first day of the month ``months`` after ``day``'s month.

    >>> add_months(date(2026, 11, 1), 3)
    datetime.date(2027, 2, 1)
    """
    years, month = divmod(day.month - 1 + months, 12)
    return date(day.year + years, month + 1, 1)


@lru_cache(maxsize=64)  # phase() asks once per row: 100,000 rows asked 1.2 million times
def fiscal_months(fy_start: date) -> tuple[date, ...]:
    """Return the first days of the twelve fiscal months from ``fy_start``."""
    return tuple(add_months(fy_start, k) for k in range(12))


def month_labels(fy_start: date) -> tuple[str, ...]:
    """Return the month columns' labels, e.g. "Apr 2026" (as the template shows them)."""
    return tuple(m.strftime("%b %Y") for m in fiscal_months(fy_start))


def as_date(value: object, what: str = "Date") -> date | None:
    """Return a cell's date: a date, a datetime (its day) or an Excel serial number.

    None or blank text gives None. Raises InvalidValueError for anything else, text
    included: a date typed as text would not add up in the template's formulas.

    >>> as_date(46296.0), as_date(datetime(2026, 10, 1, 9, 30))
    (datetime.date(2026, 10, 1), datetime.date(2026, 10, 1))
    """
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if _is_number(value):
        if math.isfinite(value) and 1 <= value < _LAST_SERIAL + 1:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise InvalidValueError(f"{what} {value!r} is not a date.")
    if isinstance(value, str):
        raise InvalidValueError(f'{what} "{value}" is text, not a date: enter a date '
                                f"(in a CSV, YYYY-MM-DD).")
    raise InvalidValueError(f"{what} {value!r} is not a date.")


def _fte(value: object) -> float:
    if is_blank(value):
        return 1.0
    if not _is_number(value) or not math.isfinite(value):
        shown = f'"{value}"' if isinstance(value, str) else repr(value)
        raise InvalidValueError(f"FTE {shown} is not a number: use 1 for full time, 0.5 for half.")
    if not 0 < value <= 1:
        raise InvalidValueError(f"FTE {value:g} must be more than 0 and at most 1 "
                                f"(1 is full time, 0.5 half time).")
    return float(value)


def _override(value: object) -> float | None:
    if is_blank(value):
        return None
    if not _is_number(value) or not math.isfinite(value) or not 0 < value <= employment.MAX_MONEY:
        shown = f'"{value}"' if isinstance(value, str) else f"{value!r}"
        raise InvalidValueError(f"Override rate {shown} must be a number above 0 and at most "
                                f"£1,000,000,000 (a salary in £ a year, or a day rate in £).")
    return float(value)


def _choice(value: object, what: str, choices: tuple[str, ...]) -> str:
    if is_blank(value):
        raise InvalidValueError(f"{what} is missing: choose {' or '.join(choices)}.")
    if isinstance(value, str):
        for c in choices:
            if value.strip().casefold() == c.casefold():
                return c
    raise InvalidValueError(f'{what} "{value}" must be {" or ".join(choices)}.')


def _leadership(role: str) -> bool:
    return pay.guide().roles.get(role) == "leadership"


def guide_band(role, level, location, type_, ir35, skills) -> Band:
    """Return the guide band a position prices from: £ a day or £ a year.

    Contractor: the day rate band (inside IR35: the contractor's effective rate).
    Permanent: the leadership band for a leadership role (no level), else the salary
    estimate with the row's skills at market rate. Raises the engine's UnknownNameError,
    NotInGuideError or InvalidValueError.

    >>> guide_band("AI Engineer", "Senior", "London", "Permanent", None, None).mid
    110000.0
    """
    if type_ == CONTRACTOR:
        return pay.day_rate(role, level, ir35)
    name = index().roles.get(role)
    if _leadership(name):
        if not is_blank(level):
            raise InvalidValueError(f'{name} is a leadership role with no levels: clear Level "{level}".')
        if not is_blank(skills):
            raise NotInGuideError(f"The guide gives no skill premiums for {name}: clear Skills.")
        return pay.leadership_band(name, location)
    return pay.salary_estimate(role, level, location, skills, None)


def _problems(role, level, location, type_, ir35, start, end, fte, skills, override,
              billable_days: float = 220.0):
    """Return (problems in column order, the normalised values) of one row; a contractor
    bills ``billable_days`` x FTE days a year."""
    found: dict[str, str] = {}
    out = {"type": None, "start": None, "end": None, "fte": None, "override": None, "role": None}

    def attempt(key, fn, *args):
        try:
            return fn(*args)
        except GuideError as e:
            found[key] = str(e)
            return None

    out["type"] = attempt("Type", _choice, type_, "Type", TYPES)
    if out["type"] == CONTRACTOR:
        status = attempt("IR35", _choice, ir35, "IR35", IR35_STATUSES)
    else:
        status = None
        if out["type"] == PERMANENT and not is_blank(ir35):
            found["IR35"] = (f'IR35 "{ir35}" applies to contractors only: clear it for a '
                             f"permanent position.")
    out["start"] = attempt("Start", as_date, start, "Start")
    out["end"] = attempt("End", as_date, end, "End")
    if "Start" not in found and out["start"] is None:
        found["Start"] = "Start is missing: enter the date the position starts."
    if out["start"] and out["end"] and out["end"] < out["start"]:
        found["End"] = (f"End {out['end'].isoformat()} is before Start "
                        f"{out['start'].isoformat()}.")
    out["fte"] = attempt("FTE", _fte, fte)
    if out["type"] == CONTRACTOR and out["fte"] and billable_days * out["fte"] < 1:
        found["FTE"] = (f"FTE {out['fte']:g} gives a contractor {billable_days * out['fte']:.2f} "
                        f"billable days a year ({billable_days:g} x {out['fte']:g}), under 1: "
                        f"raise FTE.")
    out["override"] = attempt("Override rate", _override, override)

    if is_blank(role):
        found["Role"] = "Role is missing: choose a role from the guide."
    elif out["type"] == PERMANENT or status:
        out["role"] = attempt("Role", index().roles.get, role)
        name = out["role"]
        if name and is_blank(level) and pay.levels(name) and not (
                out["type"] == PERMANENT and _leadership(name)):
            levels = pay.levels(name) if out["type"] == PERMANENT else pay.day_rate_levels()
            found["Level"] = f"Level is missing: choose {', '.join(levels[:-1])} or {levels[-1]}."
        elif name and out["type"] == PERMANENT and is_blank(location):
            found["Location"] = "Location is missing: choose a region such as London or UK National."
        elif name:
            if out["type"] == CONTRACTOR and not is_blank(location):
                attempt("Location", pay._region, location)  # not priced, yet a typo is a typo
            try:
                guide_band(name, level, location, out["type"], status, skills)
            except NotInGuideError as e:
                # An override stands in for a figure the guide lacks, not a name it lacks.
                if out["override"] is None and "Override rate" not in found:
                    found["Role"] = f"{e} Or give an Override rate."
            except GuideError as e:
                found["Role"] = str(e)
    else:
        out["role"] = attempt("Role", index().roles.get, role)
    order = ("Role", "Level", "Location", "Type", "IR35", "Start", "End", "FTE", "Override rate")
    return [found[k] for k in order if k in found], out


def row_problem(role, level, location, type, ir35, start, end, fte, skills, override) -> str:
    """Return "" when a plan row can be priced, else its problems in words (one line).

    Arguments are the Plan's cells as Excel or a CSV gives them: text, numbers, None for
    blank; dates as date, datetime or Excel serial numbers. A blank row (every argument
    empty) has no problem. Checks: Role, Level and Location are known to the guide (the
    engine's own messages, with its suggestions); Type is Permanent or Contractor; IR35
    is Inside or Outside for contractors and blank otherwise; Start is a date, End is
    blank or a date not before Start; FTE is blank (1) or more than 0 and at most 1; an
    Override rate is a number above 0 and lets a row price where the guide has no figure
    (a leadership contractor, a junior day rate), though never with an unknown name.

    >>> row_problem("AI Engineer", "Senior", "London", "Permanent", None, 46296.0, None, None, None, None)
    ''
    >>> row_problem("AI Engineer", "Senior", "London", "Permanent", None, 46296.0, 46200.0, 1, None, None)
    'End 2026-06-27 is before Start 2026-10-01.'
    """
    args = (role, level, location, type, ir35, start, end, fte, skills, override)
    if all(is_blank(v) for v in args):
        return ""
    return row_figures(PlanRow(role=role, level=level, location=location, type=type, ir35=ir35,
                               start=start, end=end, fte=fte, skills=skills, override=override),
                       _default_assumptions()).check


def _one_line(problems) -> str:
    # A cell shows one line: a typed value with a line break must not break the message.
    return " ".join(" ".join(problems).split())


def phase(annual_cost: float, start: date, end: date | None, fy_start: date) -> tuple[float, ...]:
    """Return the cost in £ of each of the twelve fiscal months from ``fy_start``.

    A month costs annual_cost / 12 x (days active in the month / days in the month),
    Start to End inclusive (no End: to the year's end).

    >>> phase(120000, date(2026, 9, 16), None, date(2026, 4, 1))[5]
    5000.0
    """
    out = []
    for month, last in _month_bounds(fy_start):
        first_day = start if start > month else month
        last_day = last if end is None or end > last else end
        active = (last_day - first_day).days + 1
        # The template's formula in the same order: cost / 12 x active / days.
        out.append(annual_cost / 12 * active / last.day if active > 0 else 0.0)
    return tuple(out)


@lru_cache(maxsize=64)
def _month_bounds(fy_start: date) -> tuple[tuple[date, date], ...]:
    """Return the first and last days of the twelve fiscal months from ``fy_start``."""
    return tuple((m, add_months(m, 1) - timedelta(days=1)) for m in fiscal_months(fy_start))


class RowFigures(namedtuple("RowFigures", "check rate compa_ratio band_position annual_cost "
                                          "annual_nic type role fte start end")):
    """What one plan row prices at, before phasing: the one rule that the template's
    PLAN_ROW and the budget command both call. Fields in ROW_HEADERS order.

    ``check`` is "" or the row's problems in words (then every figure is None); ``rate``
    is £ a year (permanent, full time) or £ a day (contractor); with an Override rate,
    ``compa_ratio`` and ``band_position`` place it in the guide band the row would price
    from without it (None without an override, or where the guide has no band);
    ``annual_cost`` and ``annual_nic`` (employer NIC, permanent rows) are £ a year;
    ``type``, ``role``, ``fte``, ``start`` and ``end`` are the inputs as read (None where
    they could not be read).
    """

    __slots__ = ()

    def cells(self) -> list:
        """Return the row's values in ROW_HEADERS order as a sheet shows them: "" for
        nothing, dates as Excel serial numbers."""
        values = self._replace(start=excel_serial(self.start), end=excel_serial(self.end))
        return ["" if v is None else v for v in values]


# Each RowFigures field reads through on PricedRow (r.rate is r.figures.rate): properties,
# as a plan of 100,000 rows reads them millions of times.
for _i, _name in enumerate(RowFigures._fields):
    setattr(PricedRow, _name, property(lambda self, i=_i: self[1][i]))


def excel_serial(day: date | None) -> float | None:
    """Return ``day`` as an Excel serial number (days since 30 December 1899), None for None.

    >>> excel_serial(date(2026, 10, 1))
    46296.0
    """
    return None if day is None else float((day - _EXCEL_EPOCH).days)


@cache
def _default_assumptions() -> Assumptions:
    return Assumptions().checked()


def row_figures(row: PlanRow, a: Assumptions) -> RowFigures:
    """Return what ``row`` prices at with checked assumptions ``a`` (see Assumptions.checked).

    >>> f = row_figures(PlanRow(role="AI Engineer", level="Senior", location="London",
    ...                 type="Permanent", start=date(2026, 10, 1)), Assumptions().checked())
    >>> f.rate, round(f.annual_cost, 2), f.annual_nic
    (110000.0, 127070.9, 15750.0)
    """
    refused = row.reader_problem()  # below the table, or an ID without inputs: both engines
    if refused:
        return RowFigures(refused, *(None,) * (len(RowFigures._fields) - 1))
    problems, v = _problems(*row.checked(), billable_days=a.billable_days)
    read = (v["type"], v["role"], v["fte"], v["start"], v["end"])
    if problems:
        return RowFigures(_one_line(problems), None, None, None, None, None, *read)
    compa = place = None
    try:
        rate = v["override"]
        names = (v["role"], row.level, row.location, v["type"], row.ir35, row.skills)
        if rate is None:
            rate = guide_band(*names).at(a.scenario)
        else:
            try:
                band = guide_band(*names)
                compa, place = band.compa_ratio(rate), band.position(rate)
            except NotInGuideError:
                pass  # the override stands in for a figure the guide lacks
        if v["type"] == CONTRACTOR:
            # Inside IR35 the fee-payer's employer NIC (and levy) come on top of the fees.
            annual = employment.contractor_cost(rate, a.billable_days * v["fte"], a.agency_fee,
                                                ir35=row.ir35, tax_year=a.tax_year, levy=a.levy)
            nic = 0.0
        else:
            cost = employment.employer_cost_breakdown(
                rate * v["fte"], a.tax_year, a.pension_rate, a.pension_basis.lower(),
                a.benefits_rate, a.levy, a.bonus_rate, a.bik_rate, a.allowance_rate,
                a.sacrifice_rate)
            annual, nic = cost.total, cost.nic
    except GuideError as e:
        return RowFigures(_one_line([str(e)]), None, None, None, None, None, *read)
    return RowFigures("", rate, compa, place, annual, nic, *read)


def price_row(row: PlanRow, assumptions: Assumptions) -> PricedRow:
    """Return a row priced with checked ``assumptions`` (see Assumptions.checked).

    A row with a problem (row_problem's text, or a cost the engine rejects) has None for
    every figure.

    >>> a = Assumptions().checked()
    >>> r = price_row(PlanRow(role="AI Engineer", level="Senior", location="London",
    ...               type="Permanent", start=date(2026, 10, 1)), a)
    >>> r.rate, round(r.annual_cost, 2), round(r.fy_cost, 2)
    (110000.0, 127070.9, 63535.45)
    """
    f = row_figures(row, assumptions)
    if f.check:
        return PricedRow(row, f, None, None, None)
    months = phase(f.annual_cost, f.start, f.end, assumptions.fy_start)
    fy = sum(months)
    return PricedRow(row, f, fy, f.annual_nic * fy / f.annual_cost if f.annual_cost else 0.0,
                     months)


def price_plan(rows, assumptions: Assumptions | None = None) -> Budget:
    """Return the Budget of ``rows`` (PlanRow): blank rows skipped, every other row kept.

    ``assumptions`` default to the template's. Raises InvalidValueError or UnknownNameError
    for bad assumptions; a bad row never raises, it carries its problem.
    """
    a = (assumptions or Assumptions()).checked()
    priced = [price_row(r, a) for r in rows if not r.is_blank()]
    return Budget(priced, summarise(priced, a), a)


def _plain(value: object) -> object:
    """A number as Excel shows it in text: 5.0 as 5."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def team_key(value: object) -> str:
    """Return the key teams are matched on: as the template's Summary compares them, ignoring
    case, surrounding spaces (no-break spaces too) and repeated inner spaces.

    >>> team_key("  Data\u00a0 ") == team_key("DATA") == "data"
    True
    """
    if is_blank(value):
        return ""
    # Excel's TRIM: drop surrounding spaces, one space for a run of them; = ignores case.
    return " ".join(w for w in str(_plain(value)).replace("\u00a0", " ").split(" ") if w).lower()


def _in_post(r: PricedRow, day: date) -> bool:
    return r.start <= day and (r.end is None or r.end >= day)


def summarise(rows: list[PricedRow], a: Assumptions) -> dict:
    """Return the budget summary as a JSON-ready dict (money in £, FTE in full-time units).

    Keys: company, fy_start, fy_end, tax_year, scenario; rows, priced, problems (rows left
    out of every total) and problem_rows (row, ID, problem); fy_cost (sum of the rows' FY
    costs), fy_nic (their employer NIC inside the year), employment_allowance (the
    smaller of the tax year's allowance and fy_nic, when claimed, else 0), net_fy_cost;
    annual_cost (annual run-rate: the annual cost of every position in post on the year's
    last day) and fte_year_end; by_type (fy_cost, share, annual_cost, fte_year_end);
    by_quarter; months (cost by type, total and FTE at each month end); by_team; by_role.
    """
    ok = [r for r in rows if r.priced]
    fy_end = a.fy_end
    bounds = _month_bounds(a.fy_start)
    fy_cost = sum(r.fy_cost for r in ok)
    fy_nic = sum(r.fy_nic for r in ok)
    allowance = min(employment.employment_allowance(a.tax_year), fy_nic) if a.claim_ea else 0.0
    at_end = [r for r in ok if _in_post(r, fy_end)]

    by_type = {}
    for t in TYPES:
        cost = sum(r.fy_cost for r in ok if r.type == t)
        by_type[t] = {
            "fy_cost": cost,
            "share": cost / fy_cost if fy_cost else 0.0,
            "annual_cost": sum(r.annual_cost for r in at_end if r.type == t),
            "fte_year_end": sum(r.fte for r in at_end if r.type == t),
        }
    # One pass over the rows: each month's cost by type and FTE at its end. The sums run
    # in row order, as sum() did, so the floats are the same.
    cost = {t: [0.0] * 12 for t in TYPES}
    total, fte = [0.0] * 12, [0.0] * 12
    for r in ok:
        mine = cost[r.type]
        for k, value in enumerate(r.months):
            mine[k] += value
            total[k] += value
        for k, (_first, last) in enumerate(bounds):
            if _in_post(r, last):
                fte[k] += r.fte
    months = []
    for k, (start, last) in enumerate(bounds):
        entry = {"month": start.strftime("%b %Y"), "start": start.isoformat(),
                 "end": last.isoformat()}
        entry.update({t: cost[t][k] for t in TYPES})
        entry.update(total=total[k], fte=fte[k])
        months.append(entry)
    shown = {}  # team key -> its first spelling: the Assumptions' list first, then the rows'
    for t in list(a.teams) + [r.row.team for r in ok]:
        shown.setdefault(team_key(t), " ".join(str(_plain(t)).split()) if not is_blank(t) else "")
    by_team = {shown[team_key(t)]: 0.0 for t in a.teams}
    by_role: dict[str, float] = {}
    for r in ok:
        team = shown[team_key(r.row.team)]
        by_team[team] = by_team.get(team, 0.0) + r.fy_cost
        by_role[r.role] = by_role.get(r.role, 0.0) + r.fy_cost
    return {
        "company": a.company,
        "fy_start": a.fy_start.isoformat(),
        "fy_end": fy_end.isoformat(),
        "tax_year": a.tax_year,
        "scenario": a.scenario,
        "rows": len(rows),
        "priced": len(ok),
        "problems": len(rows) - len(ok),
        "problem_rows": [{"row": r.row.line, "ID": r.row.id, "problem": r.check}
                         for r in rows if not r.priced],
        "fy_cost": fy_cost,
        "fy_nic": fy_nic,
        "employment_allowance": allowance,
        "net_fy_cost": fy_cost - allowance,
        "annual_cost": sum(r.annual_cost for r in at_end),
        "fte_year_end": sum(r.fte for r in at_end),
        "by_type": by_type,
        "by_quarter": {f"Q{q + 1}": sum(m["total"] for m in months[3 * q:3 * q + 3])
                       for q in range(4)},
        "months": months,
        "by_team": by_team,
        "by_role": dict(sorted(by_role.items(), key=lambda kv: pay.roles().index(kv[0]))),
    }


def _json_value(value: object) -> object:
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    return value


def calc_values(r: PricedRow) -> dict:
    """Return a priced row's calculated values keyed by CALC_HEADERS (None for nothing;
    the read dates as dates)."""
    return dict(zip(CALC_HEADERS, r.figures + (r.fy_cost, r.fy_nic)))


def row_dict(r: PricedRow, labels: tuple[str, ...]) -> dict:
    """Return a priced row keyed by the Plan's headers ("Row" is its sheet row or CSV line)."""
    out = {"Row": r.row.line}
    for header, field in zip(INPUT_HEADERS, _FIELDS):
        out[header] = _json_value(getattr(r.row, field))
    out.update({h: _json_value(v) for h, v in calc_values(r).items()})
    for k, label in enumerate(labels):
        out[label] = None if r.months is None else r.months[k]
    return out


# A number as a CSV plan may write it: Python's float() also takes "1_0", "inf" and "nan".
_CSV_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
# Characters a workbook (XML 1.0) cannot hold: a plan that has them is damaged.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _csv_value(header: str, text: str) -> object:
    text = text.strip()
    if not text:
        return None
    if header in ("Start", "End"):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return text  # row_problem says why
    if header in ("FTE", "Override rate") and _CSV_NUMBER.fullmatch(text):
        return float(text)  # a 400-digit number gives inf: row_problem says it is no number
    return text


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
        ignored = {fold(h) for h in CALC_HEADERS} | {"row"}
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
        missing = [h for h in ("Role", "Level", "Type", "Start") if h not in dict(columns).values()]
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
        swallowed = h != "Notes" or any(line.count(",") >= width - 1
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
        w.writerow(["" if v is None else _json_value(v) for v in r[:len(_FIELDS)]])
    return out.getvalue()


def demo_plan() -> tuple[list[PlanRow], Assumptions]:
    """Return the demo's plan rows and assumptions: an AI team's plan for the fiscal year
    from 1 April 2026 (data/demo_plan.csv), permanent and contractor positions across four
    teams, with one row broken on purpose (End before Start) that the check catches."""
    from .data import default_folder

    rows = [r._replace(line=None) for r in read_csv((default_folder() / "demo_plan.csv").read_text())]
    teams = tuple(dict.fromkeys(r.team for r in rows))
    return rows, Assumptions(company="Example AI Ltd", claim_ea=True, teams=teams)
