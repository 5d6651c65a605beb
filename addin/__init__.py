"""UK AI/ML pay and headcount budgeting: the public Python API (pure Python, no Excel).

Every figure comes from the salary guide edition bundled in data/ (named in
data/provenance.toml; ``use_edition`` takes another), from a rule stated there, or from a
cited statutory figure. Importing this package
reads no file and imports neither xlwings, openpyxl nor pandas.

>>> from addin import salary_band
>>> salary_band("AI Engineer", "Senior", "London").high
125000.0
"""

from .base.errors import (
    AmbiguousNameError,
    DataError,
    GuideError,
    InvalidValueError,
    NotInGuideError,
    UnknownNameError,
)

# Where each public name lives. A name's module is imported on first use (PEP 562), so
# that `import addin.excel.udfs`, what xlwings Lite runs at start-up from source, compiles only
# the modules a function needs (compiling is most of Lite's start-up: no bytecode travels).
_HOMES = {
    "guide.band": ("Band", "parse_point"),
    "guide.edition": ("GUIDE_EDITION", "Edition", "current_edition", "use_edition"),
    "guide.edition_compare": ("compare_editions",),
    "costs.employment": ("contractor_cost", "dayrate_equivalent", "employer_cost",
                   "employer_cost_breakdown", "employment_allowance", "known_tax_years",
                   "on_cost_rate", "perm_equivalent", "tax_year_for"),
    "guide.pay": ("day_rate", "leadership_band", "leadership_equity", "levels", "regions", "roles",
            "salary_band", "salary_estimate", "skill_premium", "skills", "source",
            "stage_factor", "stages"),
    "guide.position": ("Position", "band_position", "compa_ratio", "market_band",
                 "market_percentile", "market_position", "salary_percentile"),
    "guide.our_bands": ("OurBands", "read_bands"),
    "guide.against_ours": ("against_market", "ours_and_market"),
}
_HOME = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str):
    """Return a public name of a submodule, importing that module on first use."""
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'addin' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME))


__version__ = "0.1.0"

__all__ = ["AmbiguousNameError", "DataError", "GuideError", "InvalidValueError",
           "NotInGuideError", "UnknownNameError", *_HOME]
