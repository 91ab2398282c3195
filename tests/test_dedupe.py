"""Deduplication is linear: the work of joining n copies of one form is counted in union–find operations
(finding a form's group, comparing two groups), not timed; 150 copies take about 10 times the work of 15,
whatever the copies share (name and content, content alone, content under different names)."""

from __future__ import annotations

import pytest
from jixiao.addin.app import dedupe
from jixiao.addin.app.summary_rows import FileResult, FormRow


def _row(i: int, name: str, unit: str, year: int | None, content: str) -> FormRow:
    return FormRow(file=f"f{i:04d}.xlsx", sheet="项目", unit=unit, project=name, kind="project", kind_name="项目支出绩效自评表",
                   graded=True, year=year, budget=1.0, spent=1.0, rate=1.0, rate_score=10.0, total=100.0, grade="优",
                   errors=0, warnings=0, content=content)


SHAPES = {
    "same name and content": lambda i: ("项目", "单位", 2023, "c"),
    "same content, no name": lambda i: ("", "", None, "c"),
    "same content, other names": lambda i: (f"项目{i}", "单位", 2023, "c"),
    "same name, other content": lambda i: ("项目", "单位", 2023, f"c{i}"),
    "no name, other units": lambda i: ("", f"单位{i}", 2023, "c"),
}


def _work(monkeypatch, n: int, shape) -> tuple[int, int, int]:
    """(operations, forms counted, duplicates) for ``n`` files of one form each."""
    ops = {"n": 0}
    find, agree = dedupe._Groups.find, dedupe._Groups.agree

    def counted_find(self, i):
        ops["n"] += 1
        return find(self, i)

    def counted_agree(self, a, b):
        ops["n"] += 1
        return agree(self, a, b)

    monkeypatch.setattr(dedupe._Groups, "find", counted_find)
    monkeypatch.setattr(dedupe._Groups, "agree", counted_agree)
    results = [FileResult(f"f{i:04d}.xlsx", mtime=float(i), forms=(_row(i, *shape(i)),)) for i in range(n)]
    kept, dups = dedupe.deduplicate(results)
    monkeypatch.undo()
    return ops["n"], len(kept), len(dups)


@pytest.mark.parametrize("shape", list(SHAPES))
def test_150_copies_take_about_ten_times_the_work_of_15(monkeypatch, shape):
    small, kept15, dups15 = _work(monkeypatch, 15, SHAPES[shape])
    large, kept150, dups150 = _work(monkeypatch, 150, SHAPES[shape])
    assert kept15 + dups15 == 15 and kept150 + dups150 == 150
    assert large <= 12 * small, (shape, small, large)  # linear: ×10 and a little; quadratic would be ×100


def test_what_the_shapes_are_counted_as(monkeypatch):
    """The counting above is of the real thing: copies join, other projects stay apart."""
    assert _work(monkeypatch, 150, SHAPES["same name and content"])[1:] == (1, 149)
    assert _work(monkeypatch, 150, SHAPES["same content, no name"])[1:] == (1, 149)
    assert _work(monkeypatch, 150, SHAPES["same content, other names"])[1:] == (150, 0)
    assert _work(monkeypatch, 150, SHAPES["same name, other content"])[1:] == (1, 149)
    assert _work(monkeypatch, 150, SHAPES["no name, other units"])[1:] == (150, 0)
