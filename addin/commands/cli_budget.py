"""Command-line layer: the `template`, `budget` and `demo` commands over the budget engine."""

from __future__ import annotations

import math
import sys
from datetime import time, timedelta
from itertools import chain
from pathlib import Path
from typing import Iterator

from ..base.datafile import user_csv_text
from ..base.errors import InvalidValueError
from ..base.kinds import json_value, text_value
from ..planning import budget
from ..planning.assumptions import SETTINGS, Assumptions
from ..planning.columns import IN, kind_of
from ..planning.plan import TYPES
from ..planning.plan_csv import demo_plan, read_csv
from ..planning.scenarios import parse_scenarios, price_scenarios
from ..sheets import files
from .cli_bands import add_bands_option, bands_of
from .display import json_encoder, json_ready, json_text, table
from .horizon_text import horizon_lines
from .scenario_text import key_table, scenario_words

DEMO_TEMPLATE = "headcount_budget_demo.xlsx"
DEMO_REPORT = "headcount_budget_demo_report.xlsx"


def _shown(value: object, field: str) -> str:
    """A summary figure as the text shows its declared kind (columns.kind_of)."""
    return text_value(value, kind_of(field))


#: The key figures the text tells before the table, in words.
_TOLD_ABOVE = ("problems", "review", "outside_year")


def _listed(lines: list, rows: list, what: str) -> None:
    for p in rows:
        ident = f" ({p[IN.id]})" if p[IN.id] not in (None, "") else ""
        lines.append(f"  row {p['row']}{ident}: {p[what]}")


def format_summary(b: budget.Budget, report: str | None = None, scenarios=None) -> str:
    """Return the budget summary as text: problems first, then rows to review and rows
    outside the year, then totals and breakdowns, each figure shown as its kind. With
    ``scenarios`` (scenarios.Scenarios, ``b`` its first), the key figures are side by
    side, one column a scenario; the rest is ``b``'s."""
    s, a = b.summary, b.assumptions
    fy = f"{_shown(a.fy_start, 'fy_start')} to {_shown(a.fy_end, 'fy_end')}"
    told = scenario_words(scenarios) if scenarios else f"scenario {a.scenario}"
    lines = [f"Headcount budget{': ' + a.company if a.company else ''}",
             f"Fiscal year {fy}; {told}; tax year {a.tax_year_words()}", ""]
    if a.months > 12:  # the key figures are the first fiscal year's; the horizon follows them
        lines[2:2] = [f"Horizon {a.months} months, to {_shown(a.horizon_end, 'fy_end')}; key "
                      f"figures for the first fiscal year, then each year and the horizon."]
    if s["pay_timing"]:  # an aged figure, or a bonus in its month, says so
        lines.insert(2, f"Pay: {s['pay_timing']}")
    if s["problems"]:
        lines.append(f"ROWS WITH PROBLEMS: {s['problems']} of {s['rows']}, left out of every "
                     f"total below:")
        _listed(lines, s["problem_rows"], "problem")
    else:
        lines.append(f"Rows with problems: 0 of {s['rows']}.")
    if s["review"]:
        lines.append(f"Rows to review: {s['review']} (priced, in the totals):")
        _listed(lines, s["review_rows"], "warning")
    if s["outside_year"] and a.months > 12:
        lines.append(f"Rows outside the horizon: {s['outside_year']} (priced, nothing in "
                     f"its {a.months} months' cost).")
    elif s["outside_year"]:
        lines.append(f"Rows outside the fiscal year: {s['outside_year']} (priced, nothing in "
                     f"the year's cost).")
    lines.append("")
    lines.append(key_table(a, {a.scenario: s}, _shown, _TOLD_ABOVE, scenarios))
    lines.append("")
    lines += horizon_lines(s)
    fields = ("fy_cost", "share", "annual_cost", "fte_year_end")
    lines.append(table([["type", "in-year cost", "share", "run-rate", "FTE at year end"]] + [
        [t, *(_shown(v[f], f) for f in fields)] for t, v in s["by_type"].items()]))
    lines.append("")
    lines.append(table([["month", *TYPES, "total", IN.fte]] + [
        [m["month"], *(_shown(m[f], f) for f in (*TYPES, "total", "fte"))] for m in s["months"]]))
    lines.append("")
    lines.append(table([["quarter", "in-year cost"]] + [[q, _shown(v, q)]
                                                         for q, v in s["by_quarter"].items()]))
    lines.append("")
    lines.append(table([["team", "in-year cost"]] + [[t or "(no team)", _shown(v, "fy_cost")]
                                                      for t, v in s["by_team"].items()]))
    lines.append("")
    lines.append(table([["role", "in-year cost"]] + [[r, _shown(v, "fy_cost")]
                                                      for r, v in s["by_role"].items()]))
    if report:
        lines += ["", f"Report: {report}"]
    return "\n".join(lines)


def _scenarios(args) -> tuple[str, ...]:
    """Return the scenarios of --scenarios (none: a single run); raises InvalidValueError
    for a bad list, or for --scenario given as well."""
    if getattr(args, "scenarios", None) is None:
        return ()
    if args.scenario is not None:
        raise InvalidValueError("Give --scenario (one run) or --scenarios (several side by "
                                "side), not both.")
    return parse_scenarios(args.scenarios)


def _overrides(args, a: Assumptions) -> Assumptions:
    changes = {s.field: getattr(args, s.field) for s in SETTINGS
               if getattr(args, s.field, None) is not None}
    return a._replace(**changes)


def load_plan(path: str, warnings: list | None = None) -> tuple[list, Assumptions]:
    """Return the rows and assumptions of a plan file: a filled template (.xlsx) or a CSV.

    A CSV has the template's default assumptions. ``warnings`` (a list) gets one line for
    each thing that is suspect but priced (a repeated ID, merged input cells). Raises
    InvalidValueError for a file that cannot be read.
    """
    p = Path(path)
    if not p.is_file():
        raise InvalidValueError(f"No plan file at {path}.")
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from ..sheets.plan_reader import read_template

        return read_template(p, warnings)
    if suffix in (".xls", ".xlsb", ".ods"):
        raise InvalidValueError(f"{path}: a {suffix} file cannot be read; save it as an Excel "
                                f"Workbook (.xlsx) or as CSV.")
    if suffix != ".csv":
        raise InvalidValueError(f"{path}: a plan is a filled template (.xlsx) or a .csv file.")
    return read_csv(user_csv_text(path), warnings), Assumptions()


def _json_default(value: object) -> str:
    # A cell may hold a time of day or a duration (Excel stores both as numbers).
    return value.isoformat() if isinstance(value, time) else str(value)


#: Rows a write: fewer, larger writes (as the report's streamed sheet batches its rows).
_BATCH = 500


def json_chunks(b: budget.Budget, scenarios=None) -> Iterator[str]:
    """Return the budget's JSON, {"rows": [...], "summary": {...}}, as pieces of text of a
    few hundred rows each: the text json_text gives of the whole, without holding the rows
    as dicts or the text (on a 100,000-row plan, 90 MB of text and several times that in
    dicts). The rows come as priced, then the summary (every row's: price_plan keeps each
    row's figures). The summary's JSON is made by this call: a figure strict JSON cannot
    hold raises ValueError here, before anything is written. With ``scenarios``
    (scenarios.Scenarios, ``b`` its first) the summary is one a scenario, by name:
    {"rows": [...], "rows_scenario": "Low", "scenarios": {"Low": {...}, ...}}.
    """
    if scenarios is None:
        tail = '], "summary": ' + json_text(b.summary) + "}"
    else:  # the same object's text, its opening brace dropped
        tail = "], " + json_text({"rows_scenario": b.assumptions.scenario,
                                  "scenarios": scenarios.summaries})[1:]
    return chain(('{"rows": [',), _row_pieces(b), (tail,))


def _row_pieces(b: budget.Budget) -> Iterator[str]:
    encode, kinds = json_encoder(), {}
    before, batch = "", []
    for row in b.each_row_dict():
        batch.append(encode(_json_row(row, kinds)))
        if len(batch) == _BATCH:
            yield before + ", ".join(batch)
            before, batch = ", ", []
    if batch:
        yield before + ", ".join(batch)


def _json_row(row: dict, kinds: dict) -> dict:
    """Return a row dict as json_text would write it (json_ready), each header's kind
    looked up once a run (``kinds``, filled as it goes)."""
    out = {}
    for key, value in row.items():
        # An input echoed as typed may be a time of day, a duration or a number too big
        # for a float (FTE 1e400 reads as inf, a problem): strict JSON holds them as text.
        if isinstance(value, float):
            if math.isfinite(value):
                kind = kinds.get(key) or kinds.setdefault(key, kind_of(key))
                value = json_value(value, kind)
            else:
                value = str(value)
        elif isinstance(value, (time, timedelta)):
            value = _json_default(value)
        elif isinstance(value, (dict, list, tuple)):
            value = json_ready(value, key)
        out[key] = value
    return out


def _print_json(chunks: Iterator[str]) -> None:
    """Print the JSON pieces (json_chunks) as they are made, as print() would the whole."""
    for chunk in chunks:
        sys.stdout.write(chunk)
    sys.stdout.write("\n")


def _emit(args, b: budget.Budget, report: str | None) -> None:
    if args.json:
        _print_json(json_chunks(b))
        if report:
            print(f"Report: {report}", file=sys.stderr)
    else:
        print(format_summary(b, report))


def cmd_template(args):
    from ..packaging.template_file import write_template

    bands = bands_of(args)  # the Our bands sheet filled from --bands FILE
    write_template(args.output, (), None if bands is None else Assumptions(bands=bands),
                   force=args.force)
    if args.json:
        print(json_text({"template": str(args.output)}))
    else:
        print(f"Template: {args.output}")


def cmd_budget(args):
    report = args.output
    if report is None and args.json:  # JSON asks for data: a report only when -o names one
        report = "-"
    if report is None:
        plan = Path(args.plan)
        report = str(plan.with_name(plan.stem + "_report.xlsx"))
    if report != "-":  # refused before the work, not after it
        files.check_target(report, inputs=[args.plan], force=args.force)
    points = _scenarios(args)  # a bad list is refused before the plan is read
    warnings: list[str] = []
    rows, a = load_plan(args.plan, warnings)
    if args.bands is not None:  # our bands from a CSV, in place of the workbook's sheet
        a = a._replace(bands=bands_of(args))
    for line in warnings:
        print(f"ukaipay: warning: {line}", file=sys.stderr)
    if points:
        every = price_scenarios(rows, _overrides(args, a), points)
        b = every.first  # the rows, the report's Plan and the breakdowns: the first's
    else:
        every, b = None, budget.price_plan(rows, _overrides(args, a))
    if b.assumptions.price_from == "Ours" and b.assumptions.bands is None:
        print("ukaipay: warning: Price from is Ours, but no bands are given (the Our bands "
              "sheet is empty, and no --bands FILE): every row is priced from the market.",
              file=sys.stderr)
    shown = None if report == "-" else report
    # Every check before anything is written: the text, or the summary's JSON (the rows'
    # JSON, made after the report as it streams out, holds only what strict JSON can).
    text = json_chunks(b, every) if args.json else format_summary(b, shown, every)
    if shown:
        from ..sheets.report import write_report

        write_report(b, report, inputs=[args.plan], force=args.force, scenarios=every)
    if args.json:
        _print_json(text)
        if shown:
            print(f"Report: {report}", file=sys.stderr)
    else:
        print(text)
    if args.strict and b.summary["problems"]:
        print(f"ukaipay: --strict: {b.summary['problems']} of {b.summary['rows']} rows have "
              f"problems (left out of every total).", file=sys.stderr)
        return 1
    return 0


def cmd_demo(args):
    from ..packaging.template_file import write_template
    from ..sheets.plan_reader import read_template
    from ..sheets.report import write_report

    if args.out == "-":  # a folder of workbooks, never standard output
        raise files.OutputError("Cannot write the demo to standard output (-): name a folder, "
                                "e.g. --out demo.")
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        why = "a file has that name" if out.exists() else (e.strerror or type(e).__name__)
        raise files.OutputError(f"Cannot make the folder {out}: {why}.") from None
    rows, a = demo_plan()
    template = out / DEMO_TEMPLATE
    report = out / DEMO_REPORT
    files.check_target(report, force=args.force)
    write_template(template, rows, a, force=args.force)
    # Priced from the written file, as `budget` would: the demo proves the round trip.
    rows, a = read_template(template)
    b = budget.price_plan(rows, a)
    write_report(b, report, force=args.force)
    if not args.json:
        print(f"Template: {template}")
    _emit(args, b, str(report))


def cmd_upgrade(args):
    """Move an older template's inputs (Plan rows, Assumptions settings, Teams) into the
    current template, written at -o; the old file is never touched."""
    from ..packaging.template_file import write_template
    from ..sheets.plan_layout import FIRST_ROW, PLAN_ROWS
    from ..sheets.plan_reader import read_template

    old = Path(args.template)
    if not old.is_file():
        raise InvalidValueError(f"No template at {old}.")
    if old.suffix.lower() not in (".xlsx", ".xlsm"):
        raise InvalidValueError(f"{old}: `upgrade` takes a filled template (.xlsx).")
    out = args.output or str(old.with_name(old.stem + "_upgraded.xlsx"))
    files.check_target(out, inputs=[old], force=args.force)  # refused before the work
    rows, a = read_template(old, older=True)
    while rows and rows[-1].is_blank():
        rows.pop()
    past = [r.line for r in rows[PLAN_ROWS:] if not r.is_blank()]
    if past:
        raise InvalidValueError(
            f"{old} has inputs in row {past[0]}, past the current template's {PLAN_ROWS} rows "
            f"(rows {FIRST_ROW} to {FIRST_ROW + PLAN_ROWS - 1}): move them into empty rows of "
            f"the table, or price the plan as a CSV.")
    write_template(out, rows, a, force=args.force)
    filled = sum(not r.is_blank() for r in rows)
    if args.json:
        print(json_text({"template": out, "from": str(old), "rows": filled}))
    else:
        print(f"Template: {out}, with the inputs of {old}: {filled} Plan rows, its Assumptions "
              f"and Teams. Check it, then price it (ukaipay budget). Anything else added to "
              f"{old.name} stays there.")


_METAVARS = {"text": "TEXT", "date": "YYYY-MM-DD", "month": "YYYY-MM", "tax_year": "YYYY/YY",
             "scenario": "low|mid|high|0-1", "price_from": "market|ours",
             "basis": "qualifying|full", "rate": "RATE",
             "yes_no": "yes|no", "days": "DAYS", "years": "YEARS", "money": "POUNDS",
             "months": "N", "whole_months": "MONTHS", "team_rates": "TEAM=RATE,...",
             "month_name": "MONTH", "movement": "RATE"}
#: Other names a setting's option answers to: the cost commands' names, kept as aliases.
_ALIASES = {"--agency-fee": ("--fee-rate",)}
_FORCE = "replace an existing file that this program did not write, or that was filled in"


def add_commands(sub, command) -> None:
    """Add the template, budget and demo commands to the parser's subcommands."""
    c = command("template", cmd_template, "write the blank headcount budget template",
                "ukaipay template -o plan.xlsx")
    c.add_argument("-o", "--output", default="headcount_budget_template.xlsx",
                   help="where to write it (default: ./headcount_budget_template.xlsx)")
    c.add_argument("--force", action="store_true", help=_FORCE)
    add_bands_option(c)
    c = command("budget", cmd_budget, "price a filled template or CSV plan; print and report",
                "ukaipay budget demo/headcount_budget_demo.xlsx -o report.xlsx")
    c.add_argument("plan", help="a filled template (.xlsx) or a CSV with the Plan's input headers")
    c.add_argument("-o", "--output",
                   help="report path (default: PLAN_report.xlsx, none with --json; - for none)")
    c.add_argument("--force", action="store_true", help=_FORCE)
    c.add_argument("--strict", action="store_true",
                   help="exit with status 1 when any row has a problem (the output and "
                        "report are written all the same), so a script can notice")
    for setting in SETTINGS:  # every Assumptions setting, read as the sheet's cell is
        flags, help_text = (setting.flag, *_ALIASES.get(setting.flag, ())), setting.help
        switch = {}
        if setting.kind == "yes_no":  # `--levy` alone is `--levy yes`, as on the cost commands
            switch, help_text = {"nargs": "?", "const": "yes"}, help_text + f" ({flags[0]} alone means yes)"
        if len(flags) > 1:
            help_text += f" ({', '.join(flags[1:])} is the same option)"
        c.add_argument(*flags, dest=setting.field, metavar=_METAVARS[setting.kind],
                       help=help_text.replace("%", "%%"), **switch)
    add_bands_option(c)
    c.add_argument("--scenarios", metavar="LIST",
                   help="price every scenario of a comma-separated list (low, mid, high or "
                        "points from 0 to 1, e.g. low,mid,high or 0.25,0.5,0.9) in one run and "
                        "show the key figures side by side (text, JSON, the report's Scenarios "
                        "sheet); the rows and breakdowns are the first scenario's. Not with "
                        "--scenario")
    c = command("upgrade", cmd_upgrade, "move an older template's inputs into the current template",
                "ukaipay upgrade old_budget.xlsx -o budget.xlsx")
    c.add_argument("template", help="a filled template from an earlier release (.xlsx); never changed")
    c.add_argument("-o", "--output", help="the new template (default: TEMPLATE_upgraded.xlsx)")
    c.add_argument("--force", action="store_true", help=_FORCE)
    c = command("demo", cmd_demo, "write an example filled template and its report",
                "ukaipay demo --out demo")
    c.add_argument("--out", default="demo", help="folder to write to (default: ./demo)")
    c.add_argument("--force", action="store_true", help=_FORCE)
