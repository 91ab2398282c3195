"""Moved to :mod:`jixiao.addin.ooxml.reader`; this name stays until the add-in builder follows."""

from .ooxml.reader import WorkbookReadError, read_workbook

__all__ = ["WorkbookReadError", "read_workbook"]
