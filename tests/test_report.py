"""`jixiao report`: the 自评报告 draft from the tables — its figures (jixiao's own), its sentences with and
without their optional parts, the 校验说明 box, the official look as LibreOffice renders it, and the
command's refusals (nothing recognised, an existing output, a wrong suffix)."""

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from builders import Variant, project_workbook, write_project
from conftest import run_cli
from docx import Document
from jixiao.addin.render import report_docx as R
from jixiao.addin.render import report_text as T
from openpyxl import Workbook, load_workbook

SAMPLES = Path(__file__).parents[1] / "templates" / "samples"
SEED004 = SAMPLES / "seed004_部门整体支出绩效自评表.xlsx"
SEED003 = SAMPLES / "seed003_项目支出绩效自评表.xlsx"
FIX = Path(__file__).parent / "fixtures"
S4 = json.loads((FIX / "seed004_overall.json").read_text("utf-8"))
# seed 004 names no levels; the bundled sample places its rows so (tests/make_samples.py)
LEVELS = {"解决就业人数": ("产出指标", "数量指标"), "12345 热线事件办结率": ("产出指标", "质量指标"),
          "信访案件受理率": ("产出指标", "质量指标"), "受益人员满意度": ("满意度指标", "服务对象满意度指标")}
COMPUTED = {"公务用车经费下降率": ("0.00%", 0), "预算经费": ("112.15%", 10.7), "项目支出预算执行率": ("78.48%", 9.42),
            "政府采购执行率": ("100.00%", 8), "12345 热线事件办结率": ("99.93%", 9.99), "信访案件受理率": ("100.00%", 15),
            "解决就业人数": ("52.00%", 7.8), "受益人员满意度": ("104.21%", 10)}
NO_SOFFICE = shutil.which("soffice") is None


def body(path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def tables(path) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in Document(str(path)).tables]


def cli(capsys, *argv):
    """`jixiao …` in-process: (exit code, stdout, stderr)."""
    from jixiao.addin.cli import main

    code = main([str(a) for a in argv])
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def report(capsys, out, *files, expect=0, more=()):
    code, text = run_cli(capsys, "report", *files, "-o", out, *more)
    assert code == expect, text
    return text


@pytest.fixture(scope="module")
def made(tmp_path_factory, seed003):
    """Every kind of report the tests draft, made once (LibreOffice converts them all in one run)."""
    d = tmp_path_factory.mktemp("reports")
    capsys = _Quiet()
    out = {}
    out["seed004"] = d / "seed004.docx"
    report(capsys, out["seed004"], SEED004)
    stated = d / "seed004_stated.xlsx"
    wb = Workbook()
    inds = [{**i, "level1": LEVELS.get(i["name"], ("效益指标", "经济效益指标"))[0],
             "level2": LEVELS.get(i["name"], ("效益指标", "经济效益指标"))[1]} for i in S4["indicators"]]
    write_project(wb.active, {"no": "整体", "name": S4["unit"], "funds": S4["funds"], "total": S4["total"],
                              "total_text": S4["total"], "grade": S4["grade"], "grade_cell": True, "indicators": inds},
                  Variant(), title="部门整体支出绩效自评表")
    wb.save(stated)
    out["stated"] = d / "seed004_stated.docx"
    report(capsys, out["stated"], stated)
    out["seed003"] = d / "seed003.docx"
    report(capsys, out["seed003"], SEED003)
    single = d / "项目1.xlsx"
    project_workbook(single, seed003["projects"][:1], Variant(), "xinjiang")
    out["single"] = d / "single.docx"
    report(capsys, out["single"], single)
    monitor = _monitor(d / "监控表.xlsx", seed003["projects"][0])
    out["monitored"] = d / "monitored.docx"
    report(capsys, out["monitored"], single, monitor)
    out["basic"] = d / "basic.docx"
    report(capsys, out["basic"], SAMPLES / "seed001_部门整体支出绩效自评表.xlsx", SAMPLES / "seed001_基础数据表.xlsx")
    return out


class _Quiet:
    def readouterr(self):
        return type("Out", (), {"out": ""})()


def _monitor(path, proj) -> Path:
    from jixiao.templates.build import new_workbook

    (w,) = new_workbook("monitor", path, projects=[{"项目名称": proj["name"], "主管部门": proj["department"],
                                                    "实施单位": proj["unit"], "年初预算数": 8, "全年预算数": 8}])
    wb = load_workbook(path)
    ws = wb.active
    r = w["first"]
    ws[f"D{r}"], ws[f"F{r}"], ws[f"G{r}"], ws[f"H{r}"], ws[f"I{r}"] = "开展走访慰问活动次数", 3, "次", "2次", "3次"
    wb.save(path)
    return path


# --- the figures ----------------------------------------------------------------------------------------

def test_seed004_figures_are_jixiaos_own(made):
    text = "\n".join(body(made["seed004"]))
    assert "执行率为93.16%，得9.32分" in text
    assert "全年预算数4978.49万元，预算调整率20.39%" in text and "年中调整数843.04万元" in text
    verbs = {"percentage": "为", "amount": "金额为", "count": "共计"}
    for ind in S4["indicators"]:
        completion, score = COMPUTED[ind["name"]]
        vt = "amount" if "万元" in ind["target"] else "percentage" if "%" in ind["target"] else "count"
        want = (f"{ind['name']}：该指标预期指标值为{ind['target']}，本次评价{ind['name']}{verbs[vt]}{ind['actual']}，"
                f"该指标完成率为{completion}" + ("，偏差原因：" if ind["reason"] else "。"))
        assert want in text, ind["name"]
        assert f"该指标权重分值为 {ind['weight']} 分，自评得分 {score:.2f} 分。" in text
    assert "综合得分 80.23 分，评价结果为“良”" in text
    assert "8项三级指标中，全部完成3项，部分完成4项，未完成1项" in text
    assert "81.53" not in text and "自评得分 12 分" not in text  # the published slips are not copied
    score_table = next(t for t in tables(made["seed004"]) if t[0][:3] == ["一级指标", "二级指标", "三级指标"])
    assert score_table[-1][-2:] == ["100", "80.23"]
    assert all(re.fullmatch(r"\d+\.\d\d", r[-1]) for r in score_table[1:])  # every score in one format
    assert "0.00" in [r[-1] for r in score_table] and "15.00" in [r[-1] for r in score_table]
    assert ["预算执行", "", "预算执行率", "—", "93.16%", "10", "9.32"] in score_table
    assert ["效益指标", "经济效益指标", "预算经费", "≤4135.45万元", "4637.81万元", "12", "10.70"] in score_table


def test_stated_scores_that_differ_are_listed_in_the_check_box(made):
    text = "\n".join(body(made["stated"]))
    assert "自评得分 10.70 分" in text and "综合得分 80.23 分" in text and "81.53" not in text
    box = tables(made["stated"])[-1]
    assert box[0] == ["校验说明"]
    lines = [r[0] for r in box]
    jx5 = [x for x in lines if x.split("　")[0].endswith("JX005")]
    assert len(jx5) == 1 and "预算经费" in jx5[0] and "填的是 12" in jx5[0] and "10.70" in jx5[0]
    jx6 = next(x for x in lines if "JX006" in x)
    assert "81.53" in jx6 and "80.23" in jx6 and "良" in jx6
    assert "不符，报告采用计算结果" in lines[1]
    assert any("JX013" in x for x in lines[lines.index("其他校验提示（请核实后再定稿）："):])
    # the recomputed sample states what jixiao computes: nothing differs
    assert "表中填写的数字与计算结果一致" in tables(made["seed004"])[-1][1][0]


def test_seed003_twelve_sections_and_summary(made, seed003):
    doc = Document(str(made["seed003"]))
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    names = [p["name"] for p in seed003["projects"]]
    assert h1[0] == "一、项目总体情况" and len(h1) == 15
    assert [re.sub(r"^[一二三四五六七八九十]+、", "", h) for h in h1[1:13]] == names
    assert h1[-2:] == ["十四、绩效自评结果拟应用和公开情况", "十五、其他需要说明的问题"]
    summary = next(t for t in tables(made["seed003"]) if t[0][0] == "序号")
    assert len(summary) == 14 and summary[-1][1:5] == ["合计", "2813.15", "1287.37", "45.76%"]
    assert [r[5] for r in summary[1:13]] == [f"{p['total']:.2f}" for p in seed003["projects"]]  # 100.00 beside 99.07
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "本次共对12个项目开展绩效自评，全年预算数合计2813.15万元，全年执行数合计1287.37万元，总体执行率为45.76%" in text
    assert "为“优”的3个、为“良”的4个、为“中”的5个" in text
    assert "（一）项目概况" not in text and text.count("【请填写：项目立项依据") == 12  # compact: no subheadings
    assert "2,8" not in text and "2813.15" in text  # amounts written alike in text and tables


def test_single_project_has_no_summary_and_no_midyear(made):
    doc = Document(str(made["single"]))
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert h1 == ["一、项目概况", "二、资金和自评结论", "三、绩效目标完成情况", "四、存在的问题及改进措施",
                  "五、绩效自评结果拟应用和公开情况", "六、其他需要说明的问题"]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "年中监控" not in text and "偏差原因" not in text  # project 1 is fully met: no reasons written
    assert "项三级指标全部完成。" in text and "本次评价" not in text  # no deviation: no indicator sentence
    table = next(t for t in tables(made["single"]) if t[0][0] == "一级指标")
    assert table[0][4] == "实际完成值" and any(r[2] == "开展走访慰问活动次数" and r[4] == "3 次" for r in table)


def test_monitor_of_the_same_project_gives_the_midyear_value(made):
    table = next(t for t in tables(made["monitored"]) if t[0][0] == "一级指标")
    assert table[0][3:6] == ["年度指标值", "年中监控值", "实际完成值"]
    row = next(r for r in table if r[2] == "开展走访慰问活动次数")
    assert row[3:6] == ["≥3 次", "2次", "3 次"]
    assert sum(r[4] not in ("—", "", "年中监控值") for r in table) == 1  # only the row the 监控表 lists


def test_basic_data_figures_and_its_computed_totals(made):
    text = "\n".join(body(made["basic"]))
    assert "财政供养人员编制数20人，实际在职人数20人，控制率100.00%。" in text
    # the sample's 三公经费 totals are formulas without a cached value: the report sums their parts
    assert "“三公”经费：2023年预算数为2.77万元，2023年决算数为2.77万元，2022年决算数为1.32万元，执行率100.00%。" in text
    assert "部门基本支出预算调整：2022年决算数为145.15万元。" in text  # one figure still makes a sentence
    assert "未提供基础数据表" not in text
    control = next(t for t in tables(made["basic"]) if t[0][0] == "项目")
    assert ["“三公”经费", "1.32", "2.77", "2.77"] in control and ["　公务用车购置和维护经费", "1.22", "2.46", "2.46"] in control


# --- the sentences, each with and without its optional parts -------------------------------------------

SAMPLE = {"subject": "我单位", "year": "2023", "initial": "4135.45", "adjust": "843.04", "budget": "4978.49",
          "adjust_rate": "20.39%", "spent": "4637.81", "rate": "93.16%", "score": "9.32", "n1": 3, "n2": 4, "n3": 8,
          "name": "预算经费", "target": "≤4135.45万元", "midyear": "2582.26万元", "actual": "4637.81万元",
          "completion": "112.15%", "reason": "偏差原因：厉行节约。改进措施：精准制定预算", "weight": "12",
          "level1": "产出指标", "count": 3, "total": "80.23", "grade": "良", "met": 3, "partial": 4, "unmet": 1,
          "unscored": 1, "quota": "20", "label": "“三公”经费", "budget_col": "2023年预算数", "final_col": "2023年决算数",
          "final": "2.77", "prev_col": "2022年决算数", "prev": "1.32", "grades": "为“优”的3个", "department": "甲部门",
          "unit": "乙单位", "text": "部分项目在审批中", "missed": 2, "missed_names": "预算经费、解决就业人数"}


@pytest.mark.parametrize("sid", sorted(T.SENTENCES))
def test_every_sentence_with_and_without_its_optional_parts(sid):
    s = T.SENTENCES[sid]
    full = s.render(**SAMPLE)
    bare = s.render(**{k: (None if k in s.optional_fields else v) for k, v in SAMPLE.items()})
    for text in (full, bare):
        assert text.endswith(("。", "：")) or (text == "" and all(p.optional for p in s.parts)), text
        assert not re.search(r"[，。：]{2}|{|}", text), text
    for part in s.parts:
        piece = part.text.format(**SAMPLE)
        assert piece in full
        if part.optional:
            assert piece not in bare
    assert (full == bare) == (not s.optional_fields)
    required = {f for p in s.parts if not p.optional for f in p.fields}
    if required:
        with pytest.raises(KeyError):  # a required figure is never silently dropped
            s.render(**{k: v for k, v in SAMPLE.items() if k not in required})


@pytest.mark.parametrize("vt, target, actual, want", [
    ("count", "≥100人", "52人", "解决就业人数：该指标预期指标值为≥100人，本次评价解决就业人数共计52人"),
    ("percentage", "≥95%", "0.99", "受益人员满意度：该指标预期指标值为≥95%，本次评价受益人员满意度为99%"),
    ("amount", "≤4135.45万元", "4637.81万元", "预算经费：该指标预期指标值为≤4135.45万元，本次评价预算经费金额为4637.81万元"),
    ("date", "2023年12月底前", "2023-12-10", "项目完成时间：该指标预期指标值为2023年12月底前，本次评价项目完成时间实际为2023年12月10日"),
    ("qualitative", "已完成", "已完成", "党务干部培训：该指标预期目标为“已完成”，本次评价党务干部培训的完成情况为“已完成”"),
])
def test_a_sentence_form_per_value_type(vt, target, actual, want):
    """The issue's 49 sentences ("…共计已完成", "…共计2023年12月10日"): each value type has its own form."""
    import datetime as dt

    from jixiao.templates.model import NO_GROUP, Field, Indicator

    name = want.split("：")[0]
    value = dt.date(2023, 12, 10) if vt == "date" else (0.99 if actual == "0.99" else actual)
    ind = Indicator(5, NO_GROUP, NO_GROUP, name, Field(target, 5, 4), Field(value, 5, 5), Field(10, 5, 6), None, None)
    assert T.value_type(ind) == vt
    text = T.INDICATORS[vt].render(**T.indicator_values(ind))
    assert text.startswith(want + "，") or text.startswith(want + "。"), text
    assert "共计" not in text or vt == "count"


def test_indicator_sentence_as_seed004_writes_it():
    full = T.INDICATOR.render(**SAMPLE)
    assert full == ("预算经费：该指标预期指标值为≤4135.45万元，年中监控实际完成值为2582.26万元，本次评价预算经费共计4637.81万元，"
                    "该指标完成率为112.15%，偏差原因：厉行节约。改进措施：精准制定预算。该指标权重分值为 12 分，自评得分 9.32 分。")
    bare = T.INDICATOR.render(**{**SAMPLE, "midyear": None, "reason": None})  # no 监控表, no 偏差原因
    assert bare == ("预算经费：该指标预期指标值为≤4135.45万元，本次评价预算经费共计4637.81万元，该指标完成率为112.15%。"
                    "该指标权重分值为 12 分，自评得分 9.32 分。")
    qualitative = T.INDICATOR.render(**{**SAMPLE, "completion": None, "reason": None, "midyear": None})
    assert "共计4637.81万元。该指标权重分值为" in qualitative


def test_reason_cells_split_into_cause_and_measures():
    assert T.split_reason(S4["indicators"][0]["reason"]) == (
        "由于油价上涨及车辆老旧，公务用车经费预算 4.31 万元，全部使用，未能下降",
        "严格执行公务用车制度，合理使用车辆，减少非必要用车")
    assert T.split_reason("经费下达晚") == ("经费下达晚", None)
    assert T.split_reason("  ") == (None, None)
    assert T.split_reason("无") == (None, None) and T.split_reason("—") == (None, None)  # placeholders, as JX011
    assert T.split_reason("偏差原因：无；改进措施：加快支付") == (None, "加快支付")
    assert T.reason_clause("偏差原因分析：下达晚；改进措施：提前申请") == "偏差原因：下达晚。改进措施：提前申请"
    assert T.shown(0.9993, "100%") == "99.93%" and T.shown("=3 次") == "3 次" and T.shown(">=90%") == "≥90%"
    assert [T.cn_number(n) for n in (1, 10, 12, 20, 21)] == ["一", "十", "十二", "二十", "二十一"]


def test_mixed_inputs_give_every_section_grouped_by_unit(tmp_path, capsys):
    """A project workbook beside a 部门整体 workbook: both reports, each unit its own, nothing dropped, and a
    word (in the 校验说明 box and on stderr) that the forms come from two units."""
    out = tmp_path / "报告.docx"
    code, text, err = cli(capsys, "report", SEED003, SEED004, "-o", out)
    assert code == 0 and "部门整体支出绩效自评报告 1 份" in text and "12 个项目" in text and "2 个单位" in text
    assert "来自 2 个单位" in err
    doc = Document(str(out))
    titles = [p.text for p in doc.paragraphs if p.style.name == "Title"]
    assert titles == ["项目支出绩效自评报告", "部门单位整体支出绩效自评报告"]  # units in the order given
    h1 = [re.sub(r"^[一二三四五六七八九十]+、", "", p.text) for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert "部门单位整体支出绩效分析" in h1 and "项目总体情况" in h1
    assert h1.count("绩效自评结果拟应用和公开情况") == 2 and h1.count("其他需要说明的问题") == 2
    units = [p.text for p in doc.paragraphs if p.text.startswith("部门单位名称（公章）：")]
    assert units == ["部门单位名称（公章）：中共昌吉回族自治州委员会组织部",
                     "部门单位名称（公章）：乌鲁木齐高新技术产业开发区(乌鲁木齐市新市区)二工街道办事处"]
    boxes = [t for t in tables(out) if t[0] == ["校验说明"]]
    assert len(boxes) == 2 and all(any("来自 2 个单位" in r[0] for r in b) for b in boxes)
    one, _, _ = cli(capsys, "report", SEED004, "-o", tmp_path / "一个.docx")
    assert one == 0 and not any("单位" in r[0] and "来自" in r[0] for r in tables(tmp_path / "一个.docx")[-1])
    code, text, _ = cli(capsys, "report", SEED003, SEED004, "-o", tmp_path / "项目.docx", "--kind", "project")
    assert code == 0 and "部门整体" not in text


def test_no_program_name_in_the_document(made):
    for name, path in made.items():
        with zipfile.ZipFile(path) as z:
            for part in z.namelist():
                data = z.read(part).decode("utf-8", "replace").lower()
                assert "jixiao" not in data and "python-docx" not in data, (name, part)


# --- the command ----------------------------------------------------------------------------------------

def test_no_form_means_no_file_and_exit_1(tmp_path, capsys):
    (tmp_path / "说明.xlsx").write_bytes(b"PK\x03\x04 junk")
    out = tmp_path / "报告.docx"
    code, _, err = cli(capsys, "report", tmp_path / "说明.xlsx", "-o", out)
    assert code == 1 and "没有识别到" in err and "说明.xlsx" in err
    assert not out.exists() and list(tmp_path.iterdir()) == [tmp_path / "说明.xlsx"]
    wb = Workbook()
    wb.active["A1"] = "填表说明"
    wb.save(tmp_path / "空表.xlsx")
    assert cli(capsys, "report", tmp_path / "空表.xlsx", "-o", out)[0] == 1 and not out.exists()
    code, _, err = cli(capsys, "report", SEED004, "-o", out, "--kind", "project")
    assert code == 1 and "没有识别到项目支出绩效自评表" in err and not out.exists()
    code, _, err = cli(capsys, "report", SEED004, "-o", tmp_path / "报告.doc")
    assert code == 1 and ".docx" in err


def test_existing_output_kept_without_force_and_written_atomically(tmp_path, capsys):
    out = tmp_path / "报告.docx"
    out.write_bytes(b"my own edits")
    code, _, err = cli(capsys, "report", SEED004, "-o", out)
    assert code == 1 and "--force" in err and out.read_bytes() == b"my own edits"
    code, text, _ = cli(capsys, "report", SEED004, "-o", out, "--force")
    assert code == 0 and "已生成自评报告草稿" in text and zipfile.is_zipfile(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.docx"]  # no temp file left beside it


def test_save_never_overwrites_an_output_that_appeared_meanwhile(tmp_path):
    from jixiao.addin.app.report import ReportError, _save

    out = tmp_path / "r.docx"
    out.write_bytes(b"theirs")
    with pytest.raises(ReportError, match="已存在"):
        _save(Document(), out, force=False)
    assert out.read_bytes() == b"theirs" and [p.name for p in tmp_path.iterdir()] == ["r.docx"]


def test_ribbon_action_drafts_beside_the_workbook(tmp_path):
    from jixiao.addin.excel import actions

    path = tmp_path / "整体.xlsx"
    shutil.copy(SEED004, path)
    book = actions.FileBook(path)
    msg = actions.dispatch("report", book)
    assert msg.startswith("已生成自评报告草稿：整体_自评报告.docx") and (tmp_path / "整体_自评报告.docx").exists()
    assert "93.16%" in "\n".join(body(tmp_path / "整体_自评报告.docx"))


# --- the official look ----------------------------------------------------------------------------------

def test_declared_fonts_are_east_asian(made):
    with zipfile.ZipFile(made["seed004"]) as z:
        styles, document, fonts = (z.read(f"word/{n}.xml").decode() for n in ("styles", "document", "fontTable"))
    east = {}
    for chunk in styles.split("<w:style ")[1:]:
        sid, font = re.search(r'w:styleId="([^"]+)"', chunk), re.search(r'w:eastAsia="([^"]+)"', chunk)
        if sid and font:
            east[sid.group(1)] = font.group(1)
    assert east["Normal"] == "仿宋_GB2312" and east["Title"] == "方正小标宋简体"
    assert east["Heading1"] == "黑体" and east["Heading2"] == "楷体_GB2312" and east["Heading3"] == "仿宋_GB2312"
    assert 'w:eastAsia="zh-CN"' in styles and "eastAsiaTheme" not in styles.split("<w:latentStyles")[0]
    for rfonts in re.findall(r"<w:rFonts [^>]*>", document):  # every run font names its East Asian face
        assert 'w:eastAsia="' in rfonts
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="华文中宋"/><w:charset w:val="86"/>' in fonts
    with zipfile.ZipFile(made["seed004"]) as z:
        sect = re.findall(r"<w:sectPr.*?</w:sectPr>", z.read("word/document.xml").decode(), re.S)
    assert len(sect) == 2 and 'w:start="1"' in sect[1]  # cover, then the body numbered from 1
    assert 'w:w="11906" w:h="16838"' in sect[1] and 'w:top="2098"' in sect[1] and 'w:left="1587"' in sect[1]


@pytest.fixture(scope="module")
def pdfs(made, tmp_path_factory):
    if NO_SOFFICE:
        pytest.skip("LibreOffice not installed")
    d = tmp_path_factory.mktemp("pdf")
    home = d / "home"
    (home / ".config" / "fontconfig").mkdir(parents=True)
    (home / ".config" / "fontconfig" / "fonts.conf").write_text(R.fontconfig_aliases(), "utf-8")
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(d), *map(str, made.values())],
                   check=True, capture_output=True, timeout=300, env={"HOME": str(home), "PATH": "/usr/bin:/bin"})
    return {k: d / f"{v.stem}.pdf" for k, v in made.items()}


@pytest.mark.skipif(NO_SOFFICE, reason="LibreOffice not installed")
def test_libreoffice_converts_every_report(pdfs):
    for name, pdf in pdfs.items():
        assert pdf.exists() and pdf.stat().st_size > 20_000, name
    if shutil.which("pdfinfo"):
        pages = {k: int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(p)], capture_output=True,
                                                                       text=True).stdout).group(1)) for k, p in pdfs.items()}
        assert pages["seed004"] >= 5 and pages["single"] >= 3
        assert pages["seed003"] <= 2 + 1.5 * 12 + 2  # cover and summary, about a page a project, closing and box


@pytest.mark.skipif(NO_SOFFICE or not shutil.which("pdftotext"), reason="LibreOffice or poppler not installed")
def test_project_sections_take_about_a_page_each(pdfs):
    """The issue's 50 pages for 12 projects: a project is now its summary paragraph, its table and its
    deviations — from the first project's heading to the closing sections, at most 1.5 pages a project."""
    pdf = str(pdfs["seed003"])
    n = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
    starts = {}
    for page in range(1, n + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), pdf, "-"], capture_output=True,
                              text=True).stdout
        for h in ("二、", "十四、绩效自评结果拟应用和公开情况"):
            if re.search(rf"(?m)^{h}", text):
                starts.setdefault(h, page)
    span = starts["十四、绩效自评结果拟应用和公开情况"] - starts["二、"] + 1
    assert span <= 1.5 * 12, span


@pytest.mark.skipif(NO_SOFFICE or not shutil.which("pdftoppm"), reason="LibreOffice or poppler not installed")
@pytest.mark.parametrize("name", ["seed004", "seed003"])
def test_pages_1_and_3_stay_inside_the_margins(pdfs, tmp_path, name):
    from PIL import Image

    dpi = 50
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", "3", str(pdfs[name]), str(tmp_path / "p")],
                   check=True)
    mm = dpi / 25.4
    for n in (1, 3):
        img = Image.open(next(tmp_path.glob(f"p-*{n}.png"))).convert("RGB")
        w, h = img.size
        assert abs(w - 210 * mm) < 3 and abs(h - 297 * mm) < 3  # A4
        ink = img.convert("L").point(lambda v: 255 if v < 200 else 0)
        left, top, right, bottom = ink.getbbox()
        tol = 2 * mm
        assert left >= R.MARGINS["left"] * mm - tol and right <= w - R.MARGINS["right"] * mm + tol, (n, left, right)
        assert top >= R.MARGINS["top"] * mm - tol, (n, top)
        limit = h - (R.FOOTER_MM * mm if n > 1 else R.MARGINS["bottom"] * mm)  # the page number sits below the text
        assert bottom <= limit + tol, (n, bottom, limit)
        dark = sum(1 for v in ink.get_flattened_data() if v)
        assert dark > (300 if n == 1 else 3000), (n, dark)  # text is there
        yellow = sum(1 for r, g, b in img.get_flattened_data() if r > 200 and g > 200 and b < 120)
        assert yellow > 100, n  # a highlighted 【】 placeholder on each page
    if shutil.which("pdftotext"):
        first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdfs[name]), "-"], capture_output=True,
                               text=True).stdout
        assert "自评报告" in first and "部门单位名称（公章）" in first and "填报时间" in first
        third = subprocess.run(["pdftotext", "-f", "3", "-l", "3", str(pdfs[name]), "-"], capture_output=True,
                               text=True).stdout
        assert re.search(r"— ?2 ?—", third) and ("93.16%" in third or "项目" in third)


@pytest.mark.skipif(NO_SOFFICE or not shutil.which("pdffonts"), reason="LibreOffice or poppler not installed")
def test_fallback_fonts_are_the_east_asian_ones(pdfs):
    fonts = subprocess.run(["pdffonts", str(pdfs["seed004"])], capture_output=True, text=True).stdout
    assert "NotoSerifCJK" in fonts and "NotoSansCJK" in fonts  # 仿宋/小标宋 → serif, 黑体 → sans


def test_an_unreadable_figure_is_listed_once_in_the_check_box(tmp_path, capsys):
    """全年预算数 “三十万”: one line under 表中无法识别的数字 (its JX024 finding), not a second one under 其他校验提示."""
    src = tmp_path / "s.xlsx"
    wb = load_workbook(SEED004)
    ws = wb.active
    cell = next(c for row in ws.iter_rows() for c in row if c.value == 4978.49)
    cell.value = "三十万"
    wb.save(src)
    report(capsys, tmp_path / "r.docx", src)
    lines = [r[0] for r in tables(tmp_path / "r.docx")[-1]]
    hits = [x for x in lines if "三十万" in x]
    assert len(hits) == 1 and "JX024" in hits[0]
    assert lines.index("表中无法识别的数字（报告中未使用）：") < lines.index(hits[0])


def test_report_and_summary_read_the_year_alike():
    """One reading of the year: the title's （２０２３年度） in full-width digits is 2023 for both."""
    from jixiao.addin.app import form_year as Y
    from jixiao.addin.app import report as R
    from jixiao.addin.app import summary_rows as S

    assert R.form_year is Y.form_year and S.form_year is Y.form_year
    from jixiao.addin.ooxml import read_workbook
    from jixiao.addin.ooxml.grid import Cell
    from jixiao.templates.recognize import recognize

    grid = read_workbook(SEED004).sheets[0]
    at = next(k for k, c in grid.cells.items() if isinstance(c.value, str) and "年度" in c.value and "2023" in c.value)
    grid.cells[at] = Cell(grid.cells[at].value.replace("2023", "２０２３"))
    assert Y.form_year(recognize(grid), grid) == 2023
