"""Regenerate the bundled sample workbooks (templates/samples/) from the seed fixtures and templates.

    python tests/make_samples.py
"""

import json
import os
from dataclasses import replace
from pathlib import Path

from jixiao.addin.app.recompute import recompute_file
from jixiao.templates.build import new_workbook
from jixiao.templates.specs import SPECS
from openpyxl import load_workbook

HERE = Path(__file__).parent
OUT = HERE.parent / "templates" / "samples"


def _project(p: dict) -> dict:
    return {"项目名称": p["name"], "主管部门": p["department"], "实施单位": p["unit"],
            "年初预算数": p["funds"]["budget_initial"], "全年预算数": p["funds"]["budget"],
            "全年执行数": p["funds"]["spent"], "indicators": p["indicators"]}


def main() -> None:
    fix = HERE / "fixtures"
    s3 = json.loads((fix / "seed003_projects.json").read_text("utf-8"))
    s1 = json.loads((fix / "seed001_tables.json").read_text("utf-8"))
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.xlsx"):
        old.unlink()
    projects = [_project(p) for p in s3["projects"]]
    # seed 003: twelve project tables in the 新疆 template; one copy recomputed, one waiting for it
    pending = OUT / "seed003_待重算.xlsx"
    new_workbook("project_xinjiang", pending, projects=projects, year=2023)
    done = OUT / "seed003_项目支出绩效自评表.xlsx"
    recompute_file(pending, done)
    # seed 001: the 部门整体支出绩效自评表 and the 基础数据表
    t = s1["overall"]
    overall = OUT / "seed001_部门整体支出绩效自评表.xlsx"
    new_workbook("overall", overall, projects=[{
        "项目名称": t["department"], "年初预算数": t["funds"]["budget_initial"], "全年预算数": t["funds"]["budget"],
        "全年执行数": t["funds"]["spent"], "indicators": t["indicators"]}], year=2023)
    tmp = overall.with_name("tmp.xlsx")
    recompute_file(overall, tmp)
    os.replace(tmp, overall)
    # seed 004: its eight indicators placed under the official 一级/二级 (the report names no levels)
    s4 = json.loads((fix / "seed004_overall.json").read_text("utf-8"))
    levels = {"解决就业人数": ("产出指标", "数量指标"), "12345 热线事件办结率": ("产出指标", "质量指标"),
              "信访案件受理率": ("产出指标", "质量指标"), "受益人员满意度": ("满意度指标", "服务对象满意度指标")}
    inds = [{**i, "level1": levels.get(i["name"], ("效益指标", "经济效益指标"))[0],
             "level2": levels.get(i["name"], ("效益指标", "经济效益指标"))[1]} for i in s4["indicators"]]
    order = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("效益指标", "经济效益指标"), ("满意度指标", "服务对象满意度指标")]
    inds.sort(key=lambda i: order.index((i["level1"], i["level2"])))
    s4_path = OUT / "seed004_部门整体支出绩效自评表.xlsx"
    f = s4["funds"]
    # seed 004 states no group points and its rows do not fit 50/30/10: the form's groups carry none
    unweighted = replace(SPECS["overall"], groups=tuple(replace(g, weight=None) for g in SPECS["overall"].groups))
    new_workbook(unweighted, s4_path, projects=[{"项目名称": s4["unit"], "年初预算数": f["budget_initial"],
                                               "全年预算数": f["budget"], "全年执行数": f["spent"], "indicators": inds}],
                 year=2023)
    recompute_file(s4_path, tmp)
    os.replace(tmp, s4_path)
    basic = OUT / "seed001_基础数据表.xlsx"
    (w,) = new_workbook("basic_data", basic, year=2023)
    wb = load_workbook(basic)
    ws = wb.worksheets[0]
    b = s1["basic_data"]
    ws[w["quota"]], ws[w["actual"]] = b["staffing"]["authorized"], b["staffing"]["actual"]
    for row in b["expense_control"]["rows"]:
        r = w["rows"].get(row["label"])
        if r and row["label"] not in ("三公经费", "1、公务用车购置和维护经费"):
            ws[f"B{r}"], ws[f"C{r}"], ws[f"D{r}"] = row["final_2022"], row["budget_2023"], row["final_2023"]
    wb.save(basic)
    for p in sorted(OUT.glob("*.xlsx")):
        print(p)


if __name__ == "__main__":
    main()
