"""`jixiao addin bundle -o 离线安装包.zip`: everything an office PC without internet needs, built on any PC that
reaches the package index (Linux too: the index serves Windows wheels to anyone who asks for them).

The zip holds ``wheels/`` (jixiao and every dependency as Windows wheels for one Python version; xlwings
pinned to the version the add-in is built from, since the add-in names that version's DLL; pywin32 named
explicitly, because pip evaluates a dependency's ``platform_system == "Windows"`` marker on the machine it
runs on, not for ``--platform``), the built ``jixiao.xlam``, ``安装.cmd`` / ``卸载.cmd`` and ``说明.txt``.

The .cmd files are in the ANSI/OEM code page of a Chinese Windows (cp936) with CRLF line ends, which is how
cmd.exe reads a batch file; 说明.txt is UTF-8 with a BOM, which Notepad recognises. Nothing needs an
administrator: a venv in the user's profile, ``pip install --no-index`` from the folder, ``addin install``.
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from jixiao.udfs.errors import InputError, InstallError

PLATFORMS = {"win_amd64": 64, "win32": 32}
EXTRA = ("pywin32",)  # Windows-only dependencies pip cannot see from another OS (see the module docstring)
CMD_CODEPAGE = "cp936"
VENV = r"%USERPROFILE%\jixiao-venv"


def default_python_version() -> str:
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def _run(cmd: list[str], what: str) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", errors="replace", check=False)
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-8:])
        raise InstallError("{what}失败：\n{tail}", what=what, tail=tail)


def source_root() -> Path | None:
    """The checkout jixiao runs from (an editable install), when there is one."""
    root = Path(__file__).resolve().parents[2]
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and 'name = "jixiao"' in pyproject.read_text(encoding="utf-8"):
        return root
    return None


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def wheel_from_installed(out_dir: Path, dist=None) -> Path:
    """jixiao's wheel made again from the installed files (installed from a wheel, no checkout at hand)."""
    from importlib import metadata

    dist = dist or metadata.distribution("jixiao")
    version = dist.version
    info = f"jixiao-{version}.dist-info"
    skip = {f"{info}/{n}" for n in ("RECORD", "INSTALLER", "REQUESTED", "direct_url.json")}
    entries: dict[str, bytes] = {}
    for f in dist.files or ():
        name = f.as_posix()
        if name.startswith("..") or "__pycache__" in name or name in skip or name.endswith(".pyc"):
            continue
        if name.startswith(("jixiao/", f"{info}/")):
            entries[name] = Path(f.locate()).read_bytes()
    if not any(n.startswith("jixiao/addin/") for n in entries):
        raise InstallError("找不到已安装的 jixiao 文件，无法生成安装包；请在 jixiao 源码目录中运行")
    entries.setdefault(f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: jixiao\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
    record = "".join(f"{n},{_record_hash(d)},{len(d)}\n" for n, d in entries.items()) + f"{info}/RECORD,,\n"
    out = out_dir / f"jixiao-{version}-py3-none-any.whl"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in entries.items():
            z.writestr(n, d)
        z.writestr(f"{info}/RECORD", record)
    return out


def jixiao_wheel(out_dir: Path) -> Path:
    root = source_root()
    if root is None:
        return wheel_from_installed(out_dir)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out_dir), str(root)], "生成 jixiao 的 wheel ")
    return next(out_dir.glob("jixiao-*.whl"))


def download_command(wheel: Path, dest: Path, platform: str, python_version: str) -> list[str]:
    import xlwings

    return [sys.executable, "-m", "pip", "download", "-q", "--only-binary=:all:", "--platform", platform,
            "--python-version", python_version, "--implementation", "cp", "-d", str(dest),
            str(wheel), f"xlwings=={xlwings.__version__}", *EXTRA]


def offline_check_command(wheels: Path, platform: str, python_version: str, target: Path) -> list[str]:
    """What proves the folder is enough: pip resolving jixiao from it alone (``--isolated``: no config or
    environment adds another index or folder)."""
    return [sys.executable, "-m", "pip", "--isolated", "install", "--dry-run", "--no-index", "--find-links",
            str(wheels), "--platform", platform, "--python-version", python_version, "--implementation", "cp",
            "--only-binary=:all:", "--target", str(target), "jixiao", *EXTRA]


def install_cmd(python_version: str, bits: int) -> str:
    v = python_version
    return "\r\n".join([
        "@echo off",
        "setlocal",
        "rem 绩效自评助手（jixiao）离线安装：不需要管理员权限，也不需要联网",
        'cd /d "%~dp0"',
        f'set "VENV={VENV}"',
        'set "PY="',
        f"rem 找 {bits} 位 Python {v}：先用 py 启动器，再找 PATH 上的 python",
        f"py -{v}-{bits} -c \"import sys\" >nul 2>nul && set \"PY=py -{v}-{bits}\"",
        "if not defined PY python -c \"import sys,struct; "
        f"sys.exit(0 if sys.version_info[:2]==({v.replace('.', ',')}) and struct.calcsize('P')*8=={bits} else 1)\" "
        '>nul 2>nul && set "PY=python"',
        "if not defined PY (",
        f"  echo 没有找到 {bits} 位的 Python {v}。",
        f"  echo 请联系单位信息中心（IT），安装 Python {v}（{bits} 位，Windows installer）：",
        "  echo 安装时选择“为当前用户安装”即可，不需要管理员权限。装好后重新双击本文件。",
        "  pause",
        "  exit /b 1",
        ")",
        "echo 正在为当前用户创建 Python 环境：%VENV%",
        '%PY% -m venv "%VENV%" || goto fail',
        "echo 正在从本文件夹安装 jixiao（不联网）……",
        f'"%VENV%\\Scripts\\python.exe" -m pip install --no-index --find-links "%~dp0wheels" jixiao {" ".join(EXTRA)} '
        "|| goto fail",
        '"%VENV%\\Scripts\\python.exe" -m jixiao.addin.cli addin install || goto fail',
        "echo.",
        "echo 安装完成。请关闭并重新打开 Excel，功能区会出现“绩效自评”选项卡。",
        "pause",
        "exit /b 0",
        ":fail",
        "echo.",
        "echo 安装没有完成。请把本窗口的内容截图发给维护人员。",
        "pause",
        "exit /b 1",
        ""])


def uninstall_cmd() -> str:
    return "\r\n".join([
        "@echo off",
        "setlocal",
        "rem 卸载绩效自评助手（jixiao）：去掉 Excel 加载项和它的 Python 环境",
        f'set "VENV={VENV}"',
        'if exist "%VENV%\\Scripts\\python.exe" "%VENV%\\Scripts\\python.exe" -m jixiao.addin.cli addin uninstall',
        'if exist "%VENV%" rmdir /s /q "%VENV%"',
        "echo 已卸载。请重新启动 Excel。",
        "pause",
        ""])


def readme(platform: str, python_version: str, bits: int, xlwings_version: str) -> str:
    return "\r\n".join([
        "绩效自评助手（jixiao）离线安装包",
        "",
        f"适用于：Windows 上的 Microsoft Excel（64 位或 32 位 Office 均可），需要 {bits} 位 Python {python_version}。",
        "",
        "安装：把整个文件夹复制到本机（路径中可以有中文），双击“安装.cmd”。",
        f"  它在 {VENV} 创建 Python 环境，只从本文件夹的 wheels 安装（不联网、不需要管理员权限），",
        "  再把加载项 jixiao.xlam 放进 Excel 的启动文件夹（XLSTART）。重新打开 Excel，出现“绩效自评”选项卡。",
        f"  没有 Python {python_version} 时，“安装.cmd”会提示：请信息中心安装 Python {python_version}（{bits} 位，为当前用户安装）。",
        "",
        "卸载：双击“卸载.cmd”。",
        "",
        "只有 WPS、没有 Microsoft Excel 的电脑：加载项不能用（WPS 个人版没有 VBA）；",
        "  模板里的原生公式照常计算，命令行 jixiao（score / check / recompute / finalize）照常可用。",
        "",
        "安全软件（360、天擎、火绒）提示时：加载项不含自动运行的宏（oletools 的 mraptor 判定为 Macro OK），",
        "  可请信息中心把 %APPDATA%\\Microsoft\\Excel\\XLSTART 设为受信任位置。",
        "",
        f"内容：wheels\\（jixiao 及全部依赖，{platform}，Python {python_version}；xlwings {xlwings_version}）、",
        "  jixiao.xlam（安装时会按本机 xlwings 重新生成）、安装.cmd、卸载.cmd、说明.txt。",
        ""])


def bundle(out, platform: str = "win_amd64", python_version: str | None = None) -> dict:
    """Write the offline installer zip; returns {"output", "wheels": [file names], "python_version", "platform"}."""
    import xlwings

    from .xlam import build_xlam

    if platform not in PLATFORMS:
        raise InputError("--platform 只能是 {allowed}", allowed=" 或 ".join(PLATFORMS))
    python_version = python_version or default_python_version()
    parts = python_version.split(".")
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or (int(parts[0]), int(parts[1])) < (3, 11):
        raise InputError("--python-version 应写成 3.11 这样的“主版本.次版本”，且不低于 3.11（收到“{value}”）",
                         value=python_version)
    out = Path(out)
    if out.suffix.lower() != ".zip":
        raise InputError("{file}：安装包应为 .zip 文件", file=out.name)
    if not out.parent.is_dir():
        raise InputError("{file}：所在文件夹“{folder}”不存在", file=out, folder=out.parent)
    bits = PLATFORMS[platform]
    with tempfile.TemporaryDirectory(prefix="jixiao-bundle-") as d:
        d = Path(d)
        wheels = d / "wheels"
        wheels.mkdir()
        (d / "own").mkdir()
        own = jixiao_wheel(d / "own")
        _run(download_command(own, wheels, platform, python_version),
             f"从软件包索引下载 Windows（{platform}，Python {python_version}）的依赖")
        (wheels / own.name).write_bytes(own.read_bytes())
        xlam = d / "jixiao.xlam"
        build_xlam(xlam)
        files = {
            "安装.cmd": install_cmd(python_version, bits).encode(CMD_CODEPAGE),
            "卸载.cmd": uninstall_cmd().encode(CMD_CODEPAGE),
            "说明.txt": b"\xef\xbb\xbf" + readme(platform, python_version, bits, xlwings.__version__).encode("utf-8"),
        }
        names = sorted(p.name for p in wheels.iterdir())
        tmp = out.with_name(out.name + ".tmp")
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in files.items():
                z.writestr(name, data)
            z.write(xlam, "jixiao.xlam")
            for n in names:
                z.write(wheels / n, f"wheels/{n}")
        tmp.replace(out)
    return {"output": str(out), "wheels": names, "python_version": python_version, "platform": platform}
