"""The module named in classic xlwings' "UDF Modules" setting: the Excel layer's functions
(addin/excel/udfs.py), kept at this name so that a setting made for an earlier release
still finds them."""

from .excel.udfs import *  # noqa: F401,F403
from .excel.udfs import __all__  # noqa: F401
