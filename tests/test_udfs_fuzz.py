"""Fuzz every Excel function through xlwings' dispatch: a value or the package's own
one-line error, never anything else."""

import inspect

from hypothesis import given, settings
from hypothesis import strategies as st
from test_udfs import FUNCTIONS
from udf_runtime import call

import addin.excel.udfs as udfs
from addin.base.errors import GuideError

names = ["AI Engineer", "LLM Engineer", "ML Engineer", "Senior", "Lead", "London", "Leeds",
         "mid", "inside", "RAG, fine-tuning", "Scale-up", "2026/27", "full", "nic", "Permanent",
         "Contractor", "Outside"]
cell = st.one_of(
    st.none(), st.booleans(), st.sampled_from(names), st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6).map(float),
)


@st.composite
def excel_range(draw):
    rows, cols = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    return [[draw(cell) for _ in range(cols)] for _ in range(rows)]


def arity(name):
    return len(inspect.signature(getattr(udfs, name)).parameters)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(FUNCTIONS), st.data())
def test_every_call_returns_a_value_or_a_one_line_package_error(name, data):
    n = arity(name)
    given_args = data.draw(st.integers(0, n))
    args = [data.draw(excel_range()) for _ in range(given_args)]
    args += [[[None]]] * (n - given_args)
    try:
        out = call(name, *args)
    except GuideError as e:
        assert str(e) and "\n" not in str(e)
        return
    assert isinstance(out, (list, str, float, int))
    if isinstance(out, list):
        assert all(isinstance(row, list) for row in out)
