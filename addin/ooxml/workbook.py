"""``xl/workbook.xml``: the sheets (name, state, part), the defined names, the date system; and the edits
jixiao makes there (a defined name set, a sheet entry added or removed), spliced into the original bytes."""

from __future__ import annotations

from dataclasses import dataclass

from . import rels as R
from .xmlsafe import attrs_xml, escape, local, scan, splice, to_utf8, unescape

OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
DEFAULT_PART = "xl/workbook.xml"


@dataclass(frozen=True)
class SheetEntry:
    name: str
    sheet_id: str
    rid: str
    state: str  # visible | hidden | veryHidden
    part: str | None  # the worksheet (or chartsheet) part, None when its relationship is missing


@dataclass(frozen=True)
class WorkbookInfo:
    part: str
    sheets: tuple[SheetEntry, ...]
    defined_names: dict[str, str]  # name (sheet-local ones as "Sheet!name") → refers-to text
    date1904: bool
    rels: tuple[R.Relationship, ...]

    def sheet(self, name: str) -> SheetEntry | None:
        return next((s for s in self.sheets if s.name == name), None)

    def related(self, rel_type_suffix: str) -> str | None:
        """The part of the workbook's first relationship whose type ends with ``rel_type_suffix``."""
        return next((r.part for r in self.rels if r.type.endswith(rel_type_suffix) and r.part), None)


def locate(root_rels: bytes | None) -> str:
    """The workbook part named by the package's relationships (xl/workbook.xml when they say nothing)."""
    for r in R.read(root_rels, ""):
        if r.type == OFFICE_DOCUMENT and r.part:
            return r.part
    return DEFAULT_PART


def read_info(part: str, data: bytes, rels_data: bytes | None) -> WorkbookInfo:
    rels = R.read(rels_data, part)
    by_id = R.by_id(rels)
    sheets: list[SheetEntry] = []
    names: dict[str, str] = {}
    date1904 = False
    data = to_utf8(data)
    for n in scan(data, lambda name, depth: name in ("sheet", "definedName", "workbookPr")):
        a = n.attrs
        if n.local == "sheet":
            rid = next((v for k, v in a.items() if local(k) == "id" and k != "id"), "")
            rel = by_id.get(rid)
            sheets.append(SheetEntry(a.get("name", ""), a.get("sheetId", ""), rid, a.get("state", "visible"),
                                     rel.part if rel else None))
        elif n.local == "definedName":
            key = a.get("name", "")
            lsid = a.get("localSheetId")
            if lsid is not None and lsid.isdigit() and int(lsid) < len(sheets):
                key = f"{sheets[int(lsid)].name}!{key}"
            names[key] = unescape(data[n.open_end:n.close].decode("utf-8"))
        else:
            date1904 = a.get("date1904") in ("1", "true")
    return WorkbookInfo(part, tuple(sheets), names, date1904, tuple(rels))


def _nodes(data: bytes):
    return scan(data, lambda name, depth: name in ("workbook", "sheets", "sheet", "definedNames", "definedName",
                                                   "calcPr", "oleSize", "customWorkbookViews", "pivotCaches",
                                                   "smartTagPr", "smartTagTypes", "webPublishing", "fileRecoveryPr",
                                                   "webPublishObjects", "extLst", "externalReferences"))


def set_defined_name(data: bytes, name: str, refers_to: str, local_sheet: int | None = None) -> bytes:
    """Set a defined name (refers-to text such as '"xinjiang"'): workbook-level, or local to the sheet at
    index ``local_sheet`` (as _xlnm.Print_Titles is)."""
    data = to_utf8(data)
    nodes = _nodes(data)
    scope = {} if local_sheet is None else {"localSheetId": str(local_sheet)}
    entry = f"<definedName{attrs_xml({'name': name, **scope})}>{escape(refers_to)}</definedName>"
    for n in nodes:
        if n.local == "definedName" and n.attrs.get("name") == name and n.attrs.get("localSheetId") == scope.get(
                "localSheetId"):
            return splice(data, [(n.start, n.end, f"<{n.name}{attrs_xml(n.attrs)}>{escape(refers_to)}</{n.name}>".encode())])
    block = next((n for n in nodes if n.local == "definedNames"), None)
    if block is not None:
        if block.close == block.open_end:
            tag = f"<{block.name}{attrs_xml(block.attrs)}>".encode()
            return splice(data, [(block.start, block.end, tag + entry.encode() + f"</{block.name}>".encode())])
        return splice(data, [(block.close, block.close, entry.replace("definedName", block.prefix + "definedName")
                              .encode())])
    # definedNames follows sheets (and externalReferences), before calcPr and the rest
    sheets = next(n for n in nodes if n.local == "sheets")
    after = max((n for n in nodes if n.local == "externalReferences"), key=lambda n: n.end, default=sheets)
    p = sheets.prefix
    return splice(data, [(after.end, after.end, f"<{p}definedNames>{entry.replace('definedName', p + 'definedName')}"
                          f"</{p}definedNames>".encode())])


def add_sheet(data: bytes, name: str, rid: str) -> bytes:
    """Append a <sheet> entry; its r:id is declared on the element itself (writers put xmlns:r on the root
    or on each <sheet>, so the entry must not depend on either)."""
    data = to_utf8(data)
    nodes = _nodes(data)
    sheets = next(n for n in nodes if n.local == "sheets")
    ids = [int(n.attrs.get("sheetId", "0")) for n in nodes if n.local == "sheet" and n.attrs.get("sheetId", "").isdigit()]
    attrs = {"name": name, "sheetId": str(max(ids, default=0) + 1), "xmlns:jxr": R.NS_R, "jxr:id": rid}
    entry = f"<{sheets.prefix}sheet{attrs_xml(attrs)}/>".encode()
    return splice(data, [(sheets.close, sheets.close, entry)])


def remove_sheet(data: bytes, name: str) -> bytes:
    """Drop the <sheet> entry named ``name`` and what points at it by index: its sheet-local defined names
    go, later ones move down one, and a workbookView's activeTab / firstSheet beyond the sheets left is reset
    to the first sheet (Excel calls a workbook whose active tab does not exist damaged)."""
    data = to_utf8(data)
    nodes = scan(data, lambda n, depth: n in ("sheet", "definedName", "workbookView"))
    sheets = [n for n in nodes if n.local == "sheet"]
    idx = next((i for i, n in enumerate(sheets) if n.attrs.get("name") == name), None)
    if idx is None:
        return data
    left = len(sheets) - 1
    edits = [(sheets[idx].start, sheets[idx].end, b"")]
    for n in nodes:
        lsid = n.attrs.get("localSheetId", "")
        if n.local == "definedName" and lsid.isdigit():
            if int(lsid) == idx:
                edits.append((n.start, n.end, b""))
            elif int(lsid) > idx:
                edits.append(_retag(n, localSheetId=str(int(lsid) - 1)))
        elif n.local == "workbookView":
            fix = {k: "0" for k in ("activeTab", "firstSheet") if n.attrs.get(k, "0").isdigit()
                   and int(n.attrs.get(k, "0")) >= max(left, 1)}
            if fix:
                edits.append(_retag(n, **fix))
    return splice(data, edits)


def _retag(n, **changes: str) -> tuple[int, int, bytes]:
    """The edit that rewrites ``n``'s start tag with ``changes`` to its attributes."""
    empty = "/" if n.close == n.open_end else ""
    return n.start, n.open_end, f"<{n.name}{attrs_xml({**n.attrs, **changes})}{empty}>".encode()
