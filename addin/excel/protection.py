"""Sheet and workbook protection around the add-in's writes to the live workbook.

The templates protect every sheet (no password) so that a slip cannot overwrite a formula; the computed
cells jixiao writes are exactly the locked ones, and 校验 tints cells on sheets where formatting is not
allowed. Excel refuses both while the sheet is protected.

Chosen: **unprotect → write → re-protect with the same options**, per sheet, around each write, rather than
``Protect UserInterfaceOnly:=True`` when a workbook opens:

- UserInterfaceOnly is not saved with the file: it would have to be set again on every workbook at every
  open, by an application-level event that changes protection of workbooks that are not ours, and a
  ``Protect`` call replaces every option not passed again;
- re-applying it also needs the password of a passworded sheet, so it cannot help there either;
- unprotect/re-protect is local to the click: the options are read from the sheet itself just before
  (``ProtectContents``, ``ProtectDrawingObjects``, ``ProtectScenarios``, ``ProtectionMode`` and every
  ``Protection.Allow…`` switch, plus ``EnableSelection``) and given back in ``finally``, so the sheet is
  protected exactly as before even when a write fails.

A password is never asked for: ``Worksheet.Unprotect`` without one *prompts* on a passworded sheet
(``Workbook.Unprotect`` fails). Whether a sheet or the structure has a password is not in the object model,
so it is read from the saved copy the add-in reads anyway (``sheetProtection`` / ``workbookProtection``
attributes ``password`` or ``hashValue``); such a sheet is left alone and the user is told which one.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from ..ooxml import rels as R
from ..ooxml import workbook as W
from ..ooxml.package import Package
from ..ooxml.xmlsafe import scan

ALLOW = ("AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows", "AllowInsertingColumns",
         "AllowInsertingRows", "AllowInsertingHyperlinks", "AllowDeletingColumns", "AllowDeletingRows",
         "AllowSorting", "AllowFiltering", "AllowUsingPivotTables")
_PASSWORD_ATTRS = ("password", "hashValue", "workbookPassword", "workbookHashValue")


@dataclass(frozen=True)
class Locks:
    """What only the file tells: which protected sheets, and whether the structure, carry a password."""

    passworded: frozenset[str] = frozenset()
    structure_password: bool = False


def _has_password(attrs: dict) -> bool:
    return any(attrs.get(k) for k in _PASSWORD_ATTRS)


def read_locks(path) -> Locks:
    """The passwords of a saved OOXML copy (sheet names whose sheetProtection has one; the structure's)."""
    with Package(path) as pkg:
        root = pkg.read("_rels/.rels") if "_rels/.rels" in pkg.names else None
        wb_part = W.locate(root)
        wb = pkg.read(wb_part)
        rels_part = R.rels_part(wb_part)
        info = W.read_info(wb_part, wb, pkg.read(rels_part) if rels_part in pkg.names else None)
        structure = any(_has_password(n.attrs) for n in scan(wb, lambda name, d: name == "workbookProtection"))
        passworded = set()
        for s in info.sheets:
            if not s.part or s.part not in pkg.names:
                continue
            for n in scan(pkg.read(s.part), lambda name, d: name == "sheetProtection"):
                if n.attrs.get("sheet") in ("1", "true") and _has_password(n.attrs):
                    passworded.add(s.name)
    return Locks(frozenset(passworded), structure)


def is_protected(sheet_api) -> bool:
    return bool(sheet_api.ProtectContents or sheet_api.ProtectDrawingObjects or sheet_api.ProtectScenarios)


def protect_options(sheet_api) -> dict:
    """Every argument of ``Worksheet.Protect`` (but the password) as the sheet has it now."""
    p = sheet_api.Protection
    return {"DrawingObjects": bool(sheet_api.ProtectDrawingObjects), "Contents": bool(sheet_api.ProtectContents),
            "Scenarios": bool(sheet_api.ProtectScenarios), "UserInterfaceOnly": bool(sheet_api.ProtectionMode),
            **{k: bool(getattr(p, k)) for k in ALLOW}}


@contextmanager
def unprotected(sheet_api):
    """The sheet open for writing inside the block; afterwards protected again exactly as it was.

    Only for sheets without a password (see :func:`read_locks`): Unprotect would otherwise prompt."""
    if not is_protected(sheet_api):
        yield
        return
    options = protect_options(sheet_api)
    selection = sheet_api.EnableSelection
    sheet_api.Unprotect()
    try:
        yield
    finally:
        sheet_api.Protect(**options)
        sheet_api.EnableSelection = selection


@contextmanager
def structure_unlocked(book_api):
    """The workbook's structure open (to add a sheet) inside the block, protected again afterwards.

    Only for a structure without a password: ``Workbook.Unprotect`` fails on one."""
    if not book_api.ProtectStructure:
        yield
        return
    windows = bool(book_api.ProtectWindows)
    book_api.Unprotect()
    try:
        yield
    finally:
        book_api.Protect(Structure=True, Windows=windows)


def passworded_sheet_note(sheet: str, what: str) -> str:
    return (f"工作表“{sheet}”设有保护密码，{what}：请在“审阅 → 撤消工作表保护”输入密码后再点一次"
            "（jixiao 不会询问或保存密码）")


def passworded_structure_note() -> str:
    return ("工作簿结构设有保护密码，无法添加“校验结果”工作表：请在“审阅 → 保护工作簿”输入密码取消保护后再校验"
            "（jixiao 不会询问或保存密码）")
