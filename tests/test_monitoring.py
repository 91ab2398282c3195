"""运行监控 lights (issue 14, rules M1–M13): table-driven, every branch, progress to the cent of a percent.

Each row was worked out by hand from the reference: progress = current ÷ (target × month/12)."""

import pytest
from jixiao.udfs import ScoringError, get_profile
from jixiao.udfs.monitoring import (
    Light,
    expected_progress_light,
    forecast_needs_reason,
    funds_light,
    funds_rate,
    goal_light,
    indicator_light,
    js_round,
    light_needs_reason,
    month_of,
    possibility_of,
    self_evaluation_light,
    time_progress,
)

V1 = get_profile("national").derive(id="v1", monitor_version="v1")

# (target, current, month, profile, direction) → (light, rule, progress %, 完成率 % (M9))
CASES = [
    # M1 v2, ≥ targets by June (time progress 50%)
    ("≥100人", "30人", 6, "national", None, "yellow", "M1", 60.00, 30.0),  # exactly 60% → yellow
    ("≥100人", "29.99人", 6, "national", None, "red", "M1", 59.98, 29.99),
    ("≥100人", "39.99人", 6, "national", None, "yellow", "M1", 79.98, 39.99),
    ("≥100人", "40人", 6, "national", None, "green", "M1", 80.00, 40.0),  # exactly 80% → green
    ("≥100人", "119.99人", 6, "national", None, "green", "M1", 239.98, 119.99),
    ("≥100人", "120人", 6, "national", None, "blue", "M1", 240.00, 120.0),  # 120% of the year's target
    ("≥100人", "0人", 6, "national", None, "red", "M1", 0.00, 0.0),  # v2: current 0 → red
    ("100人", "45人", 6, "national", None, "green", "M1", 90.00, 45.0),  # no comparator = positive
    ("＞90%", "50%", 9, "national", None, "yellow", "M1", 74.07, 55.56),  # 50 ÷ (90 × 9/12)
    ("≥90%", 0.5, 9, "national", None, "yellow", "M1", 74.07, 55.56),  # a %-formatted cell
    ("≥12次", "1次", 1, "national", None, "green", "M1", 100.00, 8.33),  # January: 1 of 12
    ("≥12次", "11次", 12, "national", None, "green", "M1", 91.67, 91.67),
    ("≥12次", "7次", 12, "national", None, "red", "M1", 58.33, 58.33),
    ("≥3个", "1个", 7, "national", None, "red", "M1", 57.14, 33.33),  # 1 ÷ (3 × 7/12)
    ("=200万元", "100万元", 6, "national", None, "green", "M1", 100.00, 50.0),  # ＝ with a target ≠ 0 is M1
    ("≥1000人次", "1,200人次", 3, "national", None, "blue", "M1", 480.00, 120.0),
    # M1 v1: no blue shortcut, [80%, 120%) green, ≥ 120% blue, all on time progress
    ("≥100人", "29.99人", 6, V1, None, "red", "M1", 59.98, 29.99),
    ("≥100人", "30人", 6, V1, None, "yellow", "M1", 60.00, 30.0),
    ("≥100人", "40人", 6, V1, None, "green", "M1", 80.00, 40.0),
    ("≥100人", "59.99人", 6, V1, None, "green", "M1", 119.98, 59.99),
    ("≥100人", "60人", 6, V1, None, "blue", "M1", 120.00, 60.0),
    ("≥100人", "120人", 12, V1, None, "blue", "M1", 120.00, 120.0),
    ("≥100人", "0人", 6, V1, None, "red", "M1", 0.00, 0.0),
    # M2 ＝0
    ("=0起", "0起", 6, "national", None, "green", "M2", None, 0.0),
    ("=0起", "1起", 6, "national", None, "red", "M2", None, 0.0),
    # M3 ＜ / M4 ≤: within the target, whatever the month
    ("＜5起", "4起", 6, "national", None, "green", "M3", 160.00, 80.0),
    ("＜5起", "5起", 6, "national", None, "red", "M3", 200.00, 100.0),
    ("≤5起", "5起", 6, "national", None, "green", "M4", 200.00, 100.0),
    ("≤5起", "5.01起", 6, "national", None, "red", "M4", 200.40, 100.2),
    ("≤44.80万元", "10万元", 6, "national", None, "green", "M4", 44.64, 22.32),
    ("100", "130", 6, "national", "反向", "red", "M4", 260.00, 130.0),  # the direction column decides
    # M5 qualitative
    ("有效提高", "达成年度指标", 6, "national", None, "green", "M5", None, None),
    ("有效提高", "部分达成年度指标并具有一定效果", 6, "national", None, "yellow", "M5", None, None),
    ("有效提高", "未达成年度指标且效果较差", 6, "national", None, "red", "M5", None, None),
    ("显著加强", "显著加强", 6, "national", None, "green", "M5", None, None),
    ("2024年12月底前", "已完成", 6, "national", None, "green", "M5", None, None),
]


@pytest.mark.parametrize(("target", "current", "month", "profile", "direction", "light", "rule", "progress", "m9"),
                         CASES)
def test_indicator_lights(target, current, month, profile, direction, light, rule, progress, m9):
    got = indicator_light(target, current, month, profile, direction)
    assert (got.light, got.rule, got.reason) == (light, rule, None)
    assert (None if got.progress is None else round(got.progress * 100, 2)) == progress
    assert got.completion == m9


def test_at_least_thirty_cases_cover_every_rule():
    assert len(CASES) >= 30
    assert {c[6] for c in CASES} == {"M1", "M2", "M3", "M4", "M5"}
    assert {c[5] for c in CASES} == {"red", "yellow", "green", "blue"}


@pytest.mark.parametrize(("target", "current", "fragment"), [
    (None, "3人", "年度指标值为空"),
    ("≥3人", "", "当前完成值为空"),
    ("≥3人", "—", "当前完成值为空"),
    ("≥3人", "按计划推进", "应为数值"),
    ("有效提高", "按计划推进", "档次"),
    ("有效提高", "95%", "达成"),
    ("≥0人", "3人", "为 0 或负数"),
    ("≥90%", "95人", "单位不一致"),
    ("90%-95%", "93%", "区间"),
    ("1x", "3", "1x"),
    ("≥3人", "2023年13月1日", "月份"),
])
def test_no_light_says_why(target, current, fragment):
    got = indicator_light(target, current, 6)
    assert got.light is None and fragment in str(got.reason)


def test_month_text_and_default():
    assert indicator_light("≥100人", "60人", "1-9月").progress == pytest.approx(0.8)
    assert indicator_light("≥100人", "30人").progress == pytest.approx(0.6)  # default 6
    assert get_profile("national").derive(id="m7", monitor_month=7).monitor_month == 7
    with pytest.raises(ScoringError, match="监控月份"):
        indicator_light("≥100人", "30人", 13)
    assert time_progress(6) == 0.5
    with pytest.raises(ScoringError):
        time_progress(0)


@pytest.mark.parametrize(("text", "month"), [
    ("1-6月", 6), ("1—7月", 7), ("1至9月", 9), ("截至9月底", 9), ("截至2024年8月31日", 8), ("监控期：1-6月", 6),
    ("2024年1-6月", 6), ("1月-8月", 8), ("１－６月", 6), ("1～6月执行数", 6), ("1-12月", 12), ("截止10月", 10),
    ("上半年", 6), ("前三季度", 9), ("9月底", 9), (6, 6), (6.0, 6), ("运行监控", None), ("", None), (None, None),
    ("1-13月", None), (13, None), (True, None),
])
def test_month_of(text, month):
    assert month_of(text) == month


# 河北 偏离度 (M11) and C29
@pytest.mark.parametrize(("target", "current", "deviation", "over"), [
    ("≥100人", "115人", 15.0, False),  # not more than 15%
    ("≥100人", "115.01人", 15.01, True),
    ("≥100人", "80人", -20.0, False),
    ("=100人", "100.5人", 0.5, True),  # ＝: any excess
    ("=100人", "100人", 0.0, False),
    ("≥3个", "4个", 33.33, True),  # Math.round(1/3·10000)/100
])
def test_hebei_deviation(target, current, deviation, over):
    got = indicator_light(target, current, 6, "hebei")
    assert (got.deviation, got.over_deviation) == (deviation, over)
    assert indicator_light(target, current, 6, "national").deviation is None


# M6 funds, M10 rate
@pytest.mark.parametrize(("spent", "budget", "month", "light", "progress", "rate"), [
    (30, 100, 6, "yellow", 60.00, 30.0),
    (29.99, 100, 6, "red", 59.98, 29.99),
    (40, 100, 6, "green", 80.00, 40.0),
    (39.99, 100, 6, "yellow", 79.98, 39.99),
    (60, 100, 9, "green", 80.00, 60.0),
    (693.68, 1994.00, 6, "yellow", 69.58, 34.79),
    (0, 100, 6, "red", 0.00, 0.0),
    (30, 0, 6, "red", 0.00, 0.0),  # Σamt3 = 0 → 0 (since 2022)
    (120, 100, 12, "green", 120.00, 120.0),
])
def test_funds_light(spent, budget, month, light, progress, rate):
    got = funds_light(spent, budget, month)
    assert (got.light, got.rule, round(got.progress * 100, 2), got.completion) == (light, "M6", progress, rate)


def test_funds_without_figures():
    assert funds_light(None, 100, 6).light is None and "执行数" in str(funds_light(None, 100, 6).reason)
    assert funds_light(30, "很多", 6).light is None
    assert funds_rate(32.2, 32.4) == 99.38


def test_goal_light_is_the_worst():
    assert goal_light(["green", "blue", "yellow"]) == "yellow"
    assert goal_light([Light("blue", "M1"), Light("red", "M1"), Light(None, "", reason="x")]) == "red"
    assert goal_light(["blue", "green"]) == "green" and goal_light(["blue"]) == "blue"
    assert goal_light([None, Light(None, "")]) is None and goal_light([]) is None


def test_js_round_ties_toward_plus_infinity():
    assert [js_round(x) for x in (2.5, -2.5, 0.49999999999999994, 3333.3333, -0.5)] == [3, -2, 0, 3333, 0]


def test_reason_rules_follow_the_profile():
    assert light_needs_reason("red") and light_needs_reason(Light("yellow", "M1"))
    assert not light_needs_reason("green") and not light_needs_reason("blue")
    assert light_needs_reason("red", "ningxia") and not light_needs_reason("yellow", "ningxia")  # C27
    assert not light_needs_reason("red", "guangxi") and not light_needs_reason("red", "tianjin")  # C26 exempt


@pytest.mark.parametrize(("answer", "code"), [("确定能", 1), ("有可能", 2), ("完全不可能", 3), ("是", 1), ("否", 3),
                                              ("√有可能", 2), ("", None), ("—", None), (2, 2), ("不确定x", None)])
def test_completion_possibility(answer, code):
    assert possibility_of(answer) == code


def test_forecast_reason():
    assert forecast_needs_reason("有可能", "tianjin") and forecast_needs_reason("完全不可能", "tianjin")
    assert not forecast_needs_reason("确定能", "tianjin")
    assert forecast_needs_reason("否", "national") and not forecast_needs_reason("否", "hubei")  # C28 is 天津's
    assert get_profile("tianjin").completion_possibility and not get_profile("national").completion_possibility


def test_hefei_expected_progress_m8():
    assert expected_progress_light(True, True) == "green"
    assert expected_progress_light(True, False) == "yellow"
    assert expected_progress_light(False, True) == "red"


@pytest.mark.parametrize(("total", "budget", "spent", "light"), [
    (0, 100, 100, None),  # Σs = 0 → no warning
    (90, 100, 100, None),  # indicators 100%, spending 100%
    (90, 100, 94, "red"),  # (1 − 0.94)/1 = 6% > 5%
    (90, 100, 95, None),  # exactly 5%: not more
    (45, 100, 40, "red"),  # (0.5 − 0.4)/0.5 = 20%
    (45, 100, 49, "yellow"),  # (0.5 − 0.49)/0.5 = 2%, but 51% of the budget unspent > 20%
    (45, 100, 80, None),  # 20% unspent: not more
    (80, 0, 0, "red"),  # budget 0 counts as 1 in bgtscore (R23): 0 spent, the red test comes first
    (80, 0, 9, "yellow"),  # bgtscore capped at 10: not red; budget 0 → yellow
])
def test_self_evaluation_warning_r25(total, budget, spent, light):
    assert self_evaluation_light(total, budget, spent) == light
