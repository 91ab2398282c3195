"""Reading 年度指标值 / 实际完成值 / 金额 the way staff type them.

A value arrives from a cell as a float, an int, a date, None or text such as ">=3 次", "＞＝95%",
"不低于95%", "1,994.00", "2023 年 12 月 10 日前", "显著加强". :func:`parse` turns it into one of

- :class:`Quantity`  — comparator + number (+ upper bound for ranges) + unit;
- :class:`DateValue` — a deadline or a completion date;
- :class:`Qualitative` — a descriptive target or result, with its 达成 tier when the words say so;
- ``None`` for an empty cell;

or raises :class:`ValueReadError` with a Chinese message saying what was expected: for an Excel error value
("#N/A", "#DIV/0!"), and for a number too large to carry cents (|x| ≥ 10¹⁵, 1e308, inf, NaN).

Where a percentage is expected — against a 年度指标值 in %, or as 执行率 — a bare number (no unit: a cell
of any number format, or text of digits) is read by one rule, :func:`percent_points`, shared by the engine
and the JX_ functions (docs/values.md)::

    |x| ≤ 2  → a fraction, x × 100 %  (0.9993 → 99.93 %, 1.8 → 180 %: what a %-formatted cell holds)
    |x| > 2  → percent points, x %    (99.93 → 99.93 %)
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
from dataclasses import dataclass

from .errors import ValueReadError

GE, GT, LE, LT, EQ, RANGE = ">=", ">", "<=", "<", "=", "range"

# Comparator spellings, longest first so "大于等于" wins over "大于". NFKC has already folded
# full-width forms (＞＝ → >=, ＝ → =).
_PREFIX_COMPARATORS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        {
            ">=": GE, "=>": GE, "≥": GE, "≧": GE, "⩾": GE, ">＝": GE,
            "大于等于": GE, "大于或等于": GE, "不低于": GE, "不少于": GE, "不小于": GE, "至少": GE,
            "达到": GE, "≮": GE,
            "<=": LE, "=<": LE, "≤": LE, "≦": LE, "⩽": LE,
            "小于等于": LE, "小于或等于": LE, "不高于": LE, "不超过": LE, "不多于": LE, "不大于": LE,
            "至多": LE, "控制在": LE, "≯": LE,
            ">": GT, "大于": GT, "高于": GT, "超过": GT, "多于": GT,
            "<": LT, "小于": LT, "低于": LT, "少于": LT,
            "=": EQ, "==": EQ, "等于": EQ,
        }.items(),
        key=lambda kv: -len(kv[0]),
    )
)
_SUFFIX_COMPARATORS: tuple[tuple[str, str], ...] = (
    ("及以上", GE), ("以上", GE), ("及以下", LE), ("以下", LE), ("以内", LE), ("之内", LE),
    ("左右", EQ),
)

# Units that name a count of things; a Chinese numeral is read only before one of these, so that
# "二十大精神" stays text while "两期" is 2 期.
COUNT_UNITS = (
    "人次", "户次", "场次", "批次", "课时", "学时", "人", "名", "个", "次", "期", "场", "家", "项",
    "件", "批", "套", "台", "辆", "篇", "份", "本", "册", "所", "处", "条", "座", "户", "天", "日",
    "月", "年", "轮", "支", "只", "张", "起", "部", "种", "类", "村", "趟",
)

# Scaled units of one dimension: comparing across them is a 10,000× mistake waiting to happen.
MONEY_UNITS = {"元": 1.0, "千元": 1e3, "万元": 1e4, "亿元": 1e8}
_UNIT_SYNONYMS = {"人/次": "人次", "％": "%", "个百分点": "%"}

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}

_NUM = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+"
_QTY_RE = re.compile(rf"^(?P<num>{_NUM})(?P<unit>(?:\D.*)?)$")
_RANGE_RE = re.compile(rf"^(?P<lo>{_NUM})(?P<u1>[^\d\-~～至到]*)(?:-|~|～|至|到|—)(?P<hi>{_NUM})(?P<unit>[^\d]*)$")
_CN_QTY_RE = re.compile(r"^(?P<num>[零〇一二两三四五六七八九十百]+)(?P<unit>.+)$")

_DATE_RE = re.compile(
    r"^(?:(?P<y>\d{4})(?:年|[-./]))?"
    r"(?:(?P<m>\d{1,2})(?:月份?|[-./])?)"
    r"(?:(?P<d>\d{1,2})(?:日|号)?|(?P<end>底|末))?"
    r"(?P<suffix>前|之前|以前|内|之内|完成|前完成|底前|末前)?$"
)
_YEAR_END_RE = re.compile(r"^(?:(?P<y>\d{4})年)?(?:年底|年末|年内|年度内|12月底|12月末)(?P<suffix>前|之前|以前|完成|前完成)?$")

# Words that decide the 达成 tier of a qualitative result. Checked negative first ("未完成"
# contains "完成"), then partial, then met.
_UNMET_WORDS = ("未完成", "未达成", "未达到", "未实现", "没有完成", "未开展", "未落实", "不达标", "不合格")
_PARTIAL_WORDS = ("部分完成", "部分达成", "部分实现", "基本完成", "基本达成", "基本实现", "基本达到",
                  "部分", "基本", "有所", "一般", "较差")
_MET_WORDS = ("已完成", "完成", "达成", "已达成", "实现", "已实现", "达到", "达标", "是", "按时",
              "按期", "及时", "全部")

MET, PARTIAL, UNMET = "达成", "部分达成", "未达成"

# What Excel shows in a cell whose formula failed; as a value it is never a figure nor a description.
EXCEL_ERRORS = ("#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
                "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#ERR")

# Beyond 10¹⁵ a double no longer holds a figure to the cent (Excel keeps 15 significant digits): such a value
# is a mistake (1e308 typed or pasted), not an amount, a weight or a rate.
MAGNITUDE_LIMIT = 1e15

# A bare number up to this (in absolute value) where a percentage is expected is a fraction: 2 → 200 %.
FRACTION_UP_TO = 2.0


def is_excel_error(v) -> bool:
    return isinstance(v, str) and v.strip().upper() in EXCEL_ERRORS


def _finite(x: float, raw: str | None = None) -> float:
    if x != x or x in (float("inf"), float("-inf")):
        raise ValueReadError("数值无效（NaN 或无穷大）")
    if abs(x) >= MAGNITUDE_LIMIT:  # the renderer writes it short: 1.0×10^308, never 309 digits
        if raw:
            raise ValueReadError("“{raw}”中的数值 {value} 过大，超出可计算范围（应小于 10^15）", raw=raw, value=x)
        raise ValueReadError("数值 {value} 过大，超出可计算范围（应小于 10^15）", value=x)
    return x


@dataclass(frozen=True)
class Quantity:
    comparator: str | None  # one of GE GT LE LT EQ RANGE, or None when none was typed
    value: float
    unit: str = ""
    high: float | None = None  # upper bound of a range "90%-95%"
    text: str = ""
    from_number: bool = False  # came from a numeric cell, not text (a %-formatted 0.9938 is a fraction)

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"


@dataclass(frozen=True)
class DateValue:
    year: int | None
    month: int
    day: int | None  # None: end of month ("12月底")
    before: bool  # "…前": a deadline, met by any date not later
    text: str = ""

    def as_date(self, default_year: int) -> _dt.date:
        year = self.year or default_year
        import calendar

        day = self.day or calendar.monthrange(year, self.month)[1]
        return _dt.date(year, self.month, day)


@dataclass(frozen=True)
class Qualitative:
    text: str
    tier: str | None = None  # MET / PARTIAL / UNMET when the words decide it


Value = Quantity | DateValue | Qualitative | None


_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """NFKC (full-width → half-width), unify ％/～, drop every kind of space and line break."""
    t = unicodedata.normalize("NFKC", text)
    return _SPACES.sub("", t).replace("～", "~").replace("－", "-")


# What counts as "nothing filled in", for every field: empty, dashes, slashes, ellipses, 无, 无数据.
# Compared after :func:`normalize`, which folds "…" to "..." and "－" to "-".
BLANK_TEXTS = ("", "-", "--", "—", "——", "/", "…", "……", "...", "无", "无数据")
_BLANK_NORMALIZED = frozenset(normalize(t) for t in BLANK_TEXTS)
# parse() keeps "无" readable: as a 完成值 it is the answer "no" (未达成), not an empty cell.
_EMPTY_VALUE = _BLANK_NORMALIZED - {normalize("无")}


def is_blank(v) -> bool:
    """True for None and for text that is only a placeholder (see :data:`BLANK_TEXTS`).

    The one blank test of the project: a 偏差原因 of "—" or "无" is no reason. :func:`parse` reads the
    same placeholders as an empty cell, except "无", which as a 完成值 is the answer "no" (未达成).
    """
    return v is None or (isinstance(v, str) and normalize(v) in _BLANK_NORMALIZED)


def _cn_int(s: str) -> int | None:
    """Small Chinese numerals: 两, 十二, 二十, 一百二十三."""
    if s in _CN_DIGITS:
        return _CN_DIGITS[s]
    total, cur = 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            cur = _CN_DIGITS[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            return None
    return total + cur


def _number(s: str) -> float:
    return float(s.replace(",", ""))


# Latin unit spellings staff use; anything else after a number ("1x") makes the value unreadable.
_LATIN_UNITS = {"m", "km", "kg", "t", "g", "h", "min", "s", "cm", "mm", "l", "ml", "kw", "kwh", "mw", "gb",
                "tb", "mb", "kb", "m2", "m3", "mbps", "gbps", "ha", "pm", "aqi", "db", "mg", "ug"}
_UNIT_SYMBOLS = set("%‰℃㎡㎞㎏²³/·()（）")


def _unit(raw: str) -> str:
    u = raw.strip()
    return _UNIT_SYNONYMS.get(u, u)


def _is_unit(u: str) -> bool:
    """CJK words, symbols such as % ㎡ /, and known latin units (m², km, GB)."""
    latin = "".join(ch for ch in u if ch.isascii() and ch.isalnum())
    if latin and latin.lower() not in _LATIN_UNITS:
        return False
    return all(
        "\u4e00" <= ch <= "\u9fff" or ch in _UNIT_SYMBOLS or (ch.isascii() and ch.isalnum()) for ch in u
    )


_PREFIX_RE = re.compile("|".join(re.escape(w) for w, _ in _PREFIX_COMPARATORS))
_PREFIX_MAP = dict(_PREFIX_COMPARATORS)
_SUFFIX_RE = re.compile("(?:" + "|".join(re.escape(w) for w, _ in _SUFFIX_COMPARATORS) + ")$")
_SUFFIX_MAP = dict(_SUFFIX_COMPARATORS)


def is_comparator(text: str) -> bool:
    """A cell holding only a comparator, in any spelling the parser reads before a number (≥, ≧, 不超过…)."""
    return text in _PREFIX_MAP


def _split_comparator(t: str) -> tuple[str | None, str]:
    comp = None
    m = _PREFIX_RE.match(t)  # alternation is tried in order: longest spellings first
    if m:
        comp, t = _PREFIX_MAP[m.group()], t[m.end():]
        if t.startswith("="):  # "≥=95%" and similar doubled signs
            t = t[1:]
    m = _SUFFIX_RE.search(t)
    if m:
        comp, t = comp or _SUFFIX_MAP[m.group()], t[: m.start()]
    return comp, t


def _parse_date(t: str, raw: str) -> DateValue | None:
    m = _YEAR_END_RE.match(t)
    if m:
        y = m.group("y")
        return DateValue(int(y) if y else None, 12, None, True, raw)
    # "1994.00" is a number; only 2023-12-10, 2023/12 and 2023.12.10 read as dates without 年月日
    if not re.search(r"[年月日号]|^(?:19|20)\d\d(?:[-/]\d{1,2}|\.\d{1,2}\.\d{1,2})", t):
        return None
    m = _DATE_RE.match(t)
    if not m or (m.group("y") is None and "月" not in t):
        return None
    month = int(m.group("m"))
    day = int(m.group("d")) if m.group("d") else None
    year = int(m.group("y")) if m.group("y") else None
    if not 1 <= month <= 12:
        raise ValueReadError("“{raw}”中的月份 {month} 不存在", raw=raw, month=month)
    if day is not None:
        try:
            _dt.date(year or 2000, month, day)
        except ValueError:
            raise ValueReadError("“{raw}”不是有效日期", raw=raw) from None
    suffix = m.group("suffix") or ""
    before = bool(suffix) or day is None or m.group("end") is not None
    return DateValue(year, month, day, before, raw)


def _tier(t: str) -> str | None:
    # Negative words first: "未完成" contains "完成". A bare "无"/"否" is a no, but "无安全事故" is not.
    if t in ("否", "无", "没有") or any(w in t for w in _UNMET_WORDS):
        return UNMET
    if any(w in t for w in _PARTIAL_WORDS):
        return PARTIAL
    if any(w in t for w in _MET_WORDS):
        return MET
    return None


def parse(value) -> Value:
    """Read one cell value. See the module docstring for what comes back."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueReadError("“{value}”是逻辑值，应为数值、日期或文字", value=value)
    if isinstance(value, (int, float)):
        return Quantity(None, _finite(float(value)), "", None, repr(value), from_number=True)
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return DateValue(value.year, value.month, value.day, False, value.isoformat())
    if not isinstance(value, str):
        raise ValueReadError("无法识别的值类型：{kind}", kind=type(value).__name__)
    return _parse_text(value)


@functools.lru_cache(maxsize=8192)
def _parse_text(value: str) -> Value:
    """Text cells repeat ("=100%", "已完成") across rows and files: parse each spelling once."""
    raw = value.strip()
    t = normalize(value)
    if t in _EMPTY_VALUE:
        return None
    if is_excel_error(raw):
        raise ValueReadError("单元格显示错误值 {raw}（公式出错），不是可用的数值", raw=raw)
    comp, body = _split_comparator(t)
    date = _parse_date(body, raw)
    if date is not None:
        return date
    m = _QTY_RE.match(body)
    if m and _is_unit(m.group("unit")):
        return Quantity(comp, _finite(_number(m.group("num")), raw), _unit(m.group("unit")), None, raw)
    m = _RANGE_RE.match(body)
    if m and comp is None and _is_unit(m.group("unit") or m.group("u1")):
        lo, hi = _finite(_number(m.group("lo")), raw), _finite(_number(m.group("hi")), raw)
        unit = _unit(m.group("unit") or m.group("u1"))
        if lo > hi:
            raise ValueReadError("“{raw}”的区间下限大于上限", raw=raw)
        return Quantity(RANGE, lo, unit, hi, raw)
    m = _CN_QTY_RE.match(body)
    if m and _unit(m.group("unit")) in COUNT_UNITS:
        n = _cn_int(m.group("num"))
        if n is not None:
            return Quantity(comp, float(n), _unit(m.group("unit")), None, raw)
    # digits, % or a comparator symbol promise a number; words like "达到预期" are plain text
    if re.search(r"[\d%]", t) or re.match(r"[<>=≥≤≧≦⩾⩽≮≯]", t):
        raise ValueReadError(
            "无法识别“{raw}”：应为带比较符的数值（如 ≥90%、=3 次、≤44.80万元）、日期（如 2023年12月10日前）或定性描述", raw=raw
        )
    return Qualitative(raw, _tier(t))


def parse_amount(value, what: str = "金额") -> float | None:
    """Read a money amount (万元): numbers, "1,994.00", "1，994.00万元". Empty → None."""
    if is_blank(value):
        return None
    q = parse(value)
    if isinstance(q, Quantity) and q.comparator in (None, EQ) and q.unit in ("", "万元"):
        return q.value
    if isinstance(q, Quantity) and q.unit in MONEY_UNITS:
        raise ValueReadError("{what}“{value}”的单位是{unit}，表中金额应以万元填写", what=what, value=value, unit=q.unit)
    raise ValueReadError("{what}“{value}”不是金额，应填写数字（万元，两位小数）", what=what, value=value)


def parse_count(value, what: str = "人数") -> float | None:
    """Read a head count: 20, "20", "20人". Empty → None."""
    if is_blank(value):
        return None
    q = parse(value)
    if isinstance(q, Quantity) and q.comparator in (None, EQ) and q.unit in ("", "人", "名") and q.value >= 0:
        return q.value
    raise ValueReadError("{what}“{value}”不是人数，应填写数字（如 20）", what=what, value=value)


class Share(float):
    """A rate the engine computed, always a fraction: :func:`parse_rate` never reads it as percent points,
    so 执行率 300% (3.0) is not taken for 3%. Behaves, prints and serialises as the float it is."""

    __slots__ = ()

    def __repr__(self) -> str:
        return float.__repr__(self)


def percent_points(q: Quantity) -> float:
    """The one reading of a number where a percentage is expected, for the engine and the JX_ functions alike:
    "99.93%" is 99.93; a bare number x (no unit, from a cell of any format or typed as text) is a fraction
    when |x| ≤ :data:`FRACTION_UP_TO` (0.9993 → 99.93, 1.8 → 180) and percent points above (99.93 → 99.93).

    Why: Excel stores a %-formatted cell as the fraction (it shows 99.93%, holds 0.9993) and neither a UDF
    nor a General cell can tell the two apart; a share beyond 200 % and a percentage under 2 % typed as a
    bare number are both rare, and the second is what a %-format or a typed "%" makes unambiguous."""
    if q.is_percent:
        return q.value
    return q.value * 100 if is_fraction(q) else q.value


def is_fraction(q: Quantity) -> bool:
    """Whether :func:`percent_points` reads ``q`` as a fraction (a bare number of at most 2)."""
    return not q.is_percent and abs(q.value) <= FRACTION_UP_TO


def fraction_of(q: Quantity) -> float:
    """:func:`percent_points` ÷ 100, exactly: a bare fraction is returned as it is, not ×100÷100."""
    return q.value if is_fraction(q) else q.value / 100


def parse_rate(value, what: str = "执行率") -> float | None:
    """Read a rate as a fraction: 0.9938, "99.38%", 99.38, by :func:`percent_points` (a :class:`Share`, as
    :func:`~.scoring.rate` returns, is always a fraction, so 300 % is not read as 3 %). A negative rate is
    refused."""
    if isinstance(value, Share):
        r = float(value)
    else:
        q = parse(value)
        if q is None:
            return None
        if not (isinstance(q, Quantity) and q.comparator in (None, EQ) and q.unit in ("", "%")):
            raise ValueReadError("{what}“{value}”无法识别，应为百分数（如 99.38%）或小数（如 0.9938）", what=what,
                                 value=value)
        r = fraction_of(q)
    if r < 0:
        raise ValueReadError("{what}“{value}”为负数，执行率不能小于 0", what=what, value=value)
    return r


_PLAIN_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$|^[-+]?\.\d+%?$")


def text_number(value) -> float | None:
    """The number a text cell means where a number belongs, when the text is more than a number: "12.3万元",
    "=12" → 12.3, 12. None for a real number, for a plain number stored as text ("190.00", "95%",
    as WPS and system exports store them: Excel's arithmetic reads those) and for anything that is no number.
    Why it matters: the form's own formulas on such a cell show #VALUE! while a reader that strips the unit
    reads a figure — the clerk sees two different forms."""
    if not isinstance(value, str) or is_blank(value) or _PLAIN_NUMBER.match(normalize(value)):
        return None
    try:  # "10分" in a 分值 cell is a spelling departments use and the templates' formulas allow for: not here
        q = parse(normalize(value))
    except ValueReadError:
        return None
    if not isinstance(q, Quantity) or q.comparator not in (None, EQ) or q.unit not in ("", "万元"):
        return None
    return q.value


_NAME_ORDINAL = re.compile(r"^(?:指标\s*\d+|\d+|[(（]\d+[)）])\s*[:：.、．]\s*")
_NAME_STANDARD = re.compile(r"(?:[<>=≥≤≧≦]+\s*)?\d+(?:\.\d+)?\s*(?:%|‰|[\u4e00-\u9fff]{1,2})?$")


def standard_in_name(name) -> str | None:
    """A standard written at the end of an indicator's name, as forms filled in haste carry it:
    "指标1:年度资金支付完成率100%" → "100%", "资金拨付及时率≥95%" → "≥95%", "每人补助标准75元" → "75元".
    None unless the tail reads as a quantity and something is left of it for the name."""
    if not isinstance(name, str):
        return None
    t = _NAME_ORDINAL.sub("", normalize(name))
    m = _NAME_STANDARD.search(t)
    if not m or m.start() == 0:
        return None
    text = m.group(0)
    try:
        q = parse(text)
    except ValueReadError:
        return None
    return text if isinstance(q, Quantity) else None
