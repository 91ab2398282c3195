"""The scoring core's rules, one behaviour per test, with the figures worked out by hand."""

import pytest
from jixiao.udfs import (
    PROFILES,
    ProfileError,
    ScoringError,
    UnitMismatch,
    completion,
    get_profile,
    grade,
    load_profile_file,
    rate,
    rate_score,
    score_indicator,
    total,
)
from jixiao.udfs.rounding import round_to


def s(target, actual, weight, profile="national", **kw):
    return score_indicator(target, actual, weight, profile, **kw).score


class TestRounding:
    def test_decimal_mode_is_excel_round(self):
        assert round_to(4.415, 2, "half_up_decimal") == 4.42
        assert round_to(2.675, 2, "half_up_decimal") == 2.68  # binary 2.67499…, Excel shows 2.68
        # 99.35% × 10 is 9.934999999999999 (16 digits): Excel reads 15 digits, 9.935, and gives 9.94
        assert 99.35 / 100 * 10 != 9.935 and round_to(99.35 / 100 * 10, 2, "half_up_decimal") == 9.94

    def test_national_rate_score_is_the_exact_decimal_for_every_rate(self):
        """Every two-decimal rate from 0% to 120%, several weights: 执行率 × 分值 rounded half up on the
        decimal value, as a finance officer (and Excel's ROUND) computes it."""
        from decimal import ROUND_HALF_UP, Decimal

        for w in (10, 5, 15, 12.5):
            for p in range(0, 12001):
                exact = (Decimal(min(p, 10000)) / 10000 * Decimal(str(w))).quantize(Decimal("0.01"), ROUND_HALF_UP)
                assert rate_score(p / 10000, w, "national") == float(exact), (p, w)

    def test_binary_mode_rounds_the_double(self):
        assert round_to((77.66 - 60) / 40 * 10, 2, "half_up_binary") == 4.41
        assert round_to((91.98 - 60) / 40 * 10, 2, "half_up_binary") == 8.00
        assert round_to((99.38 - 60) / 40 * 10, 2, "half_up_binary") == 9.84

    def test_unknown_mode(self):
        with pytest.raises(ValueError):
            round_to(1.0, 2, "bankers")


class TestRate:
    def test_rate_is_two_decimal_percent(self):
        assert rate(32.20, 32.40) == pytest.approx(0.9938)
        assert rate("693.68", "1,994.00") == pytest.approx(0.3479)

    def test_rate_needs_budget(self):
        with pytest.raises(ScoringError, match="全年预算数"):
            rate(5, 0)
        with pytest.raises(ScoringError, match="全年执行数"):
            rate(None, 10)

    def test_national_rate_score(self):
        assert rate_score(0.9316, 10) == 9.32
        assert rate_score("100%", 10) == 10
        assert rate_score(1.05, 10) == 10  # capped at 分值
        assert rate_score(0.5664, 10) == 5.66

    def test_xinjiang_rate_score(self):
        for pct, want in [("99.38%", 9.84), ("77.66%", 4.41), ("91.98%", 8.00), ("76.81%", 4.20),
                          ("75.72%", 3.93), ("75.52%", 3.88), ("59.99%", 0.0), ("60%", 0.0), ("100%", 10.0)]:
            assert rate_score(pct, 10, "xinjiang") == want, pct


class TestNationalIndicators:
    def test_positive_proportional_and_capped(self):
        assert s("100人", "52人", 15) == 7.80
        assert s("≥95%", "99%", 10) == 10
        assert s("100%", "99.93%", 10) == 9.99
        assert s(">=1 次", "=2 次", 10) == 10

    def test_reverse_full_within_limit_else_ratio(self):
        assert s("≤4135.45万元", "4000万元", 12) == 12
        assert s("≤4135.45万元", "4637.81万元", 12) == 10.70  # 4135.45 / 4637.81 × 12
        assert s("≤2次", "0次", 5) == 5

    def test_cost_indicator_within_limit(self):
        assert s("5万元", "4.8万元", 10, level1="成本指标") == 10
        assert s("5万元", "6万元", 10, level1="成本指标") == 8.33

    def test_equal(self):
        assert s("=100%", "99.38%", 15) == 14.91

    def test_range(self):
        assert s("90%-95%", "93%", 10) == 10
        assert s("90%-95%", "81%", 10) == 9.0
        assert s("90%-95%", "100%", 10) == 9.5

    def test_zero_targets(self):
        assert s("≤0起", "0起", 5) == 5
        assert s("≤0起", "1起", 5) == 0

    def test_explicit_direction_overrides_comparator(self):
        assert s("100", "120", 10, direction="反向") == 8.33
        with pytest.raises(ScoringError, match="指标方向"):
            s("100", "120", 10, direction="横向")

    def test_percent_cell_fraction_against_percent_target(self):
        assert s("≥90%", 0.9938, 10) == 10
        assert s("=100%", 0.9938, 10) == 9.94
        assert s(1.0, "99.38%", 10) == 9.94  # a %-formatted target cell

    def test_qualitative_tiers(self):
        assert s("显著加强", "显著加强", 20) == 20
        assert s("2期", "已完成", 2) == 2
        assert s("有效提高", "基本完成", 10) == 6
        assert s("有效提高", "未完成", 10) == 0
        assert s("长期", "持续", 10) == 10  # unknown words count as met (profile: unknown = met)

    def test_qualitative_target_numeric_actual(self):
        r = score_indicator("提高", "95%", 10, "national")
        assert r.score == 10 and r.notes

    def test_dates(self):
        assert s("2023 年 12 月 10 日前", "2023 年 12 月 10 日", 10) == 10
        assert s("2023年12月10日前", "2023年11月30日", 10) == 10
        assert s("12月底前", "2023年12月31日", 10) == 10
        assert s("2023年6月30日前", "2023年7月2日", 10) == 0
        assert s("2023年6月30日前", "已完成", 10) == 10
        assert s("2023年6月30日前", "100%", 10) == 10
        with pytest.raises(ScoringError, match="日期"):
            s("2023年6月30日前", "3次", 10)

    def test_units_must_agree(self):
        with pytest.raises(UnitMismatch, match="万元"):
            s("≤44.80万元", "=251700元", 10)
        with pytest.raises(UnitMismatch, match="百分比"):
            s("≥90%", "95人", 10)
        r = score_indicator("≥100人", "105名", 10, "national")
        assert r.score == 10 and "写法不同" in r.notes[0]

    def test_bad_inputs_name_the_problem(self):
        with pytest.raises(ScoringError, match="实际完成值为空"):
            s("≥90%", None, 10)
        with pytest.raises(ScoringError, match="年度指标值为空"):
            s("", "90%", 10)
        with pytest.raises(ScoringError, match="分值"):
            s("≥90%", "90%", "十分")
        with pytest.raises(ScoringError, match="应填写数值"):
            s("≥3次", "很好", 10)

    def test_completion(self):
        assert completion(">=3 次", "=2 次") == pytest.approx(2 / 3)
        assert completion("显著加强", "显著加强") is None
        assert completion("≥90%", 0.99) == pytest.approx(1.1)


class TestXinjiangIndicators:
    def test_threshold_on_completion(self):
        assert s("≤162 人", "=161 人", 15, "xinjiang") == 14.77
        assert s("=100%", "=99.38%", 15, "xinjiang") == 14.77
        assert s("<=55.20万元", "=52.49万元", 10, "xinjiang", level1="成本指标") == 8.77
        assert s("<=44.80万元", "=25.17万元", 10, "xinjiang", level1="成本指标") == 0
        assert s("<=31.80 万元", "=21.54 万元", 10, "xinjiang", level1="成本指标") == 1.93
        assert s("=11.54 万元", "=11.43 万元", 10, "xinjiang", level1="成本指标") == 9.76

    def test_over_achievement_capped(self):
        assert s("<=2次", "=5次", 10, "xinjiang") == 10  # seed 003 项目5: full marks, direction is suspect


class TestTotalAndGrade:
    def test_total_is_exact_sum(self):
        parts = [9.84, 14.77, 14.77, 10, 19.69, 10, 10, 10]
        assert total(parts, "xinjiang") == 99.07
        assert total(["10.00", None, 5.5]) == 15.5

    @pytest.mark.parametrize(("score", "want"), [(100, "优"), (90, "优"), (89.99, "良"), (80, "良"),
                                                 (79.99, "中"), (60, "中"), (59.99, "差"), (0, "差")])
    def test_grade_bands(self, score, want):
        assert grade(score) == want

    def test_grade_needs_total(self):
        with pytest.raises(ScoringError):
            grade(None)


class TestProfiles:
    def test_builtin_profiles_are_declared_data(self):
        assert {"national", "xinjiang"} <= set(PROFILES)
        for p in PROFILES.values():
            assert p.name and p.document and p.source.endswith(".toml")

    def test_lookup_by_alias_and_name(self):
        assert get_profile("新疆").id == "xinjiang"
        assert get_profile(None).id == "national"
        assert get_profile("全国通用（财预〔2020〕10号）").id == "national"
        with pytest.raises(ProfileError, match="未知的计分规则"):
            get_profile("mars")

    def test_provincial_switch_is_a_field(self):
        # 另一种反向算法：(1 − (B − A)/A) × w，B ≥ 2A 时 0 分
        p = get_profile("national").derive(id="relative", methods={"reverse": "relative_excess"})
        assert s("≤100万元", "120万元", 10, p) == 8.0
        assert s("≤100万元", "200万元", 10, p) == 0
        assert s("≤100万元", "90万元", 10, p) == 10

    def test_bad_profile_field(self):
        with pytest.raises(ProfileError):
            get_profile("national").derive(rate_method="magic")

    def test_profile_file(self, tmp_path):
        f = tmp_path / "sichuan.toml"
        f.write_text(
            'id = "sc"\nname = "四川（示例）"\ndocument = "示例"\n[rate]\nmethod = "proportional"\n'
            "[checks]\nlow_rate_reason_below = 0.9\n",
            encoding="utf-8",
        )
        p = load_profile_file(f)
        assert p.low_rate_reason_below == 0.9 and p.method_for("reverse") == "within_limit"
        assert get_profile(str(f)).id == "sc"
        f.write_text("id = 1\n", encoding="utf-8")
        with pytest.raises(ProfileError, match="格式有误"):
            load_profile_file(f)


def test_profiles_doc_is_generated_from_the_profiles():
    from pathlib import Path

    from jixiao.addin.docs import profiles_markdown

    doc = profiles_markdown()
    assert "## `xinjiang`" in doc and "二进制" in doc
    committed = (Path(__file__).parents[1] / "docs" / "profiles.md").read_text("utf-8")
    assert committed == doc, "docs/profiles.md is stale: run python -m jixiao.addin.docs"


class TestTypedErrors:
    """Each error carries the check code it is reported under and the input it is about (issue 11)."""

    def _err(self, call):
        from jixiao.udfs import JixiaoError

        with pytest.raises(JixiaoError) as e:
            call()
        return e.value

    def test_date_actual_against_a_unit_target_is_jx009_about_the_actual(self):
        e = self._err(lambda: score_indicator("≥3个单位", "2023年5月1日", 10))
        assert (type(e).__name__, e.code, e.role) == ("ScoringError", "JX009", "actual")
        assert "单位" in str(e) and "日期" in str(e)  # the sentence still quotes the user's 单位

    @pytest.mark.parametrize(
        ("call", "cls", "code", "role"),
        [
            (lambda: score_indicator("1x", "3", 5), "ValueReadError", "JX009", "target"),
            (lambda: score_indicator("≥3次", "1x", 5), "ValueReadError", "JX009", "actual"),
            (lambda: score_indicator("", "3次", 5), "ScoringError", "JX009", "target"),
            (lambda: score_indicator("≥3次", None, 5), "ScoringError", "JX009", "actual"),
            (lambda: score_indicator("≥3次", "3次", "十分"), "ScoringError", "JX009", "weight"),
            (lambda: score_indicator("≥3次", "3次", None), "ScoringError", "JX009", "weight"),
            (lambda: score_indicator("≥3次", "3次", -1), "ScoringError", "JX009", "weight"),
            (lambda: score_indicator("≥3次", "很好", 5), "ScoringError", "JX009", "actual"),
            (lambda: score_indicator("≤44.80万元", "251700元", 10), "UnitMismatch", "JX010", "actual"),
            (lambda: score_indicator("≥90%", "95人", 10), "UnitMismatch", "JX010", "actual"),
            (lambda: score_indicator("2023年6月30日前", "3次", 10), "ScoringError", "JX009", "actual"),
            (lambda: score_indicator("100", "120", 10, direction="横向"), "ScoringError", "JX009", "direction"),
            (lambda: score_indicator("≥3次", "3次", 5, "mars"), "ProfileError", None, None),
            (lambda: completion("≥3次", "2023年13月1日"), "ValueReadError", "JX009", "actual"),
            (lambda: completion(None, "3次"), "ScoringError", "JX009", "target"),
            (lambda: rate(5, 0), "ScoringError", "JX009", "budget"),
            (lambda: rate("很多", 10), "ValueReadError", "JX009", "spent"),
            (lambda: rate(5, "52490元"), "ValueReadError", "JX009", "budget"),
            (lambda: rate(None, 10), "ScoringError", "JX009", "spent"),
            (lambda: rate_score("较高", 10), "ValueReadError", "JX009", "rate"),
            (lambda: rate_score(None, 10), "ScoringError", "JX009", "rate"),
            (lambda: rate_score(0.9, "x"), "ScoringError", "JX009", "weight"),
            (lambda: total(["9.5", "很多"]), "ValueReadError", "JX009", "score"),
            (lambda: grade("良好"), "ValueReadError", "JX009", "total"),
            (lambda: grade(None), "ScoringError", "JX009", "total"),
        ],
    )
    def test_code_and_role(self, call, cls, code, role):
        e = self._err(call)
        assert (type(e).__name__, e.code, e.role) == (cls, code, role)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(e))

    def test_role_is_checked_and_survives_pickling(self):
        import pickle

        from jixiao.udfs import JixiaoError, UnitMismatch

        with pytest.raises(ValueError):
            JixiaoError("x", role="colour")
        e = pickle.loads(pickle.dumps(UnitMismatch("单位不一致", role="actual")))
        assert (type(e), str(e), e.role, e.code) == (UnitMismatch, "单位不一致", "actual", "JX010")
        assert JixiaoError("x").about("target").about("actual").role == "target"  # the first role stays


def test_a_computed_rate_above_200_percent_is_not_read_as_percent_points():
    """rate() returns a Share: 300% stays 300% in rate_score (a bare 3.0 typed in a cell is 3%; 2.0 is 200%)."""
    from jixiao.udfs.values import Share, parse_rate

    r = rate(300, 100)
    assert isinstance(r, Share) and r == 3.0 and repr(r) == "3.0"
    assert rate_score(r, 10) == 10 and rate_score(3.0, 10) == 0.3
    assert parse_rate(Share(2.5)) == 2.5 and parse_rate(2.5) == 0.025 and parse_rate(2.0) == 2.0
