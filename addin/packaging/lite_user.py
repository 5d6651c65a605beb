"""Packaging layer: what a user wrote in a workbook's xlwings Lite code, kept by `ukaipay lite`.

main.py ends with a section that is the user's: `ukaipay lite` replaces the code above it
and carries the section over unchanged. Our code is sealed with a digest on the line that
ends it, so an edit to it is seen and refused (it would be lost) unless ``--force``. In
requirements.txt, Lite's own required lines are ours to set; every other line is the
user's and is kept.
"""

from __future__ import annotations

import hashlib
import re

USER_HEAD = "# ---- your own code below: `ukaipay lite` keeps this section when it updates ----"
_SEAL = "# ---- end of ukaipay's code (sha256 {digest}); `ukaipay lite` replaces all above ----"
_SEAL_LINE = re.compile(r"^# ---- end of ukaipay's code \(sha256 ([0-9a-f]{16})\).*$", re.M)
# The last line of main.py before the seal existed: code after it was the user's.
_OLD_LAST = re.compile(r"^from addin\.udfs import \*.*$", re.M)
_PAYLOAD_LINE = re.compile(r"[A-Za-z0-9+/=]{40,}")  # the carried package's base64


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()[:16]


def sealed(ours: str, user: str = "") -> str:
    """Return main.py: our code ``ours`` (ending in a newline), its seal, the user section's
    head line, then ``user`` unchanged.

    >>> split(sealed("x = 1\\n", "y = 2\\n"))
    ('y = 2\\n', [])
    """
    return f"{ours}\n{_SEAL.format(digest=_digest(ours + chr(10)))}\n{USER_HEAD}\n{user}"


def split(code: str, new_ours: str = "") -> tuple[str, list[tuple[int, str]]]:
    """Return (the user's section, our lines the user changed) of a main.py that ukaipay
    wrote: the section is carried into the refreshed main.py; the changed lines (line
    number, text; lines not in ``new_ours``) would be lost by a refresh, [] when our code
    is as written.

    A main.py from before the seal has no digest: what follows its last line of our code
    (``from addin.udfs import *``) is the user's, and its other lines are taken as ours.
    """
    # The first seal and import line are ours: a copy in the user's section is theirs.
    seal = _SEAL_LINE.search(code)
    if seal is None:
        last = _OLD_LAST.search(code)
        return (code[last.end() + 1:] if last else ""), []
    above, below = code[:seal.start()], code[seal.end() + 1:]
    user = below[len(USER_HEAD) + 1:] if below.startswith(USER_HEAD + "\n") else below
    if _digest(above) == seal[1]:
        return user, []
    keep = set(new_ours.splitlines())
    changed = [(i, line) for i, line in enumerate(above.splitlines(), 1)
               if line not in keep and not _PAYLOAD_LINE.fullmatch(line)]
    return user, changed or [(0, "")]


def _name(line: str) -> str:
    """Return the package a requirements line names, normalised as pip compares them."""
    m = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", line.split("#", 1)[0])
    return re.sub(r"[-_.]+", "-", m[1]).lower() if m else ""


def requirements(old: str, ours: str) -> tuple[str, list[str]]:
    """Return (requirements.txt with ``ours`` first, then every line of ``old`` that names
    another package or none, in order; the lines of ``old`` pinning one of our packages in
    another way, which the refresh replaces).

    A line marked "# required" is Lite's own (any version): ours replaces it.

    >>> requirements("xlwings==0.33.0  # required\\npandas==2.2\\n", "xlwings==0.37.8  # required\\n")
    ('xlwings==0.37.8  # required\\npandas==2.2\\n', [])
    """
    names = {_name(line) for line in ours.splitlines()} - {""}
    kept, replaced = [], []
    for line in old.splitlines():
        if not line.strip() or line in kept:
            continue
        if _name(line) not in names:
            kept.append(line)
        elif line not in ours.splitlines() and not line.rstrip().endswith("# required"):
            replaced.append(line)
    return ours + "".join(f"{line}\n" for line in kept), replaced
