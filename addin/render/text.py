"""What `jixiao score` and `jixiao check` print on a terminal."""

from __future__ import annotations

from jixiao.templates.model import Form, FormKind, Workbook

from ..checks import Finding
from . import findings as F


def pct(x) -> str:
    return "" if x is None else f"{x * 100:.2f}%"


def num(x) -> str:
    return "" if x is None else f"{x:.2f}"


def g(x) -> str:
    return "—" if x is None else f"{x:g}"


def _width(s: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def _cut(s, n: int) -> str:
    s = "" if s is None else str(s).replace("\n", " ")
    out = ""
    for ch in s:
        if _width(out + ch) > n - 1:
            out += "…"
            break
        out += ch
    return out + " " * max(n - _width(out), 1)


def form_lines(form: Form) -> list[str]:
    out = [f"  工作表“{form.sheet}”：{form.kind_name}（规则：{form.profile.name}）"]
    title = form.header.get("project_name") or form.header.get("dept_name")
    if title and title.value:
        out.append(f"    {title.value}")
    f = form.funds.figures if form.funds else None
    if f is not None and f.budget is not None:
        line = f"    执行率 {pct(f.rate)}（{num(f.spent)} ÷ {num(f.budget)} 万元）"
        if f.score is not None:
            cell = form.funds.score.cell if form.funds.score else None
            line += f"  分值 {f.weight:g}  得分 {num(f.score)}" + (f"  → {cell}" if cell else "")
        elif f.weight is None and form.kind.has_indicators:
            line += "  （本表执行率不计分）"
        out.append(line)
    b = form.basic
    if form.kind == FormKind.BASIC_DATA and b is not None:
        out.append(f"    编制数 {g(b.staff_quota)}  实际在职 {g(b.staff_actual)}  控制率 {pct(b.control_rate_value)}")
    rows = [i.as_json() for i in form.indicators] or [r.as_json() for r in form.assessment_rows]
    if rows:
        out.append("    " + "".join(_cut(h, w) for h, w in (("三级指标", 30), ("指标值", 14), ("完成值", 14),
                                                          ("分值", 6), ("完成率", 9), ("得分", 8), ("单元格", 8))))
        for i in rows:
            score = num(i["score"]) if i.get("score") is not None else "—"
            out.append("    " + "".join(_cut(v, w) for v, w in (
                (i["name"], 30), (i["target"], 14), (i["actual"], 14),
                ("" if i["weight"] is None else f"{i['weight']:g}", 6), (pct(i["completion"]), 9),
                (score, 8), (i["cell"], 6))))
            if i.get("error"):
                out.append(f"      ！{i['error']}")
    if form.total_value is not None:
        out.append(f"    总分 {num(form.total_value)}  等级 {form.grade_value}")
    for p in form.problems:
        out.append(f"    ！{p.cell}：{p.error}")
    return out


def workbook_lines(wb: Workbook) -> list[str]:
    out = [f"文件：{wb.file}"]
    if wb.error:
        out.append(f"  ✗ {wb.error}")
    for form in wb.forms:
        out.extend(form_lines(form))
    for s in wb.skipped:
        out.append(f"  跳过 工作表“{s.sheet}”：{s.reason}")
    if not wb.error and not wb.forms:
        out.append("  没有识别到自评表")
    return out


def finding_line(f: Finding) -> str:
    return f"  [{f.severity.label} {f.code}] {f.sheet}!{f.cell}：{F.message(f)}"
