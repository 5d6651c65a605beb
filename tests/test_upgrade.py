"""A template from the previous release (issue 16, section 3): `budget` says what it is and
names `ukaipay upgrade`, which moves its inputs into the current template.

The previous release (bf3aa25, the last landing before the Bonus and Hire fee columns) is
rebuilt here with openpyxl as that release wrote it: 14 input columns, its PLAN_ROW call
over them, its Assumptions rows and defined names (no RecruitmentFee, ReviewMonth,
ReviewUplift). In Excel such a workbook prices with the code it carries, so `budget`
giving today's figures for it would be a second, different answer.
"""

import hashlib
from datetime import datetime

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.formula import ArrayFormula

from addin.commands.cli import main
from addin.planning.plan import INPUT_HEADERS
from addin.sheets import plan_reader
from addin.sheets.workbook import row_formula

OLD_INPUTS = ("ID", "Team", "Role", "Level", "Location", "Type", "IR35", "Start", "End", "FTE",
              "Skills", "Override rate", "Status", "Notes")
OLD_FIGURES = ("Check", "Rate", "Compa-ratio", "Band position", "Annual cost", "Annual NIC",
               "Type read", "Role read", "FTE read", "Start read", "End read", "FY cost", "FY NIC")
# (defined name, label, value) of the previous release's Assumptions rows 3 to 19.
OLD_SETTINGS = (
    ("Company", "Company", "Old Co"), ("FYStart", "Fiscal year start", datetime(2026, 4, 1)),
    ("FYEnd", "Fiscal year end", "=EDATE(FYStart,12)-1"), ("TaxYear", "Tax year", "2026/27"),
    ("Scenario", "Scenario", "Mid"), ("PensionRate", "Employer pension rate", 0.03),
    ("PensionBasis", "Pension basis", "Qualifying"), ("BonusRate", "Bonus target", 0),
    ("BenefitsRate", "Benefits rate (no NIC)", 0), ("BikRate", "Benefits in kind rate", 0),
    ("AllowanceRate", "Cash allowances rate", 0), ("SacrificeRate", "Pension salary sacrifice", 0),
    ("Levy", "Apprenticeship Levy", "Yes"), ("BillableDays", "Contractor billable days", 220),
    ("AgencyFee", "Agency fee rate", 0), ("ClaimEA", "Claim Employment Allowance", "No"),
    ("EmploymentAllowance", "Employment Allowance claimed", "=EMPLOYMENT_ALLOWANCE(TaxYear,ClaimEA)"),
)
ROWS = (
    ("C1", "LLM", "LLM Engineer", "Senior", None, "Contractor", "Inside", datetime(2026, 4, 1),
     None, None, None, 662.5, "Open", "Agent platform"),
    None,  # a blank row inside the table stays where it was
    ("P1", "Data", "AI Engineer", "Senior", "London", "Permanent", None, datetime(2026, 10, 1),
     None, 0.5, "RAG", None, "Offer", "=not a formula"),
)
TEAMS = ("Data", "LLM")


def previous_release(path) -> None:
    """Write a filled template laid out as the previous release wrote it."""
    wb = openpyxl.Workbook()
    a, plan = wb.active, wb.create_sheet("Plan")
    a.title = "Assumptions"
    for i, (name, label, value) in enumerate(OLD_SETTINGS):
        a.cell(3 + i, 1, label)
        a.cell(3 + i, 2, value)
        wb.defined_names[name] = DefinedName(name, attr_text=f"Assumptions!$B${3 + i}")
    a["A21"] = "Teams"
    for i, team in enumerate(TEAMS):
        a.cell(22 + i, 2, team)
    wb.defined_names["Teams"] = DefinedName("Teams", attr_text="Assumptions!$B$22:$B$33")
    for j, h in enumerate(OLD_INPUTS + OLD_FIGURES):
        plan.cell(3, 1 + j, h)
    for r in range(4, 204):
        row = ROWS[r - 4] if r - 4 < len(ROWS) else None
        for j, value in enumerate(row or ()):
            plan.cell(r, 1 + j).value = value
            if isinstance(value, str):
                plan.cell(r, 1 + j).data_type = "s"  # "=not a formula" stays text
        plan[f"O{r}"] = ArrayFormula(
            f"O{r}:Y{r}", f'=IF(COUNTA($A{r}:$N{r})=0,"",PLAN_ROW($A{r}:$N{r},TaxYear,Scenario,'
                          f'PensionRate,PensionBasis,BonusRate,BenefitsRate,BikRate,AllowanceRate,'
                          f'SacrificeRate,Levy,BillableDays,AgencyFee))')
    wb.save(path)


@pytest.fixture
def old(tmp_path):
    path = tmp_path / "old budget.xlsx"
    previous_release(path)
    return path


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_budget_says_an_older_template_is_older_and_names_the_upgrade(capsys, old):
    code, out, err = run(capsys, "budget", old, "-o", "-")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "is a template from an older release of ukaipay (no Bonus column, Hire fee column" in err
    assert f"ukaipay upgrade '{old}' -o '{old.with_name('old budget_upgraded.xlsx')}'" in err


def test_upgrade_moves_every_input_into_the_current_template(capsys, old, tmp_path):
    before = digest(old)
    new = tmp_path / "new.xlsx"
    code, out, err = run(capsys, "upgrade", old, "-o", new)
    assert code == 0, err
    assert "2 Plan rows" in out and digest(old) == before  # the old file is never touched
    rows, a = plan_reader.read_template(new)  # a current template: budget reads it
    got = {r.id: r for r in rows if not r.is_blank()}
    for typed in filter(None, ROWS):
        row = got[typed[0]]
        for header, value in zip(OLD_INPUTS, typed):
            field = row._fields[INPUT_HEADERS.index(header)]
            want = value.date() if isinstance(value, datetime) else value
            got_value = getattr(row, field)
            got_value = got_value.date() if isinstance(got_value, datetime) else got_value
            assert got_value == want, header
        assert (row.bonus, row.hire_fee) == (None, None)  # the new columns, blank
    assert [r.id for r in rows[:3]] == ["C1", None, "P1"]  # rows keep their places
    assert (a.company, a.levy, a.claim_ea, a.teams) == ("Old Co", "Yes", "No", TEAMS)
    assert (a.recruitment_fee, a.review_uplift) == (0, 0)  # new settings: their defaults
    book = openpyxl.load_workbook(new)
    assert book["Plan"]["R4"].value.text == row_formula(4)[1]  # today's PLAN_ROW call


def test_the_upgraded_template_prices_the_inside_contractor_by_today_s_rules(capsys, old, tmp_path):
    new = tmp_path / "new.xlsx"
    assert run(capsys, "upgrade", old, "-o", new)[0] == 0
    code, out, err = run(capsys, "budget", new, "-o", "-", "--json")
    assert code == 0, err
    c1 = next(r for r in __import__("json").loads(out)["rows"] if r["ID"] == "C1")
    # £662.50 x 220 days = 145,750 of fees (the previous release's Excel figure); today the
    # fee-payer adds employer NIC 15% and the 0.5% levy: 145,750 x 1.155 = 168,341.25.
    assert c1["Annual cost"] == pytest.approx(168341.25, abs=0.005)


def test_upgrade_never_writes_over_its_input(capsys, old):
    before = digest(old)
    for target in (old, old.parent / "." / old.name):
        code, _, err = run(capsys, "upgrade", old, "-o", target)
        assert code == 2 and "it is the input file" in err and err.count("\n") == 1
    code, _, err = run(capsys, "upgrade", old, "-o", old, "--force")
    assert code == 2 and "it is the input file" in err
    assert digest(old) == before


def test_upgrade_keeps_a_filled_file_at_the_target_unless_forced(capsys, old, tmp_path):
    other = tmp_path / "someone's.xlsx"
    other.write_bytes(b"a filled plan")
    code, _, err = run(capsys, "upgrade", old, "-o", other)
    assert code == 2 and "Refusing to overwrite" in err and other.read_bytes() == b"a filled plan"
    assert run(capsys, "upgrade", old, "-o", other, "--force")[0] == 0
    assert plan_reader.read_template(other)[0][0].id == "C1"
    # written through a temporary file beside the target, then renamed: nothing else is left
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old budget.xlsx", "someone's.xlsx"]


def test_upgrade_by_default_writes_beside_the_old_file(capsys, old):
    code, out, _ = run(capsys, "upgrade", old, "--json")
    new = old.with_name("old budget_upgraded.xlsx")
    assert code == 0 and __import__("json").loads(out) == {"template": str(new), "from": str(old),
                                                           "rows": 2}
    assert new.is_file()


def test_a_current_template_still_reads_in_budget(capsys, tmp_path):
    path = tmp_path / "t.xlsx"
    assert run(capsys, "template", "-o", path)[0] == 0
    code, _, err = run(capsys, "budget", path, "-o", "-")
    assert code == 0 and "older release" not in err
