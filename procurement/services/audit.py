"""The audit trail: every write that matters records who, what, when, before and after."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction

from procurement.models import AuditEvent


class AuditOutsideTransaction(RuntimeError):
    """An audit row must commit or roll back with the change it records."""


def audit_record(*, actor: AbstractBaseUser | None, action: str, obj: models.Model,
                 before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
                 jurisdiction_id: int | None = None, vendor_id: int | None = None) -> AuditEvent:
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransaction(f"audit of {action} must run inside transaction.atomic()")
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        jurisdiction_id=jurisdiction_id if jurisdiction_id is not None
        else getattr(obj, "jurisdiction_id", None),
        vendor_id=vendor_id if vendor_id is not None else getattr(obj, "vendor_id", None),
        before=before,
        after=after,
    )
