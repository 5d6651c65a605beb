"""Excel layer: the worksheet functions for classic xlwings, xlwings Lite and xlwings Server.

Put ``addin.udfs`` in xlwings' "UDF Modules". This module gathers the functions from the
modules that hold them (guide, cost, plan and market-position functions); arguments.py
reads Excel's arguments, spreads whole columns over the engine and maps the engine's
errors to what each runtime can show. The Excel layer imports neither pandas nor openpyxl.
"""

from .cost_functions import (
    CONTRACTOR_COST,
    DAYRATE_EQUIVALENT,
    EMPLOYER_COST,
    EMPLOYMENT_ALLOWANCE,
    PERM_EQUIVALENT,
)
from .guide_functions import (
    DAYRATE,
    GUIDE_LEVELS,
    GUIDE_REGIONS,
    GUIDE_ROLES,
    GUIDE_SKILLS,
    GUIDE_SOURCE,
    GUIDE_TABLE,
    LEADERSHIP_BAND,
    SALARY_BAND,
    SALARY_ESTIMATE,
    SKILL_PREMIUM,
)
from .plan_functions import PLAN_CHECK, PLAN_ROW
from .position_functions import (
    BAND_POSITION,
    COMPA_RATIO,
    MARKET_PERCENTILE,
    OUR_BANDS,
    SALARY_PERCENTILE,
)
from .scenario_functions import PLAN_SCENARIO

__all__ = [  # what `from addin.udfs import *` gives an xlwings Lite main.py: the functions
    "SALARY_BAND", "DAYRATE", "LEADERSHIP_BAND", "SKILL_PREMIUM", "SALARY_ESTIMATE",
    "GUIDE_ROLES", "GUIDE_LEVELS", "GUIDE_REGIONS", "GUIDE_SKILLS", "GUIDE_SOURCE",
    "EMPLOYER_COST", "CONTRACTOR_COST", "PERM_EQUIVALENT", "DAYRATE_EQUIVALENT", "PLAN_CHECK",
    "PLAN_ROW", "EMPLOYMENT_ALLOWANCE", "COMPA_RATIO", "BAND_POSITION", "MARKET_PERCENTILE",
    "SALARY_PERCENTILE", "GUIDE_TABLE", "OUR_BANDS", "PLAN_SCENARIO",
]
