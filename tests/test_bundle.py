"""`jixiao addin bundle`: the offline installer's scripts, its assembly and the wheel of an installed jixiao.
The whole bundle against the real package index, resolved offline for win_amd64, is .ci/bundle-check."""

import subprocess
import sys
import zipfile
from importlib.metadata import PathDistribution
from pathlib import Path

import pytest
from jixiao.addin.excel import bundle as B


def _cli(capsys, *argv):
    from jixiao.addin.cli import main

    code = main([str(a) for a in argv])
    cap = capsys.readouterr()
    return code, cap.out + cap.err


def test_install_script_is_chinese_cmd_without_admin_or_network():
    text = B.install_cmd("3.11", 64)
    data = text.encode(B.CMD_CODEPAGE)  # cmd.exe reads a batch file in the OEM code page of a Chinese Windows
    assert data.decode("cp936") == text and "\n" not in text.replace("\r\n", "")
    assert '--no-index --find-links "%~dp0wheels" jixiao pywin32' in text
    assert "-m jixiao.addin.cli addin install" in text and r"%USERPROFILE%\jixiao-venv" in text
    assert "py -3.11-64" in text and "struct.calcsize('P')*8==64" in text
    assert "请联系单位信息中心（IT），安装 Python 3.11（64 位" in text  # no Python: what to ask IT for
    assert not any(w in text.lower() for w in ("runas", "net session", "--user", "http"))
    assert "py -3.12-32" in B.install_cmd("3.12", 32)
    un = B.uninstall_cmd()
    assert un.encode("cp936") and "addin uninstall" in un and 'rmdir /s /q "%VENV%"' in un


def test_bundle_is_assembled_from_pip(tmp_path, monkeypatch, capsys):
    calls = []

    def fake_run(cmd, what):  # pip wheel / pip download, as they leave their files
        calls.append(cmd)
        dest = Path(cmd[cmd.index("-w" if "wheel" in cmd else "-d") + 1])
        names = ["jixiao-0.1.0-py3-none-any.whl"] if "wheel" in cmd else [
            "xlwings-0.37.8-cp311-cp311-win_amd64.whl", "pywin32-312-cp311-cp311-win_amd64.whl"]
        for n in names:
            (dest / n).write_bytes(b"PK")

    monkeypatch.setattr(B, "_run", fake_run)
    code, said = _cli(capsys, "addin", "bundle", "-o", tmp_path / "离线安装包.zip", "--python-version", "3.12")
    assert code == 0 and "Python 3.12" in said, said
    download = next(c for c in calls if "download" in c)
    import xlwings

    assert download[download.index("--platform") + 1] == "win_amd64" and "--only-binary=:all:" in download
    assert download[download.index("--python-version") + 1] == "3.12"
    assert f"xlwings=={xlwings.__version__}" in download and "pywin32" in download
    z = zipfile.ZipFile(tmp_path / "离线安装包.zip")
    names = set(z.namelist())
    assert {"安装.cmd", "卸载.cmd", "说明.txt", "jixiao.xlam", "wheels/jixiao-0.1.0-py3-none-any.whl",
            "wheels/pywin32-312-cp311-cp311-win_amd64.whl"} <= names
    assert z.read("说明.txt").startswith(b"\xef\xbb\xbf") and "WPS" in z.read("说明.txt").decode("utf-8-sig")
    assert "py -3.12-64" in z.read("安装.cmd").decode("cp936")
    assert _cli(capsys, "addin", "bundle", "-o", tmp_path / "b.zip", "--platform", "win32",
                "--python-version", "3.11")[0] == 0
    assert "py -3.11-32" in zipfile.ZipFile(tmp_path / "b.zip").read("安装.cmd").decode("cp936")


def test_bundle_refuses_what_it_cannot_build(tmp_path, capsys):
    assert _cli(capsys, "addin", "bundle", "-o", tmp_path / "x.zip", "--python-version", "3.9")[0] == 2
    code, said = _cli(capsys, "addin", "bundle", "-o", tmp_path / "x.zip", "--python-version", "311")
    assert code == 2 and "3.11" in said
    assert _cli(capsys, "addin", "bundle", "-o", tmp_path / "x.tar")[0] == 2
    assert _cli(capsys, "addin", "bundle", "-o", tmp_path / "没有" / "x.zip")[0] == 2


def test_wheel_made_again_from_an_installed_jixiao(tmp_path):
    site = tmp_path / "site"
    files = {"jixiao/addin/__init__.py": b"", "jixiao/addin/cli.py": b"def main():\n    return 0\n",
             "jixiao/udfs/profiles/national.toml": b"id = \"national\"\n"}
    info = site / "jixiao-0.1.0.dist-info"
    info.mkdir(parents=True)
    for n, d in files.items():
        (site / n).parent.mkdir(parents=True, exist_ok=True)
        (site / n).write_bytes(d)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: jixiao\nVersion: 0.1.0\n")
    (info / "WHEEL").write_text("Wheel-Version: 1.0\nGenerator: x\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
    (info / "INSTALLER").write_text("pip\n")
    (info / "entry_points.txt").write_text("[console_scripts]\njixiao = jixiao.addin.cli:main\n")
    listed = [*files, "jixiao-0.1.0.dist-info/METADATA", "jixiao-0.1.0.dist-info/WHEEL",
              "jixiao-0.1.0.dist-info/INSTALLER", "jixiao-0.1.0.dist-info/entry_points.txt",
              "jixiao-0.1.0.dist-info/RECORD", "../../bin/jixiao"]
    (info / "RECORD").write_text("".join(f"{n},,\n" for n in listed))
    (tmp_path / "out").mkdir()
    whl = B.wheel_from_installed(tmp_path / "out", PathDistribution(info))
    names = zipfile.ZipFile(whl).namelist()
    assert set(files) <= set(names) and "jixiao-0.1.0.dist-info/INSTALLER" not in names
    assert not any(n.startswith("..") for n in names)
    done = subprocess.run([sys.executable, "-m", "pip", "--isolated", "install", "-q", "--no-deps", "--no-index",
                           "--target", str(tmp_path / "t"), str(whl)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr  # pip checks every RECORD hash
    assert (tmp_path / "t" / "jixiao" / "addin" / "cli.py").exists()


def test_no_installed_files_is_said_in_chinese(tmp_path):
    info = tmp_path / "jixiao-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: jixiao\nVersion: 0.1.0\n")
    (info / "RECORD").write_text("__editable__.jixiao-0.1.0.pth,,\n")
    with pytest.raises(OSError, match="源码目录"):
        B.wheel_from_installed(tmp_path, PathDistribution(info))
