"""Workbook layer: builds the headcount budget template, reads a filled one, writes value-only reports.

The only module that imports openpyxl at module level. The template's formulas call the
Excel functions of addin.udfs in their scalar form (a point is always given) and use
only functions that independent engines compute (no whole-column or structured
references, no OFFSET, INDIRECT or SEQUENCE, no dynamic arrays). Text from a plan is
always written as text, never as a formula.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
import zlib
from copy import copy
from datetime import date, datetime
from typing import Iterator, NamedTuple

from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.xml.functions import tostring

from . import budget, employment, files, pay
from .budget import (CALC_HEADERS, INPUT_HEADERS, IR35_STATUSES, PENSION_BASES, SCENARIOS,
                     STATUSES, TYPES, YES_NO, Assumptions, Budget, PlanRow)
from .data import GUIDE_EDITION, guide, provenance
from .errors import GuideError, InvalidValueError

#: Where the committed template lives, relative to the repository.
TEMPLATE = "workbook/headcount_budget_template.xlsx"
SHEETS = ("Start here", "Assumptions", "Plan", "Summary", "Guide", "xlwings.conf")
HEADER_ROW, FIRST_ROW, PLAN_ROWS = 3, 4, 200
LAST_ROW = FIRST_ROW + PLAN_ROWS - 1
HEADERS = INPUT_HEADERS + CALC_HEADERS  # then the twelve month columns
COL = {h: get_column_letter(i + 1) for i, h in enumerate(HEADERS)}
MONTH_COLS = tuple(get_column_letter(len(HEADERS) + 1 + k) for k in range(12))
TEAM_SLOTS = 12
# Every file gets the same timestamps, so a rebuild equals the committed template.
_FIXED_TIME = datetime(2026, 1, 1)
_FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)

MONEY, DATE, FTE, PCT = "£#,##0", "d mmm yyyy", "0.00", "0.0%"
#: The report's Rate (and Override rate) formats: the unit in the format, so the column
#: stays numbers that sort; a day rate keeps its pennies (inside IR35: 662.50).
YEAR_RATE, DAY_RATE = '£#,##0" /yr"', '£#,##0.00" /day"'
MONTH = "mmm yyyy"
_THIN = Side(style="thin", color="BFBFBF")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
CALC_FILL = PatternFill("solid", fgColor="F2F2F2")
HEAD_FILL = PatternFill("solid", fgColor="1F4E78")
ALERT_FILL = PatternFill("solid", fgColor="F8CBAD")
OK_FILL = PatternFill("solid", fgColor="C6EFCE")
OUTSIDE_FILL = PatternFill("solid", fgColor="FFEB9C")  # amber: a rate outside the guide's band
HEAD_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14, color="1F4E78")
BOLD = Font(bold=True)
NOTE_FONT = Font(italic=True, color="595959")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
UNLOCKED = Protection(locked=False)
WRAP = Alignment(wrap_text=True, vertical="top")

# The Assumptions sheet, in order: (defined name, label, number format, help). The input
# rows are budget.SETTINGS (the same names, the same order); two rows are calculated.
ASSUMPTIONS = (
    ("Company", "Company", None, "Your company's name, shown on the Summary."),
    ("FYStart", "Fiscal year start", DATE,
     "First day of the fiscal year: the 1st of a month. The Plan has one column per month."),
    ("FYEnd", "Fiscal year end", DATE, "Calculated."),
    ("TaxYear", "Tax year", None,
     "UK tax year whose NIC, pension and levy figures price the plan. The data "
     f"holds {employment.known_tax_years()[0]} to {employment.known_tax_years()[-1]}: "
     "a later year needs a data update (a function call that omits the tax year uses the "
     "latest year held)."),
    ("Scenario", "Scenario", None,
     "Point of the guide's band for every row: Low (25th percentile), Mid or High (75th)."),
    ("PensionRate", "Employer pension rate", PCT,
     "Employer contribution; 3% is the auto-enrolment minimum."),
    ("PensionBasis", "Pension basis", None,
     "Qualifying earnings (£6,240 to £50,270 in 2026/27, bonus included) or Full (basic) salary."),
    ("BonusRate", "Bonus target", PCT,
     "Bonus as a share of salary, permanent rows: employer NIC and the levy apply to it. "
     "Guidance by company stage is on the Guide sheet."),
    ("BenefitsRate", "Benefits rate (no NIC)", PCT,
     "NIC-free benefits as a share of salary (e.g. extra employer pension)."),
    ("BikRate", "Benefits in kind rate", PCT,
     "Taxable benefits in kind (e.g. health cover) as a share of salary: Class 1A NIC applies."),
    ("AllowanceRate", "Cash allowances rate", PCT,
     "Cash allowances as a share of salary: Class 1 NIC and the levy apply."),
    ("SacrificeRate", "Pension salary sacrifice", PCT,
     "Share of salary sacrificed into pension: the employer saves NIC on it (from April 2029 "
     "on at most £2,000 a year)."),
    ("Levy", "Apprenticeship Levy", None,
     "Yes if your pay bill is over £3m: adds 0.5% of each salary, and of inside-IR35 fees."),
    ("BillableDays", "Contractor billable days", "0",
     "Days a full-time contractor bills in a year."),
    ("AgencyFee", "Agency fee rate", PCT,
     "Agency margin on contractors' day rates. Inside IR35 the fee-payer's employer NIC "
     "(and levy) are added to the fees as well."),
    ("ClaimEA", "Claim Employment Allowance", None,
     "Yes if the company can claim it: the Summary takes it off the year's employer NIC."),
    ("EmploymentAllowance", "Employment Allowance claimed", MONEY,
     "Calculated: the tax year's allowance when claimed, else 0."),
)
A_FIRST = 3
A_CELL = {name: f"$B${A_FIRST + i}" for i, (name, *_rest) in enumerate(ASSUMPTIONS)}
TEAMS_HEAD = A_FIRST + len(ASSUMPTIONS) + 1
TEAMS_FIRST, TEAMS_LAST = TEAMS_HEAD + 1, TEAMS_HEAD + TEAM_SLOTS


def _rng(header: str) -> str:
    """The Plan column of ``header`` over the plan rows, e.g. Plan!$R$4:$R$203."""
    c = COL.get(header, header)
    return f"Plan!${c}${FIRST_ROW}:${c}${LAST_ROW}"


def _text(cell, value: object) -> None:
    """Write ``value`` as text, never as a formula, whatever it starts with."""
    text = str(value)
    cell.value = text
    cell.data_type = "s"
    if text[:1] in ("=", "+", "-", "@"):
        cell.quotePrefix = True  # stays text when someone edits the cell in Excel


def _put(cell, value: object, fmt: str | None = None) -> None:
    """Write a plan's value: text as text, numbers and dates as themselves."""
    if value is None:
        cell.value = None
    elif isinstance(value, str):
        _text(cell, value)
    elif isinstance(value, (int, float, date)) and not isinstance(value, bool):
        cell.value = value
        if fmt:
            cell.number_format = fmt
    else:
        _text(cell, value)


def _title(ws, text: str, note: str | None = None) -> None:
    ws["A1"] = text
    ws["A1"].font = TITLE_FONT
    if note:
        ws["A2"] = note
        ws["A2"].font = NOTE_FONT


def _header(cell, text) -> None:
    cell.value = text
    cell.font = HEAD_FONT
    cell.fill = HEAD_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    cell.border = BORDER


def _print_setup(ws) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _protect(ws) -> None:
    """Lock formula cells (inputs are unlocked cell by cell); no password."""
    p = ws.protection
    p.sheet = True
    p.formatColumns = p.formatRows = p.formatCells = False  # False: allowed
    p.sort = p.autoFilter = False


def _validation(ws, sqref: str, formula1: str, title: str, error: str, *, kind="list",
                operator=None, formula2=None, prompt=None, warning=False) -> None:
    dv = DataValidation(type=kind, formula1=formula1, formula2=formula2, operator=operator,
                        allow_blank=True, showErrorMessage=True, errorTitle=title, error=error,
                        errorStyle="warning" if warning else "stop",
                        showInputMessage=prompt is not None, promptTitle=title if prompt else None,
                        prompt=prompt)
    dv.add(sqref)
    ws.add_data_validation(dv)


def _inline(values) -> str:
    return '"' + ",".join(values) + '"'


def _name(wb, name: str, ref: str) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text=ref)


# --------------------------------------------------------------------------------------
# Guide
# --------------------------------------------------------------------------------------
def _level_list() -> tuple[str, ...]:
    names = [lv for role in pay.roles("salary") for lv in pay.levels(role)]
    return tuple(dict.fromkeys(names + list(pay.day_rate_levels())))


_SOURCE_LABELS = {"nic": "Employer NIC", "class1a": "Class 1A NIC", "ir35": "IR35 (off-payroll)",
                  "levy": "Apprenticeship Levy", "sacrifice": "Salary sacrifice"}


def _guide_sheet(wb, ws) -> None:
    g = guide()
    p = provenance(g)
    _title(ws, f"Guide: {GUIDE_EDITION}", pay.source())
    ws["A3"] = "Sources: " + "; ".join(p["guide"]["sources"]) + ". " + p["guide"]["caveat"]
    ws["A3"].font = NOTE_FONT
    ws["A3"].alignment = WRAP  # across the printed width, not off the page
    ws.merge_cells("A3:K3")
    ws.row_dimensions[3].height = 45
    lists = (("Roles", "RoleList", pay.roles()), ("Levels", "LevelList", _level_list()),
             ("Regions", "RegionList", pay.regions()),
             ("Leadership roles", "LeadershipRoles", pay.roles("leadership")))
    ws["A5"] = "Lists behind the dropdowns"
    ws["A5"].font = BOLD
    for j, (head, name, values) in enumerate(lists):
        c = get_column_letter(j + 1)
        _header(ws[f"{c}6"], head)
        for i, v in enumerate(values):
            _text(ws[f"{c}{7 + i}"], v)
        _name(wb, name, f"Guide!${c}$7:${c}${6 + len(values)}")
    row = 7 + max(len(v) for *_x, v in lists) + 1

    def table(title: str, key: str | None, headers, rows, formats=()):
        nonlocal row
        ws.cell(row, 1, title).font = BOLD
        section = p["tables"][key]["section"] if key else ""
        if section:
            ws.cell(row + 1, 1, f"Source: {section}").font = NOTE_FONT
        for j, h in enumerate(headers):
            _header(ws.cell(row + 2, j + 1), h)
        ws.row_dimensions[row + 2].height = 30  # two-line headers print whole
        first = row + 3
        for i, values in enumerate(rows):
            for j, v in enumerate(values):
                cell = ws.cell(first + i, j + 1)
                _put(cell, v)
                if j < len(formats) and formats[j]:
                    cell.number_format = formats[j]
        row = first + len(rows) + 1
        return first

    years = employment.tax_years()
    first = table("Tax years (UK statutory employer figures)", "tax_years",
                  ("Tax year", "Start", "End", "Employer NIC %", "NIC threshold £",
                   "Pension minimum %", "Qualifying from £", "Qualifying to £", "Levy %",
                   "Levy pay bill threshold £", "Employment Allowance £", "Class 1A %"),
                  [(y.label, y.start, y.end, y.nic_rate_pct, y.nic_secondary_threshold,
                    y.pension_min_rate_pct, y.pension_lower, y.pension_upper, y.levy_rate_pct,
                    y.levy_pay_bill_threshold, y.employment_allowance, y.class1a_rate_pct)
                   for y in years.values()],
                  (None, DATE, DATE, None, MONEY, None, MONEY, MONEY, None, MONEY, MONEY, None))
    last = first + len(years) - 1
    _name(wb, "TaxYearList", f"Guide!$A${first}:$A${last}")
    _name(wb, "AllowanceList", f"Guide!$K${first}:$K${last}")
    table("Permanent salary bands (£ a year, 25th to 75th percentile)", "salary_bands",
          ("Role", "Level", "Region", "Low", "High", "Open top"),
          [(r, lv, rg, b.low, b.high, "yes" if b.open_top else "")
           for (r, lv, rg), b in g.salary.items()], (None, None, None, MONEY, MONEY))
    table("Contractor day rates (£ a day, outside IR35)", "day_rates",
          ("Role", "Level", "Low", "High"),
          [(r, lv, b.low, b.high) for (r, lv), b in g.day_rates.items()],
          (None, None, MONEY, MONEY))
    table("IR35 reduction from the outside rate (%)", "ir35", ("Status", "Low", "High"),
          [(s, b.low, b.high) for s, b in g.ir35.items()])
    table("Leadership salary bands (£ a year)", "leadership_bands",
          ("Role", "Region", "Low", "High", "Open top"),
          [(r, rg, b.low, b.high, "yes" if b.open_top else "")
           for (r, rg), b in g.leadership.items()], (None, None, MONEY, MONEY))
    table("Leadership equity and bonus (% of base)", "leadership_equity",
          ("Role", "Low", "High", "Open top"),
          [(r, b.low, b.high, "yes" if b.open_top else "") for r, b in g.equity.items()])
    table("Skill premiums (% over the role's salary)", "skill_premiums",
          ("Role", "Skill", "Low", "High"),
          [(r, s, b.low, b.high) for r, t in g.skills.items() for s, b in t.items()])
    table("London vs regional (senior roles)", "london_comparison",
          ("Location", "Discount from %", "Discount to %", "Typical low", "Typical high", "Notes"),
          [(x.name, x.discount_min, x.discount_max, x.typical.low, x.typical.high, x.notes)
           for x in g.locations.values()], (None, None, None, MONEY, MONEY))
    table("Startup vs enterprise (bonus: the guide's target, as guidance; a cost includes a "
          "bonus only at the rate you give)", "stages",
          ("Stage", "Base low % of market", "Base high %", "Equity", "Bonus (guidance)",
           "Benefits", "Risk"),
          [(s.name, s.base.low, s.base.high, s.equity, s.bonus, s.benefits, s.risk_profile)
           for s in g.stages.values()])
    table("Headline figures", "insights", ("Where", "Figure", "Low", "High", "Open top", "Unit"),
          [(i.section, i.insight, i.figure.low, i.figure.high,
            "yes" if i.figure.open_top else "", i.unit) for i in g.insights])
    widths = (26, 44, 14, 14, 14, 14, 14, 14, 10, 16, 16, 10)

    def note(label: str, text: str, bold: bool = True) -> None:
        # Wrapped across B:L so a long rule prints whole on the page, not off its edge.
        nonlocal row
        ws.cell(row, 1, label).font = BOLD if bold else NOTE_FONT
        ws.cell(row, 1).alignment = WRAP
        _text(ws.cell(row, 2), text)
        ws.cell(row, 2).alignment = WRAP
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=len(widths))
        ws.row_dimensions[row].height = 15 * max(1, math.ceil(len(text) / (sum(widths[1:]) * 1.1)))
        row += 1

    def heading(text: str) -> None:
        nonlocal row
        row += 1
        ws.cell(row, 1, text).font = TITLE_FONT
        row += 1

    heading("How figures are derived from the guide")
    for rule, text in p["rules"].items():
        note(f"Rule {rule}", text)
    st = p["statutory"]
    heading("How an employer cost is worked out (statutory)")
    for i, text in enumerate(st["rules"], 1):
        note(f"Cost rule {i}", text)
    heading("Left out of the cost model")
    for i, text in enumerate(st["not_modelled"], 1):
        note(f"Left out {i}", text)
    heading(f"Statutory sources (as of {st['as_of']})")
    for key, text in st.items():
        if key not in ("as_of", "unit", "rules", "not_modelled") and isinstance(text, str):
            note(_SOURCE_LABELS.get(key, key.replace("_", " ").capitalize()), text, bold=False)
    for c, w in zip("ABCDEFGHIJKL", widths):
        ws.column_dimensions[c].width = w
    ws.freeze_panes = "A5"
    _print_setup(ws)
    _protect(ws)


# --------------------------------------------------------------------------------------
# Start here, Assumptions
# --------------------------------------------------------------------------------------
_START = (
    ("What this workbook does", True),
    ("List your planned positions on the Plan sheet. Each row is priced from the UK AI & ML "
     "Engineering Salary Guide 2026 and UK employer costs, phased by fiscal month, and "
     "totalled on the Summary sheet.", False),
    ("What to fill in", True),
    ("1. Assumptions: company, fiscal year start, tax year, scenario (Low, Mid or High), "
     "pension, benefits, levy, contractor days and agency fee, and your teams.", False),
    ("2. Plan: one row per position: ID, Team, Role, Level, Location, Type (Permanent or "
     "Contractor), IR35 (contractors only), Start, End (optional), FTE (blank is 1), Skills "
     "(optional, comma-separated), Override rate (optional: wins over the guide), Status "
     "and Notes.", False),
    ("3. Read the Check column: it is empty when a row priced cleanly and says what is "
     "wrong otherwise. Rows with problems are left out of every total; the Summary counts "
     "them, and its totals are trustworthy only when that count is 0.", False),
    ("Colour key", True),
    ("Input: type here", "input"),
    ("Calculated: locked formulas (Review > Unprotect Sheet, no password)", "calc"),
    ("Month columns are dated by their last day (30 Apr 2026 shows as Apr 2026).", False),
    ("How costs are worked out", True),
    ("Each filled row makes one call, PLAN_ROW, the same rule the ukaipay budget command "
     "uses: Check, Rate, Annual cost and Annual NIC, then how it read Type, Role, FTE, "
     "Start and End (grouped columns; click + above them to show them). Rate: the override "
     "if given, else the guide at the scenario's point: the day rate for contractors (with "
     "IR35), the leadership band for leadership roles, the salary estimate with the row's "
     "skills for other permanent roles. Annual cost: the employer cost of Rate x FTE "
     "(salary, employer NIC, pension, benefits, levy), or the day rate over billable days x "
     "FTE with the agency fee. Each month costs Annual cost / 12 x the days active in the "
     "month / the days in the month; FY cost is the sum of the months.", False),
    ("Getting the functions to work", True),
    ("The calculated columns call this product's Excel functions (SALARY_ESTIMATE, DAYRATE, "
     "PLAN_ROW, EMPLOYMENT_ALLOWANCE). Without them they show #NAME? and the Summary counts "
     "every row as a problem. The README (ukaipay) has the details for each runtime:", False),
    ("Classic xlwings (desktop Excel on Windows): pip install the ukaipay package into the "
     "Python Excel uses, then xlwings addin install. The xlwings.conf sheet already names "
     "the module addin.udfs; click Import Functions on the xlwings ribbon once. Classic "
     "xlwings shows a problem as text in the cell instead of #N/A or #VALUE!.", False),
    ("xlwings Lite (Excel on Windows, Mac and the web), nothing to install: this workbook "
     "carries the functions. Add the free xlwings Lite add-in when Excel asks (Home > "
     "Add-ins). Cells still showing #NAME? once Lite has loaded: run the script "
     "refresh_functions in Lite's task pane once.", False),
    ("xlwings Server: run the server with addin.udfs as its custom functions module.",
     False),
    ("No Excel at all: python -m addin budget this-file.xlsx prices the plan with the same "
     "engine and writes a values-only report.", False),
)


def _start_sheet(ws) -> None:
    _title(ws, "UK AI/ML headcount budget", f"Figures: {pay.source()}")
    ws["A2"].alignment = WRAP
    ws.row_dimensions[2].height = 30
    row = 3
    for text, kind in _START:
        if kind is True:
            row += 1  # a blank line before each heading
        if text == "How costs are worked out":  # page 1 ends before it, not under it
            from openpyxl.worksheet.pagebreak import Break

            ws.row_breaks.append(Break(id=row - 1))
        cell = ws.cell(row, 1, text)
        if kind is True:
            cell.font = BOLD
        elif kind == "input":
            cell.fill, cell.border = INPUT_FILL, BORDER
        elif kind == "calc":
            cell.fill, cell.border = CALC_FILL, BORDER
        cell.alignment = WRAP
        # Wrapped text needs its height set: not every program fits rows on opening.
        ws.row_dimensions[row].height = 15 * (len(text) // 100 + 1) + 1
        row += 1
    ws.column_dimensions["A"].width = 110
    _print_setup(ws)
    _protect(ws)


def _assumptions_sheet(wb, ws, a: Assumptions) -> None:
    _title(ws, "Assumptions", "Inputs are yellow. Every Plan row uses these settings.")
    values = {}
    for field, name in budget.SETTINGS:
        value = getattr(a, field)
        values[name] = ("Yes" if value else "No") if isinstance(value, bool) else value
    formulas = {"FYEnd": "=EDATE(FYStart,12)-1",
                "EmploymentAllowance": "=EMPLOYMENT_ALLOWANCE(TaxYear,ClaimEA)"}
    for i, (name, label, fmt, help_text) in enumerate(ASSUMPTIONS):
        r = A_FIRST + i
        ws.cell(r, 1, label).font = BOLD
        cell = ws.cell(r, 2)
        if name in formulas:
            cell.value = formulas[name]
            cell.fill = CALC_FILL
        else:
            _put(cell, values[name])
            cell.fill, cell.protection = INPUT_FILL, UNLOCKED
        cell.border = BORDER
        if fmt:
            cell.number_format = fmt
        ws.cell(r, 3, help_text).font = NOTE_FONT
        _name(wb, name, f"Assumptions!{A_CELL[name]}")
    c = A_CELL
    _validation(ws, c["FYStart"].replace("$", ""), f"AND(ISNUMBER({c['FYStart']}),DAY({c['FYStart']})=1)",
                "Fiscal year start", "Enter the first day of a month, e.g. 1 April 2026.",
                kind="custom")
    _validation(ws, c["TaxYear"].replace("$", ""), "TaxYearList", "Tax year",
                "Choose a tax year from the list (the Guide sheet's tax years).")
    _validation(ws, c["Scenario"].replace("$", ""), _inline(SCENARIOS), "Scenario",
                "Choose Low, Mid or High.")
    _validation(ws, c["PensionBasis"].replace("$", ""), _inline(PENSION_BASES), "Pension basis",
                "Choose Qualifying (qualifying earnings) or Full (whole salary).")
    for name in ("Levy", "ClaimEA"):
        _validation(ws, c[name].replace("$", ""), _inline(YES_NO), name, "Choose Yes or No.")
    for name, label in (("PensionRate", "Pension rate"), ("BonusRate", "Bonus target"),
                        ("BenefitsRate", "Benefits rate"), ("BikRate", "Benefits in kind rate"),
                        ("AllowanceRate", "Cash allowances rate"),
                        ("SacrificeRate", "Pension salary sacrifice"), ("AgencyFee", "Agency fee rate")):
        _validation(ws, c[name].replace("$", ""), "0", label,
                    "Enter a percentage from 0% to 100% (3% for the pension minimum).",
                    kind="decimal", operator="between", formula2="1")
    _validation(ws, c["BillableDays"].replace("$", ""), "1", "Billable days",
                "Enter a number of days from 1 to 366.", kind="decimal", operator="between",
                formula2="366")
    ws.cell(TEAMS_HEAD, 1, "Teams").font = BOLD
    ws.cell(TEAMS_HEAD, 3, "The Plan's Team column offers these; the Summary totals each one "
                           "and puts the rest under Other.").font = NOTE_FONT
    for i in range(TEAM_SLOTS):
        cell = ws.cell(TEAMS_FIRST + i, 2)
        if i < len(a.teams):
            _text(cell, a.teams[i])
        cell.fill, cell.protection, cell.border = INPUT_FILL, UNLOCKED, BORDER
    _name(wb, "Teams", f"Assumptions!$B${TEAMS_FIRST}:$B${TEAMS_LAST}")
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 90
    _print_setup(ws)
    _protect(ws)


# --------------------------------------------------------------------------------------
# Plan
# --------------------------------------------------------------------------------------
_WIDTHS = {"ID": 8, "Team": 16, "Role": 22, "Level": 14, "Location": 13, "Type": 12,
           "IR35": 9, "Start": 12, "End": 12, "FTE": 6, "Skills": 24, "Override rate": 12,
           "Status": 9, "Notes": 24, "Check": 40, "Rate": 11, "Compa-ratio": 8,
           "Band position": 8, "Annual cost": 12,
           "Annual NIC": 11, "Type read": 11, "Role read": 20, "FTE read": 6,
           "Start read": 11, "End read": 11, "FY cost": 12, "FY NIC": 10}
_INPUT_FORMATS = {"Start": DATE, "End": DATE, "FTE": FTE, "Override rate": MONEY}
#: Number formats of the calculated columns (text columns: none).
CALC_FORMATS = {"Rate": MONEY, "Compa-ratio": "0.00", "Band position": "0.00",
                "Annual cost": MONEY, "Annual NIC": MONEY, "FTE read": FTE,
                "Start read": DATE, "End read": DATE, "FY cost": MONEY, "FY NIC": MONEY}
#: The read-back columns, grouped and collapsed on the Plan: the Summary adds them up.
READ_HEADERS = ("Type read", "Role read", "FTE read", "Start read", "End read")
#: The Assumptions that price a row, in PLAN_ROW's argument order.
ROW_SETTINGS = tuple(dict(budget.SETTINGS)[field] for field in budget.ROW_SETTINGS)


def row_formula(r: int) -> tuple[str, str]:
    """Return (the cells, the array formula) of Plan row ``r``'s one custom-function call:
    PLAN_ROW over the row's inputs, skipped (no call) for an empty row."""
    inputs = f"$A{r}:${COL[INPUT_HEADERS[-1]]}{r}"
    cells = f"{COL[budget.ROW_HEADERS[0]]}{r}:{COL[budget.ROW_HEADERS[-1]]}{r}"
    return cells, f'=IF(COUNTA({inputs})=0,"",PLAN_ROW({inputs},{",".join(ROW_SETTINGS)}))'


def plan_formulas(r: int) -> dict[str, str]:
    """Return the native formulas of Plan row ``r`` (FY cost, FY NIC, the months): {column
    letter: formula}. They read only PLAN_ROW's values, which are numbers once Rate is."""
    c = {h: f"${COL[h]}{r}" for h in HEADERS}
    priced = f'ISNUMBER({c["Rate"]})'
    first, last = MONTH_COLS[0], MONTH_COLS[-1]
    out = {
        COL["FY cost"]: f'=IF({priced},SUM({first}{r}:{last}{r}),"")',
        COL["FY NIC"]: (f'=IF({priced},IF({c["Annual cost"]}=0,0,'
                        f'{c["Annual NIC"]}*{c["FY cost"]}/{c["Annual cost"]}),"")'),
    }
    start, end = c["Start read"], c["End read"]
    for m in MONTH_COLS:
        last = f"{m}${HEADER_ROW}"  # the month's last day, shown as "Apr 2026"
        out[m] = (f'=IF({priced},{c["Annual cost"]}/12*MAX(0,MIN(IF(ISNUMBER({end}),{end},'
                  f'{last}),{last})-MAX({start},{last}-DAY({last})+1)+1)/DAY({last}),"")')
    return out


def _plan_sheet(wb, ws, rows) -> None:
    _title(ws, "Plan: one row per position",
           "Fill the yellow columns (a blank row is skipped); grey columns are calculated. "
           "Check says what stops a row from being priced; such rows are left out of the totals.")
    for h in HEADERS:
        _header(ws[f"{COL[h]}{HEADER_ROW}"], h)
        ws.column_dimensions[COL[h]].width = _WIDTHS[h]
    for k, m in enumerate(MONTH_COLS):
        cell = ws[f"{m}{HEADER_ROW}"]
        _header(cell, f"=EOMONTH(FYStart,{k})")
        cell.number_format = MONTH
        ws.column_dimensions[m].width = 10
    ws.row_dimensions[HEADER_ROW].height = 30
    given = list(rows)
    if len(given) > PLAN_ROWS:
        raise InvalidValueError(f"The template holds {PLAN_ROWS} positions; the plan has {len(given)}.")
    fields = PlanRow._fields
    styles = {}  # column -> the first row's style, copied down (hashing styles is slow)
    for i in range(PLAN_ROWS):
        r = FIRST_ROW + i
        row = given[i] if i < len(given) else None
        for j, h in enumerate(INPUT_HEADERS):
            cell = ws.cell(r, j + 1)
            if j in styles:
                cell._style = copy(styles[j])
            else:
                cell.fill, cell.protection, cell.border = INPUT_FILL, UNLOCKED, BORDER
                cell.number_format = _INPUT_FORMATS.get(h, "General")
                styles[j] = cell._style
            if row is not None:
                _put(cell, getattr(row, fields[j]))
        cells, formula = row_formula(r)
        ws[cells.split(":")[0]] = ArrayFormula(cells, formula)
        natives = plan_formulas(r)
        for h in CALC_HEADERS + MONTH_COLS:
            col = COL.get(h, h)
            cell = ws[f"{col}{r}"]
            if col in natives:
                cell.value = natives[col]
            if col in styles:
                cell._style = copy(styles[col])
            else:
                cell.fill, cell.border = CALC_FILL, BORDER
                cell.number_format = CALC_FORMATS.get(h, MONEY if h in MONTH_COLS else "General")
                styles[col] = cell._style
    _plan_validations(ws)
    _group_read_columns(ws)
    check = f'{COL["Check"]}{FIRST_ROW}:{COL["Check"]}{LAST_ROW}'
    ws.conditional_formatting.add(
        check, FormulaRule(formula=[f'LEN({COL["Check"]}{FIRST_ROW})>0'], fill=ALERT_FILL))
    _flag_outside_band(ws)
    ws.freeze_panes = f"C{FIRST_ROW}"
    _print_setup(ws)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    _protect(ws)


def _flag_outside_band(ws) -> None:
    """Highlight an Override rate, and its band position, outside the guide's band."""
    place = f'${COL["Band position"]}{FIRST_ROW}'
    rule = FormulaRule(formula=[f"AND(ISNUMBER({place}),OR({place}<0,{place}>1))"], fill=OUTSIDE_FILL)
    for h in ("Override rate", "Band position"):
        ws.conditional_formatting.add(f"{COL[h]}{FIRST_ROW}:{COL[h]}{LAST_ROW}", rule)


def _group_read_columns(ws) -> None:
    """Group the read-back columns and collapse them: there for the Summary and for a
    reader who wants to see how a row was read, out of the way otherwise."""
    for h in READ_HEADERS:
        dim = ws.column_dimensions[COL[h]]
        dim.outline_level, dim.hidden = 1, True
    ws.sheet_properties.outlinePr.summaryRight = True


def _plan_validations(ws) -> None:
    def span(h):
        return f"{COL[h]}{FIRST_ROW}:{COL[h]}{LAST_ROW}"

    _validation(ws, span("Team"), "Teams", "Team",
                "This team is not in the Assumptions sheet's list: the Summary counts it "
                "under Other. Keep it anyway?", warning=True)
    _validation(ws, span("Role"), "RoleList", "Role",
                "Choose a role from the list: the guide's roles (the Guide sheet).",
                prompt="A role from the guide.")
    _validation(ws, span("Level"), "LevelList", "Level",
                "Choose a level from the list. Leadership roles have no level: leave it blank.")
    _validation(ws, span("Location"), "RegionList", "Location",
                "Choose a region from the list; use UK National or Remote UK for other places.")
    _validation(ws, span("Type"), _inline(TYPES), "Type", "Choose Permanent or Contractor.")
    _validation(ws, span("IR35"), _inline(IR35_STATUSES), "IR35",
                "Choose Inside or Outside (contractors only; leave blank for permanent).")
    for h in ("Start", "End"):
        _validation(ws, span(h), "DATE(2000,1,1)", h,
                    "Enter a date between 2000 and 2100, e.g. 1/10/2026.", kind="date",
                    operator="between", formula2="DATE(2100,12,31)")
    j = f'{COL["FTE"]}{FIRST_ROW}'
    _validation(ws, span("FTE"), f"AND(ISNUMBER({j}),{j}>0,{j}<=1)", "FTE",
                "Enter more than 0 and at most 1 (1 is full time, 0.5 half time), "
                "or leave blank for 1.", kind="custom")
    _validation(ws, span("Override rate"), "0", "Override rate",
                "Enter a salary in £ a year (permanent) or a day rate in £ (contractor), "
                "above 0.", kind="decimal", operator="greaterThan")
    _validation(ws, span("Status"), _inline(STATUSES), "Status", "Choose Open, Offer or Filled.")


# --------------------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------------------
def _in_post(total: str, day: str, type_cell: str | None) -> str:
    """SUMIFS of ``total`` (a Plan header) over priced rows in post on ``day``, as read."""
    base = f'{_rng(total)},{_rng("Rate")},">0",'
    if type_cell:
        base += f'{_rng("Type read")},{type_cell},'
    base += f'{_rng("Start read")},"<="&{day},{_rng("End read")},'
    return f'SUMIFS({base}"")+SUMIFS({base}">="&{day})'


def _fte_in_post(day: str, type_cell: str | None = None) -> str:
    """FTE of priced rows in post on ``day``."""
    return _in_post("FTE read", day, type_cell)


def _run_rate(type_cell: str | None = None) -> str:
    """Annual cost of priced rows in post on the fiscal year's last day."""
    return _in_post("Annual cost", "FYEnd", type_cell)


#: Rows under the Plan table that the Summary's problem count checks for inputs.
BELOW_ROWS = 1000


def _rows_below() -> str:
    """The number of rows under the Plan table holding any input, as SUMPRODUCT."""
    first, last = LAST_ROW + 1, LAST_ROW + BELOW_ROWS
    filled = "+".join(f'1*(Plan!${COL[h]}${first}:${COL[h]}${last}<>"")' for h in INPUT_HEADERS)
    return f"SUMPRODUCT(SIGN({filled}))"


# Fixed Summary rows: (cell, label, formula, summary getter, format). The report writes
# the getter's value where the template writes the formula.
K_FIRST = 5
TYPE_HEAD = 15
Q_HEAD = 20
M_HEAD = 27
M_FIRST, M_LAST = M_HEAD + 1, M_HEAD + 12


def summary_cells() -> list[tuple[str, str, str | None, object, str | None]]:
    """Return the Summary's fixed cells: (cell, label, formula, getter(summary), format).

    Labels go in column A of the same row (None: the cell is a header or label itself).
    """
    out = []
    check = _rng("Check")
    key = [
        ("Rows with problems (left out of every total)",
         f'=ROWS({check})-COUNTIFS({check},"")+{_rows_below()}', lambda s: s["problems"], "0"),
        ("Positions priced", f'=COUNTIFS({_rng("Rate")},">0")', lambda s: s["priced"], "0"),
        ("In-year cost (fiscal year)", f'=SUM({_rng("FY cost")})', lambda s: s["fy_cost"], MONEY),
        ("Employer NIC in the year (permanent)", f'=SUM({_rng("FY NIC")})',
         lambda s: s["fy_nic"], MONEY),
        ("Less Employment Allowance (when claimed)",
         f'=MIN(EmploymentAllowance,B{K_FIRST + 3})',
         lambda s: s["employment_allowance"], MONEY),
        ("Net in-year cost", f"=B{K_FIRST + 2}-B{K_FIRST + 4}", lambda s: s["net_fy_cost"], MONEY),
        ("Annual run-rate at year end", "=" + _run_rate(), lambda s: s["annual_cost"], MONEY),
        ("FTE at year end", f"=E{M_LAST}", lambda s: s["fte_year_end"], FTE),
    ]
    for i, (label, formula, get, fmt) in enumerate(key):
        out.append((f"B{K_FIRST + i}", label, formula, get, fmt))
    total = f"$B${K_FIRST + 2}"
    for i, t in enumerate(TYPES):
        r = TYPE_HEAD + 1 + i
        out += [
            (f"B{r}", t, f'=SUMIFS({_rng("FY cost")},{_rng("Type read")},$A{r})',
             lambda s, t=t: s["by_type"][t]["fy_cost"], MONEY),
            (f"C{r}", None, f"=IF({total}=0,0,B{r}/{total})",
             lambda s, t=t: s["by_type"][t]["share"], PCT),
            (f"D{r}", None, "=" + _run_rate(f"$A{r}"),
             lambda s, t=t: s["by_type"][t]["annual_cost"], MONEY),
            (f"E{r}", None, "=" + _fte_in_post("FYEnd", f"$A{r}"),
             lambda s, t=t: s["by_type"][t]["fte_year_end"], FTE),
        ]
    r = TYPE_HEAD + 3
    out += [(f"{c}{r}", "Total" if c == "B" else None, f"=SUM({c}{r - 2}:{c}{r - 1})", get, fmt)
            for c, get, fmt in (("B", lambda s: s["fy_cost"], MONEY),
                                ("C", lambda s: 1.0 if s["fy_cost"] else 0.0, PCT),
                                ("D", lambda s: s["annual_cost"], MONEY),
                                ("E", lambda s: s["fte_year_end"], FTE))]
    for q in range(4):
        r = Q_HEAD + 1 + q
        first, last = MONTH_COLS[3 * q], MONTH_COLS[3 * q + 2]
        out += [
            (f"B{r}", f"Q{q + 1}", "=FYStart" if q == 0 else f"=EDATE(FYStart,{3 * q})",
             lambda s, q=q: date.fromisoformat(s["months"][3 * q]["start"]), MONTH),
            (f"C{r}", None, f"=SUM(Plan!${first}${FIRST_ROW}:${last}${LAST_ROW})",
             lambda s, q=q: s["by_quarter"][f"Q{q + 1}"], MONEY),
        ]
    out.append((f"C{Q_HEAD + 5}", "Total", f"=SUM(C{Q_HEAD + 1}:C{Q_HEAD + 4})",
                lambda s: s["fy_cost"], MONEY))
    for k, m in enumerate(MONTH_COLS):
        r = M_FIRST + k
        col = f"Plan!${m}${FIRST_ROW}:${m}${LAST_ROW}"
        out += [
            (f"A{r}", None, f"=Plan!{m}${HEADER_ROW}",
             lambda s, k=k: date.fromisoformat(s["months"][k]["end"]), MONTH),
            (f"B{r}", None, f'=SUMIFS({col},{_rng("Type read")},B${M_HEAD})',
             lambda s, k=k: s["months"][k][TYPES[0]], MONEY),
            (f"C{r}", None, f'=SUMIFS({col},{_rng("Type read")},C${M_HEAD})',
             lambda s, k=k: s["months"][k][TYPES[1]], MONEY),
            (f"D{r}", None, f"=SUM({col})", lambda s, k=k: s["months"][k]["total"], MONEY),
            (f"E{r}", None, "=" + _fte_in_post(f"$A{r}"),
             lambda s, k=k: s["months"][k]["fte"], FTE),
        ]
    r = M_LAST + 1
    out += [(f"{c}{r}", "Total" if c == "B" else None, f"=SUM({c}{M_FIRST}:{c}{M_LAST})", get, MONEY)
            for c, get in (("B", lambda s: s["by_type"][TYPES[0]]["fy_cost"]),
                           ("C", lambda s: s["by_type"][TYPES[1]]["fy_cost"]),
                           ("D", lambda s: s["fy_cost"]))]
    return out


def _team_cost(team_cell: str) -> str:
    """In-year cost of the rows whose Team matches ``team_cell`` as budget.team_key matches:
    case aside, trimmed, no-break spaces as spaces (SUMIFS would also read * and ? as
    wildcards)."""
    def key(ref):
        return f'TRIM(SUBSTITUTE({ref},CHAR(160)," "))'

    return f"SUMPRODUCT(1*({key(_rng('Team'))}={key(team_cell)}),{_rng('FY cost')})"


TEAM_HEAD = 15  # column G/H blocks
ROLE_HEAD = TEAM_HEAD + TEAM_SLOTS + 4


def _summary_frame(ws) -> None:
    """Labels, headers and formats shared by the template's and the report's Summary."""
    _title(ws, "Headcount budget summary")
    ws[f"A{K_FIRST - 1}"] = "Key figures"
    ws[f"A{K_FIRST - 1}"].font = BOLD
    for i, h in enumerate(("Type", "In-year cost", "Share", "Run-rate at year end", "FTE at year end")):
        _header(ws.cell(TYPE_HEAD, i + 1), h)
    for i, t in enumerate(TYPES):
        ws.cell(TYPE_HEAD + 1 + i, 1, t)
    for i, h in enumerate(("Quarter", "From", "In-year cost")):
        _header(ws.cell(Q_HEAD, i + 1), h)
    for i, h in enumerate(("Month", TYPES[0], TYPES[1], "Total", "FTE at month end")):
        _header(ws.cell(M_HEAD, i + 1), h)
    for i, h in enumerate(("Team", "In-year cost")):
        _header(ws.cell(TEAM_HEAD, 7 + i), h)
    for i, h in enumerate(("Role", "In-year cost")):
        _header(ws.cell(ROLE_HEAD, 7 + i), h)
    for r in (TYPE_HEAD, Q_HEAD, M_HEAD):
        ws.row_dimensions[r].height = 30
    for r in range(M_FIRST, M_LAST + 1):  # under their "Month" header, not 40 characters off
        ws[f"A{r}"].alignment = Alignment(horizontal="left")
    # As wide as the longest key-figure label, so none runs into its figure.
    labels = [label for _ref, label, *_rest in summary_cells() if label]
    ws.column_dimensions["A"].width = max([44] + [len(t) + 2 for t in labels])
    for c in "BCDE":
        ws.column_dimensions[c].width = 16
    ws.column_dimensions["F"].width = 3
    ws.column_dimensions["G"].width = 26
    ws.column_dimensions["H"].width = 16
    alert = f"B{K_FIRST}"
    ws.conditional_formatting.add(alert, CellIsRule(operator="greaterThan", formula=["0"],
                                                    fill=ALERT_FILL, font=BOLD))
    ws.conditional_formatting.add(alert, CellIsRule(operator="equal", formula=["0"], fill=OK_FILL))
    ws[alert].font = Font(bold=True, size=14)
    ws[f"C{K_FIRST}"] = "Totals are trustworthy only when this is 0: see the Plan's Check column."
    ws[f"C{K_FIRST}"].font = NOTE_FONT


def _axes(chart) -> None:
    # openpyxl 3.1 writes axes as deleted unless told otherwise: Excel would hide them.
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.x_axis.number_format = MONTH
    chart.legend.position = "b"


def _summary_charts(ws) -> None:
    cost = BarChart()
    cost.type, cost.grouping, cost.overlap = "col", "stacked", 100
    cost.title, cost.y_axis.title = "Monthly cost by type", "£"
    cost.y_axis.numFmt = MONEY
    cost.add_data(Reference(ws, min_col=2, max_col=3, min_row=M_HEAD, max_row=M_LAST),
                  titles_from_data=True)
    cats = Reference(ws, min_col=1, min_row=M_FIRST, max_row=M_LAST)
    cost.set_categories(cats)
    cost.height, cost.width = 8, 18
    _axes(cost)
    ws.add_chart(cost, "J4")
    heads = LineChart()
    heads.title, heads.y_axis.title = "Headcount (FTE at month end)", "FTE"
    heads.add_data(Reference(ws, min_col=5, min_row=M_HEAD, max_row=M_LAST), titles_from_data=True)
    heads.series[0].smooth = False  # headcount steps; a smoothed line would invent values
    heads.set_categories(cats)
    heads.height, heads.width = 8, 18
    _axes(heads)
    ws.add_chart(heads, "J22")


def _summary_sheet(ws, roles: tuple[str, ...]) -> None:
    _summary_frame(ws)
    ws["A2"] = '=IF(Company="","",Company)'
    ws["A3"] = "Fiscal year from"
    ws["B3"], ws["C3"], ws["D3"] = "=FYStart", "to", "=FYEnd"
    ws["B3"].number_format = ws["D3"].number_format = DATE
    ws["E3"] = '="Scenario "&Scenario&", tax year "&TaxYear'
    ws["E3"].alignment = Alignment(indent=1)  # "31 Mar 2027" in D3 ends at the border
    for ref, label, formula, _get, fmt in summary_cells():
        ws[ref] = formula
        if label is not None:
            ws[f"A{ref[1:]}"] = label
        if fmt:
            ws[ref].number_format = fmt
    fy = f"$B${K_FIRST + 2}"
    for i in range(TEAM_SLOTS):
        r = TEAM_HEAD + 1 + i
        ws[f"G{r}"] = f'=IF(Assumptions!$B${TEAMS_FIRST + i}="","",Assumptions!$B${TEAMS_FIRST + i})'
        ws[f"H{r}"] = f'=IF(G{r}="","",{_team_cost(f"G{r}")})'
    r = TEAM_HEAD + TEAM_SLOTS + 1
    ws[f"G{r}"], ws[f"H{r}"] = "Other or no team", f"={fy}-SUM(H{TEAM_HEAD + 1}:H{r - 1})"
    ws[f"G{r + 1}"], ws[f"H{r + 1}"] = "Total", f"={fy}"
    for i, role in enumerate(roles):
        r = ROLE_HEAD + 1 + i
        _text(ws[f"G{r}"], role)
        ws[f"H{r}"] = f'=SUMIFS({_rng("FY cost")},{_rng("Role read")},G{r})'
    r = ROLE_HEAD + len(roles) + 1
    ws[f"G{r}"], ws[f"H{r}"] = "Total", f"=SUM(H{ROLE_HEAD + 1}:H{r - 1})"
    for row in ws.iter_rows(min_row=TEAM_HEAD + 1, max_row=r, min_col=8, max_col=8):
        row[0].number_format = MONEY
    _summary_charts(ws)
    _print_setup(ws)
    _protect(ws)


# --------------------------------------------------------------------------------------
# The template
# --------------------------------------------------------------------------------------
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
    _start_sheet(sheets["Start here"])
    _guide_sheet(wb, sheets["Guide"])
    _assumptions_sheet(wb, sheets["Assumptions"], a)
    _plan_sheet(wb, sheets["Plan"], rows)
    _summary_sheet(sheets["Summary"], pay.roles())
    conf = sheets["xlwings.conf"]
    conf["A1"], conf["B1"] = "UDF Modules", "addin.udfs"
    conf.column_dimensions["A"].width = conf.column_dimensions["B"].width = 16
    wb.active = 2  # opens on the Plan
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws.title == "Plan"
    return wb


def _write_zip(wb: Workbook, out, splice=None) -> None:
    """Write ``wb`` to the binary file ``out`` with fixed timestamps (same content, same bytes).

    ``splice`` maps a sheet title to (row number, cells XML) pairs that stream_rows merges
    into that sheet's rows (see build_report: the big tables skip openpyxl's cell objects).
    """
    wb.properties.creator = "ukaipay"
    wb.properties.created = _FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    wb.properties.modified = _FIXED_TIME
    core = tostring(wb.properties.to_tree())
    paths = {f"xl/worksheets/sheet{i}.xml": ws.title for i, ws in enumerate(wb.worksheets, 1)}
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            target = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            target.compress_type = zipfile.ZIP_DEFLATED
            target.external_attr = info.external_attr
            title = paths.get(info.filename)
            if splice and title in splice:
                target._compresslevel = 1  # 100 MB of sheet XML: level 6 took 3 s for 10% less
                with dst.open(target, "w", force_zip64=True) as f:
                    batch = []  # ~500 rows a write: fewer, larger calls into zlib
                    for chunk in stream_rows(src.read(info.filename).decode("utf-8"), splice[title]):
                        batch.append(chunk)
                        if len(batch) == 500:
                            f.write("".join(batch).encode("utf-8"))
                            batch.clear()
                    f.write("".join(batch).encode("utf-8"))
                continue
            data = core if info.filename == "docProps/core.xml" else src.read(info.filename)
            dst.writestr(target, data)


def save(wb: Workbook, path) -> None:
    """Save ``wb`` at ``path`` atomically, with fixed timestamps; raise files.OutputError."""
    files.write_atomic(path, writer=lambda f: _write_zip(wb, f))


def template_bytes(rows=(), assumptions: Assumptions | None = None) -> bytes:
    """Return the bytes of the template file (filled with ``rows`` if given), its functions
    carried for xlwings Lite (addin/lite.py; added after saving, as openpyxl drops them)."""
    from . import lite

    out = io.BytesIO()
    _write_zip(build_template(rows, assumptions), out)
    return lite.carried(out.getvalue())


def write_template(path, rows=(), assumptions: Assumptions | None = None, *,
                   force: bool = False) -> None:
    """Build the template (filled with ``rows`` if given) and save it at ``path``.

    An existing file is replaced only when it holds exactly these bytes (an untouched
    template) or ``force``; raises files.OutputError otherwise.
    """
    data = template_bytes(rows, assumptions)
    files.check_target(path, force=force, replaceable=lambda p: _holds(p, data))
    files.write_atomic(path, data)


def _holds(path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


# --------------------------------------------------------------------------------------
# Reading a filled template
# --------------------------------------------------------------------------------------
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx, and .xls, start with this
_RANGE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")
_TABLE_RANGE = re.compile(r"Plan!\$?[A-Z]{1,3}\$?(\d+):\$?[A-Z]{1,3}\$?(\d+)")


def _destination(wb, name: str, *, cells: bool = False) -> tuple[str, str]:
    """Return (sheet, ref) of a defined name: one cell, or (``cells``) one small range."""
    dn = wb.defined_names.get(name)
    if dn is None:
        raise InvalidValueError(f'The workbook has no "{name}" name: is it the headcount budget template?')
    try:
        places = list(dn.destinations)
    except (IndexError, ValueError, TypeError):  # "Assumptions!#REF!" after a deleted row
        places = []
    what = "one small range" if cells else "one cell"
    if len(places) != 1:
        raise InvalidValueError(f'The name "{name}" points at {dn.attr_text or "nothing"}, not at '
                                f"{what} of the Assumptions sheet: was a row deleted? Start from "
                                f"a fresh template (ukaipay template).")
    sheet, ref = places[0]
    m = _RANGE.match(ref)
    big = m and m.group(3) and (int(m.group(4)) - int(m.group(2)) > 1000 or m.group(1) != m.group(3))
    if sheet not in wb.sheetnames or not m or (m.group(3) and not cells) or big:
        raise InvalidValueError(f'The name "{name}" points at {dn.attr_text}, not at {what} of the '
                                f"Assumptions sheet.")
    return sheet, ref.replace("$", "")


def _sheet(wb, title: str):
    ws = wb[title]
    if not hasattr(ws, "_get_source"):
        raise InvalidValueError(f'The "{title}" sheet is a chart, not a worksheet: is this the '
                                f"headcount budget template?")
    return ws


def _cells(wb, ws, *, data_only: bool = False, max_col: int = 200):
    """Return ({row: {column: cell dict}} for the rows that hold a value, merged ranges).

    Reads the sheet's XML rows as they are: the declared size (the <dimension> tag, which
    some tools write wrongly, and which openpyxl trusts) neither hides rows nor pads
    a million empty ones.
    """
    rows = {}
    with ws._get_source() as src:
        parser = WorkSheetParser(src, ws._shared_strings, data_only=data_only, epoch=wb.epoch,
                                 date_formats=wb._date_formats,
                                 timedelta_formats=wb._timedelta_formats)
        for idx, cells in parser.parse():
            kept = {c["column"]: c for c in cells
                    if c["column"] <= max_col and c["value"] is not None}
            if kept:
                rows[idx] = kept
        merged = [m.ref for m in parser.merged_cells.mergeCell] if parser.merged_cells else []
    return rows, merged


def _number(value: object) -> object:
    # A tool other than Excel may write a 400-digit integer: not a float, and math on it
    # overflows. Excel itself would hold it as a number too large to use.
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            float(value)
        except OverflowError:
            return math.inf if value > 0 else -math.inf
    return value


def table_end(wb) -> int:
    """Return the last row of the Plan table that the Summary's totals cover.

    Read from the Summary's first total (Excel widens it when rows are inserted inside
    the table); LAST_ROW when it cannot be read.
    """
    if "Summary" not in wb.sheetnames:
        return LAST_ROW
    ws = wb["Summary"]
    if not hasattr(ws, "_get_source"):
        return LAST_ROW
    ref = summary_cells()[0][0]  # the problem count, whose range spans the table
    row, col = int(ref[1:]), column_index_from_string(ref[0])
    rows, _ = _cells(wb, ws, max_col=col)
    cell = rows.get(row, {}).get(col)
    m = _TABLE_RANGE.search(str(cell["value"])) if cell else None
    return int(m.group(2)) if m and int(m.group(1)) == FIRST_ROW else LAST_ROW


def below_table(rows, end: int = LAST_ROW) -> list[int]:
    """Return the lines of the non-blank ``rows`` below the table that ends at row ``end``."""
    return [r.line for r in rows if r.line is not None and r.line > end and not r.is_blank()]


def _below_message(line: int, end: int) -> str:
    return (f"Row {line} is below the template's table (rows {FIRST_ROW} to {end}): the "
            f"template's totals leave it out. Insert rows inside the table (Excel widens "
            f"the totals) and copy a row's formulas into them, or price a CSV plan, which "
            f"has no row limit.")


def read_template(path, warnings: list | None = None) -> tuple[list[PlanRow], Assumptions]:
    """Return the Plan rows and the assumptions of a filled-in template (.xlsx).

    Input cells holding a formula take the value Excel saved with it, or the formula's
    text when there is none (the row's check then says it is not a date or number).
    Rows below the table carry a problem. ``warnings`` (a list) gets one line for each
    merged range of input cells and each repeated ID. Raises InvalidValueError when the
    file is not a template or cannot be read.
    """
    try:
        with open(path, "rb") as f:
            magic = f.read(8)
    except OSError as e:
        raise InvalidValueError(f"Cannot read {path}: {e.strerror or e}.") from None
    if magic == _OLE2:
        raise InvalidValueError(f"{path} is password-protected (or an Excel 97-2003 file): "
                                f"remove the password (File > Info > Protect Workbook) and save "
                                f"it as an .xlsx workbook.")
    try:
        return _read_template(path, warnings)
    except GuideError:
        raise
    except (OSError, EOFError, zipfile.BadZipFile, zlib.error, KeyError, IndexError, ValueError,
            TypeError, AttributeError, SyntaxError, UnicodeError) as e:
        # zlib.error, BadZipFile: damaged compressed data; SyntaxError: broken XML inside
        # the zip (ElementTree's ParseError); the others: parts missing or malformed.
        detail = " ".join(str(e).split())[:120]
        raise InvalidValueError(f"Cannot read {path}: the file is damaged or not an Excel "
                                f"workbook ({type(e).__name__}: {detail}).") from None


def _read_template(path, warnings):
    wb = load_workbook(path, read_only=True)
    try:
        if "Plan" not in wb.sheetnames or "Assumptions" not in wb.sheetnames:
            raise InvalidValueError(f"{path} has no Plan and Assumptions sheets: is it the "
                                    f"headcount budget template?")
        ws = _sheet(wb, "Plan")
        width = len(INPUT_HEADERS) + 40
        grid, merged = _cells(wb, ws, max_col=width)
        head = {c: cell["value"] for c, cell in grid.get(HEADER_ROW, {}).items()}
        where = {}
        for c, text in sorted(head.items()):
            if text in INPUT_HEADERS:
                if text in where:
                    raise InvalidValueError(
                        f'{path}: the Plan sheet has two "{text}" headers in row {HEADER_ROW} '
                        f"(columns {get_column_letter(where[text])} and {get_column_letter(c)}): "
                        f"keep one.")
                where[text] = c
        for h in INPUT_HEADERS:
            if h not in where:
                raise InvalidValueError(f'{path}: the Plan sheet has no "{h}" header in row {HEADER_ROW}.')
        body = {r: cells for r, cells in grid.items() if r > HEADER_ROW}
        cached = None
        if any(cells[c]["data_type"] == "f" for cells in body.values() for c in where.values()
               if c in cells):
            book = load_workbook(path, read_only=True, data_only=True)
            try:
                cached, _ = _cells(book, _sheet(book, "Plan"), data_only=True, max_col=width)
            finally:
                book.close()
        end = table_end(wb)
        rows = []
        for r in range(FIRST_ROW, max([end, *body]) + 1):
            cells = body.get(r)
            if cells is None:
                if r <= end:
                    rows.append(PlanRow(line=r))
                continue
            record = {}
            for h, c in where.items():
                cell = cells.get(c)
                if cell is None:
                    continue
                value = cell["value"]
                if cell["data_type"] == "f" and cached is not None:
                    saved = cached.get(r, {}).get(c)
                    value = value if saved is None else saved["value"]
                record[h] = _number(value)
            row = PlanRow.from_record(record, r)
            if r > end and not row.is_blank():
                row = row._replace(problem=_below_message(r, end))
            rows.append(row)
        if warnings is not None:
            warnings += _merged_warnings(merged, where) + budget.repeated_ids(rows)
        values = {}
        for field, name in budget.SETTINGS:
            sheet, ref = _destination(wb, name)
            values[field] = _number(_sheet(wb, sheet)[ref].value)
        sheet, ref = _destination(wb, "Teams", cells=True)
        block = _sheet(wb, sheet)[ref]
        block = block if isinstance(block, tuple) else ((block,),)
        teams = tuple(c.value for row in block for c in row if c.value not in (None, ""))
    finally:
        wb.close()
    values["company"] = values["company"] or ""
    return rows, Assumptions(**values, teams=teams)


def _merged_warnings(merged, where: dict) -> list[str]:
    """One line per merged range that covers an input column below the headers."""
    names = {c: h for h, c in where.items()}
    out = []
    for ref in merged:
        m = _RANGE.match(str(ref))
        if not m or not m.group(3):
            continue
        c1, r1 = column_index_from_string(m.group(1)), int(m.group(2))
        c2, r2 = column_index_from_string(m.group(3)), int(m.group(4))
        hit = [names[c] for c in range(c1, c2 + 1) if c in names]
        if hit and r2 > HEADER_ROW and (r2 > r1 or c2 > c1):
            out.append(f"Plan {ref}: {'/'.join(hit)} cells are merged, so only {m.group(1)}{r1} "
                       f"has the value (in budget and in the template alike): unmerge them and "
                       f"type it in every cell.")
    return out


# --------------------------------------------------------------------------------------
# The value-only report
# --------------------------------------------------------------------------------------
class Report(NamedTuple):
    """A report ready to save: the workbook's frame and the rows streamed into it."""

    workbook: Workbook
    splice: dict  # sheet title -> (last column, last row, iterator of (row number, cells XML))


def build_report(b: Budget) -> Report:
    """Return the report of a priced plan: Summary and Plan sheets, values only, two charts.

    Every figure is a value (no formula, no add-in needed); every text is written as
    text. The Plan sheet has the template's headers; problem rows keep their inputs and
    show the problem in Check. The Plan's rows and the problem list are streamed as XML
    at save time (openpyxl's cell objects cost ~1 KB each: 100,000 rows took 1 GB).
    """
    s, a = b.summary, b.assumptions
    wb = Workbook()
    wb.properties.description = files.REPORT_MARK
    ws = wb.active
    ws.title = "Summary"
    _summary_frame(ws)
    if a.company:
        _text(ws["A2"], a.company)
    ws["A3"] = "Fiscal year from"
    ws["B3"], ws["C3"], ws["D3"] = a.fy_start, "to", a.fy_end
    ws["B3"].number_format = ws["D3"].number_format = DATE
    # Left-aligned dates and an indented scenario: right-aligned, "31 Mar 2027" ran
    # into the next cell's text.
    ws["B3"].alignment = ws["D3"].alignment = Alignment(horizontal="left")
    ws["C3"].alignment = Alignment(horizontal="center")
    _text(ws["E3"], f"Scenario {a.scenario}, tax year {a.tax_year}")
    ws["E3"].alignment = Alignment(indent=1)
    for ref, label, _formula, get, fmt in summary_cells():
        ws[ref] = get(s)
        if label is not None:
            ws[f"A{ref[1:]}"] = label
        if fmt:
            ws[ref].number_format = fmt
    teams = list(s["by_team"].items())
    r = TEAM_HEAD + 1
    for team, cost in teams:
        _text(ws[f"G{r}"], team or "(no team)")
        ws[f"H{r}"] = cost
        ws[f"H{r}"].number_format = MONEY
        r += 1
    ws[f"G{r}"], ws[f"H{r}"] = "Total", s["fy_cost"]
    ws[f"H{r}"].number_format = MONEY
    role_head = max(ROLE_HEAD, r + 3)
    if role_head != ROLE_HEAD:
        for i, h in enumerate(("Role", "In-year cost")):
            _header(ws.cell(role_head, 7 + i), h)
    r = role_head + 1
    for role, cost in s["by_role"].items():
        _text(ws[f"G{r}"], role)
        ws[f"H{r}"] = cost
        ws[f"H{r}"].number_format = MONEY
        r += 1
    ws[f"G{r}"], ws[f"H{r}"] = "Total", s["fy_cost"]
    ws[f"H{r}"].number_format = MONEY
    r = M_LAST + 4
    ws[f"A{r}"] = f"Rows left out ({s['problems']})"
    ws[f"A{r}"].font = BOLD
    for i, h in enumerate(("Row", "ID", "Problem")):
        _header(ws.cell(r + 1, 1 + i), h)
    problems_from = r + 2
    _summary_charts(ws)
    _print_setup(ws)

    plan = wb.create_sheet("Plan")
    _title(plan, "Plan, priced", "Values only: computed by ukaipay from the plan and its assumptions.")
    for h in HEADERS:
        _header(plan[f"{COL[h]}{HEADER_ROW}"], h)
        plan.column_dimensions[COL[h]].width = _WIDTHS[h]
    for k, m in enumerate(s["months"]):
        cell = plan[f"{MONTH_COLS[k]}{HEADER_ROW}"]
        _header(cell, date.fromisoformat(m["end"]))
        cell.number_format = MONTH
        plan.column_dimensions[MONTH_COLS[k]].width = 10
    plan.row_dimensions[HEADER_ROW].height = 30  # two-line headers print whole
    for h in ("Rate", "Override rate"):  # "£1,020.00 /day" fits
        plan.column_dimensions[COL[h]].width = 14
    _group_read_columns(plan)
    _flag_outside_band(plan)
    plan.freeze_panes = f"C{FIRST_ROW}"
    _print_setup(plan)
    # Some forty columns on one A4 width print at a third of their size: two pages wide,
    # each with the header row and the row's ID, read at about 60%.
    plan.page_setup.fitToWidth = 2
    plan.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    plan.print_title_cols = "A:A"
    styles = _StreamStyles(plan)
    # Every style the streamed rows use exists before the workbook's styles are saved
    # (the rows are written after): a style made while streaming would have no entry.
    for fmt in {MONEY, DATE, YEAR_RATE, DAY_RATE, *_INPUT_FORMATS.values(), *CALC_FORMATS.values()}:
        styles.style(fmt)
    alert = styles.style("General", ALERT_FILL)
    alert_quoted = styles.style("General", ALERT_FILL, quoted=True)  # "=1+1" stays text on edit

    row_number = styles.style("0", align="left")  # not flush against the ID

    def problem_rows():
        for k, p in enumerate(s["problem_rows"]):
            r = problems_from + k
            yield r, (styles.styled("A", r, p["row"], row_number) + styles.put("B", r, p["ID"])
                      + styles.text("C", r, p["problem"]))

    letters = [get_column_letter(j) for j in range(1, len(HEADERS) + 13)]

    def plan_rows():
        # The hot loop of a 100,000-row report: text and money cells inline.
        formats = [_INPUT_FORMATS.get(h) for h in INPUT_HEADERS]
        text, put = styles.text, styles.put
        money = styles.style(MONEY)
        calc = [(h, COL[h], CALC_FORMATS.get(h)) for h in HEADERS if h in CALC_HEADERS]
        months = "".join(f'<c r="{col}{{0}}" s="{money}"><v>{{{k}!r}}</v></c>'
                         for k, col in enumerate(MONTH_COLS, 1))
        # The unit of a Rate is the row's type: a salary a year or a day rate.
        override, rate_col = INPUT_HEADERS.index("Override rate"), COL["Rate"]
        unit = {TYPES[0]: styles.style(YEAR_RATE), TYPES[1]: styles.style(DAY_RATE)}
        id_col, check_col = COL["ID"], COL["Check"]
        for i, pr in enumerate(b.rows):
            r = FIRST_ROW + i
            cells = []
            values = budget.calc_values(pr)
            rate_style = unit.get(values["Type read"], money)
            problem = not pr.priced
            for j, value in enumerate(pr.row[:len(INPUT_HEADERS)]):
                if value is None:
                    if j == 0 and problem:  # the row's ID cell carries the alert, even blank
                        cells.append(f'<c r="{id_col}{r}" s="{alert}"/>')
                    continue
                if j == 0 and problem:
                    quoted = type(value) is str and value[:1] in ("=", "+", "-", "@")
                    cells.append(styles.styled(id_col, r, value, alert_quoted if quoted else alert))
                elif type(value) is str:
                    cells.append(text(letters[j], r, value))
                elif j == override and type(value) in (float, int) and math.isfinite(value):
                    cells.append(f'<c r="{letters[j]}{r}" s="{rate_style}"><v>{value!r}</v></c>')
                else:
                    cells.append(put(letters[j], r, value, formats[j]))
            for h, col, fmt in calc:
                v = values[h]
                if col == check_col and problem:
                    cells.append(styles.styled(col, r, v or "", alert))
                    continue
                if v is None or v == "":
                    continue
                if col == rate_col and type(v) in (float, int) and math.isfinite(v):
                    cells.append(f'<c r="{col}{r}" s="{rate_style}"><v>{v!r}</v></c>')
                elif fmt == MONEY and type(v) is float and math.isfinite(v):
                    cells.append(f'<c r="{col}{r}" s="{money}"><v>{v!r}</v></c>')
                else:
                    cells.append(text(col, r, v) if type(v) is str else put(col, r, v, fmt))
            if pr.months:
                if math.isfinite(sum(pr.months)):  # every month finite: one format call
                    cells.append(months.format(r, *pr.months))
                else:
                    cells += [put(col, r, v, MONEY) for col, v in zip(MONTH_COLS, pr.months)]
            yield r, "".join(cells)

    return Report(wb, {"Summary": ("C", problems_from + len(s["problem_rows"]) - 1, problem_rows()),
                       "Plan": (letters[-1], FIRST_ROW + len(b.rows) - 1, plan_rows())})


# XML 1.0 cannot hold these; a reader refuses them in a plan, this is the last guard.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    if not _SPECIAL.search(text):
        return text
    text = _NOT_XML.sub("\ufffd", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _StreamStyles:
    """Cells as SpreadsheetML text, with the workbook's style ids for each number format."""

    def __init__(self, ws):
        self.ws, self.ids, self.texts, self.serials = ws, {}, {}, {}
        probe = ws.cell(ws.max_row + 1, 1)
        probe.quotePrefix = True
        self.quoted = probe.style_id
        del ws._cells[(probe.row, probe.column)]

    def style(self, fmt: str, fill: PatternFill | None = None, align: str | None = None,
              quoted: bool = False) -> int:
        """Return the style id of number format ``fmt`` (with ``fill``, horizontal
        alignment ``align`` and a quote prefix, if given)."""
        # A plain format is keyed by itself: number() asks for one per cell, in the hot loop.
        key = fmt if fill is None and align is None and not quoted else (
            fmt, fill.fgColor.rgb if fill else None, align, quoted)
        if key not in self.ids:
            probe = self.ws.cell(self.ws.max_row + 1, 1)
            probe.number_format, probe.quotePrefix = fmt, quoted
            if fill is not None:
                probe.fill, probe.border = fill, BORDER
            if align is not None:
                probe.alignment = Alignment(horizontal=align)
            self.ids[key] = probe.style_id
            del self.ws._cells[(probe.row, probe.column)]
        return self.ids[key]

    def styled(self, col: str, r: int, value, style: int) -> str:
        """Return a cell in style id ``style``: text as text (never a formula), a number as
        itself."""
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            return f'<c r="{col}{r}" s="{style}"><v>{value!r}</v></c>'
        text = value if isinstance(value, str) else str(value)
        return (f'<c r="{col}{r}" s="{style}" t="inlineStr"><is><t xml:space="preserve">'
                f'{_xml(text)}</t></is></c>')

    def number(self, col: str, r: int, value, fmt: str | None) -> str:
        if not math.isfinite(value):
            return self.text(col, r, str(value))
        s = f' s="{self.style(fmt)}"' if fmt else ""
        return f'<c r="{col}{r}"{s}><v>{value!r}</v></c>'

    def text(self, col: str, r: int, value: str) -> str:
        body = self.texts.get(value)
        if body is None:  # plans repeat their teams, roles and levels: escape each once
            s = f' s="{self.quoted}"' if value[:1] in ("=", "+", "-", "@") else ""
            body = f'{s} t="inlineStr"><is><t xml:space="preserve">{_xml(value)}</t></is></c>'
            if len(self.texts) < 100_000:
                self.texts[value] = body
        return f'<c r="{col}{r}"{body}'


    def put(self, col: str, r: int, value, fmt: str | None = None) -> str:
        """Return a plan value's cell: text as text, numbers and dates as themselves."""
        if value is None:
            return ""
        if isinstance(value, str):
            return self.text(col, r, value)
        if isinstance(value, bool):
            return f'<c r="{col}{r}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, (int, float)):
            return self.number(col, r, value, fmt)
        if isinstance(value, date):
            serial = self.serials.get(value)
            if serial is None:  # a plan repeats its dates: convert each once
                serial = self.serials[value] = to_excel(value)
            return self.number(col, r, serial, fmt or DATE)
        return self.text(col, r, str(value))


_ROW = re.compile(r'<row r="(\d+)"[^>]*?(?:/>|>.*?</row>)', re.S)
_DIMENSION = re.compile(r'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"\s*/>')


def stream_rows(xml: str, extra) -> "Iterator[str]":
    """Yield a sheet's XML with ``extra`` = (last column, last row, (row, cells XML) pairs) merged in.

    Rows come in ascending order; a row that already exists gets the new cells first (the
    new cells are always left of the existing ones). The dimension covers the new rows.
    """
    last_col, last, rows = extra
    head, found, rest = xml.partition("<sheetData>")
    if found:
        body, _, tail = rest.partition("</sheetData>")
    else:
        head, _, tail = xml.partition("<sheetData/>")
        body = ""
    m = _DIMENSION.search(head)
    if m:
        end_col, end_row = (m.group(3), int(m.group(4))) if m.group(3) else (m.group(1), int(m.group(2)))
        ref = f"{m.group(1)}{m.group(2)}:{max(end_col, last_col, key=lambda c: (len(c), c))}{max(end_row, last)}"
        head = head[:m.start()] + f'<dimension ref="{ref}"/>' + head[m.end():]
    yield head + "<sheetData>"
    existing = [(int(m.group(1)), m.group(0)) for m in _ROW.finditer(body)]
    k = 0
    for r, cells in rows:
        while k < len(existing) and existing[k][0] < r:
            yield existing[k][1]
            k += 1
        if k < len(existing) and existing[k][0] == r:
            row = existing[k][1]
            if row.endswith("/>"):
                yield row[:-2] + ">" + cells + "</row>"
            else:
                cut = row.index(">") + 1
                yield row[:cut] + cells + row[cut:]
            k += 1
        else:
            yield f'<row r="{r}">{cells}</row>'
    for _, row in existing[k:]:
        yield row
    yield "</sheetData>" + tail


def write_report(b: Budget, path, *, inputs=(), force: bool = False) -> None:
    """Write the value-only report of ``b`` at ``path``, atomically.

    Refuses (files.OutputError) to write over one of ``inputs`` or over an existing file
    that is not a report, unless ``force``.
    """
    files.check_target(path, inputs=inputs, force=force)
    wb, splice = build_report(b)
    files.write_atomic(path, writer=lambda f: _write_zip(wb, f, splice))
