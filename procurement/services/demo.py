"""Demo data: a vendor and one user of each role, with known passwords."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from procurement.models import Profile, Role, Vendor


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    vendor: str | None = None


DEMO_VENDOR = "Harbor Facility Services LLC"
DEMO_OTHER_VENDOR = "Beacon Cleaning Co."
DEMO_USERS = (
    DemoUser("vendor", "vendor-demo-2024", Role.VENDOR, DEMO_VENDOR),
    DemoUser("vendor2", "vendor2-demo-2024", Role.VENDOR, DEMO_OTHER_VENDOR),
    DemoUser("officer", "officer-demo-2024", Role.OFFICER),
    DemoUser("licensing", "licensing-demo-2024", Role.LICENSING),
    DemoUser("admin", "admin-demo-2024", Role.ADMIN),
)


def demo_load() -> tuple[DemoUser, ...]:
    """Create or reset the demo vendors and users. Safe to run again."""
    user_model = get_user_model()
    with transaction.atomic():
        vendors = {
            name: Vendor.objects.get_or_create(legal_name=name)[0]
            for name in (DEMO_VENDOR, DEMO_OTHER_VENDOR)
        }
        for demo in DEMO_USERS:
            user, _ = user_model.objects.get_or_create(username=demo.username)
            user.set_password(demo.password)
            user.is_staff = user.is_superuser = demo.role == Role.ADMIN
            user.save()
            Profile.objects.update_or_create(
                user=user,
                defaults={"role": demo.role,
                          "vendor": vendors[demo.vendor] if demo.vendor else None},
            )
    return DEMO_USERS
