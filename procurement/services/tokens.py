"""API tokens for machine clients. The raw key is shown once; only its hash is kept."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from procurement.models import ApiToken
from procurement.services.audit import audit_record

PREFIX = "gb_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user: AbstractBaseUser, name: str) -> tuple[ApiToken, str]:
    key = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, prefix=key[:10],
                                        key_hash=_hash(key))
        audit_record(actor=user, action="api-token.created", obj=token,
                     after={"name": name, "prefix": token.prefix}, jurisdiction_id=None,
                     vendor_id=getattr(getattr(user, "profile", None), "vendor_id", None))
    return token, key


def api_token_user(key: str) -> AbstractBaseUser | None:
    if not key.startswith(PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(
        key_hash=_hash(key), revoked_at__isnull=True, user__is_active=True).first()
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
