"""Moved to :mod:`jixiao.addin.ooxml.patcher`; this name stays until the add-in builder follows."""

from .ooxml.patcher import CellWrite, PatchError, PatchReport, patch_in_place, patch_workbook

__all__ = ["CellWrite", "PatchError", "PatchReport", "patch_in_place", "patch_workbook"]
