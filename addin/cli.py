"""Command-line layer: `ukaipay` / `python -m addin`, over the same engine as Excel."""

from __future__ import annotations

import argparse
import json
import os
import sys

from . import employment, pay
from .band import Band
from .cli_budget import add_commands as add_budget_commands
from .display import money, table
from .errors import GuideError, InvalidValueError


def band_rows(label: str, band: Band) -> list[list[str]]:
    """Return one table row for a band: label, low, mid, high."""
    return [label, money(band.low, band.unit), money(band.mid, band.unit),
            money(band.high, band.unit, band.open_top)]


def show_band(args, label: str, band: Band) -> None:
    at = None if args.point is None else band.at(args.point)
    if args.json:
        out = band.as_dict()
        if at is not None:
            out["point"] = at
        print(json.dumps(out, ensure_ascii=False))
        return
    print(table([["", "low", "mid", "high"], band_rows(label, band)]))
    if at is not None:
        print(f"at {args.point}: {money(at, band.unit)}")
    print(f"source: {band.source}")


def cmd_band(args):
    b = pay.salary_band(args.role, _level(args.level), args.region)
    show_band(args, f"{args.role} / {args.level} / {args.region}", b)


def cmd_dayrate(args):
    b = pay.day_rate(args.role, args.level, args.ir35)
    show_band(args, f"{args.role} / {args.level} / {args.ir35} IR35", b)


def cmd_leadership(args):
    b = pay.leadership_band(args.role, args.region)
    show_band(args, f"{args.role} / {args.region}", b)


def cmd_premium(args):
    show_band(args, f"{args.role} / {args.skill}", pay.skill_premium(args.role, args.skill))


def cmd_list(args):
    what = args.what.lower()
    if what in ("levels", "skills") and not args.role:
        raise InvalidValueError(f"`list {what}` needs a role, e.g. `list {what} \"AI Engineer\"`.")
    items = {
        "roles": lambda: pay.roles(),
        "levels": lambda: pay.levels(args.role),
        "regions": pay.regions,
        "skills": lambda: pay.skills(args.role),
        "stages": pay.stages,
    }[what]()
    if args.json:
        print(json.dumps(list(items), ensure_ascii=False))
    else:
        print("\n".join(items))


def cmd_search(args):
    from .names import search

    hits = search(args.text)
    if args.json:
        print(json.dumps([{"kind": k, "name": n, "score": s} for k, n, s in hits], ensure_ascii=False))
    elif not hits:
        print(f'No names close to "{args.text}".')
    else:
        print(table([["kind", "name", "score"]] + [[k, n, f"{s:.2f}"] for k, n, s in hits]))


def cmd_source(args):
    from .data import guide, provenance

    p = provenance(guide())
    if args.json:
        print(json.dumps(p, ensure_ascii=False))
        return
    print(pay.source())
    print("Sources: " + "; ".join(p["guide"]["sources"]))
    for i in guide().insights:
        unit = "fraction" if i.unit == "percent" else "GBP"
        scale = 100 if i.unit == "percent" else 1
        print(f"headline ({i.section}): {i.insight}: {money(i.figure.low / scale, unit)} to "
              f"{money(i.figure.high / scale, unit, i.figure.open_top)}")
    for name, rule in p["rules"].items():
        print(f"rule {name}: {rule}")


def _cost_options(args) -> dict:
    return {"tax_year": args.tax_year, "pension_rate": args.pension_rate,
            "pension_basis": args.pension_basis, "benefits_rate": args.benefits_rate,
            "levy": args.levy}


def cmd_cost(args):
    b = employment.employer_cost_breakdown(args.salary, **_cost_options(args))
    year = employment.resolve_tax_year(args.tax_year)
    if args.json:
        print(json.dumps({**b._asdict(), "tax_year": year}))
        return
    rows = [["component", "£ a year"]] + [[k, money(v)] for k, v in b._asdict().items()]
    print(table(rows))
    print(f"tax year {year}; NIC 15% above £5,000; pension on {args.pension_basis} earnings")


def cmd_contract(args):
    total = employment.contractor_cost(args.day_rate, args.days, args.fee_rate)
    if args.json:
        print(json.dumps({"day_rate": args.day_rate, "days": args.days,
                          "fee_rate": args.fee_rate, "annual_cost": total}))
        return
    print(f"{money(args.day_rate)} x {args.days:g} days x (1 + {args.fee_rate:g}) = {money(total)} a year")


def cmd_compare(args):
    """Permanent employer cost vs contractor annual cost for one role, at low/mid/high."""
    opts = _cost_options(args)
    points = ("low", "mid", "high")
    out: dict = {"role": args.role, "level": args.level, "region": args.region,
                 "tax_year": employment.resolve_tax_year(args.tax_year), "days": args.days}
    try:
        perm = pay.salary_band(args.role, _level(args.level), args.region)
        out["permanent"] = {p: {"salary": perm.at(p), "employer_cost":
                                employment.employer_cost(perm.at(p), **opts)} for p in points}
    except GuideError as e:
        out["permanent"] = {"error": str(e)}
    for status in ("outside", "inside"):
        try:
            rate = pay.day_rate(args.role, args.level, status)
            out[status] = {p: {"day_rate": rate.at(p), "annual_cost":
                               employment.contractor_cost(rate.at(p), args.days)} for p in points}
        except GuideError as e:
            out[status] = {"error": str(e)}
    if "error" in out["permanent"] and "error" in out["outside"]:
        raise pay.NotInGuideError(out["permanent"]["error"])
    if "error" not in out["permanent"]:
        out["break_even_day_rate"] = {
            p: employment.dayrate_equivalent(out["permanent"][p]["salary"], args.days, **opts)
            for p in points}
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
        return
    rows = [["", "low", "mid", "high"]]
    if "error" in out["permanent"]:
        rows.append(["permanent", "-", "-", "-"])
    else:
        rows.append(["salary"] + [money(out["permanent"][p]["salary"]) for p in points])
        rows.append(["employer cost"] + [money(out["permanent"][p]["employer_cost"]) for p in points])
        rows.append(["break-even day rate"] + [money(out["break_even_day_rate"][p]) for p in points])
    for status in ("outside", "inside"):
        if "error" in out[status]:
            rows.append([f"contractor {status} IR35", "-", "-", "-"])
            continue
        rows.append([f"day rate {status} IR35"] + [money(out[status][p]["day_rate"]) for p in points])
        rows.append([f"contractor {status}, {args.days:g} days"] +
                    [money(out[status][p]["annual_cost"]) for p in points])
    print(table(rows))
    for part in ("permanent", "outside", "inside"):
        if "error" in out[part]:
            print(f"{part}: {out[part]['error']}")


def _level(text: str):
    """Level as typed: a number on the command line means years of experience."""
    try:
        return float(text)
    except ValueError:
        return text


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: one line, exit 2
        self.exit(2, f"{self.prog}: error: {message}\n")


def parser() -> argparse.ArgumentParser:
    """Return the command-line parser."""
    p = _Parser(prog="ukaipay", description="UK AI/ML pay from the Salary Guide 2026.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name, func, help_text):
        c = sub.add_parser(name, help=help_text)
        c.add_argument("--json", action="store_true", help="print JSON")
        c.set_defaults(func=func)
        return c

    c = command("band", cmd_band, "permanent salary band")
    c.add_argument("role"), c.add_argument("level", help="level name or years of experience")
    c.add_argument("region", nargs="?", default="UK National")
    c.add_argument("--point", help='"low", "mid", "high" or 0 to 1')
    c = command("dayrate", cmd_dayrate, "contractor day rate band")
    c.add_argument("role"), c.add_argument("level")
    c.add_argument("--ir35", default="outside", choices=["inside", "outside"])
    c.add_argument("--point")
    c = command("leadership", cmd_leadership, "leadership salary band")
    c.add_argument("role"), c.add_argument("region", nargs="?", default="UK")
    c.set_defaults(point=None)
    c = command("premium", cmd_premium, "skill premium (fractions)")
    c.add_argument("role"), c.add_argument("skill")
    c.set_defaults(point=None)
    c = command("list", cmd_list, "list roles, levels ROLE, regions, skills ROLE or stages")
    c.add_argument("what", choices=["roles", "levels", "regions", "skills", "stages"])
    c.add_argument("role", nargs="?")
    c = command("search", cmd_search, "ranked fuzzy matches across every name")
    c.add_argument("text")
    command("source", cmd_source, "guide edition, provenance and rules")

    def cost_options(c):
        c.add_argument("--tax-year", help="e.g. 2026/27 (default: the current one)")
        c.add_argument("--pension-rate", type=float, default=0.03)
        c.add_argument("--pension-basis", choices=["qualifying", "full"], default="qualifying")
        c.add_argument("--benefits-rate", type=float, default=0.0)
        c.add_argument("--levy", action="store_true", help="employer pays the Apprenticeship Levy")

    c = command("cost", cmd_cost, "employer cost of a salary, by component")
    c.add_argument("salary", type=float)
    cost_options(c)
    c = command("contract", cmd_contract, "annual cost of a contractor")
    c.add_argument("day_rate", type=float)
    c.add_argument("--days", type=float, default=220)
    c.add_argument("--fee-rate", type=float, default=0.0)
    c = command("compare", cmd_compare, "permanent vs contractor cost for a role")
    c.add_argument("role"), c.add_argument("level")
    c.add_argument("region", nargs="?", default="UK National")
    c.add_argument("--days", type=float, default=220)
    cost_options(c)
    add_budget_commands(sub, command)
    return p


def _tolerant_output() -> None:
    """Print what the terminal can show: "£" on an ASCII stdout becomes "?", not a crash."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status.

    0 done; 1 a name or figure the guide does not have; 2 malformed input or usage, a file
    that cannot be read or written (one line on stderr, never a traceback).
    """
    _tolerant_output()
    p = parser()
    args = p.parse_args(argv)
    for name, value in vars(args).items():
        if isinstance(value, list):  # Python 3.11's argparse gives [] for `band AI -- --`
            p.error(f"argument {name}: expected one value")
    try:
        args.func(args)
    except BrokenPipeError:
        # The reader closed the pipe (`ukaipay source | head`): stop quietly, as the Python
        # docs advise, with stdout pointed at devnull so the interpreter's flush is silent.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except LookupError as e:
        if not isinstance(e, GuideError):
            return _unexpected(e)
        print(f"ukaipay: {_one_line(e)}", file=sys.stderr)
        return 1
    except GuideError as e:
        print(f"ukaipay: {_one_line(e)}", file=sys.stderr)
        return 2
    except OSError as e:
        where = f"{e.filename}: " if e.filename else ""
        print(f"ukaipay: {_one_line(where + str(e.strerror or e))}", file=sys.stderr)
        return 2
    except (ValueError, ArithmeticError, MemoryError, RecursionError) as e:
        return _unexpected(e)
    return 0


_CONTROLS = {c: f"\\x{c:02x}" for c in range(32)} | {ord("\n"): "\\n", ord("\r"): "\\r"}


def _one_line(message: object) -> str:
    """Return ``message`` on one line: a control character typed in an argument is escaped."""
    return str(message).translate(_CONTROLS)


def _unexpected(e: BaseException) -> int:
    # A bug, not the user's fault: still one line, never a traceback (the fuzz tests
    # look for this wording and fail on it).
    text = " ".join(str(e).split())[:200]
    print(f"ukaipay: unexpected error ({type(e).__name__}): {text}. Please report it.",
          file=sys.stderr)
    return 2
