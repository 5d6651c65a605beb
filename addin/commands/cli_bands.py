"""Command-line layer: our own pay bands (--bands FILE) on position, band and compare, and
the `bands` command: each of our bands against the market's."""

from __future__ import annotations

from ..guide import pay
from ..guide.against_ours import against_market, held, ours_and_market
from ..guide.our_bands import OurBands, read_bands
from .display import json_text, money, table

BANDS_HELP = ("our pay bands, a CSV with the headers Role, Level, Min, Mid, Max (and optional "
              "Guide role, Guide level, Region): a level of ours (e.g. L5) mapped to the "
              "guide's is answered against both")


def add_bands_option(c, required: bool = False) -> None:
    """Add --bands FILE to a command's parser."""
    c.add_argument("--bands", metavar="FILE", required=required, help=BANDS_HELP)


def bands_of(args) -> OurBands | None:
    """Return our bands from --bands FILE, or None when not given."""
    path = getattr(args, "bands", None)
    return None if path is None else read_bands(path)


def _span(band) -> str:
    return f"{money(band.low)} to {money(band.high, band.unit, band.open_top)}"


def show_position(args, bands: OurBands, level, region) -> None:
    """Print a pay against our band and the market's, side by side (or as JSON)."""
    ours, market = ours_and_market(args.pay, args.role, level, region, bands, args.ir35)
    if args.json:
        print(json_text({"pay": market.pay, "ours": None if ours is None else ours.as_dict(),
                         "market": market.as_dict()}))
        return
    unit = market.band.unit
    label = " / ".join(str(x) for x in (args.role, level, region) if x)
    print(f"{label}: {money(market.pay, unit)} {'a day' if unit == pay.GBP_DAY else 'a year'}")
    head = "ours (none held)" if ours is None else f"ours ({ours.band.level or ours.band.role})"
    rows = [["", head, "market"]]
    if ours is None:
        ours_cells = ["-"] * 5
    else:
        b = ours.band
        ours_cells = [f"{ours.compa_ratio:.4f}", f"{ours.band_position:.4f}", money(b.mid),
                      _span(b), ours.sentence]
    m = market.band
    market_cells = [f"{market.compa_ratio:.4f}", f"{market.band_position:.4f}",
                    money(m.mid, m.unit), _span(m), market.sentence]
    names = ["compa-ratio", "band position", "mid", "band", "where"]
    rows += [[n, o, k] for n, o, k in zip(names, ours_cells, market_cells)]
    print(table(rows))
    if market.percentile is not None:
        print(f"market percentile: {market.percentile:.1f} (modelled)")
    if ours is not None:
        print(f"ours: {ours.band.source}")
    print(f"market: {market.source}")


def show_band(args, bands: OurBands, role, level, region) -> bool:
    """Print our band beside the market's band it maps to; return False (nothing printed)
    when we hold no band for ``role`` and ``level`` in ``region``."""
    ours = held(bands, role, level, region)
    if ours is None:
        return False
    market = ours.market(region)
    at = None if args.point is None else (ours.at(args.point), market.at(args.point))
    if args.json:
        out = {"ours": ours.as_dict(), "market": market.as_dict()}
        if at is not None:
            out["ours"]["point"], out["market"]["point"] = at
        print(json_text(out))
        return True
    rows = [["", "low", "mid", "high"],
            [f"ours: {ours.role} {ours.level}".rstrip(), money(ours.low), money(ours.mid),
             money(ours.high)],
            [f"market: {' / '.join(x for x in (ours.guide_role, ours.guide_level) if x)}",
             money(market.low), money(market.mid), money(market.high, market.unit,
                                                         market.open_top)]]
    print(table(rows))
    if at is not None:
        print(f"at {args.point}: ours {money(at[0])}, market {money(at[1])}")
    print(f"ours: {ours.source}")
    print(f"market: {market.source}")
    return True


def cmd_bands(args):
    """Each of our bands against the market's: our mid / market mid, and where our Min,
    Mid and Max sit in the market's band (0 its low, 1 its high)."""
    rows = against_market(bands_of(args))
    if args.json:
        print(json_text([r.as_dict() for r in rows]))
        return
    out = [["role", "level", "region", "guide level", "our min-mid-max", "market low-mid-high",
            "mid / market", "min, mid, max in market", ""]]
    for r in rows:
        b, m = r.band, r.market
        out.append([b.role, b.level, b.region or "any", b.guide_level or "-",
                    f"{money(b.low)}-{money(b.mid)}-{money(b.high)}",
                    f"{money(m.low)}-{money(m.mid)}-{money(m.high, m.unit, m.open_top)}",
                    f"{r.mid_ratio:.4f}", f"{r.low_at:.2f}, {r.mid_at:.2f}, {r.high_at:.2f}",
                    r.sentence])
    print(table(out))
    print("In market: 0 is the market band's low (25th percentile), 1 its high (75th); a "
          "band for any region is set against the guide's UK National.")


def add_commands(command) -> None:
    """Add the `bands` command to the parser's subcommands."""
    c = command("bands", cmd_bands, "our pay bands against the market's",
                "ukaipay bands --bands our_bands.csv")
    add_bands_option(c, required=True)

