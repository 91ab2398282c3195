"""The `jixiao` command as a clerk meets it: Chinese help and errors (argparse's own text included), a version,
arguments checked once before any file, results on stdout and messages on stderr, exit codes said in --help
and README, a closing tally over a folder, output names that fit what is written — and every command the
README shows, run as written."""

import re
import shlex
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from jixiao.addin import cli
from jixiao.addin.cli import EXIT_CODES, build_parser, main
from openpyxl import Workbook

ROOT = Path(__file__).parent.parent
SAMPLES = ROOT / "templates" / "samples"
ENGLISH = ("usage:", "positional arguments", "options:", "optional arguments", "show this help", "error",
           "the following arguments", "invalid choice", "unrecognized", "expected one argument", "version number")


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    got = capsys.readouterr()
    return code, got.out, got.err


def _subparsers():
    ap = build_parser()
    sub = next(a for a in ap._actions if a.dest == "command")
    return ap, sub.choices


def test_help_is_chinese_everywhere_and_gives_exit_codes():
    ap, subs = _subparsers()
    assert set(subs) == set(EXIT_CODES)
    for name, parser in [("jixiao", ap), *subs.items()]:
        text = parser.format_help()
        assert not [w for w in ENGLISH if w in text.lower()], (name, text)
        assert text.startswith("用法：") and "选项：" in text and "显示本帮助并退出" in text, name
        assert "退出码" in text, name
    main_help = ap.format_help()
    for name, codes in EXIT_CODES.items():
        assert codes in subs[name].format_help()
        if name != "profiles":
            assert codes in main_help
    assert "有错误时以 1 退出" in subs["check"].format_help()


@pytest.mark.parametrize("argv, said", [
    ([], "缺少必需的参数：命令"),
    (["report", "a.xlsx"], "缺少必需的参数：-o/--out"),
    (["addin", "frobnicate"], "无效的取值 frobnicate"),
    (["score", "a.xlsx", "--bogus"], "无法识别的参数：--bogus"),
    (["score", "a.xlsx", "--month", "13"], "监控月份“13”"),
    (["new", "project", "--year", "明年"], "年度“明年”应为四位数的年份"),
    (["score", "a.xlsx", "--jobs", "0"], "进程数“0”应为不小于 1 的整数"),
    (["check", "a.xlsx", "--jobs", "-2"], "进程数“-2”"),
    (["summarize", "d", "-o", "s.xlsx", "--jobs", "x"], "进程数“x”"),
    (["recompute", "a.xlsx", "-o", "b.xlsx", "--in-place"], "不能与参数 -o/--out 同时使用"),
])
def test_argument_errors_are_chinese(capsys, argv, said):
    with pytest.raises(SystemExit) as ex:
        main(argv)
    got = capsys.readouterr()
    assert ex.value.code == 2 and got.out == ""
    assert said in got.err and "错误：" in got.err and got.err.startswith("用法：jixiao"), got.err
    assert not [w for w in ENGLISH if w in got.err.lower()], got.err


def test_version(capsys):
    with pytest.raises(SystemExit) as ex:
        main(["--version"])
    assert ex.value.code == 0 and capsys.readouterr().out == f"jixiao {version('jixiao')}\n"


def test_argparse_is_left_as_it_was_for_everyone_else():
    import argparse

    build_parser().format_help()
    assert "usage:" in argparse.ArgumentParser(prog="x").format_help()


def test_unknown_profile_fails_once_before_any_file(tmp_path, capsys, monkeypatch):
    for n in range(3):
        shutil.copy(SAMPLES / "seed001_基础数据表.xlsx", tmp_path / f"{n}.xlsx")
    read = []
    monkeypatch.setattr(cli.pipeline, "expand_paths", lambda paths: read.append(paths) or [])
    for cmd in (["score", tmp_path], ["check", tmp_path], ["summarize", tmp_path, "-o", tmp_path / "s.xlsx"],
                ["recompute", tmp_path / "0.xlsx"], ["report", tmp_path, "-o", tmp_path / "r.docx"],
                ["new", "project", "-o", tmp_path / "n.xlsx"]):
        with pytest.raises(SystemExit) as ex:
            main([str(a) for a in cmd] + ["--profile", "nosuch"])
        err = capsys.readouterr().err
        assert ex.value.code == 2 and err.count("未知的计分规则“nosuch”") == 1, (cmd, err)
    assert read == [] and not (tmp_path / "s.xlsx").exists() and not (tmp_path / "n.xlsx").exists()


@pytest.mark.parametrize("argv, said", [
    (["new", "project", "-o", "{d}/x.csv"], "应以 .xlsx 结尾"),
    (["summarize", "{s}", "-o", "{d}/汇总.csv"], "应以 .xlsx 结尾"),
    (["summarize", "{s}", "-o", "{d}/汇总.xlsx", "--csv", "{d}/主表.xlsx"], "应以 .csv 结尾"),
    (["report", "{s}/seed003_项目支出绩效自评表.xlsx", "-o", "{d}/报告.pdf"], "应以 .docx 结尾"),
    (["recompute", "{s}/seed003_待重算.xlsx", "-o", "{d}/重算.csv"], "应以 .xlsx 结尾"),
    (["addin", "build", "-o", "{d}/jixiao.zip"], "应以 .xlam 结尾"),
])
def test_output_names_fit_what_is_written(tmp_path, capsys, argv, said):
    code, out, err = run(capsys, *(a.format(d=tmp_path, s=SAMPLES) for a in argv))
    assert code == (1 if argv[0] == "report" else 2) and out == "" and said in err and "请改为" in err
    assert list(tmp_path.iterdir()) == []


def _mixed_folder(tmp_path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(SAMPLES / "seed004_部门整体支出绩效自评表.xlsx", d / "好.xlsx")
    (d / "坏.xlsx").write_bytes(b"not a zip")
    wb = Workbook()
    wb.active.append(["品名", "数量"])
    wb.save(d / "清单.xlsx")
    return d


def test_results_on_stdout_messages_on_stderr(tmp_path, capsys):
    d = _mixed_folder(tmp_path)
    code, out, err = run(capsys, "score", d)
    assert code == 2 and "好.xlsx" in out and "坏.xlsx" not in out and "清单.xlsx" not in out and "✗" not in out
    assert "坏.xlsx" in err and "清单.xlsx：没有识别到自评表" in err
    assert out.rstrip().splitlines()[-1] == "共 3 个文件：计分 1 张表；1 个没有识别到自评表；1 个无法读取"

    code, out, err = run(capsys, "check", d, "--jobs", "1")
    assert code == 1 and "好.xlsx" in out and "坏.xlsx" not in out and "坏.xlsx" in err  # seed 004's 错误 first
    assert re.fullmatch(r"共校验 3 个文件：错误 \d+ 处，提示 \d+ 处；\d+ 个文件未发现问题；1 个无法读取",
                        out.rstrip().splitlines()[-1])

    code, out, err = run(capsys, "summarize", d, "-o", tmp_path / "汇总.xlsx", "--jobs", "2")
    assert code == 0 and "已汇总 1 张表" in out and "1 个无法读取" in out  # the tally
    assert "坏.xlsx" not in out and "无法读取：" in err and "坏.xlsx" in err

    code, out, err = run(capsys, "score", d, "--json")
    assert out.startswith("{") and err == ""


def test_one_file_has_no_tally(capsys):
    code, out, _err = run(capsys, "check", SAMPLES / "seed004_部门整体支出绩效自评表.xlsx")
    assert code in (0, 1) and "共校验" not in out


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    cmds = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if ".venv/bin/jixiao" in line:
                cmds.append(line[line.index(".venv/bin/jixiao"):])  # after the setup (venv, pip install)
    return cmds


def test_readme_lists_the_exit_codes():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, codes in EXIT_CODES.items():
        assert f"`{name}`" in text and codes in text, name


def test_readme_commands_run_as_written(tmp_path):
    """Each `.venv/bin/jixiao …` line of README.md, run by the shell from the checkout (outputs under /tmp/
    moved into a temporary folder, so parallel runs never share them)."""
    cmds = _readme_commands()
    assert len(cmds) >= 10
    exe = Path(sys.executable).parent / "jixiao"
    work = tmp_path / "checkout"  # the commands' folder: the checkout's inputs, never its tree written into
    work.mkdir()
    for name in ("templates", "README.md"):
        (work / name).symlink_to(ROOT / name)
    for cmd in cmds:
        line = cmd.replace("/tmp/", f"{tmp_path}/").replace(".venv/bin/jixiao", shlex.quote(str(exe)), 1)
        res = subprocess.run(["bash", "-c", line], cwd=work, capture_output=True, text=True, timeout=600)
        allowed = (0, 1) if " check " in f"{cmd} " and "--rules-doc" not in cmd else (0,)  # check: 1 = 错误 found
        assert res.returncode in allowed, (cmd, res.stdout[-2000:], res.stderr[-2000:])
        assert "Traceback" not in res.stderr and "内部错误" not in res.stderr, cmd
        assert res.stdout.strip(), cmd
