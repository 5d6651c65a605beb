"""Command-line layer: `ukaipay` / `python -m addin`, over the same engine as Excel."""

from __future__ import annotations

import argparse
import os
import sys

from ..base import inputs
from ..base.errors import GuideError, InvalidValueError
from ..costs import employment
from ..guide import pay
from ..guide.band import Band
from ..guide.names import fold
from .cli_budget import add_commands as add_budget_commands
from .cli_input import bare_switches, read_typed
from .cli_lite import add_commands as add_lite_commands
from .display import json_text, money, table


def band_rows(label: str, band: Band) -> list[list[str]]:
    """Return one table row for a band: label, low, mid, high."""
    return [label, money(band.low, band.unit), money(band.mid, band.unit),
            money(band.high, band.unit, band.open_top)]


def matched(typed: tuple, names: tuple[str, ...]) -> tuple[str, str]:
    """Return (the guide's names joined by " / ", and a note of what each typed value
    matched where it differs beyond case and spacing, or "")."""
    notes = []
    for value, name in zip(typed, names):
        if isinstance(value, float) or (isinstance(value, str) and _is_number(value)):
            notes.append(f"{float(value):g} years = {name}")
        elif fold(str(value)) != fold(name):
            notes.append(f'"{value}" = {name}')
    return " / ".join(names), ("matched " + ", ".join(notes)) if notes else ""


def show_band(args, typed: tuple, names: tuple[str, ...], band: Band) -> None:
    at = None if args.point is None else band.at(args.point)
    if args.json:
        out = band.as_dict()
        if at is not None:
            out["point"] = at
        print(json_text(out, band.unit != pay.FRACTION))
        return
    label, note = matched(typed, names)
    print(table([["", "low", "mid", "high"], band_rows(label, band)]))
    if at is not None:
        print(f"at {args.point}: {money(at, band.unit)}")
    if note:
        print(note)
    print(f"source: {band.source}")


def cmd_band(args):
    level = _level(args.level)
    b = pay.salary_band(args.role, level, args.region)
    typed = (args.role, level, args.region)
    show_band(args, typed, pay.salary_names(*typed), b)


def cmd_dayrate(args):
    b = pay.day_rate(args.role, args.level, args.ir35)
    role, level, ir35 = pay.day_rate_names(args.role, args.level, args.ir35)
    show_band(args, (args.role, args.level), (role, level, f"{ir35} IR35"), b)


def cmd_leadership(args):
    b = pay.leadership_band(args.role, args.region)
    show_band(args, (args.role,), pay.leadership_names(args.role, args.region), b)


def cmd_premium(args):
    b = pay.skill_premium(args.role, args.skill)
    typed = (args.role, args.skill)
    show_band(args, typed, pay.skill_names(*typed), b)


def cmd_estimate(args):
    level = _level(args.level)
    b = pay.salary_estimate(args.role, level, args.region, args.skills, args.stage)
    typed = (args.role, level, args.region)  # skills and stage: the source line names them
    show_band(args, typed, pay.salary_names(*typed), b)
    if not args.json and b.source.endswith("derived"):
        print("modelled: the guide's band x (1 + skill premiums) x the stage's % of market")


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
        print(json_text(list(items)))
    elif what == "stages":
        print(stage_table())
    else:
        print("\n".join(items))


def stage_table() -> str:
    """Return the company stages with their base % of market and bonus as the guide prints
    them (9. Startup vs Enterprise): the bonus is guidance, never priced by itself."""
    from ..guide.data import guide

    rows = [["stage", "base % of market", "bonus (guidance)"]]
    for s in guide().stages.values():
        rows.append([s.name, f"{s.base.low:g}–{s.base.high:g}%", s.bonus])
    return (table(rows) + "\nBonus: the guide's target by stage, as guidance; a cost includes "
            "a bonus only at the rate you give (e.g. `ukaipay cost 85000 --bonus-rate 0.15`).")


def cmd_search(args):
    from ..guide.names import search

    hits = search(args.text)
    if args.json:
        print(json_text([{"kind": k, "name": n, "score": s} for k, n, s in hits]))
    elif not hits:
        print(f'No names close to "{args.text}".')
    else:
        print(table([["kind", "name", "score"]] + [[k, n, f"{s:.2f}"] for k, n, s in hits]))


def cmd_source(args):
    from ..guide.data import guide, provenance

    p = provenance(guide())
    note = employment.tax_year_note()
    standing = {label: [y._asdict() for y in year.standing]
                for label, year in employment.tax_years().items()}
    if args.json:
        print(json_text({**p, "default_tax_year": employment.default_tax_year(),
                         "tax_year_note": note, "tax_year_standing": standing},
                        money_values=False))
        return
    print(pay.source())
    if note:
        print(note)
    for label in standing:
        print(f"tax year {label}: {employment.standing_words(label)}")
    print("Sources: " + "; ".join(p["guide"]["sources"]))
    for i in guide().insights:
        unit = "fraction" if i.unit == "percent" else "GBP"
        scale = 100 if i.unit == "percent" else 1
        print(f"headline ({i.section}): {i.insight}: {money(i.figure.low / scale, unit)} to "
              f"{money(i.figure.high / scale, unit, i.figure.open_top)}")
    for name, rule in p["rules"].items():
        print(f"rule {name}: {rule}")


def cmd_position(args):
    """Where a salary (or, with --ir35, a day rate) sits against its band."""
    from ..guide.names import index
    from ..guide.position import market_position, no_model

    level, region = args.level, args.region
    # A leadership role has no level, so `position 250000 "Director of AI" London` names
    # the region in the level's place.
    if region is None and index().roles.get(args.role) in pay.roles("leadership"):
        level, region = None, level
    at = market_position(args.pay, args.role, level, region, args.ir35)
    if args.json:
        print(json_text(at.as_dict()))
        return
    band, unit = at.band, at.band.unit
    label = " / ".join(x for x in (args.role, level, region, args.ir35 and f"{args.ir35} IR35") if x)
    percentile = (f"{at.percentile:.1f} (modelled)" if at.percentile is not None
                  else f"none: {no_model(band)}")
    print(f"{label}: {money(at.pay, unit)} {'a day' if unit == pay.GBP_DAY else 'a year'}, "
          f"{at.sentence}.")
    print(f"compa-ratio:   {at.compa_ratio:.4f} (1 is the band's mid, {money(band.mid, unit)})")
    print(f"band position: {at.band_position:.4f} (0 is the low {money(band.low, unit)}, 1 the "
          f"high {money(band.high, unit, band.open_top)})")
    print(f"percentile:    {percentile}")
    print(f"source: {at.source}")


def _cost_options(args) -> dict:
    return {"tax_year": args.tax_year, "pension_rate": args.pension_rate,
            "pension_basis": args.pension_basis, "benefits_rate": args.benefits_rate,
            "levy": args.levy, "bonus_rate": args.bonus_rate, "bik_rate": args.bik_rate,
            "allowance_rate": args.allowance_rate, "sacrifice_rate": args.sacrifice_rate}


# Rows the cost table always shows; the others only when the options make them non-zero.
_ALWAYS = ("salary", "nic", "pension", "levy", "benefits", "total")


def cmd_cost(args):
    b = employment.employer_cost_breakdown(args.salary, **_cost_options(args))
    year = employment.resolve_tax_year(args.tax_year)
    if args.json:
        print(json_text({**b._asdict(), "tax_year": year, "standing": {
            x.figures: x.standing for x in employment.tax_years()[year].standing}}))
        return
    rows = [["component", "£ a year"]] + [[k, money(v)] for k, v in b._asdict().items()
                                          if k in _ALWAYS or v]
    print(table(rows))
    y = employment.tax_years()[year]
    print(f"tax year {year}; employer NIC {y.nic_rate_pct:g}% above {money(y.nic_secondary_threshold)}"
          f"; pension on {args.pension_basis} earnings"
          + ("; salary is pay after the sacrifice" if args.sacrifice_rate else ""))
    if not y.enacted:  # a figure that is not law yet says so beside the cost
        print(f"not enacted in {year}: {employment.standing_words(year)}")


def _on_cost_note(ir35: str, tax_year, levy: bool) -> str:
    """One line saying what inside-IR35 on-costs add, or "" outside IR35."""
    if ir35 != "inside":
        return ""
    y = employment.tax_years()[employment.resolve_tax_year(tax_year)]
    return (f"inside IR35: the day rate is the contractor's effective rate; the fee-payer adds employer "
            f"NIC {y.nic_rate_pct:g}%{f' and the {y.levy_rate_pct:g}% levy' if levy else ''} on the whole "
            f"fee (no secondary threshold: at most {money(y.nic_secondary_threshold * y.nic_rate_pct / 100)}"
            f" a year high); an agency fee is on the rate only")


def cmd_contract(args):
    total = employment.contractor_cost(args.day_rate, args.days, args.fee_rate, args.ir35,
                                       args.tax_year, args.levy)
    day = employment.contractor_cost(args.day_rate, 1, args.fee_rate, args.ir35, args.tax_year, args.levy)
    on_costs = employment.on_cost_rate(args.ir35, args.tax_year, args.levy)
    if args.json:
        print(json_text({"day_rate": args.day_rate, "days": args.days, "fee_rate": args.fee_rate,
                         "ir35": args.ir35, "tax_year": employment.resolve_tax_year(args.tax_year),
                         "levy": args.levy, "on_cost_rate": on_costs, "day_cost": day,
                         "annual_cost": total}))
        return
    extra = f" + {on_costs:g} on-costs" if args.ir35 == "inside" else ""
    print(f"{money(args.day_rate)} x {args.days:g} days x (1{extra} + {args.fee_rate:g}) = "
          f"{money(total)} a year ({money(day)} a day)")
    note = _on_cost_note(args.ir35, args.tax_year, args.levy)
    if note:
        print(note)


def cmd_compare(args):
    """Permanent employer cost vs contractor annual cost for one role, at low/mid/high."""
    opts = _cost_options(args)
    points = ("low", "mid", "high")
    out: dict = {"role": args.role, "level": args.level, "region": args.region,
                 "tax_year": employment.resolve_tax_year(args.tax_year), "days": args.days,
                 "fee_rate": args.fee_rate,
                 # what the inside contractor's annual cost adds to the fees (employer NIC, levy)
                 "on_cost_rate": employment.on_cost_rate("inside", args.tax_year, args.levy)}
    try:
        perm = pay.salary_band(args.role, _level(args.level), args.region)
        out["role"], out["level"], out["region"] = pay.salary_names(
            args.role, _level(args.level), args.region)
        out["permanent"] = {p: {"salary": perm.at(p), "employer_cost":
                                employment.employer_cost(perm.at(p), **opts)} for p in points}
        out["permanent"]["open_top"] = perm.open_top
    except GuideError as e:
        out["permanent"] = {"error": e.render("cli")}
    for status in ("outside", "inside"):
        try:
            rate = pay.day_rate(args.role, args.level, status)
            out[status] = {p: {"day_rate": rate.at(p), "annual_cost": employment.contractor_cost(
                rate.at(p), args.days, args.fee_rate, status, args.tax_year, args.levy)}
                for p in points}
        except GuideError as e:
            out[status] = {"error": e.render("cli")}
    if "error" in out["permanent"] and "error" in out["outside"]:
        raise pay.NotInGuideError(out["permanent"]["error"])
    if "error" in out["permanent"]:  # a day-rate-only role: name what the day rates matched
        out["role"], out["level"], _ = pay.day_rate_names(args.role, args.level)
        out["region"] = None  # day rates are national
    if "error" not in out["permanent"]:
        for status, key in (("outside", "break_even_day_rate"), ("inside", "break_even_day_rate_inside")):
            out[key] = {p: employment.dayrate_equivalent(
                out["permanent"][p]["salary"], args.days, **opts, fee_rate=args.fee_rate, ir35=status)
                for p in points}
    if args.json:
        print(json_text(out))
        return
    where = f" / {out['region']}" if out["region"] else " (day rates are UK-wide)"
    fee = f", agency fee {args.fee_rate:g}" if args.fee_rate else ""
    print(f"{out['role']} / {out['level']}{where}: permanent vs contractor, tax year "
          f"{out['tax_year']}, {args.days:g} billable days{fee}")
    rows = [["", "low", "mid", "high"]]
    if "error" in out["permanent"]:
        rows.append(["permanent", "-", "-", "-"])
    else:
        perm = out["permanent"]
        top = {p: p == "high" and perm["open_top"] for p in points}  # "+" on an open top
        rows.append(["salary"] + [money(perm[p]["salary"], open_top=top[p]) for p in points])
        rows.append(["employer cost"] + [money(perm[p]["employer_cost"], open_top=top[p])
                                         for p in points])
        rows.append(["break-even day rate"] + [money(out["break_even_day_rate"][p], open_top=top[p])
                                               for p in points])
        rows.append(["break-even rate, inside"] + [
            money(out["break_even_day_rate_inside"][p], open_top=top[p]) for p in points])
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
    if "error" not in out["inside"]:
        print(_on_cost_note("inside", args.tax_year, args.levy))


def _level(text: str):
    """Level as typed: a number on the command line means years of experience."""
    return float(text) if _is_number(text) else text


def _ir35(text: str) -> str:
    """An --ir35 value as every front end reads it (inputs.ir35: in, out, any case)."""
    try:
        return inputs.ir35(text, "--ir35").lower()
    except InvalidValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: one line (typed controls escaped), exit 2
        self.exit(2, f"{self.prog}: error: {_one_line(message)}\n")


EXAMPLES = """examples:
  ukaipay band "AI Engineer" Senior London     salary band, low / mid / high
  ukaipay band "MLOps Engineer" 5              5 years of experience -> Senior
  ukaipay estimate "LLM Engineer" Senior London --skills "RAG, fine-tuning" --stage Scale-up
  ukaipay compare "AI Engineer" Senior London  permanent vs contractor cost
  ukaipay search kubernets                     find a name when unsure of it
  ukaipay demo                                 write an example budget and its report

Names forgive case, spacing and common aliases (sr, lead, UK, RAG...). Add --json to any
command. Exit status: 0 done, 1 a name or figure the guide does not have, 2 bad input."""

ROLE, POINT = "role, e.g. \"AI Engineer\" (`ukaipay list roles`)", '"low", "mid", "high" or 0 to 1'


def parser() -> argparse.ArgumentParser:
    """Return the command-line parser."""
    from .. import __version__
    from ..guide.data import GUIDE_EDITION

    p = _Parser(prog="ukaipay", description="UK AI/ML pay from the Salary Guide 2026.",
                epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"ukaipay {__version__}, data: {GUIDE_EDITION}")
    p.add_argument("--json", action="store_true", help="print JSON (before or after the command)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name, func, help_text, example=None):
        c = sub.add_parser(name, help=help_text, description=help_text[:1].upper() + help_text[1:] + ".",
                           epilog=f"example:\n  {example}" if example else None,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        # SUPPRESS: left out here, the namespace keeps the `ukaipay --json COMMAND` setting.
        c.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")
        c.set_defaults(func=func)
        return c

    c = command("band", cmd_band, "permanent salary band",
                'ukaipay band "AI Engineer" Senior London --point 0.25')
    c.add_argument("role", help=ROLE), c.add_argument("level", help="level name or years of experience")
    c.add_argument("region", nargs="?", default="UK National",
                   help='"UK National" (default), "London", "Remote UK" or a guide city')
    c.add_argument("--point", help=POINT)
    c = command("dayrate", cmd_dayrate, "contractor day rate band",
                'ukaipay dayrate "LLM Engineer" Lead --ir35 inside')
    c.add_argument("role", help=ROLE), c.add_argument("level", help="Mid-Level, Senior or Lead/Principal")
    c.add_argument("--ir35", default="outside", type=_ir35, metavar="inside|outside",
                   help="IR35 status (default: outside)")
    c.add_argument("--point", help=POINT)
    c = command("leadership", cmd_leadership, "leadership salary band",
                'ukaipay leadership "Director of AI" London')
    c.add_argument("role", help='leadership role, e.g. "Director of AI"')
    c.add_argument("region", nargs="?", default="UK", help='"UK" (default) or "London"')
    c.add_argument("--point", help=POINT)
    c = command("premium", cmd_premium, "skill premium (fractions)",
                'ukaipay premium "LLM Engineer" fine-tuning')
    c.add_argument("role", help='role with a premium-skills list, e.g. "LLM Engineer"')
    c.add_argument("skill", help="skill name or keyword (`ukaipay list skills ROLE`)")
    c.add_argument("--point", help=POINT)
    c = command("estimate", cmd_estimate, "salary band x skill premiums x company stage (modelled)",
                'ukaipay estimate "LLM Engineer" Senior London --skills "RAG, fine-tuning" --stage Scale-up')
    c.add_argument("role", help="role with a salary table, e.g. \"LLM Engineer\"")
    c.add_argument("level", help="level name or years of experience")
    c.add_argument("region", nargs="?", default="UK National",
                   help='"UK National" (default), "London", "Remote UK" or a guide city')
    c.add_argument("--skills", help='comma-separated premium skills, e.g. "RAG, fine-tuning"')
    c.add_argument("--stage", help="company stage (`ukaipay list stages`); default: market rate")
    c.add_argument("--point", help=POINT)
    c = command("list", cmd_list, "list roles, levels ROLE, regions, skills ROLE or stages",
                'ukaipay list levels "AI Engineer"')
    c.add_argument("what", choices=["roles", "levels", "regions", "skills", "stages"], help="what to list")
    c.add_argument("role", nargs="?", help="the role, for levels and skills")
    c = command("search", cmd_search, "ranked fuzzy matches across every name", "ukaipay search kubernets")
    c.add_argument("text", help="a name or part of one, typos welcome")
    command("source", cmd_source, "guide edition, provenance and rules", "ukaipay source")

    c = command("position", cmd_position, "where a salary or day rate sits against its band",
                'ukaipay position 120000 "AI Engineer" Senior London')
    c.add_argument("pay", help="salary in £ a year (85000, £85,000 or 85k), or a day rate with --ir35")
    c.add_argument("role", help=ROLE)
    c.add_argument("level", nargs="?", help="level name or years; leave out for a leadership role")
    c.add_argument("region", nargs="?",
                   help='"UK National" (default), "London", "Remote UK" or a guide city')
    c.add_argument("--ir35", type=_ir35, metavar="inside|outside", help="PAY is a day rate")

    def rate(c, flag, what):
        c.add_argument(flag, default=0.0, metavar="RATE", help=f"{what}: 0.15 or 15%% (default 0)")

    def agency_fee(c, what):
        c.add_argument("--agency-fee", "--fee-rate", dest="fee_rate", default=0.0, metavar="RATE",
                       help=f"{what}: 0.15 or 15%% (default 0; --fee-rate is the same option)")

    def levy(c, who):
        c.add_argument("--levy", nargs="?", const=True, default=False, metavar="yes|no",
                       help=f"{who} pays the Apprenticeship Levy (--levy alone means yes)")

    def cost_options(c):
        c.add_argument("--tax-year", help="e.g. 2026/27 (default: the current one)")
        c.add_argument("--pension-rate", default=0.03, metavar="RATE",
                       help="employer pension: 0.03 or 3%% (default 3%%)")
        c.add_argument("--pension-basis", choices=["qualifying", "full"], default="qualifying",
                       help="pension on qualifying earnings (default) or the full basic salary")
        rate(c, "--benefits-rate", "NIC-free benefits (e.g. extra pension) as a share of salary")
        levy(c, "the employer")
        rate(c, "--bonus-rate", "bonus as a share of salary (NIC and levy apply)")
        rate(c, "--bik-rate", "benefits in kind as a share of salary (Class 1A NIC applies)")
        rate(c, "--allowance-rate", "cash allowances as a share of salary (NIC and levy apply)")
        rate(c, "--sacrifice-rate", "share of salary sacrificed into the pension (no NIC on it)")

    c = command("cost", cmd_cost, "employer cost of a salary, by component",
                "ukaipay cost 85000 --tax-year 2026/27")
    c.add_argument("salary", help="salary in £ a year: 85000, £85,000 or 85k")
    cost_options(c)
    c = command("contract", cmd_contract, "annual cost of a contractor to the client",
                "ukaipay contract 662.50 --ir35 inside --tax-year 2026/27")
    c.add_argument("day_rate", help="day rate in £: 662.50 or £662.50")
    c.add_argument("--days", type=float, default=220, help="billable days a year (default 220)")
    agency_fee(c, "agency fee, a share of the day rate")
    c.add_argument("--ir35", default="outside", type=_ir35, metavar="inside|outside",
                   help="inside adds the fee-payer's employer NIC to the effective rate (default: outside)")
    c.add_argument("--tax-year", help="tax year of the NIC rate inside IR35 (default: the current one)")
    levy(c, "the fee-payer")
    c = command("compare", cmd_compare, "permanent vs contractor cost for a role",
                'ukaipay compare "AI Engineer" Senior London')
    c.add_argument("role", help=ROLE), c.add_argument("level", help="level name or years of experience")
    c.add_argument("region", nargs="?", default="UK National",
                   help='"UK National" (default), "London", "Remote UK" or a guide city')
    c.add_argument("--days", type=float, default=220, help="contractor billable days a year (default 220)")
    agency_fee(c, "agency fee on the contractor's day rate")
    cost_options(c)
    add_budget_commands(sub, command)
    add_lite_commands(command)
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

    0 done; 1 a name or figure the guide does not have, or (`budget --strict`) a plan row
    with a problem; 2 malformed input or usage, a file that cannot be read or written (one
    line on stderr, never a traceback).
    """
    _tolerant_output()
    p = parser()
    args = p.parse_args(bare_switches(sys.argv[1:] if argv is None else list(argv)))
    if args.command is None:  # a bare `ukaipay`: show what it can do
        p.print_help()
        return 0
    for name, value in vars(args).items():
        if isinstance(value, list):  # Python 3.11's argparse gives [] for `band AI -- --`
            p.error(f"argument {name}: expected one value")
    try:
        read_typed(args)
        status = args.func(args)
    except BrokenPipeError:
        # The reader closed the pipe (`ukaipay source | head`): stop quietly, as the Python
        # docs advise, with stdout pointed at devnull so the interpreter's flush is silent.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except LookupError as e:
        if not isinstance(e, GuideError):
            return _unexpected(e)
        print(f"ukaipay: {_one_line(e.render('cli'))}", file=sys.stderr)
        return 1
    except GuideError as e:
        print(f"ukaipay: {_one_line(e.render('cli'))}", file=sys.stderr)
        return 2
    except OSError as e:
        where = f"{e.filename}: " if e.filename else ""
        print(f"ukaipay: {_one_line(where + str(e.strerror or e))}", file=sys.stderr)
        return 2
    except (ValueError, ArithmeticError, MemoryError, RecursionError) as e:
        return _unexpected(e)
    return status or 0


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
