"""Command-line layer: `ukaipay lite`, the functions carried into a workbook for xlwings Lite."""

from __future__ import annotations

import sys

from .display import json_text


def cmd_lite(args):
    from ..packaging import lite, lite_parts

    if args.print:
        sys.stdout.write(lite.main_py())
        return
    if args.workbook is None:
        from ..base.errors import InvalidValueError

        raise InvalidValueError("Give a workbook (.xlsx), or --print for the main.py text.")
    changed = lite_parts.install(args.workbook, force=args.force)
    if args.json:
        print(json_text({"workbook": args.workbook, "changed": changed}))
    elif changed:
        print(f"{args.workbook}: the ukaipay functions are in it for xlwings Lite.")
    else:
        print(f"{args.workbook}: already holds this ukaipay code; nothing changed.")


def add_commands(command) -> None:
    """Add the lite command to the parser's subcommands."""
    c = command("lite", cmd_lite, "put the Excel functions into a workbook for xlwings Lite",
                "ukaipay lite my_budget.xlsx")
    c.add_argument("workbook", nargs="?", help="an .xlsx, changed in place (other parts kept)")
    c.add_argument("--force", action="store_true",
                   help="replace xlwings Lite code that ukaipay did not write")
    c.add_argument("--print", action="store_true",
                   help="print the main.py text, for pasting into Lite's editor")
