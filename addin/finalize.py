"""定稿导出: a copy fit to send — JX_ formulas frozen to their values, no macros, no 校验结果 sheet.

Package-level surgery like the patcher: every other part is copied as it is. calcChain.xml is dropped
(Excel rebuilds it) because the frozen cells leave it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .package import read_parts, write_parts
from .report_sheet import REPORT_SHEET

_MACRO_CT = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_PLAIN_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_CELL = re.compile(r"<(\w+:)?c\b[^>]*?(?:/>|>.*?</(?:\w+:)?c>)", re.S)
_F = re.compile(r"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)


@dataclass
class FinalizeReport:
    frozen: int = 0
    no_cached_value: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _freeze_sheet(xml: str, part: str, rep: FinalizeReport) -> str:
    jx_shared = {m.group(1) for m in re.finditer(
        r'<(?:\w+:)?f\b[^>]*t="shared"[^>]*si="(\d+)"[^>]*>[^<]*JX_', xml, re.I)}

    def fix(m: re.Match) -> str:
        cell = m.group(0)
        f = _F.search(cell)
        if not f:
            return cell
        text = f.group(1) or ""
        si = re.search(r'si="(\d+)"', f.group(0))
        if "JX_" not in text.upper() and not (si and si.group(1) in jx_shared and 't="shared"' in f.group(0)):
            return cell
        rep.frozen += 1
        if not re.search(r"<(?:\w+:)?v>", cell):
            ref = re.search(r'\br="([A-Z]+\d+)"', cell)
            rep.no_cached_value.append(f"{part}:{ref.group(1) if ref else '?'}")
        return cell[: f.start()] + cell[f.end():]

    return _CELL.sub(fix, xml)


def finalize_copy(src, dst) -> FinalizeReport:
    src, dst = Path(src), Path(dst)
    rep = FinalizeReport()
    infos, parts = read_parts(src)
    drop = {"xl/vbaProject.bin", "xl/calcChain.xml", "xl/vbaProjectSignature.bin"} & parts.keys()
    rep.removed += sorted(drop)
    wb = parts["xl/workbook.xml"].decode("utf-8")
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    ct = parts["[Content_Types].xml"].decode("utf-8")
    # the 校验结果 sheet is for the office, not for sending (only when it is the last sheet: indexes stay)
    sheets = re.findall(r"<(?:\w+:)?sheet\b[^>]*/>", wb)
    if sheets and f'name="{REPORT_SHEET}"' in sheets[-1]:
        rid = re.search(r'\b\w+:id="([^"]+)"', sheets[-1]).group(1)
        target = re.search(r'<Relationship\b[^>]*Id="' + re.escape(rid) + r'"[^>]*Target="([^"]+)"', rels)
        wb = wb.replace(sheets[-1], "")
        rels = re.sub(r'<Relationship\b[^>]*Id="' + re.escape(rid) + r'"[^>]*/>', "", rels)
        if target:
            part = "xl/" + target.group(1).lstrip("/").removeprefix("xl/")
            drop.add(part)
            rep.removed.append(f"工作表“{REPORT_SHEET}”")
    for name in drop:
        rels = re.sub(r'<Relationship\b[^>]*Target="/?(?:xl/)?' + re.escape(name.removeprefix("xl/")) + r'"[^>]*/>',
                      "", rels)
        ct = re.sub(r'<Override\b[^>]*PartName="/' + re.escape(name) + r'"[^>]*/>', "", ct)
    ct = ct.replace(_MACRO_CT, _PLAIN_CT)
    ct = re.sub(r'<Default\b[^>]*Extension="bin"[^>]*vbaProject[^>]*/>', "", ct)
    out = {"xl/workbook.xml": wb, "xl/_rels/workbook.xml.rels": rels, "[Content_Types].xml": ct}
    for name, data in parts.items():
        if name.startswith("xl/worksheets/") and name.endswith(".xml") and name not in drop:
            text = data.decode("utf-8")
            new = _freeze_sheet(text, name, rep)
            if new != text:
                out[name] = new
    parts.update({k: v.encode("utf-8") for k, v in out.items()})
    write_parts(dst, infos, parts, drop=drop)
    return rep
