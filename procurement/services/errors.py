from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser


class ServiceError(Exception):
    """A request a user made that cannot be carried out; `code` is stable, `message` plain."""

    def __init__(self, code: str, message: str, *, status: int = 400,
                 detail: object = None) -> None:
        super().__init__(message)
        self.code, self.message, self.status, self.detail = code, message, status, detail


def vendor_id_or_refuse(user: AbstractBaseUser, *, code: str, message: str) -> int:
    """The vendor a vendor user acts for; anyone else is refused with `code` (403)."""
    profile = getattr(user, "profile", None)
    if profile is None or profile.role != "vendor" or profile.vendor_id is None:
        raise ServiceError(code, message, status=403)
    return profile.vendor_id
