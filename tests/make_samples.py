"""Regenerate the bundled sample workbooks (templates/samples/) from the seed fixtures.

    python tests/make_samples.py
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from builders import (  # noqa: E402
    VARIANTS,
    Variant,
    overall_from_seed001,
    project_workbook,
    write_basic_data,
    write_project,
)
from openpyxl import Workbook  # noqa: E402

OUT = HERE.parent / "templates" / "samples"


def main() -> None:
    fix = HERE / "fixtures"
    s3 = json.loads((fix / "seed003_projects.json").read_text("utf-8"))
    s1 = json.loads((fix / "seed001_tables.json").read_text("utf-8"))
    OUT.mkdir(parents=True, exist_ok=True)
    # seed 003: twelve project tables, scores as published, the workbook remembers its rules
    project_workbook(OUT / "seed003_项目支出绩效自评表.xlsx", s3["projects"], VARIANTS["titled_repeat"], "xinjiang")
    # the same, scores left empty: what `jixiao recompute` fills in
    project_workbook(OUT / "seed003_待重算.xlsx", s3["projects"], Variant(stated=False, title_rows=1), "xinjiang")
    wb = Workbook()
    wb.active.title = "整体支出自评表"
    write_project(wb.active, overall_from_seed001(s1), Variant(title_rows=1),
                  title="2023年度部门（单位）整体支出绩效自评表")
    write_basic_data(wb.create_sheet("基础数据表"), s1["basic_data"])
    wb.save(OUT / "seed001_部门整体支出绩效自评表.xlsx")
    for p in sorted(OUT.glob("*.xlsx")):
        print(p)


if __name__ == "__main__":
    main()
