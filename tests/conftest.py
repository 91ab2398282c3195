import json
import os
import tempfile
from pathlib import Path

import pytest

FIX = Path(__file__).parent / "fixtures"


def pytest_configure(config):
    """LibreOffice keeps one user profile per user and hands a second soffice's work to one already running
    with it: a conversion can then be lost when another process (a second test run, an editor) uses
    LibreOffice at the same time. This run's soffice calls get a profile of their own."""
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="jixiao-lo-")


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


def run_cli_streams(capsys, *argv):
    """Run `jixiao …` in-process; return (exit code, stdout, stderr): results and messages apart."""
    from jixiao.addin.cli import main

    code = main([str(a) for a in argv])
    got = capsys.readouterr()
    return code, got.out, got.err


def lo_profile_recalculating(where: Path) -> str:
    """A LibreOffice user profile that recalculates every formula of an .xlsx on load (its default keeps the
    cached values a file carries); returns the -env:UserInstallation argument."""
    (where / "user").mkdir(parents=True, exist_ok=True)
    (where / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">'
        "<value>0</value></prop></item></oor:items>", encoding="utf-8")
    return f"-env:UserInstallation={where.as_uri()}"
