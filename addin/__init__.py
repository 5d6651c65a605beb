"""UK AI/ML pay and headcount budgeting: the public Python API (pure Python, no Excel).

Every figure comes from the UK AI & ML Engineering Salary Guide 2026 (data/), from a rule
stated in data/provenance.toml, or from a cited statutory figure. Importing this package
reads no file and imports neither xlwings, openpyxl nor pandas.

>>> from addin import salary_band
>>> salary_band("AI Engineer", "Senior", "London").high
125000.0
"""

from .band import Band, parse_point
from .data import GUIDE_EDITION
from .employment import (
    contractor_cost,
    dayrate_equivalent,
    employer_cost,
    employer_cost_breakdown,
    employment_allowance,
    known_tax_years,
    on_cost_rate,
    perm_equivalent,
    tax_year_for,
)
from .errors import (
    AmbiguousNameError,
    DataError,
    GuideError,
    InvalidValueError,
    NotInGuideError,
    UnknownNameError,
)
from .pay import (
    day_rate,
    leadership_band,
    leadership_equity,
    levels,
    regions,
    roles,
    salary_band,
    salary_estimate,
    skill_premium,
    skills,
    source,
    stage_factor,
    stages,
)
from .position import (
    Position,
    band_position,
    compa_ratio,
    market_band,
    market_percentile,
    market_position,
    salary_percentile,
)

__version__ = "0.1.0"

__all__ = [
    "AmbiguousNameError", "Band", "DataError", "GUIDE_EDITION", "GuideError",
    "InvalidValueError", "NotInGuideError", "UnknownNameError", "contractor_cost", "day_rate",
    "dayrate_equivalent", "employer_cost", "employer_cost_breakdown", "employment_allowance",
    "known_tax_years", "on_cost_rate", "perm_equivalent", "tax_year_for",
    "leadership_band", "leadership_equity", "levels", "parse_point", "regions", "roles",
    "salary_band", "salary_estimate", "skill_premium", "skills", "source", "stage_factor",
    "stages",
    "Position", "band_position", "compa_ratio", "market_band", "market_percentile",
    "market_position", "salary_percentile",
]
