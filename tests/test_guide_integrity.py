"""Every row of every bundled table against the guide's own text (parsed here, not by the
package), plus the figures that cannot be parsed, typed in by hand."""

import re

import pytest
from conftest import guide_text

from addin.guide.edition import bundled_edition

TEXT = guide_text()
MONEY = r"£([\d,]+)(k?)(\+?)"
RANGE = re.compile(MONEY + r"\s*–\s*" + MONEY)


def pounds(num, k):
    return float(num.replace(",", "")) * (1000 if k else 1)


def ranges(cell_text):
    return [(pounds(a, ak), pounds(b, bk), bool(bp)) for a, ak, _, b, bk, bp in RANGE.findall(cell_text)]


def section(title, until):
    start = TEXT.index(title)
    return TEXT[start:TEXT.index(until, start + len(title))]


SALARY_SECTIONS = {
    "MLOps Engineer": section("2. MLOps Engineer Salaries\n\nMLOps", "Skills Commanding Premium"),
    "AI Engineer": section("3. AI Engineer Salaries\n\nAI", "Most In-Demand Skills"),
    "LLM Engineer": section("4. LLM Engineer Salaries\n\nLLM", "Premium Skills in LLM"),
    "Data Engineer": section("5. Data Engineer Salaries\n\nData", "AI-Focused Data"),
}


def salary_rows():
    for role, text in SALARY_SECTIONS.items():
        for line in text.splitlines():
            cells = line.split("\t")
            if len(cells) == 4 and "£" in line:
                level = re.sub(r"\s*\(.*\)$", "", cells[0])
                years = re.search(r"\((\d+)(?:–(\d+)|\+) years\)", cells[0])
                for region, cell in zip(("UK National", "London", "Remote UK"), cells[1:]):
                    yield role, level, region, ranges(cell)[0], years


SALARY = list(salary_rows())


def test_the_guide_text_is_the_one_the_data_was_transcribed_from():
    # guide_text() already refused a text whose SHA-256 differs from provenance.toml's
    assert re.fullmatch(r"[0-9a-f]{64}", bundled_edition().provenance.sha256)
    assert "UK AI & ML Engineering Salary Guide 2026" in TEXT


def test_guide_parsed_every_salary_row():
    assert len(SALARY) == 4 * 4 * 3 == len(bundled_edition().tables.salary)


@pytest.mark.parametrize("role,level,region,printed,years", SALARY,
                         ids=[f"{r}|{lv}|{rg}" for r, lv, rg, *_ in SALARY])
def test_salary_row(role, level, region, printed, years):
    r = bundled_edition().tables.salary[(role, level, region)]
    assert (r.low, r.high, r.open_top) == printed
    lv = {x.name: x for x in bundled_edition().tables.levels[role]}[level]
    if years is None:
        assert lv.years_min is None and lv.years_max is None
    else:
        assert lv.years_min == float(years.group(1))
        # "(4–7 years)" ends where the next level starts; "(7+ years)" is open-ended.
        assert lv.years_max == (float(years.group(2)) if years.group(2) else None)


LEADERSHIP = [line.split("\t") for line in section("Leadership Salary Ranges", "Note:").splitlines()
              if line.count("\t") == 3 and "£" in line]


@pytest.mark.parametrize("cells", LEADERSHIP, ids=[c[0] for c in LEADERSHIP])
def test_leadership_row(cells):
    role, uk, london, equity = cells
    g = bundled_edition().tables
    assert tuple(g.leadership[(role, "UK")]) == ranges(uk)[0]
    assert tuple(g.leadership[(role, "London")]) == ranges(london)[0]
    lo, hi, plus = re.match(r"(\d+)–(\d+)%(\+?)", equity).groups()
    assert tuple(g.equity[role]) == (float(lo), float(hi), bool(plus))


def test_leadership_has_five_roles():
    assert len(LEADERSHIP) == 5 == len(bundled_edition().tables.equity)


DAY = [line.split("\t") for line in section("Day Rates by Role", "IR35 Considerations").splitlines()
       if line.count("\t") == 3 and "£" in line]


@pytest.mark.parametrize("cells", DAY, ids=[c[0] for c in DAY])
def test_day_rate_row(cells):
    role = cells[0]
    for level, cell in zip(("Mid-Level", "Senior", "Lead/Principal"), cells[1:]):
        r = bundled_edition().tables.day_rates[(role, level)]
        assert (r.low, r.high, r.open_top) == ranges(cell)[0]


def test_day_rates_have_six_roles_and_inside_reduction():
    assert len(DAY) == 6 and len(bundled_edition().tables.day_rates) == 18
    assert "15–20% reduction" in TEXT
    assert tuple(bundled_edition().tables.ir35["inside"])[:2] == (15, 20)


SKILL_LISTS = {
    "MLOps Engineer": section("Skills Commanding Premium", "3. AI Engineer Salaries\n\nAI"),
    "AI Engineer": section("Most In-Demand Skills", "4. LLM Engineer Salaries\n\nLLM"),
    "LLM Engineer": section("Premium Skills in LLM", "5. Data Engineer Salaries\n\nData"),
    "Data Engineer": section("AI-Focused Data", "6. Leadership & Principal Roles\n\nSenior"),
}
SKILLS = [(role, m.group(1), m.group(2), m.group(3))
          for role, text in SKILL_LISTS.items()
          for m in re.finditer(r"^- (.+) \(\+(\d+)(?:–(\d+))?%\)$", text, re.M)]


@pytest.mark.parametrize("role,skill,lo,hi", SKILLS, ids=[s for _, s, _, _ in SKILLS])
def test_skill_row(role, skill, lo, hi):
    r = bundled_edition().tables.skills[role][skill]
    assert (r.low, r.high) == (float(lo), float(hi or lo))


def test_every_skill_transcribed():
    assert len(SKILLS) == sum(len(s) for s in bundled_edition().tables.skills.values()) == 21


REGIONAL = [line.split("\t") for line in section("London Premium Analysis", "9. Startup vs Enterprise\n\nComp").splitlines()
            if line.count("\t") == 3 and "£" in line]


@pytest.mark.parametrize("cells", REGIONAL, ids=[c[0] for c in REGIONAL])
def test_regional_row(cells):
    name, vs, typical, notes = cells
    loc = bundled_edition().tables.locations[name]
    if vs == "Baseline":
        assert (loc.discount_min, loc.discount_max) == (0, 0)
    else:
        lo, hi = re.match(r"–(\d+)% to –(\d+)%", vs).groups()
        assert (loc.discount_min, loc.discount_max) == (float(lo), float(hi))
    assert tuple(loc.typical) == ranges(typical)[0]
    assert loc.notes == notes


def test_stage_rows_by_hand():
    s = bundled_edition().tables.stages
    assert tuple(s["Early Startup"].base)[:2] == (70, 85)
    assert tuple(s["Scale-up (A–C)"].base)[:2] == (90, 100)
    assert tuple(s["Enterprise"].base)[:2] == (100, 110)
    assert s["Enterprise"].equity == "RSUs: £10–50k/yr" and s["Scale-up (A–C)"].bonus == "10–20% target"
    assert s["Early Startup"].risk_profile == "High" and s["Enterprise"].benefits == "Comprehensive"
    for stage in s.values():
        assert f"{stage.base.low:g}–{stage.base.high:g}% market" in TEXT


def test_headline_insights_by_hand():
    figures = {i.insight: tuple(i.figure) for i in bundled_edition().tables.insights}
    assert figures["Median MLOps Engineer salary"] == (70000, 85000, False)
    assert figures["Median AI Engineer salary"] == (75000, 95000, False)
    assert figures["ML Engineer contractor day rate"] == (600, 800, False)
    assert figures["Senior/Lead roles commanding"] == (100000, 150000, True)
    assert figures["Specialist contractor day rate"] == (900, 1100, False)
