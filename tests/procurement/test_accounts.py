"""Accounts: log-in lockout per user and address and per address across user names (password
spraying); API tokens that expire and that their owner and an administrator can list and
revoke."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from procurement.models import ApiToken, AuditEvent
from procurement.services.tokens import api_token_create
from procurement.views.lockout import client_address
from tests.support import PASSWORD, basic_client

SPRAYED = "Boston2024!"
HERE, ELSEWHERE = "127.0.0.1", "192.0.2.10"
REFUSED = {"page": 200, "api": 401}  # the log-in form again; the API's auth.required
LOGGED_IN = {"page": 302, "api": 200}


def log_in(channel: str, username: str, password: str, address: str = HERE) -> HttpResponse:
    if channel == "page":
        return Client(REMOTE_ADDR=address).post(
            "/accounts/login/", {"username": username, "password": password})
    return basic_client(username, password).get("/api/contracts", REMOTE_ADDR=address)


def assert_locked_out(response: HttpResponse, channel: str, reason: str) -> None:
    assert response.status_code == 429
    if channel == "api":
        body = response.json()
        assert (body["code"], body["detail"]["locked"]) == ("auth.locked-out", reason)
    else:
        words = {"address": "from this address, across user names",
                 "user-and-address": "for this user from this address"}
        assert words[reason] in response.content.decode()


# --- lockout ------------------------------------------------------------------------------

@pytest.mark.parametrize("channel", ["page", "api"])
def test_spraying_one_password_across_user_names_locks_the_address(channel, vendor_user,
                                                                   officer_user):
    # 25 names, the 2 real ones first
    names = [vendor_user.username, officer_user.username, *(f"clerk{i}" for i in range(23))]
    statuses = [log_in(channel, name, SPRAYED).status_code for name in names]
    # The 20th failure (GOODBID_ADDRESS_FAILURE_LIMIT) locks the address.
    assert statuses == [REFUSED[channel]] * 19 + [429] * 6
    # Now even a right password is refused from this address, for any user...
    assert_locked_out(log_in(channel, vendor_user.username, PASSWORD), channel, "address")
    # ...while the same user from another address logs in.
    elsewhere = log_in(channel, vendor_user.username, PASSWORD, address=ELSEWHERE)
    assert elsewhere.status_code == LOGGED_IN[channel]


@pytest.mark.parametrize("channel", ["page", "api"])
def test_five_failures_lock_that_user_from_that_address_only(channel, vendor_user,
                                                             officer_user):
    statuses = [log_in(channel, vendor_user.username, "not-the-password").status_code
                for _ in range(5)]
    assert statuses == [REFUSED[channel]] * 4 + [429]
    assert_locked_out(log_in(channel, vendor_user.username, PASSWORD), channel,
                      "user-and-address")
    assert log_in(channel, officer_user.username, PASSWORD).status_code == LOGGED_IN[
        channel]
    elsewhere = log_in(channel, vendor_user.username, PASSWORD, address=ELSEWHERE)
    assert elsewhere.status_code == LOGGED_IN[channel]


def test_an_office_behind_one_address_survives_its_typos(vendor_user, other_vendor_user,
                                                         officer_user, licensing_user):
    """Four colleagues behind one address mistype four times each (16 failures): each still
    logs in, and each log-in forgives only that colleague's own failures."""
    colleagues = [vendor_user, other_vendor_user, officer_user, licensing_user]
    for colleague in colleagues:
        for _ in range(4):
            assert log_in("page", colleague.username, "typo").status_code == 200
    for colleague in colleagues:
        assert log_in("page", colleague.username, PASSWORD).status_code == 302


def test_a_successful_log_in_does_not_reset_the_address_count(vendor_user):
    """An attacker who owns one account cannot log into it between rounds of spraying to
    start the address's count again."""
    for i in range(19):
        assert log_in("api", f"clerk{i}", SPRAYED).status_code == 401
    assert log_in("page", vendor_user.username, PASSWORD).status_code == 302
    assert_locked_out(log_in("api", "clerk19", SPRAYED), "api", "address")


@pytest.mark.parametrize(("proxies", "remote", "forwarded", "client"), [
    (0, "10.0.0.1", "203.0.113.5", "10.0.0.1"),                # no proxy trusted: the header is
    (1, "10.0.0.1", "203.0.113.5", "203.0.113.5"),             # anyone's to forge
    (1, "10.0.0.1", "6.6.6.6, 203.0.113.5", "203.0.113.5"),    # the client's own claim ignored
    (2, "10.0.0.1", "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
    (1, "10.0.0.1", None, "10.0.0.1"),                         # a request that skipped the proxy
    (2, "10.0.0.1", "203.0.113.5", "10.0.0.1"),                # fewer hops than proxies
    (1, "10.0.0.1", "not-an-address", "10.0.0.1"),
    (1, "10.0.0.1", "2001:db8::7", "2001:db8::7"),
])
def test_the_client_address_is_the_one_the_trusted_proxy_saw(settings, proxies, remote,
                                                             forwarded, client):
    settings.GOODBID_TRUSTED_PROXIES = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **headers)
    assert client_address(request) == client


def test_behind_a_proxy_one_sprayer_does_not_lock_out_everyone(settings, vendor_user):
    settings.GOODBID_TRUSTED_PROXIES = 1
    proxy = Client(REMOTE_ADDR="10.0.0.1")

    def through_proxy(client_ip: str, username: str, password: str) -> int:
        return proxy.post("/accounts/login/", {"username": username, "password": password},
                          HTTP_X_FORWARDED_FOR=client_ip).status_code

    for i in range(20):
        through_proxy("203.0.113.5", f"clerk{i}", SPRAYED)
    assert through_proxy("203.0.113.5", vendor_user.username, PASSWORD) == 429
    assert through_proxy("198.51.100.8", vendor_user.username, PASSWORD) == 302


# --- API tokens ---------------------------------------------------------------------------

def bearer(key: str) -> Client:
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {key}")


def json_post(client: Client, url: str, body: dict) -> HttpResponse:
    return client.post(url, json.dumps(body), content_type="application/json")


def when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


@pytest.mark.parametrize(("expires_in", "status"), [
    (dt.timedelta(minutes=1), 200),
    (dt.timedelta(0), 401),             # expired at the instant it expires
    (dt.timedelta(seconds=-1), 401),
    (dt.timedelta(days=-400), 401),
])
def test_an_expired_token_is_refused(expires_in, status, vendor_user):
    token, key = api_token_create(user=vendor_user, name="ADP export")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + expires_in)
    response = bearer(key).get("/api/contracts")
    assert response.status_code == status
    if status == 401:
        assert response.json()["code"] == "auth.required"


def test_a_revoked_token_is_refused(vendor_user):
    token, key = api_token_create(user=vendor_user, name="ADP export")
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    response = bearer(key).get("/api/contracts")
    assert (response.status_code, response.json()["code"]) == (401, "auth.required")


def test_an_owner_creates_lists_and_revokes_a_token(client_for, vendor_user):
    vendor = client_for(vendor_user)
    created = json_post(vendor, "/api/tokens", {"name": "ADP export", "days": 30})
    assert created.status_code == 201, created.content
    token = created.json()
    assert token["key"].startswith("gb_") and token["prefix"] == token["key"][:10]
    assert (token["owner"], token["status"], token["revoked_at"]) == (
        vendor_user.username, "active", None)
    assert bearer(token["key"]).get("/api/contracts").status_code == 200

    listed = vendor.get("/api/tokens").json()
    assert [(t["id"], t["name"], t["status"]) for t in listed] == [
        (token["id"], "ADP export", "active")]
    assert listed[0]["last_used_at"] is not None
    assert not {"key", "key_hash"} & set(listed[0])

    assert vendor.delete(f"/api/tokens/{token['id']}").status_code == 204
    assert bearer(token["key"]).get("/api/contracts").status_code == 401
    assert [t["status"] for t in vendor.get("/api/tokens").json()] == ["revoked"]
    assert vendor.delete(f"/api/tokens/{token['id']}").status_code == 204  # again: harmless
    events = AuditEvent.objects.filter(object_type="procurement.apitoken",
                                       object_id=str(token["id"]))
    assert sorted((e.action, e.actor.username) for e in events) == [
        ("api-token.created", vendor_user.username),
        ("api-token.revoked", vendor_user.username)]


def test_the_listing_shows_expired_tokens_as_expired(client_for, vendor_user):
    token, _ = api_token_create(user=vendor_user, name="old export")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    api_token_create(user=vendor_user, name="new export")
    listed = client_for(vendor_user).get("/api/tokens").json()
    assert [(t["name"], t["status"]) for t in listed] == [
        ("new export", "active"), ("old export", "expired")]


@pytest.mark.parametrize(("who", "manages"), [
    ("vendor_user", True), ("admin_user", True),
    ("other_vendor_user", False), ("officer_user", False), ("licensing_user", False),
])
def test_only_the_owner_and_an_administrator_see_or_revoke_a_token(
        request, client_for, who, manages, vendor_user):
    token, key = api_token_create(user=vendor_user, name="ADP export")
    client = client_for(request.getfixturevalue(who))
    listed = {t["id"] for t in client.get("/api/tokens").json()}
    assert (token.pk in listed) is manages
    by_owner = client.get(f"/api/tokens?user={vendor_user.username}")
    revoked = client.delete(f"/api/tokens/{token.pk}")
    if manages:
        assert [t["id"] for t in by_owner.json()] == [token.pk]
        assert revoked.status_code == 204
        assert bearer(key).get("/api/contracts").status_code == 401
    else:
        assert (by_owner.status_code, by_owner.json()["code"]) == (404, "user.not-found")
        assert (revoked.status_code, revoked.json()["code"]) == (404, "api-token.not-found")
        assert bearer(key).get("/api/contracts").status_code == 200


def test_a_missing_token_and_another_users_token_look_the_same(
        client_for, vendor_user, other_vendor_user):
    token, _ = api_token_create(user=vendor_user, name="ADP export")
    other = client_for(other_vendor_user)
    theirs, missing = other.delete(f"/api/tokens/{token.pk}"), other.delete("/api/tokens/999999")
    assert theirs.json() == missing.json()
    nobody = other.get("/api/tokens?user=nobody-by-this-name")
    assert nobody.json() == other.get(f"/api/tokens?user={vendor_user.username}").json()
    assert other.get("/api/tokens?user=ven%00dor").json()["code"] == "request.nul-character"
    too_big = other.delete(f"/api/tokens/{2**64}")
    assert (too_big.status_code, too_big.json()["code"]) == (422, "request.invalid")


def test_an_administrator_lists_every_users_tokens_and_revokes_them(
        client_for, vendor_user, other_vendor_user, admin_user):
    vendors_token, _ = api_token_create(user=vendor_user, name="ADP export")
    others_token, _ = api_token_create(user=other_vendor_user, name="Gusto export")
    admin = client_for(admin_user)
    assert {(t["owner"], t["name"]) for t in admin.get("/api/tokens").json()} == {
        (vendor_user.username, "ADP export"), (other_vendor_user.username, "Gusto export")}
    by_owner = admin.get(f"/api/tokens?user={other_vendor_user.username}").json()
    assert [t["name"] for t in by_owner] == [
        "Gusto export"]
    assert admin.delete(f"/api/tokens/{others_token.pk}").status_code == 204
    event = AuditEvent.objects.get(action="api-token.revoked")
    assert (event.actor.username, event.object_id, event.vendor.legal_name) == (
        admin_user.username, str(others_token.pk), "Beacon Builders Inc.")
    assert [t["status"] for t in client_for(other_vendor_user).get("/api/tokens").json()] == [
        "revoked"]


@pytest.mark.parametrize(("days", "valid_days", "code"), [
    (None, 90, None),       # GOODBID_API_TOKEN_DAYS
    (1, 1, None),
    (365, 365, None),       # the most
    (366, None, "api-token.days-out-of-range"),
    (0, None, "api-token.days-out-of-range"),
    (-5, None, "api-token.days-out-of-range"),
])
def test_a_new_tokens_expiry_honours_days_and_the_most_allowed(
        client_for, days, valid_days, code, vendor_user):
    body = {"name": "ADP export"} if days is None else {"name": "ADP export", "days": days}
    before = timezone.now()
    response = json_post(client_for(vendor_user), "/api/tokens", body)
    if code:
        assert (response.status_code, response.json()["code"]) == (400, code)
        assert response.json()["detail"]["max_days"] == 365
        assert not ApiToken.objects.exists()
        return
    assert response.status_code == 201
    expires_at = when(response.json()["expires_at"])
    lifetime = dt.timedelta(days=valid_days)
    assert before + lifetime <= expires_at <= timezone.now() + lifetime


def test_the_default_lifetime_is_a_setting(client_for, settings, vendor_user):
    settings.GOODBID_API_TOKEN_DAYS = 30
    token = json_post(client_for(vendor_user), "/api/tokens", {"name": "ADP export"}).json()
    lifetime = when(token["expires_at"]) - when(token["created_at"])
    assert dt.timedelta(days=30) - dt.timedelta(seconds=5) < lifetime <= dt.timedelta(days=30)


@pytest.mark.parametrize(("name", "code"), [
    ("", "api-token.name-invalid"), ("   ", "api-token.name-invalid"),
    ("x" * 101, "api-token.name-invalid"), ("two\nlines", "api-token.name-invalid"),
    ("ADP\x00export", "request.nul-character")])
def test_a_token_needs_a_name(client_for, name, code, vendor_user):
    response = json_post(client_for(vendor_user), "/api/tokens", {"name": name})
    assert (response.status_code, response.json()["code"]) == (400, code)


def test_a_token_cannot_create_tokens(vendor_user):
    """Otherwise a leaked key could mint keys that outlive its revocation and its expiry."""
    _, key = api_token_create(user=vendor_user, name="ADP export")
    response = json_post(bearer(key), "/api/tokens", {"name": "another"})
    assert (response.status_code, response.json()["code"]) == (403, "api-token.password-needed")
    assert ApiToken.objects.count() == 1
    assert bearer(key).get("/api/tokens").status_code == 200  # listing and revoking are fine


def test_the_token_list_costs_the_same_queries_for_many_tokens(
        client_for, vendor_user, other_vendor_user, admin_user):
    admin = client_for(admin_user)
    api_token_create(user=vendor_user, name="one")
    admin.get("/api/tokens")  # warm: the first request loads what every request then reuses
    with CaptureQueriesContext(connection) as one:
        assert len(admin.get("/api/tokens").json()) == 1
    for i in range(5):
        api_token_create(user=other_vendor_user if i % 2 else vendor_user, name=f"export {i}")
    with CaptureQueriesContext(connection) as six:
        assert len(admin.get("/api/tokens").json()) == 6
    assert len(six) == len(one)


def test_an_unauthenticated_request_is_told_to_authenticate(db):
    response = Client().get("/api/tokens")
    assert (response.status_code, response.json()["code"]) == (401, "auth.required")


def test_create_api_token_command_takes_days(capsys, vendor_user):
    call_command("create_api_token", vendor_user.username, "ADP export", "--days", "30")
    key = capsys.readouterr().out.strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert token.prefix == key[:10]
    assert dt.timedelta(days=30) - dt.timedelta(seconds=5) < (
        token.expires_at - token.created_at) <= dt.timedelta(days=30)
    with pytest.raises(CommandError, match="1 to 365 days"):
        call_command("create_api_token", vendor_user.username, "ADP export", "--days", "400")


def test_the_admin_lists_tokens_with_their_expiry_and_revokes_them(vendor_user, admin_user):
    token, key = api_token_create(user=vendor_user, name="ADP export")
    admin = Client()
    admin.force_login(admin_user)
    listing = admin.get("/admin/procurement/apitoken/").content.decode()
    assert "ADP export" in listing and "Active" in listing and "key_hash" not in listing
    assert admin.get("/admin/procurement/apitoken/add/").status_code == 403
    page = admin.get(f"/admin/procurement/apitoken/{token.pk}/change/").content.decode()
    assert token.key_hash not in page and 'name="name"' not in page
    admin.post("/admin/procurement/apitoken/", {"action": "revoke",
                                                "_selected_action": [token.pk]})
    assert bearer(key).get("/api/contracts").status_code == 401
    assert AuditEvent.objects.get(action="api-token.revoked").actor == admin_user


def test_existing_tokens_get_an_expiry_when_the_migration_runs(transactional_db):
    before, after = ("procurement", "0004_submission_pay_period_end"), (
        "procurement", "0005_apitoken_expiry")
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate([before])
    old = executor.loader.project_state([before]).apps
    owner = old.get_model(settings.AUTH_USER_MODEL).objects.create(username="payroll")
    old.get_model("procurement", "ApiToken").objects.create(
        user_id=owner.pk, name="legacy", prefix="gb_legacy", key_hash="0" * 64)
    migrated_at = timezone.now()
    executor = MigrationExecutor(connection)
    executor.migrate([after])
    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    legacy = ApiToken.objects.get(name="legacy")
    lifetime = legacy.expires_at - migrated_at
    assert dt.timedelta(days=90) <= lifetime < dt.timedelta(days=90, minutes=5)
