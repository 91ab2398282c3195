"""The ribbon's actions, each one Python function over a small workbook interface with two backends:

- :class:`FileBook` — a file on disk (the CLI's engine; what the tests exercise);
- :class:`XlwingsBook` — the live workbook in Excel (``xw.Book.caller()``), which reads through a
  saved copy and writes through xlwings ranges.

All user-facing text is Chinese and comes from here, never from VBA.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from jixiao.udfs import get_profile
from jixiao.udfs.profiles import WORKBOOK_NAME, workbook_ref

from .checks import Finding, check_workbook
from .engine import WorkbookResult, analyze_file
from .finalize import finalize_copy
from .package import read_parts, write_parts
from .recompute import planned_writes
from .report_sheet import add_report_sheet
from .xlsx_patch import CellWrite, PatchReport, patch_in_place


class FileBook:
    """A workbook file. Changes are written in place atomically, with a .bak of the original."""

    def __init__(self, path, active_sheet: str | None = None):
        self.path = Path(path)
        self.active_sheet = active_sheet
        self.messages: list[str] = []

    def result(self, profile=None) -> WorkbookResult:
        return analyze_file(self.path, profile)

    def write(self, writes: list[CellWrite]) -> PatchReport:
        report, _backup = patch_in_place(self.path, writes)
        return report

    def show_findings(self, findings: list[Finding]) -> None:
        add_report_sheet(self.path, self.path, findings)  # written atomically

    def export_copy(self, out: Path):
        return finalize_copy(self.path, out)

    def store_profile(self, profile_id: str) -> None:
        _store_profile_in_file(self.path, profile_id)

    def say(self, text: str) -> None:
        self.messages.append(text)

    def open(self, path: Path) -> None:
        self.messages.append(f"打开 {path}")


def _store_profile_in_file(path: Path, profile_id: str) -> None:
    """Set the defined name jixiao_profile in xl/workbook.xml (the only part that changes)."""
    import re
    from xml.sax.saxutils import escape

    infos, parts = read_parts(path)
    wb = parts["xl/workbook.xml"].decode("utf-8")
    entry = f'<definedName name="{WORKBOOK_NAME}">"{escape(profile_id)}"</definedName>'
    pat = re.compile(r'<(\w+:)?definedName\b[^>]*name="' + WORKBOOK_NAME + r'"[^>]*>.*?</(?:\w+:)?definedName>', re.S)
    if pat.search(wb):
        wb = pat.sub(entry, wb, count=1)
    elif re.search(r"</(?:\w+:)?definedNames>", wb):
        wb = re.sub(r"(</(?:\w+:)?definedNames>)", entry + r"\1", wb, count=1)
    else:  # definedNames follows sheets
        wb = re.sub(r"(</(?:\w+:)?sheets>)", r"\1<definedNames>" + entry + "</definedNames>", wb, count=1)
    parts["xl/workbook.xml"] = wb.encode("utf-8")
    write_parts(path, infos, parts)


class XlwingsBook:
    """The live workbook (Windows Excel through xlwings). Not exercised on Linux; see docs/addin.md."""

    def __init__(self, book):
        self.book = book
        self.active_sheet = book.sheets.active.name
        self.path = Path(book.fullname)

    def _copy(self) -> Path:
        d = tempfile.mkdtemp(prefix="jixiao-")
        p = Path(d) / ("copy" + (Path(self.book.name).suffix or ".xlsx"))
        self.book.api.SaveCopyAs(str(p))  # the user's file and its unsaved state stay as they are
        return p

    def result(self, profile=None) -> WorkbookResult:
        return analyze_file(self._copy(), profile)

    def write(self, writes: list[CellWrite]) -> PatchReport:
        report = PatchReport()
        for w in writes:
            rng = self.book.sheets[w.sheet].range(w.address)
            if str(rng.formula).startswith("="):
                report.skipped_formulas.append(f"{w.sheet}!{w.address}")
                continue
            rng.value = w.value
            if w.number_format:
                rng.number_format = w.number_format
            report.written.append(f"{w.sheet}!{w.address}")
        return report

    def show_findings(self, findings: list[Finding]) -> None:
        from .report_sheet import HEAD, REPORT_SHEET

        names = [s.name for s in self.book.sheets]
        ws = self.book.sheets[REPORT_SHEET] if REPORT_SHEET in names else self.book.sheets.add(
            REPORT_SHEET, after=self.book.sheets[-1])
        ws.clear()
        ws.range("A1").value = [list(HEAD)] + [
            [i, "错误" if f.severity == "error" else "提示", f.code, f.sheet, f.cell, f.message]
            for i, f in enumerate(findings, 1)]
        for i, f in enumerate(findings, 2):
            if f.cell:
                ws.range(f"E{i}").add_hyperlink(f"#'{f.sheet}'!{f.cell}", f.cell)
                if f.severity == "error":  # highlighted in place until the next check
                    self.book.sheets[f.sheet].range(f.cell).color = (255, 199, 206)

    def export_copy(self, out: Path):
        return finalize_copy(self._copy(), out)

    def store_profile(self, profile_id: str) -> None:
        self.book.names.add(WORKBOOK_NAME, f'="{profile_id}"')

    def say(self, text: str) -> None:
        self.book.app.alert(text, title="绩效自评")

    def open(self, path: Path) -> None:
        self.book.app.books.open(str(path))


# --- actions -------------------------------------------------------------------------------------

def _recompute(book, only_sheet: str | None, profile=None) -> str:
    res = book.result(profile)
    if res.error:
        book.say(res.error)
        return res.error
    if only_sheet:
        res.sheets = [s for s in res.sheets if s.layout.sheet == only_sheet]
    if not res.sheets:
        msg = f"工作表“{only_sheet}”不是可识别的自评表" if only_sheet else "工作簿中没有识别到自评表"
        book.say(msg)
        return msg
    rep = book.write(planned_writes(res))
    msg = f"已重算 {len(res.sheets)} 张表，写入 {len(rep.written)} 个单元格"
    if rep.skipped_formulas:
        msg += f"；{len(rep.skipped_formulas)} 个单元格是您自己的公式，未改动：" + "、".join(rep.skipped_formulas[:5])
    book.say(msg)
    return msg


def recompute_sheet(book, profile=None) -> str:
    return _recompute(book, book.active_sheet, profile)


def recompute_all(book, profile=None) -> str:
    return _recompute(book, None, profile)


def check(book, profile=None) -> str:
    res = book.result(profile)
    if res.error:
        book.say(res.error)
        return res.error
    findings = check_workbook(res)
    book.show_findings(findings)
    errors = sum(f.severity == "error" for f in findings)
    msg = (f"校验完成：{errors} 个错误，{len(findings) - errors} 个提示，详见“校验结果”工作表"
           if findings else "校验完成：未发现问题")
    book.say(msg)
    return msg


def finalize(book, out=None, pdf: bool = False) -> str:
    out = Path(out) if out else book.path.with_name(f"{book.path.stem}_定稿.xlsx")
    rep = book.export_copy(out)
    msg = f"已导出定稿副本：{out.name}（{rep.frozen} 个 JX_ 公式已转为数值，不含宏）"
    if rep.no_cached_value:
        msg += f"；注意 {len(rep.no_cached_value)} 个公式尚无计算结果，请先重算再导出"
    if pdf:
        msg += "；" + _pdf(out)
    book.say(msg)
    return msg


def _pdf(xlsx: Path) -> str:
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        return "未找到 LibreOffice，未生成 PDF（在 Excel 中可用 另存为 PDF）"
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(xlsx.parent), str(xlsx)],
                   check=False, capture_output=True, timeout=300)
    pdf = xlsx.with_suffix(".pdf")
    return f"已生成 {pdf.name}" if pdf.exists() else "PDF 生成失败"


def choose_profile(book, profile: str | None = None) -> str:
    if not profile:
        from jixiao.udfs import PROFILES

        msg = "可选的计分规则：" + "；".join(f"{p.id}（{p.name}）" for p in PROFILES.values())
        book.say(msg)
        return msg
    p = get_profile(profile)
    book.store_profile(workbook_ref(p))
    msg = f"本工作簿今后按“{p.name}”计分"
    book.say(msg)
    return msg


def new_project(book, template: str = "project", out=None) -> str:
    from jixiao.templates.build import new_workbook
    from jixiao.templates.specs import SPECS

    out = Path(out) if out else book.path.with_name(f"新建{SPECS[template].title}.xlsx")
    n = 1
    while out.exists():
        out = out.with_name(f"{out.stem.split('(')[0]}({n}).xlsx")
        n += 1
    new_workbook(template, out)
    book.open(out)
    msg = f"已新建 {out.name}（按“{SPECS[template].title}”官方附件）"
    book.say(msg)
    return msg


def summarize_folder(book, folder=None, out=None) -> str:
    from .summary import summarize

    folder = Path(folder) if folder else book.path.parent
    out = Path(out) if out else folder / "汇总.xlsx"
    res = summarize([folder], out)
    t = res["totals"]
    msg = (f"已汇总 {t['forms']} 张表到 {out.name}：全年预算数 {t['budget']:,.2f} 万元，"
           f"全年执行数 {t['spent']:,.2f} 万元；{len(res['unreadable'])} 个文件无法读取")
    book.say(msg)
    return msg


def help_text(book) -> str:
    msg = ("重算本表/重算全部：计算执行率、各指标得分、总分和等级并写入表格（您自己写的公式不会被改动）。\n"
           "校验：发送前检查分值、得分、金额、单位、偏差原因等，结果写入“校验结果”工作表。\n"
           "定稿导出：另存发送用副本，JX_ 公式转为数值、不含宏。\n"
           "规则：选择本工作簿的计分规则（如 national 全国通用、xinjiang 新疆）。\n"
           "汇总文件夹：把文件夹内各单位的自评表汇总为一个工作簿。")
    book.say(msg)
    return msg


ACTIONS = {
    "recompute_sheet": recompute_sheet,
    "recompute_all": recompute_all,
    "check": check,
    "finalize": finalize,
    "choose_profile": choose_profile,
    "new_project": new_project,
    "summarize_folder": summarize_folder,
    "help": help_text,
}


def dispatch(tag: str, book, **kwargs) -> str:
    action = ACTIONS.get(tag)
    if action is None:
        msg = f"未知的操作“{tag}”，请重新安装加载项"
        book.say(msg)
        return msg
    try:
        return action(book, **kwargs)
    except Exception as e:  # the user sees a sentence, not a traceback
        msg = f"操作失败：{e}"
        book.say(msg)
        return msg


def dispatch_caller(tag: str) -> str:
    """Entry point for the ribbon's VBA callback (RunPython)."""
    import xlwings as xw

    return dispatch(tag, XlwingsBook(xw.Book.caller()))
