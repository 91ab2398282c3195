"""The .xlam built on Linux: olevba reads every module back, each ribbon callback is a VBA Sub, each
JX_ function has a wrapper, the modules the VBA names import, the ribbon validates, LibreOffice opens it."""

import importlib
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import run_cli
from jixiao.addin.xlam import cfb_write, ovba_compress
from jixiao.udfs.functions import REGISTRY

olevba = pytest.importorskip("oletools.olevba")
SCHEMAS = Path(__file__).resolve().parents[2] / "shared" / "schemas"


@pytest.fixture(scope="module")
def xlam(tmp_path_factory):
    path = tmp_path_factory.mktemp("addin") / "jixiao.xlam"
    from jixiao.addin.cli import main

    assert main(["addin", "build", "-o", str(path)]) == 0
    return path


def _modules(path):
    parser = olevba.VBA_Parser(str(path))
    try:
        return {Path(name).stem: code for _f, _s, name, code in parser.extract_macros()}
    finally:
        parser.close()


def test_compressor_round_trips_long_repeats():
    for data in (b"a" * 5000, b"Attribute VB_Name = \"x\"\r\n" + b"ab" * 3000, bytes(range(256)) * 40,
                 os.urandom(4096), b""):
        assert olevba.decompress_stream(bytearray(ovba_compress(data))) == data


def test_cfb_writer_reads_back():
    import olefile

    streams = {"PROJECT": b"ID=x\r\n" * 10, "VBA/dir": b"\x01" * 5000, "VBA/small": b"abc", "VBA/empty": b""}
    blob = cfb_write(streams)
    ole = olefile.OleFileIO(blob)
    assert {"/".join(e): ole.openstream(e).read() for e in ole.listdir()} == streams


def test_modules_callbacks_and_wrappers(xlam):
    mods = _modules(xlam)
    assert {"xlwings", "RibbonMyAddin", "ThisWorkbook"} <= set(mods)
    ribbon = zipfile.ZipFile(xlam).read("customUI/customUI14.xml").decode()
    callbacks = set(re.findall(r'onAction="([^"]+)"', ribbon))
    subs = {m.group(1) for code in mods.values() for m in re.finditer(r"^Sub (\w+)\(control As IRibbonControl\)", code, re.M)}
    assert callbacks and callbacks <= subs
    for name in REGISTRY:
        assert re.search(rf"^Function {name}\(", mods["RibbonMyAddin"], re.M), name
    assert 'Public Const PROJECT_NAME As String = "jixiao"' in mods["xlwings"]
    assert all(ch.isascii() for ch in mods["RibbonMyAddin"])


def test_python_named_by_the_vba_imports(xlam):
    code = _modules(xlam)["RibbonMyAddin"]
    for module in set(re.findall(r'XLPy\.CallUDF\("([\w.]+)"', code)) | set(re.findall(r"import ([\w.]+) as", code)):
        importlib.import_module(module)
    from jixiao.addin.actions import ACTIONS
    from jixiao.addin.ribbon import buttons

    assert {b.tag for b in buttons()} <= set(ACTIONS)


def test_config_sheet_points_at_the_udf_module(xlam):
    from jixiao.addin.xlsx_reader import read_workbook

    conf = read_workbook(xlam).sheets[0]
    assert conf.name == "jixiao.conf" and (conf.value(6, 1), conf.value(6, 2)) == ("UDF Modules", "jixiao.udfs.xl")


@pytest.mark.skipif(not (SCHEMAS / "customui14.xsd").exists(), reason="shared/schemas not beside the repo")
def test_packaged_ribbon_validates(xlam):
    xmlschema = pytest.importorskip("xmlschema")
    ribbon = zipfile.ZipFile(xlam).read("customUI/customUI14.xml").decode()
    xmlschema.XMLSchema(str(SCHEMAS / "customui14.xsd")).validate(ribbon)
    rels = zipfile.ZipFile(xlam).read("_rels/.rels").decode()
    assert "ui/extensibility" in rels and "customUI14.xml" in rels


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_opens_the_addin(xlam, tmp_path):
    subprocess.run(["soffice", "--headless", "--infilter=Calc MS Excel 2007 VBA XML", "--convert-to", "csv",
                    "--outdir", str(tmp_path), str(xlam)], check=True, capture_output=True, timeout=180,
                   env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert "UDF Modules,jixiao.udfs.xl" in (tmp_path / "jixiao.csv").read_text(encoding="utf-8")


def test_install_and_uninstall_in_the_users_profile(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "home"))
    target = tmp_path / "XLSTART"
    code, out = run_cli(capsys, "addin", "install", "--dir", target, "--python", "C:/Python311/python.exe")
    assert code == 0 and (target / "jixiao.xlam").exists()
    conf = (tmp_path / "home" / ".jixiao" / "jixiao.conf").read_text(encoding="utf-8")
    assert '"INTERPRETER_WIN","C:/Python311/python.exe"' in conf and '"UDF_MODULES","jixiao.udfs.xl"' in conf
    code, out = run_cli(capsys, "addin", "uninstall", "--dir", target)
    assert code == 0 and not (target / "jixiao.xlam").exists() and "已卸载" in out
