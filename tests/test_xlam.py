"""The .xlam built on Linux, judged by independent readers and by a port of xlwings' own VBA.

- MS-OVBA compression: oletools' decompressor reads back any data, random bytes included, and every
  chunk header's size field is what the chunk really holds (no 12-bit overflow).
- The compound file: olefile and SheetJS cfb (node; installed by .ci/run) read every stream back, and the
  directory of every storage is a red-black tree, for many entry counts.
- The VBA project: olevba reads every module, finds no P-code at all (so no stomping), each ribbon
  callback is a VBA Sub with the signature Office calls, each JX_ function has a wrapper and Chinese
  MacroOptions text decoding (through a port of our JxU) to the registry's.
- Config: xlwings' VBA GetConfig / GetConfigFromSheet / GetConfigFromFile / ExpandEnvironmentStrings,
  ported line by line below, run over the installed add-in's sheet and the user config file decoded in the
  ANSI code page, resolve the interpreter and UDF modules to what ``addin install --python`` was given.
"""

import importlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from conftest import run_cli
from jixiao.addin.excel import cfb, install, ovba, ribbon
from jixiao.addin.excel.cfb import write as cfb_write
from jixiao.addin.excel.ovba import compress as ovba_compress
from jixiao.addin.excel.xlam import VbaProject, base_addin, build_xlam
from jixiao.udfs.functions import REGISTRY

olevba = pytest.importorskip("oletools.olevba")
SCHEMAS = Path(__file__).resolve().parents[2] / "shared" / "schemas"
CFB_NODE = Path(os.environ.get("JIXIAO_CFB_DIR", Path.home() / ".cache" / "jixiao-ci" / "node"))
ZHANG = "C:\\Users\\张三\\AppData\\Local\\Programs\\Python\\Python311\\python.exe"


@pytest.fixture(scope="module")
def xlam(tmp_path_factory):
    path = tmp_path_factory.mktemp("addin") / "jixiao.xlam"
    build_xlam(path)
    return path


@pytest.fixture(scope="module")
def project(xlam):
    return VbaProject(zipfile.ZipFile(xlam).read("xl/vbaProject.bin"))


def _cli(capsys, *argv):
    """Run `jixiao …` in-process; return (exit code, stdout, stderr)."""
    from jixiao.addin.cli import main

    code = main([str(a) for a in argv])
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def _modules(path):
    parser = olevba.VBA_Parser(str(path))
    try:
        return {Path(name).stem: code for _f, _s, name, code in parser.extract_macros()}
    finally:
        parser.close()


# --- MS-OVBA compression ------------------------------------------------------------------------------

def _check_container(data: bytes, container: bytes) -> None:
    chunks = ovba.chunk_sizes(container)  # raises if a size field does not match what follows
    assert all(size <= 4098 for _c, size in chunks)
    assert len(chunks) == -(-len(data) // 4096)
    out = olevba.decompress_stream(bytearray(container))
    tail = len(data) % 4096
    if tail and not chunks[-1][0]:  # a short incompressible last chunk is stored raw, padded (MS-OVBA 2.4.1.3.10)
        assert out[:len(data)] == data and set(out[len(data):]) <= {0} and len(out) % 4096 == 0
        with pytest.raises(ValueError):
            ovba.compress(data, exact=True)
    else:
        assert out == data


def test_compressor_round_trips_text_repeats_and_random_bytes():
    rnd = random.Random(15)
    text = (Path(base_addin()).parent / "xlwings.bas").read_bytes()  # VBA source: 40 kB of text
    samples = [b"", b"a", b"a" * 5000, b"Attribute VB_Name = \"x\"\r\n" + b"ab" * 3000, bytes(range(256)) * 40, text]
    lengths = [1, 2, 3, 100, 3000, 3640, 3641, 3700, 4000, 4095, 4096, 4097, 8191, 8192, 8193, 4096 + 3900, 12000]
    samples += [rnd.randbytes(n) for n in lengths]
    samples += [rnd.randbytes(2000) + b"x" * 2000 + rnd.randbytes(3000)]  # mixed: some chunks raw, some not
    for data in samples:
        _check_container(data, ovba_compress(data))
    for n in range(3600, 4097, 37):  # every tail length around where tokens stop fitting 4096 bytes
        data = rnd.randbytes(n)
        _check_container(data, ovba.compress(data))
    assert ovba.compress(text, exact=True) and len(ovba.compress(text)) < len(text) / 2


# --- the compound file ----------------------------------------------------------------------------------

def _rb_check(entries, top: int) -> int:
    """Walk the tree under ``top``: BST order by MS-CFB's compare, no red-red, equal black heights; → count."""
    seen = []

    def walk(sid, lo, hi, parent_red):
        if sid == cfb.NOSTREAM:
            return 1, 0
        e = entries[sid]
        key = cfb.name_key(e.name)
        assert (lo is None or lo < key) and (hi is None or key < hi), f"order broken at {e.name}"
        red = e.color == cfb.RED
        assert not (red and parent_red), f"red node {e.name} under a red parent"
        bl, nl = walk(e.sid_left, lo, key, red)
        br, nr = walk(e.sid_right, key, hi, red)
        assert bl == br, f"black heights differ under {e.name}"
        seen.append(sid)
        return bl + (0 if red else 1), nl + nr + 1

    if top != cfb.NOSTREAM:
        assert entries[top].color == cfb.BLACK, "root of a tree must be black"
    _black, count = walk(top, None, None, False)
    assert len(set(seen)) == count
    return count


def _check_directory(ole) -> None:
    entries = ole.direntries
    assert entries[0].color == cfb.BLACK and entries[0].sid_left == entries[0].sid_right == cfb.NOSTREAM
    for e in entries:
        if e is not None and e.entry_type in (1, 5):
            assert _rb_check(entries, e.sid_child) == len(e.kids)


def test_red_black_tree_for_any_count():
    for n in [*range(0, 300), 511, 512, 513, 1000, 1023, 1024, 2047, 2048]:
        names = [f"S{k}" for k in range(n)]
        root, nodes = cfb.tree(names)
        ents = {k: type("E", (), {"name": names[k], "color": c, "sid_left": cfb.NOSTREAM if lt is None else lt,
                                  "sid_right": cfb.NOSTREAM if rt is None else rt})
                for k, (lt, rt, c) in nodes.items()}
        assert _rb_check(ents, cfb.NOSTREAM if root is None else root) == n


def _node_reader() -> Path | None:
    script = CFB_NODE / "node_modules" / "cfb" / "package.json"
    if shutil.which("node") and script.exists():
        return CFB_NODE / "node_modules"
    if os.environ.get("CI"):
        pytest.fail(f"SheetJS cfb is not installed in {CFB_NODE} (.ci/run installs it)")
    return None


def _read_with_sheetjs(files: list[Path]) -> list[dict[str, bytes]]:
    """Every stream of each file, as the npm package cfb (SheetJS) reads it."""
    modules = _node_reader()
    if modules is None:
        pytest.skip("node with the npm package cfb not installed (bash .ci/run installs it)")
    js = """
const CFB = require('cfb'); const fs = require('fs');
const out = JSON.parse(fs.readFileSync(0, 'utf8')).map(f => {
  const c = CFB.read(fs.readFileSync(f), {type: 'buffer'}); const s = {};
  c.FileIndex.forEach((e, i) => { if (e.type === 2) s[c.FullPaths[i]] = Buffer.from(e.content || []).toString('base64'); });
  return s; });
process.stdout.write(JSON.stringify(out));
"""
    done = subprocess.run(["node", "-e", js], input=json.dumps([str(f) for f in files]), capture_output=True,
                          text=True, env={**os.environ, "NODE_PATH": str(modules)}, timeout=300, check=True)
    import base64

    res = []
    for streams in json.loads(done.stdout):
        res.append({re.sub(r"^[^/]*/", "", p): base64.b64decode(b) for p, b in streams.items()})
    return res


def test_compound_files_of_any_size_read_back(tmp_path):
    import olefile

    rnd = random.Random(9)
    cases = []
    for n in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 255, 300, 700]:
        streams = {f"S{k:03d}": rnd.randbytes(rnd.choice([0, 1, 63, 64, 65, 4095, 4096, 5000])) for k in range(n)}
        streams.update({f"VBA/m{k}": rnd.randbytes(rnd.randrange(0, 200)) for k in range(n // 3)})
        cases.append(streams)
    cases.append({"PROJECT": b"ID=x\r\n" * 10, "VBA/dir": b"\x01" * 5000, "VBA/small": b"abc", "VBA/empty": b"",
                  "big": rnd.randbytes(1_500_000), "A/B/C/deep": b"deep"})  # several FAT sectors, nested storages
    files = []
    for i, streams in enumerate(cases):
        blob = cfb_write(streams)
        ole = olefile.OleFileIO(blob)
        assert {"/".join(e): ole.openstream(e).read() for e in ole.listdir()} == streams
        _check_directory(ole)
        files.append(tmp_path / f"c{i}.bin")
        files[-1].write_bytes(blob)
    for streams, read in zip(cases, _read_with_sheetjs(files), strict=True):
        assert read == streams


# --- the built add-in's VBA project --------------------------------------------------------------------

def test_every_module_is_source_only_and_olevba_sees_no_stomping(xlam, project, tmp_path):
    assert [m.offset for m in project.modules] and all(m.offset == 0 for m in project.modules)
    vp = project.streams["VBA/_VBA_PROJECT"]
    assert len(vp) == 7 and vp[:5] == b"\xcc\x61\xff\xff\x00"  # version 0xFFFF, no performance cache
    assert not [p for p in project.streams if "__SRP_" in p]
    parser = olevba.VBA_Parser(str(xlam))
    try:
        assert parser.detect_vba_stomping() is False
        assert "Line #" not in parser.pcodedmp_output  # pcodedmp finds no P-code in any module
    finally:
        parser.close()
    # control: the same rewrite that keeps the base's P-code (what the builder did before) is flagged
    base = VbaProject(zipfile.ZipFile(base_addin()).read("xl/vbaProject.bin"))
    stale = dict(base.streams)
    m = next(m for m in base.modules if m.name == "RibbonMyAddin")
    stale[f"VBA/{m.stream}"] = stale[f"VBA/{m.stream}"][:m.offset] + ovba.compress(project.sources[m.name].encode())
    stomped = tmp_path / "stomped.xlam"
    with zipfile.ZipFile(base_addin()) as z, zipfile.ZipFile(stomped, "w") as out:
        for n in z.namelist():
            out.writestr(n, cfb_write(stale, base.clsids) if n == "xl/vbaProject.bin" else z.read(n))
    parser = olevba.VBA_Parser(str(stomped))
    try:
        assert parser.detect_vba_stomping() is True
    finally:
        parser.close()


def test_vba_project_read_back_by_olefile_and_sheetjs(xlam, project, tmp_path):
    import olefile

    blob = zipfile.ZipFile(xlam).read("xl/vbaProject.bin")
    ole = olefile.OleFileIO(blob)
    streams = {"/".join(e): ole.openstream(e).read() for e in ole.listdir()}
    _check_directory(ole)
    assert streams == project.streams
    (tmp_path / "vbaProject.bin").write_bytes(blob)
    assert _read_with_sheetjs([tmp_path / "vbaProject.bin"])[0] == streams
    for m in project.modules:  # the sources, decompressed by oletools from offset 0
        assert olevba.decompress_stream(bytearray(streams[f"VBA/{m.stream}"])).decode("cp1252") == \
            project.sources[m.name].replace("\r\n", "\n").replace("\n", "\r\n")


def test_modules_callbacks_and_wrappers(xlam):
    import xlwings

    mods = _modules(xlam)
    assert {"xlwings", "RibbonMyAddin", "ThisWorkbook", "Dictionary", "Sheet2"} == set(mods)
    code = mods["RibbonMyAddin"]
    assert all(c.isascii() for m in mods.values() for c in m)
    ui = ET.fromstring(zipfile.ZipFile(xlam).read("customUI/customUI14.xml"))
    ns = {"c": ribbon.NS}
    sigs = {m.group(1): m.group(2) for m in re.finditer(r"^Sub (\w+)\(([^)]*)\)", code, re.M)}
    assert sigs[ui.get("onLoad")] == "ribbon As IRibbonUI"
    for b in ui.iterfind(".//c:button", ns):
        assert sigs[b.get("onAction")] == "control As IRibbonControl"
    drop = ui.find(".//c:dropDown", ns)
    assert sigs[drop.get("onAction")] == "control As IRibbonControl, id As String, index As Integer"
    assert sigs[drop.get("getSelectedItemID")] == "control As IRibbonControl, ByRef itemID"
    assert f'InvalidateControl "{drop.get("id")}"' in code
    for name in REGISTRY:
        assert re.search(rf"^Function {name}\(", code, re.M), name
    runtime = mods["xlwings"]
    assert 'Public Const PROJECT_NAME As String = "jixiao"' in runtime
    lean = "import jixiao.udfs.lean_xlwings as jxl;jxl.import_xlwings();import xlwings.utils;xlwings.utils.prepare"
    assert runtime.count(lean) >= 2 and "xlwings.serve(" in runtime  # RunPython and the UDF server start lean
    v = xlwings.__version__  # the DLL the add-in calls is the installed xlwings'
    assert f'Public Const XLWINGS_VERSION As String = "{v}"' in runtime and f'"xlwings64-{v}.dll"' in runtime
    this = mods["ThisWorkbook"]
    assert "Private WithEvents JxApp As Application" in this
    assert re.search(r"Public Sub JixiaoHookEvents\(\)\s+If JxApp Is Nothing Then Set JxApp = Application", this)
    assert re.search(r"Sub JxApp_WorkbookActivate\(ByVal Wb As Workbook\)\s+JixiaoRefreshRibbon", this)
    assert re.search(r"Sub JxApp_WorkbookOpen\(ByVal Wb As Workbook\)\s+JixiaoRelink Wb", this)
    # registration and the events start from the ribbon's onLoad and before each action, never at open
    assert not re.search(r"(?i)\b(Workbook_Open|Auto_?Open|Workbook_Activate)\b", this + code)
    onload = re.search(rf"Sub {ui.get('onLoad')}\(.*?End Sub", code, re.S).group(0)
    assert "JixiaoInit" in onload
    init = re.search(r"Sub JixiaoInit\(\).*?End Sub", code, re.S).group(0)
    assert "ThisWorkbook.JixiaoHookEvents" in init and "JixiaoRegisterFunctions" in init
    for cb in (ribbon.CALLBACK, ribbon.PROFILE_SELECT):  # every action: init, guard, then Python
        body = re.search(rf"Sub {cb}\(.*?End Sub", code, re.S).group(0)
        assert body.index("JixiaoInit") < body.index("If Not JixiaoCanRun() Then Exit Sub") < body.index("RunPython")


def test_mraptor_rates_the_addin_macro_ok(xlam):
    """No auto-exec: oletools' MacroRaptor, as security software reasons, finds the add-in harmless."""
    from oletools import mraptor

    parser = olevba.VBA_Parser(str(xlam))
    try:
        code = "\n".join(c for _f, _s, _n, c in parser.extract_macros())
    finally:
        parser.close()
    raptor = mraptor.MacroRaptor(code)
    raptor.scan()
    assert not raptor.autoexec, raptor.matches
    assert not raptor.suspicious
    done = subprocess.run([sys.executable, "-m", "oletools.mraptor", str(xlam)], capture_output=True, text=True,
                          timeout=300, check=False)
    assert re.search(r"^Macro OK\s*\|", done.stdout, re.M), done.stdout
    assert done.returncode == mraptor.Result_MacroOK.exit_code


def test_guard_messages_and_relink_in_the_vba(xlam):
    code = _modules(xlam)["RibbonMyAddin"]
    guard = re.search(r"Function JixiaoCanRun\(\).*?End Function", code, re.S).group(0)
    texts = {_jxu(h) for h in re.findall(r'JxU\("([0-9A-F]+)"\)', guard)}
    assert {ribbon.MSG_EDITING, ribbon.MSG_PROTECTED_VIEW, ribbon.MSG_NO_WORKBOOK, ribbon.CALLBACK_TITLE} <= texts
    assert "xl.Ready" in guard and "xl.ActiveProtectedViewWindow" in guard  # late-bound: compiles in Excel 2007
    assert "Application.ActiveProtectedViewWindow" not in code
    relink = re.search(r"Sub JixiaoRelink\(.*?End Sub", code, re.S).group(0)
    assert "Wb.LinkSources(1)" in relink and "Wb.ChangeLink s, ThisWorkbook.FullName, 1" in relink


def _jxu(h: str) -> str:
    """A port of the add-in's VBA JxU: InStr over the hex digits, ChrW of each 4-digit code unit."""
    s = ""
    for i in range(0, len(h), 4):
        c = 0
        for j in range(4):
            c = c * 16 + "0123456789ABCDEF".find(h[i + j])  # InStr(...) - 1
        assert 0 <= c <= 0xFFFF
        s += chr(c)
    return s.encode("utf-16-le", "surrogatepass").decode("utf-16-le")


def test_function_wizard_help_from_the_registry(xlam):
    """JixiaoRegisterFunctions, read as VBA runs it, gives each JX_ function the registry's Chinese text."""
    code = _modules(xlam)["RibbonMyAddin"]
    body = re.search(r"^Sub JixiaoRegisterFunctions\(\)\r?\n(.*?)^End Sub", code, re.M | re.S).group(1)
    assert "On Error Resume Next" in body  # a wizard without help never stops the add-in from opening
    registered, var = {}, {}
    for line in body.splitlines():
        line = line.strip()
        if m := re.fullmatch(r'(\w+) = JxU\("([0-9A-F]*)"\)', line):
            var[m.group(1)] = _jxu(m.group(2))
        elif m := re.fullmatch(r'(\w+) = \1 & JxU\("([0-9A-F]*)"\)', line):
            var[m.group(1)] += _jxu(m.group(2))
        elif m := re.fullmatch(r"ReDim a\(0 To (\d+)\)", line):
            var["a"] = [None] * (int(m.group(1)) + 1)
        elif m := re.fullmatch(r"a\((\d+)\) = t", line):
            var["a"][int(m.group(1))] = var["t"]
        elif m := re.fullmatch(r'Application\.MacroOptions Macro:=book & "(\w+)", Description:=d, Category:=c'
                               r"(, ArgumentDescriptions:=a)?", line):
            registered[m.group(1)] = (var["d"], var["c"], list(var["a"]) if m.group(2) else [])
    assert set(registered) == set(REGISTRY)
    for name, spec in REGISTRY.items():
        d, c, args = registered[name]
        assert (d, c) == (spec.description, spec.category)
        assert args == [f"{a.label}：{a.help}" for a in spec.args]
        assert all(len(t) <= 255 for t in [d, *args])
        params = re.search(rf"^Function {name}\(([^)]*)\)", code, re.M).group(1)
        assert len(args) == len([p for p in params.split(",") if p.strip()])  # one text per wizard argument


def test_python_named_by_the_vba_imports(xlam):
    code = _modules(xlam)["RibbonMyAddin"]
    for module in set(re.findall(r'XLPy\.CallUDF\("([\w.]+)"', code)) | set(re.findall(r"import ([\w.]+) as", code)):
        importlib.import_module(module)
    from jixiao.addin.excel.actions import ACTIONS

    assert {c.tag for c in ribbon.controls()} <= set(ACTIONS)


def test_profile_dropdown_lists_every_profile(xlam):
    from jixiao.udfs import PROFILES

    ui = ET.fromstring(zipfile.ZipFile(xlam).read("customUI/customUI14.xml"))
    items = ui.findall(f".//{{{ribbon.NS}}}dropDown/{{{ribbon.NS}}}item")
    assert [(ribbon.profile_from_item_id(i.get("id")), i.get("label")) for i in items] == \
        [(p.id, p.name) for p in PROFILES.values()]
    for pid in [*PROFILES, "新疆-2024 规则", "C:\\规则\\本地.toml"]:
        assert ribbon.profile_from_item_id(ribbon.profile_item_id(pid)) == pid
        assert re.fullmatch(r"[A-Za-z_][\w]*", ribbon.profile_item_id(pid))  # a valid XML id, safe in RunPython
    with pytest.raises(ValueError):
        ribbon.profile_from_item_id("jxProfile_12G4")


@pytest.mark.skipif(not (SCHEMAS / "customui14.xsd").exists(), reason="shared/schemas not beside the repo")
def test_packaged_ribbon_validates(xlam):
    """customUI14 (Office 2010+) and the 2006 customUI beside it (Excel 2007, WPS), each against its schema,
    each named by its own relationship type, with the same controls."""
    xmlschema = pytest.importorskip("xmlschema")
    z = zipfile.ZipFile(xlam)
    ui14 = z.read("customUI/customUI14.xml").decode()
    ui06 = z.read("customUI/customUI.xml").decode()
    xmlschema.XMLSchema(str(SCHEMAS / "customui14.xsd")).validate(ui14)
    schema06 = xmlschema.XMLSchema(str(SCHEMAS / "customUI.xsd"))
    schema06.validate(ui06)
    assert not schema06.is_valid(ui14)  # the 2006 schema is not satisfied by the 2009 namespace
    rels = {r.get("Target"): r.get("Type") for r in ET.fromstring(z.read("_rels/.rels"))}
    assert rels["customUI/customUI14.xml"] == "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
    assert rels["customUI/customUI.xml"] == "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"

    def controls(xml, ns):
        root = ET.fromstring(xml)
        return [(e.tag.split("}")[1], e.get("id"), e.get("label"), e.get("onAction")) for e in root.iter()
                if e.tag.startswith("{" + ns) and e.get("id")]

    assert controls(ui06, ribbon.NS_2006) == controls(ui14, ribbon.NS)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_opens_the_addin(xlam, tmp_path):
    subprocess.run(["soffice", "--headless", "--infilter=Calc MS Excel 2007 VBA XML", "--convert-to", "csv",
                    "--outdir", str(tmp_path), str(xlam)], check=True, capture_output=True, timeout=180,
                   env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert (tmp_path / "jixiao.csv").read_text(encoding="utf-8").strip() == "UDF Modules,jixiao.udfs.xl"


# --- xlwings' VBA config lookup, ported --------------------------------------------------------------

class VbaError(Exception):
    pass


def _cstr(v) -> str:
    """CStr of a cell's Value (Empty → "")."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "True" if v else "False"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _end_xl_down(col: dict, row: int, last: int = 1_048_576) -> int:
    """Range("A<row>").End(xlDown): the end of a filled block, else the next filled cell (else the last row)."""
    filled = lambda r: _cstr(col.get(r)) != ""  # noqa: E731
    if filled(row) and filled(row + 1):
        while filled(row + 1):
            row += 1
        return row
    row += 1
    while row < last and not filled(row):
        row += 1
    return row


def get_config_from_sheet(cells: dict) -> dict:
    """GetConfigFromSheet: keys UCase(A1 … lastCell), values the cells beside them; d.Add fails on a repeat."""
    col_a = {r: v for (r, c), v in cells.items() if c == 1}
    last = 1 if _cstr(col_a.get(2)) == "" else _end_xl_down(col_a, 1)
    d = {}
    for r in range(1, last + 1):
        key = _cstr(col_a.get(r)).upper()
        if key in d:
            raise VbaError("457: This key is already associated with an element of this collection")
        d[key] = cells.get((r, 2))
    return d


class _InputFile:
    """VBA's Open … For Input / Input # / EOF over bytes decoded in the ANSI code page."""

    def __init__(self, data: bytes, codepage: str):
        self.text, self.pos = data.decode(codepage, errors="replace"), 0

    def eof(self) -> bool:
        return self.pos >= len(self.text)

    def field(self) -> str:
        t, i = self.text, self.pos
        if i >= len(t):
            raise VbaError("62: Input past end of file")
        while i < len(t) and t[i] in " \t":
            i += 1
        if i < len(t) and t[i] == '"':
            j = t.find('"', i + 1)
            j = len(t) if j < 0 else j
            value, i = t[i + 1:j], j + 1
            while i < len(t) and t[i] in " \t":
                i += 1
        else:
            j = i
            while j < len(t) and t[j] not in ",\r\n":
                j += 1
            value, i = t[i:j].rstrip(" \t"), j
        if t.startswith("\r\n", i):
            i += 2
        elif i < len(t) and t[i] in ",\r\n":
            i += 1
        self.pos = i
        return value


def get_config_from_file(data: bytes | None, name: str, codepage: str) -> tuple[bool, str]:
    """GetConfigFromFile: Input # two fields at a time until LCase(sVarName) = LCase(sName)."""
    if data is None:  # FileExists(sFile) = False
        return False, ""
    f = _InputFile(data, codepage)
    while not f.eof():
        var_name, var_value = f.field(), f.field()
        if var_name.lower() == name.lower():
            return True, var_value
    return False, ""


def expand_environment_strings(s: str, env: dict) -> str:
    """WScript.Shell's ExpandEnvironmentStrings: %NAME% of a defined variable (any case) is replaced."""
    upper = {k.upper(): v for k, v in env.items()}
    return re.sub(r"%([^%]+)%", lambda m: upper.get(m.group(1).upper(), m.group(0)), s)


class XlwingsVba:
    """The add-in's runtime as it finds its settings: ActiveWorkbook sheet, ThisWorkbook sheet, directory, user."""

    def __init__(self, project_name, addin_cells, env, read_file, codepage="cp936", active_cells=None,
                 active_fullname=""):
        self.project_name, self.addin_cells, self.active_cells = project_name, addin_cells, active_cells
        # VBA's Environ converts to the ANSI code page: what it cannot hold comes back as "?"
        self.env = {k: v.encode(codepage, "replace").decode(codepage) for k, v in env.items()}
        self.read_file, self.codepage, self.active_fullname = read_file, codepage, active_fullname

    def config_file_path(self) -> str:  # GetConfigFilePath (Windows)
        return self.env.get("USERPROFILE", "") + "\\." + self.project_name + "\\" + self.project_name + ".conf"

    def get_config(self, config_key: str, default: str = "") -> str:
        for cells in (self.active_cells, self.addin_cells):  # Workbook Sheet Config, then Add-in Sheet Config
            if cells is not None:  # SheetExists(…, PROJECT_NAME & ".conf")
                d = get_config_from_sheet(cells)
                if config_key in d:  # Scripting.Dictionary: binary (case-sensitive) compare
                    return expand_environment_strings(_cstr(d[config_key]), self.env)
        if self.active_fullname:  # Directory Config
            directory = self.active_fullname[:self.active_fullname.rfind("\\") + 1]
            found, value = get_config_from_file(self.read_file(directory + "\\" + self.project_name + ".conf"),
                                                config_key, self.codepage)
            if found:
                return expand_environment_strings(value, self.env)
        found, value = get_config_from_file(self.read_file(self.config_file_path()), config_key, self.codepage)
        if found:  # User Config
            return expand_environment_strings(value, self.env)
        return expand_environment_strings(default, self.env)

    def run_python_interpreter(self) -> str:  # RunPython
        interpreter = self.get_config("INTERPRETER_WIN", "")
        return interpreter if interpreter != "" else self.get_config("INTERPRETER", "python")

    def udf_interpreter(self) -> str:  # XLPyCommand / XLPyLoadDLL
        python_win = self.get_config("INTERPRETER_WIN", "")
        return python_win if python_win != "" else self.get_config("INTERPRETER", "pythonw")

    def dll_folders(self) -> list[str]:  # XLPyLoadDLL: ParentFolder(PYTHON_WIN), ParentFolder(ParentFolder(…))
        def parent(folder: str) -> str:
            k = folder.rfind("\\") + 1  # InStrRev
            if k - 1 < 0:
                raise VbaError("5: Invalid procedure call or argument (Left$ with -1)")
            return folder[:k - 1]

        p = self.udf_interpreter()
        return [parent(p), parent(parent(p))]

    def udf_modules(self) -> str:  # GetUdfModules
        m = self.get_config("UDF MODULES")
        return m[:-1] if m.endswith(";") else m


def _sheet_cells(xlam: Path, sheet_name: str) -> dict | None:
    """{(row, col): value} of a sheet as Excel loads it (shared and inline strings, booleans, numbers)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    r_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(xlam) as z:
        wb = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        sheet = next((s for s in wb.iterfind(".//m:sheet", ns) if s.get("name") == sheet_name), None)
        if sheet is None:
            return None
        target = next(r.get("Target") for r in rels if r.get("Id") == sheet.get(r_ns))
        sst = []
        if "xl/sharedStrings.xml" in z.namelist():
            sst = ["".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t"))
                   for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iterfind("m:si", ns)]
        cells = {}
        for c in ET.fromstring(z.read("xl/" + target)).iterfind(".//m:c", ns):
            m = re.fullmatch(r"([A-Z]+)(\d+)", c.get("r"))
            col = 0
            for ch in m.group(1):
                col = col * 26 + ord(ch) - 64
            v, t = c.find("m:v", ns), c.get("t")
            if t == "inlineStr":
                value = "".join(x.text or "" for x in c.iter(f"{{{ns['m']}}}t"))
            elif v is None:
                value = None
            elif t == "s":
                value = sst[int(v.text)]
            elif t == "b":
                value = v.text == "1"
            elif t in ("str", "e"):
                value = v.text
            else:
                value = float(v.text)
            cells[(int(m.group(2)), col)] = value
    return cells


def _project_name(xlam: Path) -> str:
    return re.search(r'PROJECT_NAME As String = "([^"]+)"', _modules(xlam)["xlwings"]).group(1)


def _windows_files(root: Path):
    """Read C:\\… paths from a folder standing in for the user's profile."""
    def read(path: str):
        if not path.startswith(str(root)):
            return None
        p = Path(str(root) + path[len(str(root)):].replace("\\", "/"))
        return p.read_bytes() if p.is_file() else None

    return read


@pytest.fixture()
def fake_python(monkeypatch):
    """The configured Python, as install's probe would report it on the office PC."""
    import xlwings

    seen = {"xlwings": xlwings.__version__, "jixiao": True, "bits": 64, "data_dirs": []}
    monkeypatch.setattr(install, "probe_python", lambda python, timeout=120: dict(seen))
    return seen


def test_installed_addin_resolves_the_configured_python(tmp_path, capsys, monkeypatch, fake_python):
    home = tmp_path / "张三"
    monkeypatch.setenv("USERPROFILE", str(home))
    target = tmp_path / "XLSTART"
    code, out, err = _cli(capsys, "addin", "install", "--dir", target, "--python", ZHANG.replace("\\", "/"))
    assert code == 0, err
    xlam = target / "jixiao.xlam"
    conf = home / ".jixiao" / "jixiao.conf"
    assert f"已安装：{xlam}" in out and f"已安装：{conf}" in out
    raw = conf.read_bytes()
    assert raw == f'"INTERPRETER_WIN","{ZHANG}"\r\n"UDF MODULES","jixiao.udfs.xl"\r\n'.encode("cp936")
    vba = XlwingsVba(_project_name(xlam), _sheet_cells(xlam, "jixiao.conf"), {"USERPROFILE": str(home)},
                     _windows_files(home))
    assert vba.config_file_path().endswith("\\.jixiao\\jixiao.conf")
    assert vba.run_python_interpreter() == ZHANG == vba.udf_interpreter()
    assert vba.dll_folders() == [ZHANG.rsplit("\\", 1)[0], ZHANG.rsplit("\\", 2)[0]]
    assert vba.udf_modules() == "jixiao.udfs.xl"
    assert vba.get_config("USE UDF SERVER", "False") == "False"  # defaults still apply
    # the user's workbook folder has no jixiao.conf; one there would be read before the user file, as in xlwings
    folder = tmp_path / "张三" / "文档"
    folder.mkdir()
    (folder / "jixiao.conf").write_bytes(b'"INTERPRETER_WIN","D:\\py\\python.exe"\r\n')
    vba.active_fullname = str(folder) + "\\自评表.xlsx"
    assert vba.run_python_interpreter() == "D:\\py\\python.exe"
    code, out = run_cli(capsys, "addin", "uninstall", "--dir", target)
    assert code == 0 and not xlam.exists() and not conf.exists() and "已卸载" in out


def test_the_port_reproduces_what_went_wrong_before(tmp_path):
    """Run over the base add-in's sheet (the previous build renamed it) and a UTF-8 file with UDF_MODULES."""
    cells = _sheet_cells(base_addin(), "_myaddin.conf")
    assert get_config_from_sheet(cells)["INTERPRETER_WIN"] is None  # an empty row is still a key
    home = tmp_path / "home"
    (home / ".jixiao").mkdir(parents=True)
    (home / ".jixiao" / "jixiao.conf").write_text(f'"INTERPRETER_WIN","{ZHANG}"\n"UDF_MODULES","jixiao.udfs.xl"\n',
                                                  encoding="utf-8")
    shadowed = XlwingsVba("jixiao", cells, {"USERPROFILE": str(home)}, _windows_files(home))
    assert shadowed.run_python_interpreter() == "python"  # whatever python is on PATH
    unshadowed = XlwingsVba("jixiao", None, {"USERPROFILE": str(home)}, _windows_files(home))
    garbled = unshadowed.run_python_interpreter()
    assert garbled != ZHANG and "张三" not in garbled  # UTF-8 read in cp936
    assert unshadowed.udf_modules() == ""  # UDF_MODULES is not the key xlwings asks for


def test_addin_sheet_has_only_keys_with_values(xlam):
    cells = _sheet_cells(xlam, "jixiao.conf")
    assert cells == {(1, 1): "UDF Modules", (1, 2): "jixiao.udfs.xl"}
    assert get_config_from_sheet(cells) == {"UDF MODULES": "jixiao.udfs.xl"}


def test_install_keeps_the_users_own_settings(tmp_path, capsys, monkeypatch, fake_python):
    home = tmp_path / "home"
    monkeypatch.setenv("USERPROFILE", str(home))
    conf = home / ".jixiao" / "jixiao.conf"
    conf.parent.mkdir(parents=True)
    conf.write_bytes('"SHOW CONSOLE","True"\r\n"UDF_MODULES","旧的"\r\n"INTERPRETER_WIN","C:\\旧\\python.exe"\r\n'
                     .encode("cp936"))
    code, _out = run_cli(capsys, "addin", "install", "--dir", tmp_path / "x", "--python", ZHANG)
    assert code == 0
    assert conf.read_bytes().decode("cp936") == \
        f'"SHOW CONSOLE","True"\r\n"INTERPRETER_WIN","{ZHANG}"\r\n"UDF MODULES","jixiao.udfs.xl"\r\n'
    vba = XlwingsVba("jixiao", _sheet_cells(tmp_path / "x" / "jixiao.xlam", "jixiao.conf"),
                     {"USERPROFILE": str(home)}, _windows_files(home))
    assert vba.get_config("SHOW CONSOLE") == "True" and vba.run_python_interpreter() == ZHANG
    run_cli(capsys, "addin", "uninstall", "--dir", tmp_path / "x")
    assert conf.read_bytes() == b'"SHOW CONSOLE","True"\r\n'  # the user's line stays


def test_install_refuses_a_path_the_code_page_cannot_hold(tmp_path, capsys, monkeypatch, fake_python):
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "home"))
    for bad in ("C:\\Users\\김민준\\python.exe", "C:\\Users\\Zoë🙂\\python.exe"):
        with pytest.raises(UnicodeEncodeError):
            bad.encode("cp936")
        code, _out, err = _cli(capsys, "addin", "install", "--dir", tmp_path / "x", "--python", bad)
        assert code != 0 and "代码页（cp936）无法表示" in err
        assert not (tmp_path / "x" / "jixiao.xlam").exists() and not (tmp_path / "home").exists()
    monkeypatch.setenv("USERPROFILE", "C:\\Users\\김민준")
    code, _out, err = _cli(capsys, "addin", "install", "--dir", tmp_path / "x", "--python", ZHANG)
    assert code != 0 and "配置文件路径" in err


def test_install_checks_the_configured_pythons_xlwings(tmp_path, capsys, monkeypatch, fake_python):
    import xlwings

    monkeypatch.setenv("USERPROFILE", str(tmp_path / "home"))
    fake_python["xlwings"] = "0.30.0"
    code, _out, err = _cli(capsys, "addin", "install", "--dir", tmp_path / "x", "--python", ZHANG)
    assert code != 0 and "xlwings 版本不一致" in err and xlwings.__version__ in err and "0.30.0" in err
    assert not (tmp_path / "x" / "jixiao.xlam").exists()
    fake_python.update(xlwings=None)
    assert "没有安装 xlwings" in _cli(capsys, "addin", "install", "--dir", tmp_path / "x", "--python", ZHANG)[2]
    fake_python.update(xlwings=xlwings.__version__, jixiao=False)
    assert "没有安装 jixiao" in _cli(capsys, "addin", "install", "--dir", tmp_path / "x", "--python", ZHANG)[2]
    monkeypatch.undo()
    code, _out, err = _cli(capsys, "addin", "install", "--dir", tmp_path / "x", "--python", str(tmp_path / "无"))
    assert code != 0 and "无法运行 --python 指定的 Python" in err


def test_probe_runs_the_configured_python(tmp_path):
    """The probe script, run in another interpreter process (a launcher of this venv's), reports xlwings and jixiao."""
    import sys

    import xlwings

    launcher = tmp_path / "python"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    launcher.chmod(0o755)
    info = install.probe_python(str(launcher))
    assert info["xlwings"] == xlwings.__version__ and info["jixiao"] is True and info["bits"] in (32, 64)
    assert info["data_dirs"]


def test_dll_warning_names_where_xlwings_looks():
    dlls = ["xlwings32-0.37.8.dll", "xlwings64-0.37.8.dll"]
    venv = "C:\\proj\\.venv\\Scripts\\pythonw.exe"
    assert install.dll_warning(venv, dlls, [], {"C:\\proj\\.venv\\xlwings64-0.37.8.dll"}.__contains__) is None
    user = "C:\\Users\\张三\\AppData\\Local\\Programs\\Python\\Python311\\pythonw.exe"
    roaming = "C:\\Users\\张三\\AppData\\Roaming\\Python"
    msg = install.dll_warning(user, dlls, [roaming], {roaming + "\\xlwings64-0.37.8.dll"}.__contains__)
    assert msg and roaming + "\\xlwings64-0.37.8.dll" in msg and "Python311" in msg and "--user" in msg


def test_interpreter_path_as_the_runtime_needs_it(tmp_path):
    assert install.interpreter_for("C:/Python311/python.exe") == "C:\\Python311\\python.exe"
    assert install.interpreter_for("\\\\server\\share\\py\\python.exe") == "\\\\server\\share\\py\\python.exe"


def test_which_office_the_pc_has():
    excel = {r"Excel.Application\CLSID": "{00024500-0000-0000-C000-000000000046}",
             r"CLSID\{00024500-0000-0000-C000-000000000046}\LocalServer32":
                 r"C:\Program Files\Microsoft Office\Root\Office16\EXCEL.EXE /automation"}
    assert install.detect_office(excel.get) == "excel"
    wps_compat = {**excel, r"CLSID\{00024500-0000-0000-C000-000000000046}\LocalServer32":
                  r"C:\Users\张三\AppData\Local\Kingsoft\WPS Office\12.1.0\office6\et.exe /automation"}
    assert install.detect_office(wps_compat.get) == "wps"  # WPS answering for Excel.Application
    assert install.detect_office({r"KET.Application\CLSID": "{x}"}.get) == "wps"
    assert install.detect_office({}.get) == "none"
    assert install.detect_office(lambda key: None) == "none"


def test_install_on_a_pc_without_excel_says_what_works(tmp_path, monkeypatch, fake_python):
    for kind, found in (("wps", "只有 WPS"), ("none", "没有找到 Microsoft Excel")):
        with pytest.raises(OSError) as e:
            install.install(None, ZHANG, office=kind)
        msg = str(e.value)
        assert found in msg and "原生公式" in msg and "命令行 jixiao" in msg and "未安装" in msg
    assert not list(tmp_path.iterdir())
