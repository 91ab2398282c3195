"""The `jixiao` command. Its names, options and JSON shapes are a contract other tools parse."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path

from jixiao.udfs import PROFILES, JixiaoError

from .app import pipeline
from .ooxml.package import why
from .render import text

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def _print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


def _stream_files_json(texts) -> None:
    """`{"files": [...]}` exactly as json.dumps(indent=2) lays it out, written one file's text at a time."""
    out = sys.stdout
    first = True
    for t in texts:
        out.write('{\n  "files": [\n' if first else ",\n")
        out.write(t)
        first = False
    out.write('{\n  "files": []\n}\n' if first else "\n  ]\n}\n")


def _no_workbooks(paths) -> bool:
    print("✗ 没有找到要处理的工作簿（.xlsx/.xlsm/.xls）：" + "、".join(map(str, paths)), file=sys.stderr)
    return True


def cmd_score(args) -> int:
    from .app import batch
    from .app import jobs as J

    paths = pipeline.expand_paths(args.paths)
    errors = no_form = forms = 0
    con = None if args.json else text.console()
    results = batch.for_each(J.score_one, paths, args.jobs, "计分中", profile=args.profile, month=args.month,
                             as_json=args.json)

    def tally(results):
        nonlocal errors, no_form, forms
        for r in results:
            if args.json:
                r = J.score_entry(r)
                errors, no_form = errors + r.error, no_form + r.no_form
            else:
                r = J.as_workbook(r)
                errors, no_form = errors + bool(r.error), no_form + (not r.error and not r.forms)
                forms += len(r.forms)
            yield r

    if args.json:
        _stream_files_json(r.text for r in tally(results))
    else:
        for r in tally(results):
            text.print_workbook(r, con)
        if _is_folder_run(args.paths, paths):
            print(f"共 {len(paths)} 个文件：计分 {forms} 张表" + (f"；{no_form} 个没有识别到自评表" if no_form else "")
                  + (f"；{errors} 个无法读取" if errors else ""))
    if not paths and _no_workbooks(args.paths):
        return EXIT_BAD_INPUT
    if errors:
        return EXIT_BAD_INPUT
    return EXIT_FINDINGS if no_form else EXIT_OK


def _is_folder_run(given, paths) -> bool:
    """A folder or several files: the run ends with a tally (one file's output speaks for itself)."""
    return len(paths) > 1 or any(Path(p).is_dir() for p in given)


def cmd_check(args) -> int:
    if args.rules_doc:
        from .render.checks_doc import rules_markdown

        sys.stdout.write(rules_markdown())
        return EXIT_OK
    if not args.paths:
        print("请给出要校验的文件或文件夹", file=sys.stderr)
        return EXIT_BAD_INPUT
    from .app import batch
    from .app import jobs as J

    paths = pipeline.expand_paths(args.paths)
    targets = [_report_target(p, args) if (args.report_sheet or args.out_dir) else False for p in paths]
    any_error = bad = False
    counts = {"files": 0, "error": 0, "warning": 0, "unreadable": 0, "clean": 0}
    folder = len(paths) > 1  # several files: a declaration in one and its 自评表 in another are compared
    entries = batch.for_each(J.check_one, list(zip(paths, targets, strict=True)), args.jobs, "校验中",
                             profile=args.profile, month=args.month, cycle=folder)
    if folder:
        entries = J.add_folder_findings([J.check_entry(e) for e in entries])

    def tally(entries):
        nonlocal any_error, bad
        for e in entries:
            e = J.check_entry(e)
            bad |= e.error is not None or e.report_error is not None  # a copy asked for and not written
            any_error |= e.has_errors
            counts["files"] += 1
            counts["unreadable"] += e.error is not None
            counts["clean"] += e.error is None and not e.findings
            for f in e.findings:
                counts["error" if f.severity == "error" else "warning"] += 1
            yield e

    if args.json:
        _stream_files_json(J.json_text(e.as_json()) for e in tally(entries))
    else:
        con = text.console(lines_only=True)
        for e in tally(entries):
            text.print_check([e], con)
        if _is_folder_run(args.paths, paths):
            c = counts
            print(f"共校验 {c['files']} 个文件：错误 {c['error']} 处，提示 {c['warning']} 处；"
                  f"{c['clean']} 个文件未发现问题" + (f"；{c['unreadable']} 个无法读取" if c["unreadable"] else ""))
    if not paths and _no_workbooks(args.paths):
        return EXIT_BAD_INPUT
    return EXIT_FINDINGS if any_error else (EXIT_BAD_INPUT if bad else EXIT_OK)


def _report_target(path, args):
    """Where `check --out-dir DIR` puts a file's 校验结果 copy: in DIR, at the file's place below the folder
    it was found in (two 自评表.xlsx in two subfolders stay apart). None: beside the original."""
    if not args.out_dir:
        return None
    from pathlib import Path

    from .app.pipeline import REPORT_SUFFIX

    path = Path(path)
    rel = Path(path.name)
    for root in map(Path, args.paths):
        if root.is_dir():
            try:
                rel = path.resolve().relative_to(root.resolve())
                break
            except ValueError:
                continue
    from .ooxml.package import fit_name

    out = fit_name(Path(args.out_dir) / rel.with_name(f"{rel.stem}{REPORT_SUFFIX}{rel.suffix}"))
    out.parent.mkdir(parents=True, exist_ok=True)
    return out


def cmd_recompute(args) -> int:
    from .app.recompute import recompute_file

    if args.out and args.in_place:
        print("-o 与 --in-place 只能选一个", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        oc = recompute_file(args.path, args.out, args.in_place, args.profile, month=args.month)
    except OSError as e:  # in Chinese, naming the file (a name too long, a full disk …)
        print(f"✗ {Path(e.filename or args.out or args.path).name}：{why(e)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except JixiaoError as e:
        print(f"✗ {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if oc.result.error:
        print(f"✗ {oc.result.error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not oc.result.forms:  # nothing recognised: nothing was written
        if args.json:
            _print_json({"file": oc.source, "output": None, "backup": None, "notes": oc.notes, "written": [],
                         "skipped_formulas": [], "cached": [], "unchanged": [], "sheets": []})
        else:
            print(f"✗ {Path(oc.source).name}：没有识别到自评表，未写入任何内容", file=sys.stderr)
            for s in oc.result.skipped:
                print(f"  跳过 工作表“{s.sheet}”：{s.reason}", file=sys.stderr)
        return EXIT_FINDINGS
    broken = oc.report.formula_errors
    if args.json:
        _print_json({"file": oc.source, "output": oc.output, "backup": oc.backup, "notes": oc.notes,
                     "written": oc.report.written, "skipped_formulas": oc.report.skipped_formulas,
                     "cached": oc.report.cached,
                     "unchanged": oc.report.unchanged, "sheets": [s.as_json() for s in oc.result.forms]})
        return EXIT_FINDINGS if broken else EXIT_OK
    for n in oc.notes:
        print(f"注意：{n}", file=sys.stderr)
    print(f"已写入 {len(oc.report.written)} 个单元格 → {oc.output}")
    if oc.backup:
        print(f"原文件备份：{oc.backup}")
    if oc.report.unchanged:
        print(f"{len(oc.report.unchanged)} 个单元格原本就是正确结果，未改动")
    kept = oc.report.skipped_formulas
    if kept:  # a template's native formulas are many: name a few, count the rest (--json lists them all)
        more = f" 等 {len(kept)} 个单元格" if len(kept) > 4 else ""
        cached = f"；其中 {len(oc.report.cached)} 个尚未计算的已存入计算结果" if oc.report.cached else ""
        print(f"保留公式未改（由 Excel 自己计算）：{'、'.join(kept[:4])}{more}{cached}")
    if broken:
        print("✗ 这些单元格的公式结果是错误值，jixiao 没有改写您的公式，请先改正：" +
              "、".join(f"{cell}（{v}）" for cell, v in broken), file=sys.stderr)
    for s in oc.result.skipped:
        print(f"跳过 工作表“{s.sheet}”：{s.reason}", file=sys.stderr)
    return EXIT_FINDINGS if broken else EXIT_OK


def cmd_summarize(args) -> int:
    from .app.summarize import summarize

    try:
        res = summarize(args.paths, args.out, args.profile, args.csv, args.jobs)
    except JixiaoError as e:
        print(f"✗ {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as e:
        print(f"✗ 无法写入汇总 {e.filename or args.out}：{why(e)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.json:
        _print_json(res.as_json())
    else:
        text.print_summary(res)
    return EXIT_OK if res.output else EXIT_BAD_INPUT


def cmd_report(args) -> int:
    from .app.report import write_report

    try:
        res = write_report(args.paths, args.out, args.profile, args.kind, args.force)
    except JixiaoError as e:
        print(f"✗ {e}", file=sys.stderr)
        return 1  # the report's contract: no report written → exit 1
    for note in res.notes:
        print(f"注意：{note}", file=sys.stderr)
    print(f"已生成自评报告草稿 → {res.output}（{res.summary}）")
    print("【】内为需要人工填写的内容；文末“校验说明”列出表中填写的数字与计算结果不符之处", file=sys.stderr)
    return EXIT_OK


def cmd_new(args) -> int:
    from jixiao.templates.build import list_templates, new_workbook

    from .app.project_list import read_projects

    if args.list:
        for tid, title in list_templates():
            print(f"{tid}\t{title}")
        return EXIT_OK
    if not args.id or not args.out:
        print("用法：jixiao new 模板 -o 文件.xlsx [--profile 规则] [--projects 清单 | --from 申报表.xlsx] [--year 年度]；"
              "jixiao new --list 列出模板",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    out = Path(args.out)
    if not out.parent.is_dir():
        print(f"✗ {out}：所在文件夹“{out.parent}”不存在", file=sys.stderr)
        return EXIT_BAD_INPUT
    if out.exists() and not args.force:  # a filled form must never be replaced by an empty template
        print(f"✗ {out} 已存在，未改动；要覆盖请加 --force", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.projects and args.from_file:
        print("--projects 与 --from 只能选一个", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        projects = read_projects(args.projects) if args.projects else None
        year = args.year
        if args.from_file:
            from .app.from_declaration import declared_projects

            projects = declared_projects(args.from_file, args.id, args.profile)
            year = year or next((p["年度"] for p in projects if p.get("年度")), None)
        wheres = new_workbook(args.id, args.out, args.profile, projects, year)
    except JixiaoError as e:
        print(f"✗ {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as e:
        print(f"✗ {out.name}：无法写入（{why(e)}）", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"已新建 {args.out}（{len(wheres)} 张表）")
    return EXIT_OK


def cmd_finalize(args) -> int:
    from .app.finalize import finalize_file

    try:
        out, rep = finalize_file(args.path, args.out, args.force)
    except JixiaoError as e:
        print(f"✗ {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    links = [r for r in rep.removed if "外部链接" in r]
    print(f"已导出定稿副本 → {out}（{rep.frozen} 个 JX_ 公式已转为数值" + ("，" + "、".join(links) + "已去掉" if links else "")
          + "，不含宏）")
    if rep.no_cached_value:
        print(f"✗ {len(rep.no_cached_value)} 个 JX_ 公式没有计算结果（留空）：请先在 Excel 中重算再定稿："
              + "、".join(rep.no_cached_value[:5]), file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK


def cmd_addin(args) -> int:
    from .excel import install as inst
    from .excel.xlam import build_xlam

    try:
        if args.action == "build":
            info = build_xlam(args.out or "jixiao.xlam")
            print(f"已生成 {args.out or 'jixiao.xlam'}（VBA 模块：{'、'.join(info['modules'])}）")
        elif args.action == "bundle":
            from .excel.bundle import bundle

            res = bundle(args.out or "离线安装包.zip", args.platform, args.python_version)
            print(f"已生成 {res['output']}（{res['platform']}，Python {res['python_version']}，"
                  f"{len(res['wheels'])} 个 wheel、jixiao.xlam、安装.cmd、卸载.cmd、说明.txt）")
        elif args.action == "install":
            for p in inst.install(args.dir, args.python):
                print(f"已安装：{p}")
            print("请重新启动 Excel，功能区会出现“绩效自评”选项卡", file=sys.stderr)
        else:
            removed = inst.uninstall(args.dir)
            print("已卸载：" + ("、".join(map(str, removed)) if removed else "（未找到已安装的加载项）"))
    except (OSError, JixiaoError) as e:
        print(f"✗ {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def cmd_profiles(args) -> int:
    for p in PROFILES.values():
        print(f"{p.id}\t{p.name}\t{p.document}")
    return EXIT_OK


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
    ap.add_argument("-V", "--version", action="version", version=f"jixiao {_version()}", help="显示版本号并退出")
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
    p.set_defaults(func=cmd_score)

    p = command("recompute", "把执行率、得分、总分、等级写入表格")
    p.add_argument("path", metavar="文件")
    g = p.add_mutually_exclusive_group()
    g.add_argument("-o", "--out", metavar="输出", help="输出文件（默认：原名_重算.xlsx；已存在则替换）")
    g.add_argument("--in-place", action="store_true", help="改写原文件（原子写入并保留 .bak 备份）")
    p.add_argument("--profile", **prof)
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--month", **month)
    p.set_defaults(func=cmd_recompute)

    p = command("check", "发送前校验；有错误时以 1 退出")
    p.add_argument("paths", nargs="*", metavar="路径", help="文件或文件夹")
    p.add_argument("--profile", **prof)
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--report-sheet", action="store_true", help="另存一份带“校验结果”工作表的副本")
    p.add_argument("--out-dir", metavar="文件夹", help="校验结果副本写入此文件夹，而不是原文件旁（隐含 --report-sheet）")
    p.add_argument("--rules-doc", action="store_true", help="打印全部校验规则的说明表（Markdown）")
    p.add_argument("--month", **month)
    p.add_argument("--jobs", **jobs)
    p.set_defaults(func=cmd_check)

    p = command("summarize", "把一个或多个文件夹的自评表汇总为一个工作簿")
    p.add_argument("paths", nargs="+", metavar="文件夹", help="文件夹或文件")
    p.add_argument("-o", "--out", required=True, metavar="汇总.xlsx", help="汇总工作簿（.xlsx）")
    p.add_argument("--profile", **prof)
    p.add_argument("--csv", metavar="文件.csv", help="另存主表为 CSV（UTF-8，Excel 可直接打开）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--jobs", **jobs)
    p.set_defaults(func=cmd_summarize)

    p = command("report", "根据自评表起草绩效自评报告（Word）")
    p.add_argument("paths", nargs="+", metavar="文件", help="自评表文件（可同时给出同一单位的基础数据表、监控表）")
    p.add_argument("-o", "--out", required=True, metavar="报告.docx", help="报告文件（.docx）")
    p.add_argument("--profile", **prof)
    p.add_argument("--kind", choices=("overall", "project"), help="报告类型：overall 部门整体，project 项目（默认按表格判断）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的输出文件")
    p.set_defaults(func=cmd_report)

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
    p.set_defaults(func=cmd_new)

    p = command("finalize", "定稿导出：另存发送用副本（JX_ 公式转为数值，去掉宏和指向加载项的链接）")
    p.add_argument("path", metavar="文件")
    p.add_argument("-o", "--out", metavar="输出.xlsx", help="输出文件（默认：原名_定稿.xlsx）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的输出文件")
    p.set_defaults(func=cmd_finalize)

    p = command("addin", "Excel 加载项：build 生成 .xlam，bundle 生成离线安装包，install / uninstall 安装到当前用户")
    p.add_argument("action", choices=("build", "bundle", "install", "uninstall"), metavar="操作",
                   help="build、bundle、install 或 uninstall")
    p.add_argument("-o", "--out", metavar="文件", help="build：jixiao.xlam；bundle：离线安装包.zip")
    p.add_argument("--platform", choices=("win_amd64", "win32"), default="win_amd64",
                   help="bundle：办公电脑 Python 的位数（默认 win_amd64 即 64 位）")
    p.add_argument("--python-version", metavar="X.Y", help="bundle：办公电脑的 Python 版本（默认与本机相同）")
    p.add_argument("--dir", metavar="文件夹", help="安装目录（默认 %%APPDATA%%\\Microsoft\\Excel\\XLSTART）")
    p.add_argument("--python", metavar="PYTHON", help="加载项使用的 Python（默认当前解释器）")
    p.set_defaults(func=cmd_addin)

    p = command("profiles", "列出计分规则")
    p.set_defaults(func=cmd_profiles)
    return ap


# the output each command writes, by the suffix it must have (a workbook never goes under a .csv name)
SUFFIXES = {("new", "out"): (".xlsx",), ("summarize", "out"): (".xlsx",), ("summarize", "csv"): (".csv",),
            ("report", "out"): (".docx",), ("addin", "out"): (".xlam",), ("finalize", "out"): (".xlsx",)}


def _output_suffix_error(args) -> str | None:
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


def main(argv=None) -> int:
    # Windows consoles and pipes may not default to UTF-8; Chinese must come out whole
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    if hasattr(signal, "SIGPIPE"):  # `jixiao score … | head` ends quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    args = build_parser().parse_args(argv)
    wrong = _output_suffix_error(args)
    if wrong:
        print(f"✗ {wrong}", file=sys.stderr)
        return EXIT_FINDINGS if args.command == "report" else EXIT_BAD_INPUT  # report: no report written → 1
    try:
        return args.func(args)
    except JixiaoError as e:
        print(f"✗ {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as e:
        where = f"{e.filename}：" if getattr(e, "filename", None) else ""
        print(f"✗ {where}{why(e)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # never a traceback for a clerk: say what broke, where to send it
        print(f"✗ 内部错误（{type(e).__name__}：{e}）。请把输入文件和这句话发给维护人员。", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
