"""API tokens for machine clients. The raw key is shown once; only its hash is kept.

Every token expires (GOODBID_API_TOKEN_DAYS, at most MAX_DAYS): a key left in a
decommissioned payroll system stops working on its own. A token's owner and an administrator
can list and revoke it; to anyone else it does not exist."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from procurement.models import ApiToken, Role
from procurement.selectors import user_scope
from procurement.services.audit import audit_record
from procurement.services.errors import ServiceError

PREFIX = "gb_"
# A year: long enough for an annual contract's integration, short enough that a key is
# reviewed at least once a year.
MAX_DAYS = 365
NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _vendor_id(user: AbstractBaseUser) -> int | None:
    return getattr(getattr(user, "profile", None), "vendor_id", None)


def _is_administrator(user: AbstractBaseUser) -> bool:
    return user_scope(user).role == Role.ADMIN


def api_token_days_default() -> int:
    return getattr(settings, "GOODBID_API_TOKEN_DAYS", 90)


def api_token_create(*, user: AbstractBaseUser, name: str,
                     days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for `user`, valid for `days` (GOODBID_API_TOKEN_DAYS when not given)."""
    name = name.strip()
    if not name or len(name) > NAME_MAX_LENGTH or not name.isprintable():
        raise ServiceError("api-token.name-invalid",
                           _("Name the token (1 to %(max)d characters), e.g. 'ADP export'.")
                           % {"max": NAME_MAX_LENGTH},
                           detail={"max_length": NAME_MAX_LENGTH})
    days = api_token_days_default() if days is None else days
    if not 1 <= days <= MAX_DAYS:
        raise ServiceError("api-token.days-out-of-range",
                           _("A token is valid for 1 to %(max)d days.") % {"max": MAX_DAYS},
                           detail={"days": days, "max_days": MAX_DAYS})
    key = PREFIX + secrets.token_urlsafe(32)
    expires_at = timezone.now() + dt.timedelta(days=days)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, prefix=key[:10],
                                        key_hash=_hash(key), expires_at=expires_at)
        audit_record(actor=user, action="api-token.created", obj=token,
                     after={"name": name, "prefix": token.prefix,
                            "expires_at": expires_at.isoformat()},
                     jurisdiction_id=None, vendor_id=_vendor_id(user))
    return token, key


def api_token_user(key: str) -> AbstractBaseUser | None:
    """The active user a key belongs to; None for an unknown, revoked or expired key."""
    if not key.startswith(PREFIX):
        return None
    now = timezone.now()
    token = ApiToken.objects.usable(now).select_related("user").filter(
        key_hash=_hash(key), user__is_active=True).first()
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def api_token_list(*, user: AbstractBaseUser,
                   owner_username: str | None = None) -> QuerySet[ApiToken]:
    """The tokens `user` may manage, newest first: their own, or every user's for an
    administrator. `owner_username` narrows to one user's; naming anyone else is 'not found'
    for a non-administrator, as is a user who does not exist."""
    tokens = ApiToken.objects.select_related("user")
    if not _is_administrator(user):
        tokens = tokens.filter(user=user)
    if owner_username is not None:
        # A name no user can have (a NUL byte, which PostgreSQL refuses) is simply not found.
        owner = get_user_model().objects.filter(username=owner_username).first() if (
            owner_username.isprintable()) else None
        if owner is None or not (owner.pk == user.pk or _is_administrator(user)):
            raise ServiceError("user.not-found", _("No user with this name is visible to you."),
                               status=404)
        tokens = tokens.filter(user=owner)
    return tokens


def api_token_revoke(*, acting_user: AbstractBaseUser, token_id: int) -> ApiToken:
    """Revoke a token of one's own, or any token for an administrator. Revoking a revoked
    token changes nothing. Another user's token is 'not found', never 'forbidden'."""
    with transaction.atomic():
        token = (api_token_list(user=acting_user).select_for_update(of=("self",))
                 .filter(pk=token_id).first())
        if token is None:
            raise ServiceError("api-token.not-found",
                               _("No API token with this id is visible to you."), status=404)
        if token.revoked_at is not None:
            return token
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=acting_user, action="api-token.revoked", obj=token,
                     before={"revoked_at": None},
                     after={"revoked_at": token.revoked_at.isoformat(),
                            "owner": token.user.get_username(), "prefix": token.prefix},
                     jurisdiction_id=None, vendor_id=_vendor_id(token.user))
    return token
