"""One cluster (scripts/cluster.py) for the whole package: starting it takes a minute or more.

The tests skip, saying why, where network namespaces cannot be made (not root, no iproute2,
no PostgreSQL server binaries, no HAProxy and no way to install it).
"""

from __future__ import annotations

import http.cookiejar
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import cluster as topology  # noqa: E402

PASSWORD = "cluster horse battery staple"
VIRTUAL_USERS = 8
ORGANISATION = "Cluster Cache Works"
PRACTICE = "Energy audits that a small workshop can run itself"

# Built once on the migrated database by a process on web1, as an operator's script would.
FIXTURE = f"""
import datetime as dt
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from accounts.models import Membership, Organisation, OrganisationKind, Role, User
from alliance.models import Profile
from knowledge.helpdesk import services as helpdesk
from knowledge.models import Practice
from releases.services import release_publish
from taxonomy.choices import Country, SizeClass
from taxonomy.models import Theme

password = make_password({PASSWORD!r})
people = [User(email=f"vu{{n}}@example.org", name=f"Virtual user {{n}}", password=password)
          for n in range({VIRTUAL_USERS})]
people.append(User(email="admin@cluster.example.org", name="Cache admin", password=password))
people = User.objects.bulk_create(people)
EmailAddress.objects.bulk_create(
    EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in people)
works = Organisation.objects.create(name={ORGANISATION!r}, kind=OrganisationKind.ENTERPRISE,
                                    size_class=SizeClass.SMALL, country=Country.BE)
Membership.objects.create(user=people[-1], organisation=works, role=Role.ADMIN)
Profile.objects.create(organisation=works, strategy="We audit our energy use every year.")
Practice.objects.create(source_id="cluster-1", title={PRACTICE!r},
    summary="A checklist for the first audit.", type="guide", language="en",
    status="published", published_at=timezone.now())
release_publish(now=timezone.now() - dt.timedelta(days=30))
question = helpdesk.question_ask(asker=None, email="asker@example.org", subject="Energy audits",
    body="Where do we start?", theme=Theme.objects.get(slug="eco-efficiency"))
print(works.slug, question.reply_token)
"""


@dataclass
class Portal:
    cluster: topology.Cluster
    organisation_slug: str
    # An anonymous asker's help desk thread (/help/thread/<token>/).
    reply_token: str

    def whole(self) -> topology.Cluster:
        """The cluster once every host a test killed and restarted is back in service."""
        cluster = self.cluster
        for host in topology.ROLES["web"]:
            if cluster.backend_status()[host] != "UP":
                cluster.wait_web(host)
                topology.wait_for(
                    lambda host=host: cluster.backend_status()[host] == "UP",
                    timeout=30,
                    what=f"HAProxy to take {host} back",
                )
        cluster.wait_workers(*topology.ROLES["worker"])
        return cluster


@pytest.fixture(scope="session")
def portal(request: pytest.FixtureRequest) -> Iterator[Portal]:
    reason = topology.unavailable()
    if reason:
        pytest.skip(reason)
    started = time.monotonic()
    with topology.Cluster(smtp_delay=0.01) as cluster:
        slug, token = cluster.shell(FIXTURE).strip().splitlines()[-1].split()
        capture = request.config.pluginmanager.getplugin("capturemanager")
        with capture.global_and_fixture_disabled():
            print(
                f"\n[cluster] up in {time.monotonic() - started:.0f}s, fixture included ("
                + ", ".join(f"{k} {v}s" for k, v in cluster.timings.items() if k != "total")
                + ")"
            )
        yield Portal(cluster, slug, token)
    with capture.global_and_fixture_disabled():
        print(f"\n[cluster] down in {cluster.timings['down']}s")


class _AnyCookies(http.cookiejar.DefaultCookiePolicy):
    """Sends the portal's Secure cookies to a web host's plain-HTTP address too (behind
    HAProxy only HTTPS is used, as in production)."""

    def return_ok_secure(self, cookie, request) -> bool:
        return True

    def set_ok(self, cookie, request) -> bool:
        cookie.secure = False
        return super().set_ok(cookie, request)


class Visitor:
    """A browser of its own: a cookie jar, no redirects followed, the self-signed certificate
    accepted."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar(policy=_AnyCookies())

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar),
            urllib.request.HTTPSHandler(context=topology.insecure_tls()),
            NoRedirect,
        )

    def request(
        self, path: str, data: dict[str, str] | None = None, *, timeout: float = 20
    ) -> tuple[int, str, Message]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"Referer": self.base + path}
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), error.headers

    def carry(self, other: Visitor, name: str = "sessionid") -> None:
        """Take ``other``'s cookie ``name``, as a browser would find it on the same site."""
        found = next(c for c in other.jar if c.name == name)
        host = urllib.parse.urlsplit(self.base).hostname
        self.jar.set_cookie(
            http.cookiejar.Cookie(
                0,
                name,
                found.value,
                None,
                False,
                host,
                False,
                False,
                "/",
                True,
                False,
                None,
                False,
                None,
                None,
                {},
            )
        )

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def sign_in(self, email: str) -> None:
        status, page, _ = self.request("/accounts/login/")
        assert status == 200, (status, page[:500])
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, page, _headers = self.request(
            "/accounts/login/",
            {"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        assert status == 302, (status, page[:2000])
        assert self.cookie("sessionid"), "no session cookie after signing in"

    def csrf_token(self, path: str) -> str:
        status, page, _ = self.request(path)
        assert status == 200, (status, page[:500])
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
