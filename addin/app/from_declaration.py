"""`jixiao new project|monitor --from DECLARATION.xlsx`: the declared projects of a workbook, as the project
entries the templates are laid out from (one 自评表 / 监控表 per declared project)."""

from __future__ import annotations

from pathlib import Path

from jixiao.templates.build.from_target import project_from_target
from jixiao.templates.model import TargetTable
from jixiao.templates.specs import SPECS
from jixiao.udfs.errors import InputError

from . import pipeline


def declared_projects(path, template_id: str, profile=None) -> list[dict]:
    """One entry per filled declaration of the workbook, its indicators placed in the template's rows."""
    spec = SPECS.get(template_id)
    if spec is None or not hasattr(spec, "groups"):
        raise InputError("“{template_id}”不按项目分表：--from 只用于 project（自评表）和 monitor（监控表）",
                         template_id=template_id)
    wb = pipeline.analyze_file(path, profile)
    if wb.error is not None:
        raise wb.error
    forms = [f for f in wb.forms if isinstance(f.body, TargetTable)]
    if not forms:
        raise InputError("{file} 中没有识别到绩效目标申报表", file=Path(path).name)
    filled = [f for f in forms if not f.body.blank]
    if not filled:
        raise InputError("{file} 中的绩效目标申报表都还没有填写（没有年度目标和绩效指标）", file=Path(path).name)
    return [project_from_target(f, spec.groups) for f in filled]
