"""Packaging layer: the Lite scripts that main.py carries, as source text.

refresh_functions re-enters every formula that calls our functions (so that Excel binds
it); price_plan prices the Plan in Python with the rule of `ukaipay budget` and writes the
result as values. lite.main_py puts this text into main.py, ``__NAMES__`` replaced by the
function names; it runs in xlwings Lite (Pyodide), through xlwings' Book API only.
"""

SCRIPTS = r'''
# A call of ours however Excel shows it before the add-in registered it: PLAN_ROW(,
# XLW.PLAN_ROW( (a namespace) or _xldudf_XLW_PLAN_ROW( (the prefix Excel saves an unknown
# add-in function with, at times behind a link to another workbook, [2]!), in any case.
_CALL = re.compile(r"(?<![\w.])(?:\[\d+\]!)?(?:_xldudf_(?:\w*?_)?|[A-Za-z_]\w*\.)?(__NAMES__)\s*\(",
                   re.IGNORECASE)


def plain_calls(formula):
    """Return ``formula`` with every call of ours under its plain name, or None when the
    cell holds no formula that calls one."""
    if not (isinstance(formula, str) and formula.startswith("=")) or not _CALL.search(formula):
        return None
    return _CALL.sub(lambda m: m[1].upper() + "(", formula)


def _blocks(grid):
    """Yield (row, column, rows, columns, formula) for each block of cells (0-based, from
    the grid's corner) holding the same formula that calls ours: one cell, or every cell
    of a legacy array, which reports the array's formula in each of its cells."""
    seen = set()
    for i, row in enumerate(grid):
        for j, formula in enumerate(row):
            if (i, j) in seen or plain_calls(formula) is None:
                continue
            w = 1
            while j + w < len(row) and row[j + w] == formula and (i, j + w) not in seen:
                w += 1
            h = 1
            while i + h < len(grid) and grid[i + h][j:j + w] == [formula] * w:
                h += 1
            seen.update((i + a, j + b) for a in range(h) for b in range(w))
            yield i, j, h, w, formula


@xw.script
async def refresh_functions(book: xw.Book):
    """Re-enter every formula that calls a ukaipay function, so that Excel binds it."""
    plans = []  # read everything first: a read after a queued write would send it at once
    for sheet in book.sheets:
        used = sheet.used_range
        grid = await used.options(ndim=2).get_formula()
        for i, j, h, w, formula in _blocks(grid):
            block = sheet.range((used.row + i, used.column + j),
                                (used.row + i + h - 1, used.column + j + w - 1))
            legacy = h * w > 1 and await block.get_formula_array() is not None
            plans.append((sheet, block, h, w, legacy, formula))
    count = 0
    for sheet, block, h, w, legacy, formula in plans:
        if legacy:  # Excel refuses a change to part of an array: clear it whole, then write
            block.clear_contents()  # the formula once, in its corner, where it spills
            h = w = 1
        for a in range(h):
            for b in range(w):
                sheet.range((block.row + a, block.column + b)).formula = plain_calls(formula)
                count += 1
    try:
        await book.flush()
    except Exception as e:  # Office.js's message, on its last line
        reason = ([line.strip() for line in str(e).splitlines() if line.strip()] or ["?"])[-1]
        raise RuntimeError(f"Excel refused to re-enter a formula ({reason}). If the sheet is "
                           "protected (Review > Unprotect Sheet), unprotect it and run "
                           "refresh_functions again.") from None
    print(f"Re-entered {count} formulas that call ukaipay functions.")


@xw.script
async def price_plan(book: xw.Book):
    """Price the Plan with the rule of `ukaipay budget` and write it as values."""
    from datetime import datetime, timezone

    from addin import __version__
    from addin.planning import budget, grid
    from addin.planning.assumptions import SETTINGS
    from addin.planning.plan import as_excel_error

    sheets = [s.name for s in book.sheets]
    if "Plan" not in sheets:
        raise RuntimeError("This workbook has no Plan sheet: is it the headcount budget template?")
    names = {n.name: n for n in book.names}  # a missing setting: grid says which, in one line
    # err_to_str: an error value in a setting is refused in budget's words, not read as empty
    settings = {s.name: names[s.name].refers_to_range.options(err_to_str=True).value
                for s in SETTINGS if s.name in names}
    teams = names["Teams"].refers_to_range.options(ndim=1).value if "Teams" in names else []
    end = grid.LAST_ROW
    if "Summary" in sheets:
        end = grid.table_end(await book.sheets["Summary"][grid.TABLE_END_CELL].get_formula())
    # err_to_str: xlwings would read an error cell as empty; the row is refused, as PLAN_ROW
    # and budget refuse it
    plan = book.sheets["Plan"].used_range.options(ndim=2, err_to_str=True).value
    plan = [[as_excel_error(v) for v in row] for row in plan]
    rows, assumptions = grid.read_grid(plan, settings, teams, end, "This workbook")
    if "OurBands" in names:  # our bands, read as PLAN_ROW reads its range
        from addin.guide.our_bands import cached_range

        table = names["OurBands"].refers_to_range.options(ndim=2).value
        assumptions = assumptions._replace(bands=cached_range(
            tuple(tuple(r) for r in table), "Our bands, row"))
    b = budget.price_plan(rows, assumptions)
    now = datetime.now(timezone.utc)
    stamp = (f"Priced {now:%Y-%m-%d %H:%M} UTC by ukaipay {__version__} from this "
             "workbook's Plan and Assumptions (the rule of ukaipay budget); values only: "
             "run price_plan again after a change.")
    for title, values in (("Priced plan", grid.priced_plan_grid(b, stamp)),
                          ("Priced summary", grid.summary_grid(b, stamp))):
        if title in sheets:
            sheet = book.sheets[title]
            sheet.clear_contents()
        else:
            sheet = book.sheets.add(title)  # Lite adds it after the last sheet
        sheet["A1"].value = values
    s = b.summary
    print(f"Priced {s['priced']} of {s['rows']} rows ({s['problems']} left out): in-year "
          f"cost {s['fy_cost']:,.2f}. See the sheets Priced plan and Priced summary.")
'''
