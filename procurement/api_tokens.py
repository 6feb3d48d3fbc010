"""API tokens over the API: list, create, revoke (mounted at /api/tokens).

Errors come out in the API's envelope {code, message, detail}: the services raise
ServiceError, which the NinjaAPI this router is added to renders. This module does not import
procurement.api (which imports it), so it keeps its own map of error responses."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from procurement.models import ApiToken, ApiTokenStatus
from procurement.schemas import ErrorOut, Id
from procurement.services.errors import ServiceError
from procurement.services.tokens import api_token_create, api_token_list, api_token_revoke

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
# What the id column holds: anything else is a 422, never a database overflow.

router = Router(tags=["API tokens"])


class ApiTokenIn(Schema):
    name: str
    days: int | None = None


class ApiTokenOut(Schema):
    id: int
    name: str
    prefix: str
    owner: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    status: ApiTokenStatus


class ApiTokenCreatedOut(ApiTokenOut):
    key: str


def api_token_out(token: ApiToken, *, at: dt.datetime) -> dict:
    return {"id": token.pk, "name": token.name, "prefix": token.prefix,
            "owner": token.user.get_username(), "created_at": token.created_at,
            "last_used_at": token.last_used_at, "expires_at": token.expires_at,
            "revoked_at": token.revoked_at, "status": token.status(at)}


def _sent_a_token(request: HttpRequest) -> bool:
    scheme = request.headers.get("Authorization", "").partition(" ")[0]
    return scheme.lower() == "bearer"


@router.get("", response={200: list[ApiTokenOut], **ERRORS})
def list_tokens(request: HttpRequest, user: str | None = None):
    """Tokens you may manage, newest first: your own; an administrator sees every user's and
    may narrow to one with `?user=<username>`. Revoked and expired tokens are listed too
    (`status`), so you can tell why a client stopped working. The key is never shown again."""
    now = timezone.now()
    return [api_token_out(t, at=now)
            for t in api_token_list(user=request.user, owner_username=user)]


@router.post("", response={201: ApiTokenCreatedOut, **ERRORS})
def create_token(request: HttpRequest, body: ApiTokenIn):
    """Create a token for yourself, valid for `days` (default 90 unless the city set another,
    at most 365). The response is the only time `key` is shown: store it in the client's
    secret store. Log in or use your password (HTTP Basic) to create one; a token cannot
    create tokens, so a leaked key cannot outlive its revocation or its expiry."""
    if _sent_a_token(request):
        raise ServiceError("api-token.password-needed",
                           _("A token cannot create tokens: log in, or use your user name and "
                             "password (HTTP Basic)."), status=403)
    token, key = api_token_create(user=request.user, name=body.name, days=body.days)
    return Status(201, {**api_token_out(token, at=timezone.now()), "key": key})


@router.delete("/{token_id}", response={204: None, **ERRORS})
def revoke_token(request: HttpRequest, token_id: Id):
    """Revoke a token now (yours; an administrator: anyone's). Revoking twice is harmless."""
    api_token_revoke(acting_user=request.user, token_id=token_id)
    return Status(204, None)
