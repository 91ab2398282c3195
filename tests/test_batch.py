"""Folder runs on every core: the same output in the same order as one process, streamed JSON laid out as
json.dumps lays it out, and a file that breaks a worker reported as that file's error."""

import json
import subprocess
import sys

from builders import VARIANTS, project_workbook
from jixiao.addin.render.documents import SCHEMA


def _folder(tmp_path, seed003, n=10):
    names = list(VARIANTS)
    for i in range(n):
        proj = seed003["projects"][i % len(seed003["projects"])]
        project_workbook(tmp_path / f"f{i:02d}.xlsx", [proj], VARIANTS[names[i % len(names)]], "xinjiang")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    return tmp_path


def _cli(*args) -> tuple[int, str]:
    r = subprocess.run([sys.executable, "-m", "jixiao.addin.cli", *map(str, args)], capture_output=True, text=True)
    return r.returncode, r.stdout


def test_parallel_equals_serial_in_order_and_layout(tmp_path, seed003):
    folder = _folder(tmp_path, seed003)
    for cmd in ("score", "check"):
        code1, one = _cli(cmd, folder, "--json", "--jobs", "1")
        code2, two = _cli(cmd, folder, "--json", "--jobs", "2")
        assert code1 == code2 == 2 and one == two  # the broken file: exit 2, the rest scored
        data = json.loads(two)
        assert list(data) == ["schema", "files"] and data["schema"] == SCHEMA
        assert two == json.dumps(data, ensure_ascii=False, indent=2) + "\n"  # streamed, yet json.dumps' layout
        names = [f["file"].rsplit("/", 1)[-1] for f in data["files"]]
        assert names == sorted(names) and len(names) == 11
    assert json.loads(one)["files"][0]["findings"] is not None


def test_empty_folder_is_json_and_an_error(tmp_path):
    code, out = _cli("score", tmp_path, "--json")
    assert code == 2 and out == json.dumps({"schema": SCHEMA, "files": []}, indent=2) + "\n"
