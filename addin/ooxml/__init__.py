"""The workbook file format in small modules, one per package part (in the manner of XlsxWriter).

- :mod:`.xmlsafe` — one hardened XML scanner (DTDs and entities refused wherever they appear, in any
  encoding) that every parse in the project goes through, with byte spans for lossless editing;
- :mod:`.package` — the zip: safe opening (zip bombs, encryption, corruption), atomic writing;
- :mod:`.rels`, :mod:`.content_types`, :mod:`.shared_strings`, :mod:`.styles`, :mod:`.workbook` — the parts;
- :mod:`.sheet` — the addressing rule for rows and cells (r-less ones included) that both sides follow;
- :mod:`.reader` — workbook bytes → plain grids; :mod:`.patcher` — cell writes spliced into the bytes.

Only this package opens a workbook's bytes. It imports nothing of the project but the plain grid.
"""

from .package import PackageError, PatchError
from .reader import WorkbookReadError, read_workbook

_PATCHER = ("CellWrite", "PatchReport", "patch_in_place", "patch_workbook")


def __getattr__(name: str):  # the writer is loaded only by the commands that write (a check only reads)
    if name in _PATCHER:
        from . import patcher

        return getattr(patcher, name)
    raise AttributeError(name)

__all__ = ["CellWrite", "PackageError", "PatchError", "PatchReport", "WorkbookReadError", "patch_in_place",
           "patch_workbook", "read_workbook"]
