"""The profile language (issue 13): every shipped profile, every switch, the file format's strictness.
Figures worked out by hand from the reference's formulas (../shared/reference/finance-system-rules.md)."""

import pytest
from jixiao.udfs import (
    PROFILES,
    ProfileError,
    ScoringError,
    get_profile,
    grade,
    load_profile_file,
    rate,
    rate_score,
)
from jixiao.udfs import score_indicator as score
from jixiao.udfs.profile_model import keys_for
from jixiao.udfs.profiles import Grade, RateTier, workbook_ref
from jixiao.udfs.rounding import round_to, truncate_points
from jixiao.udfs.scoring import in_qualitative_band, qualitative_band, qualitative_default, tier_of

IDS = ["national", "xinjiang", "hubei", "jiangxi", "guangxi", "hebei", "ningxia", "zhejiang", "shanxi", "tianjin",
       "hefei", "integer"]


def s(target, actual, weight, profile="national", **kw):
    return score(target, actual, weight, profile, **kw).score


class TestShippedProfiles:
    def test_ids_are_the_contract(self):
        assert sorted(PROFILES) == sorted(IDS)
        assert next(iter(PROFILES)) == "national"  # `jixiao profiles` lists the default first

    @pytest.mark.parametrize("pid", IDS)
    def test_each_is_named_in_chinese_with_a_source(self, pid):
        p = PROFILES[pid]
        assert any("\u4e00" <= c <= "\u9fff" for c in p.name) and p.document and p.province
        assert p.source == f"{pid}.toml" and workbook_ref(p) == pid
        assert get_profile(p.name) is p
        for alias in p.aliases:
            assert get_profile(alias) is p

    def test_hubei_name(self):
        assert PROFILES["hubei"].name == "湖北省（执行率 20 分）" and get_profile("湖北").id == "hubei"

    def test_the_vendor_base_is_not_a_profile(self):
        assert "pmkpi" not in PROFILES
        with pytest.raises(ProfileError):
            get_profile("pmkpi")
        assert {PROFILES[i].extends for i in IDS} == {None, "pmkpi", "national"}

    def test_where_a_formula_was_not_found_the_profile_says_so(self):
        assert "SQL 未找到" in PROFILES["hebei"].note("R5") and PROFILES["hebei"].method_for("reverse") == "relative_excess"
        assert "SQL 未找到" in PROFILES["zhejiang"].note("R6")
        assert "SQL 未找到" in PROFILES["hubei"].note("R22")
        assert "SQL 未找到" in PROFILES["hebei"].note("R26")
        assert "SQL 未找到" in PROFILES["tianjin"].note("M12")
        assert "SQL 未找到" in PROFILES["guangxi"].note("C20")
        for pid in IDS:
            if PROFILES[pid].extends == "pmkpi":
                assert "SQL 未找到" in PROFILES[pid].note("M13")  # inherited from the base


class TestRateScores:
    def test_national_is_excel_round_and_xinjiang_unchanged(self):
        assert rate_score(0.9935, 10, "national") == 9.94
        assert rate_score(0.9316, 10, "national") == 9.32
        assert [rate_score(x, 10, "xinjiang") for x in (0.9938, 0.7766, 0.9198)] == [9.84, 4.41, 8.00]

    @pytest.mark.parametrize("pid", ["hubei", "guangxi", "hebei", "ningxia", "zhejiang", "shanxi", "tianjin"])
    def test_vendor_pages_use_tofixed(self, pid):
        w = 20 if pid == "hubei" else 10
        assert rate_score(0.9935, 10, pid) == 9.93  # (99.35/10).toFixed(2): 9.934999… → 9.93
        assert rate_score(0.9005, 10, pid) == 9.00  # 9.004999… → 9.00
        assert rate_score(1.0001, w, pid) == w  # > 100 → full marks
        assert rate_score(0.0, w, pid) == 0

    def test_hubei_is_out_of_20(self):
        p = PROFILES["hubei"]
        assert p.rate_weight == 20
        assert rate_score(0.9938, p.rate_weight, p) == 19.88  # (99.38/100·20).toFixed(2)
        assert rate_score(0.5, 20, p) == 10

    @pytest.mark.parametrize(("r", "want"), [(1.0, 10), (1.0001, 0), (1.2, 0), (0.9999, 7), (0.8, 7), (0.7999, 5),
                                             (0.6, 5), (0.5999, 0), (0.0, 0)])
    def test_jiangxi_tiers(self, r, want):
        assert rate_score(r, 10, "jiangxi") == want

    def test_hefei_scores_the_unrounded_rate(self):
        r = rate(32.20, 32.40, "hefei")
        assert r == 32.20 / 32.40  # no two-decimal step (R20)
        assert rate_score(r, 10, "hefei") == 9.94  # 9.938… → 9.94
        assert rate_score(1.3, 10, "hefei") == 10

    def test_integer_rounds_to_whole_points(self):
        assert rate_score(0.862, 10, "integer") == 9  # 8.62 → 9
        assert rate_score(0.845, 10, "integer") == 8  # 8.45 → 8
        assert rate_score(0.85, 10, "integer") == 9  # 8.5 → 9, half up
        assert s("≥100", "86.2", 10, "integer") == 9

    def test_vendor_rate_is_the_tofixed_percent(self):
        assert rate(32.20, 32.40, "hubei") == 0.9938
        assert rate(0, 0, "hubei") == 0 and rate(5, 0, "hubei") == 0  # R16/R17: Σamt3 = 0 → 0
        assert rate(0, 0, "zhejiang") == 1.0 and rate(5, 0, "zhejiang") == 0  # R16 浙江
        with pytest.raises(ScoringError, match="全年预算数"):
            rate(5, 0, "national")


class TestIndicatorRules:
    def test_r1_positive(self):
        assert s("≥95%", "90%", 10, "hubei") == 9.47
        assert s("≥95%", "99%", 10, "hubei") == 10
        assert s("≥0次", "0次", 10, "hubei") == 10  # i = 0 → w
        with pytest.raises(ScoringError, match="为负数"):  # issue 26: a negative count is a typing mistake, said
            s("≥10次", "-3次", 10, "hubei")  # (the system would score it 0; no silent answer for nonsense input)
        assert s("≥10%", "-3%", 10, "hubei") == 0  # a negative percentage (a fall) is a value: scored 0

    def test_r2_r3_equal_with_target_zero(self):
        for pid in ("national", "hubei", "integer"):
            assert s("=0起", "2起", 10, pid) == 0, pid  # today's bug: full marks
            assert s("=0起", "0起", 10, pid) == 10
        assert s("=100%", "99.38%", 15, "hubei") == 14.91
        with pytest.raises(ScoringError) as e:
            s("=-5", "3", 10, "hubei")
        assert e.value.role == "target"

    def test_r4_reverse_linear_to_zero_at_twice(self):
        assert s("≤5个", "7.5个", 10, "hubei") == 5.00
        assert s("≤5个", "5个", 10, "hubei") == 10
        assert s("≤5个", "10个", 10, "hubei") == 0
        assert s("＜5个", "6个", 10, "hubei") == 8.0
        assert s("≤0起", "1起", 10, "hubei") == 0
        assert s("≤5个", "7.5个", 10, "national") == 6.67  # national keeps the ratio i/a

    def test_deduction_subtracts_never_below_zero(self):
        r = score("≥90%", "85%", 10, "guangxi", deduction="2分")
        assert (r.score, r.deduction) == (7.44, 2.0)  # 9.44 − 2
        assert s("≥90%", "85%", 1, "guangxi", deduction=2) == 0
        assert s("显著加强", "显著加强", 5, "national", deduction=0.5) == 4.5
        assert s("≥90%", "85%", 10, deduction=None) == s("≥90%", "85%", 10, deduction="")
        with pytest.raises(ScoringError) as e:
            s("≥90%", "85%", 10, deduction=-1)
        assert e.value.role == "deduction"

    def test_shanxi_empty_target_scores_zero(self):
        r = score("", "85%", 10, "shanxi")
        assert r.score == 0 and r.method == "empty_target"
        with pytest.raises(ScoringError):
            score("", "85%", 10, "hubei")


class TestQualitativeBands:
    @pytest.mark.parametrize(("tier", "w", "band"), [
        ("达成", 10, (8.0, 10.0, True)), ("部分达成", 10, (6.0, 8.0, False)), ("未达成", 10, (0.0, 6.0, False)),
        ("met", 7.5, (6.0, 7.5, True)), (2, 3.33, (2.0, 2.66, False)), ("未达成年度指标且效果较差", 3.33, (0.0, 2.0, False)),
        ("部分达成年度指标并具有一定效果", 0.5, (0.3, 0.4, False)),
    ])
    def test_band(self, tier, w, band):
        assert qualitative_band(tier, w, "hubei") == band

    def test_a_stated_score_inside_its_band_is_accepted(self):
        assert in_qualitative_band(7, "部分达成", 10)  # today's error case
        assert not in_qualitative_band(8, "部分达成", 10)
        assert in_qualitative_band(10, "达成", 10) and in_qualitative_band("8分", "达成", 10)
        assert not in_qualitative_band(6, "未达成", 10) and in_qualitative_band(5.99, "未达成", 10)

    def test_default_point(self):
        assert [qualitative_default(t, 10) for t in ("达成", "部分达成", "未达成")] == [10, 6, 0]
        assert qualitative_default("部分达成", 5, "integer") == 3
        with pytest.raises(ScoringError):
            tier_of("很好")

    def test_band_switch_per_profile(self):
        assert PROFILES["national"].qualitative_band_check and PROFILES["hubei"].qualitative_band_check
        assert not PROFILES["xinjiang"].qualitative_band_check


class TestRounding:
    @pytest.mark.parametrize(("x", "want"), [(1.239, 1.23), (2.999, 2.99), (-1.239, -1.23), (0.29, 0.29), (5, 5)])
    def test_truncate_is_getpointnum(self, x, want):
        assert truncate_points(x) == want

    @pytest.mark.parametrize(("x", "want"), [(1.005, 1.00), (8.125, 8.13), (-8.125, -8.13), (99.35 / 10, 9.93),
                                             (0.9935 * 10, 9.94), (2.5, 2.5)])
    def test_tofixed_examples(self, x, want):
        assert round_to(x, 2, "js_tofixed") == want

    def test_whole_points(self):
        assert round_to(8.62, 0, "half_up_decimal") == 9 and round_to(8.5, 0, "half_up_decimal") == 9


class TestGrades:
    def test_strict_and_gap(self):
        p = get_profile("national").derive(id="strict90", grades=(
            Grade("优", 90, strict=True), Grade("良", 80, below=90), Grade("中", 60, below=80),
            Grade("差", 0, below=60)))
        assert grade(90.01, p) == "优" and grade(89.99, p) == "良" and grade(59, p) == "差"
        with pytest.raises(ScoringError, match="等级区间") as e:
            grade(90, p)  # the shipped “> 90” script gives no grade at exactly 90
        assert e.value.role == "total"

    def test_80_70_60(self):
        p = get_profile("national").derive(id="r24", grades=(Grade("优", 80), Grade("良", 70), Grade("中", 60),
                                                              Grade("差", 0)))
        assert [grade(x, p) for x in (80, 79.99, 70, 69.99, 60, 59.99)] == ["优", "良", "良", "中", "中", "差"]

    def test_bands_must_descend(self):
        with pytest.raises(ProfileError, match="从高到低"):
            get_profile("national").derive(grades=(Grade("差", 0), Grade("优", 90)))

    @pytest.mark.parametrize(("field", "value", "msg"), [("rate_floor", 1.0, "起算线"), ("indicator_floor", 1.0, "起算线"),
                                                         ("reverse_zero_at", 1.0, "倍数")])
    def test_values_the_rules_divide_by_are_refused(self, field, value, msg):
        with pytest.raises(ProfileError, match=msg):
            get_profile("national").derive(**{field: value})


class TestChecksData:
    """The review checks' switches, as the checks package reads them."""

    def test_guangxi(self):
        p = PROFILES["guangxi"]
        assert (p.over_achievement_reason_above, p.over_achievement_inclusive, p.over_achievement_reverse,
                p.over_achievement_zero_target) == (1.3, True, True, 30)
        assert p.qualitative_needs_description and (p.budget_adjust_limit, p.total_cap_when_exceeded) == (0.3, 90)
        assert p.remark_forbidden_chars == " *_-" and p.monitor_reason_for == ()

    def test_provincial_switches(self):
        assert PROFILES["zhejiang"].max_rate is None and PROFILES["hubei"].max_rate == 1.0
        assert PROFILES["zhejiang"].weight_basis == "set" and not PROFILES["zhejiang"].weight_sums_must_match
        assert PROFILES["ningxia"].low_total_needs_problems_below == 80
        assert PROFILES["ningxia"].monitor_reason_for == ("red",)
        assert PROFILES["shanxi"].default_cost_indicator_max == 5 and PROFILES["shanxi"].funds_sources_must_match
        assert PROFILES["hebei"].deviation_limit == 0.15 and PROFILES["hebei"].monitor_deviation
        assert PROFILES["tianjin"].completion_possibility and PROFILES["hefei"].description_max_length == 1000
        assert all(PROFILES[i].weight_must_be_positive for i in IDS if PROFILES[i].extends == "pmkpi")
        assert PROFILES["hubei"].over_achievement_inclusive and not PROFILES["national"].over_achievement_inclusive
        for pid in ("national", "xinjiang"):  # the vendor-only checks stay off; 执行数 ≤ 预算数 holds (JX007, C16)
            p = PROFILES[pid]
            assert p.max_rate == 1.0 and not p.weight_must_be_positive and p.rate_weight == 10

    def test_keys_name_the_rules(self):
        assert [k.path for k in keys_for("C16")] == ["checks.max_rate"]
        assert "rate.tiers" in [k.path for k in keys_for("R19")]


class TestFileFormat:
    def _write(self, tmp_path, text, name="p.toml"):
        f = tmp_path / name
        f.write_text(text, encoding="utf-8")
        return f

    @pytest.mark.parametrize(("text", "key"), [
        ('id = "x"\nname = "试"\ncolour = 1\n', "colour"),
        ('id = "x"\nname = "试"\n[rate]\nflor = 0.6\n', "rate.flor"),
        ('id = "x"\nname = "试"\n[checks]\nmax_rat = 1\n', "checks.max_rat"),
        ('id = "x"\nname = "试"\n[[grades]]\ngrade = "优"\nmin = 90\nmax = 100\n', "grades[1].max"),
        ('id = "x"\nname = "试"\n[rate]\nmethod = "tiers"\n[[rate.tiers]]\nmin = 1\nshare = 1\npoints = 2\n',
         "rate.tiers[1].points"),
        ('id = "x"\nname = "试"\n[monitr]\nversion = "v1"\n', "monitr"),
    ])
    def test_unknown_key_names_the_key_and_the_file(self, tmp_path, text, key):
        f = self._write(tmp_path, text)
        with pytest.raises(ProfileError) as e:
            load_profile_file(f)
        assert f"“{key}”" in str(e.value) and str(f) in str(e.value)

    def test_extends_and_overrides(self, tmp_path):
        f = self._write(tmp_path, 'id = "hb2"\nname = "湖北（试）"\nextends = "hubei"\n[rate]\nweight = 15\n'
                                  '[notes]\nR5 = "试"\n')
        p = load_profile_file(f)
        assert (p.rate_weight, p.rate_score_rounding, p.method_for("reverse")) == (15, "js_tofixed", "relative_excess")
        assert p.note("R5") == "试" and p.note("R22") == PROFILES["hubei"].note("R22")
        with pytest.raises(ProfileError, match="不存在"):
            load_profile_file(self._write(tmp_path, 'id = "y"\nname = "试"\nextends = "mars"\n'))

    @pytest.mark.parametrize("text", [
        'id = "x"\nname = "试"\n[rate]\nmethod = "tiers"\n',  # tiers without a table
        'id = "x"\nname = "试"\n[qualitative]\npartial = 0.9\n',  # default point outside its band
        'id = "x"\nname = "试"\n[rounding]\nmode = "bankers"\n',
        'id = "x"\nname = "试"\n[monitor]\nreason_for = ["purple"]\n',
        'id = "x"\nname = "试"\n[notes]\nX1 = "?"\n',
        'id = "x"\nname = "试"\n[checks]\nweight_must_be_positive = 1\n',
        'id = "x"\n',
    ])
    def test_bad_values(self, tmp_path, text):
        with pytest.raises(ProfileError):
            load_profile_file(self._write(tmp_path, text))

    def test_rate_tier_describes_itself(self):
        assert RateTier(100, 1.0, max=100).describe() == "= 100% → 1×分值"
        assert RateTier(80, 0.7, below=100).describe() == "[80%, 100%) → 0.7×分值"


@pytest.mark.parametrize(("target", "actual", "profile", "want"), [
    ("≥80", "96", "national", False),  # national: more than 120%
    ("≥80", "96.01", "national", True),
    ("≥80", "96", "hubei", True),  # R14: a ≥ i × 1.2, exactly (80 × 1.2 = 96)
    ("≥80", "95.99", "hubei", False),
    ("=0.1", "0.13", "guangxi", True),  # 0.1 × 1.3 = 0.13 exactly, as floatMul
    ("≤5", "7", "hubei", False),  # reverse targets: not checked…
    ("≤5", "6.5", "guangxi", True),  # …except in 广西 (C7)
    ("=0", "30", "guangxi", True),  # 广西: target 0 and a ≥ 30
    ("=0", "29.99", "guangxi", False),
    ("=0", "100", "hubei", False),
    ("90%-95%", "200%", "guangxi", False),
    ("显著加强", "显著加强", "guangxi", False),
    ("≥90%", "200人", "guangxi", False),  # units that cannot be compared
    ("≥80", "200", "xinjiang", True),
])
def test_over_achieved(target, actual, profile, want):
    from jixiao.udfs.scoring import over_achieved

    assert over_achieved(target, actual, profile) is want


class TestGeneratedDocs:
    def test_coverage_counts(self):
        from jixiao.addin.checks import RULES
        from jixiao.udfs.profile_docs import coverage, coverage_counts

        codes = {ref: code for code in sorted(RULES, reverse=True) for ref in RULES[code].covers}
        c = coverage_counts(coverage(codes))
        assert {k: v["总数"] for k, v in c.items()} == {"R": 28, "M": 13, "C": 31}
        assert (c["R"]["实现"], c["R"]["说明"], c["R"]["未覆盖"]) == (21, 7, 0)
        assert (c["M"]["实现"], c["M"]["说明"]) == (12, 1)
        # a review check counts only where a check covers it: C14/C15/C25 (system pages), C17/C18 (山西's funds
        # directions, 合肥's 完成情况 length: no such cells on the forms read) are not, whatever their switches
        assert (c["C"]["实现"], c["C"]["说明"], c["C"]["未覆盖"]) == (25, 1, 5)
        assert coverage_counts()["C"]["实现"] == 5  # without the checks: the five scoring functions implement

    def test_every_reference_rule_is_a_row(self):
        from jixiao.udfs.profile_docs import coverage, profiles_markdown

        rows = {r["rule"]: r for r in coverage()}
        assert len(rows) == 72
        assert rows["C16"]["keys"] == ["checks.max_rate"] and "zhejiang" not in rows["C16"]["profiles"]
        assert rows["R19"]["profiles"] == ["jiangxi"] and rows["R5"]["status"] == "说明"
        doc = profiles_markdown()
        for rule in rows:
            assert f"\n| {rule} | " in doc

    def test_check_codes_from_the_checks_package(self):
        from jixiao.udfs.profile_docs import coverage_counts, profiles_markdown

        doc = profiles_markdown({"C13": "JX009", "C16": "JX030"})
        assert "| C13 | 定量指标值须为数值 | 实现 | — | — | JX009 |" in doc and "JX030" in doc
        assert "C 7/31" in doc and "C 5/31" in profiles_markdown()  # a switch alone implements no check
        assert coverage_counts()["C"]["实现"] == 5

    @pytest.mark.parametrize("pid", IDS)
    def test_each_profile_has_its_section_with_province_and_source(self, pid):
        from jixiao.udfs.profile_docs import profiles_markdown

        p = PROFILES[pid]
        doc = profiles_markdown()
        section = doc.split(f"## `{pid}` — {p.name}\n", 1)[1].split("\n## ", 1)[0]
        assert f"地区：{p.province}" in section and f"依据：{p.document}" in section
        for rule, _ in p.notes:
            assert f"- {rule}：" in section

    def test_the_addin_entry_point_delegates(self):
        """docs/profiles.md passes the checks package's coverage: each rule's `covers` maps to its code."""
        from jixiao.addin.checks import RULES
        from jixiao.addin.docs import profiles_markdown as addin_doc
        from jixiao.udfs.profile_docs import profiles_markdown

        codes = {}
        for code in sorted(RULES):
            for ref in RULES[code].covers:
                codes.setdefault(ref, code)
        assert codes["C9"] == "JX027" and codes["C10"] == "JX028" and codes["C16"] == "JX007"
        assert addin_doc() == profiles_markdown(codes) and addin_doc({"C1": "JX031"}) == profiles_markdown({"C1": "JX031"})


def test_a_rule_file_is_read_once_per_version(tmp_path):
    """Every JX_ cell of a workbook names its rule file: it is parsed once, and again after it changes."""
    import os

    from jixiao.udfs.profiles import get_profile

    rule = tmp_path / "r.toml"
    rule.write_text('id = "r"\nname = "甲"\nextends = "national"\n', "utf-8")
    first = get_profile(str(rule))
    assert get_profile(str(rule)) is first and first.name == "甲"
    rule.write_text('id = "r"\nname = "乙"\nextends = "national"\n', "utf-8")
    st = rule.stat()
    os.utime(rule, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert get_profile(str(rule)).name == "乙"
