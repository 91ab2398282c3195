"""A project submitted twice is counted once.

Two forms of the same kind are the same submission when they have the same 项目名称 (部门整体 forms: 单位),
单位 and 年度, or the same content (the funds figures and every row as typed) and no name, unit or year that
tells them apart. Of each group the most recently saved file is counted (a resubmission replaces the
earlier one); among files saved within a minute of each other (copies of one moment: an archive unpacked,
a folder copied) the one with the fewest findings.

Linear in the number of forms: forms meet through hashed keys (identity, content), groups are joined in
a union–find, and a group keeps what its members say of name, unit and year, so whether a form may join a
group is one comparison, not one per member. Among the groups holding one content, a form is compared only
with those that could agree with it: the ones stating the same name (or unit, or year) as it, or none
(:class:`_Heads`), so many projects typed with the same figures are not each compared with all the others.
"""

from __future__ import annotations

from ..render.findings import points
from .summary_rows import Duplicate, FileResult, FormRow, same

SAME_MOMENT = 60.0  # seconds: files saved this close together are copies of one moment, not a resubmission
_NAMED_BY_UNIT = ("project", "monitor")  # kinds whose forms a unit alone does not name


class _Groups:
    """Union–find over forms, each group with the name, unit and year its members state (one each, at most:
    only forms that agree are ever joined)."""

    def __init__(self, rows: list[FormRow]):
        self.parent = list(range(len(rows)))
        self.said = [(same(r.project), same(r.unit), r.year) for r in rows]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def agree(self, a: int, b: int) -> bool:
        """Nothing one group states contradicts the other."""
        x, y = self.said[self.find(a)], self.said[self.find(b)]
        return all(not p or not q or p == q for p, q in zip(x, y, strict=True))

    def join(self, a: int, b: int) -> None:
        ga, gb = self.find(a), self.find(b)
        if ga != gb:
            x, y = self.said[ga], self.said[gb]
            self.said[ga] = tuple(p or q for p, q in zip(x, y, strict=True))
            self.parent[gb] = ga


class _Heads:
    """One member of each group holding a content, indexed by what each stated when it came: a group that
    could agree with a form states, for each of name, unit and year, the form's or nothing (a group only
    ever fills in what it did not state, so what it stated first still says so)."""

    def __init__(self):
        self.all: list[int] = []
        self.by: tuple[dict, dict, dict] = ({}, {}, {})  # name, unit, year → heads stating it ("" / None: nothing)

    def add(self, i: int, said: tuple) -> None:
        self.all.append(i)
        for index, v in zip(self.by, said, strict=True):
            index.setdefault(v or None, []).append(i)

    def candidates(self, said: tuple) -> list[int]:
        """The heads that may agree with ``said``, in the order they came."""
        best = None
        for index, v in zip(self.by, said, strict=True):
            if v:
                some = index.get(v, []) + index.get(None, [])
                best = some if best is None or len(some) < len(best) else best
        return self.all if best is None else sorted(best)


def deduplicate(results: list[FileResult]) -> tuple[list[FormRow], list[Duplicate]]:
    """(the forms counted, in file order; the duplicates, each with the form counted in its place)."""
    rows: list[FormRow] = []
    mtimes: list[float] = []
    for res in results:
        rows += res.forms
        mtimes += [res.mtime] * len(res.forms)
    groups = _Groups(rows)
    by_identity: dict[tuple, int] = {}
    by_content: dict[tuple, _Heads] = {}  # content → one member of each group holding it
    for i, r in enumerate(rows):
        name, unit = same(r.project), same(r.unit)
        if name or (unit and r.kind not in _NAMED_BY_UNIT):
            key = (r.kind, name, unit, r.year)
            if key in by_identity:
                groups.join(by_identity[key], i)
            else:
                by_identity[key] = i
        if r.content:
            heads = by_content.setdefault((r.kind, r.content), _Heads())
            # the same content is the same project only if nothing typed in either group says otherwise
            mine, found, held = groups.find(i), None, False
            for j in heads.candidates(groups.said[mine]):
                if groups.find(j) == mine:
                    held = True  # its group is here already (a group's heads all agree with it: all candidates)
                elif groups.agree(j, i):
                    found = j
                    break
            if found is not None:
                groups.join(found, i)
            elif not held:
                heads.add(i, groups.said[mine])
    members: dict[int, list[int]] = {}
    for i in range(len(rows)):
        members.setdefault(groups.find(i), []).append(i)
    kept, dups = [], []
    for ms in members.values():
        best, why = _pick(rows, mtimes, ms)
        kept.append(best)
        k = rows[best]
        for i in ms:
            if i != best:
                dups.append(_duplicate(rows[i], k, why))
    kept.sort()
    return [rows[i] for i in kept], dups


def _duplicate(d: FormRow, k: FormRow, why: str) -> Duplicate:
    same_id = (same(d.project), same(d.unit), d.year) == (same(k.project), same(k.unit), k.year)
    if d.content and d.content == k.content:
        data = "填报数据一致"
    else:
        differ = d.total is not None and k.total is not None and d.total != k.total
        data = "填报数据不一致" + (f"（总分 {points(d.total)}，计入的表 {points(k.total)}）" if differ else "") + "，请核对以哪份为准"
    basis = "项目名称、单位、年度相同" if same_id and (d.project or d.unit) else "填报内容相同"
    return Duplicate(d, k, basis, data, why)


def _pick(rows: list[FormRow], mtimes: list[float], members: list[int]) -> tuple[int, str]:
    """The form of a group that is counted, and why: the most recently saved file (a resubmission replaces
    the earlier one); among files of one moment, the one with the fewest errors, then warnings, then the
    first found."""
    newest = max(mtimes[i] for i in members)
    recent = [i for i in members if mtimes[i] >= newest - SAME_MOMENT]

    def findings(i):
        return (rows[i].errors, rows[i].warnings, i)

    best = min(recent, key=findings)
    if len(recent) < len(members):
        return best, "修改时间最新"
    if any(findings(i)[:2] != findings(best)[:2] for i in recent):
        return best, "问题最少"
    return best, "最先找到"
