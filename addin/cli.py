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
    errors = no_form = 0
    con = None if args.json else text.console()
    results = batch.for_each(J.score_one, paths, args.jobs, "计分中", profile=args.profile, month=args.month,
                             as_json=args.json)

    def tally(results):
        nonlocal errors, no_form
        for r in results:
            if args.json:
                r = J.score_entry(r)
                errors, no_form = errors + r.error, no_form + r.no_form
            else:
                r = J.as_workbook(r)
                errors, no_form = errors + bool(r.error), no_form + (not r.error and not r.forms)
            yield r

    if args.json:
        _stream_files_json(r.text for r in tally(results))
    else:
        for r in tally(results):
            text.print_workbook(r, con)
    if not paths and _no_workbooks(args.paths):
        return EXIT_BAD_INPUT
    if errors:
        return EXIT_BAD_INPUT
    return EXIT_FINDINGS if no_form else EXIT_OK


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
    entries = batch.for_each(J.check_one, list(zip(paths, targets, strict=True)), args.jobs, "校验中",
                             profile=args.profile, month=args.month)

    def tally(entries):
        nonlocal any_error, bad
        for e in entries:
            e = J.check_entry(e)
            bad |= e.error is not None
            any_error |= e.has_errors
            yield e

    if args.json:
        _stream_files_json(J.json_text(e.as_json()) for e in tally(entries))
    else:
        con = text.console(lines_only=True)
        for e in tally(entries):
            text.print_check([e], con)
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
    out = Path(args.out_dir) / rel.with_name(f"{rel.stem}{REPORT_SUFFIX}{rel.suffix}")
    out.parent.mkdir(parents=True, exist_ok=True)
    return out


def cmd_recompute(args) -> int:
    from .app.recompute import recompute_file

    if args.out and args.in_place:
        print("-o 与 --in-place 只能选一个", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        oc = recompute_file(args.path, args.out, args.in_place, args.profile, month=args.month)
    except (JixiaoError, OSError) as e:
        print(f"✗ {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if oc.result.error:
        print(f"✗ {oc.result.error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not oc.result.forms:  # nothing recognised: nothing was written
        if args.json:
            _print_json({"file": oc.source, "output": None, "backup": None, "notes": oc.notes, "written": [],
                         "skipped_formulas": [], "unchanged": [], "sheets": []})
        else:
            print(f"✗ {Path(oc.source).name}：没有识别到自评表，未写入任何内容", file=sys.stderr)
            for s in oc.result.skipped:
                print(f"  跳过 工作表“{s.sheet}”：{s.reason}", file=sys.stderr)
        return EXIT_FINDINGS
    broken = oc.report.formula_errors
    if args.json:
        _print_json({"file": oc.source, "output": oc.output, "backup": oc.backup, "notes": oc.notes,
                     "written": oc.report.written, "skipped_formulas": oc.report.skipped_formulas,
                     "unchanged": oc.report.unchanged, "sheets": [s.as_json() for s in oc.result.forms]})
        return EXIT_FINDINGS if broken else EXIT_OK
    for n in oc.notes:
        print(f"注意：{n}")
    print(f"已写入 {len(oc.report.written)} 个单元格 → {oc.output}")
    if oc.backup:
        print(f"原文件备份：{oc.backup}")
    if oc.report.unchanged:
        print(f"{len(oc.report.unchanged)} 个单元格原本就是正确结果，未改动")
    kept = oc.report.skipped_formulas
    if kept:  # a template's native formulas are many: name a few, count the rest (--json lists them all)
        more = f" 等 {len(kept)} 个单元格" if len(kept) > 4 else ""
        print(f"保留公式未改（由 Excel 自己计算）：{'、'.join(kept[:4])}{more}")
    if broken:
        print("✗ 这些单元格的公式结果是错误值，jixiao 没有改写您的公式，请先改正：" +
              "、".join(f"{cell}（{v}）" for cell, v in broken))
    for s in oc.result.skipped:
        print(f"跳过 工作表“{s.sheet}”：{s.reason}")
    return EXIT_FINDINGS if broken else EXIT_OK


def cmd_summarize(args) -> int:
    from .app.summarize import summarize

    try:
        res = summarize(args.paths, args.out, args.profile, args.csv)
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
    print("【】内为需要人工填写的内容；文末“校验说明”列出表中填写的数字与计算结果不符之处")
    return EXIT_OK


def cmd_new(args) -> int:
    from jixiao.templates.build import list_templates, new_workbook

    from .app.project_list import read_projects

    if args.list:
        for tid, title in list_templates():
            print(f"{tid}\t{title}")
        return EXIT_OK
    if not args.id or not args.out:
        print("用法：jixiao new ID -o FILE [--profile ID] [--projects LIST] [--year 年度]；jixiao new --list 列出模板",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    out = Path(args.out)
    if not out.parent.is_dir():
        print(f"✗ {out}：所在文件夹“{out.parent}”不存在", file=sys.stderr)
        return EXIT_BAD_INPUT
    if out.exists() and not args.force:  # a filled form must never be replaced by an empty template
        print(f"✗ {out} 已存在，未改动；要覆盖请加 --force", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        projects = read_projects(args.projects) if args.projects else None
        wheres = new_workbook(args.id, args.out, args.profile, projects, args.year)
    except JixiaoError as e:
        print(f"✗ {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as e:
        print(f"✗ {out.name}：无法写入（{why(e)}）", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"已新建 {args.out}（{len(wheres)} 张表）")
    return EXIT_OK


def cmd_addin(args) -> int:
    from .excel import install as inst
    from .excel.xlam import build_xlam

    try:
        if args.action == "build":
            info = build_xlam(args.out or "jixiao.xlam")
            print(f"已生成 {args.out or 'jixiao.xlam'}（VBA 模块：{'、'.join(info['modules'])}）")
        elif args.action == "install":
            for p in inst.install(args.dir, args.python):
                print(f"已安装：{p}")
            print("请重新启动 Excel，功能区会出现“绩效自评”选项卡")
        else:
            removed = inst.uninstall(args.dir)
            print("已卸载：" + ("、".join(map(str, removed)) if removed else "（未找到已安装的加载项）"))
    except OSError as e:
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


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="jixiao", description="绩效自评助手：识别自评表、计分、重算、校验")
    sub = ap.add_subparsers(dest="command", required=True)
    prof = {"help": "计分规则（如 national、xinjiang 或规则文件 .toml）；默认用工作簿保存的规则，否则 national"}
    month = {"type": _month, "metavar": "N",
             "help": "监控表的监控月份 1-12（1-N月），优先于表中写明的；默认按表中所写（如“1-7月”“截至9月底”），未写时按规则（一般为 6）"}

    jobs = {"type": int, "metavar": "N", "help": "同时处理的进程数（默认：CPU 核数；1 = 不并行）"}
    p = sub.add_parser("score", help="识别并计分，打印结果")
    p.add_argument("paths", nargs="+", metavar="PATH", help="文件或文件夹")
    p.add_argument("--profile", **prof)
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--month", **month)
    p.add_argument("--jobs", **jobs)
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("recompute", help="把执行率、得分、总分、等级写入表格")
    p.add_argument("path", metavar="PATH")
    g = p.add_mutually_exclusive_group()
    g.add_argument("-o", "--out", metavar="OUT", help="输出文件（默认：原名_重算.xlsx）")
    g.add_argument("--in-place", action="store_true", help="改写原文件（原子写入并保留 .bak 备份）")
    p.add_argument("--profile", **prof)
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--month", **month)
    p.set_defaults(func=cmd_recompute)

    p = sub.add_parser("check", help="发送前校验；有 error 时以 1 退出")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--profile", **prof)
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--report-sheet", action="store_true", help="另存一份带“校验结果”工作表的副本")
    p.add_argument("--out-dir", metavar="DIR", help="校验结果副本写入此文件夹，而不是原文件旁（隐含 --report-sheet）")
    p.add_argument("--rules-doc", action="store_true", help="打印全部校验规则的说明表（Markdown）")
    p.add_argument("--month", **month)
    p.add_argument("--jobs", **jobs)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("summarize", help="把一个或多个文件夹的自评表汇总为一个工作簿")
    p.add_argument("paths", nargs="+", metavar="DIR")
    p.add_argument("-o", "--out", required=True, metavar="汇总.xlsx")
    p.add_argument("--profile", **prof)
    p.add_argument("--csv", metavar="FILE", help="另存主表为 CSV（UTF-8，Excel 可直接打开）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(func=cmd_summarize)

    p = sub.add_parser("report", help="根据自评表起草绩效自评报告（Word）")
    p.add_argument("paths", nargs="+", metavar="FILE", help="自评表文件（可同时给出同一单位的基础数据表、监控表）")
    p.add_argument("-o", "--out", required=True, metavar="报告.docx")
    p.add_argument("--profile", **prof)
    p.add_argument("--kind", choices=("overall", "project"), help="报告类型：overall 部门整体，project 项目（默认按表格判断）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的输出文件")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("new", help="按官方附件新建自评表")
    p.add_argument("id", nargs="?", metavar="ID")
    p.add_argument("-o", "--out", metavar="FILE")
    p.add_argument("--list", action="store_true", help="列出模板：id<TAB>中文标题")
    p.add_argument("--profile", **prof)
    p.add_argument("--year", type=int, help="表格年度（默认：自评表为上一年度，7 月起为本年度；监控表为本年度）")
    p.add_argument("--projects", metavar="LIST", help="项目清单 .xlsx 或 .csv（项目名称, 主管部门, 实施单位, 年初预算数, …），每行一张表")
    p.add_argument("--force", action="store_true", help="覆盖已存在的输出文件")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("addin", help="Excel 加载项：build 生成 .xlam，install / uninstall 安装到当前用户")
    p.add_argument("action", choices=("build", "install", "uninstall"))
    p.add_argument("-o", "--out", metavar="jixiao.xlam")
    p.add_argument("--dir", metavar="DIR", help="安装目录（默认 %%APPDATA%%\\Microsoft\\Excel\\XLSTART）")
    p.add_argument("--python", metavar="PYTHON", help="加载项使用的 Python（默认当前解释器）")
    p.set_defaults(func=cmd_addin)

    p = sub.add_parser("profiles", help="列出计分规则")
    p.set_defaults(func=cmd_profiles)
    return ap


def main(argv=None) -> int:
    # Windows consoles and pipes may not default to UTF-8; Chinese must come out whole
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    if hasattr(signal, "SIGPIPE"):  # `jixiao score … | head` ends quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    args = build_parser().parse_args(argv)
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
