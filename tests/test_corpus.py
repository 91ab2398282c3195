"""Every command on every hostile or broken input (tests/corpus.py): no traceback, a Chinese message naming
the file, a non-zero exit where nothing valid came out, and the input's bytes (and mode) unchanged."""

import os
import shutil
import stat

import pytest
from corpus import NAMES, build
from jixiao.addin.cli import main


def _copy(case, tmp_path):
    """In-place writes go to a copy (the original is compared after), except a read-only file's refusal."""
    if case.read_only:
        return case.path
    dst = tmp_path / case.path.name
    shutil.copyfile(case.path, dst)
    return dst


def run_both(capsys, *argv):
    """Run `jixiao …` in-process; return (exit code, stdout + stderr)."""
    code = main([str(a) for a in argv])
    got = capsys.readouterr()
    return code, got.out + got.err


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("corpus"))


@pytest.mark.parametrize("name", NAMES)
def test_every_command_on_every_input(corpus, name, tmp_path, capsys):
    case = corpus[name]
    before = case.path.read_bytes()
    mode = stat.S_IMODE(os.stat(case.path).st_mode)
    outs = {}
    for cmd in (["score", case.path], ["score", case.path, "--json"], ["check", case.path],
                ["check", case.path, "--json"], ["recompute", case.path, "-o", tmp_path / f"{name}_out.xlsx"],
                ["recompute", _copy(case, tmp_path), "--in-place"]):
        code, text = run_both(capsys, *cmd)
        assert "Traceback" not in text and "内部错误" not in text, (cmd, text)
        outs[cmd[0] + ("_json" if "--json" in cmd else "") + ("_inplace" if "--in-place" in cmd else "")] = (code, text)
    assert case.path.read_bytes() == before and stat.S_IMODE(os.stat(case.path).st_mode) == mode
    for key in ("score", "check", "recompute", "recompute_inplace"):
        code, text = outs[key]
        if not case.valid:
            assert code != 0, (key, text)
            assert case.path.name in text, (key, text)
        if case.expect and (key == "check" or (key == "score" and not case.valid)):
            assert case.expect in text, (key, text)
    if not case.valid:
        assert not (tmp_path / f"{name}_out.xlsx").exists()
        assert not list(tmp_path.glob("*.bak*")) and not list(case.path.parent.glob(case.path.name + ".bak*"))


def test_read_only_file_is_refused_in_place(corpus, capsys):
    case = corpus["read_only"]
    before = case.path.read_bytes()
    code, text = run_both(capsys, "recompute", case.path, "--in-place")
    assert code == 2 and "只读" in text
    assert case.path.read_bytes() == before and stat.S_IMODE(os.stat(case.path).st_mode) == 0o444
    assert not list(case.path.parent.glob("read_only.xlsx.bak*"))


def test_summarize_the_whole_corpus(corpus, tmp_path, capsys):
    """The bureau's folder of everything above: no traceback, every unusable file listed, inputs unchanged."""
    folder = next(iter(corpus.values())).path.parent
    before = {c.path: c.path.read_bytes() for c in corpus.values()}
    _code, text = run_both(capsys, "summarize", folder, "-o", tmp_path / "汇总.xlsx", "--json")
    assert "Traceback" not in text and "内部错误" not in text, text
    assert all(p.read_bytes() == b for p, b in before.items())
    for name, c in corpus.items():  # every file that gave no form is named in the summary's lists
        if not c.valid and c.path.suffix == ".xlsx":
            assert c.path.name in text, name
