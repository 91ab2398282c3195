"""`jixiao addin install / uninstall`: put jixiao.xlam where Excel loads it without admin rights.

XLSTART (%APPDATA%\\Microsoft\\Excel\\XLSTART) opens every file in it at start-up; the user config file
%USERPROFILE%\\.jixiao\\jixiao.conf tells the add-in's xlwings runtime which Python to start and which
module holds the UDFs. Nothing outside the user's own profile is touched.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .xlam import PROJECT, build_xlam

ADDIN = f"{PROJECT}.xlam"


def default_dir() -> Path:
    appdata = os.environ.get("APPDATA")
    if sys.platform != "win32" or not appdata:
        raise OSError("自动安装只适用于 Windows 的 Excel；其他系统请用 --dir 指定加载项目录")
    return Path(appdata) / "Microsoft" / "Excel" / "XLSTART"


def config_path() -> Path:
    home = os.environ.get("USERPROFILE") or str(Path.home())
    return Path(home) / f".{PROJECT}" / f"{PROJECT}.conf"


def install(target_dir=None, python: str | None = None) -> list[Path]:
    target = Path(target_dir) if target_dir else default_dir()
    target.mkdir(parents=True, exist_ok=True)
    xlam = target / ADDIN
    build_xlam(xlam)
    conf = config_path()
    conf.parent.mkdir(parents=True, exist_ok=True)
    python = python or sys.executable
    pythonw = Path(python).with_name("pythonw.exe")
    interpreter = str(pythonw if pythonw.exists() else python)
    conf.write_text(f'"INTERPRETER_WIN","{interpreter}"\n"UDF_MODULES","jixiao.udfs.xl"\n', encoding="utf-8")
    return [xlam, conf]


def uninstall(target_dir=None) -> list[Path]:
    target = Path(target_dir) if target_dir else default_dir()
    removed = []
    for p in (target / ADDIN, config_path()):
        if p.exists():
            p.unlink()
            removed.append(p)
    return removed
