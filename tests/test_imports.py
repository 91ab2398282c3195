"""What Excel starts imports neither pandas nor numpy: the UDF module, and the ribbon dispatch through
recompute and check (a fresh process each, as Excel starts them); 汇总文件夹 still gets pandas."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "templates" / "samples"

PROBE = """
import json, sys
import jixiao.udfs.lean_xlwings as lean
lean.import_xlwings()  # as the add-in's command lines do before anything else
import jixiao.udfs.xl as xl
from jixiao.addin.excel import actions
seen = {"udf": ["pandas" in sys.modules, "numpy" in sys.modules], "grade": xl.JX_GRADE(81.53),
        }
book = actions.FileBook(sys.argv[1])
for tag in ("recompute_all", "check", "choose_profile", "help"):
    msg = actions.dispatch(tag, book)
    seen[tag] = [msg[:4], "pandas" in sys.modules, "numpy" in sys.modules]
import xlwings

msg = actions.dispatch("summarize_folder", book)
seen["summarize"] = [msg[:3], "pandas" in sys.modules]
print(json.dumps(seen, ensure_ascii=False))
"""


def test_udf_module_and_ribbon_dispatch_load_neither_pandas_nor_numpy(tmp_path):
    path = tmp_path / "待重算.xlsx"
    shutil.copy(SAMPLES / "seed003_待重算.xlsx", path)
    done = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, timeout=300,
                          check=False, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["udf"] == [False, False] and seen["grade"] == "良"
    assert seen["recompute_all"] == ["已重算 ", False, False]
    assert seen["check"] == ["校验完成", False, False]
    assert seen["choose_profile"][1:] == [False, False] and seen["help"][1:] == [False, False]
    assert seen["summarize"] == ["已汇总", True]  # the action that needs pandas imports it as usual


def test_lean_import_leaves_modules_loaded_before_alone():
    code = ("import sys, numpy; import jixiao.udfs.lean_xlwings as l; xw = l.import_xlwings(); "
            "print(sys.modules['numpy'] is numpy, 'pandas' in sys.modules, xw.__name__)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    assert done.stdout.split() == ["True", "False", "xlwings"]
