"""Excel layer: the employment-cost worksheet functions: employer and contractor costs,
their break-even equivalents and the Employment Allowance."""

from __future__ import annotations

from ..base import inputs
from ..guide.names import is_blank
from .arguments import _doc, _docs, _given, _OnFirstUse, _spread, func

employment = _OnFirstUse("..costs.employment", globals())


def _cost_options(tax_year, pension_rate, pension_basis, benefits_rate, levy, bonus_rate=None,
                  bik_rate=None, allowance_rate=None, sacrifice_rate=None) -> dict:
    return _given(tax_year=tax_year, pension_rate=pension_rate, pension_basis=pension_basis,
                  benefits_rate=benefits_rate, levy=levy, bonus_rate=bonus_rate, bik_rate=bik_rate,
                  allowance_rate=allowance_rate, sacrifice_rate=sacrifice_rate)


# The employer options added after the original ones, in argument order (appended, so that
# existing formulas keep their meaning).
_PAY_DOCS = (
    ("bonus_rate", "Bonus as a fraction of salary (default 0): NIC and levy apply."),
    ("bik_rate", "Benefits in kind as a fraction of salary (default 0): Class 1A NIC applies."),
    ("allowance_rate", "Cash allowances as a fraction of salary (default 0): NIC and levy apply."),
    ("sacrifice_rate", "Share of salary sacrificed into the pension (default 0): no NIC on it."),
)


_pay_docs = _docs(_PAY_DOCS)


@func
@_doc("salary", "Annual salary in £ (a cell or a column).")
@_doc("tax_year", "UK tax year, e.g. \"2026/27\"; omit for the current one.")
@_doc("pension_rate", "Employer pension rate, 0 to 1 (default 0.03).")
@_doc("pension_basis", "\"qualifying\" (default, £6,240 to £50,270) or \"full\" salary.")
@_doc("benefits_rate", "NIC-free benefits (e.g. extra pension) as a fraction of salary (default 0).")
@_doc("levy", "TRUE if the employer pays the Apprenticeship Levy (pay bill over £3m).")
@_doc("component", "\"total\" (default), \"salary\", \"nic\", \"pension\", \"levy\", \"benefits\", "
      "\"bonus\", \"allowances\", \"bik\", \"class1a\" or \"sacrifice\".")
@_pay_docs
def EMPLOYER_COST(salary, tax_year=None, pension_rate=None, pension_basis=None,
                  benefits_rate=None, levy=None, component=None, bonus_rate=None, bik_rate=None,
                  allowance_rate=None, sacrifice_rate=None):
    """Annual cost to the employer in £: salary + bonus + employer NIC + pension (+ benefits, levy)."""
    def cost(s, ty, pr, pb, br, lv, comp, bo, bk, al, sc):
        return employment.employer_cost(s, **_cost_options(ty, pr, pb, br, lv, bo, bk, al, sc),
                                        **_given(component=comp))

    return _spread(cost, 1, salary=salary, tax_year=tax_year, pension_rate=pension_rate,
                   pension_basis=pension_basis, benefits_rate=benefits_rate, levy=levy,
                   component=component, bonus_rate=bonus_rate, bik_rate=bik_rate,
                   allowance_rate=allowance_rate, sacrifice_rate=sacrifice_rate)


@func
@_doc("day_rate", "Day rate in £ (inside IR35: the contractor's effective rate, as DAYRATE gives it).")
@_doc("days", "Billable days a year, 1 to 366 (default 220).")
@_doc("fee_rate", "Agency fee as a fraction of the rate (default 0).")
@_doc("ir35", "\"outside\" (default) or \"inside\" (TRUE): inside adds the fee-payer's employer NIC.")
@_doc("tax_year", "UK tax year of the NIC rate inside IR35; omit for the current one.")
@_doc("levy", "TRUE if the fee-payer pays the Apprenticeship Levy (inside IR35).")
def CONTRACTOR_COST(day_rate, days=None, fee_rate=None, ir35=None, tax_year=None, levy=None):
    """Annual cost of a contractor in £: day rate x days x (1 + on-costs inside IR35 + agency fee)."""
    def cost(r, d, f, st, ty, lv):
        return employment.contractor_cost(r, **_given(days=d, fee_rate=f, ir35=st, tax_year=ty, levy=lv))

    return _spread(cost, 1, day_rate=day_rate, days=days, fee_rate=fee_rate, ir35=ir35,
                   tax_year=tax_year, levy=levy)


_EQUIVALENT_DOCS = (
    ("days", "Billable days a year, 1 to 366 (default 220)."),
    ("tax_year", "UK tax year, e.g. \"2026/27\"; omit for the current one."),
    ("pension_rate", "Employer pension rate, 0 to 1 (default 0.03)."),
    ("pension_basis", "\"qualifying\" (default) or \"full\" salary."),
    ("benefits_rate", "NIC-free benefits as a fraction of salary (default 0)."),
    ("levy", "TRUE if the employer pays the Apprenticeship Levy."),
    ("fee_rate", "Agency fee on the day rate, a fraction (default 0)."),
    ("ir35", "\"outside\" (default) or \"inside\" (TRUE): inside adds the fee-payer's employer NIC."),
) + _PAY_DOCS


_equivalent_docs = _docs(_EQUIVALENT_DOCS)


def _spread_equivalent(solve, amount: dict, days, tax_year, pension_rate, pension_basis,
                       benefits_rate, levy, fee_rate, ir35, bonus_rate, bik_rate, allowance_rate,
                       sacrifice_rate):
    """Spread a break-even solver over an amount column and the cost options."""
    def compute(value, d, ty, pr, pb, br, lv, f, st, bo, bk, al, sc):
        return solve(value, **_given(days=d, fee_rate=f, ir35=st),
                     **_cost_options(ty, pr, pb, br, lv, bo, bk, al, sc))

    return _spread(compute, 1, **amount, days=days, tax_year=tax_year,
                   pension_rate=pension_rate, pension_basis=pension_basis,
                   benefits_rate=benefits_rate, levy=levy, fee_rate=fee_rate, ir35=ir35,
                   bonus_rate=bonus_rate, bik_rate=bik_rate, allowance_rate=allowance_rate,
                   sacrifice_rate=sacrifice_rate)


@func
@_doc("day_rate", "Contractor day rate in £ (inside IR35: the effective rate).")
@_equivalent_docs
def PERM_EQUIVALENT(day_rate, days=None, tax_year=None, pension_rate=None, pension_basis=None,
                    benefits_rate=None, levy=None, fee_rate=None, ir35=None, bonus_rate=None,
                    bik_rate=None, allowance_rate=None, sacrifice_rate=None):
    """Salary in £ a year whose employer cost equals the contractor's annual cost (fees and on-costs included)."""
    return _spread_equivalent(employment.perm_equivalent, {"day_rate": day_rate}, days,
                              tax_year, pension_rate, pension_basis, benefits_rate, levy, fee_rate,
                              ir35, bonus_rate, bik_rate, allowance_rate, sacrifice_rate)


@func
@_doc("salary", "Annual salary in £.")
@_equivalent_docs
def DAYRATE_EQUIVALENT(salary, days=None, tax_year=None, pension_rate=None, pension_basis=None,
                       benefits_rate=None, levy=None, fee_rate=None, ir35=None, bonus_rate=None,
                       bik_rate=None, allowance_rate=None, sacrifice_rate=None):
    """Day rate in £ whose annual contractor cost (fees and on-costs included) equals the salary's employer cost."""
    return _spread_equivalent(employment.dayrate_equivalent, {"salary": salary}, days,
                              tax_year, pension_rate, pension_basis, benefits_rate, levy, fee_rate,
                              ir35, bonus_rate, bik_rate, allowance_rate, sacrifice_rate)


@func
@_doc("tax_year", "UK tax year, e.g. \"2026/27\"; omit for the current one.")
@_doc("claim", "Yes (default) if the employer claims it; No gives 0.")
def EMPLOYMENT_ALLOWANCE(tax_year=None, claim=None):
    """The Employment Allowance in £ a year for the tax year, or 0 when not claimed."""
    def allowance(ty, c):
        if not is_blank(c) and not inputs.yes_no(c, "Claim Employment Allowance"):
            return 0.0
        return employment.employment_allowance(**_given(tax_year=ty))

    return _spread(allowance, 1, tax_year=tax_year, claim=claim)

