"""The `jixiao` command. Its names, options and JSON shapes are a contract other tools parse."""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

from jixiao.templates.model import Workbook
from jixiao.udfs import PROFILES, JixiaoError

from .app import pipeline
from .cli_args import EXIT_CODES, build_parser, output_suffix_error  # noqa: F401  (EXIT_CODES: as callers know it)
from .ooxml.package import why
from .render import text

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def _print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


def _stream_files_json(texts) -> None:
    """`{"schema": …, "files": [...]}` exactly as json.dumps(indent=2) lays it out, written one file's text at
    a time, as the workers finish, in the input's order."""
    from .render.documents import stream

    stream(texts, sys.stdout)


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
        entries = J.add_folder_findings([J.check_entry(e) for e in entries], args.profile, args.month)

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
    from .app.recompute import RecomputeOutcome, recompute_file
    from .render.documents import document

    if args.out and args.in_place:
        print("-o 与 --in-place 只能选一个", file=sys.stderr)
        return EXIT_BAD_INPUT

    def failed(error: JixiaoError) -> int:
        print(f"✗ {error}", file=sys.stderr)
        if args.json:  # the document still says which file and why
            _print_json(document([RecomputeOutcome(str(args.path), None, Workbook(str(args.path), error=error))
                                  .as_json()]))
        return EXIT_BAD_INPUT

    try:
        oc = recompute_file(args.path, args.out, args.in_place, args.profile, month=args.month,
                            fix_text_numbers=args.fix_text_numbers)
    except OSError as e:  # in Chinese, naming the file (a name too long, a full disk …)
        return failed(JixiaoError("{file}：{reason}", file=Path(e.filename or args.out or args.path).name,
                                  reason=why(e)))
    except JixiaoError as e:
        return failed(e)
    if oc.result.error:
        return failed(oc.result.error)
    if args.json:
        _print_json(document([oc.as_json()]))
    if not oc.result.forms:  # nothing recognised: nothing was written
        print(f"✗ {Path(oc.source).name}：没有识别到自评表，未写入任何内容", file=sys.stderr)
        for s in oc.result.skipped:
            print(f"  跳过 工作表“{s.sheet}”：{s.reason}", file=sys.stderr)
        return EXIT_FINDINGS
    broken = oc.report.formula_errors
    if args.json:
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
    except OSError as e:  # (a JixiaoError is said by main, as for every command)
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
    except OSError as e:  # naming the output (a JixiaoError is said by main)
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
    except JixiaoError as e:  # what the machine lacks (InstallError) or an input that does not fit
        print(f"✗ {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as e:  # a file that cannot be written: said in Chinese, naming it
        print(f"✗ {e.filename or args.out or ''}：{why(e)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def cmd_profiles(args) -> int:
    for p in PROFILES.values():
        print(f"{p.id}\t{p.name}\t{p.document}")
    return EXIT_OK


COMMANDS = {"score": cmd_score, "check": cmd_check, "recompute": cmd_recompute, "summarize": cmd_summarize,
            "report": cmd_report, "new": cmd_new, "finalize": cmd_finalize, "addin": cmd_addin, "profiles": cmd_profiles}


def main(argv=None) -> int:
    # Windows consoles and pipes may not default to UTF-8; Chinese must come out whole
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    if hasattr(signal, "SIGPIPE"):  # `jixiao score … | head` ends quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    args = build_parser().parse_args(argv)
    wrong = output_suffix_error(args)
    if wrong:
        print(f"✗ {wrong}", file=sys.stderr)
        return EXIT_FINDINGS if args.command == "report" else EXIT_BAD_INPUT  # report: no report written → 1
    try:
        return COMMANDS[args.command](args)
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
