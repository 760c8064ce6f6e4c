"""The canary: organisations with distinctive names declare support; every URL pattern of the
site is then requested as an anonymous visitor, as a member of another organisation and as
staff, and the names must show up only where the rule allows.

The rule, per request:
- The support statement of a canary is never shown to anyone outside its organisation.
- Anonymous visitors and members of other organisations never see a canary's name. The one
  exception is an invitation's secret link, which names the inviting organisation to whoever
  holds it, supporter or not.
- Wherever a canary's name is shown (to staff in the admin, say), a control organisation that
  does not support the Alliance is shown in the same way: the page is blind to support, so it
  cannot be used to list supporters, neither by who is on it nor by who is left off it.
- A name counts as shown in its slugified form too ("zqx-canary-alpha", as in an address or a
  file name), except in the address the viewer asked for, which a page may repeat.
- No request answers 500; the canary's and the control's pages answer with the same status
  (blind to support); and each answer is the one the permissions matrix
  (tests/security/permissions_table.py) expects for that viewer.
"""

from __future__ import annotations

from itertools import product
from typing import Any
from urllib.parse import quote

from django.test import Client
from django.urls import reverse
from django.utils.text import slugify

from tests.catalogue import (
    CANARY_NAMES,
    CANARY_STATEMENT,
    CONTROL_NAME,
    UNNAMED_ALLOWED,
    World,
    build_world,
    kwargs_for,
    url_patterns,
)
from tests.security.permissions import expected, outcome, row_key
from tests.security.permissions_table import VIEWERS

__all__ = ["CANARY_NAMES", "CANARY_STATEMENT", "build_world", "scan"]

DECLARATION_LABEL = "support declaration"
CANARY_SLUGS = tuple(slugify(name) for name in CANARY_NAMES)
CONTROL_SLUG = slugify(CONTROL_NAME)
# The canary's viewers as the permissions matrix names them.
MATRIX_VIEWER = {"anonymous": "anonymous", "other organisation": "bob", "staff": "staff"}

# Ways one might try to make an admin list filter by support; each must change nothing.
CHANGELIST_PROBES = (
    "",
    "?support_declaration__isnull=False",
    "?support_declaration__isnull=True",
    "?organisation__support_declaration__isnull=False",
    "?memberships__organisation__support_declaration__isnull=False",
    "?q=Zqx",
)


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _shown(body: str, url: str, names: tuple[str, ...], slugs: tuple[str, ...]) -> bool:
    if any(name in body for name in names):
        return True
    # The page may repeat the address it was asked for (a language switch, a "next" link).
    path = url.split("?", 1)[0]
    for asked in (url, quote(url, safe=""), path, quote(path, safe="")):
        body = body.replace(asked, "")
    return any(slug in body for slug in slugs)


def _get(client: Client, url: str) -> tuple[int, str, str]:
    """(status, outcome as the matrix writes it, body); an exception is a 500."""
    try:
        response = client.get(url)
    except Exception as exc:  # any exception in a view is the 500 being looked for
        return 500, "500", repr(exc)
    return response.status_code, outcome(response), _body(response)


def scan(world: World) -> tuple[list[str], int]:
    """Request every URL pattern as every viewer. Returns (problems, requests made)."""
    problems: list[str] = []
    requests = 0
    for name, params in url_patterns():
        if name is None:
            if params not in UNNAMED_ALLOWED:
                problems.append(f"unnamed URL pattern with {params}: name it")
            continue
        pairs = zip(
            kwargs_for(name, params, world.canary, world),
            kwargs_for(name, params, world.control, world),
            strict=True,
        )
        probes = CHANGELIST_PROBES if name.endswith("_changelist") else ("",)
        pairs = list(pairs)
        for (index, (canary_kwargs, control_kwargs)), probe in product(enumerate(pairs), probes):
            canary_url = reverse(name, kwargs=canary_kwargs) + probe
            control_url = reverse(name, kwargs=control_kwargs) + probe
            for viewer, client in world.viewers.items():
                status, answer, canary_body = _get(client, canary_url)
                control_status, _, control_body = (
                    (status, answer, canary_body)
                    if control_url == canary_url
                    else _get(client, control_url)
                )
                requests += 2 if control_url != canary_url else 1
                shows_canary = _shown(canary_body, canary_url, CANARY_NAMES, CANARY_SLUGS)
                shows_control = _shown(control_body, control_url, (CONTROL_NAME,), (CONTROL_SLUG,))
                where = f"{viewer} at {canary_url}"
                if status >= 500:
                    problems.append(f"{where}: answers {status} ({canary_body[:200]})")
                if control_status >= 500:
                    problems.append(f"{viewer} at {control_url}: answers {control_status}")
                if status != control_status:
                    problems.append(f"{where}: answers {status}, the control {control_status}")
                if not probe:
                    problems.extend(_against_matrix(name, index, len(pairs), viewer, answer, where))
                if CANARY_STATEMENT in canary_body:
                    problems.append(f"{where}: shows a canary's support statement")
                # Django's delete confirmations list related objects, registered or not: a page
                # about a supporter must not mention a declaration its control's page lacks.
                if (DECLARATION_LABEL in canary_body.lower()) != (
                    DECLARATION_LABEL in control_body.lower()
                ):
                    problems.append(f"{where}: mentions a canary's support declaration")
                if shows_canary != shows_control:
                    problems.append(
                        f"{where}: shows the canary {shows_canary}, the control {shows_control}"
                    )
                if viewer != "staff" and shows_canary and name != "accounts:invitation":
                    problems.append(f"{where}: shows a canary's name")
    return problems, requests


def _against_matrix(
    name: str, index: int, count: int, viewer: str, answer: str, where: str
) -> list[str]:
    want = expected(row_key(name, index, count), name)
    if want is None:
        return [f"{where}: no row in the permissions matrix"]
    wanted = want["GET"][VIEWERS.index(MATRIX_VIEWER[viewer])]
    if answer != wanted:
        return [f"{where}: answers {answer}, the permissions matrix expects {wanted}"]
    return []
