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

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from accounts import services as accounts_services
from accounts.models import Invitation, Membership, Organisation, Role, User
from alliance import services as alliance_services
from notifications.models import OutgoingEmail
from notifications.services import unsubscribe_token
from taxonomy.models import Theme
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

CANARY_NAMES = ("Zqx Canary Alpha", "Zqx Canary Beta")
CONTROL_NAME = "Zqx Control Gamma"
CANARY_STATEMENT = "CANARY-STATEMENT-7731"

# URL patterns whose parameter is an organisation's slug.
ORGANISATION_URLS = {
    "accounts:organisation",
    "accounts:organisation_edit",
    "accounts:leave",
    "accounts:invitation_create",
    "accounts:invitation_revoke",
    "accounts:role",
    "accounts:remove",
    "alliance:support",
    "alliance:declare",
    "alliance:support_update",
    "alliance:withdraw",
    "alliance:badge",
    "alliance:profile_edit",
    "alliance:profile_publish",
    "alliance:profile",
}
THEME_URLS = {
    "alliance:priority_area",
    "alliance:coalition",
    "alliance:coalition_join",
    "alliance:coalition_leave",
}
# The knowledge centre's patterns with a parameter: practices, collections, attachments and
# saved searches name no organisation; they are requested with a value that does not exist.
KNOWLEDGE_URLS = {
    "knowledge:practice": "no-such-practice",
    "knowledge:attachment": "no-such-file",
    "knowledge:collection": "no-such-collection",
    "knowledge:saved_delete": "no-such-token",
    "knowledge_api:practice": "no-such-practice",
    "knowledge_api:collection": "no-such-collection",
}
# Unnamed patterns: the admin's redirect from "<id>/" to "<id>/change/", its catch-all view,
# and media files in development. Nothing else may be unnamed.
UNNAMED_ALLOWED = {("object_id",), ("url",), ("path",)}
# Ways one might try to make an admin list filter by support; each must change nothing.
CHANGELIST_PROBES = (
    "",
    "?support_declaration__isnull=False",
    "?support_declaration__isnull=True",
    "?organisation__support_declaration__isnull=False",
    "?memberships__organisation__support_declaration__isnull=False",
    "?q=Zqx",
)


@dataclass
class Side:
    organisation: Organisation
    admin: User
    membership: Membership
    invitation: Invitation


@dataclass
class World:
    canary: Side
    control: Side
    theme: Theme
    viewers: dict[str, Client] = field(default_factory=dict)
    member: Client | None = None


def _side(name: str, *, supports: bool) -> Side:
    organisation = OrganisationFactory(name=name)
    user = UserFactory(email=f"{name.split()[-1].lower()}-admin@example.org", name="Admin Person")
    membership = MembershipFactory(user=user, organisation=organisation, role=Role.ADMIN)
    invitation = accounts_services.invitation_send(
        organisation=organisation, by=user, email=f"{name.split()[-1].lower()}-new@example.org"
    )
    if supports:
        alliance_services.support_declare(
            organisation=organisation,
            by=user,
            statement=CANARY_STATEMENT,
            priority_areas=Theme.objects.filter(slug__in=["eco-efficiency", "sme-growth"]),
        )
    return Side(organisation, user, membership, invitation)


def build_world(*, bob: User, staff: User) -> World:
    canary = _side(CANARY_NAMES[0], supports=True)
    _side(CANARY_NAMES[1], supports=True)
    control = _side(CONTROL_NAME, supports=False)
    alliance_services.statistics_refresh()
    world = World(canary=canary, control=control, theme=Theme.objects.get(slug="eco-efficiency"))
    world.viewers = {"anonymous": Client(), "other organisation": Client(), "staff": Client()}
    world.viewers["other organisation"].force_login(bob)
    world.viewers["staff"].force_login(staff)
    world.member = Client()
    world.member.force_login(canary.admin)
    return world


def url_patterns() -> Iterator[tuple[str | None, tuple[str, ...]]]:
    def walk(patterns: list, namespace: str | None) -> Iterator[tuple[str | None, tuple[str, ...]]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
                yield from walk(pattern.url_patterns, full)
            else:
                params = tuple(sorted(pattern.pattern.regex.groupindex))
                name = pattern.name and (
                    f"{namespace}:{pattern.name}" if namespace else pattern.name
                )
                yield name, params

    yield from walk(get_resolver().url_patterns, None)


def _admin_object(model: type, side: Side) -> Any:
    specific = {
        Organisation: side.organisation,
        User: side.admin,
        Invitation: side.invitation,
        Membership: side.membership,
        OutgoingEmail: OutgoingEmail.objects.filter(to=side.invitation.email).first(),
    }
    return specific.get(model) or model._default_manager.order_by("pk").first()


def _admin_kwargs(name: str, side: Side) -> list[dict[str, Any]]:
    short = name.split(":", 1)[1]
    if short == "app_list":
        labels = {model._meta.app_label for model in admin.site._registry}
        return [{"app_label": label} for label in sorted(labels)]
    if short == "auth_user_password_change":  # django's UserAdmin names it so for any user model
        return [{"id": side.admin.pk}]
    if short == "view_on_site":
        ct = ContentType.objects.get_for_model(Organisation)
        return [{"content_type_id": ct.pk, "object_id": side.organisation.pk}]
    for model in admin.site._registry:
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if short.startswith(prefix):
            obj = _admin_object(model, side)
            if obj is None:
                return []
            key = "id" if short.endswith("password_change") else "object_id"
            return [{key: obj.pk}]
    raise AssertionError(f"no way to fill the admin URL {name}")


def kwargs_for(name: str, params: tuple[str, ...], side: Side, world: World) -> list[dict]:
    """Real values for a pattern's parameters, taken from ``side`` (canary or control)."""
    if not params:
        return [{}]
    if name.startswith("admin:"):
        return _admin_kwargs(name, side)
    if name in ORGANISATION_URLS:
        values = {
            "slug": side.organisation.slug,
            "token": side.invitation.token,
            "uid": side.membership.uid,
        }
        return [{p: values[p] for p in params}]
    if name in THEME_URLS:
        return [{"slug": world.theme.slug}]
    if name == "accounts:invitation":
        return [{"token": side.invitation.token}]
    if name == "notifications:unsubscribe":
        return [{"token": unsubscribe_token(user_id=side.admin.pk, topic="tests.canary")}]
    if name == "knowledge:theme_feed":
        return [{"slug": world.theme.slug}]
    if name in KNOWLEDGE_URLS:
        return [{params[0]: KNOWLEDGE_URLS[name]}]
    if name == "account_confirm_email":
        return [{"key": "not-a-real-key"}]
    if name == "account_reset_password_from_key":
        return [{"uidb36": "0", "key": "not-a-real-key"}]
    raise AssertionError(
        f"URL pattern {name} {params} has no entry in tests/alliance/canary.py: add one, so "
        "the canary test requests it with real values"
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
                if shows_canary != shows_control:
                    problems.append(
                        f"{where}: shows the canary {shows_canary}, the control {shows_control}"
                    )
                if viewer != "staff" and shows_canary and name != "accounts:invitation":
                    problems.append(f"{where}: shows a canary's name")
    return problems, requests
