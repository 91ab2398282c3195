"""运行监控 lights on whole forms (issue 14): one table of cases, worked out by hand from the reference, typed
into the 监控表 template, into a department's one-column layout and into the central 1-X月 layout with
完成目标可能性. All three give the table's lights and progress to the cent; LibreOffice's recalculation of the
template's native 预警 column gives the same lights (红/黄/绿/蓝), the funds row's included.

progress = 1-X月完成 ÷ (年度指标值 × X/12), in percent to two decimals; 完成率 is M9's percent."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from builders import write_monitor as write_one_column
from conftest import run_cli
from jixiao.templates.build import new_workbook
from jixiao.templates.build.common import text_value
from jixiao.udfs.monitoring import LIGHT_TEXT, funds_light
from openpyxl import Workbook, load_workbook
from openpyxl.utils import column_index_from_string

V1_RULE = ('id = "v1"\nname = "序时进度第一版"\ndocument = "示例"\nextends = "national"\n'
           '[monitor]\nversion = "v1"\n')

# (profile, month, 指标类型, 年度指标值, 计量单位, 1-X月完成情况, central form's (年度指标值, 完成情况) or None when
#  that layout cannot say it (no 指标类型 column), light, progress %, 完成率 %)
P = "0%"  # a %-formatted cell: (value, format)
CASES = [
    # M1 v2 by June (序时进度 50%)
    ("national", 6, "正向", 100, "人次", 30, ("100人次", "30人次"), "yellow", 60.00, 30.0),  # exactly 60%
    ("national", 6, "正向", 100, "人次", 29.99, ("100人次", "29.99人次"), "red", 59.98, 29.99),
    ("national", 6, "正向", 100, "人次", 39.99, ("100人次", "39.99人次"), "yellow", 79.98, 39.99),
    ("national", 6, "正向", "≥100", "人次", 40, ("≥100人次", "40人次"), "green", 80.00, 40.0),  # exactly 80%
    ("national", 6, "正向", "≥100", "人次", 119.99, ("≥100人次", "119.99人次"), "green", 239.98, 119.99),
    ("national", 6, "正向", "≥100", "人次", 120, ("≥100人次", "120人次"), "blue", 240.00, 120.0),  # 120% of the year
    ("national", 6, "正向", "≥100", "人次", 0, ("≥100人次", "0人次"), "red", 0.00, 0.0),  # v2: nothing done → red
    ("national", 6, None, "≥95", "%", 50, ("≥95%", "50%"), "green", 105.26, 52.63),
    ("national", 6, None, "≥95%", None, (0.5, P), ("≥95%", (0.5, P)), "green", 105.26, 52.63),
    ("national", 6, None, "≥95%", None, 90, ("≥95%", 90), "green", 189.47, 94.74),  # 90 read as 90%
    ("national", 6, None, "95%以上", None, "50%", ("95%以上", "50%"), "green", 105.26, 52.63),
    ("national", 6, None, "不低于90%", None, "40%", ("不低于90%", "40%"), "green", 88.89, 44.44),
    ("national", 6, None, "=200", "万元", 100, ("=200万元", "100万元"), "green", 100.00, 50.0),  # ＝, target ≠ 0: M1
    ("national", 6, "正向", "≤50", "万元", 20, None, "green", 80.00, 40.0),  # 正向 over a ≤ target: M1
    ("national", 6, "正向", "90-95", "%", 46, None, "green", 102.22, 51.11),  # 正向 range: its lower bound
    # M3 ＜ / M4 ≤: within the target, whatever the month
    ("national", 6, "反向", 50, "万元", 50, ("≤50万元", "50万元"), "green", 200.00, 100.0),
    ("national", 6, "反向", 50, "万元", 50.01, ("≤50万元", "50.01万元"), "red", 200.04, 100.02),
    ("national", 6, None, "＜5", "起", 4, ("＜5起", "4起"), "green", 160.00, 80.0),
    ("national", 6, None, "<5", "起", 5, ("<5起", "5起"), "red", 200.00, 100.0),
    ("national", 6, None, "≤5", "起", 5, ("≤5起", "5起"), "green", 200.00, 100.0),
    ("national", 6, "反向", "≥100", "人", 80, None, "green", 160.00, 80.0),  # 反向 decides: M4 on 100
    # M2 ＝0
    ("national", 6, None, "=0", "起", 0, ("=0起", "0起"), "green", None, 0.0),
    ("national", 6, None, "=0", "起", 1, ("=0起", "1起"), "red", None, 0.0),
    # M5 定性
    ("national", 6, "定性", "有效提高", None, "达成年度指标", ("有效提高", "达成年度指标"), "green", None, None),
    ("national", 6, "定性", "有效提高", None, "部分达成年度指标并具有一定效果", ("有效提高", "部分达成年度指标并具有一定效果"),
     "yellow", None, None),
    ("national", 6, "定性", "有效提高", None, "未达成年度指标且效果较差", ("有效提高", "未达成年度指标且效果较差"), "red",
     None, None),
    ("national", 6, "定性", "显著加强", None, "显著加强", ("显著加强", "显著加强"), "green", None, None),  # as planned
    ("national", 6, "定性", "2024年12月底前", None, "已完成", ("2024年12月底前", "已完成"), "green", None, None),
    ("national", 6, "定性", "有效提高", None, "无", ("有效提高", "无"), "red", None, None),  # 无 is an answer
    # no light: the finding JX037 says why
    ("national", 6, "定性", "年底前", None, "进行中", ("年底前", "进行中"), None, None, None),
    ("national", 6, "正向", "≥100", "人次", None, ("≥100人次", None), None, None, None),
    ("national", 6, "正向", "≥100", "人次", "按计划推进", ("≥100人次", "按计划推进"), None, None, None),
    ("national", 6, None, "有效提高", None, 95, ("有效提高", 95), None, None, None),
    ("national", 6, "正向", 0, "人", 3, ("0人", "3人"), None, None, 0.0),  # a target of 0: no time progress
    ("national", 6, None, "90-95", "%", 93, ("90%-95%", "93%"), None, None, None),  # a range: no monitoring rule
    # other months
    ("national", 7, None, "≥3", "个", 1, ("≥3个", "1个"), "red", 57.14, 33.33),
    ("national", 7, None, "≥12", "次", 7, ("≥12次", "7次"), "green", 100.00, 58.33),
    ("national", 7, "正向", "≥1000", "人次", "1,200", ("≥1000人次", "1,200人次"), "blue", 205.71, 120.0),
    ("national", 7, None, "≥12", "次", 4.2, ("≥12次", "4.2次"), "yellow", 60.00, 35.0),  # 60% exactly, in decimals
    ("national", 9, None, "＞90", "%", 50, ("＞90%", "50%"), "yellow", 74.07, 55.56),
    ("national", 9, None, "≥100", "人", 45, ("≥100人", "45人"), "yellow", 60.00, 45.0),
    ("national", 9, None, "≥100", "人", 44.99, ("≥100人", "44.99人"), "red", 59.99, 44.99),
    ("national", 9, None, "≥100", "人", 60, ("≥100人", "60人"), "green", 80.00, 60.0),
    ("national", 12, None, "≥12", "次", 11, ("≥12次", "11次"), "green", 91.67, 91.67),
    ("national", 12, None, "≥12", "次", 7, ("≥12次", "7次"), "red", 58.33, 58.33),
    ("national", 12, None, "≥12", "次", 14.4, ("≥12次", "14.4次"), "blue", 120.00, 120.0),
    ("national", 1, None, "≥12", "次", 1, ("≥12次", "1次"), "green", 100.00, 8.33),
    ("national", 1, None, "≥12", "次", 0.59, ("≥12次", "0.59次"), "red", 59.00, 4.92),
    # M1 v1: bands only, [80%, 120%) green, ≥ 120% blue
    ("v1", 6, None, "≥100", "人", 29.99, ("≥100人", "29.99人"), "red", 59.98, 29.99),
    ("v1", 6, None, "≥100", "人", 30, ("≥100人", "30人"), "yellow", 60.00, 30.0),
    ("v1", 6, None, "≥100", "人", 40, ("≥100人", "40人"), "green", 80.00, 40.0),
    ("v1", 6, None, "≥100", "人", 59.99, ("≥100人", "59.99人"), "green", 119.98, 59.99),
    ("v1", 6, None, "≥100", "人", 60, ("≥100人", "60人"), "blue", 120.00, 60.0),
    ("v1", 6, None, "≥100", "人", 0, ("≥100人", "0人"), "red", 0.00, 0.0),
    ("v1", 9, "反向", 10, "天", 12, ("≤10天", "12天"), "red", 160.00, 120.0),
]
# the funds row of each sheet: (年初预算数, 年中调整数, 1-X月执行数), cycled over the sheets
FUNDS = [(100, 20, 36), (100, 20, 35.99), (100, 20, 48), (100, 0, 0), (0, 0, 5), (200, 0, 105), (80, -20, 44.99),
         (300, 0, 300)]


def test_the_table_covers_every_branch():
    assert len(CASES) >= 30
    assert {c[7] for c in CASES} == {"red", "yellow", "green", "blue", None}
    assert {c[1] for c in CASES} >= {1, 6, 7, 9, 12} and {c[0] for c in CASES} == {"national", "v1"}


def _put(ws, ref, v):
    if isinstance(v, tuple):
        ws[ref] = v[0]
        ws[ref].number_format = v[1]
    else:
        text_value(ws[ref], v)  # "=0" and "=200" typed as text, never a formula


def _sheets():
    """The cases by (profile, month), at most ten to a sheet (the template's grid has ten rows)."""
    out: list[tuple[str, int, list]] = []
    for c in CASES:
        if not out or out[-1][:2] != c[:2] or len(out[-1][2]) == 10:
            out.append((c[0], c[1], []))
        out[-1][2].append(c)
    return out


def _profile_arg(tmp_path, profile):
    if profile == "national":
        return "national"
    rule = tmp_path / "v1.toml"
    rule.write_text(V1_RULE, encoding="utf-8")
    return rule


def _template_books(tmp_path):
    """One template workbook per profile, one sheet per (month, ten cases), its 监控期 cell set to the month."""
    books = {}
    for profile in ("national", "v1"):
        sheets = [s for s in _sheets() if s[0] == profile]
        path = tmp_path / f"template_{profile}.xlsx"
        wheres = new_workbook("monitor", path, _profile_arg(tmp_path, profile),
                              projects=[{"项目名称": f"监控{i}"} for i in range(len(sheets))])
        wb = load_workbook(path)
        for i, (ws, w, (_p, month, cases)) in enumerate(zip(wb.worksheets, wheres, sheets, strict=True)):
            ws[w["month"]] = month
            ws[w["initial"]], ws[w["adjust"]], ws[w["h1"]] = FUNDS[i % len(FUNDS)]
            cols = w["columns"]
            for r, c in zip(range(w["first"], w["last"] + 1), cases, strict=False):
                ws[f"D{r}"] = f"指标{r}"
                for key, v in zip(("指标类型", "年度指标值", "计量单位", f"1-{6}月完成情况"), c[2:6], strict=True):
                    if v is not None:
                        _put(ws, f"{cols[key]}{r}", v)
        wb.save(path)
        books[profile] = (path, wheres, sheets)
    return books


def _one_column_book(tmp_path, profile):
    """The department's layout of tests/builders.py: 指标类型 and 计量单位 columns, one 偏差原因分析 column, the
    month only in the labels (1-X月执行数, 1-X月完成情况)."""
    wb = Workbook()
    wb.remove(wb.active)
    sheets = [s for s in _sheets() if s[0] == profile]
    for i, (_p, month, cases) in enumerate(sheets):
        ws = wb.create_sheet(f"表{i}")
        initial, adjust, spent = FUNDS[i % len(FUNDS)]
        write_one_column(ws, {"initial": initial, "adjust": adjust, "h1": spent})
        ws["E5"], ws["F5"], ws["H8"] = f"1-{month}月执行数", f"1-{month}月执行率", f"1-{month}月完成情况"
        for r, c in enumerate(cases, 9):
            ws.cell(r, 4, f"指标{r}")
            for col, v in zip("EFGH", c[2:6], strict=True):
                if v is not None:
                    _put(ws, f"{col}{r}", v)
    path = tmp_path / f"one_column_{profile}.xlsx"
    wb.save(path)
    return path, sheets


def _central_book(tmp_path, profile):
    """The central 2019 layout: no 指标类型 or 计量单位 column (comparator and unit typed in the value), 1-X月执行情况,
    偏差原因分析 ticked by category, 完成目标可能性 under 确定能 / 有可能 / 完全不可能."""
    wb = Workbook()
    wb.remove(wb.active)
    groups = [(s[0], s[1], [c for c in s[2] if c[6] is not None]) for s in _sheets() if s[0] == profile]
    for i, (_p, month, cases) in enumerate(groups):
        ws = wb.create_sheet(f"表{i}")
        initial, adjust, spent = FUNDS[i % len(FUNDS)]
        for row in (["项目支出绩效目标执行监控表"], ["项目名称", f"项目{i}"],
                    ["项目资金（万元）", None, "年初预算数", "年中预算调整数", f"1-{month}月执行数", f"1-{month}月执行率"],
                    [None, "年度资金总额", initial, adjust, spent, None],
                    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", f"1-{month}月执行情况", "全年预计完成情况",
                     "偏差原因分析", None, None, None, None, "完成目标可能性", None, None, "备注"],
                    [None, None, None, None, None, None, None, "经费保障", "制度保障", "人员保障", "硬件条件保障", "其他",
                     "确定能", "有可能", "完全不可能", None]):
            ws.append(row)
        for a, b in (("H5", "L5"), ("M5", "O5")):
            ws.merge_cells(f"{a}:{b}")
        for r, c in enumerate(cases, 7):
            ws.cell(r, 4, f"指标{r}")
            target, current = c[6]
            _put(ws, f"E{r}", target)
            if current is not None:
                _put(ws, f"F{r}", current)
    path = tmp_path / f"central_{profile}.xlsx"
    wb.save(path)
    return path, groups


def _score(capsys, path, profile):
    code, out = run_cli(capsys, "score", path, "--json", "--profile", profile)
    assert code == 0
    return json.loads(out)["files"][0]["sheets"]


def _expect(cases):
    return [(c[7], c[8], c[9]) for c in cases]


def _got(sheet):
    return [(m["light"], None if m["progress"] is None else round(m["progress"] * 100, 2),
             None if m["completion"] is None else round(m["completion"] * 100, 2)) for m in sheet["monitor_indicators"]]


@pytest.mark.parametrize("profile", ["national", "v1"])
def test_template_gives_the_tables_lights(tmp_path, capsys, profile):
    path, _w, sheets = _template_books(tmp_path)[profile]
    scored = _score(capsys, path, _profile_arg(tmp_path, profile))
    assert len(scored) == len(sheets)
    for s, (_p, month, cases) in zip(scored, sheets, strict=True):
        assert (s["month"], s["month_source"]) == (month, "form")  # the 监控期 cell, over the 1-6月 labels
        assert _got(s) == _expect(cases)
        lights = [c[7] for c in cases if c[7]]
        assert s["goal_light"] == next((x for x in ("red", "yellow", "green", "blue") if x in lights), None)


@pytest.mark.parametrize("profile", ["national", "v1"])
def test_drifted_layouts_give_the_same_lights(tmp_path, capsys, profile):
    rule = _profile_arg(tmp_path, profile)
    path, sheets = _one_column_book(tmp_path, profile)
    for s, (_p, month, cases) in zip(_score(capsys, path, rule), sheets, strict=True):
        assert (s["month"], s["month_source"]) == (month, "form")  # from the 1-X月 labels
        assert _got(s) == _expect(cases)
    path, groups = _central_book(tmp_path, profile)
    for s, (_p, month, cases) in zip(_score(capsys, path, rule), groups, strict=True):
        assert s["month"] == month and s["funds"]["rate_cell"] == "F4"
        assert _got(s) == _expect(cases)
    assert sum(len(g[2]) for g in groups) >= (30 if profile == "national" else 7)


def _lo_recalc(tmp_path, path):
    outdir = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(outdir), str(path)],
                   check=True, capture_output=True, timeout=180, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    return load_workbook(outdir / path.name, data_only=True)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_lights_equal_the_engine(tmp_path, capsys):
    """The template's native 预警 column and the funds row's, recalculated by LibreOffice, for every case."""
    books = _template_books(tmp_path)
    compared = 0
    for profile, (path, wheres, sheets) in books.items():
        lo = _lo_recalc(tmp_path, path)
        scored = _score(capsys, path, _profile_arg(tmp_path, profile))
        for ws, w, s, (_p, month, cases) in zip(lo.worksheets, wheres, scored, sheets, strict=True):
            native = [ws[f"{w['light']}{r}"].value or "" for r in range(w["first"], w["first"] + len(cases))]
            engine = [LIGHT_TEXT.get(m["light"], "") for m in s["monitor_indicators"]]
            assert native == engine == [LIGHT_TEXT.get(c[7], "") for c in cases], (profile, month)
            f = s["funds"]
            want = funds_light(f["spent"], f["budget"], month, s["profile"] if profile == "national" else None)
            assert ws[w["funds_light"]].value == LIGHT_TEXT[s["funds_light"]]
            if profile == "national":
                assert s["funds_light"] == want.light
            compared += len(cases) + 1
    assert compared >= 60


def test_template_lights_are_computed_cells(tmp_path):
    """The 预警 column is computed (grey, locked, a formula), coloured by conditional formats; recognition reads
    it as the light's place, not as input; its helper columns are hidden."""
    from jixiao.addin.ooxml import read_workbook
    from jixiao.templates.recognize import recognize

    path = tmp_path / "m.xlsx"
    (w,) = new_workbook("monitor", path)
    wb = load_workbook(path)
    ws = wb.active
    r = w["first"]
    ws[f"D{r}"], ws[f"F{r}"], ws[f"H{r}"] = "培训人次", 100, 30
    wb.save(path)
    light = ws[f"{w['light']}{r}"]
    assert light.value.startswith("=IFERROR(") and light.protection.locked
    assert ws[w["funds_light"]].value.startswith("=IFERROR(") and ws[w["month"]].value == 6
    assert ws[w["month"]].number_format == '"1-"0"月"' and not ws[w["month"]].protection.locked
    rules = {str(rng): [x.formula[0] for x in rs] for rng, rs in ws.conditional_formatting._cf_rules.items()}
    assert {tuple(v) for v in rules.values()} == {('"红"', '"黄"', '"绿"', '"蓝"')} and len(rules) == 2
    hidden = [column_index_from_string(c) for c, d in ws.column_dimensions.items() if d.hidden]
    assert len(hidden) == 16 and min(hidden) > column_index_from_string(w["light"]) + 1  # after 预警 and 备注
    form = recognize(read_workbook(path).sheets[0])
    (m,) = form.body.rows
    assert (m.name, m.light_cell.cell, form.body.funds_light_cell.cell, form.body.month.value, form.body.month.cell) == (
        "培训人次", f"{w['light']}{r}", w["funds_light"], 6, w["month"])
