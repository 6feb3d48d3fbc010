"""Reads, scoped to what the asking user may see. Anything else is 'not found'."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from procurement.models import Role, Submission


def _role(user: AbstractBaseUser) -> str | None:
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMIN
    profile = getattr(user, "profile", None)
    return profile.role if profile else None


def submission_list(*, user: AbstractBaseUser) -> QuerySet[Submission]:
    submissions = Submission.objects.select_related("vendor")
    role = _role(user)
    if role == Role.VENDOR:
        return submissions.filter(vendor_id=user.profile.vendor_id)
    if role in (Role.OFFICER, Role.ADMIN):
        return submissions.all()
    return submissions.none()


def submission_get(*, user: AbstractBaseUser, submission_id: int) -> Submission:
    """Raises Submission.DoesNotExist when it does not exist or the user may not see it."""
    return submission_list(user=user).get(pk=submission_id)
