"""Hostile input everywhere: arbitrary text, huge strings, control and bidirectional
characters, broken values, in every query string and every form the site has. The answer is
never a 500."""

import re

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.catalogue import urls_of

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

NASTY = [
    "",
    " ",
    "\x00",
    "\u202e\u2066evil\u2069",  # right-to-left override and isolates
    "\ufeff",
    "' OR 1=1 --",
    '"><script>alert(1)</script>',
    "-1",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "../../etc/passwd",
    "%00",
    "a" * 100_000,
    '"unbalanced',
    "((( -",
    "ñ" * 300,
]
texts = st.one_of(st.sampled_from(NASTY), st.text(max_size=300))
COMMON_FIELDS = {
    "email",
    "role",
    "statement",
    "priority_areas",
    "organisation",
    "published",
    "password",
    "name",
    "kind",
    "size_class",
    "country",
    "sector",
    "website",
    "topic",
    "wanted",
    "strategy",
    "results",
    "initiatives",
    "best_practices",
    "states_support",
    "q",
    "page",
    "login",
}
# Requests that end the session the fuzzing runs in.
SKIP = {"account_logout"}


def _field_names(html: str) -> set[str]:
    return set(re.findall(r'name="([a-zA-Z0-9_\-]+)"', html)) - {"csrfmiddlewaretoken"}


def _attack(client: Client, path: str, fields: list[str], failures: list[str]):
    @settings(max_examples=6, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(data=st.dictionaries(st.sampled_from(fields), texts, max_size=6))
    def attack(data):
        for method in ("get", "post"):
            response = getattr(client, method)(path, data)
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {path} {data!r:.200}: {response.status_code}")

    return attack


def test_no_input_makes_the_site_fail(world):
    # The admin's forms are Django's own and open to staff only; every other URL is attacked
    # as a signed-in administrator of an organisation, who can reach the most forms.
    member = Client(raise_request_exception=False)
    member.force_login(world.canary.admin)
    failures: list[str] = []
    attacked = 0

    for name, path in list(urls_of(world, world.canary)):
        if name in SKIP or name.startswith("admin:"):
            continue
        page = member.get(path)
        html = "" if page.streaming else page.content.decode(errors="replace")  # downloads
        fields = sorted(_field_names(html) | COMMON_FIELDS)
        _attack(member, path, fields, failures)()
        attacked += 1

    assert failures == []
    assert attacked > 40
