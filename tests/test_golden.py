"""`score --json` and `check --json` over the golden corpus equal what was pinned (tests/golden/)."""

import json
from pathlib import Path

import pytest
from golden_corpus import GOLDEN, build, outputs


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("golden")
    files = build(folder)
    return outputs(folder, files)


def test_every_file_is_pinned(corpus):
    assert sorted(f"{Path(n).stem}.json" for n in corpus) == sorted(p.name for p in GOLDEN.glob("*.json"))


@pytest.mark.parametrize("name", sorted(p.stem for p in GOLDEN.glob("*.json")))
def test_output_equals_golden(corpus, name):
    want = json.loads((GOLDEN / f"{name}.json").read_text("utf-8"))
    got = next(v for k, v in corpus.items() if Path(k).stem == name)
    assert json.loads(json.dumps(got, sort_keys=True)) == want
