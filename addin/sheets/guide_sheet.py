"""Sheets layer: the template's reference sheets, Start here and Guide (the guide's
tables, the lists behind the dropdowns, the cost rules and their sources)."""

from __future__ import annotations

import math

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from ..costs import employment
from ..guide import pay
from ..guide.edition import bundled_edition, current_edition, statutory_provenance
from ..guide.provenance import as_dict
from .our_bands_sheet import bands_view
from .sheet_style import (
    BOLD,
    BORDER,
    CALC_FILL,
    DATE,
    INPUT_FILL,
    MONEY,
    NOTE_FONT,
    TITLE_FONT,
    WRAP,
    define_name,
    header_cell,
    print_setup,
    protect,
    put_cell,
    text_cell,
    title,
)


def _level_list() -> tuple[str, ...]:
    names = [lv for role in pay.roles("salary") for lv in pay.levels(role)]
    return tuple(dict.fromkeys(names + list(pay.day_rate_levels())))


_SOURCE_LABELS = {"nic": "Employer NIC", "class1a": "Class 1A NIC", "ir35": "IR35 (off-payroll)",
                  "levy": "Apprenticeship Levy", "sacrifice": "Salary sacrifice"}


_WIDTHS = (26, 44, 14, 14, 14, 14, 14, 14, 10, 16, 16, 10)  # columns A to L


class _Sheet:
    """The Guide sheet written top to bottom: ``row`` is its next free row."""

    def __init__(self, ws, tables: dict, row: int):
        self.ws, self.tables, self.row = ws, tables, row  # tables: provenance's, by key

    def table(self, title: str, key: str | None, headers, rows, formats=()) -> int:
        """Write a titled table with its source section; return its first data row."""
        ws, row = self.ws, self.row
        ws.cell(row, 1, title).font = BOLD
        section = self.tables.get(key, {}).get("section", "") if key else ""
        if section:
            ws.cell(row + 1, 1, f"Source: {section}").font = NOTE_FONT
        for j, h in enumerate(headers):
            header_cell(ws.cell(row + 2, j + 1), h)
        ws.row_dimensions[row + 2].height = 30  # two-line headers print whole
        first = row + 3
        for i, values in enumerate(rows):
            for j, v in enumerate(values):
                cell = ws.cell(first + i, j + 1)
                put_cell(cell, v)
                if j < len(formats) and formats[j]:
                    cell.number_format = formats[j]
        self.row = first + len(rows) + 1
        return first

    def note(self, label: str, text: str, bold: bool = True) -> None:
        # Wrapped across B:L so a long rule prints whole on the page, not off its edge.
        ws, row = self.ws, self.row
        ws.cell(row, 1, label).font = BOLD if bold else NOTE_FONT
        ws.cell(row, 1).alignment = WRAP
        text_cell(ws.cell(row, 2), text)
        ws.cell(row, 2).alignment = WRAP
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=len(_WIDTHS))
        ws.row_dimensions[row].height = 15 * max(1, math.ceil(len(text) / (sum(_WIDTHS[1:]) * 1.1)))
        self.row += 1

    def heading(self, text: str) -> None:
        self.row += 1
        self.ws.cell(self.row, 1, text).font = TITLE_FONT
        self.row += 1


def guide_sheet(wb, ws) -> None:
    """Write the Guide sheet and define the names of its lists (RoleList, TaxYearList...)."""
    edition = current_edition()
    g, p = edition.tables, as_dict(edition.provenance.document)
    title(ws, f"Guide: {edition.name}", pay.source())
    ws["A3"] = "Sources: " + "; ".join(p["guide"].get("sources", ())) + ". " + p["guide"].get("caveat", "")
    ws["A3"].font = NOTE_FONT
    ws["A3"].alignment = WRAP  # across the printed width, not off the page
    ws.merge_cells("A3:K3")
    ws.row_dimensions[3].height = 45
    sheet = _Sheet(ws, _sections(p), _lists(wb, ws))
    _tax_years(wb, sheet)
    _guide_tables(sheet, g)
    sheet.row = bands_view(ws, sheet.row + 1)
    _rules(sheet, p)
    for c, w in zip("ABCDEFGHIJKL", _WIDTHS):
        ws.column_dimensions[c].width = w
    ws.freeze_panes = "A5"
    print_setup(ws)
    protect(ws)


def _sections(p: dict) -> dict:
    """Return provenance [tables] by key: the edition's (``p``), and the package's own tables'
    (statutory figures) from the bundled provenance, as those are not the edition's."""
    from ..guide.edition_check import PACKAGE_FILES

    package = as_dict(bundled_edition().provenance.document)["tables"]
    return {**{k: v for k, v in package.items() if f"{k}.csv" in PACKAGE_FILES},
            **{k: v for k, v in p.get("tables", {}).items() if f"{k}.csv" not in PACKAGE_FILES}}


def _lists(wb, ws) -> int:
    """Write the lists behind the dropdowns and name them; return the next free row."""
    lists = (("Roles", "RoleList", pay.roles()), ("Levels", "LevelList", _level_list()),
             ("Regions", "RegionList", pay.regions()),
             ("Leadership roles", "LeadershipRoles", pay.roles("leadership")))
    ws["A5"] = "Lists behind the dropdowns"
    ws["A5"].font = BOLD
    for j, (head, name, values) in enumerate(lists):
        c = get_column_letter(j + 1)
        header_cell(ws[f"{c}6"], head)
        for i, v in enumerate(values):
            text_cell(ws[f"{c}{7 + i}"], v)
        define_name(wb, name, f"Guide!${c}$7:${c}${6 + len(values)}")
    return 7 + max(len(v) for *_x, v in lists) + 1


def _tax_years(wb, sheet: _Sheet) -> None:
    """Write the tax years' statutory figures and name their lists (TaxYearList...)."""
    years = employment.tax_years()
    first = sheet.table("Tax years (UK statutory employer figures)", "tax_years",
                        ("Tax year", "Start", "End", "Employer NIC %", "NIC threshold £",
                         "Pension minimum %", "Qualifying from £", "Qualifying to £", "Levy %",
                         "Levy pay bill threshold £", "Employment Allowance £", "Class 1A %",
                         "NIC-free sacrifice £", "Standing"),
                        [(y.label, y.start, y.end, y.nic_rate_pct, y.nic_secondary_threshold,
                          y.pension_min_rate_pct, y.pension_lower, y.pension_upper, y.levy_rate_pct,
                          y.levy_pay_bill_threshold, y.employment_allowance, y.class1a_rate_pct,
                          "none" if y.sacrifice_nic_free == math.inf else y.sacrifice_nic_free,
                          employment.standing_words(y.label))
                         for y in years.values()],
                        (None, DATE, DATE, None, MONEY, None, MONEY, MONEY, None, MONEY, MONEY, None,
                         MONEY))
    last = first + len(years) - 1
    define_name(wb, "TaxYearList", f"Guide!$A${first}:$A${last}")
    define_name(wb, "AllowanceList", f"Guide!$K${first}:$K${last}")
    define_name(wb, "LevyRateList", f"Guide!$I${first}:$I${last}")
    define_name(wb, "LevyThresholdList", f"Guide!$J${first}:$J${last}")


def _guide_tables(sheet: _Sheet, g) -> None:
    """Write the guide's tables (``g``), each under its source section."""
    sheet.table("Permanent salary bands (£ a year, 25th to 75th percentile)", "salary_bands",
                ("Role", "Level", "Region", "Low", "High", "Open top"),
                [(r, lv, rg, b.low, b.high, "yes" if b.open_top else "")
                 for (r, lv, rg), b in g.salary.items()], (None, None, None, MONEY, MONEY))
    sheet.table("Contractor day rates (£ a day, outside IR35)", "day_rates",
                ("Role", "Level", "Low", "High"),
                [(r, lv, b.low, b.high) for (r, lv), b in g.day_rates.items()],
                (None, None, MONEY, MONEY))
    sheet.table("IR35 reduction from the outside rate (%)", "ir35", ("Status", "Low", "High"),
                [(s, b.low, b.high) for s, b in g.ir35.items()])
    sheet.table("Leadership salary bands (£ a year)", "leadership_bands",
                ("Role", "Region", "Low", "High", "Open top"),
                [(r, rg, b.low, b.high, "yes" if b.open_top else "")
                 for (r, rg), b in g.leadership.items()], (None, None, MONEY, MONEY))
    sheet.table("Leadership equity and bonus (% of base)", "leadership_equity",
                ("Role", "Low", "High", "Open top"),
                [(r, b.low, b.high, "yes" if b.open_top else "") for r, b in g.equity.items()])
    sheet.table("Skill premiums (% over the role's salary)", "skill_premiums",
                ("Role", "Skill", "Low", "High"),
                [(r, s, b.low, b.high) for r, t in g.skills.items() for s, b in t.items()])
    sheet.table("London vs regional (senior roles)", "london_comparison",
                ("Location", "Discount from %", "Discount to %", "Typical low", "Typical high", "Notes"),
                [(x.name, x.discount_min, x.discount_max, x.typical.low, x.typical.high, x.notes)
                 for x in g.locations.values()], (None, None, None, MONEY, MONEY))
    sheet.table("Startup vs enterprise (bonus: the guide's target, as guidance; a cost includes a "
                "bonus only at the rate you give)", "stages",
                ("Stage", "Base low % of market", "Base high %", "Equity", "Bonus (guidance)",
                 "Benefits", "Risk"),
                [(s.name, s.base.low, s.base.high, s.equity, s.bonus, s.benefits, s.risk_profile)
                 for s in g.stages.values()])
    sheet.table("Headline figures", "insights", ("Where", "Figure", "Low", "High", "Open top", "Unit"),
                [(i.section, i.insight, i.figure.low, i.figure.high,
                  "yes" if i.figure.open_top else "", i.unit) for i in g.insights])


def _rules(sheet: _Sheet, p: dict) -> None:
    """Write how figures are derived (``p``: the provenance) and the statutory cost rules,
    what is left out and their sources."""
    sheet.heading("How figures are derived from the guide")
    for rule, text in p.get("rules", {}).items():
        sheet.note(f"Rule {rule}", text)
    st = statutory_provenance()  # the package's, whatever the edition
    sheet.heading("How an employer cost is worked out (statutory)")
    for i, text in enumerate(st["rules"], 1):
        sheet.note(f"Cost rule {i}", text)
    sheet.heading("Left out of the cost model")
    for i, text in enumerate(st["not_modelled"], 1):
        sheet.note(f"Left out {i}", text)
    sheet.heading(f"Statutory sources (as of {st['as_of']})")
    for key, text in st.items():
        if key not in ("as_of", "unit", "rules", "not_modelled") and isinstance(text, str):
            sheet.note(_SOURCE_LABELS.get(key, key.replace("_", " ").capitalize()), text, bold=False)
    for key, text in st.get("standing", {}).items():  # forward years and months
        sheet.note(f"Standing: {key}", text, bold=False)
    for src in st.get("sources", {}).values():
        sheet.note(src["title"], f"{src['url']} ({src['date']})", bold=False)


_START = (
    ("What this workbook does", True),
    ("List your planned positions on the Plan sheet. Each row is priced from the salary "
     "guide named on the Guide sheet and UK employer costs, phased by fiscal month, and "
     "totalled on the Summary sheet.", False),
    ("What to fill in", True),
    ("1. Assumptions: company, fiscal year start, tax year, scenario (Low, Mid or High), "
     "pension, bonus target, benefits, levy, contractor days and agency fee, recruitment fee "
     "rate, pay review (month and uplift), and your teams.", False),
    ("2. Plan: one row per position: ID, Team, Role, Level, Location, Type (Permanent or "
     "Contractor), IR35 (contractors only), Start, End (optional), FTE (blank is 1), Skills "
     "(optional, comma-separated), Override rate (optional: wins over the guide), Bonus and "
     "Hire fee (optional, permanent rows: win over the Assumptions), Status (Open, Offer or "
     "Filled; blank is Open) and Notes.", False),
    ("3. Read the Check column: it is empty when a row priced cleanly and says what is "
     "wrong otherwise. Rows with problems are left out of every total; the Summary counts "
     "them, and its totals are trustworthy only when that count is 0. Beside its key "
     "figures it shows the whole plan at Low, Mid and High.", False),
    ("Colour key", True),
    ("Input: type here", "input"),
    ("Calculated: each Plan row's one formula fills its grey cells; do not type over them "
     "(a typed value shows #SPILL! in the row's Check cell and counts as a problem row)",
     "calc"),
    ("Month columns are dated by their last day (30 Apr 2026 shows as Apr 2026).", False),
    ("How costs are worked out", True),
    ("Each filled row makes one call, PLAN_ROW, the same rule the ukaipay budget command "
     "uses, which fills every grey cell of the row: Check, Rate, Compa-ratio, Band position, "
     "Annual cost, Annual NIC, After review, Hire fee cost, FY cost, FY NIC, the twelve months "
     "and, in grouped columns (click + above them), how it read Type, Role, FTE, Start and End "
     "and the cost in force at the year's end. Rate: the override if given, else the guide at "
     "the scenario's point: the day rate for contractors (with IR35), the leadership band for "
     "leadership roles, the salary estimate with the row's skills for other permanent roles. "
     "Annual cost: the employer cost of Rate x FTE (salary, bonus, employer NIC, pension, "
     "benefits, levy), or the day rate over billable days x FTE with the agency fee (inside "
     "IR35 also the fee-payer's NIC and levy). Each month costs the annual cost in force / 12 "
     "x the days active in the month / the days in the month; from the pay review month on, "
     "rows that started before it cost After review. A permanent Open or Offer row adds its "
     "hire fee (fee rate x first-year base salary) in its start month. FY cost is the sum of "
     "the months.", False),
    ("Pay over time (modelled): with a Bonus month, each row's bonus for the twelve months to "
     "it, with its NIC, levy and qualifying pension, is paid in that month, pro rata to time "
     "in post (a leaver's share in its End month), instead of spread over the months; a "
     "Market movement ages the guide's figure to the row's start, said in the grouped Rate "
     "aged column. Override rates are never aged.", False),
    ("Getting the functions to work", True),
    ("The calculated columns call this product's Excel functions (SALARY_ESTIMATE, DAYRATE, "
     "PLAN_ROW, EMPLOYMENT_ALLOWANCE). Without them they show #NAME? and the Summary counts "
     "every row as a problem. The README (ukaipay) has the details for each runtime:", False),
    ("Classic xlwings (desktop Excel on Windows): pip install the ukaipay package into the "
     "Python Excel uses, then xlwings addin install. The xlwings.conf sheet already names "
     "the module addin.udfs; click Import Functions on the xlwings ribbon once. Classic "
     "xlwings shows a problem as text in the cell instead of #N/A or #VALUE!.", False),
    ("xlwings Lite (Excel 2021 or Microsoft 365 on Windows, Mac and the web), nothing to "
     "install: this workbook carries the functions and starts Lite when it opens. What you "
     "see, in order:", False),
    ("1. Open the file. 2. Excel offers (or asks you) to add the xlwings Lite add-in: add "
     "it (it is free, from Microsoft's add-in store; or Home > Add-ins, search xlwings "
     "Lite). 3. Lite asks whether to trust this workbook's code: trust it if you got the "
     "file from someone you trust. 4. Wait until Lite's task pane says it is ready (the "
     "first start takes a few seconds). 5. If a cell shows #NAME?, run the script "
     "refresh_functions in Lite's task pane once: it re-enters the formulas so that Excel "
     "binds them. 6. Or run the script price_plan: it prices the Plan in Python, with the "
     "same rule as ukaipay budget, and writes every figure as values into the sheets Priced "
     "plan and Priced summary (run it again after a change).", False),
    ("xlwings Server: run the server with addin.udfs as its custom functions module.",
     False),
    ("No Excel at all: python -m addin budget this-file.xlsx prices the plan with the same "
     "engine and writes a values-only report.", False),
)


def start_sheet(ws) -> None:
    """Write the Start here sheet: what the workbook does and how to fill it in."""
    title(ws, "UK AI/ML headcount budget", f"Figures: {pay.source()}")
    ws["A2"].alignment = WRAP
    ws.row_dimensions[2].height = 30
    row = 3
    for text, kind in _START:
        if kind is True:
            row += 1  # a blank line before each heading
        if text == "How costs are worked out":  # page 1 ends before it, not under it
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
    print_setup(ws)
    protect(ws)


