"""Sheets layer: builds the headcount budget template (Start here, Assumptions, Plan,
Summary, Guide) and writes it, carrying its functions for xlwings Lite.

Each Plan row makes one call, PLAN_ROW, stored as one dynamic-array formula in the row's
first calculated cell that spills over the rest (the rule `budget` runs; addin/spill.py);
the Summary adds those cells up with functions that independent engines compute (no
whole-column or structured references, no OFFSET, INDIRECT or SEQUENCE). Every cell that
holds a call of our functions is unlocked, so that a Lite script can re-enter it on the
protected sheet (refresh_functions). Text from a plan is always written as text, never as
a formula.
"""

from __future__ import annotations

import io
from copy import copy

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment
from openpyxl.worksheet.formula import ArrayFormula

from ..base.errors import InvalidValueError
from ..guide import pay
from ..planning.assumptions import SETTINGS, Assumptions
from ..planning.columns import IN, OUT
from ..planning.pay_timing import MONTH_NAMES, MOVEMENT_LIMITS
from ..planning.phasing import FEWEST_MONTHS, MOST_MONTHS
from ..planning.plan import (
    GUIDE_BONUS,
    INPUT_HEADERS,
    IR35_STATUSES,
    PENSION_BASES,
    SCENARIOS,
    STATUSES,
    TYPES,
    YES_NO,
)
from ..planning.price_from import CHOICES as PRICE_FROM
from ..planning.risk import team_key
from . import files, spill
from .guide_sheet import guide_sheet, start_sheet
from .our_bands_sheet import NAME as OUR_BANDS
from .our_bands_sheet import SHEET, our_bands_sheet
from .plan_layout import (
    A_CELL,
    A_FIRST,
    ASSUMPTION_ROWS,
    CALC_COLUMNS,
    CALC_FIRST,
    CALC_LAST,
    CALCULATED_ROWS,
    COL,
    COLUMNS,
    FIRST_ROW,
    HEADER_ROW,
    LAST_ROW,
    MONTH_COLS,
    NAME,
    PLAN_ROWS,
    TEAM_SLOTS,
    TEAMS_ATTRITION,
    TEAMS_FIRST,
    TEAMS_HEAD,
    TEAMS_LAST,
    TEAMS_NAME,
    flag_outside_band,
    group_read_columns,
    plan_print,
)
from .scenario_sheet import scenario_anchors, scenario_block
from .sheet_style import (
    ALERT_FILL,
    BOLD,
    BORDER,
    CALC_FILL,
    DATE,
    INPUT_FILL,
    MONEY,
    MONTH,
    NOTE_FONT,
    PCT,
    UNLOCKED,
    define_name,
    header_cell,
    inline_list,
    print_setup,
    protect,
    put_cell,
    text_cell,
    title,
    validation,
)
from .summary_sheet import summary_sheet
from .xlsx_file import write_zip

#: Where the committed template lives, relative to the repository.
TEMPLATE = "workbook/headcount_budget_template.xlsx"
SHEETS = ("Start here", "Assumptions", "Plan", "Summary", "Guide", SHEET, "xlwings.conf")
#: The defined names of the settings that price a row, in PLAN_ROW's argument order.
_ROW_NAMES = tuple(s.name for s in SETTINGS if s.row)
_SETTING_FORMATS = {"date": DATE, "month": MONTH, "rate": PCT, "movement": PCT, "days": "0",
                    "calc_date": DATE, "calc_money": MONEY, "years": "0.0", "money": MONEY,
                    "months": "0", "whole_months": "0"}


_CALCULATED = {c.name: c for c in CALCULATED_ROWS}


def _assumptions_sheet(wb, ws, a: Assumptions) -> None:
    title(ws, "Assumptions", "Inputs are yellow. Every Plan row uses these settings.")
    values = {}
    for s in SETTINGS:
        value = getattr(a, s.field)
        values[s.name] = ("Yes" if value else "No") if isinstance(value, bool) else value
    for i, (name, label, kind, help_text) in enumerate(ASSUMPTION_ROWS):
        r = A_FIRST + i
        ws.cell(r, 1, label).font = BOLD
        cell = ws.cell(r, 2)
        if name in _CALCULATED:
            cell.value = _CALCULATED[name].formula
            cell.fill = CALC_FILL
            if _CALCULATED[name].ours:  # re-enterable by refresh_functions on the protected sheet
                cell.protection = UNLOCKED
        else:
            put_cell(cell, values[name])
            cell.fill, cell.protection = INPUT_FILL, UNLOCKED
        cell.border = BORDER
        if kind in _SETTING_FORMATS:
            cell.number_format = _SETTING_FORMATS[kind]
        ws.cell(r, 3, help_text).font = NOTE_FONT
        define_name(wb, name, f"Assumptions!{A_CELL[name]}")
    _assumption_validations(ws)
    _teams_table(wb, ws, a)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 90
    print_setup(ws)
    protect(ws)


def _teams_table(wb, ws, a: Assumptions) -> None:
    """The Teams table: each team's name (column B) and its annual attrition (column C,
    blank: the plan-wide rate; risk.py), the teams with a rate of their own listed too."""
    ws.cell(TEAMS_HEAD, 1, "Teams").font = BOLD
    ws.cell(TEAMS_HEAD, 3, "The Plan's Team column offers these; the Summary totals each one "
                           "and puts the rest under Other. Beside a team, its annual attrition "
                           "(blank: the plan-wide Annual attrition; modelled).").font = NOTE_FONT
    rates = {team_key(t): r for t, r in a.team_attrition}
    teams = list(dict.fromkeys(list(a.teams) + [t for t, _r in a.team_attrition]))
    for i in range(TEAM_SLOTS):
        name = ws[f"{TEAMS_NAME}{TEAMS_FIRST + i}"]
        rate = ws[f"{TEAMS_ATTRITION}{TEAMS_FIRST + i}"]
        if i < len(teams):
            text_cell(name, teams[i])
            rate.value = rates.get(team_key(teams[i]))
        for cell in (name, rate):
            cell.fill, cell.protection, cell.border = INPUT_FILL, UNLOCKED, BORDER
        rate.number_format, rate.alignment = PCT, Alignment(horizontal="left")
    first, last = TEAMS_FIRST, TEAMS_LAST
    define_name(wb, "Teams", f"Assumptions!${TEAMS_NAME}${first}:${TEAMS_NAME}${last}")
    define_name(wb, NAME["team_attrition"],
                f"Assumptions!${TEAMS_NAME}${first}:${TEAMS_ATTRITION}${last}")
    validation(ws, f"{TEAMS_ATTRITION}{first}:{TEAMS_ATTRITION}{last}", "0", "Attrition",
               "Enter a team's annual attrition from 0% to 100%, or leave it blank for the "
               "plan-wide rate.", kind="decimal", operator="between", formula2="1")


def _between(low, high, kind="decimal") -> tuple[str, dict]:
    """Return (formula1, options) of a validation of a number from ``low`` to ``high``."""
    return str(low), {"kind": kind, "operator": "between", "formula2": str(high)}


def _validation_rules(ref: str) -> dict[str, tuple[str, dict, str]]:
    """Return each setting kind's validation of the cell ``ref``: (formula1, validation's
    other options, the error message)."""
    return {
        "date": (f"AND(ISNUMBER({ref}),DAY({ref})=1)", {"kind": "custom"},
                 "Enter the first day of a month, e.g. 1 April 2026."),
        "month": ("DATE(2000,1,1)", {"kind": "date", "operator": "between",
                                     "formula2": "DATE(2100,12,31)"},
                  "Enter a date: its month is the review month. Leave blank for no review."),
        "tax_year": ("TaxYearList", {},
                     "Choose a tax year from the list (the Guide sheet's tax years)."),
        "scenario": (inline_list(SCENARIOS), {}, "Choose Low, Mid or High."),
        "price_from": (inline_list(PRICE_FROM), {},
                       "Choose Market (the guide's bands) or Ours (the Our bands sheet)."),
        "basis": (inline_list(PENSION_BASES), {},
                  "Choose Qualifying (qualifying earnings) or Full (whole salary)."),
        "yes_no": (inline_list(YES_NO), {}, "Choose Yes or No."),
        "rate": (*_between(0, 1), "Enter a percentage from 0% to 100%."),
        "days": (*_between(1, 366), "Enter a number of days from 1 to 366."),
        "years": (*_between(0, 5), "Enter a number of years above 0, at most 5."),
        # a warning: a month's number stands as well
        "month_name": (inline_list(MONTH_NAMES), {"warning": True},
                       "Choose a month (or its number 1 to 12), or leave it blank to spread "
                       "the bonus over the months."),
        "movement": (*_between(*MOVEMENT_LIMITS),
                     "Enter an annual rate from -50% to 50% (0: the guide's figures as given)."),
        "months": (*_between(FEWEST_MONTHS, MOST_MONTHS, "whole"),
                   f"Enter a whole number of months from {FEWEST_MONTHS} to {MOST_MONTHS}."),
        "whole_months": (*_between(0, 24, "whole"),
                         "Enter a whole number of months from 0 to 24."),
        "money": ("0", {"kind": "decimal", "operator": "greaterThanOrEqual"},
                  "Enter a sum in £, or leave it blank."),
    }


def _assumption_validations(ws) -> None:
    """One validation per setting, by its kind (assumptions.SETTINGS)."""
    for s in SETTINGS:
        if s.name not in A_CELL:  # the Teams table's Attrition column (_teams_table)
            continue
        ref = A_CELL[s.name]
        rule = _validation_rules(ref).get(s.kind)
        if rule is not None:  # none for text (the company's name): any text stands
            formula1, options, error = rule
            validation(ws, ref.replace("$", ""), formula1, s.label, error, **options)


def row_formula(r: int) -> tuple[str, str]:
    """Return (the cells it spills over, the formula) of Plan row ``r``'s one
    custom-function call: PLAN_ROW over the row's inputs (then the settings, the headers
    and our bands), returning every calculated cell of the row; "" (no call) for an empty row. Stored in the first of those cells."""
    last = COL[INPUT_HEADERS[-1]]
    inputs = f"$A{r}:${last}{r}"
    headers = f"$A${HEADER_ROW}:${last}${HEADER_ROW}"  # moved columns refuse
    cells = f"{CALC_FIRST}{r}:{CALC_LAST}{r}"
    return cells, (f'=IF(COUNTA({inputs})=0,"",PLAN_ROW({inputs},{",".join(_ROW_NAMES)},'
                   f'{headers},{OUR_BANDS}))')


def _plan_sheet(ws, rows) -> None:
    title(ws, "Plan: one row per position",
          "Fill the yellow columns (a blank row is skipped); grey columns are calculated. "
          "Check says what stops a row from being priced; such rows are left out of the totals.")
    for c in COLUMNS:
        header_cell(ws[f"{COL[c.header]}{HEADER_ROW}"], c.header)
        ws.column_dimensions[COL[c.header]].width = c.width
    for k, m in enumerate(MONTH_COLS):
        cell = ws[f"{m}{HEADER_ROW}"]
        # The month's last day, shown "Apr 2026"; past the first twelve, blank after the
        # horizon (PLAN_ROW leaves those months blank too).
        month = f"EOMONTH(FYEnd,{k - 11})"
        header_cell(cell, f"={month}" if k < 12 else f'=IF({month}>HorizonEnd,"",{month})')
        cell.number_format = MONTH
    ws.row_dimensions[HEADER_ROW].height = 30
    given = list(rows)
    if len(given) > PLAN_ROWS:
        raise InvalidValueError(f"The template holds {PLAN_ROWS} positions; the plan has {len(given)}.")
    inputs = [c for c in COLUMNS if c.part == "input"]
    calc = [(COL[c.header], c.fmt) for c in CALC_COLUMNS]
    styles = {}  # column -> the first row's style, copied down (hashing styles is slow)
    for i in range(PLAN_ROWS):
        r = FIRST_ROW + i
        row = given[i] if i < len(given) else None
        for j, c in enumerate(inputs):
            cell = ws.cell(r, j + 1)
            if j in styles:
                cell._style = copy(styles[j])
            else:
                cell.fill, cell.protection, cell.border = INPUT_FILL, UNLOCKED, BORDER
                cell.number_format = c.fmt or "General"
                styles[j] = cell._style
            if row is not None:
                put_cell(cell, getattr(row, c.field))
        cells, formula = row_formula(r)
        ws[cells.split(":")[0]] = ArrayFormula(cells, formula)
        for col, fmt in calc:
            cell = ws[f"{col}{r}"]
            if col in styles:
                cell._style = copy(styles[col])
            else:
                # Unlocked: the spill must never meet a locked cell, and the script that
                # re-enters the formula writes here. A value typed over a spilled cell makes
                # the row's Check cell #SPILL!, which the Summary counts as a problem row.
                cell.fill, cell.border, cell.protection = CALC_FILL, BORDER, UNLOCKED
                cell.number_format = fmt or "General"
                styles[col] = cell._style
    _plan_validations(ws)
    group_read_columns(ws)
    c = COL[OUT.check]
    ws.conditional_formatting.add(
        f"{c}{FIRST_ROW}:{c}{LAST_ROW}", FormulaRule(formula=[f"LEN({c}{FIRST_ROW})>0"], fill=ALERT_FILL))
    flag_outside_band(ws)
    ws.freeze_panes = f"C{FIRST_ROW}"
    plan_print(ws, LAST_ROW)
    protect(ws)


def _plan_validations(ws) -> None:
    def span(h):
        return f"{COL[h]}{FIRST_ROW}:{COL[h]}{LAST_ROW}"

    def first(h):
        return f'{COL[h]}{FIRST_ROW}'

    validation(ws, span(IN.team), "Teams", IN.team,
               "This team is not in the Assumptions sheet's list: the Summary counts it "
               "under Other. Keep it anyway?", warning=True)
    validation(ws, span(IN.role), "RoleList", IN.role,
               "Choose a role from the list: the guide's roles (the Guide sheet).",
               prompt="A role from the guide.")
    validation(ws, span(IN.level), "LevelList", IN.level,
               "Choose a level from the list. Leadership roles have no level: leave it blank.")
    validation(ws, span(IN.location), "RegionList", IN.location,
               "Choose a region from the list; use UK National or Remote UK for other places.")
    validation(ws, span(IN.type), inline_list(TYPES), IN.type, "Choose Permanent or Contractor.")
    validation(ws, span(IN.ir35), inline_list(IR35_STATUSES), IN.ir35,
               "Choose Inside or Outside (contractors only; leave blank for permanent).")
    for h in (IN.start, IN.end):
        validation(ws, span(h), "DATE(2000,1,1)", h,
                   "Enter a date between 2000 and 2100, e.g. 1/10/2026.", kind="date",
                   operator="between", formula2="DATE(2100,12,31)")
    j = first(IN.fte)
    validation(ws, span(IN.fte), f"AND(ISNUMBER({j}),{j}>0,{j}<=1)", IN.fte,
               "Enter more than 0 and at most 1 (1 is full time, 0.5 half time), "
               "or leave blank for 1.", kind="custom")
    validation(ws, span(IN.override), "0", IN.override,
               "Enter a salary in £ a year (permanent) or a day rate in £ (contractor), "
               "above 0. Inside IR35 it is the contractor's effective rate: the fee-payer's "
               "NIC (and levy) are added to it as to the guide's rate.",
               kind="decimal", operator="greaterThan")
    b = first(IN.bonus)
    validation(ws, span(IN.bonus), f'OR(AND(ISNUMBER({b}),{b}>=0,{b}<=1),{b}="{GUIDE_BONUS}")',
               IN.bonus, f"Permanent rows: a bonus target from 0% to 100% of salary, or "
               f"{GUIDE_BONUS} for a leadership role's equity/bonus percentage from the guide "
               f"(the guide mixes equity and bonus: all of it is costed as cash). Blank: the "
               f"Assumptions' Bonus target.", kind="custom")
    validation(ws, span(IN.hire_fee), "0", IN.hire_fee,
               "Permanent rows: this hire's recruitment fee, 0% to 100% of first-year base "
               "salary, charged in the start month unless Filled. Blank: the Assumptions' "
               "Recruitment fee rate.", kind="decimal", operator="between", formula2="1")
    validation(ws, span(IN.status), inline_list(STATUSES), IN.status,
               "Choose Open, Offer or Filled (blank is Open): a hire fee is charged for Open "
               "and Offer rows only.")


def build_template(rows=(), assumptions: Assumptions | None = None) -> Workbook:
    """Return the template workbook, its Plan filled with ``rows`` (PlanRow) if given.

    ``assumptions`` (default: the template's) fill the Assumptions sheet. Raises
    InvalidValueError or UnknownNameError for bad assumptions, or more than 200 rows.
    """
    a = (assumptions or Assumptions()).checked()
    wb = Workbook()
    sheets = {name: (wb.active if i == 0 else wb.create_sheet()) for i, name in enumerate(SHEETS)}
    for name, ws in sheets.items():
        ws.title = name
    start_sheet(sheets["Start here"])
    guide_sheet(wb, sheets["Guide"])
    _assumptions_sheet(wb, sheets["Assumptions"], a)
    _plan_sheet(sheets["Plan"], rows)
    summary_sheet(sheets["Summary"], pay.roles())
    our_bands_sheet(wb, sheets[SHEET], a.bands)
    scenario_block(sheets["Summary"])
    conf = sheets["xlwings.conf"]
    conf["A1"], conf["B1"] = "UDF Modules", "addin.udfs"
    conf.column_dimensions["A"].width = conf.column_dimensions["B"].width = 16
    conf.sheet_state = "hidden"  # classic xlwings reads it hidden; it is no page to print
    wb.active = 2  # opens on the Plan
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws.title == "Plan"
    return wb


def template_bytes(rows=(), assumptions: Assumptions | None = None) -> bytes:
    """Return the bytes of the template file (filled with ``rows`` if given), without the
    functions for xlwings Lite (packaging/template_file.py adds them)."""
    out = io.BytesIO()
    write_zip(build_template(rows, assumptions), out)
    anchors = [row_formula(FIRST_ROW + i)[0].split(":")[0] for i in range(PLAN_ROWS)]
    return spill.dynamic(spill.dynamic(out.getvalue(), "Plan", anchors), "Summary",
                         scenario_anchors())


def save(path, data: bytes, *, force: bool = False) -> None:
    """Save the template bytes ``data`` at ``path``.

    An existing file is replaced only when it holds exactly these bytes (an untouched
    template) or ``force``; raises files.OutputError otherwise.
    """
    files.check_target(path, force=force, replaceable=lambda p: _holds(p, data))
    files.write_atomic(path, data)


def _holds(path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
