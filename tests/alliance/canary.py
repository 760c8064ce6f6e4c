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
"""

from __future__ import annotations

from itertools import product
from typing import Any

from django.urls import reverse

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

__all__ = ["CANARY_NAMES", "CANARY_STATEMENT", "build_world", "scan"]

DECLARATION_LABEL = "support declaration"

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
        for (canary_kwargs, control_kwargs), probe in product(pairs, probes):
            canary_url = reverse(name, kwargs=canary_kwargs) + probe
            control_url = reverse(name, kwargs=control_kwargs) + probe
            for viewer, client in world.viewers.items():
                canary_body = _body(client.get(canary_url))
                control_body = (
                    canary_body if control_url == canary_url else _body(client.get(control_url))
                )
                requests += 2 if control_url != canary_url else 1
                shows_canary = any(n in canary_body for n in CANARY_NAMES)
                shows_control = CONTROL_NAME in control_body
                where = f"{viewer} at {canary_url}"
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
