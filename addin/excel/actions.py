"""The ribbon's actions, each one Python function over a small workbook interface with two backends
(:mod:`.books`: :class:`FileBook`, a file on disk; :class:`XlwingsBook`, the live workbook in Excel).

All user-facing text is Chinese and comes from here, never from VBA.
"""

from __future__ import annotations

from pathlib import Path

from jixiao.udfs import JixiaoError, get_profile
from jixiao.udfs.profiles import workbook_ref

from ..app.recompute import planned_writes
from ..checks import check_workbook
from .books import FileBook, XlwingsBook  # noqa: F401  (the backends, as callers know them)

# --- actions -------------------------------------------------------------------------------------

def _recompute(book, only_sheet: str | None, profile=None) -> str:
    res = book.result(profile)
    if res.error:
        book.say(res.error)
        return res.error
    forms = [f for f in res.forms if only_sheet in (None, f.sheet)]
    if not forms:
        msg = f"工作表“{only_sheet}”不是可识别的自评表" if only_sheet else "工作簿中没有识别到自评表"
        book.say(msg)
        return msg
    rep = book.write(planned_writes(res, only_sheet))
    msg = f"已重算 {len(forms)} 张表，写入 {len(rep.written)} 个单元格"
    if rep.skipped_formulas:
        msg += f"；{len(rep.skipped_formulas)} 个单元格是您自己的公式，未改动：" + "、".join(rep.skipped_formulas[:5])
    msg = _noted(book, msg)
    book.say(msg)
    return msg


def _noted(book, msg: str) -> str:
    """The action's message and, one per line, what the workbook kept it from doing (a sheet's password)."""
    notes = getattr(book, "notes", None)
    if notes:
        msg += "\n" + "\n".join(dict.fromkeys(notes))
        notes.clear()
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
    msg = _noted(book, f"校验完成：{errors} 个错误，{len(findings) - errors} 个提示，详见“校验结果”工作表"
                 if findings else "校验完成：未发现问题")
    book.say(msg)
    return msg


def finalize(book, out=None, pdf: bool = False) -> str:
    out = Path(out) if out else book.path.with_name(f"{book.path.stem}_定稿.xlsx")
    rep = book.export_copy(out)
    links = "".join(f"，{r}已去掉" for r in rep.removed if "外部链接" in r)
    msg = f"已导出定稿副本：{out.name}（{rep.frozen} 个 JX_ 公式已转为数值{links}，不含宏）"
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
    msg = f"本工作簿今后按“{p.name}”计分；表中已有的得分请点“重算全部”按新规则更新"
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
    projects = _declared(book, template)
    new_workbook(template, out, projects=projects, year=next((p["年度"] for p in projects or () if p["年度"]), None))
    book.open(out)
    msg = f"已新建 {out.name}（按“{SPECS[template].title}”官方附件）"
    if projects:
        msg += f"，带入申报表中 {len(projects)} 个项目的绩效目标"
    book.say(msg)
    return msg


def _declared(book, template: str) -> list[dict] | None:
    """The filled declarations of the workbook the button is pressed in (its saved file), as projects to carry
    into the new forms (`new project --from`); None when it holds none."""
    from jixiao.udfs.errors import JixiaoError

    from ..app.from_declaration import declared_projects

    try:
        return declared_projects(book.path, template)
    except (JixiaoError, OSError):
        return None


def summarize_folder(book, folder=None, out=None) -> str:
    from ..app.summarize import summarize

    folder = Path(folder) if folder else book.path.parent
    out = Path(out) if out else folder / "汇总.xlsx"
    from ..render.text import counts_line, kinds_line

    res = summarize([folder], out)  # skips its own earlier 汇总.xlsx and the copies jixiao wrote
    t, c = res.totals, res.counts
    if not res.output:
        msg = f"文件夹“{folder.name}”中没有可汇总的自评表（{counts_line(c)}），未写入汇总"
    else:
        msg = (f"已汇总 {t['forms']} 张表到 {out.name}（{kinds_line(res.kinds, t['forms'])}）：全年预算数 {t['budget']:,.2f} 万元，"
               f"全年执行数 {t['spent']:,.2f} 万元；{counts_line(c)}")
        if c["duplicates"]:
            msg += f"；重复提交的 {c['duplicates']} 张表未计入（见“重复”工作表）"
    book.say(msg)
    return msg


def report(book, out=None, profile=None) -> str:
    """生成自评报告: the Word draft of the workbook's report, beside it (an existing draft is kept)."""
    out = Path(out) if out else book.path.with_name(f"{book.path.stem}_自评报告.docx")
    n = 1
    while out.exists():
        out = out.with_name(f"{book.path.stem}_自评报告({n}).docx")
        n += 1
    try:
        res = book.draft_report(out, profile)
    except JixiaoError as e:
        msg = f"未生成自评报告：{e}"
        book.say(msg)
        return msg
    msg = (f"已生成自评报告草稿：{out.name}（{res.summary}）。【】内为需要填写的内容，"
           "文末“校验说明”列出表中填写的数字与计算结果不符之处")
    book.say(msg)
    return msg


def insert_indicator_row(book) -> str:
    """增加指标行: a row under the selected indicator, with the row's formulas and its 一级/二级 labels."""
    where = book.selected_cell() if hasattr(book, "selected_cell") else None
    if where is None:
        msg = "“增加指标行”只能在 Excel 中使用：请选中一个指标所在的单元格后再点"
        book.say(msg)
        return msg
    sheet, row = where
    table = book.indicator_table(sheet)
    if table is None or not table.first <= row <= table.last:
        msg = (f"请先选中指标表中的一行（工作表“{sheet}”第 {row} 行不在指标表内）：新行会插在所选指标的下面，"
               "带上它的公式")
        book.say(msg)
        return msg
    n = book.insert_row_below(sheet, row, table)
    if n is None:
        msg = _noted(book, "未增加指标行")
    else:
        msg = (f"已在工作表“{sheet}”第 {row} 行下面增加一行指标（第 {row + 1} 行，复制了 {n} 个公式）："
               "请填写三级指标、指标值、完成值和分值，再点“重算本表”")
    book.say(msg)
    return msg


def help_text(book) -> str:
    msg = ("重算本表/重算全部：计算执行率、各指标得分、总分和等级并写入表格（您自己写的公式不会被改动）。\n"
           "校验：发送前检查分值、得分、金额、单位、偏差原因等，结果写入“校验结果”工作表。\n"
           "定稿导出：另存发送用副本，JX_ 公式转为数值、不含宏。\n"
           "增加指标行：在所选指标下面插入一行，带上该行的公式，一级/二级指标合并单元格随之延伸。\n"
           "规则：选择本工作簿的计分规则（如 national 全国通用、xinjiang 新疆）。\n"
           "汇总文件夹：把文件夹内各单位的自评表汇总为一个工作簿。\n"
           "生成自评报告：按表中数据起草绩效自评报告（Word），【】内为需要填写的内容。")
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
    "report": report,
    "insert_indicator_row": insert_indicator_row,
    "help": help_text,
}


# actions whose results are files beside the workbook: a workbook not yet saved has no folder for them
NEEDS_FOLDER = {"finalize": "定稿导出", "new_project": "新建项目表", "summarize_folder": "汇总文件夹",
                "report": "生成自评报告"}


def dispatch(tag: str, book, **kwargs) -> str:
    action = ACTIONS.get(tag)
    if action is None:
        msg = f"未知的操作“{tag}”，请重新安装加载项"
        book.say(msg)
        return msg
    try:
        ensure_saved = getattr(book, "ensure_saved", None)
        if tag in NEEDS_FOLDER and ensure_saved is not None and not ensure_saved(f"“{NEEDS_FOLDER[tag]}”"):
            msg = f"工作簿尚未保存，未执行“{NEEDS_FOLDER[tag]}”"
            book.say(msg)
            return msg
        return action(book, **kwargs)
    except Exception as e:  # the user sees a sentence, not a traceback
        msg = f"操作失败：{e}"
        book.say(msg)
        return msg


NO_BOOK = ("请先打开要处理的工作簿并点一下其中的单元格；在“受保护的视图”中打开的文件，"
           "请先点黄色提示栏上的“启用编辑”")


def _alert_without_book(text: str) -> None:
    try:
        from jixiao.udfs.lean_xlwings import import_xlwings

        import_xlwings().apps.active.alert(text, title="绩效自评")
    except Exception:  # no Excel to show it in: the caller's return value is all there is
        pass


def dispatch_caller(tag: str, item: str | None = None) -> str:
    """Entry point for the ribbon's VBA callbacks (RunPython): a button's tag, and the item a dropDown chose."""
    from jixiao.udfs.lean_xlwings import import_xlwings

    xw = import_xlwings()  # pandas and numpy only if an action needs them (汇总文件夹)
    try:
        live = xw.Book.caller()
    except Exception:  # no workbook, or only one in Protected View (the VBA guard says so first)
        _alert_without_book(NO_BOOK)
        return NO_BOOK
    book = XlwingsBook(live)
    kwargs = {}
    if item is not None:
        from .ribbon import profile_from_item_id

        try:
            kwargs["profile"] = profile_from_item_id(item)
        except ValueError:
            msg = f"未知的选项“{item}”，请重新安装加载项"
            book.say(msg)
            return msg
    return dispatch(tag, book, **kwargs)
