import json
from pathlib import Path

import pytest

FIX = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def seed003():
    return json.loads((FIX / "seed003_projects.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed001():
    return json.loads((FIX / "seed001_tables.json").read_text(encoding="utf-8"))


def run_cli(capsys, *argv):
    """Run `jixiao …` in-process; return (exit code, stdout)."""
    from jixiao.addin.cli import main

    code = main([str(a) for a in argv])
    return code, capsys.readouterr().out
