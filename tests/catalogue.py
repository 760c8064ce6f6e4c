"""Every URL pattern of the site, with real values for its parameters.

``build_world`` makes one of everything (organisations with admins, memberships, invitations,
a supporter and a control that does not support the Alliance); ``urls_of`` yields each named URL
pattern filled from one side of that world. Tests that must cover the whole site — the canary,
CSRF, headers — walk it; a URL pattern with no way to fill it fails them.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from accounts import services as accounts_services
from accounts.models import Invitation, Membership, Organisation, OrganisationKind, Role, User
from alliance import services as alliance_services
from notifications.models import OutgoingEmail
from notifications.services import unsubscribe_token
from releases.services import release_publish
from taxonomy.models import Theme
from tests.conftest import sign_in_with_second_factor
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
# Unnamed patterns: the admin's redirect from "<id>/" to "<id>/change/", its catch-all view,
# and media files in development. Nothing else may be unnamed.
UNNAMED_ALLOWED = {("object_id",), ("url",), ("path",)}


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
    # What extensions made, by app: {"forum": {"canary": {...}, "control": {...}}}.
    extra: dict[str, dict[str, Any]] = field(default_factory=dict)

    def side_name(self, side: Side) -> str:
        return "canary" if side is self.canary else "control"


# Apps extend the catalogue with a module tests/<app>/catalogue.py that defines
#   build(world) -> None: make the app's objects for world.canary and world.control
#     (the control's the same as the canary's, but for an organisation that does not
#     support the Alliance), keeping them in world.extra["<app>"]["canary" | "control"];
#   kwargs(name, params, side_name, world) -> list[dict] | None: values for the app's
#     URL patterns, or None for a pattern that is not the app's.
EXTENSIONS = [
    "tests.forum.catalogue",
    # Before any initiatives catalogue: it claims the admin URLs of the calls' models.
    "tests.initiatives.calls.catalogue",
    "tests.commitments.catalogue",
    "tests.initiatives.catalogue",
    # Before the knowledge catalogue, which refuses the names it does not know.
    "tests.knowledge.scan_catalogue",
    # Before knowledge's: it claims the admin URLs of the help desk's models in knowledge.
    "tests.knowledge.helpdesk_catalogue",
    "tests.knowledge.catalogue",
]


def _extensions() -> list[Any]:
    return [
        importlib.import_module(name)
        for name in EXTENSIONS
        if importlib.util.find_spec(name.rsplit(".", 1)[0]) and importlib.util.find_spec(name)
    ]


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
    if not Theme.objects.exists():
        # A transactional test run before this one flushed what the migrations loaded.
        from alliance.services import activity_areas_load, coalitions_load
        from taxonomy.services import vocabularies_load

        vocabularies_load()
        activity_areas_load()
        coalitions_load()
    canary = _side(CANARY_NAMES[0], supports=True)
    beta = _side(CANARY_NAMES[1], supports=True)
    # A declaration kept from before its organisation became an NGO (docs/alliance.md, "Who
    # declares support"): kept until withdrawn, and as private as any other.
    Organisation.objects.filter(pk=beta.organisation.pk).update(kind=OrganisationKind.NGO)
    control = _side(CONTROL_NAME, supports=False)
    world = World(canary=canary, control=control, theme=Theme.objects.get(slug="eco-efficiency"))
    world.viewers = {"anonymous": Client(), "other organisation": Client(), "staff": Client()}
    world.viewers["other organisation"].force_login(bob)
    world.viewers["staff"] = sign_in_with_second_factor(staff)
    world.member = Client()
    world.member.force_login(canary.admin)
    for extension in _extensions():
        extension.build(world)
    # The public figures of everything built above (each framework's dashboard included).
    release_publish()
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
    for extension in _extensions():
        found = extension.kwargs(name, params, world.side_name(side), world)
        if found is not None:
            return found
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
    if name == "choose_language":
        return [{"code": "nl"}]
    if name in {"badge:svg", "badge:png", "badge:png_2x"}:
        return [{"language": "nl"}]
    if name == "account_confirm_email":
        return [{"key": "not-a-real-key"}]
    if name == "account_reset_password_from_key":
        return [{"uidb36": "0", "key": "not-a-real-key"}]
    raise AssertionError(
        f"URL pattern {name} {params} has no entry in tests/catalogue.py: add one, so "
        "the site-wide tests request it with real values"
    )


def urls_of(world: World, side: Side) -> Iterator[tuple[str, str]]:
    """(name, path) for every named URL pattern, filled from ``side``."""
    for name, params in url_patterns():
        if name is None:
            if params not in UNNAMED_ALLOWED:
                raise AssertionError(f"unnamed URL pattern with {params}: name it")
            continue
        for kwargs in kwargs_for(name, params, side, world):
            yield name, reverse(name, kwargs=kwargs)
