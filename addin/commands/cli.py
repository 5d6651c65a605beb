"""Command-line layer: `ukaipay` / `python -m addin`, over the same engine as Excel."""

from __future__ import annotations

import argparse
import os
import sys

from ..base.errors import GuideError
from .cli_bands import add_commands as add_bands_commands
from .cli_budget import add_commands as add_budget_commands
from .cli_costs import add_commands as add_cost_commands
from .cli_data import DATA_HELP, edition_option, with_edition
from .cli_data import add_commands as add_data_commands
from .cli_guide import add_commands as add_guide_commands
from .cli_input import bare_switches, read_typed
from .cli_lite import add_commands as add_lite_commands


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

class _Version(argparse.Action):
    """--version: the package's version and the data edition in use (named by --data if
    given before it), read when asked, so that a broken edition is a usage error."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, help="show the version and the edition in use")

    def __call__(self, parser, namespace, values, option_string=None):
        from .. import __version__
        from ..base.errors import GuideError

        try:
            name = edition_option(getattr(namespace, "data", None)).name
        except GuideError as e:
            parser.error(e.render("cli"))
        sys.stdout.write(f"ukaipay {__version__}, data: {name}\n")  # as argparse's version does
        parser.exit()


def parser() -> argparse.ArgumentParser:
    """Return the command-line parser."""
    p = _Parser(prog="ukaipay", description="UK AI/ML pay from a salary guide (`ukaipay source` "
                "names its edition).", epilog=EXAMPLES,
                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action=_Version)
    p.add_argument("--json", action="store_true", help="print JSON (before or after the command)")
    p.add_argument("--data", metavar="DIR", help=DATA_HELP + " (before or after the command)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name, func, help_text, example=None):
        c = sub.add_parser(name, help=help_text, description=help_text[:1].upper() + help_text[1:] + ".",
                           epilog=f"example:\n  {example}" if example else None,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        # SUPPRESS: left out here, the namespace keeps the `ukaipay --json COMMAND` setting.
        c.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")
        c.add_argument("--data", metavar="DIR", default=argparse.SUPPRESS, help=DATA_HELP)
        c.set_defaults(func=func)
        return c

    add_guide_commands(command)
    add_cost_commands(command)
    add_budget_commands(sub, command)
    add_lite_commands(command)
    add_bands_commands(command)
    add_data_commands(command)
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

    0 done; 1 a name or figure the guide does not have, (`budget --strict`) a plan row
    with a problem, or (`data check`) an edition folder with a fault; 2 malformed input or
    usage, a file that cannot be read or written, an edition that cannot be used (one line
    on stderr, never a traceback).
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
        with with_edition(args.data):
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
