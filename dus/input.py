"""Reading what a person typed, or tampered with, in a request.

Whole numbers and ids from query strings and form keys are read as ASCII digits
only: "²" passes `str.isdigit()` and then crashes `int()`, and "٣" would pass
both. Ids stay within the 64-bit range of every database (SQLite refuses larger
integers with an OverflowError)."""

MAX_ID = 2**63 - 1


def parse_int(raw: str | None, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """The whole number written in ASCII digits from minimum to maximum, or None.

    Without bounds it reads an id."""
    raw = (raw or "").strip()
    if not (raw.isascii() and raw.isdecimal()) or len(raw) > len(str(maximum)):
        return None
    value = int(raw)
    return value if minimum <= value <= maximum else None
