"""Assemble jixiao.xlam on any OS, without Excel.

Route: start from the installed xlwings' own ``quickstart_addin_ribbon.xlam`` (its runtime module is
the same xlwings version as the Python side, and names that version's DLL), and

- give its standard module (``RibbonMyAddin``, name kept so the project's module list is unchanged)
  our source: ribbon callbacks, MacroOptions registration, xlwings' generated JX_ wrappers
  (:func:`jixiao.addin.excel.vba.addin_module_source`); add the open/activate events to ``ThisWorkbook``;
  set the runtime's ``PROJECT_NAME`` to ``jixiao``, and have its two Python command lines (RunPython, the
  UDF server) import xlwings through :mod:`jixiao.udfs.lean_xlwings` (no pandas/numpy at start);
- make every module source-only: its stream is its compressed source alone (MODULEOFFSET 0 in the
  ``dir`` stream), ``_VBA_PROJECT`` has version 0xFFFF and no cache, so no stale P-code remains and
  Office compiles from source (:mod:`jixiao.addin.excel.ovba`);
- write the compound file anew (:mod:`jixiao.addin.excel.cfb`) and swap in our ribbon (customUI14, and the
  2006 customUI beside it for Excel 2007 and WPS);
- reduce the config sheet, renamed ``jixiao.conf`` (which the runtime reads before the user's config
  file, each of its rows a key even when empty), to the one non-empty row ``UDF Modules``: the
  interpreter then comes from ``%USERPROFILE%\\.jixiao\\jixiao.conf``, which ``addin install`` writes.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from jixiao.udfs.errors import InstallError

from . import cfb, ovba
from .vba import UDF_MODULE

MODULE = "RibbonMyAddin"  # the quickstart's ribbon module, reused under its own name
PROJECT = "jixiao"
CONF_SHEET = f"{PROJECT}.conf"
BASE_CONF_SHEET = "_myaddin.conf"

UI_2006_REL = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"  # customUI.xml
UI_2009_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"  # customUI14.xml
VBA_CODEPAGE = "cp1252"
LEAN_FROM = "import xlwings.utils;xlwings.utils.prepare_sys_path("
LEAN_TO = "import jixiao.udfs.lean_xlwings as jxl;jxl.import_xlwings();" + LEAN_FROM  # PROJECTCODEPAGE of the base project (1252)


def base_addin() -> Path:
    import xlwings

    return Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam"


def xlwings_version_of(source: str) -> str | None:
    """The xlwings version a runtime module is for (its XLWINGS_VERSION, which also names its DLL)."""
    m = re.search(r'Public Const XLWINGS_VERSION As String = "([^"]+)"', source)
    return m.group(1) if m else None


def dll_names(source: str) -> set[str]:
    return set(re.findall(r'"(xlwings(?:32|64)-[\w.]+\.dll)"', source))


class VbaProject:
    """The streams of a vbaProject.bin and its modules' sources, read through the dir stream."""

    def __init__(self, data: bytes):
        import olefile

        ole = olefile.OleFileIO(data)
        self.streams = {"/".join(e): ole.openstream(e).read() for e in ole.listdir()}
        self.clsids = {}
        for e in [[], *ole.listdir(streams=False, storages=True)]:
            clsid = ole.getclsid(e) if e else ole.root.clsid
            if clsid:
                self.clsids["/".join(e)] = bytes.fromhex(clsid.replace("-", ""))
        ole.close()
        self.dir = ovba.decompress(self.streams["VBA/dir"])
        self.modules = ovba.modules(self.dir)
        self.sources = {m.name: ovba.decompress(self.streams[f"VBA/{m.stream}"][m.offset:]).decode(VBA_CODEPAGE)
                        for m in self.modules}

    def source_only(self) -> bytes:
        """The compound file with every module's current source and no compiled code anywhere."""
        streams = {p: b for p, b in self.streams.items()
                   if not (p.startswith("VBA/__SRP_") or p.startswith("VBA/_VBA_PROJECT"))}
        for m in self.modules:
            src = self.sources[m.name].replace("\r\n", "\n").replace("\n", "\r\n")
            streams[f"VBA/{m.stream}"] = ovba.compress(src.encode(VBA_CODEPAGE), exact=True)
        streams["VBA/dir"] = ovba.compress(ovba.source_only_dir(self.dir), exact=True)
        streams["VBA/_VBA_PROJECT"] = ovba.source_only_vba_project(self.streams["VBA/_VBA_PROJECT"])
        return cfb.write(streams, self.clsids)


def conf_sheet_xml(xml: str, rows: list[tuple[str, str]]) -> str:
    """The config sheet holding exactly ``rows`` from A1 down (inline strings), nothing else."""
    cells = "".join(
        f'<row r="{i}"><c r="A{i}" s="1" t="inlineStr"><is><t>{escape(k)}</t></is></c>'
        f'<c r="B{i}" s="1" t="inlineStr"><is><t>{escape(v)}</t></is></c></row>'
        for i, (k, v) in enumerate(rows, 1))
    xml = re.sub(r"<sheetData>.*?</sheetData>|<sheetData\s*/>", lambda _m: f"<sheetData>{cells}</sheetData>", xml,
                 count=1, flags=re.S)
    return re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:B{max(len(rows), 1)}"/>', xml, count=1)


def conf_rows(python_module: str = UDF_MODULE) -> list[tuple[str, str]]:
    """The add-in's config sheet: only keys with a value, so empty rows never shadow the user's file."""
    return [("UDF Modules", python_module)]


def build_xlam(out, python_module: str = UDF_MODULE) -> dict:
    """Write the add-in to ``out``; returns its modules, our module's source and the xlwings version it is for."""
    import xlwings

    from .ribbon import NS_2006, ribbon_xml
    from .vba import addin_module_source, this_workbook_events

    base = base_addin()
    with zipfile.ZipFile(base) as z:
        infos = z.infolist()
        parts = {i.filename: z.read(i.filename) for i in infos}
    project = VbaProject(parts["xl/vbaProject.bin"])
    runtime = project.sources["xlwings"]
    version = xlwings_version_of(runtime)
    if version != xlwings.__version__:
        raise InstallError("xlwings 安装不完整：Python 包是 {package}，其自带加载项的 VBA 却是 {version}；请重新安装 xlwings", package=xlwings.__version__, version=version)
    source = addin_module_source(MODULE)
    project.sources[MODULE] = source
    # the runtime reads its config sheet "<PROJECT_NAME>.conf" and ~/.<PROJECT_NAME>/<PROJECT_NAME>.conf
    project.sources["xlwings"], n = re.subn(r'Public Const PROJECT_NAME As String = "[^"]*"',
                                            f'Public Const PROJECT_NAME As String = "{PROJECT}"', runtime)
    if n != 1:
        raise InstallError("xlwings {version} 的加载项结构与预期不同（PROJECT_NAME），请换用已测试的 xlwings 版本", version=version)
    # both Python command lines (RunPython, the UDF server) import xlwings without pandas/numpy first
    project.sources["xlwings"], n = re.subn(re.escape(LEAN_FROM), LEAN_TO, project.sources["xlwings"])
    if n < 2:
        raise InstallError("xlwings {version} 的加载项结构与预期不同（启动 Python 的命令行），请换用已测试的 xlwings 版本", version=version)
    project.sources["ThisWorkbook"] = project.sources["ThisWorkbook"].rstrip("\r\n") + "\r\n" + this_workbook_events()
    parts["xl/vbaProject.bin"] = project.source_only()

    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        f'name="{BASE_CONF_SHEET}"'.encode(), f'name="{CONF_SHEET}"'.encode())
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = conf_sheet_xml(parts[sheet].decode("utf-8"), conf_rows(python_module)).encode("utf-8")
    # ribbon: the 2009 schema in customUI14.xml (Office 2010+), the 2006 one in customUI.xml (Excel 2007, WPS),
    # each with its own relationship type; Office reads customUI14 when it understands it, else customUI
    parts["customUI/customUI.xml"] = ribbon_xml(NS_2006).encode("utf-8")
    parts["customUI/customUI14.xml"] = ribbon_xml().encode("utf-8")
    rels = parts["_rels/.rels"].decode("utf-8")
    rels = re.sub(r'<Relationship\b[^>]*customUI/customUI\.xml"[^>]*/>', "", rels)
    rels = rels.replace("</Relationships>", f'<Relationship Id="jxRibbon" Type="{UI_2009_REL}" '
                        'Target="customUI/customUI14.xml"/><Relationship Id="jxRibbon2006" '
                        f'Type="{UI_2006_REL}" Target="customUI/customUI.xml"/></Relationships>')
    parts["_rels/.rels"] = rels.encode("utf-8")
    names = [i.filename for i in infos if i.filename in parts] + ["customUI/customUI.xml", "customUI/customUI14.xml"]
    out = Path(out)
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for n in dict.fromkeys(names):
            z.writestr(n, parts[n])
    tmp.replace(out)
    return {"modules": sorted(m.name for m in project.modules), "source": source, "xlwings_version": version,
            "dlls": sorted(dll_names(runtime))}
