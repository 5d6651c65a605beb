"""Base layer: every exception the package raises, each a one-line message."""

import re

#: The longest quoted value a message repeats; a longer one is cut with an ellipsis, so
#: that a 1 MB cell gives a message a cell can hold (Excel's limit is 32,767 characters).
QUOTE_LIMIT = 60
# Every quoted value, paired from the left (a short one too: skipping it would pair its
# closing quote with the next value's opening one and cut the words between). A single
# quote opens or closes a value only away from letters, so "the guide's" is no quote.
_QUOTED = re.compile(r'"([^"]*)"|(?<!\w)\'([^\']*)\'(?!\w)')


def _short(match: "re.Match") -> str:
    text = match[1] if match[1] is not None else match[2]
    if len(text) <= QUOTE_LIMIT:
        return match[0]
    return f'"{text[:QUOTE_LIMIT - 1]}…"'


def one_line(message: str) -> str:
    """Return ``message`` on one line, every long quoted value cut to QUOTE_LIMIT characters.

    >>> one_line('Unknown role "a\\nb".')
    'Unknown role "a b".'
    """
    return _QUOTED.sub(_short, " ".join(message.split()))


# What a message names when it points to another function, as each front end says it:
# the Excel function, the `ukaipay` command and the Python function. A message is written
# once with {NAME} slots ("use {DAYRATE}"); str() gives the Excel wording, render("cli")
# the terminal's, render("python") the notebook's.
# A plan's Check ("plan") names what to type in the plan or where the template lists it.
_FRONT_ENDS = ("excel", "cli", "python", "plan")
_POINTERS = {
    "SALARY_BAND": ("SALARY_BAND", '`ukaipay band "{role}" LEVEL [REGION]`', "salary_band()",
                    "Type Permanent"),
    "DAYRATE": ("DAYRATE", '`ukaipay dayrate "{role}" LEVEL`', "day_rate()", "Type Contractor"),
    "LEADERSHIP_BAND": ("LEADERSHIP_BAND", '`ukaipay leadership "{role}" [REGION]`',
                        "leadership_band()", "Type Permanent"),
    "GUIDE_ROLES": ("GUIDE_ROLES()", "`ukaipay list roles`", "roles()",
                    "the Guide sheet's Roles list"),
    "GUIDE_REGIONS": ("GUIDE_REGIONS()", "`ukaipay list regions`", "regions()",
                      "the Guide sheet's Regions list"),
    "GUIDE_LEVELS": ('GUIDE_LEVELS("{role}")', '`ukaipay list levels "{role}"`', 'levels("{role}")',
                     "the Guide sheet's tables for {role}"),
    "GUIDE_SKILLS": ('GUIDE_SKILLS("{role}")', '`ukaipay list skills "{role}"`', 'skills("{role}")',
                     "the Guide sheet's skill premiums for {role}"),
}


class GuideError(Exception):
    """Base class of every error the package raises on purpose; its message is one short line.

    ``message`` may name other functions as {SALARY_BAND}, {DAYRATE}, {GUIDE_LEVELS}...
    (with ``role`` for those that take one): str(error) names the Excel function,
    ``render("cli")`` the command and ``render("python")`` the Python function.
    """

    def __init__(self, message: object = "", role: str | None = None):
        self.template, self.role = one_line(str(message)), role
        super().__init__(self.render("excel"))

    def render(self, front_end: str = "excel") -> str:
        """Return the one-line message as the front end ("excel", "cli", "python" or "plan",
        a plan row's Check) says it."""
        column = _FRONT_ENDS.index(front_end)
        text = self.template
        for name, said in _POINTERS.items():
            slot = "{" + name + "}"
            if slot in text:
                text = text.replace(slot, said[column].replace("{role}", self.role or "ROLE"))
        return text


class UnknownNameError(GuideError, LookupError):
    """A name (role, level, region, skill, stage...) that the guide does not know."""

    def __init__(self, kind: str, value: object, suggestions=(), choices=(), hint: str = "",
                 role: str | None = None):
        self.kind, self.value = kind, value
        self.suggestions, self.choices = tuple(suggestions), tuple(choices)
        if self.suggestions:
            tail = "Did you mean " + " or ".join(f'"{s}"' for s in self.suggestions) + "?"
        elif self.choices and len(self.choices) <= 8:
            tail = "Choose one of: " + ", ".join(f'"{c}"' for c in self.choices) + "."
        else:
            tail = ""
        parts = [f'Unknown {kind} "{value}".', tail, hint]
        super().__init__(" ".join(p for p in parts if p), role)


class NotInGuideError(GuideError, LookupError):
    """A valid request for which the guide prints no figure (e.g. a junior day rate)."""


class AmbiguousNameError(GuideError, LookupError):
    """A keyword that matches more than one name."""

    def __init__(self, kind: str, value: object, matches, hint: str = "use a longer name."):
        self.kind, self.value, self.matches = kind, value, tuple(matches)
        listed = " and ".join(f'"{m}"' for m in self.matches)
        super().__init__(f'The {kind} "{value}" matches {listed}; {hint}')


class InvalidValueError(GuideError, ValueError):
    """A malformed value: a bad point, negative years, a rate outside 0 to 1."""


class DataError(GuideError):
    """A bundled data file that breaks a rule; names the file and line."""

    def __init__(self, file: str, line: int, problem: str):
        self.file, self.line, self.problem = file, line, problem
        super().__init__(f"{file}, line {line}: {problem}")
