"""Reference tables generated from the declared rules, so the docs cannot drift from the code.

    python -m jixiao.addin.docs        # rewrites docs/profiles.md, docs/checks.md and docs/templates.md
"""

from __future__ import annotations

import sys
from pathlib import Path

from jixiao.udfs import PROFILES

METHODS = {
    "proportional": "min(完成值/指标值, 1) × 分值",
    "threshold": "完成率（两位小数百分数）< 起算线 → 0；否则 (完成率 − 起算线)/(100% − 起算线) × 分值，不超过分值",
    "within_limit": "完成值 ≤ 指标值 → 满分；否则 指标值/完成值 × 分值",
    "relative_excess": "完成值 ≤ 指标值 → 满分；否则 (1 − (完成值 − 指标值)/指标值) × 分值，完成值 ≥ 2×指标值 时 0 分",
    "range": "在区间内 → 满分；低于下限 完成值/下限 × 分值；高于上限 上限/完成值 × 分值",
}
DIRECTIONS = {"positive": "正向（≥、>、未写比较符）", "reverse": "反向（≤、<）", "equal": "等于（=）",
              "cost": "成本指标（一级/二级含“成本”，≤ 或未写比较符）", "range": "区间（90%-95%）"}
ROUNDING = {"half_up_decimal": "四舍五入（同 Excel ROUND）",
            "half_up_binary": "对双精度二进制值四舍五入（财政系统浮点算法，见 seed 003）"}


def profiles_markdown() -> str:
    out = ["# 计分规则 (rule profiles)", "",
           "由 `python -m jixiao.addin.docs` 从 udfs/profiles/*.toml 生成，请勿手改。", ""]
    for p in PROFILES.values():
        rate = ("执行率 × 分值，不超过分值" if p.rate_method == "proportional" else
                f"执行率 < {p.rate_floor:.0%} 得 0；否则 (执行率 − {p.rate_floor:.0%})/{1 - p.rate_floor:.0%} × 分值")
        out += [f"## `{p.id}` — {p.name}", "", f"依据：{p.document}", "",
                f"别名：{'、'.join(p.aliases) or '无'}", "",
                "| 项目 | 规则 |", "|---|---|",
                f"| 执行率得分 | {rate}（执行率取 {p.rate_percent_digits} 位小数的百分数） |"]
        for d, m in p.methods:
            out.append(f"| {DIRECTIONS[d]} | `{m}`：{METHODS[m]} |")
        if p.completion_percent_digits is not None:
            out.append(f"| 完成率 | 先取 {p.completion_percent_digits} 位小数的百分数 |")
        out += [
            f"| 定性指标 | 达成 {p.qualitative_met:g}×分值，部分达成 {p.qualitative_partial:g}×分值，"
            f"未达成 {p.qualitative_unmet:g}×分值；无法判断的文字按{'达成' if p.qualitative_unknown == 'met' else '未达成'} |",
            f"| 时效指标 | 按期满分，逾期 {p.date_late:g}×分值 |",
            f"| 取整 | {p.digits} 位小数，{ROUNDING[p.rounding]} |",
            "| 等级 | " + "，".join(f"{g.grade} ≥ {g.min:g}" for g in p.grades[:-1]) + f"，其余 {p.grades[-1].grade} |",
            f"| 校验 | 分值合计 {p.weight_total:g}；执行率分值默认 {p.rate_weight:g}；"
            f"超额完成须说明原因：{_opt(p.over_achievement_reason_above)}；"
            f"执行率低于此须说明原因：{_opt(p.low_rate_reason_below)}；"
            f"须有满意度指标：{'是' if p.expects_satisfaction else '否'} |",
            "",
        ]
    return "\n".join(out)


def templates_markdown() -> str:
    """What each `jixiao new` template holds and which cells compute themselves, read off a generated copy."""
    import io

    from jixiao.templates.build import new_workbook
    from jixiao.templates.specs import SPECS
    from openpyxl import load_workbook

    out = ["# 模板 (jixiao new)", "",
           "由 `python -m jixiao.addin.docs` 从 templates/specs.py 生成的模板读出，请勿手改。黄色为填写单元格，"
           "灰色为受保护的计算单元格（无密码）。年度以 2025 为例（`jixiao new --year` 可改）。", ""]
    for spec in SPECS.values():
        buf = io.BytesIO()
        new_workbook(spec.id, buf, year=2025)  # a fixed year, so the page does not change with the date
        buf.seek(0)
        wb = load_workbook(buf)
        ws = wb.worksheets[0]
        out += [f"## `{spec.id}` — {spec.title}", "",
                f"{spec.attachment or '（无附件号）'}；默认计分规则 `{spec.profile}`；"
                f"{'横向' if ws.page_setup.orientation == 'landscape' else '纵向'} A4，一页宽。", ""]
        if spec.groups:
            out.append("指标层级（下拉可选）：" + "；".join(
                f"{g.level1}{f'（{g.weight:g}分）' if g.weight else ''}：{'、'.join(g.level2)}" for g in spec.groups)
                + ("；另有“指标方向”列（正向/反向/等于/定性）。" if getattr(spec, "direction_column", False) else "。"))
            out.append("")
        out += ["| 单元格 | 内容 | 公式 |", "|---|---|---|"]
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    out.append(f"| {c.coordinate} | {_formula_label(ws, c)} | `{c.value}` |")
        names = [n for n in wb.defined_names if n != "jixiao_profile"]
        if names:
            out += ["", "工作簿名称 " + "、".join(f"`{n}`" for n in names)
                    + "：规则按二进制值取整、与十进制四舍五入相差一分的执行率（万分点），由引擎逐一算出。"]
        out.append("")
    return "\n".join(out)


def _formula_label(ws, c) -> str:
    """Where a formula cell sits: its row's label and its column's header ("年度资金总额 · 执行率")."""
    if c.value.startswith('="等级'):
        return "等级"

    def text(r, k):
        v = ws.cell(r, k).value
        return v.replace("\n", "") if isinstance(v, str) and not v.startswith("=") else ""

    left = next((text(c.row, k) for k in range(1, c.column) if text(c.row, k)), "")
    up = next((text(r, c.column) for r in range(c.row - 1, 0, -1) if text(r, c.column)), "")
    return " · ".join(x for x in (left, up) if x)


def _opt(x) -> str:
    return "不要求" if x is None else f"{x:.0%}"


def write_docs(root: Path) -> list[Path]:
    from .render.checks_doc import rules_markdown

    docs = root / "docs"
    docs.mkdir(exist_ok=True)
    out = []
    for name, text in (("profiles.md", profiles_markdown()), ("checks.md", rules_markdown()),
                       ("templates.md", templates_markdown())):
        p = docs / name
        p.write_text(text, encoding="utf-8")
        out.append(p)
    return out


if __name__ == "__main__":
    for p in write_docs(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()):
        print(p)
