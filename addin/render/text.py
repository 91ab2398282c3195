"""What `jixiao score`, `check` and `summarize` print (text mode; --json is rendered elsewhere).

Tables are rich tables, laid out by display width, so a CJK name takes its two columns and long names
wrap inside their column instead of pushing the next one. On a terminal the table has a header rule and
错误 / 提示 / ✗ / ✓ are coloured; piped or redirected, the same lines come out as plain text with no
colour codes and no wrapping of ordinary lines, so grep and diff see whole lines.
"""

from __future__ import annotations

import sys

from jixiao.templates.model import Assessment, BasicData, Form, IndicatorTable, MonitorGrid, Workbook

from . import findings as F
from .findings import num, pct
from .monitor_text import print_monitor

PIPE_WIDTH = 200  # a pipe has no width: tables are laid out as if the terminal were this wide
STYLE = {"error": "bold red", "warning": "yellow", "bad": "bold red", "ok": "green", "dim": "dim"}


def g(x) -> str:
    return "—" if x is None else f"{x:g}"


class PlainLines:
    """Lines to a pipe without loading rich: what `jixiao check` prints when nobody watches in colour."""

    def __init__(self, file):
        self.file = file

    def line(self, *parts) -> None:
        self.file.write("".join(p if isinstance(p, str) else p[0] for p in parts) + "\n")


def _is_tty(file) -> bool:
    try:
        return file.isatty()
    except (AttributeError, ValueError):
        return False


def console(file=None, lines_only: bool = False):
    """A console on ``file`` (stdout): colour and the terminal's width on a terminal, plain otherwise.
    ``lines_only``: the caller prints lines, never tables — a pipe then gets them without rich at all."""
    file = file if file is not None else sys.stdout
    tty = _is_tty(file)
    if lines_only and not tty:
        return PlainLines(file)
    from rich.console import Console

    if tty:
        return Console(file=file, highlight=False, emoji=False)
    return Console(file=file, highlight=False, emoji=False, width=PIPE_WIDTH, soft_wrap=True, color_system=None,
                   force_terminal=False, force_interactive=False)


def _line(con, *parts) -> None:
    """Print one line assembled from plain strings and (text, style) pairs."""
    if isinstance(con, PlainLines):
        con.line(*parts)
        return
    from rich.text import Text

    con.print(Text.assemble(*parts), soft_wrap=True)


# --- score ------------------------------------------------------------------------------------------

def _indicator_table(rows: list[dict], con):
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    tty = con.is_terminal
    # a terminal: a rule under the header, columns one space apart; a pipe: the same without the rule
    t = Table(box=box.SIMPLE_HEAD if tty else None, show_edge=False, pad_edge=False,
              padding=(0, 0) if tty else (0, 1, 0, 0), header_style="bold" if tty else "", expand=False)
    # the name gets what the figures leave of the line (they are short; 指标值/完成值 wrap past 18)
    longest = max((cell_len(_cell(i["name"])) for i in rows), default=8)
    t.add_column("三级指标", overflow="fold", min_width=min(longest, max(12, con.width - 4 - 45)))
    t.add_column("指标值", overflow="fold", max_width=18, min_width=6)
    t.add_column("完成值", overflow="fold", max_width=18, min_width=6)
    t.add_column("分值", justify="right", no_wrap=True)
    t.add_column("完成率", justify="right", no_wrap=True)
    t.add_column("得分", justify="right", no_wrap=True)
    t.add_column("单元格", no_wrap=True, min_width=4)
    for i in rows:
        score = num(i["score"]) if i.get("score") is not None else "—"
        t.add_row(_cell(i["name"]), _cell(i["target"]), _cell(i["actual"]),
                  "" if i["weight"] is None else f"{i['weight']:g}", pct(i["completion"]), score, i["cell"] or "")
        if i.get("error"):
            t.add_row(Text(f"！{i['error']}", style=STYLE["error"]), "", "", "", "", "", "")
    return t


def _cell(v) -> str:
    return "" if v is None else str(v).replace("\n", " ")


def print_form(form: Form, con) -> None:
    from rich.padding import Padding

    _line(con, f"  工作表“{form.sheet}”：{form.kind_name}（规则：{form.profile.name}）")
    title = form.header.get("project_name") or form.header.get("dept_name")
    if title and title.value:
        _line(con, f"    {title.value}")
    f = form.funds.figures if form.funds else None
    if f is not None and f.budget is not None:
        line = f"    执行率 {pct(f.rate)}（{num(f.spent)} ÷ {num(f.budget)} {form.funds.unit}）"
        if f.score is not None:
            cell = form.funds.score.cell if form.funds.score else None
            line += f"  分值 {f.weight:g}  得分 {num(f.score)}" + (f"  → {cell}" if cell else "")
        elif f.weight is None and isinstance(form.body, IndicatorTable):
            line += "  （本表执行率不计分）"
        _line(con, line)
    b = form.body
    if isinstance(b, BasicData):
        _line(con, f"    编制数 {g(b.staff_quota)}  实际在职 {g(b.staff_actual)}  控制率 {pct(b.control_rate_value)}")
    rows = ([i.as_json() for i in b.indicators] if isinstance(b, IndicatorTable)
            else [r.as_json() for r in b.rows] if isinstance(b, Assessment) else [])
    if rows:
        con.print(Padding(_indicator_table(rows, con), (0, 0, 0, 4), expand=False))
    if isinstance(b, MonitorGrid):
        print_monitor(form, con)  # 监控表: period, lights, progress (render/monitor_text.py)
    if form.total_value is not None:
        _line(con, f"    总分 {num(form.total_value)}  等级 {form.grade_value}")
    for p in form.problems:
        _line(con, "    ", (f"！{p.cell}：{p.error}", STYLE["error"]))


def err_console():
    """Where messages go (a file that cannot be read, a sheet skipped): stderr, so stdout holds results only."""
    return console(sys.stderr, lines_only=True)


def print_workbook(wb: Workbook, con=None, err=None) -> None:
    """A file's results on ``con``; what went wrong with it (unreadable, no form, sheets skipped) on ``err``."""
    con, err = con or console(), err or err_console()
    if wb.error:
        _line(err, (f"✗ {wb.error}", STYLE["bad"]))
        return
    if wb.forms:
        _line(con, f"文件：{wb.file}")
    for form in wb.forms:
        print_form(form, con)
    for s in wb.skipped:
        _line(err, (f"{wb.file}：跳过 工作表“{s.sheet}”：{s.reason}", STYLE["dim"]))
    if not wb.forms:
        _line(err, (f"✗ {wb.file}：没有识别到自评表", STYLE["warning"]))


# --- check ------------------------------------------------------------------------------------------

def _finding(con, severity: str, code: str, sheet: str, cell: str, message: str) -> None:
    where = f"{sheet}!{cell}：" if sheet or cell else ""  # a finding about the whole file has no place
    _line(con, "  ", (f"[{F.label(severity)} {code}]", STYLE[severity]), f" {where}{message}")


def print_check(files, con=None, err=None) -> None:
    """`jixiao check`'s results (:class:`jixiao.addin.app.jobs.CheckResult`); a file that could not be checked,
    or whose copy could not be written, is said on ``err``."""
    con, err = con or console(lines_only=True), err or err_console()
    for e in files:
        if e.error:
            _line(err, (f"✗ {e.error}", STYLE["bad"]))
            continue
        _line(con, f"文件：{e.file}")
        if not e.findings:
            _line(con, "  ", ("✓ 未发现问题", STYLE["ok"]))
        for f in e.findings:
            _finding(con, f.severity.value, f.code, f.sheet, f.cell, F.message(f))
        if e.report:
            _line(con, f"  校验结果已写入副本：{e.report}")
        if e.report_note:
            _line(con, f"  注意：{e.report_note}")
        if e.report_error:
            _line(err, (f"✗ {e.file}：未能写入校验结果副本：{e.report_error}", STYLE["bad"]))


# --- summarize --------------------------------------------------------------------------------------

def counts_line(counts: dict) -> str:
    """读取 5 个文件，跳过 1 个 jixiao 生成的文件，1 个无法读取，1 个未识别到自评表"""
    parts = [f"读取 {counts.get('read', 0)} 个文件"]
    if counts.get("skipped"):
        parts.append(f"跳过 {counts['skipped']} 个 jixiao 生成的文件")
    parts.append(f"{counts.get('unreadable', 0)} 个无法读取")
    if counts.get("unrecognised"):
        parts.append(f"{counts['unrecognised']} 个未识别到自评表")
    return "，".join(parts)


def kinds_line(kinds, forms: int) -> str:
    """共 15 张表，其中评分表 13 张，基础数据表 1 张，监控表 1 张 (:class:`KindCount` of the summary)."""
    graded = sum(k.forms for k in kinds if k.graded)
    parts = ([f"评分表 {graded} 张"] if graded else []) + [f"{k.short}表 {k.forms} 张" for k in kinds if not k.graded]
    return f"共 {forms} 张表" + ("，其中" + "，".join(parts) if parts else "")


def print_summary(res, con=None, err=None) -> None:
    """`jixiao summarize`'s result (a :class:`jixiao.addin.app.summary_rows.Summary`); the files it could not
    use, and a run that wrote nothing, are said on ``err``."""
    con, err = con or console(), err or err_console()
    c, t = res.counts, res.totals
    if res.output:
        _line(con, f"已汇总 {t['forms']} 张表 → {res.output}")
        _line(con, kinds_line(res.kinds, t["forms"]))
    else:
        _line(err, ("✗ 没有可汇总的自评表，未写入汇总", STYLE["bad"]))
    more = f"；重复提交的 {c['duplicates']} 张表未计入（见“重复”工作表）" if c["duplicates"] and res.output else ""
    _line(con if res.output else err, f"{counts_line(c)}{more}")
    if res.output:
        _line(con, f"全年预算数 {t['budget']:,.2f} 万元，全年执行数 {t['spent']:,.2f} 万元，执行率 {pct(t['rate'])}")
        _line(con, f"等级分布（评分表 {c['graded']} 张）：" + "，".join(f"{g} {n}" for g, n in res.grades))
    for b in res.unreadable:
        _line(err, (f"无法读取：{b.reason}", STYLE["bad"]))
    for b in res.unrecognised:
        _line(err, (f"未识别到自评表：{b.file}（{b.reason}）", STYLE["warning"]))
    for b in res.skipped:
        _line(err, (f"跳过：{b.file}（{b.reason}）", STYLE["dim"]))
