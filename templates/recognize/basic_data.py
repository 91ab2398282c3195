"""整体支出绩效评价基础数据表: 财政供养人员 (编制数, 实际在职人数, 控制率) and 经费控制情况 by year column."""

from __future__ import annotations

from ..labels import norm
from ..model import BasicData, ControlRow, Field, Form, Kind
from .common import ends_table
from .index import Index, NotAForm


def recognize_basic_data(idx: Index, kind: Kind) -> Form:
    quota = idx.first("staff_quota")
    actual = idx.first("staff_actual")
    rate = idx.first("control_rate")
    if quota is None or actual is None:
        raise NotAForm("基础数据表缺少“编制数”或“实际在职人数”")
    vrow = quota[0] + 1
    columns: tuple[str, ...] = ()
    rows: list[ControlRow] = []
    head = idx.first("funds_control")
    if head:  # a label column and the year columns (上年决算数 / 本年预算数 / 本年决算数)
        hr, hc = head
        year_cols = [(c, t) for c, t in idx.row_texts(hr) if c > hc and t]
        columns = tuple(t for _, t in year_cols)
        for r in range(hr + 1, idx.grid.max_row + 1):
            lab = idx.grid.value(r, hc)
            if not isinstance(lab, str) or not norm(lab):
                continue
            t = norm(lab)
            if ends_table([t], "basic_data"):
                break
            rows.append(ControlRow(t, r, tuple((ct, Field(idx.grid.value(r, c), r, c)) for c, ct in year_cols)))
    basic = BasicData(quota=idx.field_in_span(vrow, idx.span(*quota)), actual=idx.field_in_span(vrow, idx.span(*actual)),
                      control_rate=idx.field_in_span(vrow, idx.span(*rate)) if rate else None,
                      columns=columns, rows=tuple(rows))
    return Form(kind=kind, sheet=idx.grid.name, body=basic)
