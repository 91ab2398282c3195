"""Each rule declares the profile switches it reads (docs/checks.md lists them), and reads no other: every
rule is run on the golden corpus, the samples and the published tables under every profile, with a profile
that records what is read."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from pathlib import Path

import pytest
from golden_corpus import build
from jixiao.addin.app import pipeline
from jixiao.addin.checks import RULES, load_all_rules
from jixiao.udfs import PROFILES, Profile
from jixiao.udfs.profile_model import SCHEMA
from published_books import build_all

SAMPLES = Path(__file__).parent.parent / "templates" / "samples"
IDENTITY = {"id", "name", "document", "province", "aliases", "notes", "source", "extends"}  # not switches


class Recording(Profile):
    """The same profile, noting every field read (a Profile still: the core's functions take it as one)."""

    def __getattribute__(self, name):
        if not name.startswith("_"):
            object.__getattribute__(self, "_log").add(name)
        return object.__getattribute__(self, name)


def recording(profile: Profile, log: set) -> Recording:
    rec = object.__new__(Recording)
    for f in dataclasses.fields(Profile):
        object.__setattr__(rec, f.name, getattr(profile, f.name))
    object.__setattr__(rec, "_log", log)
    return rec


@pytest.fixture(scope="module")
def reads(tmp_path_factory):
    load_all_rules()
    folder = tmp_path_factory.mktemp("switches")
    files = build(folder) + [p for _fx, p in build_all(folder / "published")] + sorted(SAMPLES.glob("*.xlsx"))
    got: dict[str, set] = defaultdict(set)
    for f in files:
        for pid in PROFILES:
            for form in pipeline.analyze_file(f, pid).forms:
                for code, r in RULES.items():
                    if r.bodies and r.applies(form):
                        log: set = set()
                        list(r.check(dataclasses.replace(form, profile=recording(form.profile, log))))
                        got[code] |= log
    return got


def test_every_switch_read_is_declared(reads):
    undeclared = {code: sorted(r - set(RULES[code].reads) - IDENTITY) for code, r in reads.items()}
    assert {c: u for c, u in undeclared.items() if u} == {}


def test_every_declared_switch_is_a_profile_key():
    load_all_rules()
    keys = {k.attr for k in SCHEMA}
    assert {(code, a) for code, r in RULES.items() for a in r.reads if a not in keys} == set()
