"""Command-line layer: the employment-cost commands: cost, contract and compare."""

from __future__ import annotations

from ..base.errors import GuideError
from ..costs import employment
from ..guide import pay
from ..guide.against_ours import mapped
from .cli_bands import add_bands_option, bands_of
from .cli_guide import ROLE
from .cli_input import ir35_option, typed_level
from .display import json_text, money, table


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
    bands = bands_of(args)  # a level of ours (L5) is its guide level's, priced from ours
    ours, role, level = mapped(bands, args.role, typed_level(args.level), args.region)
    if ours is not None:
        out["ours"] = ours.as_dict()
    try:
        perm = ours or pay.salary_band(role, typed_level(level), args.region)
        out["role"], out["level"], out["region"] = pay.salary_names(
            role, typed_level(level), args.region)
        out["permanent"] = {p: {"salary": perm.at(p), "employer_cost":
                                employment.employer_cost(perm.at(p), **opts)} for p in points}
        out["permanent"]["open_top"] = perm.open_top
    except GuideError as e:
        out["permanent"] = {"error": e.render("cli")}
    for status in ("outside", "inside"):
        try:
            rate = pay.day_rate(role, level, status)
            out[status] = {p: {"day_rate": rate.at(p), "annual_cost": employment.contractor_cost(
                rate.at(p), args.days, args.fee_rate, status, args.tax_year, args.levy)}
                for p in points}
        except GuideError as e:
            out[status] = {"error": e.render("cli")}
    if "error" in out["permanent"] and "error" in out["outside"]:
        raise pay.NotInGuideError(out["permanent"]["error"])
    if "error" in out["permanent"]:  # a day-rate-only role: name what the day rates matched
        out["role"], out["level"], _ = pay.day_rate_names(role, level)
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
    if ours is not None:
        print(f"permanent: {ours.source} (salary low/mid/high = our Min/Mid/Max)")
    for part in ("permanent", "outside", "inside"):
        if "error" in out[part]:
            print(f"{part}: {out[part]['error']}")
    if "error" not in out["inside"]:
        print(_on_cost_note("inside", args.tax_year, args.levy))


def _rate(c, flag, what):
    """Add the rate option ``flag`` (a fraction as typed, default 0)."""
    c.add_argument(flag, default=0.0, metavar="RATE", help=f"{what}: 0.15 or 15%% (default 0)")


def _agency_fee(c, what):
    """Add --agency-fee, also spelt --fee-rate (a fraction as typed, default 0)."""
    c.add_argument("--agency-fee", "--fee-rate", dest="fee_rate", default=0.0, metavar="RATE",
                   help=f"{what}: 0.15 or 15%% (default 0; --fee-rate is the same option)")


def _levy(c, who):
    """Add --levy: yes when given alone, else yes or no."""
    c.add_argument("--levy", nargs="?", const=True, default=False, metavar="yes|no",
                   help=f"{who} pays the Apprenticeship Levy (--levy alone means yes)")


def _cost_arguments(c):
    """Add the employer-cost options that cost and compare share."""
    c.add_argument("--tax-year", help="e.g. 2026/27 (default: the current one)")
    c.add_argument("--pension-rate", default=0.03, metavar="RATE",
                   help="employer pension: 0.03 or 3%% (default 3%%)")
    c.add_argument("--pension-basis", choices=["qualifying", "full"], default="qualifying",
                   help="pension on qualifying earnings (default) or the full basic salary")
    _rate(c, "--benefits-rate", "NIC-free benefits (e.g. extra pension) as a share of salary")
    _levy(c, "the employer")
    _rate(c, "--bonus-rate", "bonus as a share of salary (NIC and levy apply)")
    _rate(c, "--bik-rate", "benefits in kind as a share of salary (Class 1A NIC applies)")
    _rate(c, "--allowance-rate", "cash allowances as a share of salary (NIC and levy apply)")
    _rate(c, "--sacrifice-rate", "share of salary sacrificed into the pension (no NIC on it)")


def add_commands(command) -> None:
    """Add the cost commands to the parser's subcommands."""
    c = command("cost", cmd_cost, "employer cost of a salary, by component",
                "ukaipay cost 85000 --tax-year 2026/27")
    c.add_argument("salary", help="salary in £ a year: 85000, £85,000 or 85k")
    _cost_arguments(c)
    c = command("contract", cmd_contract, "annual cost of a contractor to the client",
                "ukaipay contract 662.50 --ir35 inside --tax-year 2026/27")
    c.add_argument("day_rate", help="day rate in £: 662.50 or £662.50")
    c.add_argument("--days", type=float, default=220, help="billable days a year (default 220)")
    _agency_fee(c, "agency fee, a share of the day rate")
    c.add_argument("--ir35", default="outside", type=ir35_option, metavar="inside|outside",
                   help="inside adds the fee-payer's employer NIC to the effective rate (default: outside)")
    c.add_argument("--tax-year", help="tax year of the NIC rate inside IR35 (default: the current one)")
    _levy(c, "the fee-payer")
    c = command("compare", cmd_compare, "permanent vs contractor cost for a role",
                'ukaipay compare "AI Engineer" Senior London')
    c.add_argument("role", help=ROLE), c.add_argument("level", help="level name or years of experience")
    c.add_argument("region", nargs="?", default="UK National",
                   help='"UK National" (default), "London", "Remote UK" or a guide city')
    c.add_argument("--days", type=float, default=220, help="contractor billable days a year (default 220)")
    _agency_fee(c, "agency fee on the contractor's day rate")
    _cost_arguments(c)
    add_bands_option(c)
