"""The `jixiao` command's arguments: their types (checked once, before any file is read), the parser in
Chinese, what each command's exit status means, and the output names each command may write."""

from __future__ import annotations

import argparse
from pathlib import Path

from jixiao.udfs import JixiaoError


def _month(text: str) -> int:
    """`--month 7` (or 1-7月, 截至7月底): the monitored month, 1–12."""
    from jixiao.udfs.monitoring import month_of

    m = month_of(int(text) if text.strip().isdigit() else text)
    if m is None:
        raise argparse.ArgumentTypeError(f"监控月份“{text}”应为 1 到 12 的整数（如 --month 7 表示 1-7月）")
    return m


def _jobs(text: str) -> int:
    """`--jobs N`: at least one process."""
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"进程数“{text}”应为不小于 1 的整数（1 = 不并行）")
    return n


def _year(text: str) -> int:
    """`--year 2024`: the year a new form evaluates."""
    if not (text.strip().isdigit() and 1990 <= int(text) <= 2100):
        raise argparse.ArgumentTypeError(f"年度“{text}”应为四位数的年份（如 --year 2024）")
    return int(text)


def _profile(text: str) -> str:
    """`--profile ID` checked once, before any file is read: an unknown rule is one message, not one per file."""
    from jixiao.udfs import get_profile

    try:
        get_profile(text)
    except (JixiaoError, OSError, ValueError) as e:
        raise argparse.ArgumentTypeError(str(e)) from None
    return text


class _Version(argparse.Action):
    """--version, looked up only when asked (importlib.metadata costs a one-file check a tenth of its time)."""

    def __call__(self, parser, namespace, values, option_string=None):
        import sys

        print(f"jixiao {_version()}", file=sys.stdout)
        parser.exit()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jixiao")
    except PackageNotFoundError:  # run from a checkout that is not installed
        return "未安装"


# what each command's exit status means (also in README.md; tests/test_cli.py holds them to the code)
EXIT_CODES = {
    "score": "0 每个文件都已计分；1 有文件没有识别到自评表；2 有文件无法读取，或参数有误",
    "check": "0 没有错误（可以有提示）；1 至少一处错误；2 有文件无法读取，或参数有误",
    "recompute": "0 已写入；1 没有识别到自评表（未写入），或表中公式的结果是错误值；2 文件无法读取或写入，或参数有误",
    "summarize": "0 已写入汇总；2 没有可汇总的自评表（未写入），或参数有误",
    "report": "0 已生成报告；1 未生成报告（没有自评表、输出不是 .docx 或已存在等）；2 参数有误",
    "new": "0 已新建；2 未新建（输出已存在、清单有误、参数有误）",
    "finalize": "0 已导出定稿副本；1 有 JX_ 公式没有计算结果（已留空）；2 文件无法读取或写入，或参数有误",
    "addin": "0 完成；2 无法写入或参数有误",
    "profiles": "0",
}
COMMON_CODES = "3 内部错误（请把输入文件和提示发给维护人员）；130 被中断（Ctrl+C）"


def _epilog(command: str | None = None) -> str:
    if command:
        return f"退出码：{EXIT_CODES[command]}；{COMMON_CODES}"
    lines = [f"  {c:<10}{codes}" for c, codes in EXIT_CODES.items() if c != "profiles"]
    return "退出码：\n" + "\n".join(lines) + f"\n  所有命令  {COMMON_CODES}"


def build_parser() -> argparse.ArgumentParser:
    from .cli_parser import ChineseArgumentParser

    ap = ChineseArgumentParser(prog="jixiao", description="绩效自评助手：识别自评表、计分、重算、校验、汇总、起草报告",
                               epilog=_epilog())
    ap.add_argument("-V", "--version", action=_Version, nargs=0, help="显示版本号并退出")
    sub = ap.add_subparsers(dest="command", required=True, metavar="命令")
    prof = {"type": _profile, "metavar": "规则",
            "help": "计分规则（如 national、xinjiang 或规则文件 .toml）；默认用工作簿保存的规则，否则 national"}
    month = {"type": _month, "metavar": "N",
             "help": "监控表的监控月份 1-12（1-N月），优先于表中写明的；默认按表中所写（如“1-7月”“截至9月底”），未写时按规则（一般为 6）"}
    jobs = {"type": _jobs, "metavar": "N", "help": "同时处理的进程数（默认：CPU 核数；1 = 不并行）"}

    def command(name: str, help: str):
        return sub.add_parser(name, help=help, description=help, epilog=_epilog(name))

    p = command("score", "识别并计分，打印结果")
    p.add_argument("paths", nargs="+", metavar="路径", help="文件或文件夹")
    p.add_argument("--profile", **prof)
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--month", **month)
    p.add_argument("--jobs", **jobs)

    p = command("recompute", "把执行率、得分、总分、等级写入表格")
    p.add_argument("path", metavar="文件")
    g = p.add_mutually_exclusive_group()
    g.add_argument("-o", "--out", metavar="输出", help="输出文件（默认：原名_重算.xlsx；已存在则替换）")
    g.add_argument("--in-place", action="store_true", help="改写原文件（原子写入并保留 .bak 备份）")
    p.add_argument("--profile", **prof)
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--month", **month)
    p.add_argument("--fix-text-numbers", action="store_true",
                   help="把数字单元格里的文字（如 12.3万元）改写为数字（提示中给出原文）")

    p = command("check", "发送前校验；有错误时以 1 退出")
    p.add_argument("paths", nargs="*", metavar="路径", help="文件或文件夹")
    p.add_argument("--profile", **prof)
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--report-sheet", action="store_true", help="另存一份带“校验结果”工作表的副本")
    p.add_argument("--out-dir", metavar="文件夹", help="校验结果副本写入此文件夹，而不是原文件旁（隐含 --report-sheet）")
    p.add_argument("--rules-doc", action="store_true", help="打印全部校验规则的说明表（Markdown）")
    p.add_argument("--month", **month)
    p.add_argument("--jobs", **jobs)

    p = command("summarize", "把一个或多个文件夹的自评表汇总为一个工作簿")
    p.add_argument("paths", nargs="+", metavar="文件夹", help="文件夹或文件")
    p.add_argument("-o", "--out", required=True, metavar="汇总.xlsx", help="汇总工作簿（.xlsx）")
    p.add_argument("--profile", **prof)
    p.add_argument("--csv", metavar="文件.csv", help="另存主表为 CSV（UTF-8，Excel 可直接打开）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--jobs", **jobs)

    p = command("report", "根据自评表起草绩效自评报告（Word）")
    p.add_argument("paths", nargs="+", metavar="文件", help="自评表文件（可同时给出同一单位的基础数据表、监控表）")
    p.add_argument("-o", "--out", required=True, metavar="报告.docx", help="报告文件（.docx）")
    p.add_argument("--profile", **prof)
    p.add_argument("--kind", choices=("overall", "project"), help="报告类型：overall 部门整体，project 项目（默认按表格判断）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的输出文件")

    p = command("new", "按官方附件新建自评表")
    p.add_argument("id", nargs="?", metavar="模板", help="模板 id（jixiao new --list 列出）")
    p.add_argument("-o", "--out", metavar="文件.xlsx", help="新建的工作簿（.xlsx）")
    p.add_argument("--list", action="store_true", help="列出模板：id<TAB>中文标题")
    p.add_argument("--profile", **prof)
    p.add_argument("--year", type=_year, metavar="年度", help="表格年度（默认：自评表为上一年度，7 月起为本年度；监控表为本年度）")
    p.add_argument("--projects", metavar="清单", help="项目清单 .xlsx 或 .csv（项目名称, 主管部门, 实施单位, 年初预算数, …），每行一张表")
    p.add_argument("--from", dest="from_file", metavar="申报表.xlsx",
                   help="按绩效目标申报表新建：每个申报的项目一张表，带入表头、年度资金和指标（指标值、分值）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的输出文件")

    p = command("finalize", "定稿导出：另存发送用副本（JX_ 公式转为数值，去掉宏和指向加载项的链接）")
    p.add_argument("path", metavar="文件")
    p.add_argument("-o", "--out", metavar="输出.xlsx", help="输出文件（默认：原名_定稿.xlsx）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的输出文件")

    p = command("addin", "Excel 加载项：build 生成 .xlam，bundle 生成离线安装包，install / uninstall 安装到当前用户")
    p.add_argument("action", choices=("build", "bundle", "install", "uninstall"), metavar="操作",
                   help="build、bundle、install 或 uninstall")
    p.add_argument("-o", "--out", metavar="文件", help="build：jixiao.xlam；bundle：离线安装包.zip")
    p.add_argument("--platform", choices=("win_amd64", "win32"), default="win_amd64",
                   help="bundle：办公电脑 Python 的位数（默认 win_amd64 即 64 位）")
    p.add_argument("--python-version", metavar="X.Y", help="bundle：办公电脑的 Python 版本（默认与本机相同）")
    p.add_argument("--dir", metavar="文件夹", help="安装目录（默认 %%APPDATA%%\\Microsoft\\Excel\\XLSTART）")
    p.add_argument("--python", metavar="PYTHON", help="加载项使用的 Python（默认当前解释器）")

    p = command("profiles", "列出计分规则")
    return ap


# the output each command writes, by the suffix it must have (a workbook never goes under a .csv name)
SUFFIXES = {("new", "out"): (".xlsx",), ("summarize", "out"): (".xlsx",), ("summarize", "csv"): (".csv",),
            ("report", "out"): (".docx",), ("addin", "out"): (".xlam",), ("finalize", "out"): (".xlsx",)}


def output_suffix_error(args) -> str | None:
    """Why an output name does not fit what is written into it (said before any file is read), or None."""
    for (cmd, attr), allowed in SUFFIXES.items():
        value = getattr(args, attr, None) if args.command == cmd else None
        if cmd == "addin" and getattr(args, "action", None) == "bundle":
            allowed = (".zip",)
        if value and Path(value).suffix.lower() not in allowed:
            return (f"输出文件“{value}”应以 {' 或 '.join(allowed)} 结尾：jixiao {cmd} 写入的是"
                    f"{_WHAT[(cmd, attr)]}（请改为 {Path(value).with_suffix(allowed[0]).name}）")
    if args.command == "recompute" and args.out:
        src, out = Path(args.path).suffix.lower(), Path(args.out).suffix.lower()
        want = ".xlsx" if src == ".xls" else src
        if want in (".xlsx", ".xlsm") and out != want:
            return (f"输出文件“{args.out}”应以 {want} 结尾，与原文件的格式相同"
                    f"（请改为 {Path(args.out).with_suffix(want).name}）")
    return None


_WHAT = {("new", "out"): " Excel 工作簿", ("summarize", "out"): " Excel 工作簿", ("summarize", "csv"): " CSV 文本",
         ("report", "out"): " Word 文档", ("addin", "out"): " Excel 加载项或安装包", ("finalize", "out"): " Excel 工作簿"}


