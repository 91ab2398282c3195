"""`jixiao addin install / uninstall`: put jixiao.xlam where Excel loads it without admin rights.

XLSTART (%APPDATA%\\Microsoft\\Excel\\XLSTART) opens every file in it at start-up. The add-in's xlwings
runtime looks each setting up in its own ``jixiao.conf`` sheet first (which holds only ``UDF Modules``,
see :mod:`jixiao.addin.excel.xlam`), then in ``jixiao.conf`` beside the active workbook, then in the user file
%USERPROFILE%\\.jixiao\\jixiao.conf, which this module writes as xlwings' VBA reads it:

- one ``"KEY","value"`` line per setting (VBA's ``Write #`` format; ``Input #`` reads it back), keys as
  the runtime asks for them (``INTERPRETER_WIN``, ``UDF MODULES``), CRLF line ends;
- in the ANSI code page (cp936 on a Chinese-locale Windows): VBA's ``Open … For Input`` decodes bytes
  with it, so ``C:\\Users\\张三\\…`` comes back exactly. A path the code page cannot hold is refused —
  VBA's file functions and ``LoadLibraryA`` could not open it either.

The add-in calls the xlwings DLL of the xlwings version it was built from (``xlwings64-<version>.dll``).
The install builds from the xlwings installed here and checks that the Python it configures has the same
version (and jixiao), refusing with a Chinese message when they differ.
"""

from __future__ import annotations

import json
import locale
import os
import re
import subprocess
import sys
from pathlib import Path, PureWindowsPath

from jixiao.udfs.errors import InstallError

from .xlam import PROJECT, UDF_MODULE, build_xlam

ADDIN = f"{PROJECT}.xlam"
KEYS = ("INTERPRETER_WIN", "UDF MODULES")
_OURS = {k.lower() for k in KEYS} | {"udf_modules"}  # UDF_MODULES: what earlier versions wrote
DEFAULT_CODEPAGE = "cp936"  # the office PCs: Chinese-locale Windows


def default_dir() -> Path:
    appdata = os.environ.get("APPDATA")
    if sys.platform != "win32" or not appdata:
        raise InstallError("自动安装只适用于 Windows 的 Excel；其他系统请用 --dir 指定加载项目录")
    return Path(appdata) / "Microsoft" / "Excel" / "XLSTART"


def config_path() -> Path:
    home = os.environ.get("USERPROFILE") or str(Path.home())
    return Path(home) / f".{PROJECT}" / f"{PROJECT}.conf"


def ansi_codepage() -> str:
    """The code page VBA converts file text and file names with: Windows' ANSI code page (GetACP)."""
    if sys.platform == "win32":
        return locale.getencoding()  # the ANSI code page, even in Python's UTF-8 mode
    return DEFAULT_CODEPAGE


def _windows_like(path: str) -> bool:
    return sys.platform == "win32" or bool(re.match(r"^(?:[A-Za-z]:[\\/]|\\\\)", path))


def interpreter_for(python: str) -> str:
    """The interpreter to configure: backslashes (the runtime splits folders at "\\"), pythonw.exe if beside it."""
    if not _windows_like(python):
        return python
    p = PureWindowsPath(python)
    if p.name.lower() == "python.exe" and Path(str(p.with_name("pythonw.exe"))).exists():
        p = p.with_name("pythonw.exe")
    return str(p)


def _check_codepage(what: str, text: str, codepage: str) -> None:
    bad = []
    for ch in text:
        try:
            ch.encode(codepage)
        except UnicodeEncodeError:
            bad.append(ch)
    if bad:
        raise InstallError("{what}“{text}”含有当前 Windows 代码页（{codepage}）无法表示的字符“{items}”，Excel 的 VBA 读不出这样的路径。请把 Python 安装到只含英文、数字或中文的路径（如 C:\\Python311）后重试", what=what, text=text, codepage=codepage, items=''.join(dict.fromkeys(bad)))


def config_text(settings: dict[str, str], existing: str = "") -> str:
    """The user config file's text: other users' settings kept, ours (in ``KEYS`` order) replaced."""
    kept = []
    for line in existing.splitlines():
        m = re.match(r'\s*"([^"]*)"', line)
        if line.strip() and not (m and m.group(1).lower() in _OURS | {k.lower() for k in settings}):
            kept.append(line)
    ours = [f'"{k}","{v}"' for k, v in settings.items()]
    return "".join(line + "\r\n" for line in kept + ours)


def write_config(settings: dict[str, str], codepage: str | None = None, path: Path | None = None) -> Path:
    codepage = codepage or ansi_codepage()
    path = path or config_path()
    _check_codepage("配置文件路径", str(path), codepage)
    for k, v in settings.items():
        if '"' in v:
            raise InstallError("{k} 的值不能含有双引号：{v}", k=k, v=v)
        _check_codepage("Python 路径" if k == "INTERPRETER_WIN" else k, v, codepage)
    existing = ""
    if path.exists():
        existing = path.read_bytes().decode(codepage, errors="replace")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(config_text(settings, existing).encode(codepage))
    tmp.replace(path)
    return path


# --- the configured Python: its xlwings version, jixiao, and where the runtime looks for the DLL -------

PROBE = r"""
import json, os, struct, sys, sysconfig
out = {"executable": sys.executable, "bits": struct.calcsize("P") * 8, "xlwings": None, "jixiao": False}
try:
    import xlwings
    out["xlwings"] = xlwings.__version__
except Exception:
    pass
try:
    import jixiao.udfs.xl  # noqa: F401
    out["jixiao"] = True
except Exception:
    pass
dirs = {sys.prefix, sys.base_prefix}
for scheme in sysconfig.get_scheme_names():
    try:
        dirs.add(sysconfig.get_path("data", scheme))
    except Exception:
        pass
out["data_dirs"] = sorted(d for d in dirs if d)
result = out
"""


def probe_python(python: str, timeout: float = 120) -> dict:
    """What ``python`` has: {"xlwings": version or None, "jixiao": bool, "bits", "data_dirs"}; OSError if it cannot run."""
    if not python or os.path.normcase(os.path.abspath(python)) == os.path.normcase(os.path.abspath(sys.executable)):
        ns: dict = {}
        exec(PROBE, ns)
        return ns["result"]
    try:
        done = subprocess.run([python, "-c", PROBE + "\nprint(json.dumps(result))"], capture_output=True,
                              timeout=timeout, text=True, encoding="utf-8", errors="replace", check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise InstallError("无法运行 --python 指定的 Python（{python}）：{e}", python=python, e=e) from None
    if done.returncode != 0:
        raise InstallError("--python 指定的 Python（{python}）运行出错：{value}", python=python, value=done.stderr.strip()[-500:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def check_python(python: str, info: dict, built_for: str) -> None:
    """Refuse (Chinese OSError) a Python without jixiao or whose xlwings is not the version the add-in calls."""
    if not info.get("xlwings"):
        raise InstallError("{python} 中没有安装 xlwings：请先在该 Python 中安装 jixiao 及其依赖（见 README）", python=python)
    if info["xlwings"] != built_for:
        raise InstallError(
            "xlwings 版本不一致：加载项按本机 xlwings {built_for} 生成，调用 xlwings64-{built_for}.dll；而 {python} 中的 xlwings 是 {value}，它的 DLL 名称不同，Excel 将无法启动 Python。请用该 Python 运行安装（{python} -m jixiao.addin.cli addin install），或在其中执行 pip install xlwings=={built_for}", built_for=built_for, python=python, value=info['xlwings'])
    if not info.get("jixiao"):
        raise InstallError("{python} 中没有安装 jixiao（import jixiao.udfs.xl 失败）：请先在该 Python 中安装 jixiao", python=python)


def _parent(path: str) -> str:
    """VBA's ParentFolder: everything before the last backslash."""
    return path[:path.rfind("\\")] if "\\" in path else os.path.dirname(path)


def dll_warning(interpreter: str, dlls: list[str], data_dirs: list[str], exists=os.path.exists) -> str | None:
    """None when the runtime's XLPyLoadDLL finds the DLL (beside the interpreter or one folder up), else a hint."""
    sep = "\\" if "\\" in interpreter else os.sep
    looked = [_parent(interpreter), _parent(_parent(interpreter))]
    if any(exists(d + sep + n) for d in looked for n in dlls):
        return None
    found = [d + sep + n for d in data_dirs for n in dlls if exists(d + sep + n)]
    where = f"它在 {found[0]}" if found else "本机也没有找到它"
    return (f"JX_ 函数需要 {' 或 '.join(dlls)} 位于 {looked[0]} 或 {looked[1]}（xlwings 只在这两处查找），{where}。"
            "功能区按钮不受影响；要使用 JX_ 函数，请不带 --user 把 jixiao 装进虚拟环境（python -m venv），"
            "或把该 DLL 复制到上述目录之一")


# --- which spreadsheet program the PC has -------------------------------------------------------------

def _registry_default(key: str) -> str | None:
    """The default value of HKEY_CLASSES_ROOT\\``key`` (None when absent or off Windows)."""
    try:
        import winreg
    except ImportError:
        return None
    try:
        return winreg.QueryValue(winreg.HKEY_CLASSES_ROOT, key)
    except OSError:
        return None


def detect_office(read=_registry_default) -> str:
    """"excel" when Microsoft Excel serves ``Excel.Application``; "wps" when only WPS does (WPS registers
    ``KET.Application``, and with its compatibility switch takes over ``Excel.Application`` with et.exe);
    "none" otherwise."""
    clsid = read(r"Excel.Application\CLSID")
    server = (read(rf"CLSID\{clsid}\LocalServer32") or "") if clsid else ""
    low = server.lower()
    if "excel.exe" in low:
        return "excel"
    if read(r"KET.Application\CLSID") or any(w in low for w in ("et.exe", "wps", "kingsoft")):
        return "wps"
    return "none"


def no_excel_message(kind: str) -> str:
    found = "这台电脑只有 WPS，没有 Microsoft Excel" if kind == "wps" else "这台电脑上没有找到 Microsoft Excel"
    return (f"{found}：绩效自评加载项（VBA 与 xlwings）只能在 Microsoft Excel 中运行（WPS 个人版没有 VBA），未安装。"
            "这里照常可用的是：模板中的原生公式（执行率、得分、总分、等级在 WPS 中打开即计算）和命令行 jixiao"
            "（score、check、recompute、finalize、report、summarize）。已装有 Excel 而仍看到这句话时，"
            "可用 --dir 指定 XLSTART 文件夹安装")


def install(target_dir=None, python: str | None = None, *, codepage: str | None = None,
            office: str | None = None) -> list[Path]:
    """Build the add-in into ``target_dir`` (default XLSTART) and write the user config naming ``python``.

    Into the default folder on Windows only where Microsoft Excel is installed (``office``: what
    :func:`detect_office` found, given by tests); elsewhere it says what works there instead."""
    import xlwings

    if office is None and target_dir is None and sys.platform == "win32":
        office = detect_office()
    if office in ("wps", "none"):
        raise InstallError("{message}", message=no_excel_message(office))
    codepage = codepage or ansi_codepage()
    python = python or sys.executable
    interpreter = interpreter_for(python)
    _check_codepage("Python 路径", interpreter, codepage)
    _check_codepage("配置文件路径", str(config_path()), codepage)
    info = probe_python(python)
    check_python(python, info, xlwings.__version__)
    target = Path(target_dir) if target_dir else default_dir()
    target.mkdir(parents=True, exist_ok=True)
    xlam = target / ADDIN
    built = build_xlam(xlam)
    if built["xlwings_version"] != info["xlwings"]:  # the add-in is what decides; check it, not our assumption
        xlam.unlink()
        check_python(python, info, built["xlwings_version"])
    if _windows_like(interpreter):
        warning = dll_warning(interpreter, built["dlls"], info.get("data_dirs", []))
        if warning:
            print(f"⚠ {warning}", file=sys.stderr)
    conf = write_config({"INTERPRETER_WIN": interpreter, "UDF MODULES": UDF_MODULE}, codepage)
    return [xlam, conf]


def uninstall(target_dir=None, codepage: str | None = None) -> list[Path]:
    """Remove the add-in and our settings; the user config file goes too unless it holds settings of the user's."""
    target = Path(target_dir) if target_dir else default_dir()
    removed = []
    xlam = target / ADDIN
    if xlam.exists():
        xlam.unlink()
        removed.append(xlam)
    conf = config_path()
    if conf.exists():
        codepage = codepage or ansi_codepage()
        rest = config_text({}, conf.read_bytes().decode(codepage, errors="replace"))
        if rest:
            conf.write_bytes(rest.encode(codepage, errors="replace"))
        else:
            conf.unlink()
        removed.append(conf)
    return removed
