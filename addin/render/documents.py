"""The ``--json`` documents: one schema version for all of them, their top-level keys, and the
``{"schema": …, "files": [...]}`` envelope, which score and check write a file at a time as workers finish.

Every document is an object with ``schema`` (:data:`SCHEMA`) and ``files`` (one entry per file, in the order
of the input); summarize adds the folder's figures beside ``files``. The keys of each entry are declared
with the class that writes them; docs/json.md is generated from all of them (:func:`load_docs`).
"""

from __future__ import annotations

import json

from jixiao.templates.model.jsondoc import DOCS, K, doc

# The shape of every --json document. Raised whenever a key is renamed, removed or changes its type;
# a key added leaves it as it is. 1: summarize alone (rows at the top); 2: every command, files[] everywhere.
SCHEMA = 2

# every document's first key (summarize's document, declared with Summary in app/summary_rows.py, too)
SCHEMA_KEY = K("schema", "integer", f"JSON 结构的版本（现为 {SCHEMA}）：键改名、删除或改变类型时加一，新增键不变")

SCORE = doc("score", "jixiao score --json",
            SCHEMA_KEY, K("files", "array", "每个文件一项，按输入顺序", of="score_file"))
CHECK = doc("check", "jixiao check --json",
            SCHEMA_KEY, K("files", "array", "每个文件一项，按输入顺序", of="check_file"))
RECOMPUTE = doc("recompute", "jixiao recompute --json",
                SCHEMA_KEY, K("files", "array", "重算的文件（一项）", of="recompute_file"))

# the documents, in the order docs/json.md shows them
ROOTS = ("score", "check", "recompute", "summarize")


def load_docs() -> dict:
    """Every key table: those of the model come with it; import the modules that declare the others."""
    from jixiao.templates import model  # noqa: F401

    from ..app import jobs, recompute, summary_rows  # noqa: F401
    from . import findings  # noqa: F401

    return DOCS


def document(files: list[dict], **more) -> dict:
    """A whole document: the schema, the files, then what the command adds beside them."""
    return {"schema": SCHEMA, "files": files, **more}


def entry_text(entry: dict) -> str:
    """An entry of ``files`` as json.dumps(indent=2) writes it at that depth (done in the worker)."""
    return "    " + json.dumps(entry, ensure_ascii=False, indent=2).replace("\n", "\n    ")


def stream(texts, out) -> None:
    """The document exactly as json.dumps(document(...), indent=2) lays it out, written one file's entry
    (already text: :func:`entry_text`) at a time."""
    head = f'{{\n  "schema": {SCHEMA},\n  "files": ['
    first = True
    for t in texts:
        out.write(head + "\n" if first else ",\n")
        out.write(t)
        out.flush()
        first = False
    out.write(head + "]\n}\n" if first else "\n  ]\n}\n")


__all__ = ["CHECK", "RECOMPUTE", "ROOTS", "SCHEMA", "SCHEMA_KEY", "SCORE", "document", "entry_text", "load_docs",
           "stream"]
