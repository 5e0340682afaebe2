"""``kb.to_pandas``: a table as a pandas DataFrame, amounts as numbers with their exact decimal beside them.

pandas is imported when asked, never by ``import openai_kb``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._tabular import EXACT, columns, table, table_name

if TYPE_CHECKING:
    import pandas  # type: ignore[import-untyped]  # no stubs installed

    from ..view import RecordView

__all__ = ["to_pandas"]


def to_pandas(kb: RecordView, kind: str, *, exact: bool = False) -> pandas.DataFrame:
    """A family's table as a DataFrame: each amount ``float64`` to sort, sum and plot, its exact ``Decimal``
    beside it in ``<amount>_exact`` (object dtype); ``exact=True`` makes the amount itself the ``Decimal``.

    Counts and offsets are nullable ``Int64`` (an entity without evidence has none: no float NaN).
    A float holds every whole amount up to 2**53 exactly; ``amount_exact`` holds any amount exactly.
    """
    name = table_name(kind, "to_pandas()", kb.types)
    if not isinstance(exact, bool):
        raise TypeError(f"to_pandas() expects exact as a bool, not {type(exact).__name__}")
    try:
        import pandas
    except ImportError:
        raise ImportError("kb.to_pandas() needs pandas: pip install 'openai-kb[pandas]'") from None
    table_columns = columns(name, kb.types)
    frame = pandas.DataFrame.from_records(table(kb, name), columns=[column.name for column in table_columns])
    for column in table_columns:
        if column.holds == "integer":
            frame[column.name] = frame[column.name].astype("Int64")
        elif column.holds == "decimal":
            decimals = frame[column.name].astype(object)
            frame.insert(frame.columns.get_loc(column.name) + 1, column.name + EXACT, decimals)
            if not exact:
                frame[column.name] = pandas.Series(
                    [None if value is None else float(value) for value in decimals], index=frame.index, dtype="float64"
                )
    return frame
