"""Command-line layer: the commands' arguments read as people type them.

Levels as names or years, IR35 as in or out in any case; the cost commands' money as
"£85,000" or "85k", rates as 0.15 or "15%", switches as ``--levy`` alone or
``--levy yes``/``no``. The readers are the domain's (employment.money and
fraction over the one input module, addin/inputs.py, and its yes_no), as every other front
end's.
"""

from __future__ import annotations

import argparse

from ..base import inputs
from ..base.errors import GuideError, InvalidValueError
from ..base.inputs import yes_no
from ..costs import employment

#: How the cost commands read what was typed, by option: money as people type it
#: (£85,000, 85k), rates as 0.15 or 15%, yes/no switches (the budget command's settings
#: are read by Assumptions.checked, as the sheet's cells are).
_TYPED = {"salary": (employment.money, "salary"),
          "day_rate": (employment.money, "day rate"),
          "pay": (lambda v, what: _or_raw(employment.money, v, what), "pay"),
          "fee_rate": (employment.fraction, "agency fee rate"),
          "pension_rate": (employment.fraction, "pension rate"),
          "benefits_rate": (employment.fraction, "benefits rate"),
          "bonus_rate": (employment.fraction, "bonus rate"),
          "bik_rate": (employment.fraction, "benefits-in-kind rate"),
          "allowance_rate": (employment.fraction, "allowance rate"),
          "sacrifice_rate": (employment.fraction, "sacrifice rate"),
          "levy": (yes_no, "Apprenticeship Levy")}
_TYPED_COMMANDS = ("cost", "contract", "compare", "position")
#: Options that are switches (--levy) and also take yes or no (--levy no).
SWITCHES = ("--levy", "--claim-ea")


def read_typed(args) -> None:
    """Read the cost commands' money, rates and switches as typed; raise InvalidValueError."""
    if args.command not in _TYPED_COMMANDS:
        return
    for dest, (read, what) in _TYPED.items():
        value = getattr(args, dest, None)
        if isinstance(value, str):
            setattr(args, dest, read(value, what))


def _or_raw(read, value, what):
    # position's pay may be a salary or a day rate: what is not money as typed goes to
    # market_position as it is, whose messages say what a pay must be
    try:
        return read(value, what)
    except GuideError:
        return value


def bare_switches(argv: list[str]) -> list[str]:
    """Return ``argv`` with a bare switch as ``--levy=yes``: a switch takes the next
    argument only when it is yes or no or a word like one (``--levy perhaps`` is then
    refused in words), never a salary or a file (``cost --levy 85000``)."""
    out = list(argv)
    for i, token in enumerate(argv):
        if token == "--":
            break
        if token in SWITCHES and (i + 1 == len(argv) or not _switch_value(argv[i + 1])):
            out[i] = f"{token}=yes"
    return out


def _switch_value(text: str) -> bool:
    if text.strip().isalpha():
        return True
    try:
        yes_no(text, "")
    except GuideError:
        return False
    return True


def typed_level(text: str):
    """Level as typed: a number on the command line means years of experience."""
    return float(text) if is_number(text) else text


def ir35_option(text: str) -> str:
    """An --ir35 value as every front end reads it (inputs.ir35: in, out, any case)."""
    try:
        return inputs.ir35(text, "--ir35").lower()
    except InvalidValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
