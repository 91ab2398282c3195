"""定稿导出: a copy fit to send — JX_ formulas frozen to their values, no macros, no 校验结果 sheet, and no
link to the add-in.

Package-level surgery through :mod:`jixiao.addin.ooxml`: every other part is copied as it is. calcChain.xml
is dropped (Excel rebuilds it) because the frozen cells leave it.

Excel stores a JX_ function typed in a cell as ``[1]!JX_SCORE(…)`` plus an externalLink part whose path is
the add-in on the PC that wrote it (``C:\\Users\\<name>\\…\\XLSTART\\jixiao.xlam``): the receiver would get the
update-links bar and a stranger's path. Every externalLink to ``jixiao.xlam`` goes, with its relationship,
content type and ``<externalReference>`` entry (the whole ``<externalReferences>`` when none is left); the
``[n]`` of the links that stay is renumbered in formulas and defined names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath

from jixiao.udfs.errors import InputError

from ..ooxml import content_types as CT
from ..ooxml import rels as R
from ..ooxml import workbook as W
from ..ooxml.package import Package, write_package
from ..ooxml.patcher import freeze_formulas
from ..ooxml.xmlsafe import escape, scan, splice, to_utf8, unescape
from ..render.report_sheet import REPORT_SHEET
from .report_copy import PART as REPORT_PART

_DROP_SUFFIXES = ("/vbaProject", "/calcChain", "/vbaProjectSignature")
EXTERNAL_LINK = "/externalLink"  # relationship type suffix, workbook → externalLinks/externalLinkN.xml
LINK_PATH = "/externalLinkPath"  # externalLink → the linked file (TargetMode="External")
ADDIN_FILE = "jixiao.xlam"


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
    links = addin_links(wb_part, parts, info)
    if links:
        renumber = _drop_links(wb_part, parts, links)
        for rid, part in links.items():
            drop_rels[rid] = part
            drop.update({part, R.rels_part(part)} & set(parts))
        rep.removed.append(f"指向 {ADDIN_FILE} 的外部链接 {len(links)} 个")
    else:
        renumber = {}
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
            if renumber:
                parts[s.part] = _renumber_formulas(parts[s.part], renumber, "f")
    if renumber:
        parts[wb_part] = _renumber_formulas(parts[wb_part], renumber, "definedName")
    write_package(dst, infos, parts, drop=drop)
    return rep


def finalize_file(src, out=None, force: bool = False) -> tuple[Path, FinalizeReport]:
    """`jixiao finalize FILE [-o OUT]`: the checks a command line needs around :func:`finalize_copy`
    (an InputError naming the file); OUT defaults to ``名称_定稿.xlsx`` beside FILE."""
    src = Path(src)
    out = Path(out) if out else src.with_name(f"{src.stem}_定稿.xlsx")
    if not src.is_file():
        raise InputError("{file}：文件不存在", file=src)
    if src.suffix.lower() == ".xls":
        raise InputError("{file} 是 .xls 旧格式，命令行无法原样定稿：请在 Excel 中另存为 .xlsx 后再运行，"
                         "或在 Excel 中直接点“定稿导出”（加载项会借 Excel 转换）", file=src.name)
    if out.suffix.lower() != ".xlsx":
        raise InputError("{file}：定稿副本不含宏，扩展名应为 .xlsx", file=out.name)
    if out.resolve() == src.resolve():
        raise InputError("{file}：输出不能是原文件本身，请用 -o 另给一个文件名", file=out.name)
    if out.exists() and not force:
        raise InputError("{file} 已存在，未改动；要覆盖请加 --force", file=out)
    if not out.parent.is_dir():
        raise InputError("{file}：所在文件夹“{folder}”不存在", file=out, folder=out.parent)
    return out, finalize_copy(src, out)


def link_target(parts: dict[str, bytes], link_part: str) -> str | None:
    """The file an externalLink part points at, as written (``file:///C:\\…\\jixiao.xlam``, a relative path…)."""
    for r in R.read(parts.get(R.rels_part(link_part)), link_part):
        if r.type.endswith(LINK_PATH):
            return r.target
    return None


def _leaf(target: str) -> str:
    return PureWindowsPath(target.replace("/", "\\")).name.lower()


def addin_links(wb_part: str, parts: dict[str, bytes], info) -> dict[str, str]:
    """{relationship id: externalLink part} of the workbook's links to jixiao.xlam, wherever it lay."""
    out = {}
    for r in info.rels:
        if r.type.endswith(EXTERNAL_LINK) and r.part and r.part in parts:
            target = link_target(parts, r.part)
            if target and _leaf(target) == ADDIN_FILE:
                out[r.id] = r.part
    return out


def _drop_links(wb_part: str, parts: dict[str, bytes], links: dict[str, str]) -> dict[int, int]:
    """Remove the ``<externalReference>`` entries of ``links`` from workbook.xml; → {old [n]: new [n]} of the rest."""
    data = to_utf8(parts[wb_part])
    nodes = scan(data, lambda name, depth: name in ("externalReferences", "externalReference"))
    refs = [n for n in nodes if n.local == "externalReference"]
    rid = lambda n: next((v for k, v in n.attrs.items() if k.split(":")[-1] == "id" and k != "id"), "")  # noqa: E731
    gone = [n for n in refs if rid(n) in links]
    kept = [i for i, n in enumerate(refs, 1) if rid(n) not in links]
    if len(gone) == len(refs):
        edits = [(n.start, n.end, b"") for n in nodes if n.local == "externalReferences"]
    else:
        edits = [(n.start, n.end, b"") for n in gone]
    parts[wb_part] = splice(data, edits)
    return {old: new for new, old in enumerate(kept, 1) if old != new}


_EXT_INDEX = re.compile(r"(^|[=(,;:+\-*/^&<>\s'!{])\[(\d+)\]")


def _renumber(text: str, renumber: dict[int, int]) -> str:
    """``[n]`` of external references moved to their new index, outside string literals."""
    pieces = text.split('"')
    for i in range(0, len(pieces), 2):  # even pieces are outside "…"
        pieces[i] = _EXT_INDEX.sub(lambda m: f"{m.group(1)}[{renumber.get(int(m.group(2)), int(m.group(2)))}]",
                                   pieces[i])
    return '"'.join(pieces)


def _renumber_formulas(xml: bytes, renumber: dict[int, int], element: str) -> bytes:
    xml = to_utf8(xml)
    edits = []
    for n in scan(xml, lambda name, depth: name == element):
        if n.close <= n.open_end:
            continue
        text = unescape(xml[n.open_end:n.close].decode("utf-8"))
        new = _renumber(text, renumber)
        if new != text:
            edits.append((n.open_end, n.close, escape(new).encode("utf-8")))
    return splice(xml, edits)
