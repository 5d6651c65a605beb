"""A plan priced on the tiny made-up edition (tests/fixtures/tiny): every band, name, source
line and plan check comes from the tiny tables, so pricing that kept the bundled guide's
index or figures fails here. Figures worked by hand from the tiny tables; the employer
costs from the 2026/27 statutory figures (NIC 15% above £5,000; pension 3% of qualifying
earnings £6,240 to £50,270), the template's default assumptions (fiscal year from 1 April
2026, Mid scenario, 220 contractor days, no fees)."""

from datetime import date

import pytest
from conftest import edition_title

import addin
from addin import Edition, current_edition, use_edition
from addin.base.errors import DataError
from addin.guide import pay
from addin.guide.checks import plan_checks
from addin.planning.budget import price_plan
from addin.planning.plan import PlanRow

APRIL = date(2026, 4, 1)  # every row runs the whole fiscal year: its FY cost is its annual cost


def row(id_, role, level, location, type_, ir35=None, skills=None, override=None):
    return PlanRow(id=id_, role=role, level=level, location=location, type=type_, ir35=ir35,
                   start=APRIL, skills=skills, override=override)


PLAN = [
    # "Tester" is the tiny edition's alias of Test Engineer. London Senior 100,000-200,000,
    # mid 150,000: + NIC 0.15 x (150,000 - 5,000) = 21,750 + pension 0.03 x (50,270 - 6,240)
    # = 1,320.90 -> 173,070.90.
    row("T-1", "Tester", "Senior", "London", "Permanent"),
    # Testcity by the city rule from London Junior 30,000-40,000 at -20% to -40%: 18,000 to
    # 32,000, mid 25,000: + NIC 0.15 x 20,000 = 3,000 + pension 0.03 x 18,760 = 562.80
    # -> 28,562.80.
    row("T-2", "Test Engineer", "Junior", "Testcity", "Permanent"),
    # UK National Senior 100,000-150,000 with Foo (+10% to +20%): 110,000 to 180,000, mid
    # 145,000: + NIC 0.15 x 140,000 = 21,000 + pension 1,320.90 -> 167,320.90.
    row("T-3", "Test Engineer", "Senior", "UK", "Permanent", skills="Foo"),
    # Day rates only, Mid-Level 150-250 outside IR35: mid 200 x 220 days -> 44,000.
    row("T-4", "Rate Only Engineer", "Mid-Level", None, "Contractor", "Outside"),
    # Lead/Principal 500-1,000, inside IR35 cut by 10% to 30%: 350 to 900, mid 625;
    # x 220 days x (1 + NIC 15%, the fee-payer's) -> 158,125.
    row("T-5", "Test Engineer", "Lead/Principal", None, "Contractor", "Inside"),
    # The bundled guide's role is not in the tiny edition.
    row("T-6", "AI Engineer", "Senior", "London", "Permanent"),
    # The tiny day-rate ceiling: 2.5 x its highest day rate, 1,000 = 2,500 a day.
    row("T-7", "Rate Only Engineer", "Mid-Level", None, "Contractor", "Outside", override=2600),
]


def test_a_plan_prices_on_the_tiny_edition(tiny_edition):
    b = price_plan(PLAN)
    rows = {r.row.id: r for r in b.rows}
    costs = {i: (r.rate, r.annual_cost, r.fy_cost) for i, r in rows.items() if r.priced}
    assert costs == {
        "T-1": (150000, 173070.90, 173070.90),
        "T-2": (25000, 28562.80, 28562.80),
        "T-3": (145000, 167320.90, 167320.90),
        "T-4": (200, 44000, 44000),
        "T-5": (625, 158125, 158125),
    }
    assert "AI Engineer" in rows["T-6"].check  # unknown here: priced nowhere
    assert "£2,500" in rows["T-7"].check  # the tiny ceiling, not the bundled £3,000
    # 173,070.90 + 28,562.80 + 167,320.90 + 44,000 + 158,125
    assert (b.summary["priced"], b.summary["problems"]) == (5, 2)
    assert b.summary["fy_cost"] == 571079.60
    # The permanent rows' NIC: 21,750 + 3,000 + 21,000.
    assert sum(rows[i].fy_nic for i in ("T-1", "T-2", "T-3")) == 45750


def test_the_plan_checks_follow_the_edition_in_use(tiny_edition):
    # Highest tiny day rate 1,000 x 2.5; lowest tiny salary (Junior UK National) 20,000 x 0.25.
    c = plan_checks()
    assert (c.day_rate_ceiling, c.salary_floor) == (2500, 5000)


def test_source_lines_name_the_tiny_edition_from_its_provenance(tiny_edition):
    assert tiny_edition.name == "Tiny Test Guide (never)"
    assert pay.day_rate("Test Engineer", "Lead/Principal", "inside").source == (
        "Tiny Test Guide (never), 3. Test Day Rates, Test Engineer, Lead/Principal, inside "
        "IR35 = outside low x 0.7 to high x 0.9 (the 10-30% reduction): derived")
    assert pay.salary_band("Test Engineer", "Junior", "Testcity").source.endswith(
        "from 4. Testcity Comparison: derived")
    assert pay.leadership_band("Head of Test", "UK").source == (
        "Tiny Test Guide (never), 2. Leadership, Head of Test, UK Range: quoted")


def test_the_bundled_edition_comes_back_after_use():
    with use_edition(Edition.load(current_edition().folder)):
        pass
    from conftest import TINY

    with pytest.raises(ZeroDivisionError), use_edition(str(TINY)):  # a folder named as text too
        assert pay.roles() == ("Test Engineer", "Rate Only Engineer", "Head of Test")
        1 / 0
    # The bundled guide again, and no lookup remembered from the tiny one.
    assert pay.salary_band("AI Engineer", "Senior", "London").mid == 110000
    assert addin.GUIDE_EDITION.startswith("UK AI & ML Engineering Salary Guide")


def test_a_broken_edition_is_refused_before_it_is_used(tmp_path):
    from conftest import TINY

    folder = tmp_path / "broken"
    folder.mkdir()
    for f in TINY.iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    text = (folder / "provenance.toml").read_text(encoding="utf-8")
    (folder / "provenance.toml").write_text(text.replace('stages = "5. Stages"\n', ""),
                                            encoding="utf-8")
    with pytest.raises(DataError) as e:
        use_edition(folder)
    assert str(e.value) == "provenance.toml, line 13: [guide.sections] needs stages (text, not empty)"
    assert pay.roles()[0] != "Test Engineer"  # the edition in use is unchanged


def test_another_edition_needs_no_code_change(data_copy):
    # Issue 20's case through the Python API: a copy of the bundled edition with AI Engineer
    # / Senior / London at 100,000-130,000 (mid 115,000) and the title "Test Edition 2027".
    bands = data_copy / "salary_bands.csv"
    text = bands.read_text(encoding="utf-8")
    assert "AI Engineer,Senior,London,95000,125000,false" in text
    bands.write_text(text.replace("AI Engineer,Senior,London,95000,125000,false",
                                  "AI Engineer,Senior,London,100000,130000,false"), encoding="utf-8")
    prov = data_copy / "provenance.toml"
    prov.write_text(prov.read_text(encoding="utf-8").replace(
        f'title = "{edition_title()}"', 'title = "Test Edition 2027"'),
        encoding="utf-8")
    with use_edition(data_copy):
        band = addin.salary_band("AI Engineer", "Senior", "London")
        assert band.mid == 115000
        assert band.source.startswith("Test Edition 2027 (")
        assert addin.source().startswith("Test Edition 2027 (")
    assert addin.salary_band("AI Engineer", "Senior", "London").mid == 110000


def test_no_module_names_the_bundled_edition():
    # The edition's title, period, publisher and the sections its source lines cite are read
    # from its provenance.toml and roles.csv: a module that typed one would go stale with the
    # next edition.
    from conftest import REPO

    edition = addin.Edition.load(REPO / "data")
    p = edition.provenance
    words = {p.title, p.period, p.publisher, *p.sections.values(),
             *filter(None, edition.tables.sections.values())}
    for module in sorted((REPO / "addin").rglob("*.py")):
        text = module.read_text(encoding="utf-8")
        assert [w for w in words if w in text] == [], module.name


def test_a_band_is_a_plain_record_whatever_the_edition(tiny_edition):
    # Two lookups after the remembered ones are forgotten give equal bands that unpack,
    # pickle and compare as plain values, their source line already text.
    import pickle

    from addin.base.memo import clear_all
    from addin.guide.pay import salary_band

    first = salary_band("Test Engineer", "Senior", "London")
    clear_all()
    again = salary_band("Test Engineer", "Senior", "London")
    assert first == again and first is not again
    low, high, open_top, unit, source = again
    assert isinstance(source, str) and source == again.source
    assert pickle.loads(pickle.dumps(again)) == again
