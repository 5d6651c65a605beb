"""Sheets layer: scenarios side by side: the template Summary's Low, Mid and High columns
(one PLAN_SCENARIO call a column, beside the key figures) and the report's Scenarios sheet
(`budget --scenarios`), each a row per key figure (planning/scenarios.SIDE_BY_SIDE)."""

from __future__ import annotations

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula

from ..base.kinds import excel_format
from ..planning.assumptions import SETTINGS
from ..planning.columns import INPUT_HEADERS, OUT, kind_of
from ..planning.scenarios import LOW_MID_HIGH, SIDE_BY_SIDE
from .our_bands_sheet import NAME as OUR_BANDS
from .plan_layout import COL, FIRST_ROW, HEADER_ROW, HEADERS, LAST_ROW
from .sheet_style import (
    BOLD,
    NOTE_FONT,
    UNLOCKED,
    header_cell,
    print_setup,
    text_cell,
    title,
)
from .summary_sheet import KEY_CELL

#: The Summary's column of the first scenario (Low): the next ones follow it.
FIRST_COLUMN = 3
#: The Summary rows of the side-by-side figures (consecutive, in SIDE_BY_SIDE's order).
FIRST_KEY_ROW = int(KEY_CELL[SIDE_BY_SIDE[0].key][1:])
LAST_KEY_ROW = FIRST_KEY_ROW + len(SIDE_BY_SIDE) - 1
#: The row of the scenario headers, whose text each column's call prices at.
HEAD_ROW = int(KEY_CELL["problems"][1:]) - 1


def scenario_columns() -> list[tuple[str, str]]:
    """Return (column letter, scenario) of each Summary column of Low, Mid and High."""
    return [(get_column_letter(FIRST_COLUMN + i), name) for i, name in enumerate(LOW_MID_HIGH)]


def scenario_formula(column: str) -> str:
    """Return the formula of a Summary scenario column: PLAN_SCENARIO over the Plan's table
    (inputs, then Check and Rate), every setting by its name but the scenario, which is
    the column's header cell."""
    last = COL[INPUT_HEADERS[-1]]
    # Check and Rate side by side: the call reads each row's pair of cells by position.
    assert HEADERS.index(OUT.rate) == HEADERS.index(OUT.check) + 1, "Check and Rate apart"
    rows = f"Plan!$A${FIRST_ROW}:${last}${LAST_ROW}"
    results = f"Plan!${COL[OUT.check]}${FIRST_ROW}:${COL[OUT.rate]}${LAST_ROW}"
    headers = f"Plan!$A${HEADER_ROW}:${last}${HEADER_ROW}"
    names = [f"{column}${HEAD_ROW}" if s.field == "scenario" else s.name for s in SETTINGS if s.row]
    claim = next(s.name for s in SETTINGS if s.field == "claim_ea")
    return f"=PLAN_SCENARIO({rows},{results},{','.join(names)},{claim},{headers},{OUR_BANDS})"


def scenario_anchors() -> list[str]:
    """Return the cells holding the Summary's PLAN_SCENARIO calls (each spills down)."""
    return [f"{c}{FIRST_KEY_ROW}" for c, _name in scenario_columns()]


def scenario_block(ws) -> None:
    """Write the template Summary's Low, Mid and High columns beside the key figures: a
    header (the scenario) and one PLAN_SCENARIO call spilling over the figures, its cells
    unlocked so that a Lite script can re-enter the call (refresh_functions)."""
    assert [int(KEY_CELL[f.key][1:]) for f in SIDE_BY_SIDE] == list(
        range(FIRST_KEY_ROW, LAST_KEY_ROW + 1)), "the side-by-side key figures are not consecutive"
    header_cell(ws[f"B{HEAD_ROW}"], "As set")
    for column, name in scenario_columns():
        header_cell(ws[f"{column}{HEAD_ROW}"], name)
        ws[f"{column}{HEAD_ROW}"].alignment = Alignment(horizontal="right")
        cells = f"{column}{FIRST_KEY_ROW}:{column}{LAST_KEY_ROW}"
        ws[f"{column}{FIRST_KEY_ROW}"] = ArrayFormula(cells, scenario_formula(column))
        for f, r in zip(SIDE_BY_SIDE, range(FIRST_KEY_ROW, LAST_KEY_ROW + 1)):
            ws[f"{column}{r}"].number_format = excel_format(f.kind.name)
            ws[f"{column}{r}"].protection = UNLOCKED


def scenario_sheet(ws, scenarios) -> None:
    """Write the report's Scenarios sheet of ``scenarios`` (scenarios.Scenarios): each key
    figure a row, each scenario a column, values only."""
    first = next(iter(scenarios.summaries))
    title(ws, "Scenarios side by side",
          f"Each column is the whole plan priced at that scenario (every other setting as "
          f"the Summary's); the Summary and Plan sheets are at {first}, the first.")
    r = 4
    header_cell(ws.cell(r, 1), "Key figure")
    names = list(scenarios.summaries)
    for j, name in enumerate(names, 2):
        header_cell(ws.cell(r, j), name)
    rows = scenarios.side_by_side()
    for label, key, values in rows:
        r += 1
        ws.cell(r, 1, label)
        for j, value in enumerate(values, 2):
            cell = ws.cell(r, j, value)
            cell.number_format = excel_format(kind_of(key).name)
    ws.cell(r + 2, 1, "Rows with problems are left out of every total; the Summary sheet "
                      "lists them.").font = NOTE_FONT
    text_cell(ws.cell(3, 1), f"Scenarios: {', '.join(names)}")
    ws.cell(3, 1).font = BOLD
    ws.column_dimensions["A"].width = max([44] + [len(label) + 2 for label, *_ in rows])
    for j in range(2, len(names) + 2):
        ws.column_dimensions[get_column_letter(j)].width = 16
    print_setup(ws)
