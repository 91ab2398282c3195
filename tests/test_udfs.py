"""The JX_ worksheet functions: what Excel passes in, what a cell gets back, and their metadata."""

import inspect
import subprocess
import sys
import types

import pytest
from jixiao.udfs import functions as F

NAMES = ["JX_RATE", "JX_RATE_SCORE", "JX_COMPLETION", "JX_SCORE", "JX_TOTAL", "JX_GRADE"]


def test_values_from_cells():
    assert F.jx_rate(32.20, 32.40) == pytest.approx(0.9938)
    assert F.jx_rate([[32.20]], [[32.40]]) == pytest.approx(0.9938)  # one-cell ranges
    assert F.jx_rate_score(0.9938, 10.0, "xinjiang") == 9.84
    assert F.jx_rate_score("93.16%", 10.0) == 9.32
    assert F.jx_completion("≤162 人", "=161 人") == pytest.approx(161 / 162)
    assert F.jx_completion("长期", "长期") == ""
    assert F.jx_score("≤162 人", "=161 人", 15.0, "新疆") == 14.77
    assert F.jx_score("≤4135.45万元", "4637.81万元", 12.0) == 10.70
    assert F.jx_score("100", "120", 10.0, None, "反向") == 8.33
    assert F.jx_total([[9.84, 14.77], [None, "14.77"]], [[10.0]]) == 49.38
    assert F.jx_grade(81.53) == "良"
    assert F.jx_grade(99.07, "xinjiang") == "优"


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: F.jx_score("1x", "3", 5.0), "1x"),
        (lambda: F.jx_score(">=3 次", None, 5.0), "实际完成值为空"),
        (lambda: F.jx_score(">=3 次", "3次", None), "分值为空"),
        (lambda: F.jx_score("≤44.80万元", "251700元", 10.0), "单位不一致"),
        (lambda: F.jx_rate(5.0, 0.0), "全年预算数"),
        (lambda: F.jx_rate([[1.0, 2.0]], 3.0), "单个单元格"),
        (lambda: F.jx_grade("良好"), "总分"),
        (lambda: F.jx_score(">=3 次", "3次", 5.0, "火星"), "未知的计分规则"),
        (lambda: F.jx_total([[1.0, "错误：实际完成值为空"]]), "错误值"),
        (lambda: F.jx_rate_score("错误：全年预算数为空", 10.0), "错误"),
        (lambda: F.jx_total([[1e308, 1e308]]), "超出可计算范围"),
        (lambda: F.jx_rate(50.0, 1e-320), "超出可计算范围"),
        (lambda: F.jx_total([[True, 5.0]]), "逻辑值"),
        (lambda: F.jx_total([[float("nan"), 1.0]]), "NaN"),
    ],
)
def test_errors_are_short_chinese_text(call, fragment):
    out = call()
    assert isinstance(out, str) and out.startswith("错误：") and fragment in out
    assert "Traceback" not in out and len(out) < 120


def test_unexpected_exception_is_not_a_traceback(monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("x")

    monkeypatch.setattr(F.scoring, "grade", boom)
    assert F.jx_grade(90.0) == "错误：内部错误（RuntimeError），请联系维护人员"


def test_registry_describes_every_function():
    assert list(F.REGISTRY) == NAMES
    for name, spec in F.REGISTRY.items():
        assert spec.category == "绩效自评"
        assert any("\u4e00" <= c <= "\u9fff" for c in spec.description)
        params = inspect.signature(spec.func).parameters
        names = [p for p in params if params[p].kind != inspect.Parameter.VAR_POSITIONAL]
        if spec.varargs:
            assert [a.name for a in spec.args] == [p for p in params]
        else:
            assert [a.name for a in spec.args] == names, name
        for a in spec.args:
            assert a.name.isascii() and a.label and a.help  # VBA wrappers need ASCII names
            assert a.optional == (not spec.varargs and params[a.name].default is None)


def _fake_xlwings():
    """A stand-in that records what the real decorators would be given."""
    xw = types.ModuleType("xlwings")
    xw.calls = []

    def func(**kw):
        def deco(f):
            xw.calls.append(("func", f.__name__, f.__doc__, kw))
            return f
        return deco

    def arg(name, doc=None, **kw):
        def deco(f):
            xw.calls.append(("arg", f.__name__, name, doc))
            return f
        return deco

    xw.func, xw.arg = func, arg
    return xw


def test_xl_wrappers_carry_the_registry(monkeypatch):
    fake = _fake_xlwings()
    monkeypatch.setitem(sys.modules, "xlwings", fake)
    monkeypatch.delitem(sys.modules, "jixiao.udfs.xl", raising=False)
    import jixiao.udfs.xl as xl

    for name in NAMES:
        wrapper = getattr(xl, name)
        spec = F.REGISTRY[name]
        assert wrapper.__doc__ == spec.description
        funcs = [c for c in fake.calls if c[0] == "func" and c[1] == name]
        assert funcs and funcs[0][3] == {"category": "绩效自评"}
        docs = {c[2]: c[3] for c in fake.calls if c[0] == "arg" and c[1] == name}
        assert docs == {a.name: f"{a.label}：{a.help}" for a in spec.args}
        # Excel's arguments are the registry's; "caller" is xlwings' reserved extra
        params = [p for p in inspect.signature(wrapper).parameters if p != "caller"]
        assert params == [a.name for a in spec.args]
    assert xl.JX_SCORE("≤162 人", "=161 人", 15.0, "xinjiang") == 14.77


def test_workbook_profile_through_caller(monkeypatch):
    monkeypatch.setitem(sys.modules, "xlwings", _fake_xlwings())
    monkeypatch.delitem(sys.modules, "jixiao.udfs.xl", raising=False)
    import jixiao.udfs.xl as xl

    name = types.SimpleNamespace(refers_to='="xinjiang"')
    caller = types.SimpleNamespace(sheet=types.SimpleNamespace(book=types.SimpleNamespace(
        names={"jixiao_profile": name})))
    assert xl.JX_RATE_SCORE(0.9938, 10.0, None, caller) == 9.84  # stored profile
    assert xl.JX_RATE_SCORE(0.9938, 10.0, "national", caller) == 9.94  # explicit wins
    assert xl.JX_RATE_SCORE(0.9938, 10.0) == 9.94  # no caller → default


@pytest.mark.parametrize("module", ["jixiao.udfs", "jixiao.udfs.functions"])
def test_import_is_light(module):
    """Excel imports the UDF module on every start: no pandas, no openpyxl."""
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                         capture_output=True, text=True, check=True).stderr
    imported = {line.split("|")[-1].strip() for line in out.splitlines() if "|" in line}
    assert "jixiao.udfs.scoring" in imported
    assert not {m for m in imported if m.split(".")[0] in ("pandas", "openpyxl", "numpy")}


def test_xl_module_adds_nothing_heavy():
    """Beyond xlwings itself, importing jixiao.udfs.xl loads no workbook library."""
    code = (
        "import sys, types; xw = types.ModuleType('xlwings');"
        "xw.func = lambda **k: (lambda f: f); xw.arg = lambda *a, **k: (lambda f: f);"
        "sys.modules['xlwings'] = xw; import jixiao.udfs.xl;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pandas', 'openpyxl', 'numpy')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize(("call", "want"), [
    (lambda: F.jx_rate_score(0.9935, 10.0, "hebei"), 9.93),  # the pages' toFixed
    (lambda: F.jx_rate_score(0.9935, 10.0), 9.94),  # Excel's ROUND
    (lambda: F.jx_rate_score("99.38%", 20.0, "hubei"), 19.88),
    (lambda: F.jx_rate_score("85%", 10.0, "江西"), 7),
    (lambda: F.jx_rate_score("86.2%", 10.0, "integer"), 9),
    (lambda: F.jx_rate(5.0, 0.0, "zhejiang"), 0),
    (lambda: F.jx_score("≤5个", "7.5个", 10.0, "湖北"), 5.0),
    (lambda: F.jx_score("=0起", "2起", 10.0), 0),
    (lambda: F.jx_score("", "90%", 10.0, "shanxi"), 0),
])
def test_provincial_profiles_through_the_functions(call, want):
    assert call() == want


def test_edge_numbers_score_or_say_why():
    """分值 0 under a percent-divided profile is 0 points (not a division by zero); a total reads “9.5分”
    as every score cell does; a figure beyond 10^15 is refused in Chinese, its size written short (issue 26)."""
    assert F.jx_rate_score(0.9, 0.0, "hubei") == 0.0 and F.jx_rate_score(0.9, 0.0, "national") == 0.0
    assert F.jx_total([["9.5分", 1.0]]) == 10.5
    assert F.jx_rate(1e308, 100.0) == "错误：数值 1.0×10^308 过大，超出可计算范围（应小于 10^15）"
