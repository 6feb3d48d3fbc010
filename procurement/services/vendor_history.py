"""What other parts of GoodBid know of a vendor's history, told to the core without the core
importing them: licensing registers its confirmed wage-theft cases here when it is installed
(procurement.licensing.apps), and the check adds them to every report the vendor files."""

from __future__ import annotations

from collections.abc import Callable

# Each takes a vendor's id and gives the wage-theft cases confirmed as the vendor's (objects
# with source, case_id, confirmed_at: what rules.wage_theft.wage_theft_findings reads).
CONFIRMED_CASE_PROVIDERS: list[Callable[[int], list]] = []


def confirmed_cases(vendor_id: int) -> list:
    """Every wage-theft case confirmed as the vendor's (none without licensing)."""
    return [case for provider in CONFIRMED_CASE_PROVIDERS for case in provider(vendor_id)]
