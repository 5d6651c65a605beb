"""Command-line layer: `ukaipay` / `python -m addin`, over the same engine as Excel."""

from __future__ import annotations

import argparse
import json
import sys

from . import pay
from .band import Band
from .errors import GuideError, InvalidValueError


def money(value: float, unit: str = "GBP/year", open_top: bool = False) -> str:
    """Return a display string: pounds with thousands separators, percent for fractions."""
    if unit == "fraction":
        text = f"{value * 100:.4g}%"
    else:
        text = f"£{value:,.0f}" if float(value).is_integer() else f"£{value:,.2f}"
    return text + ("+" if open_top else "")


def table(rows: list[list[str]]) -> str:
    """Return rows as left-aligned text columns; the first row is the header."""
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


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
    for name, rule in p["rules"].items():
        print(f"rule {name}: {rule}")


def cmd_lookups(args):
    """The main job before a budget exists: a few lookups printed as a table."""
    rows = [["lookup", "low", "mid", "high"]]
    for role, level, region in (("MLOps Engineer", "Senior", "London"),
                                ("AI Engineer", "Senior", "London"),
                                ("LLM Engineer", "Lead/Principal", "London"),
                                ("Data Engineer", "Senior", "Manchester")):
        rows.append(band_rows(f"salary {role} / {level} / {region}",
                              pay.salary_band(role, level, region)))
    for role, level, ir35 in (("LLM Engineer", "Lead/Principal", "inside"),
                              ("ML Platform Engineer", "Senior", "outside")):
        rows.append(band_rows(f"day rate {role} / {level} / {ir35}", pay.day_rate(role, level, ir35)))
    print(table(rows))


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
    command("lookups", cmd_lookups, "a few lookups printed as a table")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0, 1 lookup error, 2 usage error)."""
    args = parser().parse_args(argv)
    try:
        args.func(args)
    except LookupError as e:
        if not isinstance(e, GuideError):
            raise
        print(f"ukaipay: {e}", file=sys.stderr)
        return 1
    except GuideError as e:
        print(f"ukaipay: {e}", file=sys.stderr)
        return 2
    return 0
