"""The guide's lists as dropdowns (typing.Literal) in Excel's formula bar, on xlwings' own runtime.

xlwings (0.35.3+) turns a Literal argument into a custom enum of the functions' metadata and
declares that argument one text value ("dimensionality": "scalar", "type": "string"). Excel
passes a range only to a "matrix" argument (Microsoft, "Custom functions parameter options",
Range parameters), so a column-capable argument (role, level, region, ir35, stage, point of
the band and cost functions, PLAN_ROW's Assumptions) keeps no list: only the lookups that
take one cell get one. Lists written here from the guide, by hand.
"""

import asyncio

import xlwings as xw
import xlwings.server as server

import addin.excel.udfs as udfs

ROLES = ["MLOps Engineer", "AI Engineer", "LLM Engineer", "Data Engineer", "ML Engineer",
         "ML Platform Engineer", "Head of MLOps", "Head of ML Engineering", "Director of AI",
         "VP of Engineering (AI)", "Chief AI Officer"]
# The salary tables' levels, then the day-rate table's own top level.
LEVELS = ["Junior", "Mid-Level", "Senior", "Staff/Principal", "Lead/Principal"]
REGIONS = ["UK National", "London", "Remote UK", "Cambridge", "Manchester", "Edinburgh",
           "Bristol"]
DROPDOWNS = {
    "GUIDE_LEVELS.ROLE": ROLES[:6],  # the roles with levels (leadership roles have none)
    "GUIDE_SKILLS.ROLE": ROLES[:4],  # the roles with a premium-skills list
    "GUIDE_SOURCE.ROLE": ROLES,
    "GUIDE_SOURCE.LEVEL": LEVELS,
    "GUIDE_SOURCE.REGION": REGIONS,
}


def _meta():
    return server.custom_functions_meta(udfs)


def _call(name, *args):
    """What custom_functions_call returns for arguments as Excel sends them to a scalar
    (dropdown) argument: the bare value, not a 2-D list."""
    data = {"func_name": name, "args": list(args), "version": xw.__version__,
            "client": "Office.js", "runtime": "1.4", "caller_address": "Plan!A2"}
    return asyncio.run(server.custom_functions_call(data, udfs))


def test_the_metadata_carries_the_guide_s_lists():
    meta = _meta()
    assert {e["id"]: [v["stringValue"] for v in e["values"]] for e in meta["enums"]} == DROPDOWNS
    listed = {(f["name"], p["name"]): p for f in meta["functions"] for p in f["parameters"]
              if "customEnumId" in p}
    assert {f"{f}.{p}".upper() for f, p in listed} == set(DROPDOWNS)
    for p in listed.values():
        assert (p["dimensionality"], p["type"]) == ("scalar", "string")


def test_column_arguments_stay_ranges_without_a_list():
    by_name = {f["name"]: f for f in _meta()["functions"]}
    for name in ("SALARY_BAND", "DAYRATE", "SALARY_ESTIMATE", "CONTRACTOR_COST", "PLAN_ROW"):
        for p in by_name[name]["parameters"]:
            assert "customEnumId" not in p, (name, p["name"])
            assert p["dimensionality"] == "matrix", (name, p["name"])


def test_aliases_and_years_outside_the_list_still_work_through_xlwings():
    # AI Engineer, Senior, London: section 3 of the guide, quoted. "AI Eng", "Sr" and
    # "london" are aliases or spellings; 6 years is Senior (4 to 7 years), as a number or as
    # the text Excel gives a "string" argument.
    want = _call("GUIDE_SOURCE", "AI Engineer", "Senior", "London")
    assert want[0][0].endswith("3. AI Engineer Salaries, Senior, London: quoted")
    assert _call("GUIDE_SOURCE", "AI Eng", "Sr", "london") == want
    assert _call("GUIDE_SOURCE", "AI Eng", 6, "London") == want
    assert _call("GUIDE_SOURCE", "AI Eng", "6", "London") == want
    # "llm" is the LLM Engineer alias; its levels as the guide names them.
    assert _call("GUIDE_LEVELS", "llm") == [["Junior"], ["Mid-Level"], ["Senior"],
                                            ["Lead/Principal"]]


def test_a_name_outside_the_guide_is_still_na():
    assert _call("GUIDE_SOURCE", "Prompt Wizard", None, None) == [[{"type": "Error",
                                                                    "errorType": "NotAvailable"}]]
