"""A 监控表's lights on a terminal (`jixiao score` text mode): the period, the funds' and the goal's lights, then
each monitored indicator with its 1-X月 完成情况, 完成率 (M9), progress against 序时进度 and its light, and the
reason where it has none. :func:`print_monitor` is called by :func:`jixiao.addin.render.text.print_form`."""

from __future__ import annotations

from jixiao.templates.model import Form
from jixiao.udfs.profile_schema import LIGHT_TEXT

from .findings import pct

LIGHT_NAMES = {k: v + "灯" for k, v in LIGHT_TEXT.items()}
LIGHT_STYLES = {"red": "bold red", "yellow": "bold yellow", "green": "green", "blue": "bold blue"}
_SOURCES = {"option": "（--month）", "profile": "（表中未写，按规则默认）"}


def light_name(light) -> str:
    """A Light (or its colour) as the clerk reads it: 红灯 …; — without one."""
    return LIGHT_NAMES.get(getattr(light, "light", light), "—")


def period_line(form: Form) -> str:
    """监控期 1-7月  序时进度 58.33%  资金执行进度 90.00% 绿灯  目标预警 红灯."""
    line = f"    监控期 1-{form.body.month_value}月{_SOURCES.get(form.body.month_source, '')}  序时进度 {pct(form.body.month_value / 12)}"
    fl = form.body.funds_light
    if fl is not None and fl.light:
        line += f"  资金执行进度 {pct(fl.progress)} {light_name(fl)}"
    if form.body.goal_light:
        line += f"  目标预警 {light_name(form.body.goal_light)}"
    return line


def rows(form: Form) -> list[tuple[str, ...]]:
    """(三级指标, 年度指标值, 完成情况, 完成率, 序时进度比, 预警, 单元格, why there is no light)."""
    out = []
    for m in form.body.rows:
        lt = m.light
        completion = None if lt is None or lt.completion is None else lt.completion / 100
        why = lt.reason if lt is not None and lt.light is None and lt.reason else ""
        out.append((m.name, _str(m.target.value), _str(m.h1.value), pct(completion),
                    pct(None if lt is None else lt.progress), light_name(lt),
                    m.light_cell.cell if m.light_cell else m.h1.cell, why))
    return out


def _str(v) -> str:
    return "" if v is None else str(v).replace("\n", " ")


def headers(form: Form) -> tuple[str, ...]:
    return ("三级指标", "年度指标值", f"1-{form.body.month_value}月完成", "完成率", "序时进度比", "预警", "单元格")


def print_monitor(form: Form, con) -> None:
    """The period line and the indicators' table on a rich console; nothing for other forms."""
    if form.body.month_value is None:
        return
    from rich import box
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    con.print(Text(period_line(form)), soft_wrap=True)
    if not form.body.rows:
        return
    tty = con.is_terminal
    t = Table(box=box.SIMPLE_HEAD if tty else None, show_edge=False, pad_edge=False,
              padding=(0, 0) if tty else (0, 1, 0, 0), header_style="bold" if tty else "", expand=False)
    for i, h in enumerate(headers(form)):
        right = 3 <= i <= 4
        t.add_column(h, justify="right" if right else "left", overflow="fold",
                     no_wrap=right or i >= 5, max_width=18 if i in (1, 2) else None)
    why = []
    for m, row in zip(form.body.rows, rows(form), strict=True):
        light = m.light.light if m.light is not None else None
        t.add_row(*row[:5], Text(row[5], style=LIGHT_STYLES.get(light, "") if tty else ""), row[6])
        if row[7]:
            where = f"（{row[6]}）" if row[6] else ""  # never an empty （）
            why.append(f"    ！{row[0]}{where}没有预警灯：{row[7]}")
    con.print(Padding(t, (0, 0, 0, 4), expand=False))
    for line in why:
        con.print(Text(line, style="bold red" if tty else ""), soft_wrap=True)


