"""定稿导出: a copy fit to send — JX_ formulas frozen to their values, no macros, no 校验结果 sheet.

Package-level surgery through :mod:`jixiao.addin.ooxml`: every other part is copied as it is. calcChain.xml
is dropped (Excel rebuilds it) because the frozen cells leave it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..ooxml import content_types as CT
from ..ooxml import rels as R
from ..ooxml import workbook as W
from ..ooxml.package import Package, write_package
from ..ooxml.patcher import freeze_formulas
from ..render.report_sheet import REPORT_SHEET
from .report_copy import PART as REPORT_PART

_DROP_SUFFIXES = ("/vbaProject", "/calcChain", "/vbaProjectSignature")


@dataclass
class FinalizeReport:
    frozen: int = 0
    no_cached_value: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def finalize_copy(src, dst) -> FinalizeReport:
    src, dst = Path(src), Path(dst)
    rep = FinalizeReport()
    with Package(src) as pkg:
        infos, parts = pkg.infos, pkg.read_all()
    wb_part = W.locate(parts.get("_rels/.rels"))
    rels_part = R.rels_part(wb_part)
    info = W.read_info(wb_part, parts[wb_part], parts.get(rels_part))
    drop_rels = {r.id: r.part for r in info.rels if r.part and r.type.endswith(_DROP_SUFFIXES) and r.part in parts}
    drop = set(drop_rels.values())
    for name in ("xl/vbaProject.bin", "xl/calcChain.xml", "xl/vbaProjectSignature.bin"):  # unlinked leftovers
        if name in parts:
            drop.add(name)
    rep.removed += sorted(drop)
    # the 校验结果 sheet is for the office, not for sending (only when it is the last sheet: indexes stay)
    # (ours by its part when a user's own 校验结果 made check name it 校验结果_jixiao)
    if info.sheets and (info.sheets[-1].name == REPORT_SHEET or info.sheets[-1].part == REPORT_PART):
        last = info.sheets[-1]
        parts[wb_part] = W.remove_sheet(parts[wb_part], last.name)
        drop_rels[last.rid] = last.part
        if last.part:
            drop.add(last.part)
        rep.removed.append(f"工作表“{last.name}”")
    if rels_part in parts:
        parts[rels_part] = R.remove(parts[rels_part], set(drop_rels))
    parts[CT.PART] = CT.retype(CT.remove(parts[CT.PART], drop, {CT.VBA}), CT.MACRO_WORKBOOK, CT.WORKBOOK)
    for s in info.sheets:
        if s.part and s.part in parts and s.part not in drop and "/worksheets/" in s.part:
            new, frozen, uncached = freeze_formulas(parts[s.part], lambda text: "JX_" in text.upper())
            if frozen:
                parts[s.part] = new
                rep.frozen += len(frozen)
                rep.no_cached_value += [f"{s.part}:{ref}" for ref in uncached]
    write_package(dst, infos, parts, drop=drop)
    return rep
