"""Planning layer: a plan row's inputs read, each one's problem in words, and the guide band
it prices from (pricing.py prices what this reads)."""

from __future__ import annotations

from ..base import inputs
from ..base.errors import GuideError, InvalidValueError, NotInGuideError, one_line
from ..guide import pay
from ..guide.band import Band
from ..guide.checks import plan_checks
from ..guide.names import is_blank
from .columns import IN
from .plan import (
    CONTRACTOR,
    FIELDS,
    FILLED,
    GUIDE_BONUS,
    PERMANENT,
    STATUSES,
    TYPES,
    PlanRow,
    as_date,
    choice,
    fte,
    override,
    row_rate,
    shown,
)


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
    name = pay.index().roles.get(role)
    if _leadership(name):
        if not is_blank(level):
            raise InvalidValueError(f'{name} is a leadership role with no levels: clear Level "{level}".')
        if not is_blank(skills):
            raise NotInGuideError(f"The guide gives no skill premiums for {name}: clear Skills.")
        return pay.leadership_band(name, location)
    return pay.salary_estimate(role, level, location, skills, None)


def _bonus(value: object, what: str) -> float | str | None:
    """A Bonus cell: a rate, the word Guide, or None when blank."""
    if inputs.word(value) == GUIDE_BONUS.casefold():
        return GUIDE_BONUS
    return row_rate(value, what)


def _attempt(found: dict, field: str, fn, *args):
    """Return ``fn(*args)``; on a GuideError, None, its message kept as the problem of the
    input ``field``."""
    try:
        return fn(*args)
    except GuideError as e:
        found[field] = e.render("plan")  # no Excel function names in a plan
        return None


def _read_inputs(row: PlanRow, billable_days: float, found: dict) -> dict:
    """Return the row's inputs read (type, IR35 status, start, end, fte, override, status,
    bonus, hire_fee; None where unread), adding each one's problem to ``found`` by field."""
    out = dict.fromkeys(("type", "ir35", "start", "end", "fte", "override", "role", "bonus",
                         "hire_fee", "status", "band", "visa"))
    out["type"] = kind = _attempt(found, "type", inputs.hire_type, row.type, IN.type)
    if kind == CONTRACTOR:
        out["ir35"] = _attempt(found, "ir35", inputs.ir35, row.ir35, IN.ir35)
    elif kind == PERMANENT and not is_blank(row.ir35):
        found["ir35"] = (f'IR35 "{row.ir35}" applies to contractors only: clear it for a '
                         f"permanent position.")
    out["start"] = _attempt(found, "start", as_date, row.start, IN.start)
    out["end"] = _attempt(found, "end", as_date, row.end, IN.end)
    if "start" not in found and out["start"] is None:
        found["start"] = "Start is missing: enter the date the position starts."
    if out["start"] and out["end"] and out["end"] < out["start"]:
        found["end"] = (f"End {out['end'].isoformat()} is before Start "
                        f"{out['start'].isoformat()}.")
    out["fte"] = _attempt(found, "fte", fte, row.fte)
    if kind == CONTRACTOR and out["fte"] and billable_days * out["fte"] < 1:
        found["fte"] = (f"FTE {out['fte']:g} gives a contractor {billable_days * out['fte']:.2f} "
                        f"billable days a year ({billable_days:g} x {out['fte']:g}), under 1: "
                        f"raise FTE.")
    out["override"] = _attempt(found, "override", override, row.override, inputs.MAX_MONEY)
    if out["override"] is not None and kind in TYPES:
        slip = _unit_slip(out["override"], kind)
        if slip:
            found["override"] = slip
    if not is_blank(row.status):
        out["status"] = _attempt(found, "status", choice, row.status, IN.status, STATUSES)
    for field, read in (("bonus", _bonus), ("hire_fee", row_rate)):
        value, what = getattr(row, field), getattr(IN, field)
        if kind == CONTRACTOR and not is_blank(value):
            found[field] = (f"{what} {shown(value)} applies to permanent positions only: clear "
                            f"it (a contractor's agency fee is the Assumptions' Agency fee rate).")
        else:
            out[field] = _attempt(found, field, read, value, what)
    if not is_blank(row.visa):
        out["visa"] = _attempt(found, "visa", inputs.yes_no, row.visa, IN.visa)
        if out["visa"] and kind == CONTRACTOR:
            found["visa"] = (f"{IN.visa} {shown(row.visa)} applies to permanent positions only "
                             f"(a contractor is not sponsored by the client): clear it.")
    if out["hire_fee"] and out["status"] == FILLED:
        found["hire_fee"] = (f"Hire fee {out['hire_fee']:.4g} is charged for Open or Offer "
                             f"positions; this one is Filled: clear the fee or the Status.")
    return out


def _read_role(row: PlanRow, out: dict, found: dict) -> None:
    """Read the row's Role, Level and Location into ``out`` (role: the guide's name; band:
    the guide band it prices from, None where the guide has none), adding each one's
    problem to ``found`` by field; ``out`` holds the other inputs read."""
    role, level, location, kind = row.role, row.level, row.location, out["type"]
    if is_blank(role):
        found["role"] = "Role is missing: choose a role from the guide."
        return
    out["role"] = name = _attempt(found, "role", pay.index().roles.get, role)
    if not (kind == PERMANENT or out["ir35"]) or not name:
        return
    leader = _leadership(name)
    no_override = out["override"] is None and "override" not in found
    if kind == PERMANENT and not leader and name not in pay.guide().levels and no_override:
        found["role"] = (f"The guide gives only contractor day rates for {name}, no "
                         f"salary: set Type to Contractor (with IR35 and Level), or give "
                         f"an Override rate (a full-time salary in £ a year).")
    elif is_blank(level) and pay.levels(name) and not (kind == PERMANENT and leader):
        levels = pay.levels(name) if kind == PERMANENT else pay.day_rate_levels()
        found["level"] = f"Level is missing: choose {', '.join(levels[:-1])} or {levels[-1]}."
    elif kind == PERMANENT and is_blank(location):
        found["location"] = "Location is missing: choose a region such as London or UK National."
    else:
        if kind == CONTRACTOR and not is_blank(location):
            _attempt(found, "location", pay._region, location)  # not priced, yet a typo is a typo
        try:
            out["band"] = guide_band(name, level, location, kind, out["ir35"], row.skills)
        except NotInGuideError as e:
            # An override stands in for a figure the guide lacks, not a name it lacks.
            if no_override:
                found["role"] = f"{e.render('plan')} Or give an Override rate."
        except GuideError as e:
            found["role"] = e.render("plan")
    if out["bonus"] == GUIDE_BONUS and not (kind == PERMANENT and leader):
        found["bonus"] = (f'Bonus "{GUIDE_BONUS}" takes the guide\'s equity/bonus percentage, '
                          f"which it gives for permanent leadership roles only: enter a "
                          f"rate such as 15%.")


def read_row(row: PlanRow, billable_days: float = 220.0):
    """Return (problems in column order, the normalised values) of one row, the guide band
    it prices from among them (None where the guide has none); a contractor bills
    ``billable_days`` x FTE days a year."""
    found: dict[str, str] = {}  # PlanRow field -> its problem
    out = _read_inputs(row, billable_days, found)
    _read_role(row, out, found)
    return [found[f] for f in FIELDS if f in found], out


def pounds(value: float) -> str:
    return f"£{value:,.0f}" if float(value).is_integer() else f"£{value:,.2f}"


def _unit_slip(rate: float, kind: str) -> str:
    """Return the problem of an Override rate (£, per FTE) whose unit cannot be right for a
    row of ``kind``: a day rate above the ceiling or a salary below the floor
    (checks.plan_checks; provenance rule unit_slips); "" when none."""
    checks = plan_checks()
    if kind == CONTRACTOR and checks.wrong_unit(rate, per_day=True):
        return (f"Override rate {pounds(rate)} a day: is this a salary? A contractor's rate "
                f"is a day rate, at most {pounds(checks.day_rate_ceiling)}: enter the day "
                f"rate, or set Type to Permanent for a salary.")
    if kind == PERMANENT and checks.wrong_unit(rate, per_day=False):
        return (f"Override rate {pounds(rate)} a year: is this a day rate? A permanent rate "
                f"is a full-time salary, at least {pounds(checks.salary_floor)}: enter the "
                f"salary, or set Type to Contractor for a day rate.")
    return ""


def joined(problems) -> str:
    # A cell shows one line: a typed value with a line break must not break the message,
    # and a long one is quoted cut (errors.one_line), as every other message quotes it;
    # each problem on its own, so a stray quote in one value cannot pair with the next.
    return " ".join(one_line(p) for p in problems)
