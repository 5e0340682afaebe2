"""The ``csv`` export: one family's table as CSV, every family as ``<family>.csv`` in a folder (and
``evidence.csv``: every quote, one row each; ``field_values.csv``: what each source says, one row per
record, field, value and source), or every record in one table (a ``family`` column, then the
columns of every family in turn).

UTF-8 without a byte-order mark, a header row, CRLF line ends and quoting as RFC 4180 has them
(the ``csv`` module's defaults). ``excel=True`` puts a byte-order mark first: Excel reads a CSV
without one in the computer's legacy code page, which turns Chinese into mojibake.
Cells are written by ``openai_kb.outputs._tabular.cell_text``: amounts in
full (``6600000000``), ``true``/``false``, empty for a missing value.

CSV files are opened in spreadsheets, which run a cell that starts with ``=``, ``+``, ``-`` or ``@``
as a formula (``=HYPERLINK(...)`` in a name would). So a text cell gets a ``'`` in front (OWASP's
rule; spreadsheets then read it as text, and removing one leading ``'`` gives the exact text back)
when ``formula_like`` says a spreadsheet might run it:

- it starts with ``'`` (so the rule can be undone), a tab, a carriage return, a line feed or a NUL
  (OWASP and ASVS list them: some readers drop them, or start a new cell there);
- or its first character after any white space, control and invisible format characters (which an
  import may trim or drop: LibreOffice drops a NUL, and its "Trim spaces" removes leading spaces, so
  `` =1+1`` and ``\x00=1+1`` ran there) is a formula start: ``= + - @``, any character that
  Unicode folds to one of them (full-width ``＝＋－＠`` as an input method types them, which Excel
  takes alike in East Asian locales; small ``﹦﹢﹣﹫``; super- and subscript ``⁺⁼₊₌``; ``﬩``), or
  the minus sign ``−`` (U+2212) and its super- and subscript forms.

Numbers, flags and times are never text cells; ``kb.table()``, ``to_pandas()`` and the other
formats keep the exact text.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ...reading._atomic import write_folder_atomically
from .._tabular import EVIDENCE, FIELD_VALUES, cell_text, columns, table, table_name

if TYPE_CHECKING:
    from ...models import Record
    from ...view import RecordView

__all__ = [
    "BOM",
    "FORMULA_STARTS",
    "all_records_csv_text",
    "csv_text",
    "formula_like",
    "spreadsheet_cell",
    "write_csv_folder",
]

BOM = "\ufeff"
"""The byte-order mark ``excel=True`` starts a CSV with (UTF-8 bytes ``EF BB BF``)."""

# Prefixed whatever follows: the quote itself (so that the rule can be undone), and the characters
# OWASP and ASVS name besides the formula starts.
_ALWAYS = ("'", "\t", "\r", "\n", "\x00")
FORMULA_STARTS = frozenset(
    "=+-@\u2212\u207a\u207b\u207c\u208a\u208b\u208c\ufb29\ufe62\ufe63\ufe66\ufe6b\uff0b\uff0d\uff1d\uff20"
)
"""``= + - @``, the minus sign U+2212, and every character whose NFKC form is one of these (a test derives them)."""
_PASSED_OVER = frozenset({"Cc", "Cf"})  # controls (NUL...) and invisible format characters (BOM, bidi marks...)


def formula_like(text: str) -> bool:
    """Whether a spreadsheet might read ``text`` as a formula (or it starts with ``'``): see the module."""
    if text.startswith(_ALWAYS):
        return True
    for char in text:
        if char in FORMULA_STARTS:
            return True
        if not (char.isspace() or unicodedata.category(char) in _PASSED_OVER):
            return False
    return False


def spreadsheet_cell(value: object) -> str:
    """A cell as CSV writes it: ``cell_text``, with a ``'`` before text a spreadsheet might run as a formula."""
    text = cell_text(value)
    return "'" + text if isinstance(value, str) and formula_like(text) else text


def csv_text(kb: RecordView, kind: str, *, excel: bool = False) -> str:
    """One family's table (``"investors"`` or ``"investment"``), ``"evidence"`` or ``"field_values"``, as CSV text."""
    name = table_name(kind, "csv_text()", kb.types)
    buffer = io.StringIO(newline="")
    if excel:
        buffer.write(BOM)
    writer = csv.writer(buffer)
    names = [column.name for column in columns(name, kb.types)]
    writer.writerow(names)
    writer.writerows([spreadsheet_cell(row[name]) for name in names] for row in table(kb, name))
    return buffer.getvalue()


def all_records_csv_text(kb: RecordView, *, excel: bool = False) -> str:
    """Every record in one CSV: ``family`` first, then each family's columns (shared names once).

    A cell is empty where a family has no such column: a whole knowledge base as one sheet, for
    spreadsheets and ``openai-kb export --format csv > all.csv``.
    """
    names: dict[str, None] = {"family": None}
    for family in kb.types.families:
        names.update(dict.fromkeys(column.name for column in columns(family, kb.types)))
    buffer = io.StringIO(newline="")
    if excel:
        buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow(names)
    for family in kb.types.families:
        for row in table(kb, family):
            cells = {"family": family, **row}
            writer.writerow(spreadsheet_cell(cells[name]) if name in cells else "" for name in names)
    return buffer.getvalue()


def write_csv_folder(
    kb: RecordView, folder: Path, *, excel: bool = False, records: Iterable[Record] = ()
) -> list[Path]:
    """Write every family, empty ones too (a header only), as ``<family>.csv`` into ``folder``, then
    ``evidence.csv`` and ``field_values.csv``.

    The folder is created when missing. The files are written together: every one goes to its
    temporary file first, so a failure while encoding or writing (a full disk) changes none of them;
    ``records`` are those written, read only to name the one that failed to encode.
    """
    kinds = list(kb.types.families)
    kinds += [name for name in (EVIDENCE, FIELD_VALUES) if name not in kinds]  # a family of a user's own may take one
    files = [(f"{kind}.csv", partial(_csv_bytes, kb, kind, excel)) for kind in kinds]
    return write_folder_atomically(folder, files, records=records)


def _csv_bytes(kb: RecordView, kind: str, excel: bool) -> bytes:
    return csv_text(kb, kind, excel=excel).encode("utf-8")
