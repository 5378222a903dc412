"""Cell values as text: what workspace tables give (None, NaN from pandas, numbers) shown as a string."""
from __future__ import annotations


def text_or_blank(v) -> str:
    """``v`` as text; '' for None and NaN."""
    return "" if v is None or (isinstance(v, float) and v != v) else str(v)
