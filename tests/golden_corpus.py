"""The golden corpus: every bundled sample and the workbooks the test builders make, scored and checked.

`jixiao score --json` and `jixiao check --json` over these files were pinned before the code was
restructured (tests/golden/*.json); tests/test_golden.py holds every later version to them.

    python tests/golden_corpus.py        # rewrite tests/golden/ (only when a change of output is intended)
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent
GOLDEN = HERE / "golden"
sys.path.insert(0, str(HERE))


def build(folder: Path) -> list[Path]:
    """Write the corpus into ``folder``; return the files in a fixed order."""
    import shutil

    from builders import (
        VARIANTS,
        Variant,
        overall_from_seed001,
        project_workbook,
        write_assessment,
        write_basic_data,
        write_monitor,
        write_project,
    )
    from jixiao.templates.build import new_workbook
    from jixiao.templates.specs import SPECS
    from openpyxl import Workbook

    fix = HERE / "fixtures"
    s3 = json.loads((fix / "seed003_projects.json").read_text("utf-8"))
    s1 = json.loads((fix / "seed001_tables.json").read_text("utf-8"))
    s2 = json.loads((fix / "seed002_overall.json").read_text("utf-8"))
    out: list[Path] = []
    for p in sorted((ROOT / "templates" / "samples").glob("*.xlsx")):
        dst = folder / f"sample_{p.name}"
        shutil.copy(p, dst)
        out.append(dst)
    for name, var in VARIANTS.items():
        p = folder / f"seed003_{name}.xlsx"
        project_workbook(p, s3["projects"], var, profile="xinjiang")
        out.append(p)
    p = folder / "seed003_blank.xlsx"
    project_workbook(p, s3["projects"], Variant(stated=False, title_rows=1), "xinjiang")
    out.append(p)
    wb = Workbook()
    write_project(wb.active, overall_from_seed001(s1), Variant(title_rows=1, levels="repeat"),
                  title="2023年度部门（单位）整体支出绩效自评表")
    write_basic_data(wb.create_sheet("附件2"), s1["basic_data"])
    p = folder / "seed001_overall_basic.xlsx"
    wb.save(p)
    out.append(p)
    wb = Workbook()
    write_monitor(wb.active, {"initial": 100.0, "adjust": 20.0, "h1": 45.6})
    p = folder / "monitor_funds.xlsx"
    wb.save(p)
    out.append(p)
    wb = Workbook()
    write_assessment(wb.active, s2)
    write_project(wb.create_sheet("项目1"), s3["projects"][0], Variant())
    write_project(wb.create_sheet("项目5"), s3["projects"][4], Variant())
    p = folder / "seed002_assessment.xlsx"
    wb.save(p)
    out.append(p)
    for tid in SPECS:
        p = folder / f"template_{tid}.xlsx"
        new_workbook(tid, p, year=2025)
        out.append(p)
    # every check rule's defect case (tests/test_checks.py) as a file of its own
    import test_checks as tc

    for code, proj in tc.CASES.items():
        p = folder / f"case_{code}.xlsx"
        project_workbook(p, [copy.deepcopy(proj)], Variant())
        out.append(p)
    return out


def _plain(obj, folder: str):
    """Paths made relative to the corpus folder, so the golden files do not depend on where it was built."""
    if isinstance(obj, str):
        return obj.replace(folder + "/", "").replace(folder, "")
    if isinstance(obj, list):
        return [_plain(x, folder) for x in obj]
    if isinstance(obj, dict):
        return {k: _plain(v, folder) for k, v in obj.items()}
    return obj


def outputs(folder: Path, files: list[Path]) -> dict[str, dict]:
    """file name → {"score": …, "check": …} as the CLI prints them, with exit codes."""
    import contextlib
    import io

    from jixiao.addin.cli import main

    res = {}
    for f in files:
        entry = {}
        for cmd in ("score", "check"):
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                code = main([cmd, str(f), "--json"])
            entry[cmd] = {"exit": code, "json": _plain(json.loads(buf.getvalue()), str(folder))}
        res[f.name] = entry
    return res


def main() -> None:
    import tempfile

    GOLDEN.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        files = build(folder)
        for name, entry in outputs(folder, files).items():
            (GOLDEN / f"{Path(name).stem}.json").write_text(
                json.dumps(entry, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(files)} golden files in {GOLDEN}")


if __name__ == "__main__":
    main()
