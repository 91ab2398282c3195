"""附件2 基础数据表 from a :class:`~jixiao.templates.specs.BasicDataSpec`: 控制率 and every declared sum row
(三公经费, 公务用车) computed natively."""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from ..specs import BasicDataSpec, label
from .common import COMPUTED, INPUT, cell, footer, page, title


def write_basic_data(ws, spec: BasicDataSpec, year: int = 2023) -> dict:
    cols = [get_column_letter(i) for i in range(1, 2 + len(spec.year_columns))]
    last = cols[-1]
    r = title(ws, spec, last, year)
    staff = (spec.staff_label, label("staff_quota"), f"{year}年{label('staff_actual')}", label("control_rate"))
    for col, lab in zip(cols, staff, strict=True):
        cell(ws, f"{col}{r}", lab, bold=True)
    v = r + 1
    cell(ws, f"A{v}", None)
    cell(ws, f"B{v}", None, INPUT, locked=False, fmt="0")
    cell(ws, f"C{v}", None, INPUT, locked=False, fmt="0")
    cell(ws, f"D{v}", f'=IF(OR(B{v}="",B{v}=0,C{v}=""),"",ROUND(C{v}/B{v},4))', COMPUTED, fmt="0.00%")
    h = v + 1
    heads = (spec.funds_label, *(f"{year + dy}年{what}" for dy, what in spec.year_columns))
    for col, lab in zip(cols, heads, strict=True):
        cell(ws, f"{col}{h}", lab, bold=True)
    rows = {lab: h + 1 + i for i, lab in enumerate(spec.rows)}
    for lab, rr in rows.items():
        cell(ws, f"A{rr}", lab, left=True)
        for col in cols[1:]:
            cell(ws, f"{col}{rr}", None, INPUT, locked=False, fmt="#,##0.00")
    for s in spec.sums:  # a sum row is computed from its parts, and protected
        for col in cols[1:]:
            cell(ws, f"{col}{rows[s.label]}", "=" + "+".join(f"{col}{rows[p]}" for p in s.parts), COMPUTED,
                 fmt="#,##0.00")
    end = max(rows.values()) + 1
    cell(ws, f"A{end}", spec.measures_label, bold=True)
    ws.merge_cells(f"B{end}:{last}{end}")
    cell(ws, f"B{end}", None, INPUT, left=True, locked=False)
    ws.merge_cells(f"A{end + 1}:{last}{end + 1}")
    cell(ws, f"A{end + 1}", spec.note, left=True, border=False)
    footer(ws, end + 2, last)
    page(ws, {"A": 34, **{c: 16 for c in cols[1:]}}, landscape=False)
    return {"control_rate": f"D{v}", "quota": f"B{v}", "actual": f"C{v}", "rows": rows}
