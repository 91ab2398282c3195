"""What the 自评报告 says, section by section: the 附件4 outline of seeds 000/004 for a 部门整体 report, and
a section per project (项目概况, 资金情况, 绩效目标完成情况, 自评结论, 问题与措施) with a summary table for a
project report. The look is :mod:`.report_docx`'s; the sentences are :mod:`.report_text`'s.
"""

from __future__ import annotations

import re

from jixiao.templates.model import BasicData, Form, FormKind, Indicator
from jixiao.udfs.rounding import add, round_to

from . import report_text as T
from .findings import message
from .report_docx import Draft, Subject, Writer
from .report_text import PLACEHOLDERS as PH

DIFFERENCES = ("JX004", "JX005", "JX006", "JX008", "JX017", "JX018")  # a stated figure against jixiao's own
SCORE_WIDTHS = [18, 22, 38, 22, 22, 14, 20]  # mm; 156 in all, the text block's width
MIDYEAR_WIDTHS = [16, 19, 33, 20, 18, 20, 14, 16]  # with a 年中监控值 column (a 监控表 was given)
SUMMARY_WIDTHS = [10, 48, 24, 24, 20, 16, 14]


def _year(d: Draft) -> str | None:
    return str(d.year) if d.year else None


def _or(value: str | None, what: str) -> str:
    """A figure, or the placeholder saying it is missing (a score that could not be computed, an empty cell)."""
    if value is not None:
        return value
    return PH["unscored"] if what == "score" else f"【未填写{what}】"


def project_name(form: Form) -> str:
    return str(form.header_value("project_name") or form.sheet)


def _norm(name: str) -> str:
    return re.sub(r"\s+", "", name or "")


def _midyear(s: Subject) -> dict[str, object]:
    """The 监控表's 1-6月 value per 三级指标 name."""
    rows = s.monitor.body.rows if s.monitor is not None else ()
    return {_norm(m.name): m.h1.value for m in rows}


def _groups(inds) -> list[tuple[str, list[tuple[str, list[Indicator]]]]]:
    """一级 → 二级 → rows, in the order the form lists them."""
    out: list[tuple[str, list[tuple[str, list[Indicator]]]]] = []
    for ind in inds:
        l1, l2 = ind.level1.name, ind.level2.name
        if not out or out[-1][0] != l1:
            out.append((l1, []))
        subs = out[-1][1]
        if not subs or subs[-1][0] != l2:
            subs.append((l2, []))
        subs[-1][1].append(ind)
    return out


def _figures(form: Form):
    return form.funds.figures if form.funds is not None else None


# --- the parts both reports share ----------------------------------------------------------------------

def budget(w: Writer, d: Draft, form: Form, subject: str) -> None:
    f = _figures(form)
    if f is None or f.budget is None:
        w.para("【表中没有年度资金总额：请填写年初预算数、全年预算数和全年执行数】")
        return
    adjust = round_to(f.budget - f.budget_initial, 2) if f.budget_initial is not None else None
    w.para(T.BUDGET.render(subject=subject, year=_year(d), initial=T.amt(f.budget_initial), adjust=T.amt(adjust),
                           budget=T.amt(f.budget), adjust_rate=T.pct(T.ratio(adjust, f.budget_initial)),
                           spent=_or(T.amt(f.spent), "全年执行数"), rate=_or(T.pct(f.rate), "执行率")))
    if adjust:
        w.para(PH["adjust_reason"])


def indicators(w: Writer, d: Draft, s: Subject, level: int, subject: str, whole: str) -> None:
    """The funds paragraph, then one paragraph per indicator under its 一级 / 二级 headings, and the table."""
    form = s.form
    f = _figures(form)
    if f is not None and f.budget is not None:
        w.para(T.FUNDS.render(subject=subject, year=_year(d), budget=T.amt(f.budget), spent=_or(T.amt(f.spent), "全年执行数"),
                              rate=_or(T.pct(f.rate), "执行率"), score=T.pts(f.score) if f.weight is not None else None))
    groups = _groups(form.body.indicators)
    n2 = sum(1 for _l1, subs in groups for l2, _rows in subs if l2)
    w.para(T.OVERVIEW.render(subject=whole, n1=len(groups), n2=n2, n3=len(form.body.indicators)))
    mid = _midyear(s)
    for l1, subs in groups:
        rows = [i for _l2, rs in subs for i in rs]
        w.heading(level, l1 or "其他指标")
        w.para(T.GROUP.render(level1=l1 or "其他指标", count=len(rows),
                              weight=_or(T.wts(T.total_of(i.weight_value for i in rows)), "score"),
                              score=_or(T.pts(T.total_of(i.score for i in rows)), "score")))
        for l2, rs in subs:
            if l2 and l2 != l1:
                w.heading(level + 1, l2)
            for ind in rs:
                w.para(indicator_sentence(ind, mid))
        w.para(PH["effect"].format(level1=l1 or "各项指标"))
    score_table(w, form)


def indicator_sentence(ind: Indicator, mid: dict) -> str:
    """The row's sentence in the form its values call for (a count's, a date's, words' …)."""
    return T.INDICATORS[T.value_type(ind)].render(**T.indicator_values(ind, mid.get(_norm(ind.name))))


def score_table(w: Writer, form: Form, mid: dict | None = None) -> None:
    """The indicators' table; ``mid`` (a 监控表's 1-6月 values by name) adds a 年中监控值 column."""
    f = _figures(form)
    rows = []
    if f is not None and f.weight is not None:
        rows.append(["预算执行", "", "预算执行率", "—", T.pct(f.rate) or "—", T.wts(f.weight), T.pts(f.score) or "—",
                     "—"])
    for i in form.body.indicators:
        target = T.shown(i.target.value)
        rows.append([i.level1.name, i.level2.name, i.name, target or "", T.shown(i.actual.value, target) or "",
                     T.wts(i.weight_value) or "—", T.pts(i.score) or "—",
                     (T.shown(mid.get(_norm(i.name)), target) or "—") if mid is not None else ""])
    weights = [i.weight_value for i in form.body.indicators] + ([f.weight] if f is not None and f.weight is not None else [])
    rows.append(["合计", "", "", "", "", T.wts(T.total_of(weights)) or "—", T.pts(form.total_value) or "—", ""])
    # the 年中监控值 (last above) goes between 年度指标值 and 实际完成值, or is left out
    rows = [r[:4] + r[7:] + r[4:7] if mid is not None else r[:7] for r in rows]
    head = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    if mid is not None:
        head.insert(4, "年中监控值")
    w.tables += 1
    w.table(f"表{w.tables}　{project_name(form) if form.kind.id == 'project' else '部门整体支出'}绩效自评得分",
            head, rows, SCORE_WIDTHS if mid is None else MIDYEAR_WIDTHS, merge=2)


def conclusion(w: Writer, d: Draft, form: Form, subject: str) -> None:
    st = [T.status(i) for i in form.body.indicators]
    w.para(T.CONCLUSION.render(year=_year(d), subject=subject, total=_or(T.pts(form.total_value), "score"),
                               grade=form.grade_value or PH["unscored"], count=len(st), met=st.count("met"),
                               partial=st.count("partial"), unmet=st.count("unmet"), unscored=st.count(None) or None))


def issues(w: Writer, form: Form, which: int, fill: str) -> None:
    """The causes (which=0) or the measures (1) the form's 偏差原因 cells carry, per indicator."""
    n = 0
    for ind in form.body.indicators:
        text = T.split_reason(ind.reason.value if ind.reason else None)[which]
        if text:
            n += 1
            w.para(f"{n}.{T.ISSUE.render(name=ind.name, text=text)}")
    w.para(PH[fill])


UNREAD = ("JX024", "JX025")  # a figure that cannot be read, an Excel error shown in its cell


def check_box(w: Writer, d: Draft) -> None:
    profile = next((s.form.profile.name for s in d.subjects if s.form.profile is not None), "")
    diffs, unread, others = [], [], []
    unscored = False
    for s in d.subjects:
        for f in s.findings:  # an unreadable figure is its JX024/JX025 finding: listed once, in its own words
            if f.code == "JX000":  # scores not filled in yet: said once below, not per sheet
                unscored = True
                continue
            (diffs if f.code in DIFFERENCES else unread if f.code in UNREAD else others).append(f)
    intro = f"本报告中的执行率、得分、总分和等级均按“{profile}”规则根据表中数据计算"
    if diffs:
        lines = [f"{intro}。以下各处表中填写的数字与计算结果不符，报告采用计算结果："]
    elif unscored:
        lines = [f"{intro}；表中尚未填写得分（需要重算），报告采用计算结果。"]
    else:
        lines = [f"{intro}，表中填写的数字与计算结果一致。"]
    lines += [f"{n}. {f.code}　工作表“{f.sheet}”{f.cell}：{message(f)}" for n, f in enumerate(diffs, 1)]
    if unread:
        lines.append("表中无法识别的数字（报告中未使用）：")
        lines += [f"{n}. {f.code}　工作表“{f.sheet}”{f.cell}：{message(f)}" for n, f in enumerate(unread, 1)]
    if others:
        lines.append("其他校验提示（请核实后再定稿）：")
        lines += [f"{n}. {f.code}　工作表“{f.sheet}”{f.cell}：{message(f)}" for n, f in enumerate(others, 1)]
    if d.notes:
        lines.append("所给表格：")
        lines += [f"{n}. {note}" for n, note in enumerate(d.notes, 1)]
    w.box("校验说明", lines)


def closing(w: Writer, level: int = 1) -> None:
    """The two sections every published report ends with, for people to write."""
    w.heading(level, "绩效自评结果拟应用和公开情况")
    w.para(PH["use"])
    w.heading(level, "其他需要说明的问题")
    w.para(PH["other"])


# --- 部门整体 -------------------------------------------------------------------------------------------

def basic(w: Writer, form: Form | None) -> None:
    if form is None or not isinstance(form.body, BasicData):
        w.para(PH["no_basic"])
        return
    b = form.body
    w.para(T.STAFF.render(quota=_or(T.count_of(b.staff_quota), "编制数"), actual=_or(T.count_of(b.staff_actual), "实际在职人数"),
                          rate=T.pct(b.control_rate_value)))
    bcol, fcol, pcol = T.basic_columns(b)
    rows = T.basic_amounts(b)
    for label, top, vals in rows:
        got = {k: vals.get(c) if c else None for k, c in (("budget", bcol), ("final", fcol), ("prev", pcol))}
        if not top or all(v is None for v in got.values()):
            continue
        rate = None if "调整" in label else T.ratio(got["final"], got["budget"])
        w.para(T.BASIC_LINE.render(label=T.clean_label(label), budget_col=bcol, final_col=fcol, prev_col=pcol,
                                   rate=T.pct(rate), **{k: T.amt(v) for k, v in got.items()}))
    if b.columns:
        w.tables += 1
        first = 156 - 32 * len(b.columns)
        w.table(f"表{w.tables}　经费控制情况（万元）", ["项目", *b.columns],
                [[("" if top else "　") + T.clean_label(label), *(T.amt_sep(vals.get(c)) for c in b.columns)]
                 for label, top, vals in rows], [first] + [32] * len(b.columns))


def overall(w: Writer, d: Draft) -> None:
    for s in d.subjects:
        form = s.form
        w.cover("部门单位整体支出绩效自评报告", _year(d) or PH["year"], d.unit or PH["unit"], PH["date"])
        w.title("部门单位整体支出绩效自评报告", f"（{_year(d) or PH['year']}年度）")
        w.heading(1, "基本情况")
        w.heading(2, "部门单位基本情况")
        w.para(PH["basic_info"])
        w.heading(2, "部门单位年度重点工作")
        w.para(PH["key_work"])
        w.heading(2, "部门单位整体预算规模及安排情况")
        budget(w, d, form, "我单位")
        w.para(PH["uses"])
        w.heading(1, "部门单位整体支出管理及使用情况")
        w.heading(2, "预算管理情况")
        w.para(PH["management"])
        w.heading(2, "经费控制情况")
        basic(w, s.basic)
        w.heading(2, "基本支出和项目支出管理及使用情况")
        w.para(PH["spending"])
        w.heading(1, "部门单位整体支出绩效分析")
        indicators(w, d, s, 2, "我单位", "部门整体")
        w.heading(1, "评价结论")
        conclusion(w, d, form, "部门整体支出")
        w.para(PH["summary"])
        w.heading(1, "存在的主要问题及原因分析")
        issues(w, form, 0, "problems")
        w.heading(1, "改进措施和建议")
        issues(w, form, 1, "measures")
        closing(w)
        check_box(w, type(d)(d.kind, (s,), d.unit, d.year, d.notes))


# --- 项目 ----------------------------------------------------------------------------------------------

def summary(w: Writer, d: Draft) -> None:
    forms = [s.form for s in d.subjects]
    figs = [f for f in map(_figures, forms) if f is not None and f.budget is not None and f.spent is not None]
    budget_sum = round_to(add([f.budget for f in figs]), 2) if figs else None
    spent_sum = round_to(add([f.spent for f in figs]), 2) if figs else None
    rate = T.ratio(spent_sum, budget_sum)
    profile = forms[0].profile
    order = [g.grade for g in profile.grades] if profile is not None else []
    grades = [f.grade_value for f in forms if f.grade_value]
    dist = "、".join(f"为“{g}”的{grades.count(g)}个" for g in order if grades.count(g))
    w.para(T.PROJECTS.render(count=len(forms), budget=_or(T.amt(budget_sum), "全年预算数"),
                             spent=_or(T.amt(spent_sum), "全年执行数"), rate=_or(T.pct(rate), "执行率"), grades=dist or None))
    rows = []
    for n, form in enumerate(forms, 1):
        f = _figures(form)
        rows.append([str(n), project_name(form), T.amt_sep(f.budget if f else None), T.amt_sep(f.spent if f else None),
                     (T.pct(f.rate) if f else None) or "—", T.pts(form.total_value) or "—", form.grade_value or "—"])
    rows.append(["", "合计", T.amt_sep(budget_sum), T.amt_sep(spent_sum), T.pct(rate) or "—", "—", "—"])
    w.tables += 1
    w.table(f"表{w.tables}　项目支出绩效自评结果汇总", ["序号", "项目名称", "全年预算数（万元）", "全年执行数（万元）",
                                                "执行率", "总分", "等级"], rows, SUMMARY_WIDTHS)


def project(w: Writer, d: Draft, s: Subject, level: int | None) -> None:
    """One project, compact (about a page, as the seeds' project sections): who runs it, its funds and result in
    one paragraph, the score table, then only the indicators that fell short, each with its reason. ``level``:
    the headings' level; None (a section of a many-project report) for none."""
    form = s.form

    def heading(text):
        if level is not None:
            w.heading(level, text)

    heading("项目概况")
    head = T.PROJECT_HEAD.render(department=form.header_value("department"), unit=form.header_value("unit"))
    w.para(head + PH["overview"] if head else PH["overview"])
    f = _figures(form)
    heading("资金和自评结论")
    if f is None or f.budget is None:
        w.para("【表中没有年度资金总额：请填写全年预算数和全年执行数】")
    else:
        w.para(T.PROJECT_FUNDS.render(subject="该项目", year=_year(d), budget=T.amt(f.budget),
                                      spent=_or(T.amt(f.spent), "全年执行数"), rate=_or(T.pct(f.rate), "执行率"),
                                      score=T.pts(f.score) if f.weight is not None else None,
                                      total=_or(T.pts(form.total_value), "score"),
                                      grade=form.grade_value or PH["unscored"]))
    heading("绩效目标完成情况")
    mid = _midyear(s)
    score_table(w, form, mid if s.monitor is not None else None)
    inds = form.body.indicators
    short = [i for i in inds if T.status(i) != "met"]
    names = "、".join(i.name for i in short) or None
    w.para(T.DEVIATIONS.render(count=len(inds), met=len(inds) - len(short), missed=len(short), missed_names=names)
           if short else f"{len(inds)}项三级指标全部完成。")
    for ind in short:
        w.para(indicator_sentence(ind, mid))
    heading("存在的问题及改进措施")
    w.para(PH["project_issues"])


def projects(w: Writer, d: Draft) -> None:
    multi = len(d.subjects) > 1
    w.cover("项目支出绩效自评报告", _year(d) or PH["year"], d.unit or PH["unit"], PH["date"])
    w.title("项目支出绩效自评报告", f"（{_year(d) or PH['year']}年度）")
    if multi:
        w.heading(1, "项目总体情况")
        summary(w, d)
    for s in d.subjects:
        if multi:
            w.heading(1, project_name(s.form))
        project(w, d, s, None if multi else 1)
    closing(w)
    check_box(w, d)


def build(drafts: list[Draft]):
    """The document for one or more drafts (each with its cover); a python-docx Document."""
    w = Writer()
    for d in drafts:
        (overall if d.kind == FormKind.OVERALL else projects)(w, d)
    return w.doc
