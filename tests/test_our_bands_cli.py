"""Our bands on the command line (issue 20 §1, §2): --bands FILE on position, band and
compare, and the bands command; figures against ours and the market's side by side.

Market: AI Engineer Senior London £95,000 to £125,000 (mid £110,000); AI Engineer Senior
day rates outside IR35 £650 to £800, from the guide.
"""

import json

import pytest

from addin.commands.cli import main

CSV = ("Role,Level,Guide level,Region,Min,Mid,Max\n"
       "AI Engineer,L5,Senior,London,100000,120000,140000\n")
#: The same bands as a range, as xlwings hands it to an Excel function.
TABLE = [["Role", "Level", "Guide level", "Region", "Min", "Mid", "Max"],
         ["AI Engineer", "L5", "Senior", "London", 100000.0, 120000.0, 140000.0]]


@pytest.fixture
def bands(tmp_path):
    path = tmp_path / "bands.csv"
    path.write_text(CSV, encoding="utf-8")
    return str(path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_position_against_ours_and_the_market_side_by_side(capsys, bands):
    code, out, _ = run(capsys, "position", "120000", "AI Engineer", "L5", "London", "--bands",
                       bands)
    assert code == 0
    # compa-ratio: 120,000 / 120,000 = 1.0 (ours), 120,000 / 110,000 = 1.0909 (market);
    # band position: 20,000 / 40,000 = 0.5 and 25,000 / 30,000 = 0.8333.
    line = next(x for x in out.splitlines() if x.startswith("compa-ratio"))
    assert line.split()[1:] == ["1.0000", "1.0909"]
    line = next(x for x in out.splitlines() if x.startswith("band position"))
    assert line.split()[2:] == ["0.5000", "0.8333"]


def test_position_json_holds_both(capsys, bands):
    _, out, _ = run(capsys, "position", "£120,000", "AI Engineer", "L5", "London", "--bands",
                    bands, "--json")
    data = json.loads(out)
    assert (data["ours"]["compa_ratio"], data["market"]["compa_ratio"]) == (1.0, 1.0909)
    assert (data["ours"]["band"]["mid"], data["market"]["band"]["mid"]) == (120000, 110000)


def test_band_shows_ours_beside_the_market_s(capsys, bands):
    _, out, _ = run(capsys, "band", "AI Engineer", "L5", "London", "--bands", bands, "--json")
    data = json.loads(out)
    assert [data["ours"][k] for k in ("low", "mid", "high")] == [100000, 120000, 140000]
    assert [data["market"][k] for k in ("low", "mid", "high")] == [95000, 110000, 125000]


def test_compare_prices_the_permanent_side_from_ours(capsys, bands):
    _, out, _ = run(capsys, "compare", "AI Engineer", "L5", "London", "--bands", bands, "--json")
    data = json.loads(out)
    assert [data["permanent"][p]["salary"] for p in ("low", "mid", "high")] == [
        100000, 120000, 140000]
    assert data["level"] == "Senior" and data["outside"]["mid"]["day_rate"] == 725  # (650+800)/2


def test_the_bands_command(capsys, bands):
    code, out, _ = run(capsys, "bands", "--bands", bands, "--json")
    row = json.loads(out)[0]
    # 120,000 / 110,000 = 1.0909; Min (100,000 - 95,000) / 30,000 = 0.1667; Max 45/30 = 1.5.
    assert code == 0 and (row["mid_ratio"], row["min_position"], row["max_position"]) == (
        1.0909, 0.1667, 1.5)
    _, text, _ = run(capsys, "bands", "--bands", bands)
    assert "1.0909" in text and "our mid is above the market's mid" in text


def test_a_wrong_bands_file_is_one_line_naming_the_line(capsys, tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text(CSV + "AI Engineer,L6,Senoir,London,1,2,3\n", encoding="utf-8")
    code, out, err = run(capsys, "bands", "--bands", str(path))
    assert code == 2 and out == ""
    assert err.startswith('ukaipay: wrong.csv, line 3: Unknown AI Engineer level "Senoir".')
    assert err.count("\n") == 1
    code, _, err = run(capsys, "bands", "--bands", str(tmp_path / "none.csv"))
    assert code == 2 and "Cannot read the bands file" in err


@pytest.mark.parametrize("region", ["Manchester", None])
def test_position_where_we_hold_no_band_is_the_market_s_as_in_excel(capsys, bands, region):
    from udf_runtime import call

    # Our L5 is London's only: in Manchester (or UK National, no region) we hold none, and
    # the market's band is the guide's Senior there, as COMPA_RATIO(..., "market") gives.
    where = [region] if region else []
    code, out, _ = run(capsys, "position", "110000", "AI Engineer", "L5", *where, "--bands",
                       bands, "--json")
    got = json.loads(out)
    code_senior, senior, _ = run(capsys, "position", "110000", "AI Engineer", "Senior", *where,
                                 "--json")
    assert code == code_senior == 0 and got["ours"] is None
    assert got["market"] == json.loads(senior)
    excel = call("COMPA_RATIO", 110000, "AI Engineer", "L5", region, None, TABLE, "market")
    assert round(excel[0][0], 4) == got["market"]["compa_ratio"]  # JSON: ratios to 4 places


def test_band_where_we_hold_no_band_is_the_market_s_as_salary_band_against_it(capsys, bands):
    from udf_runtime import call

    # Ours is London's only: in Manchester, the guide's Senior there, as
    # SALARY_BAND(..., bands, "market") gives it, and the text says none of ours is held.
    code, out, _ = run(capsys, "band", "AI Engineer", "L5", "Manchester", "--bands", bands,
                       "--json")
    excel = call("SALARY_BAND", "AI Engineer", "L5", "Manchester", None, TABLE, "market")
    got = json.loads(out)
    assert code == 0 and [[got["low"], got["mid"], got["high"]]] == excel
    assert excel == call("SALARY_BAND", "AI Engineer", "Senior", "Manchester")
    code, out, _ = run(capsys, "band", "AI Engineer", "L5", "Manchester", "--bands", bands)
    assert out.startswith("ours: none held for AI Engineer L5 in Manchester; the market's:\n")
