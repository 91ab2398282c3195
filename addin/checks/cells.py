"""Cells as read: an Excel error cached in a cell (#DIV/0! …), a figure that cannot be read (三十万 where
an amount belongs), a workbook with no form at all."""

from __future__ import annotations

from jixiao.udfs.values import EXCEL_ERRORS, is_excel_error, text_number

from .base import ERROR, Finding, rule

ALL_KINDS = (object,)  # every body
__all__ = ["EXCEL_ERRORS", "is_excel_error"]


@rule("JX024", ERROR, "金额、人数或分数无法识别", "{error}",
      {"": "填写数字（金额以万元计，保留两位小数；人数、分值填数字），不要写汉字数字或说明文字",
       "rate": "执行率填写百分数（如 93.16%）或留空由公式计算"},
      bodies=ALL_KINDS, example={"what": "全年预算数", "value": "三十万", "error": "全年预算数“三十万”不是金额，应填写数字（万元，两位小数）"})
def unreadable_figure(form, hit):
    for p in form.problems:
        value = next((f.value for _w, f in form.cells() if f.cell == p.cell), "")
        if is_excel_error(value):
            continue  # reported as an Excel error (JX025)
        yield hit(p.cell, "rate" if p.error.role == "rate" else "", what=p.what or "数值", value=value, error=p.error)


@rule("JX025", ERROR, "单元格显示公式错误", "{what}单元格显示 {value}：公式出错，这个值无法使用",
      "检查该单元格的公式（如除数为 0、引用已删除），改正后重新计算；或删去公式，由“重算得分”填写",
      bodies=ALL_KINDS, example={"what": "得分", "value": "#DIV/0!"})
def excel_error(form, hit):
    seen = set()
    for what, f in form.cells():
        if is_excel_error(f.value) and f.cell and f.cell not in seen:
            seen.add(f.cell)
            yield hit(f.cell, what=what, value=str(f.value).strip())


@rule("JX046", ERROR, "数字单元格里填了文字",
      "{what}“{text}”是文字，表中公式会显示 #VALUE!，请只填数字",
      "删去单位和说明文字，只填数字（单位看表头）；或运行 jixiao recompute --fix-text-numbers 由程序改写为数字",
      example={"what": "执行数", "text": "12.3万元", "number": 12.3}, covers=())
def text_in_number_cell(form, hit):
    seen = set()
    for what, f in form.body.number_cells():
        n = text_number(f.value)
        if n is not None and f.cell and f.cell not in seen:
            seen.add(f.cell)
            yield hit(f.cell, what=what, text=f.value.strip(), number=n)


@rule("JX026", ERROR, "没有识别到自评表", {"": "{file} 中没有识别到自评表：{reasons}", "empty": "{file} 中没有工作表"},
      "确认这是绩效自评表（含 三级指标、年度指标值、全年预算数 或 考核内容 等表头）；其他文件请不要放入待处理文件夹",
      bodies=(), example={"file": "购物清单.xlsx", "reasons": "工作表“Sheet1”：没有找到自评表的标签"})
def no_form(wb, hit):
    if wb.error is not None or wb.forms:
        return
    from pathlib import Path

    name = Path(wb.file).name
    if not wb.skipped:
        yield hit("", "empty", file=name)
        return
    yield hit("", file=name, reasons=wb.skipped)


@rule("JX050", ERROR, "合并单元格中藏有数值", "合并区域 {merge} 中的 {cell} 填有“{value}”，Excel 只显示左上角的“{shown}”",
      "合并区域里只有左上角单元格的内容有效：取消合并查看各单元格，把应填的数值填入左上角，清除其余单元格后再合并",
      bodies=(), example={"merge": "E6:F6", "cell": "F6", "value": 4637.81, "shown": 4600})
def hidden_under_merge(wb, hit):
    for h in wb.hidden:
        yield Finding("JX050", h.sheet, h.cell, {"merge": h.merge, "cell": h.cell, "value": h.value,
                                                 "shown": "" if h.shown is None else h.shown})
