"""The 绩效自评 ribbon tab, declared as data and rendered to customUI14 XML.

Every button calls one generic VBA callback (``JixiaoRibbon``) that hands the button's ``tag`` to
Python (:func:`jixiao.addin.actions.dispatch`), so VBA holds no Chinese text and no logic.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

NS = "http://schemas.microsoft.com/office/2009/07/customui"
CALLBACK = "JixiaoRibbon"


@dataclass(frozen=True)
class Button:
    id: str
    label: str
    tag: str  # the action name dispatch() runs
    image: str  # a built-in Office icon (imageMso)
    tip: str
    large: bool = True


GROUPS: tuple[tuple[str, str, tuple[Button, ...]], ...] = (
    ("jxScore", "计分", (
        Button("jxRecomputeSheet", "重算本表", "recompute_sheet", "CalculateSheet", "重算当前工作表的执行率、得分、总分和等级"),
        Button("jxRecomputeAll", "重算全部", "recompute_all", "CalculateNow", "重算工作簿中所有自评表"),
        Button("jxRules", "规则", "choose_profile", "ReviewTrackChanges", "选择并保存本工作簿使用的计分规则", False),
    )),
    ("jxCheck", "校验与定稿", (
        Button("jxCheckBook", "校验", "check", "ReviewAllowUsersToEditRanges", "发送前校验，结果写入“校验结果”工作表"),
        Button("jxFinalize", "定稿导出", "finalize", "FileSaveAsPdfOrXps", "另存一份发送用副本：公式转为数值，不含宏"),
    )),
    ("jxMore", "更多", (
        Button("jxNew", "新建项目表", "new_project", "FileNew", "按官方附件新建项目支出绩效自评表"),
        Button("jxSummary", "汇总文件夹", "summarize_folder", "PivotTableInsert", "把一个文件夹的自评表汇总为一个工作簿"),
        Button("jxHelp", "帮助", "help", "Help", "使用说明", False),
    )),
)


def buttons() -> list[Button]:
    return [b for _gid, _label, bs in GROUPS for b in bs]


def ribbon_xml() -> str:
    groups = []
    for gid, label, bs in GROUPS:
        items = "".join(
            f'<button id="{b.id}" label={quoteattr(b.label)} tag="{b.tag}" imageMso="{b.image}" '
            f'size="{"large" if b.large else "normal"}" screentip={quoteattr(b.tip)} onAction="{CALLBACK}"/>'
            for b in bs
        )
        groups.append(f'<group id="{gid}" label={quoteattr(label)}>{items}</group>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<customUI xmlns="{NS}"><ribbon><tabs><tab id="jxTab" label="绩效自评">'
        + "".join(groups)
        + "</tab></tabs></ribbon></customUI>"
    )


def callback_vba() -> str:
    """The one VBA callback; ASCII only (VBA source is stored in a single-byte codepage)."""
    return (
        f"Sub {CALLBACK}(control As IRibbonControl)\r\n"
        "    RunPython \"import jixiao.addin.actions as a; a.dispatch_caller('\" & control.Tag & \"')\"\r\n"
        "End Sub\r\n"
    )
