"""The --projects list for `jixiao new`: one row per project (项目名称, 主管部门, 实施单位, 年初预算数, …).

Read at the edge like every file: .csv in UTF-8 or GBK, or a workbook through the safe reader (.xlsx,
.xlsm, .xls; encrypted or broken files get its Chinese message). The header is the first row, among the
first ten, that has 项目名称: lists often carry a title line above it.
"""

from __future__ import annotations

import csv
from pathlib import Path

from jixiao.addin.ooxml.grid import col_letter
from jixiao.templates.build import PROJECT_COLUMNS
from jixiao.udfs import JixiaoError
from jixiao.udfs.errors import InputError
from jixiao.udfs.values import parse_amount

from ..ooxml import read_workbook
from ..ooxml.xmlsafe import control_characters


def _csv_rows(path: Path) -> list[list]:
    from ..ooxml.package import why

    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InputError("{file}：{value}", file=path, value=why(e)) from None
    for enc in ("utf-8-sig", "gbk"):
        try:
            return list(csv.reader(raw.decode(enc).splitlines()))
        except UnicodeDecodeError:
            continue
    raise InputError("{file}：无法识别文件编码（请另存为 UTF-8）", file=path.name)


def _sheet_rows(path: Path) -> tuple[list[list], str]:
    data = read_workbook(path)  # a workbook that cannot be read: its ReadError says why
    if not data.sheets:
        raise InputError("{file}：没有可读取的工作表", file=path.name)
    grid = data.sheets[0]
    return [[grid.value(r, c) for c in range(1, grid.max_col + 1)] for r in range(1, grid.max_row + 1)], grid.name


def _no_control_characters(path: Path, sheet: str | None, rows: list[list]) -> None:
    """A BEL pasted into a name cannot go into a workbook (openpyxl refuses it, Excel would show a box): said
    at its cell before anything is written."""
    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row, 1):
            found = control_characters(v)
            if found:
                shown = "".join("□" if control_characters(ch) else ch for ch in v)
                where = "{file} 工作表“{sheet}” {cell}" if sheet else "{file} {cell}"
                raise InputError(where + "：“{value}”含有不可见的控制字符 {found}（□处），无法写入工作簿；"
                                 "请在项目清单中删除该字符后再试", file=path.name, sheet=sheet,
                                 cell=f"{col_letter(c)}{r}", value=shown, found=found)


def read_projects(path) -> list[dict]:
    path = Path(path)
    if path.suffix.lower() == ".csv":
        rows, sheet = _csv_rows(path), None
    else:
        rows, sheet = _sheet_rows(path)
    _no_control_characters(path, sheet, rows)
    text = [[str(v).strip() if v is not None else "" for v in row] for row in rows]
    head_at = next((i for i, row in enumerate(text[:10]) if "项目名称" in row), None)
    if head_at is None:
        raise InputError("{file}：前 10 行中没有表头“项目名称”（表头应含 项目名称、主管部门、实施单位、年初预算数…）", file=path.name)
    head = text[head_at]
    out = []
    for i, row in enumerate(rows[head_at + 1:], head_at + 2):
        if all(v in (None, "") or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        p = {h: (v.strip() if isinstance(v, str) else v) for h, v in zip(head, row, strict=False) if h}
        for key in PROJECT_COLUMNS[3:]:
            if p.get(key) in (None, ""):
                p[key] = None
                continue
            try:
                p[key] = parse_amount(p[key], key)
            except JixiaoError:
                raise InputError("{file} 第 {i} 行：{key}“{value}”不是数字", file=path.name, i=i, key=key, value=p[key]) from None
        if p.get("项目名称"):
            out.append(p)
    if not out:
        raise InputError("{file}：表头下没有项目", file=path.name)
    return out
