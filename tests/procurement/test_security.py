"""Production settings, security headers, login rate limiting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.http import HttpRequest
from django.test import Client

from tests.support import PASSWORD, basic_client

ROOT = Path(__file__).resolve().parents[2]
def production_env(tmp_path, **overrides: str) -> dict[str, str]:
    # The browser tests allow Django's async-unsafe calls in this process; production never.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**env, **PRODUCTION_ENV, "GOODBID_VAR_DIR": str(tmp_path), **overrides}


PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k3y-" + "x7Qp9vLm2Rt5Wz8Nc4Bf6Hj1Ks3Dg0Ya" * 2,
    "DJANGO_ALLOWED_HOSTS": "goodbid.example.gov",
}


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = production_env(tmp_path)
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy",
                             "--fail-level", "WARNING"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path, DJANGO_SECRET_KEY="")
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "Set DJANGO_SECRET_KEY" in result.stderr


def test_pages_send_security_headers_and_a_strict_csp(client, db):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    docs = client.get("/api/docs").content.decode()
    assert "cdn.jsdelivr.net" not in docs and "/static/ninja/swagger-ui-bundle.js" in docs


def test_templates_have_no_inline_script_or_style():
    templates = (ROOT / "procurement" / "templates").rglob("*.html")
    offenders = [str(t) for t in templates
                 if any(marker in t.read_text() for marker in ("<script>", "style=", "onclick="))]
    assert offenders == []


def test_login_attempts_are_rate_limited(vendor_user, officer_user):
    wrong = {"username": vendor_user.username, "password": "not-the-password"}
    assert Client().post("/accounts/login/", {**wrong, "password": PASSWORD}).status_code == 302
    for _ in range(5):
        Client().post("/accounts/login/", wrong)
    # Now even the right password is refused, on the page and over the API.
    page = Client().post("/accounts/login/", {**wrong, "password": PASSWORD})
    assert page.status_code == 429
    assert "Wait 15 minutes and try again" in page.content.decode()
    api = basic_client(vendor_user.username, PASSWORD).get("/api/submissions")
    assert (api.status_code, api.json()["code"]) == (429, "auth.locked-out")
    other_user = Client()
    assert other_user.login(request=HttpRequest(), username=officer_user.username,
                            password=PASSWORD)


def test_debug_is_off_unless_asked_for_and_the_demo_refuses_to_load_then(tmp_path):
    env = production_env(tmp_path)
    env.pop("DJANGO_DEBUG")
    shown = subprocess.run([sys.executable, "-c", "import django, os; os.environ.setdefault("
                            "'DJANGO_SETTINGS_MODULE', 'procurement.settings'); django.setup(); "
                            "from django.conf import settings; print(settings.DEBUG)"],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert shown.stdout.strip() == "False", shown.stderr
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env,
                   capture_output=True, check=True, timeout=300)
    refused = subprocess.run([sys.executable, "manage.py", "load_demo"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode != 0
    assert "passwords are published" in refused.stderr and "--force" in refused.stderr
    assert "vendor-demo-2024" not in refused.stdout
