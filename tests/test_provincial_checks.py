"""The finance systems' review checks as profile-scoped rules: each fires on its defect under the profiles
that switch it on, and stays silent without the defect or under profiles that do not."""

import copy

import pytest
from builders import Variant, write_project
from openpyxl import Workbook
from test_checks import CLEAN, codes, findings


def case(**changes):
    p = copy.deepcopy(CLEAN)
    for i, ch in changes.pop("indicators", {}).items():
        p["indicators"][i].update(ch)
    p["funds"].update(changes.pop("funds", {}))
    p.update(changes)
    return p


def fs(tmp_path, capsys, proj, profile):
    return findings(tmp_path, capsys, proj, profile=profile)


def test_weight_must_be_positive_c9(tmp_path, capsys):
    bad = case(indicators={0: {"weight": 0, "score": 0}}, total=79.5, total_text="79.5")
    assert "JX027" in codes(fs(tmp_path, capsys, bad, "hubei"))
    assert "JX027" not in codes(fs(tmp_path, capsys, bad, "national"))
    assert "JX027" not in codes(fs(tmp_path, capsys, CLEAN, "hubei"))


@pytest.mark.parametrize(("stated", "fires"), [(15, True), (17, False), (16, False), (20, False)])
def test_qualitative_score_inside_its_band_stands_c10(tmp_path, capsys, stated, fires):
    """干部履职能力 (有效提高 against 有效提高: 达成, 20 points) allows [16, 20]."""
    proj = case(indicators={4: {"score": stated}}, total=79.5 + stated, total_text=str(79.5 + stated))
    got = fs(tmp_path, capsys, proj, "national")
    assert ("JX028" in codes(got)) is fires
    assert "JX005" not in codes(got)  # the band check stands in for the score comparison on 定性 rows
    if not fires:
        assert "JX006" not in codes(got)  # the stated score is the one the total counts


def test_band_message_names_the_band(tmp_path, capsys):
    got = fs(tmp_path, capsys, case(indicators={4: {"score": 15}}, total=94.5, total_text="94.5"), "national")
    (hit,) = [f for f in got if f["code"] == "JX028"]
    assert "[16（含）-20（含）]" in hit["message"] and "社会效益指标：干部履职能力指标" in hit["message"]


def test_default_cost_indicator_c2(tmp_path, capsys):
    over = case(indicators={3: {"target": "未填报", "actual": "48万元", "score": 8}}, total=97.5, total_text="97.5")
    assert "JX030" in codes(fs(tmp_path, capsys, over, "shanxi"))
    assert "JX030" not in codes(fs(tmp_path, capsys, over, "national"))
    ok = case(indicators={3: {"target": "未填报", "actual": "48万元", "score": 5}}, total=94.5, total_text="94.5")
    assert "JX030" not in codes(fs(tmp_path, capsys, ok, "shanxi"))


def test_qualitative_needs_description_c3(tmp_path, capsys):
    assert "JX031" in codes(fs(tmp_path, capsys, CLEAN, "guangxi"))
    described = case(indicators={4: {"reason": "培训后干部履职能力明显提高"}})
    assert "JX031" not in codes(fs(tmp_path, capsys, described, "guangxi"))
    assert "JX031" not in codes(fs(tmp_path, capsys, CLEAN, "national"))


def _low_total_book(notes: dict) -> Workbook:
    proj = case(funds={"spent": 50.0, "rate": "50.00%", "score": 5},
                indicators={0: {"actual": "2次", "score": 10, "reason": "疫情"},
                            1: {"actual": "60%", "score": 12.63, "reason": "考核从严"}},
                total=77.63, total_text="77.63")
    wb = Workbook()
    ws = wb.active
    ws.title = "项目1"
    write_project(ws, proj, Variant())
    r = ws.max_row + 1
    for label, text in notes.items():
        ws.cell(r, 1, label)
        ws.cell(r, 3, text)
        r += 1
    return wb


def test_low_total_needs_problems_and_measures_c19(tmp_path, capsys):
    bare = findings(tmp_path, capsys, book=_low_total_book({"存在的问题": None, "整改措施": None}), profile="ningxia")
    assert [f["code"] for f in bare].count("JX032") == 2
    filled = findings(tmp_path, capsys, book=_low_total_book({"存在的问题": "执行进度慢", "整改措施": "加快支出"}),
                      profile="ningxia")
    assert "JX032" not in codes(filled)
    assert "JX032" not in codes(findings(tmp_path, capsys, book=_low_total_book({}), profile="national"))


def test_budget_adjusted_over_30_percent_caps_the_total_c20(tmp_path, capsys):
    adjusted = case(funds={"budget_initial": 70.0})  # 100 against 70: adjusted by 42.86%, total 99.5 > 90
    assert "JX038" in codes(fs(tmp_path, capsys, adjusted, "guangxi"))
    assert "JX038" not in codes(fs(tmp_path, capsys, adjusted, "national"))
    assert "JX038" not in codes(fs(tmp_path, capsys, CLEAN, "guangxi"))


def test_reason_with_placeholder_characters_c21(tmp_path, capsys):
    dashed = case(indicators={0: {"reason": "--"}})
    assert "JX039" in codes(fs(tmp_path, capsys, dashed, "guangxi"))
    assert "JX039" not in codes(fs(tmp_path, capsys, case(indicators={0: {"reason": "因天气推迟一期"}}), "guangxi"))
    assert "JX039" not in codes(fs(tmp_path, capsys, dashed, "national"))


def test_rate_over_100_percent_c16_except_zhejiang(tmp_path, capsys):
    over = case(funds={"spent": 120.0, "rate": "120.00%", "score": 10}, total=100, total_text="100")
    assert "JX007" in codes(fs(tmp_path, capsys, over, "national"))
    assert "JX007" in codes(fs(tmp_path, capsys, over, "hubei"))
    assert "JX007" not in codes(fs(tmp_path, capsys, over, "zhejiang"))


def test_stated_score_below_weight_needs_reason_c8(tmp_path, capsys):
    """A stated 18 of 20 with no reason is flagged though jixiao computes full marks for the row."""
    short = case(indicators={0: {"score": 18}}, total=97.5, total_text="97.5")
    got = fs(tmp_path, capsys, short, "national")
    assert "JX011" in codes(got)
    reasoned = case(indicators={0: {"score": 18, "reason": "一期延期"}}, total=97.5, total_text="97.5")
    assert "JX011" not in codes(fs(tmp_path, capsys, reasoned, "national"))


def test_over_achievement_on_reverse_targets_c7(tmp_path, capsys):
    """广西 also asks a reason when a ≤ indicator runs 30% past its limit; the national rule does not."""
    over = case(indicators={3: {"target": "≤10万元", "actual": "13万元", "score": 7.69}}, total=97.19,
                total_text="97.19")
    assert "JX014" in codes(fs(tmp_path, capsys, over, "guangxi"))
    assert "JX014" not in codes(fs(tmp_path, capsys, over, "national"))


def test_quantitative_target_needs_a_unit_c24_c31(tmp_path, capsys):
    """“≥4” with no 计量单位 is refused by the systems' forms (C24/C31) under the profiles that check it."""
    bare = case(indicators={0: {"target": "≥4", "actual": "4"}})
    got = [f for f in fs(tmp_path, capsys, bare, "hubei") if f["code"] == "JX044"]
    assert len(got) == 1 and got[0]["cell"] == "E12" and "≥4" in got[0]["message"]
    assert "JX044" not in codes(fs(tmp_path, capsys, bare, "national"))
    assert "JX044" not in codes(fs(tmp_path, capsys, CLEAN, "hubei"))  # 次, %, 万元, dates and 定性 all pass


def test_reason_for_a_short_score_follows_its_switch_c8(tmp_path, capsys):
    short = case(indicators={1: {"actual": "90%", "score": 18.95}}, total=98.45, total_text="98.45")
    assert "JX011" in codes(fs(tmp_path, capsys, short, "national"))
    from jixiao.udfs.profiles import get_profile

    rule = tmp_path / "no_c8.toml"
    rule.write_text('id = "no_c8"\nname = "不要求偏差原因"\nextends = "national"\n\n'
                    '[checks]\nscore_below_weight_needs_reason = false\n', "utf-8")
    assert get_profile(str(rule)).score_below_weight_needs_reason is False
    assert "JX011" not in codes(fs(tmp_path, capsys, short, str(rule)))


def test_over_achievement_against_a_zero_target_names_the_value_c7(tmp_path, capsys):
    """广西: a target of 0 has no completion rate; the finding names the value reached, not “完成率 0.00%”."""
    zero = case(indicators={0: {"name": "安全事故数", "target": "≥0起", "actual": "40起"}})
    (hit,) = [f for f in fs(tmp_path, capsys, zero, "guangxi") if f["code"] == "JX014"]
    assert "指标值为 0" in hit["message"] and "40起" in hit["message"] and "0.00%" not in hit["message"]
