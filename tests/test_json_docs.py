"""docs/json.md is generated from the key tables declared beside the code that writes each key, and those
tables are the truth: every key in real --json output (score, check, recompute, summarize over the samples,
the golden corpus, the hostile corpus and the declaration layouts) is documented with its type, and every
documented key is written by some real run."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest
from golden_corpus import GOLDEN
from golden_corpus import build as build_golden
from jixiao.addin.cli import main
from jixiao.templates.model.jsondoc import declared, walk

ROOT = Path(__file__).parents[1]
SAMPLES = ROOT / "templates" / "samples"


def test_json_md_is_generated_from_the_code():
    from jixiao.addin.docs import json_markdown

    committed = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    assert committed == json_markdown(), "docs/json.md is stale: run python -m jixiao.addin.docs"


def test_every_document_carries_the_one_schema_version():
    from jixiao.addin.app.summary_rows import Summary
    from jixiao.addin.render.documents import RECOMPUTE, SCHEMA, SCORE, load_docs

    docs = load_docs()
    for name in ("score", "check", "recompute", "summarize"):
        assert docs[name].keys[0].name == "schema" and docs[name].key("files") is not None
    assert SCORE.key("schema") is RECOMPUTE.key("schema") is Summary.JSON.key("schema")
    assert f"结构版本 `schema`：{SCHEMA}" in (ROOT / "docs" / "json.md").read_text(encoding="utf-8")


def _json(*argv) -> tuple[int, dict]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main([str(a) for a in argv])
    return code, json.loads(out.getvalue())


def _extra_forms(folder: Path) -> None:
    """What neither corpus holds: a 监控表 with indicator rows, an 一级/二级/三级 score sheet, a unit written
    two ways (a scoring note)."""
    import copy

    from builders import VARIANTS, project_workbook
    from jixiao.templates.build import new_workbook
    from openpyxl import load_workbook
    from test_forms import _score_sheet

    path = folder / "监控表.xlsx"
    (w,) = new_workbook("monitor", path)
    wb = load_workbook(path)
    ws, r = wb.active, w["first"]
    ws[w["initial"]], ws[w["adjust"]], ws[w["h1"]] = 100, 20, 45.6
    ws[f"D{r}"], ws[f"F{r}"], ws[f"G{r}"], ws[f"I{r}"], ws[f"Q{r}"], ws[f"O{r}"] = "培训人次", 100, "人次", 80, "√", "师资不足"
    wb.save(path)
    _score_sheet().save(folder / "评分表.xlsx")
    proj = copy.deepcopy(json.loads((ROOT / "tests/fixtures/seed003_projects.json").read_text("utf-8"))["projects"][0])
    proj["indicators"][0].update(target="≥100人", actual="105名")
    project_workbook(folder / "写法不同.xlsx", [proj], VARIANTS["plain"], "xinjiang")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> list[tuple[str, dict]]:
    """(document name, document) of every run the check walks."""
    import corpus
    from real_layouts import (
        build_central_xmk_export,
        build_district_declarations,
        build_icontrol_project_declaration,
        build_multiyear_declaration,
    )
    from test_target import declaration

    tmp = tmp_path_factory.mktemp("jsondocs")
    docs: list[tuple[str, dict]] = []
    # score and check over the golden corpus, as tests/test_golden.py holds them to the real output
    for p in sorted(GOLDEN.glob("*.json")):
        entry = json.loads(p.read_text("utf-8"))
        docs += [("score", entry["score"]["json"]), ("check", entry["check"]["json"])]
    golden = tmp / "golden"
    golden.mkdir()
    build_golden(golden)
    hostile = corpus.build(tmp / "hostile")
    decl = tmp / "申报"
    decl.mkdir()
    build_district_declarations(decl / "d.xlsx")
    build_multiyear_declaration(decl / "m.xlsx", filled=True)
    build_icontrol_project_declaration(decl / "i.xlsx")
    build_central_xmk_export(decl / "xmk.xlsx", declaration="filled")
    declaration(decl / "core.xlsx", core=True, rows=[
        ("产出指标", "数量指标", "开展活动次数", "≥12次", "全年开展的活动次数", 50),
        ("产出指标", "数量指标", "培训人数", "≥三十", "读不出的目标值", 50)])
    _extra_forms(decl)
    for folder in (SAMPLES, hostile["empty"].path.parent, decl):
        docs.append(("score", _json("score", folder, "--json", "--jobs", "1")[1]))
    # check with its 校验结果 copies: one written, one renamed (a macro workbook under .xlsx), one refused
    # (a folder stands where the copy would go)
    out_dir = tmp / "校验结果"
    (out_dir / "p01_校验结果.xlsx").mkdir(parents=True)
    checked = tmp / "checked"
    checked.mkdir()
    shutil.copy(SAMPLES / "seed001_基础数据表.xlsx", checked / "p01.xlsx")
    shutil.copy(hostile["macro_named_xlsx"].path, checked / "macro.xlsx")
    docs.append(("check", _json("check", checked, "--out-dir", out_dir, "--json", "--jobs", "1")[1]))
    docs.append(("check", _json("check", checked / "macro.xlsx", "--report-sheet", "--json")[1]))
    for folder in (SAMPLES, hostile["empty"].path.parent, decl):
        docs.append(("check", _json("check", folder, "--json", "--jobs", "1")[1]))
    # recompute: a copy, in place (a backup), formulas showing errors, a file that cannot be read, nothing found
    inplace = tmp / "inplace.xlsx"
    shutil.copy(SAMPLES / "seed003_待重算.xlsx", inplace)
    for argv in ((SAMPLES / "seed003_待重算.xlsx", "-o", tmp / "r.xlsx"), (inplace, "--in-place"),
                 (hostile["formula_errors"].path, "-o", tmp / "fe.xlsx"), (hostile["empty"].path, "-o", tmp / "e.xlsx"),
                 (SAMPLES / "seed001_基础数据表.xlsx", "-o", tmp / "b.xlsx"), (decl / "d.xlsx", "-o", tmp / "d.xlsx"),
                 (golden / "monitor_funds.xlsx", "-o", tmp / "m.xlsx"), (golden / "seed002_assessment.xlsx", "-o", tmp / "a.xlsx")):
        docs.append(("recompute", _json("recompute", *argv, "--json")[1]))
    # summarize: every status a file can have
    mixed = tmp / "mixed"
    shutil.copytree(SAMPLES, mixed, ignore=shutil.ignore_patterns("*.csv"))
    shutil.copy(decl / "d.xlsx", mixed)
    shutil.copy(golden / "monitor_funds.xlsx", mixed)
    shutil.copy(golden / "seed001_overall_basic.xlsx", mixed)
    shutil.copy(hostile["empty"].path, mixed / "empty.xlsx")
    shutil.copy(hostile["plain_zip"].path, mixed / "plain_zip.xlsx")
    shutil.copy(SAMPLES / "seed003_待重算.xlsx", mixed / "seed003_待重算_定稿.xlsx")
    for argv in ((mixed, tmp / "没有这个文件夹"), (golden,), (hostile["empty"].path.parent,)):
        out = tmp / f"汇总{len(docs)}.xlsx"
        docs.append(("summarize", _json("summarize", *argv, "-o", out, "--json", "--jobs", "1")[1]))
    return docs


def test_every_key_written_is_documented_with_its_type(outputs):
    wrong: list[str] = []
    for name, document in outputs:
        walk(document, name, set(), wrong)
    assert not wrong, "\n".join(dict.fromkeys(wrong))


def test_every_key_documented_is_written(outputs):
    seen: set[tuple[str, str]] = set()
    for name, document in outputs:
        walk(document, name, seen, [])
    missing = sorted(declared() - seen)
    assert not missing, "\n".join(map(str, missing))


def test_summarize_gives_every_file_its_status(outputs):
    (first, *_rest) = [d for name, d in outputs if name == "summarize"]
    status = {Path(f["file"]).name: f["status"] for f in first["files"]}
    assert status == {
        "seed001_基础数据表.xlsx": "counted", "seed001_部门整体支出绩效自评表.xlsx": "duplicate",
        "seed003_待重算.xlsx": "duplicate", "seed003_项目支出绩效自评表.xlsx": "counted",
        "seed004_部门整体支出绩效自评表.xlsx": "counted", "d.xlsx": "counted", "monitor_funds.xlsx": "counted",
        "seed001_overall_basic.xlsx": "counted", "empty.xlsx": "unreadable", "plain_zip.xlsx": "unreadable",
        "seed003_待重算_定稿.xlsx": "skipped", "没有这个文件夹": "missing"}
    assert [Path(f["file"]).name for f in first["files"]][-1] == "没有这个文件夹"  # in the order given
    # seed 001's 部门整体 form saved again beside its 基础数据表: the earlier file is the duplicate
    dup = next(f for f in first["files"] if f["status"] == "duplicate" and "seed001" in f["file"])
    assert [r["status"] for r in dup["rows"]] == ["duplicate"] and "seed001_overall_basic.xlsx" in dup["reason"]
