"""Command-line layer: the guide's commands: band, dayrate, leadership, premium, estimate,
list, search, source and position."""

from __future__ import annotations

from ..base.errors import InvalidValueError
from ..costs import employment
from ..guide import pay
from ..guide.band import Band
from ..guide.names import fold
from . import cli_bands
from .cli_input import ir35_option, is_number, typed_level
from .display import json_text, money, table

ROLE, POINT = "role, e.g. \"AI Engineer\" (`ukaipay list roles`)", '"low", "mid", "high" or 0 to 1'


def band_rows(label: str, band: Band) -> list[list[str]]:
    """Return one table row for a band: label, low, mid, high."""
    return [label, money(band.low, band.unit), money(band.mid, band.unit),
            money(band.high, band.unit, band.open_top)]


def matched(typed: tuple, names: tuple[str, ...]) -> tuple[str, str]:
    """Return (the guide's names joined by " / ", and a note of what each typed value
    matched where it differs beyond case and spacing, or "")."""
    notes = []
    for value, name in zip(typed, names):
        if isinstance(value, float) or (isinstance(value, str) and is_number(value)):
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
    level = typed_level(args.level)
    bands = cli_bands.bands_of(args)
    role = args.role
    if bands is not None:
        if cli_bands.show_band(args, bands, role, level, args.region):
            return
        # None of ours held here: the market's band of the guide's names ours map to
        role, level = bands.guide_names(role, level, args.region)
        if not args.json:
            print(f"ours: none held for {args.role} {args.level} in "
                  f"{args.region or 'UK National'}; the market's:")
    b = pay.salary_band(role, level, args.region)
    typed = (role, level, args.region)
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
    level = typed_level(args.level)
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
    them (the stages table): the bonus is guidance, never priced by itself."""
    rows = [["stage", "base % of market", "bonus (guidance)"]]
    for s in pay.guide().stages.values():
        rows.append([s.name, f"{s.base.low:g}–{s.base.high:g}%", s.bonus])
    return (table(rows) + "\nBonus: the guide's target by stage, as guidance; a cost includes "
            "a bonus only at the rate you give (e.g. `ukaipay cost 85000 --bonus-rate 0.15`).")


def cmd_search(args):
    from ..guide.names import search

    hits = search(args.text, pay.index())
    if args.json:
        print(json_text([{"kind": k, "name": n, "score": s} for k, n, s in hits]))
    elif not hits:
        print(f'No names close to "{args.text}".')
    else:
        print(table([["kind", "name", "score"]] + [[k, n, f"{s:.2f}"] for k, n, s in hits]))


def cmd_source(args):
    from ..guide.edition import current_edition, statutory_provenance
    from ..guide.provenance import STALE_MONTHS, as_dict

    edition = current_edition()
    p = as_dict(edition.provenance.document)
    note = employment.tax_year_note()
    standing = {label: [y._asdict() for y in year.standing]
                for label, year in employment.tax_years().items()}
    months = edition.provenance.age_months()  # from its as-of date to today's clock
    age = {"name": edition.name, "folder": str(edition.folder), "as_of": edition.provenance.as_of,
           "age_months": months, "stale": months > STALE_MONTHS}
    if args.json:
        # Statutory figures are the package's whatever the edition (statutory_provenance).
        print(json_text({**p, "statutory": statutory_provenance(), "edition": age,
                         "default_tax_year": employment.default_tax_year(),
                         "tax_year_note": note, "tax_year_standing": standing},
                        money_values=False))
        return
    print(pay.source())
    print(edition.provenance.age())
    if note:
        print(note)
    for label in standing:
        print(f"tax year {label}: {employment.standing_words(label)}")
    print("Sources: " + "; ".join(p["guide"].get("sources", ())))
    for i in edition.tables.insights:
        unit = "fraction" if i.unit == "percent" else "GBP"
        scale = 100 if i.unit == "percent" else 1
        print(f"headline ({i.section}): {i.insight}: {money(i.figure.low / scale, unit)} to "
              f"{money(i.figure.high / scale, unit, i.figure.open_top)}")
    for name, rule in p.get("rules", {}).items():
        print(f"rule {name}: {rule}")


def cmd_position(args):
    """Where a salary (or, with --ir35, a day rate) sits against its band."""
    from ..guide.position import market_position, no_model

    level, region = args.level, args.region
    # A leadership role has no level, so `position 250000 "Director of AI" London` names
    # the region in the level's place.
    if region is None and pay.index().roles.get(args.role) in pay.roles("leadership"):
        level, region = None, level
    bands = cli_bands.bands_of(args)
    if bands is not None:
        return cli_bands.show_position(args, bands, level, region)
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


def add_commands(command) -> None:
    """Add the guide's commands to the parser's subcommands."""
    c = command("band", cmd_band, "permanent salary band",
                'ukaipay band "AI Engineer" Senior London --point 0.25')
    c.add_argument("role", help=ROLE), c.add_argument("level", help="level name or years of experience")
    c.add_argument("region", nargs="?", default="UK National",
                   help='"UK National" (default), "London", "Remote UK" or a guide city')
    c.add_argument("--point", help=POINT)
    cli_bands.add_bands_option(c)
    c = command("dayrate", cmd_dayrate, "contractor day rate band",
                'ukaipay dayrate "LLM Engineer" Lead --ir35 inside')
    c.add_argument("role", help=ROLE), c.add_argument("level", help="Mid-Level, Senior or Lead/Principal")
    c.add_argument("--ir35", default="outside", type=ir35_option, metavar="inside|outside",
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
    c.add_argument("--ir35", type=ir35_option, metavar="inside|outside", help="PAY is a day rate")
    cli_bands.add_bands_option(c)
