"""Reading 指标值 and 完成值 as staff type them: real spellings from the seeds and the forms."""

import datetime as dt

import pytest
from jixiao.udfs import DateValue, Qualitative, Quantity, ValueReadError, parse, parse_amount, parse_rate

Q, D, T = Quantity, DateValue, Qualitative

# (typed value, comparator, number, unit) for quantities
QUANTITIES = [
    (">=3 次", ">=", 3, "次"),
    ("=3 次", "=", 3, "次"),
    ("≥90%", ">=", 90, "%"),
    ("＞＝95%", ">=", 95, "%"),
    ("＞=95％", ">=", 95, "%"),
    (">＝95%", ">=", 95, "%"),
    ("=100%", "=", 100, "%"),
    ("＝100％", "=", 100, "%"),
    ("100%", None, 100, "%"),
    ("≤162 人", "<=", 162, "人"),
    ("=161 人", "=", 161, "人"),
    ("<=44.80万元", "<=", 44.8, "万元"),
    ("<=134.40 万元", "<=", 134.4, "万元"),
    ("=134.4 万元", "=", 134.4, "万元"),
    ("≤40 万元", "<=", 40, "万元"),
    ("1,994.00", None, 1994, ""),
    ("1，994.00", None, 1994, ""),
    ("１９９４.００", None, 1994, ""),
    ("100人/次", None, 100, "人次"),
    ("不低于95%", ">=", 95, "%"),
    ("不少于20批", ">=", 20, "批"),
    ("不超过5个", "<=", 5, "个"),
    ("≤5 个", "<=", 5, "个"),
    ("小于等于 4135.45 万元", "<=", 4135.45, "万元"),
    ("大于等于5%", ">=", 5, "%"),
    ("大于 0", ">", 0, ""),
    ("<3次", "<", 3, "次"),
    ("＜3次", "<", 3, "次"),
    ("≧98%", ">=", 98, "%"),
    ("≦2起", "<=", 2, "起"),
    ("95%以上", ">=", 95, "%"),
    ("95%及以上", ">=", 95, "%"),
    ("5%以内", "<=", 5, "%"),
    ("2期", None, 2, "期"),
    ("两期", None, 2, "期"),
    ("十二次", None, 12, "次"),
    ("=90000 人", "=", 90000, "人"),
    (">=90000 人", ">=", 90000, "人"),
    ("=263 名", "=", 263, "名"),
    ("=1套", "=", 1, "套"),
    ("100 人", None, 100, "人"),
    ("0起", None, 0, "起"),
    ("12345", None, 12345, ""),
    ("-5%", None, -5, "%"),
    ("≥ 98 %", ">=", 98, "%"),
    ("达到95%", ">=", 95, "%"),
    ("≥1,000人次", ">=", 1000, "人次"),
    ("300 ㎡", None, 300, "m2"),
    ("20 km", None, 20, "km"),
    ("=99.38%", "=", 99.38, "%"),
    ("99.9 %\n", None, 99.9, "%"),
]


@pytest.mark.parametrize(("text", "comp", "num", "unit"), QUANTITIES)
def test_quantities(text, comp, num, unit):
    v = parse(text)
    assert isinstance(v, Quantity)
    assert (v.comparator, v.value, v.unit) == (comp, pytest.approx(num), unit)


def test_range():
    v = parse("90%-95%")
    assert (v.comparator, v.value, v.high, v.unit) == ("range", 90, 95, "%")
    v = parse("3～5个")
    assert (v.comparator, v.value, v.high, v.unit) == ("range", 3, 5, "个")


DATES = [
    ("2023 年 12 月 10 日前", (2023, 12, 10, True)),
    ("2023年12月10日之前", (2023, 12, 10, True)),
    ("=2023 年 12 月 10 日之前", (2023, 12, 10, True)),
    ("2023 年 12 月 10 日", (2023, 12, 10, False)),
    ("=2023 年 12 月 10 日", (2023, 12, 10, False)),
    ("12月底前", (None, 12, None, True)),
    ("2023年12月底前", (2023, 12, None, True)),
    ("年底前", (None, 12, None, True)),
    ("2024年6月", (2024, 6, None, True)),
    ("2023-11-30", (2023, 11, 30, False)),
    ("2023.10.31", (2023, 10, 31, False)),
    ("2023/12", (2023, 12, None, True)),
    ("6月30日前完成", (None, 6, 30, True)),
]


@pytest.mark.parametrize(("text", "want"), DATES)
def test_dates(text, want):
    v = parse(text)
    assert isinstance(v, DateValue)
    assert (v.year, v.month, v.day, v.before) == want


QUALITATIVE = [
    ("显著加强", None),
    ("有效提高", None),
    ("长期", None),
    ("保证", None),
    ("持续保障", None),
    ("逐步提高", None),
    ("进一步提升", None),
    ("已完成", "达成"),
    ("完成", "达成"),
    ("按时完成", "达成"),
    ("是", "达成"),
    ("基本完成", "部分达成"),
    ("部分达成", "部分达成"),
    ("有所提高", "部分达成"),
    ("未完成", "未达成"),
    ("未达到预期", "未达成"),
    ("否", "未达成"),
    ("无", "未达成"),
    ("无安全事故", None),
    ("学习二十大精神", None),
    ("达到预期", "达成"),
    ("不低于上年", None),
]


@pytest.mark.parametrize(("text", "tier"), QUALITATIVE)
def test_qualitative(text, tier):
    v = parse(text)
    assert isinstance(v, Qualitative)
    assert v.tier == tier


UNREADABLE = ["1x", "≥较高", "3次左右5次", "约3x次", "12:30", "1.2.3", "≥九十%", "2023年13月1日", "2023年2月30日", "95%-90%",
              "100万美元x"]


@pytest.mark.parametrize("text", UNREADABLE)
def test_unreadable_says_what_was_expected(text):
    with pytest.raises(ValueReadError) as e:
        parse(text)
    msg = str(e.value)
    assert text.strip() in msg or "月份" in msg or "日期" in msg or "区间" in msg


@pytest.mark.parametrize("blank", [None, "", "  ", "\u3000", "—", "/", "-"])
def test_empty(blank):
    assert parse(blank) is None


def test_cell_types():
    assert parse(0.9938) == Quantity(None, 0.9938, "", None, "0.9938", True)
    assert parse(3) == Quantity(None, 3.0, "", None, "3", True)
    d = parse(dt.datetime(2023, 12, 10, 0, 0))
    assert (d.year, d.month, d.day, d.before) == (2023, 12, 10, False)
    with pytest.raises(ValueReadError):
        parse(True)
    with pytest.raises(ValueReadError):
        parse(float("nan"))


def test_amounts_and_rates():
    assert parse_amount("1,994.00") == 1994.0
    assert parse_amount(693.68) == 693.68
    assert parse_amount("  ") is None
    with pytest.raises(ValueReadError, match="元"):
        parse_amount("52490元")
    with pytest.raises(ValueReadError, match="不是金额"):
        parse_amount("很多")
    assert parse_rate("99.38%") == pytest.approx(0.9938)
    assert parse_rate(0.9938) == 0.9938
    assert parse_rate(99.38) == pytest.approx(0.9938)
    with pytest.raises(ValueReadError):
        parse_rate("较高")


def test_table_has_at_least_sixty_spellings():
    n = len(QUANTITIES) + 2 + len(DATES) + len(QUALITATIVE) + len(UNREADABLE)
    assert n >= 60


@pytest.mark.parametrize("blank", [None, "", "  ", "\u3000", "-", "--", "—", "——", "/", "…", "……", "...", "无",
                                   "无数据", " — ", "－", "／"])
def test_is_blank_is_the_one_placeholder_test(blank):
    from jixiao.udfs import is_blank

    assert is_blank(blank) is True


@pytest.mark.parametrize("text", ["0", 0, 0.0, "无安全事故", "否", "已完成", "见附件", "——说明", "-5%"])
def test_is_blank_keeps_real_content(text):
    from jixiao.udfs import is_blank

    assert is_blank(text) is False


@pytest.mark.parametrize("blank", ["--", "…", "……", "...", "无数据", "——"])
def test_parse_reads_every_placeholder_as_empty(blank):
    assert parse(blank) is None
    assert parse_amount(blank) is None


def test_parse_keeps_no_as_an_answer():
    """“无” is blank as a reason, but as a 完成值 it answers “no” (是否发生事故: 无)."""
    assert parse("无") == Qualitative("无", "未达成")
