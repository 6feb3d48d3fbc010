"""Money as GoodBid computes it: whole ten-thousandths of a dollar ("money units"), int.

One unit for every amount and rate read, compared and owed in imports, rules and licensing:
exact to compare and to sum (a prevailing-wage fringe of $37.885 is 378850 units), fast as
int64 columns. An amount a rule rounds to the cent (back pay, a rate shown) stays in units, a
multiple of CENT. Text and Decimal are only at the edges: `units` reads an amount written
in dollars, `number` and `text` write one, `as_decimal` hands one to a DecimalField or JSON.

Rounding is half-up, as the rules state it: a half is rounded away from zero (Decimal's
ROUND_HALF_UP), so $0.005 is $0.01 and -$0.005 is -$0.01.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import numpy as np
import pandas as pd

SCALE = 10_000  # units in a dollar
CENT = SCALE // 100  # units in a cent
_TOO_LARGE = 1e11  # dollars: beyond any wage or back pay, not a figure we keep

__all__ = ["CENT", "SCALE", "as_cents", "as_decimal", "from_dollars", "number", "text",
           "to_cent", "to_cent_array", "units"]


def units(amount: Decimal | str | int) -> int:
    """An amount in dollars as money units, exactly: 18 -> 180000, "18.2" -> 182000,
    "$1,234.50" -> 12345000, "(5.00)" -> -50000, Decimal("37.885") -> 378850. Digits past
    a ten-thousandth are rounded half-up (a float printed as "10362.700000000001"). A float
    is refused: it is not an exact amount."""
    if isinstance(amount, bool) or not isinstance(amount, (Decimal, str, int)):
        raise TypeError(f"money is read from Decimal, str or int, not {type(amount).__name__}")
    if isinstance(amount, int):
        return amount * SCALE
    if isinstance(amount, str):
        written = amount.strip().replace(",", "").replace("$", "").replace(" ", "")
        negative = written.startswith("(") and written.endswith(")")
        try:
            amount = Decimal(written.strip("()"))
        except InvalidOperation:
            raise ValueError(f"not an amount of money: {amount!r}") from None
        amount = -amount if negative else amount
    if not amount.is_finite():
        raise ValueError(f"not an amount of money: {amount!r}")
    return int((amount * SCALE).to_integral_value(rounding=ROUND_HALF_UP))


def to_cent(amount: int, per: int = 1) -> int:
    """`amount / per` money units rounded half-up to a whole cent, in money units (a
    multiple of CENT). `per` divides a product first: back pay summed in money x hour units
    is `to_cent(total, per=HOURS_SCALE)`."""
    step = CENT * int(per)
    amount = int(amount)
    whole = (abs(amount) + step // 2) // step * CENT
    return -whole if amount < 0 else whole


def to_cent_array(amounts: np.ndarray, per: int | np.ndarray = 1) -> np.ndarray:
    """`to_cent` over a numpy array (int64 out). Integer amounts are rounded exactly; a
    float array (a sum weighted by fractional factors) is rounded as the same formula in
    float."""
    step = CENT * np.asarray(per, dtype="int64")
    if np.issubdtype(np.asarray(amounts).dtype, np.floating):
        size = np.floor((np.abs(amounts) + step // 2) / step).astype("int64")
    else:
        size = (np.abs(amounts) + step // 2) // step
    return np.where(np.asarray(amounts) < 0, -size, size).astype("int64") * CENT


def as_cents(amount: int | np.ndarray | pd.Series) -> int | np.ndarray | pd.Series:
    """Money units as whole cents, rounded half-up: for procurement's back-pay ledger, which
    counts in cents. The one way out of the unit; nothing in imports, rules or licensing
    computes in cents."""
    if isinstance(amount, (int, np.integer)):
        return to_cent(int(amount)) // CENT
    values = np.asarray(amount, dtype="int64")
    whole = to_cent_array(values) // CENT
    return pd.Series(whole, index=amount.index) if isinstance(amount, pd.Series) else whole


def _digits(amount: int) -> tuple[str, int, int]:
    """Sign, whole dollars and hundredths of `amount` units rounded half-up to the cent."""
    rounded = to_cent(amount) // CENT
    dollars, hundredths = divmod(abs(rounded), 100)
    return ("-" if rounded < 0 else ""), dollars, hundredths


def number(amount: int) -> str:
    """Money units as the report's decimal string, to the cent: 182000 -> '18.20',
    -50 -> '-0.01'. Exact for any int (integer arithmetic, never a float)."""
    sign, dollars, hundredths = _digits(int(amount))
    return f"{sign}{dollars}.{hundredths:02d}"


def text(amount: int) -> str:
    """Money units for a sentence, to the cent: 12345600 -> '$1,234.56',
    -12345600 -> '-$1,234.56'."""
    sign, dollars, hundredths = _digits(int(amount))
    return f"{sign}${dollars:,}.{hundredths:02d}"


def as_decimal(amount: int) -> Decimal:
    """Money units as an exact Decimal, for a DecimalField or JSON: two places when the
    amount is whole cents (182000 -> Decimal('18.20')), four otherwise."""
    amount = int(amount)
    if amount % CENT == 0:
        return Decimal(amount // CENT).scaleb(-2)
    return Decimal(amount).scaleb(-4)


def from_dollars(values: pd.Series) -> pd.Series:
    """Float dollars, as imports.values.parse_number reads cells, to money units (Int64; NaN
    and amounts beyond any wage -> NA). A parsed float is within far less than half a unit of
    the decimal written for any amount below $100 billion, so rounding gives it exactly."""
    kept = values.where(values.abs() < _TOO_LARGE)
    return (kept * SCALE).round().astype("Int64")
