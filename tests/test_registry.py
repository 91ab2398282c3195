"""A new kind of form is one registry entry and its modules; a new layout is one label table. Nothing else
in the code is edited: these tests add both from here and run them through the whole pipeline."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from jixiao.addin.app import pipeline
from jixiao.addin.app.recompute import planned_writes
from jixiao.addin.checks import check_workbook
from jixiao.addin.checks.base import RULES, WARNING, rule
from jixiao.templates import families
from jixiao.templates.model import KINDS, POINTS, Field, Form, Kind, Write, register, writes
from jixiao.templates.recognize.index import Index
from jixiao.udfs.values import parse_count
from openpyxl import Workbook as OpenpyxlBook

# --- a toy kind: 玩具清点表, counting toys against a target ---------------------------------------------


@dataclass(frozen=True)
class ToyCount:
    wanted: Field
    counted: Field
    result: Field
    share: float | None = None  # filled by scoring

    def cells(self):
        yield from (("应有玩具", self.wanted), ("清点数", self.counted))

    def form_json(self) -> dict:
        return {"toys": {"wanted": self.wanted.value, "counted": self.counted.value, "share": self.share}}

    def writes(self) -> list[Write]:
        return writes((self.result, None if self.share is None else round(self.share * 100, 2), POINTS))


def detect_toy(idx: Index) -> bool:
    return any(t == "玩具清点表" for _r, _c, t in idx.texts)


def recognise_toy(idx: Index, kind: Kind) -> Form:
    def beside(label):
        r, c = next((r, c) for r, c, t in idx.texts if t == label)
        return Field(idx.grid.value(r, c + 1), r, c + 1)

    body = ToyCount(beside("应有玩具"), beside("清点数"), beside("清点率"))
    return Form(kind=kind, sheet=idx.grid.name, body=body)


def score_toy(form: Form, profile) -> Form:
    b = form.body
    share = parse_count(b.counted.value, "清点数") / parse_count(b.wanted.value, "应有玩具")
    return replace(form, profile=profile, body=replace(b, share=share))


def toy_rules() -> None:
    """The kind's own rule module (here: this function, run once by the fixture)."""
    if "JX900" in RULES:
        return

    @rule("JX900", WARNING, "玩具少了", "应有 {wanted} 个，只清点到 {counted} 个", "找一找", bodies=(ToyCount,),
          example={"wanted": 10, "counted": 8})
    def missing(form, hit):
        if form.body.share is not None and form.body.share < 1:
            yield hit(form.body.counted.cell, wanted=form.body.wanted.value, counted=form.body.counted.value)


@pytest.fixture
def toy_kind():
    toy_rules()
    kind = register(Kind("toy", "玩具清点表", "玩具", ToyCount, "test_registry:recognise_toy",
                         "test_registry:detect_toy", 5, "test_registry:score_toy"))
    yield kind
    KINDS.pop("toy")
    RULES.pop("JX900")


def test_a_kind_added_through_the_registry_alone(toy_kind, tmp_path):
    wb = OpenpyxlBook()
    ws = wb.active
    ws.title = "清点"
    ws["A1"] = "玩具清点表"
    ws.append(["应有玩具", 10])
    ws.append(["清点数", 8])
    ws.append(["清点率", None])
    path = tmp_path / "toys.xlsx"
    wb.save(path)

    res = pipeline.run(path)
    (form,) = res.workbook.forms
    js = form.as_json()
    assert js["kind"] == "toy" and js["kind_name"] == "玩具清点表" and js["toys"]["share"] == 0.8
    assert [(f.code, f.cell) for f in res.findings] == [("JX900", "B3")]
    assert [(w.sheet, w.address, w.value) for w in planned_writes(res.workbook)] == [("清点", "B4", 80.0)]
    assert check_workbook(res.workbook) == list(res.findings)


# --- a toy family: the same 项目支出 form in spellings nobody else uses -----------------------------------

TOY_FAMILY = families.parse({
    "id": "toyland", "name": "玩具国", "source": "tests",
    "labels": {"project_name": ["玩具项目"], "funds_anchor": ["玩具资金"], "budget": ["玩具预算"],
               "spent": ["玩具花费"], "level3": ["玩具指标"], "target": ["玩具目标"], "actual": ["玩具完成"],
               "weight": ["玩具分"], "score": ["玩具得分"]},
    "titles": {"project": ["玩具项目自评表"]},
    "ends": {"indicator_table": ["玩具签字"]},
})


@pytest.fixture
def toy_family():
    families.register(TOY_FAMILY)
    yield TOY_FAMILY
    families.unregister("toyland")


def test_a_family_added_through_a_label_table_alone(toy_family, tmp_path):
    wb = OpenpyxlBook()
    ws = wb.active
    for row in (["玩具项目自评表"], ["玩具项目", "积木"], [None, "玩具预算", "玩具花费", "玩具分", "玩具得分"],
                ["玩具资金", 100, 90, 10, None], ["玩具指标", "玩具目标", "玩具完成", "玩具分", "玩具得分"],
                ["积木数", "≥10个", "10个", 90, None], ["玩具签字", "小明"]):
        ws.append(row)
    path = tmp_path / "toyland.xlsx"
    wb.save(path)
    (form,) = pipeline.analyze_file(path).forms
    assert (form.kind, form.family, form.header_value("project_name")) == ("project", "toyland", "积木")
    assert [(i.name, i.score) for i in form.body.indicators] == [("积木数", 90.0)]
    assert (form.funds.figures.rate, form.funds.figures.score, form.total_value) == (0.9, 9.0, 99.0)


def test_a_family_removed_leaves_the_vocabulary_as_it_was(tmp_path):
    before = {k: tuple(v) for k, v in families.VOCABULARY.labels.items()}
    families.register(TOY_FAMILY)
    families.unregister("toyland")
    assert {k: tuple(v) for k, v in families.VOCABULARY.labels.items()} == before


def test_every_form_names_its_family():
    """The built-in tables are loaded, and the base family is the national one."""
    ids = [f.id for f in families.VOCABULARY.families]
    assert ids[0] == families.BASE and "yunnan" in ids
    assert families.VOCABULARY.origin["其他需要说明"] == "yunnan"
