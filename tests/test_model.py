"""The typed model end to end: errors carry their check code and role, so findings are filed and placed
by what happened, never by the words of a message; one blank test for every rule."""

import copy

from test_checks import CASES, CLEAN, codes, findings


def test_date_against_a_count_target_is_unreadable_not_a_unit_mismatch(tmp_path, capsys):
    """"≥3个单位" against a date: the message quotes the user's 单位, yet this is JX009 (unreadable), at
    the 完成值 cell — not JX010."""
    p = copy.deepcopy(CLEAN)
    p["indicators"][0].update(target="≥3个单位", actual="2023年5月1日")
    fs = findings(tmp_path, capsys, p)
    hit = [f for f in fs if f["code"] in ("JX009", "JX010")]
    assert [(f["code"], f["cell"]) for f in hit] == [("JX009", "F12")]
    assert "2023年5月1日" in hit[0]["message"]


def test_unreadable_value_is_reported_at_its_own_cell(tmp_path, capsys):
    fs = findings(tmp_path, capsys, CASES["JX009"])  # the 实际完成值 "1x"
    (hit,) = [f for f in fs if f["code"] == "JX009"]
    assert hit["cell"] == "F12" and "1x" in hit["message"]
    p = copy.deepcopy(CLEAN)
    p["indicators"][0]["target"] = "≥4x"
    (hit,) = [f for f in findings(tmp_path, capsys, p) if f["code"] == "JX009"]
    assert hit["cell"] == "E12" and "4x" in hit["message"]


def test_a_dash_is_no_reason_for_any_rule(tmp_path, capsys):
    """"—", "/" and "无" in a 偏差原因 cell are placeholders: JX011 and JX014 still ask for a reason."""
    for dash in ("—", "/", "——", "无"):
        p = copy.deepcopy(CASES["JX011"])
        p["indicators"][1]["reason"] = dash
        assert "JX011" in codes(findings(tmp_path, capsys, p)), dash
        p = copy.deepcopy(CASES["JX014"])
        p["indicators"][0]["reason"] = dash
        assert "JX014" in codes(findings(tmp_path, capsys, p)), dash
    p = copy.deepcopy(CASES["JX011"])
    p["indicators"][1]["reason"] = "个别学员补考"
    assert "JX011" not in codes(findings(tmp_path, capsys, p))
