"""项目支出绩效运行监控表: header, the monitored month, the funds row's 1-6月 columns, and the indicator grid
with its ticked 偏差原因 and 全年预计能否完成 sub-columns and, where the form has one, its 预警 column."""

from __future__ import annotations

import re

from jixiao.addin.ooxml.grid import address

from ..labels import CAUSES, clean, inline_value, norm, strip_weight
from ..model import Field, Form, Funds, Kind, MonitorGrid, MonitorRow
from .common import amount_unit, ends_table, funds_cells, header_fields
from .compose import compose
from .index import Index, NotAForm, is_blank

# 监控表 funds columns → the Funds field they fill
_FUNDS = {"budget_initial": "budget_initial", "budget_adjust": "budget_adjust", "h1_spent": "spent",
          "h1_rate": "rate", "year_forecast": "forecast"}
_NOT_TICKED = {"", "否", "无", "×", "x", "X", "-", "—", "/", "0"}
_CAN = {"是": True, "能": True, "能完成": True, "确定能": True, "可以": True, "√": True, "有可能": None,
        "否": False, "不能": False, "不能完成": False, "完全不可能": False, "×": False}
_GRID_FIELDS = ("level1", "level2", "level3", "monitor_type", "target", "unit_col", "h1_done", "forecast_done",
                "can_complete", "cause_note", "remark", "reason", "light", *CAUSES)
# a grid column headed with the funds' spelling (1-7月执行数, 全年预计执行数, as the 项目库 export heads them):
# the grid's own field, when the grid has no column under the grid's own label
_GRID_ALIASES = {"h1_done": ("h1_spent",), "forecast_done": ("year_forecast",)}
# a title or header line that names the period: 截至9月底, 1-7月, 监控期 …（the 填报日期 line does not）
_PERIOD_WORDS = re.compile(r"截[至止]|监控|\d{1,2}月?(?:-|—|–|~|至|到)\d{1,2}月|上半年|前三季度|一季度")


def recognize_monitor(idx: Index, kind: Kind) -> Form:
    header = header_fields(idx, ("project_name", "department", "unit"), idx.grid.max_row)
    anchor = idx.first("funds_anchor")
    spent = idx.first("h1_spent")
    if spent is None:
        raise NotAForm("监控表缺少“1-6月执行数”")
    row = anchor[0] if anchor else spent[0] + 1
    cells, _spans, _head = funds_cells(idx, row, (*_FUNDS, "light"))
    found = {_FUNDS.get(f, f): v for f, v in cells.items()}
    light = found.pop("light", None)
    body = MonitorGrid(Funds(**found, unit=amount_unit(idx, row)), tuple(_grid(idx, row)), _month(idx, row),
                       funds_light_cell=light)
    return Form(kind=kind, sheet=idx.grid.name, header=header, body=body)


def _month(idx: Index, funds_row: int) -> Field | None:
    """The month the form watches: a 监控期 field (its value beside it, or "监控期：1-7月" in one cell), else
    the first title or header line above the funds that states a period (“（截至9月底）”, “2024年1-7月…”; the
    funds' own 1-X月执行数 labels come last among them), else the 1-X月 of the grid's labels."""
    for pos in idx.find("monitor_period", range(1, funds_row)):
        f = idx.right_of(*pos)
        if _monitoring().month_of(f.value) is not None:
            return Field(_monitoring().month_of(f.value), f.row, f.col)
    for r, c, _t in idx.texts:
        if r >= funds_row:
            break
        v = inline_value(idx.grid.value(r, c), "monitor_period")
        if v and _monitoring().month_of(v) is not None:
            return Field(_monitoring().month_of(v), r, c)
    for r, c, t in idx.texts:
        if r >= funds_row:
            break
        if _PERIOD_WORDS.search(t) and _monitoring().month_of(t) is not None:
            return Field(_monitoring().month_of(t), r, c)
    for key in ("h1_spent", "h1_rate", "h1_done"):
        for r, c in idx.find(key):
            m = _monitoring().month_of(idx.grid.value(r, c))
            if m is not None:
                return Field(m, r, c)
    return None


def _grid(idx: Index, after_row: int) -> list[MonitorRow]:
    """One header row, or two where 偏差原因分析 and 全年预计能否完成 break into ticked (√) sub-columns
    (经费保障 … 其他, 原因说明; 是 / 否)."""
    head = idx.first("level1", range(after_row, idx.grid.max_row + 1))
    if head is None:
        return []
    hrow = head[0]
    rows2 = range(hrow, hrow + 2)
    cols = idx.columns(_GRID_FIELDS, rows2)
    for f, aliases in _GRID_ALIASES.items():
        alias = next((a for a in aliases if idx.first(a, rows2)), None) if f not in cols else None
        if alias:
            cols[f] = idx.span(*idx.first(alias, rows2))
    if "reason" in cols and "cause_note" not in cols and not any(k in cols for k in CAUSES):
        cols["cause_note"] = cols["reason"]  # one 偏差原因分析 column, written out in words
    if "level3" not in cols or "target" not in cols:
        return []
    options: dict[int, bool | None] = {}  # ticked sub-columns: 是 / 否, or 确定能 / 有可能 / 完全不可能
    if "can_complete" in cols and len(cols["can_complete"]) > 1:
        found = {c: norm(idx.grid.value(hrow + 1, c)) for c in cols["can_complete"]}
        if all(t in _CAN for t in found.values()):  # every one a choice, else it is a data row
            options = {c: _CAN[t] for c, t in found.items()}
    sub_header = bool(options) or any(r == hrow + 1 for f in (*CAUSES, "cause_note") for r, _c in idx.find(f, rows2))
    grid_cols = {"comparator": cols["monitor_type"]} if "monitor_type" in cols else {}
    if "unit_col" in cols:
        grid_cols["unit_col"] = cols["unit_col"]
    cause_cols = [cols[k].start for k in CAUSES if k in cols]
    out, carry = [], {"level1": "", "level2": ""}
    lead = range(1, max(min(c.start for c in cols.values()), 2) + 1)  # left of and at the table's first column
    for r in range(hrow + (2 if sub_header else 1), idx.grid.max_row + 1):
        first_text = next((t for t in (norm(idx.value(r, c)) for c in lead) if t), "")
        if ends_table([first_text], "monitor_grid"):
            break
        for f in ("level1", "level2"):
            if f in cols and not is_blank(idx.value(r, cols[f].start)):
                carry[f] = strip_weight(str(idx.value(r, cols[f].start)))
        name = idx.field_in_span(r, cols["level3"])
        target = idx.field_in_span(r, cols["target"])
        h1 = idx.field_in_span(r, cols["h1_done"]) if "h1_done" in cols else Field(None, r, 0)
        forecast = idx.field_in_span(r, cols["forecast_done"]) if "forecast_done" in cols else Field(None, r, 0)
        if all(is_blank(f.value) for f in (name, target, h1, forecast)):
            continue
        kind = norm(idx.value(r, cols["monitor_type"].start)) if "monitor_type" in cols else ""
        direction = None
        if grid_cols:
            _t, h1, _d = compose(idx, r, grid_cols, target, h1)
            target, forecast, direction = compose(idx, r, grid_cols, target, forecast)
        if options:
            ticked = [c for c in options if norm(idx.grid.value(r, c)) not in _NOT_TICKED]
            can = options[ticked[0]] if len(ticked) == 1 else None
            can_cell, both = address(r, ticked[0] if ticked else min(options)), len(ticked) > 1
            answer = norm(idx.grid.value(hrow + 1, ticked[0])) if len(ticked) == 1 else None
        else:
            f = idx.field_in_span(r, cols["can_complete"]) if "can_complete" in cols else None
            can = _CAN.get(norm(f.value)) if f is not None else None
            can_cell, both = (f.cell if f is not None else ""), False
            answer = None if f is None or is_blank(f.value) else (norm(f.value) or None)
        causes = tuple(label for key, label in CAUSES.items() if key in cols
                       and norm(idx.field_in_span(r, cols[key]).value) not in _NOT_TICKED)
        note = idx.field_in_span(r, cols["cause_note"]) if "cause_note" in cols else None
        cause_cell = address(r, cause_cols[0]) if cause_cols else (note.cell if note is not None else "")
        out.append(MonitorRow(
            row=r, level1=carry["level1"], level2=carry["level2"], name=clean(name.value), type=kind or None,
            direction=direction, target=target, h1=h1, forecast=forecast, causes=causes, cause_note=note,
            remark=idx.field_in_span(r, cols["remark"]) if "remark" in cols else None,
            can_complete=can, can_complete_cell=can_cell, both_ticked=both, answer=answer, cause_cell=cause_cell,
            cause_ticks=bool(cause_cols), ordinal=len(out) + 1,
            light_cell=Field(idx.grid.value(r, cols["light"].start), r, cols["light"].start) if "light" in cols
            else None))
    return out


def _monitoring():
    """The monitoring rules, loaded only when a 监控表 is met (a one-file check of a 自评表 never needs them)."""
    from jixiao.udfs import monitoring

    return monitoring
