"""Engine lookups; every expected figure is written by hand from the guide."""

import pytest
from conftest import edition_title, provenance

import addin
from addin import (
    AmbiguousNameError,
    InvalidValueError,
    NotInGuideError,
    UnknownNameError,
    day_rate,
    leadership_band,
    leadership_equity,
    salary_band,
    salary_estimate,
    skill_premium,
    stage_factor,
)


def triple(band):
    return (band.low, band.mid, band.high)


def test_ai_engineer_senior_london():
    b = salary_band("AI Engineer", "Senior", "London")
    assert triple(b) == (95000, 110000, 125000)
    assert not b.open_top
    assert "3. AI Engineer Salaries" in b.source and b.source.endswith("quoted")


def test_llm_lead_london_is_open_top():
    b = salary_band("LLM Engineer", "Lead", "London")
    assert triple(b) == (150000, 175000, 200000)
    assert b.open_top


def test_years_pick_the_level():
    assert triple(salary_band("MLOps Engineer", 5, "UK National")) == (75000, 85000, 95000)
    assert salary_band("MLOps Engineer", 5.0).low == 75000
    assert salary_band("MLOps Engineer", 1.99).low == 45000  # Junior
    assert salary_band("MLOps Engineer", 2).low == 55000  # Mid-Level starts at 2
    assert salary_band("MLOps Engineer", 4).low == 75000  # Senior starts at 4
    assert salary_band("MLOps Engineer", 7).low == 95000  # Staff/Principal from 7
    assert salary_band("MLOps Engineer", 30).high == 130000
    assert salary_band("MLOps Engineer", 0).low == 45000


def test_llm_years_never_reach_lead():
    assert salary_band("LLM Engineer", 12).low == 90000  # Senior (4+ years)
    assert salary_band("LLM Engineer", "Lead").low == 130000


def test_negative_years_is_an_error():
    with pytest.raises(InvalidValueError, match="negative"):
        salary_band("AI Engineer", -1)
    with pytest.raises(InvalidValueError, match="negative"):
        salary_band("AI Engineer", "-1")  # typed as text


def test_years_as_text():
    assert salary_band("AI Engineer", "5", "London").low == 95000


def test_city_is_derived_from_london():
    b = salary_band("Data Engineer", "Senior", "Manchester")
    assert (b.low, b.high) == (68000, 94500)  # 80,000 x 0.85; 105,000 x 0.90
    assert b.source.endswith("derived")
    c = salary_band("AI Engineer", "Senior", "Cambridge")
    assert (c.low, c.high) == (95000 * 0.90, 125000 * 0.95)
    bristol = salary_band("MLOps Engineer", "Junior", "Bristol")
    assert (bristol.low, bristol.high) == (50000 * 0.82, 62000 * 0.88)


def test_city_keeps_open_top():
    assert salary_band("LLM Engineer", "Lead", "Edinburgh").open_top


def test_region_aliases():
    assert salary_band("AI Engineer", "Senior", "UK").low == 80000
    assert salary_band("AI Engineer", "Senior", "national").low == 80000
    assert salary_band("AI Engineer", "Senior", "Remote").low == 82000


@pytest.mark.parametrize("place", ["Leeds", "Glasgow"])
def test_unknown_place_points_to_national_and_remote(place):
    with pytest.raises(NotInGuideError) as e:
        salary_band("AI Engineer", "Senior", place)
    assert f'"{place}"' in str(e.value)
    assert '"UK National"' in str(e.value) and '"Remote UK"' in str(e.value)
    assert isinstance(e.value, LookupError)


def test_day_rates():
    assert triple(day_rate("LLM Engineer", "Lead/Principal", "inside")) == (720, 870, 1020)
    assert triple(day_rate("ML Platform Engineer", "Senior", "outside")) == (650, 725, 800)
    assert triple(day_rate("LLM Engineer", "Lead", True)) == (720, 870, 1020)
    assert triple(day_rate("AI Engineer", "Senior", False)) == (650, 725, 800)
    assert triple(day_rate("Data Engineer", "mid")) == (400, 450, 500)


def test_junior_day_rate_is_not_in_the_guide():
    with pytest.raises(NotInGuideError, match="no Junior contractor day rates"):
        day_rate("AI Engineer", "Junior")
    with pytest.raises(NotInGuideError, match="contractor"):
        day_rate("AI Engineer", "jr")


def test_day_rates_take_level_names_not_years():
    with pytest.raises(InvalidValueError, match="year"):
        day_rate("AI Engineer", 5)


@pytest.mark.parametrize("role", ["ML Engineer", "ML Platform Engineer"])
def test_day_rate_only_roles_have_no_salary(role):
    with pytest.raises(NotInGuideError, match=f"only contractor day rates for {role}"):
        salary_band(role, "Senior")


def test_bad_ir35():
    with pytest.raises(InvalidValueError, match="must be Inside or Outside"):
        day_rate("AI Engineer", "Senior", "sideways")


def test_skill_premiums():
    assert triple(skill_premium("LLM Engineer", "fine-tuning")) == (0.15, 0.20, 0.25)
    assert triple(skill_premium("LLM Engineer", "RAG")) == (0.15, 0.175, 0.20)
    assert triple(skill_premium("MLOps Engineer", "Kubernetes")) == pytest.approx((0.05, 0.075, 0.10))
    terraform = skill_premium("MLOps Engineer", "Terraform/Pulumi infrastructure-as-code")
    assert terraform.low == terraform.high == 0.05


def test_keyword_matching_two_skills_lists_both():
    with pytest.raises(AmbiguousNameError) as e:
        skill_premium("AI Engineer", "production")
    assert "PyTorch production deployment" in str(e.value)
    assert "NLP/NLU production systems" in str(e.value)


def test_stage_factors():
    assert (stage_factor("Early Startup").low, stage_factor("Early Startup").high) == (0.70, 0.85)
    assert (stage_factor("scale-up").low, stage_factor("Series B").high) == (0.90, 1.00)
    assert (stage_factor("Enterprise").low, stage_factor("Enterprise").high) == (1.00, 1.10)


def test_leadership():
    assert triple(leadership_band("Head of MLOps")) == (120000, 140000, 160000)
    vp = leadership_band("VP of Engineering (AI)", "London")
    assert (vp.low, vp.high, vp.open_top) == (200000, 300000, True)
    caio = leadership_band("Chief AI Officer", "UK")
    assert (caio.low, caio.high, caio.open_top) == (200000, 350000, True)
    eq = leadership_equity("Chief AI Officer")
    assert (eq.low, eq.high, eq.open_top) == (0.30, 0.60, True)


def test_leadership_has_no_remote_or_city_figures():
    with pytest.raises(NotInGuideError, match='"UK" and "London"'):
        leadership_band("Director of AI", "Remote UK")


def test_salary_estimate_by_hand():
    b = salary_estimate("LLM Engineer", "Senior", "London", "RAG, fine-tuning", "Scale-up")
    assert (b.low, b.mid, b.high) == (128700, 173100, 217500)
    assert b.source.endswith("derived")
    plain = salary_estimate("AI Engineer", "Senior", "London")
    assert triple(plain) == (95000, 110000, 125000)
    assert salary_estimate("LLM Engineer", "Senior", "London", [["RAG"], [None], ["fine-tuning"]]).low == 143000


def test_point_selector():
    b = salary_band("AI Engineer", "Senior", "London")
    assert b.at("low") == 95000 and b.at("MID") == 110000 and b.at("high") == 125000
    assert b.at(0.25) == 102500 and b.at("0.25") == 102500 and b.at(1) == 125000
    for bad in (-0.1, 1.5, "median", True, None):
        with pytest.raises(InvalidValueError):
            b.at(bad)


@pytest.mark.parametrize("level,expected", [
    ("senior", 95000), ("SENIOR", 95000), ("Sr", 95000), ("snr", 95000), (" senior ", 95000),
    ("mid", 70000), ("Mid Level", 70000), ("mid-level", 70000), ("Mid – Level", 70000),
    ("jr", 55000), ("staff", 125000), ("Principal", 125000), ("lead", 125000),
])
def test_level_aliases(level, expected):
    assert salary_band("AI Engineer", level, "London").low == expected


def test_unknown_role_suggests_and_names_the_list_command():
    with pytest.raises(UnknownNameError) as e:
        salary_band("MLOps Engneer", "Senior")
    msg = str(e.value)
    assert msg.startswith('Unknown role "MLOps Engneer". Did you mean "MLOps Engineer"')
    assert "GUIDE_ROLES()" in msg and "\n" not in msg
    assert isinstance(e.value, LookupError)


def test_unknown_level_lists_the_role_levels():
    with pytest.raises(UnknownNameError, match='GUIDE_LEVELS\\("AI Engineer"\\)'):
        salary_band("AI Engineer", "Wizard")


def test_names_forgive_case_spacing_and_punctuation():
    assert salary_band("  ai   ENGINEER ", "senior", "LONDON").low == 95000
    assert salary_band("mlops-engineer", "senior").low == 75000


def test_unhashable_input_gets_the_package_error():
    with pytest.raises(UnknownNameError):
        salary_band(["AI Engineer"], "Senior")


def test_lists():
    assert addin.roles("salary") == ("MLOps Engineer", "AI Engineer", "LLM Engineer", "Data Engineer")
    assert set(addin.roles("dayrate")) == {
        "MLOps Engineer", "ML Engineer", "AI Engineer", "LLM Engineer", "Data Engineer",
        "ML Platform Engineer"}
    assert len(addin.roles("leadership")) == 5 and len(addin.roles()) == 11
    assert addin.levels("LLM Engineer") == ("Junior", "Mid-Level", "Senior", "Lead/Principal")
    assert addin.levels("ML Engineer") == ("Mid-Level", "Senior", "Lead/Principal")
    assert addin.regions()[:3] == ("UK National", "London", "Remote UK")
    assert len(addin.skills("LLM Engineer")) == 6
    with pytest.raises(UnknownNameError, match="salary"):
        addin.roles("permanent")


def test_source_line():
    line = addin.source()
    assert edition_title() in line
    assert provenance()["guide"]["period"] in line and "25th to 75th percentile" in line
    assert "derived" in addin.source("AI Engineer", "Senior", "Bristol")


def test_bands_are_immutable():
    b = salary_band("AI Engineer", "Senior", "London")
    with pytest.raises(AttributeError):
        b.low = 1


def test_a_cached_lookup_does_not_answer_for_an_equal_value_of_another_type():
    # True == 1 and hash(True) == hash(1): an untyped cache would hand back Junior.
    assert salary_band("AI Engineer", 1, "London").low == 55000
    with pytest.raises(UnknownNameError):
        salary_band("AI Engineer", True, "London")
    assert day_rate("AI Engineer", "Senior", True).low == 520
    with pytest.raises(InvalidValueError):
        day_rate("AI Engineer", "Senior", 1)
