"""The 绩效自评 ribbon tab, declared as data and rendered to customUI14 and 2006 customUI XML, and its VBA
callbacks.

Every button calls one generic VBA callback (``JixiaoRibbon``) that hands the button's ``tag`` to
Python (:func:`jixiao.addin.excel.actions.dispatch_caller`), so VBA holds no Chinese text and no logic. The
规则 dropDown lists the rule profiles known when the add-in is built (``jixiao.udfs.PROFILES``); its
item ids carry the profile id hex-encoded (``jxProfile_`` + UTF-16 code units as 4 hex digits), so any
id is a valid XML id and reaches Python intact through ``RunPython``. VBA shows the workbook's stored
rule (the defined name ``jixiao_profile``) as the selected item and refreshes it when another workbook
is activated or a rule is chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

NS = "http://schemas.microsoft.com/office/2009/07/customui"  # customUI14.xml: Office 2010 and later
NS_2006 = "http://schemas.microsoft.com/office/2006/01/customui"  # customUI.xml: Excel 2007, WPS
CALLBACK = "JixiaoRibbon"
ON_LOAD = "JixiaoRibbonLoad"
PROFILE_SELECT = "JixiaoProfileSelect"  # onAction of the dropDown: (control, id, index)
PROFILE_SELECTED = "JixiaoProfileSelected"  # getSelectedItemID: (control, ByRef itemID)
PROFILE_CONTROL = "jxProfile"
PROFILE_ITEM_PREFIX = "jxProfile_"


@dataclass(frozen=True)
class Button:
    id: str
    label: str
    tag: str  # the action name dispatch() runs
    image: str  # a built-in Office icon (imageMso)
    tip: str
    large: bool = True


@dataclass(frozen=True)
class ProfileDropDown:
    """The 规则 dropDown: one item per built-in profile, read when the XML is rendered."""

    id: str = PROFILE_CONTROL
    label: str = "规则"
    tag: str = "choose_profile"
    image: str = "ReviewTrackChanges"
    tip: str = "本工作簿使用的计分规则（保存在工作簿中，重算和 JX_ 函数都按它计分）"


GROUPS: tuple[tuple[str, str, tuple[Button | ProfileDropDown, ...]], ...] = (
    ("jxScore", "计分", (
        Button("jxRecomputeSheet", "重算本表", "recompute_sheet", "CalculateSheet", "重算当前工作表的执行率、得分、总分和等级"),
        Button("jxRecomputeAll", "重算全部", "recompute_all", "CalculateNow", "重算工作簿中所有自评表"),
        ProfileDropDown(),
    )),
    ("jxCheck", "校验与定稿", (
        Button("jxCheckBook", "校验", "check", "ReviewAllowUsersToEditRanges", "发送前校验，结果写入“校验结果”工作表"),
        Button("jxFinalize", "定稿导出", "finalize", "FileSaveAsPdfOrXps", "另存一份发送用副本：公式转为数值，不含宏"),
        Button("jxReport", "生成自评报告", "report", "ExportWord", "按表中数据起草绩效自评报告（Word），保存在工作簿旁边"),
    )),
    ("jxMore", "更多", (
        Button("jxInsertRow", "增加指标行", "insert_indicator_row", "SheetRowsInsert",
               "在所选指标下面插入一行，带上该行的公式（一级/二级指标随之延伸）"),
        Button("jxNew", "新建项目表", "new_project", "FileNew", "按官方附件新建项目支出绩效自评表"),
        Button("jxSummary", "汇总文件夹", "summarize_folder", "PivotTableInsert", "把一个文件夹的自评表汇总为一个工作簿"),
        Button("jxHelp", "帮助", "help", "Help", "使用说明", False),
    )),
)


def buttons() -> list[Button]:
    return [b for _gid, _label, bs in GROUPS for b in bs if isinstance(b, Button)]


def controls() -> list[Button | ProfileDropDown]:
    return [b for _gid, _label, bs in GROUPS for b in bs]


# --- profile item ids ---------------------------------------------------------------------------------

def hex_units(text: str) -> str:
    """UTF-16 code units as 4 upper-case hex digits each (what VBA's JxHex computes with AscW)."""
    data = text.encode("utf-16-le")
    return "".join(f"{int.from_bytes(data[i:i + 2], 'little'):04X}" for i in range(0, len(data), 2))


def unhex_units(h: str) -> str:
    if len(h) % 4 or any(c not in "0123456789ABCDEF" for c in h):
        raise ValueError(h)
    return b"".join(int(h[i:i + 4], 16).to_bytes(2, "little") for i in range(0, len(h), 4)).decode("utf-16-le")


def profile_item_id(profile_id: str) -> str:
    return PROFILE_ITEM_PREFIX + hex_units(profile_id)


def profile_from_item_id(item_id: str) -> str:
    """The profile id a dropDown item stands for; ValueError for anything that is not one of ours."""
    if not item_id.startswith(PROFILE_ITEM_PREFIX):
        raise ValueError(item_id)
    return unhex_units(item_id[len(PROFILE_ITEM_PREFIX):])


def profile_items() -> list[tuple[str, str, str]]:
    """(item id, label, screentip) per built-in profile, in PROFILES order."""
    from jixiao.udfs import PROFILES

    return [(profile_item_id(p.id), p.name, f"{p.id}：{p.document}" if p.document else p.id) for p in PROFILES.values()]


# --- XML ------------------------------------------------------------------------------------------------

def _control_xml(c: Button | ProfileDropDown) -> str:
    if isinstance(c, ProfileDropDown):
        listed = profile_items()
        items = "".join(f"<item id={quoteattr(i)} label={quoteattr(label)} screentip={quoteattr(tip[:1024])}/>"
                        for i, label, tip in listed)
        widest = max((label for _i, label, _t in listed), key=len, default=c.label)[:14]  # wide enough, not all
        return (f'<dropDown id="{c.id}" label={quoteattr(c.label)} tag="{c.tag}" imageMso="{c.image}" '
                f'showImage="true" screentip={quoteattr(c.label)} supertip={quoteattr(c.tip)} '
                f'sizeString={quoteattr(widest)} onAction="{PROFILE_SELECT}" '
                f'getSelectedItemID="{PROFILE_SELECTED}">{items}</dropDown>')
    return (f'<button id="{c.id}" label={quoteattr(c.label)} tag="{c.tag}" imageMso="{c.image}" '
            f'size="{"large" if c.large else "normal"}" screentip={quoteattr(c.tip)} onAction="{CALLBACK}"/>')


def ribbon_xml(ns: str = NS) -> str:
    """The tab in the 2009 schema (customUI14), or with ``ns=NS_2006`` the 2006 one (customUI): every control
    used here (button, dropDown with items and getSelectedItemID, onLoad) exists in both."""
    groups = [f'<group id="{gid}" label={quoteattr(label)}>{"".join(map(_control_xml, cs))}</group>'
              for gid, label, cs in GROUPS]
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<customUI xmlns="{ns}" onLoad="{ON_LOAD}"><ribbon><tabs><tab id="jxTab" label="绩效自评">'
        + "".join(groups)
        + "</tab></tabs></ribbon></customUI>"
    )


# --- VBA ------------------------------------------------------------------------------------------------

def callback_vba() -> str:
    """The ribbon's VBA callbacks; ASCII only (VBA source is stored in a single-byte codepage).

    Needs the module-level ``Private JxRibbonUI As IRibbonUI`` (:data:`CALLBACK_DECLARATIONS`) and
    ``JxHex`` from :mod:`jixiao.addin.excel.vba`.
    """
    from jixiao.udfs.profiles import DEFAULT_PROFILE, WORKBOOK_NAME

    run = 'RunPython "import jixiao.addin.excel.actions as a; a.dispatch_caller(\'" & control.Tag & "\''
    guard = "    JixiaoInit\r\n    If Not JixiaoCanRun() Then Exit Sub\r\n"
    return (
        f"Sub {ON_LOAD}(ribbon As IRibbonUI)\r\n"
        "    Set JxRibbonUI = ribbon\r\n"
        "    JixiaoInit\r\n"
        "End Sub\r\n"
        "\r\n"
        "Sub JixiaoRefreshRibbon()\r\n"
        f'    If Not JxRibbonUI Is Nothing Then JxRibbonUI.InvalidateControl "{PROFILE_CONTROL}"\r\n'
        "End Sub\r\n"
        "\r\n"
        f"Sub {CALLBACK}(control As IRibbonControl)\r\n"
        + guard +
        f'    {run})"\r\n'
        "End Sub\r\n"
        "\r\n"
        f"Sub {PROFILE_SELECT}(control As IRibbonControl, id As String, index As Integer)\r\n"
        + guard +
        f'    {run}, \'" & id & "\')"\r\n'
        "    JixiaoRefreshRibbon\r\n"
        "End Sub\r\n"
        "\r\n"
        f"Sub {PROFILE_SELECTED}(control As IRibbonControl, ByRef itemID)\r\n"
        f'    itemID = "{PROFILE_ITEM_PREFIX}" & JxHex(JixiaoStoredProfile())\r\n'
        "End Sub\r\n"
        "\r\n"
        "Function JixiaoStoredProfile() As String\r\n"
        "    ' the active workbook's defined name, e.g. =\"xinjiang\"; the default rule when there is none\r\n"
        "    Dim s As String\r\n"
        "    s = \"\"\r\n"
        "    On Error Resume Next\r\n"
        f'    s = ActiveWorkbook.Names("{WORKBOOK_NAME}").RefersTo\r\n'
        "    On Error GoTo 0\r\n"
        '    If Left$(s, 1) = "=" Then s = Mid$(s, 2)\r\n'
        "    If Len(s) >= 2 And Left$(s, 1) = Chr(34) And Right$(s, 1) = Chr(34) Then s = Mid$(s, 2, Len(s) - 2)\r\n"
        f'    If s = "" Then s = "{DEFAULT_PROFILE}"\r\n'
        "    JixiaoStoredProfile = s\r\n"
        "End Function\r\n"
    )


CALLBACK_DECLARATIONS = "Private JxRibbonUI As IRibbonUI\r\nPrivate JxInitDone As Boolean\r\n"

# what the VBA guard (jixiao.addin.excel.vba.init_vba) says; VBA holds them as UTF-16 hex
CALLBACK_TITLE = "绩效自评"
MSG_EDITING = "Excel 正在编辑单元格：请先按 Enter 或 Esc 结束编辑，再点功能区按钮。"
MSG_PROTECTED_VIEW = ("这个工作簿在“受保护的视图”中打开，是只读的：请先点黄色提示栏上的“启用编辑”，"
                      "再点功能区按钮。")
MSG_NO_WORKBOOK = "没有打开的工作簿：请先打开要处理的自评表，再点功能区按钮。"
