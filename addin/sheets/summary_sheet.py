"""Sheets layer: the Summary sheet, each figure declared once as (cell, label, formula,
Python value, output kind): the template writes the formula, the report writes the value,
the tests compute both, and the kind (kinds.py) gives the cell its format."""

from __future__ import annotations

from datetime import date
from operator import itemgetter

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.formula import ArrayFormula

from ..base.inputs import blank_formula, space_formula
from ..base.kinds import excel_format
from ..guide.checks import plan_checks
from ..planning.columns import IN, INPUT_HEADERS, MOST_YEARS, OUT, SPREAD
from ..planning.key_figures import KEY_FIGURES
from ..planning.plan import TYPES
from .our_bands_sheet import BODY as BANDS_BODY
from .plan_layout import (
    _FIRST_MONTHS_YEAR,
    COL,
    FIRST_ROW,
    HEADER_ROW,
    LAST_ROW,
    MONTH_COLS,
    NAME,
    TEAM_SLOTS,
    TEAMS_FIRST,
    _setting,
    plan_range,
)
from .sheet_style import (
    ALERT_FILL,
    BOLD,
    DATE,
    MONTH,
    NOTE_FONT,
    OK_FILL,
    OUTSIDE_FILL,
    header_cell,
    print_setup,
    protect,
    text_cell,
    title,
)


def _in_post(total: str, day: str, type_cell: str | None) -> str:
    """SUMIFS of ``total`` (a Plan header) over priced rows in post on ``day``, as read."""
    base = f'{plan_range(total)},{plan_range(OUT.rate)},">0",'
    if type_cell:
        base += f'{plan_range(OUT.type)},{type_cell},'
    base += f'{plan_range(OUT.start)},"<="&{day},{plan_range(OUT.end)},'
    return f'SUMIFS({base}"")+SUMIFS({base}">="&{day})'


def _fte_in_post(day: str, type_cell: str | None = None) -> str:
    """FTE of priced rows in post on ``day``."""
    return _in_post(OUT.fte, day, type_cell)


def _run_rate(type_cell: str | None = None) -> str:
    """Annual cost in force (after any pay review) of priced rows in post on the fiscal
    year's last day."""
    return _in_post(OUT.year_end_cost, "FYEnd", type_cell)


#: Rows under the Plan table that the Summary's problem count checks for inputs; below
#: them, any cell at all counts (and `budget` refuses the workbook).
BELOW_ROWS = 1000
_SHEET_END = 1048576


def _filled(first: int, last: int) -> str:
    """An array, rows ``first`` to ``last``: TRUE where the row holds an input that is not
    blank as inputs.is_blank reads it (spaces only is blank; an error value is filled)."""
    joined = "&".join(f"Plan!${COL[h]}${first}:${COL[h]}${last}" for h in INPUT_HEADERS)
    return f"IFERROR(LEN({space_formula(joined)})>0,TRUE)"


def _uncounted_rows() -> str:
    """The rows with inputs that no PLAN_ROW prices: in the table without its formula (an
    inserted row: no Check, no Rate), or under the table; as one sum."""
    def empty(h):  # &"": an empty cell as "" (IFERROR alone would give 0); an error not
        return f'1*(IFERROR({plan_range(h)}&"","x")="")'

    first, last = LAST_ROW + 1, LAST_ROW + BELOW_ROWS
    table = f"SUMPRODUCT(1*{_filled(FIRST_ROW, LAST_ROW)},{empty(OUT.check)},{empty(OUT.rate)})"
    below = f"SUMPRODUCT(1*{_filled(first, last)})"
    far = f"COUNTA(Plan!$A${last + 1}:${COL[INPUT_HEADERS[-1]]}${_SHEET_END})"
    return f"{table}+{below}+{far}"


# Fixed Summary rows: (cell, label, formula, summary getter, format). The report writes
# the getter's value where the template writes the formula.
K_FIRST = 5
TYPE_HEAD = K_FIRST + len(KEY_FIGURES) + 1  # a blank row under the key figures
Q_HEAD = TYPE_HEAD + 5
Y_HEAD = Q_HEAD + 7  # the fiscal years of the horizon, and its total
Y_FIRST, Y_TOTAL = Y_HEAD + 1, Y_HEAD + 1 + MOST_YEARS
M_HEAD = Y_TOTAL + 2
M_FIRST, M_LAST = M_HEAD + 1, M_HEAD + len(MONTH_COLS)
#: The cell of each key figure (key_figures.KEY_FIGURES), by its key in the summary.
KEY_CELL = {f.key: f"B{K_FIRST + i}" for i, f in enumerate(KEY_FIGURES)}


def _key_formulas() -> dict[str, str]:
    """Return each key figure's formula, by its key."""
    check, compa, rate = plan_range(OUT.check), plan_range(OUT.compa_ratio), plan_range(OUT.rate)
    short = plan_range(OUT.pension_short)
    checks, cell = plan_checks(), KEY_CELL
    below, above = repr(checks.review_below), repr(checks.review_above)
    priced = f'{rate},">0"'
    return {
        "problems": f'=ROWS({check})-COUNTIFS({check},"")+{_uncounted_rows()}',
        "priced": f"=COUNTIFS({priced})",
        "fy_cost": f"=SUM({plan_range(OUT.fy_cost)})",
        "horizon_cost": f"=SUM({plan_range(OUT.horizon_cost)})",
        "risk_horizon_cost": f"=SUM({plan_range(OUT.risk_cost)})",
        "fy_nic": f"=SUM({plan_range(OUT.fy_nic)})",
        "employment_allowance": f"=MIN(EmploymentAllowance,{cell['fy_nic']})",
        "plan_levy": _plan_levy(),
        "net_fy_cost": f"={cell['fy_cost']}-{cell['employment_allowance']}+{cell['plan_levy']}",
        "annual_cost": "=" + _run_rate(),
        "fte_year_end": f"=E{M_FIRST + 11}",  # the first fiscal year's last month
        # Charged in the start month: those of the first fiscal year.
        "hire_fees": f'=SUMIFS({plan_range(OUT.fee)},{plan_range(OUT.start)},"<="&FYEnd)',
        "visa_costs": f'=SUMIFS({plan_range(OUT.visa_cost)},{plan_range(OUT.start)},"<="&FYEnd)',
        "other_costs": f"=SUM({plan_range(OUT.other_cost)})",
        # A row is counted once, whichever check flags it (pricing.review_warning).
        "review": f'=COUNTIFS({compa},"<{below}")+COUNTIFS({compa},">{above}")'
                  f'+COUNTIFS({short},">0")-COUNTIFS({short},">0",{compa},"<{below}")'
                  f'-COUNTIFS({short},">0",{compa},">{above}")',
        "outside_year": f'=COUNTIFS({priced},{plan_range(OUT.start)},">"&HorizonEnd)'
                        f'+COUNTIFS({priced},{plan_range(OUT.end)},"<"&EDATE(FYEnd+1,-12))',
        # Blank where no bands are held, as budget's None (our_bands.cached_range).
        "outside_our_band": f'=IF(SUMPRODUCT(LEN({space_formula(BANDS_BODY)}))=0,"",'
                            f'COUNTIFS({plan_range(OUT.place_ours)},"<0")'
                            f'+COUNTIFS({plan_range(OUT.place_ours)},">1"))',
    }


def _plan_levy() -> str:
    """The plan's Apprenticeship Levy (budget.plan_levy): the levy on the pay bill outside
    the plan plus the plan's levy pay, less the levy on the pay bill alone; 0 when blank."""
    first = _FIRST_MONTHS_YEAR  # blank Tax year: the fiscal year's first month's, as a label
    label = f'{first}&"/"&RIGHT({first}+1,2)'
    year = f"MATCH({_setting('tax_year', label)},TaxYearList,0)"
    rate = f"INDEX(LevyRateList,{year})/100"
    allowance = f"{rate}*INDEX(LevyThresholdList,{year})"
    bill = NAME["pay_bill"]

    def levy(pay):
        return f"ROUND(MAX(0,{rate}*({pay})-{allowance}),2)"

    return (f"=IF({blank_formula(bill)},0,{levy(f'{bill}+SUM({plan_range(OUT.levy_pay)})')}"
            f"-{levy(bill)})")


def summary_cells() -> list[tuple[str, str, str | None, object, str]]:
    """Return the Summary's fixed cells: (cell, label, formula, getter(summary), kind), the
    kind an output kind (kinds.KINDS: it decides the cell's number format).

    Labels go in column A of the same row (None: the cell is a header or label itself).
    """
    formulas = _key_formulas()
    out = [(KEY_CELL[f.key], f.label, formulas[f.key], itemgetter(f.key), f.kind.name)
           for f in KEY_FIGURES]
    return out + _type_cells() + _quarter_cells() + _year_cells() + _month_cells()


def _type_cells() -> list[tuple]:
    """The by-type block: in-year cost, share, run-rate and FTE of each type, and totals."""
    out = []
    total = "$" + KEY_CELL["fy_cost"].replace("B", "B$")
    for i, t in enumerate(TYPES):
        r = TYPE_HEAD + 1 + i
        out += [
            (f"B{r}", t, f'=SUMIFS({plan_range(OUT.fy_cost)},{plan_range(OUT.type)},$A{r})',
             lambda s, t=t: s["by_type"][t]["fy_cost"], "money"),
            # To 0.01%, the last share the rest of 100%: the shares add up as shown
            # (for two types, budget's largest-remainder allocation).
            (f"C{r}", None, f"=IF({total}=0,0,ROUND(B{r}/{total},4))" if i == 0 else
             f"=IF({total}=0,0,1-SUM(C{TYPE_HEAD + 1}:C{r - 1}))",
             lambda s, t=t: s["by_type"][t]["share"], "rate"),
            (f"D{r}", None, "=" + _run_rate(f"$A{r}"),
             lambda s, t=t: s["by_type"][t]["annual_cost"], "money"),
            (f"E{r}", None, "=" + _fte_in_post("FYEnd", f"$A{r}"),
             lambda s, t=t: s["by_type"][t]["fte_year_end"], "fte"),
        ]
    r = TYPE_HEAD + 3
    out += [(f"{c}{r}", "Total" if c == "B" else None, f"=SUM({c}{r - 2}:{c}{r - 1})", get, kind)
            for c, get, kind in (("B", lambda s: s["fy_cost"], "money"),
                                ("C", lambda s: 1.0 if s["fy_cost"] else 0.0, "rate"),
                                ("D", lambda s: s["annual_cost"], "money"),
                                ("E", lambda s: s["fte_year_end"], "fte"))]
    return out


def _quarter_cells() -> list[tuple]:
    """The quarters: each one's first month and in-year cost, and their total."""
    out = []
    for q in range(4):
        r = Q_HEAD + 1 + q
        first, last = MONTH_COLS[3 * q], MONTH_COLS[3 * q + 2]
        out += [
            (f"B{r}", f"Q{q + 1}", f"=EDATE(FYEnd+1,{3 * q - 12})",
             lambda s, q=q: date.fromisoformat(s["months"][3 * q]["start"]), "month"),
            (f"C{r}", None, f"=SUM(Plan!${first}${FIRST_ROW}:${last}${LAST_ROW})",
             lambda s, q=q: s["by_quarter"][f"Q{q + 1}"], "money"),
        ]
    out.append((f"C{Q_HEAD + 5}", "Total", f"=SUM(C{Q_HEAD + 1}:C{Q_HEAD + 4})",
                lambda s: s["fy_cost"], "money"))
    return out


def _entry(listed: str, k: int, key: str):
    """Return a getter of entry ``k``'s ``key`` in the summary's list ``listed``
    ("fiscal_years" or "months"; None past the horizon)."""
    def get(s):
        entries = s[listed]
        return entries[k][key] if k < len(entries) else None
    return get


def _year(k: int, key: str):
    """Return a getter of fiscal year ``k``'s ``key`` in the summary (None past the horizon)."""
    return _entry("fiscal_years", k, key)


def _year_cells() -> list[tuple]:
    """The fiscal years of the horizon: each one's first day, cost (its months), employer
    NIC, hire fees charged in it, and run-rate and FTE at its end; blank past the horizon;
    and the horizon's totals."""
    out = []
    for k in range(MOST_YEARS):
        r = Y_FIRST + k
        first = f"EDATE(FYEnd+1,{12 * k - 12})"
        last = f"MIN(EDATE($A{r},12)-1,HorizonEnd)"
        cols = MONTH_COLS[12 * k:12 * k + 12]
        nic = OUT.fy_nic if k == 0 else SPREAD["later_nic"][k - 1]
        run_rate = OUT.year_end_cost if k == 0 else SPREAD["later_year_end"][k - 1]
        shown = f'=IF($A{r}="","",'

        def start(s, k=k):
            day = _year(k, "start")(s)
            return None if day is None else date.fromisoformat(day)
        out += [
            (f"A{r}", None, f'=IF({first}>HorizonEnd,"",{first})', start, "month"),
            (f"B{r}", None, f"{shown}SUM(Plan!${cols[0]}${FIRST_ROW}:${cols[-1]}${LAST_ROW}))",
             _year(k, "fy_cost"), "money"),
            (f"C{r}", None, f"{shown}SUM({plan_range(nic)}))", _year(k, "fy_nic"), "money"),
            (f"D{r}", None, f'{shown}SUMIFS({plan_range(OUT.fee)},{plan_range(OUT.start)},'
                            f'">="&$A{r},{plan_range(OUT.start)},"<="&{last}))',
             _year(k, "hire_fees"), "money"),
            (f"E{r}", None, f"{shown}{_in_post(run_rate, last, None)})",
             _year(k, "annual_cost"), "money"),
            (f"F{r}", None, f"{shown}{_fte_in_post(last)})", _year(k, "fte_year_end"), "fte"),
        ]
    rows = f"{Y_FIRST}:{{0}}{Y_TOTAL - 1}"
    out += [(f"{c}{Y_TOTAL}", "Horizon" if c == "B" else None,
             f"=SUM({c}{rows.format(c)})", get, "money")
            for c, get in (("B", itemgetter("horizon_cost")), ("C", itemgetter("horizon_nic")),
                           ("D", lambda s: _sum_of(s["fiscal_years"], "hire_fees")))]
    return out


def _sum_of(entries: list[dict], key: str) -> float:
    """Return the sum in £ of each entry's ``key`` (whole pence), to the penny."""
    return sum(round(e[key] * 100) for e in entries) / 100


def _month(k: int, key: str):
    """Return a getter of month ``k``'s ``key`` in the summary (None past the horizon)."""
    return _entry("months", k, key)


def _month_cells() -> list[tuple]:
    """The months: each one's cost by type, total and FTE at its end (blank past the
    horizon), and the horizon's totals."""
    out = []
    for k, m in enumerate(MONTH_COLS):
        r = M_FIRST + k
        col = f"Plan!${m}${FIRST_ROW}:${m}${LAST_ROW}"
        shown = "=" if k < 12 else f'=IF($A{r}="","",'
        close = "" if k < 12 else ")"

        def end(s, k=k):
            day = _month(k, "end")(s)
            return None if day is None else date.fromisoformat(day)
        out += [
            (f"A{r}", None, f"=Plan!{m}${HEADER_ROW}", end, "month"),
            (f"B{r}", None, f'{shown}SUMIFS({col},{plan_range(OUT.type)},B${M_HEAD}){close}',
             _month(k, TYPES[0]), "money"),
            (f"C{r}", None, f'{shown}SUMIFS({col},{plan_range(OUT.type)},C${M_HEAD}){close}',
             _month(k, TYPES[1]), "money"),
            (f"D{r}", None, f"{shown}SUM({col}){close}", _month(k, "total"), "money"),
            (f"E{r}", None, f"{shown}{_fte_in_post(f'$A{r}')}{close}", _month(k, "fte"), "fte"),
        ]
    r = M_LAST + 1
    out += [(f"{c}{r}", "Total" if c == "B" else None, f"=SUM({c}{M_FIRST}:{c}{M_LAST})", get, "money")
            for c, get in (("B", lambda s: _sum_of(s["months"], TYPES[0])),
                           ("C", lambda s: _sum_of(s["months"], TYPES[1])),
                           ("D", itemgetter("horizon_cost")))]
    return out


def _team_cost(team_cell: str) -> str:
    """In-year cost of the rows whose Team matches ``team_cell`` as budget.team_key matches:
    case aside, every space character as a space, trimmed (SUMIFS would also read * and ?
    as wildcards). A row whose Team is an error value is left out, as its row is."""
    team = f"IFERROR({space_formula(plan_range(IN.team))},\"\")"
    return f"SUMPRODUCT(1*({team}={space_formula(team_cell)}),{plan_range(OUT.fy_cost)})"


def _entered(ref: str, formula: str):
    """Return ``formula`` as the cell holds it: array-entered where it masks errors over a
    range (IFERROR in SUMPRODUCT: Excel before 365, and 365 reading a file's plain formula,
    take one value of the range instead of each), as written otherwise."""
    return ArrayFormula(ref, formula) if "IFERROR(" in formula else formula


TEAM_HEAD = TYPE_HEAD  # column G/H blocks, headed on the Type block's row
ROLE_HEAD = TEAM_HEAD + TEAM_SLOTS + 4


def summary_frame(ws) -> None:
    """Write the labels, headers and formats shared by the template's and the report's Summary."""
    title(ws, "Headcount budget summary")
    ws[f"A{K_FIRST - 1}"] = "Key figures"
    ws[f"A{K_FIRST - 1}"].font = BOLD
    for i, h in enumerate((IN.type, "In-year cost", "Share", "Run-rate at year end", "FTE at year end")):
        header_cell(ws.cell(TYPE_HEAD, i + 1), h)
    for i, t in enumerate(TYPES):
        ws.cell(TYPE_HEAD + 1 + i, 1, t)
    for i, h in enumerate(("Quarter", "From", "In-year cost")):
        header_cell(ws.cell(Q_HEAD, i + 1), h)
    for i, h in enumerate(("Fiscal year from", "Cost", "Employer NIC", "Hire fees",
                           "Run-rate at year end", "FTE at year end")):
        header_cell(ws.cell(Y_HEAD, i + 1), h)
    for i, h in enumerate(("Month", TYPES[0], TYPES[1], "Total", "FTE at month end")):
        header_cell(ws.cell(M_HEAD, i + 1), h)
    for i, h in enumerate((IN.team, "In-year cost")):
        header_cell(ws.cell(TEAM_HEAD, 7 + i), h)
    for i, h in enumerate((IN.role, "In-year cost")):
        header_cell(ws.cell(ROLE_HEAD, 7 + i), h)
    for r in (TYPE_HEAD, Q_HEAD, Y_HEAD, M_HEAD):
        ws.row_dimensions[r].height = 30
    for r in [*range(Y_FIRST, Y_TOTAL), *range(M_FIRST, M_LAST + 1)]:  # under their header
        ws[f"A{r}"].alignment = Alignment(horizontal="left")
    # As wide as the longest key-figure label, so none runs into its figure.
    labels = [label for _ref, label, *_rest in summary_cells() if label]
    ws.column_dimensions["A"].width = max([44] + [len(t) + 2 for t in labels])
    for c in "BCDE":
        ws.column_dimensions[c].width = 16
    ws.column_dimensions["F"].width = 10  # the fiscal years' FTE
    ws.column_dimensions["G"].width = 26
    ws.column_dimensions["H"].width = 16
    alert = f"B{K_FIRST}"
    ws.conditional_formatting.add(alert, CellIsRule(operator="greaterThan", formula=["0"],
                                                    fill=ALERT_FILL, font=BOLD))
    ws.conditional_formatting.add(alert, CellIsRule(operator="equal", formula=["0"], fill=OK_FILL))
    ws[alert].font = Font(name="Calibri", bold=True, size=14)
    # The rows to review and the rows outside the year: amber (priced, yet worth a look).
    for key in ("review", "outside_year", "outside_our_band"):
        ws.conditional_formatting.add(KEY_CELL[key], CellIsRule(
            operator="greaterThan", formula=["0"], fill=OUTSIDE_FILL))
    ws[f"C{K_FIRST}"] = "Totals are trustworthy only when this is 0: see the Plan's Check column."
    ws[f"C{K_FIRST}"].font = NOTE_FONT


def _axes(chart) -> None:
    # openpyxl 3.1 writes axes as deleted unless told otherwise: Excel would hide them.
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.x_axis.number_format = MONTH
    chart.legend.position = "b"


def summary_charts(ws) -> None:
    """Add the monthly cost and headcount charts, drawn from the month table."""
    cost = BarChart()
    cost.type, cost.grouping, cost.overlap = "col", "stacked", 100
    cost.title, cost.y_axis.title = "Monthly cost by type", "£"
    cost.y_axis.numFmt = excel_format("money")
    cost.add_data(Reference(ws, min_col=2, max_col=3, min_row=M_HEAD, max_row=M_LAST),
                  titles_from_data=True)
    cats = Reference(ws, min_col=1, min_row=M_FIRST, max_row=M_LAST)
    cost.set_categories(cats)
    cost.height, cost.width = 8, 18
    _axes(cost)
    ws.add_chart(cost, "J4")
    heads = LineChart()
    heads.title, heads.y_axis.title = "Headcount (FTE at month end)", IN.fte
    heads.add_data(Reference(ws, min_col=5, min_row=M_HEAD, max_row=M_LAST), titles_from_data=True)
    heads.series[0].smooth = False  # headcount steps; a smoothed line would invent values
    heads.set_categories(cats)
    heads.height, heads.width = 8, 18
    _axes(heads)
    ws.add_chart(heads, "J22")


def summary_sheet(ws, roles: tuple[str, ...]) -> None:
    """Write the template's Summary: every figure a formula over the Plan's columns."""
    summary_frame(ws)
    ws["A2"] = '=IF(Company="","",Company)'
    ws["A3"] = "Fiscal year from"
    ws["B3"], ws["C3"], ws["D3"] = "=EDATE(FYEnd+1,-12)", "to", "=FYEnd"  # FYEnd: see workbook
    ws["B3"].number_format = ws["D3"].number_format = DATE
    # A blank Tax year prices each month with its own; a typed one is an override.
    ws["E3"] = ('="Scenario "&Scenario&", tax year "&IF(LEN(TRIM(TaxYear))=0,'
                '"each month in its own",TaxYear&", set: every month priced with it")')
    ws["E3"].alignment = Alignment(indent=1)  # "31 Mar 2027" in D3 ends at the border
    for ref, label, formula, _get, kind in summary_cells():
        ws[ref] = _entered(ref, formula)
        if label is not None:
            ws[f"A{ref[1:]}"] = label
        ws[ref].number_format = excel_format(kind)
    fy = "$" + KEY_CELL["fy_cost"].replace("B", "B$")
    for i in range(TEAM_SLOTS):
        r = TEAM_HEAD + 1 + i
        ws[f"G{r}"] = f'=IF(Assumptions!$B${TEAMS_FIRST + i}="","",Assumptions!$B${TEAMS_FIRST + i})'
        ws[f"H{r}"] = _entered(f"H{r}", f'=IF(G{r}="","",{_team_cost(f"G{r}")})')
    r = TEAM_HEAD + TEAM_SLOTS + 1
    ws[f"G{r}"], ws[f"H{r}"] = "Other or no team", f"={fy}-SUM(H{TEAM_HEAD + 1}:H{r - 1})"
    ws[f"G{r + 1}"], ws[f"H{r + 1}"] = "Total", f"={fy}"
    for i, role in enumerate(roles):
        r = ROLE_HEAD + 1 + i
        text_cell(ws[f"G{r}"], role)
        ws[f"H{r}"] = f'=SUMIFS({plan_range(OUT.fy_cost)},{plan_range(OUT.role)},G{r})'
    r = ROLE_HEAD + len(roles) + 1
    ws[f"G{r}"], ws[f"H{r}"] = "Total", f"=SUM(H{ROLE_HEAD + 1}:H{r - 1})"
    for row in ws.iter_rows(min_row=TEAM_HEAD + 1, max_row=r, min_col=8, max_col=8):
        row[0].number_format = excel_format("money")
    summary_charts(ws)
    print_setup(ws)
    protect(ws)


