"""A worksheet part holding one table that prints: values as inline strings or numbers, column widths, row
heights, cell formats of the workbook's own styles, hyperlinks inside the workbook, a frozen head row, an
autofilter, A4 landscape fit to one page width with a footer. What goes in it (texts, widths, links) is the
caller's; this module only writes the part, so every byte of a workbook is written in this package."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .grid import address
from .xmlsafe import escape, quoteattr

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass(frozen=True)
class Table:
    rows: Sequence[Sequence[object]]  # the head row first
    widths: Sequence[float]
    heights: Sequence[float] = ()  # points per row (none: the application's own)
    wrapped: Sequence[int] = ()  # 1-based columns that wrap
    links: Sequence[tuple[str, str, str]] = ()  # (cell, location inside the workbook, text shown)
    footer: str = ""  # Excel's header/footer codes (&L &C &R &P &N &F &A), as they are
    top: int | None = None  # cell format (index into styles.xml's cellXfs): top-aligned
    wrap: int | None = None  # … top-aligned and wrapped
    extra: dict = field(default_factory=dict)


def _cell(r: int, c: int, v, s: int | None) -> str:
    ref = address(r, c)
    sattr = f' s="{s}"' if s else ""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return f'<c r="{ref}"{sattr}><v>{v}</v></c>'
    return f'<c r="{ref}"{sattr} t="inlineStr"><is><t xml:space="preserve">{escape(str(v))}</t></is></c>'


def table_sheet_xml(t: Table) -> str:
    """The worksheet part's XML."""
    wrapped = set(t.wrapped)

    def row(r: int, values) -> str:
        ht = f' ht="{t.heights[r - 1]:g}" customHeight="1"' if r - 1 < len(t.heights) else ""
        return (f'<row r="{r}"{ht}>'
                + "".join(_cell(r, c, v, t.wrap if c in wrapped else t.top) for c, v in enumerate(values, 1))
                + "</row>")

    data = "".join(row(r, values) for r, values in enumerate(t.rows, 1))
    links = "".join(f"<hyperlink ref=\"{cell}\" location={quoteattr(loc)} display={quoteattr(shown)}/>"
                    for cell, loc, shown in t.links)
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(t.widths, 1))
    last = address(len(t.rows), len(t.widths))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_NS_MAIN}" xmlns:r="{_NS_R}">'
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
        'state="frozen"/></sheetView></sheetViews>'
        f"<cols>{cols}</cols><sheetData>{data}</sheetData>"
        f'<autoFilter ref="A1:{last}"/>'
        + (f"<hyperlinks>{links}</hyperlinks>" if links else "")
        + '<printOptions gridLines="1"/>'
        '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.7" header="0.3" footer="0.3"/>'
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
        + (f"<headerFooter><oddFooter>{escape(t.footer)}</oddFooter></headerFooter>" if t.footer else "")
        + "</worksheet>"
    )
