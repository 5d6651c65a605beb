"""Command-line layer: the data edition in use (--data DIR, UKAIPAY_DATA), `ukaipay data
check DIR` and `ukaipay compare-editions OLD NEW`."""

from __future__ import annotations

import sys
from pathlib import Path

from .display import json_text, table

DATA_HELP = ("an edition folder (the shape of the package's data/) to use instead of the "
             "bundled edition; UKAIPAY_DATA names one too, and this option wins")
#: The name compare-editions takes for the package's own edition.
BUNDLED = "bundled"


def edition_option(folder: str | None):
    """Return the Edition that ``--data`` names (None: the one in use, UKAIPAY_DATA's or
    the bundled one); raises InvalidValueError naming the folder."""
    from ..guide.edition import current_edition, open_edition

    return current_edition() if folder is None else open_edition(folder)


class _Unchanged:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return None


def with_edition(folder: str | None):
    """Return a context in which the engine uses the edition ``--data`` names (None: the
    one in use, unchanged). Raises InvalidValueError for a folder that is no sound edition."""
    from ..guide.edition import use_edition

    return _Unchanged() if folder is None else use_edition(edition_option(folder))


def _named(folder: str):
    from ..guide.edition import bundled_edition, open_edition

    return bundled_edition() if folder == BUNDLED else open_edition(folder, "edition")


def cmd_data(args):
    if args.action == "copy":
        return _copy(args)
    from ..base.errors import InvalidValueError
    from ..guide.edition_check import check_folder, unread_files

    folder = Path(args.folder)
    if not folder.is_dir():
        raise InvalidValueError(f"{args.folder}: no such folder.")
    text = Path(args.text) if args.text else None
    if text is not None and not text.is_file():
        raise InvalidValueError(f"--text {args.text}: no such file.")
    faults = check_folder(folder, text)
    if args.json:
        print(json_text({"folder": args.folder, "sound": not faults,
                         "faults": [{"file": str(folder / f.file), "line": f.line,
                                     "problem": f.problem} for f in faults],
                         "not_read": unread_files(folder)}))
    else:
        for f in faults:
            print(f"{folder / f.file}{f', line {f.line}' if f.line else ''}: {f.problem}")
    if faults:
        print(f"ukaipay: {args.folder}: {len(faults)} fault{'s' * (len(faults) != 1)}; not an "
              f"edition the engine will load.", file=sys.stderr)
        return 1
    if args.json:
        return 0
    from ..guide.edition import Edition

    edition = Edition.load(folder)
    p, g = edition.provenance, edition.tables
    print(f"{args.folder}: a sound edition: {edition.name}, as of {p.as_of} "
          f"({p.age_months()} months old); {len(g.salary)} salary bands, {len(g.day_rates)} "
          f"day rates, {len(g.leadership)} leadership bands.")
    unread = unread_files(folder)
    if unread:
        print(f"Not read from it (the package's own: statutory figures, plan checks, the demo): "
              f"{', '.join(unread)}.")
    return 0


def _copy(args):
    """`data copy DIR`: the edition in use's files into a new folder, to transcribe a new one."""
    from ..base.errors import InvalidValueError
    from ..guide.edition import current_edition
    from ..guide.edition_check import edition_files

    folder = Path(args.folder)
    if folder.exists():
        raise InvalidValueError(f"{args.folder} already exists: give a new folder to copy the "
                                f"edition into.")
    edition = current_edition()
    folder.mkdir(parents=True)
    for name in edition_files():
        # newline="": the files keep their own line endings, byte for byte.
        with open(folder / name, "w", encoding="utf-8", newline="") as f:
            f.write((edition.folder / name).read_text(encoding="utf-8"))
    if args.json:
        print(json_text({"folder": args.folder, "edition": edition.name,
                         "files": list(edition_files())}))
    else:
        print(f"{args.folder}: a copy of {edition.name} ({len(edition_files())} files); edit its "
              f"tables and provenance.toml, then `ukaipay data check {args.folder}`.")
    return 0


def _percent(change: float | None) -> str:
    return "" if change is None else f"{change * 100:+.2f}%"


def cmd_compare_editions(args):
    from ..guide.edition_compare import compare_editions
    from .display import money

    old, new = _named(args.old), _named(args.new)
    changes = compare_editions(old, new, args.role)
    if args.json:
        print(json_text({"old": old.name, "new": new.name,
                         "bands": [c._asdict() for c in changes]}))
        return
    rows = [["band", "old low-high", "new low-high", "mid", "change"]]
    for c in changes:
        label = " / ".join(x for x in (c.role, c.level, c.region) if x)
        old_band = "" if c.old_mid is None else f"{money(c.old_low, c.unit)}-{money(c.old_high, c.unit)}"
        new_band = "" if c.new_mid is None else f"{money(c.new_low, c.unit)}-{money(c.new_high, c.unit)}"
        mid = " -> ".join(money(m, c.unit) for m in (c.old_mid, c.new_mid) if m is not None)
        state = "added" if c.old_mid is None else "removed" if c.new_mid is None else _percent(c.mid_change)
        rows.append([f"{c.table}: {label}", old_band, new_band, mid, state])
    print(f"old: {old.name}\nnew: {new.name}")
    print(table(rows))


def add_commands(command) -> None:
    """Add the data and compare-editions commands to the parser's subcommands."""
    c = command("data", cmd_data, "check an edition folder (every fault with its file and line), "
                "or copy the edition in use into a new one", "ukaipay data check my-edition")
    c.add_argument("action", choices=["check", "copy"],
                   help="check: every check the loader makes; copy: the edition in use into FOLDER")
    c.add_argument("folder", help="the edition folder (the shape of the package's data/)")
    c.add_argument("--text", metavar="FILE",
                   help="the guide's text: its SHA-256 must be provenance.toml's sha256")
    c = command("compare-editions", cmd_compare_editions,
                "two editions' bands side by side, with the change in percent",
                "ukaipay compare-editions bundled my-edition \"AI Engineer\"")
    c.add_argument("old", help=f'the old edition\'s folder, or "{BUNDLED}" for the package\'s')
    c.add_argument("new", help=f'the new edition\'s folder, or "{BUNDLED}"')
    c.add_argument("role", nargs="?", help="only this role's bands (default: every band)")
