"""The admin site: the portal's name and look, organised by task, closed to any session that
has not passed the second factor, with the technical models kept to superusers.

The middleware (accounts.middleware) already takes staff powers from a session without the
second factor; the site asks again itself, so the admin stays closed even if the middleware
were left out.

Models are named by label, never imported: this module sits in ``accounts``, below the apps
whose models it groups.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.admin import AdminSite, ModelAdmin
from django.contrib.admin.apps import AdminConfig
from django.db.models.base import ModelBase
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PORTAL_NAME = _("CSR Alliance & Knowledge Centre")


@dataclass(frozen=True)
class Task:
    key: str
    name: str | Promise
    models: tuple[str, ...]
    superusers_only: bool = False


# What curators do, in the order they do it most. Each task names models by label, or a whole
# app by its label (its models by name). A registered model missing here is listed under
# "Other", so nothing is ever hidden by it.
TASKS = (
    Task(
        "library",
        _("Library"),
        (
            "knowledge.practice",
            "knowledge.collection",
            "knowledge.savedsearch",
            "knowledge.searchsynonyms",
            "knowledge.questionnaire",
            "knowledge.section",
            "knowledge.question",
        ),
    ),
    Task("review", _("Review queue"), ("knowledge.submission", "knowledge.practicedueforreview")),
    Task(
        "helpdesk",
        _("Help desk"),
        ("knowledge.helpquestion", "knowledge.expert", "portal.contactdetails"),
    ),
    Task("forum", _("Forum"), ("forum",)),
    Task("commitments", _("Commitments"), ("commitments",)),
    Task("initiatives", _("Initiatives"), ("initiatives",)),
    Task("alliance", _("Alliance"), ("alliance",)),
    Task(
        "people",
        _("People and organisations"),
        ("accounts", "account.emailaddress", "auth.group", "mfa.authenticator"),
    ),
    Task("vocabularies", _("Vocabularies"), ("taxonomy",)),
    Task("outbox", _("Email and figures"), ("notifications", "releases")),
    Task("technical", _("Scheduled tasks"), ("django_celery_beat",), superusers_only=True),
)
OTHER = Task("other", _("Other"), ())

# Purely technical: the beat's schedules. Staff curators neither see nor open them.
SUPERUSERS_ONLY_APPS = frozenset({"django_celery_beat"})


class SuperusersOnly:
    """Mixed into the admin of a technical model: every permission needs a superuser."""

    def _superuser(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._superuser(request) and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._superuser(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._superuser(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._superuser(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._superuser(request) and super().has_delete_permission(request, obj)


class StaffAdminSite(AdminSite):
    site_header = PORTAL_NAME
    site_title = _("Curators")
    index_title = _("Curation")
    enable_nav_sidebar = False

    def has_permission(self, request: HttpRequest) -> bool:
        # Imported here: this module is loaded with the app registry, before any model.
        from accounts.second_factor import passed_second_factor

        return super().has_permission(request) and passed_second_factor(request, request.user)

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        models = (
            [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else model_or_iterable
        )
        for model in models:
            cls = admin_class or ModelAdmin
            if model._meta.app_label in SUPERUSERS_ONLY_APPS:
                cls = type(cls.__name__, (SuperusersOnly, cls), {})
            super().register(model, cls, **options)

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[dict]:
        if app_label is not None:
            return super().get_app_list(request, app_label)
        entries = {
            f"{app['app_label']}.{model['object_name'].lower()}": model
            for app in self._build_app_dict(request).values()
            for model in sorted(app["models"], key=lambda model: str(model["name"]))
        }
        placed: set[str] = set()
        groups = []
        for task in (*TASKS, OTHER):
            labels = [
                label
                for name in task.models or entries
                for label in entries
                if name in (label, label.split(".")[0]) and label not in placed
            ]
            placed.update(labels)
            if labels and not (task.superusers_only and not request.user.is_superuser):
                groups.append(
                    {
                        "name": task.name,
                        "app_label": task.key,
                        "app_url": "",
                        "has_module_perms": True,
                        "models": [entries[label] for label in labels],
                    }
                )
        return groups


class StaffAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.StaffAdminSite"
