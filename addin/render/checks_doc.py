"""docs/checks.md, generated from the rule registry: the table of rules, then each rule's message
templates, parameters and a rendered example."""

from __future__ import annotations

import string

from jixiao.udfs.profile_model import SCHEMA

from ..checks import RULES, load_all_rules
from ..checks.base import Finding
from . import findings as F

_REVIEW = ("完整性", "可测性", "可行性", "相关性")


def _params(template: str) -> list[str]:
    return [name for _lit, name, _spec, _conv in string.Formatter().parse(template) if name]


def switch_path(attr: str) -> str:
    """Where a Profile field is set in a rule file: its key's path (checks.compare_truncated)."""
    return next((k.path for k in SCHEMA if k.attr == attr), attr)


def rules_markdown() -> str:
    load_all_rules()
    lines = [
        "# 校验规则 (jixiao check)",
        "",
        "由 `jixiao check --rules-doc` 生成，请勿手改。error 使 `jixiao check` 以 1 退出。",
        "",
        "| 代码 | 级别 | 问题 | 怎么改 | 适用表 |",
        "|---|---|---|---|---|",
    ]
    for code in sorted(RULES):
        r = RULES[code]
        lines.append(f"| {r.code} | {r.severity.value} | {r.title} | {r.advice} | "
                     f"{'、'.join(k.short for k in r.kinds)} |")
    lines += ["", "## 各规则的提示文字", "",
              "提示由模板和参数生成（`{参数:pt}` 为分数，`{参数:%}` 为百分数，`{参数:amt}` 为金额）。", ""]
    for code in sorted(RULES):
        r = RULES[code]
        lines += [f"### {r.code} {r.title}", ""]
        if r.group:
            lines += [f"类别：{'目标审核·' if r.group in _REVIEW else ''}{r.group}", ""]
        if r.covers:
            lines += [f"对应财政系统校验：{'、'.join(r.covers)}", ""]
        if r.reads:
            lines += [f"读取的规则开关：{'、'.join(f'`{switch_path(a)}`' for a in r.reads)}", ""]
        for variant, template in r.messages.items():
            params = _params(template)
            lines.append(f"- {f'`{variant}`：' if variant else ''}`{template}`"
                         + (f"（参数：{'、'.join(params)}）" if params else ""))
        variant = next(iter(r.messages))
        if all(p in r.example for p in _params(r.messages[variant])):
            lines += ["", f"例：{F.message(Finding(code, '项目1', 'G12', r.example, variant))}"]
        lines.append("")
    return "\n".join(lines)
