from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import Invitation, Membership, Organisation, User


class ListedFiltersOnly:
    """Allow query-string lookups on the fields of ``list_filter`` only.

    Django's admin accepts a lookup on any field or reverse relation of the model itself from
    the query string (``?support_declaration__isnull=False``), which would turn a changelist
    into a list of the organisations that support the Alliance. The operator keeps no such list.
    """

    def lookup_allowed(self, lookup, value, request=None):
        allowed = {item if isinstance(item, str) else item[0] for item in self.list_filter} | (
            {self.date_hierarchy} if self.date_hierarchy else set()
        )
        return lookup.split("__", 1)[0] in allowed and super().lookup_allowed(
            lookup, value, request
        )


@admin.register(User)
class UserAdmin(ListedFiltersOnly, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal details"), {"fields": ["name", "language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    actions = ["send_enrolment_link"]

    def has_enrol_permission(self, request) -> bool:
        return request.user.is_superuser

    @admin.action(
        permissions=["enrol"], description=_("Email a one-time link to set up a second factor")
    )
    def send_enrolment_link(self, request, queryset) -> None:
        for user in queryset:
            try:
                services.staff_enrolment_send(user=user, by=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{user}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("Link sent to %(email)s.") % {"email": user.email})


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(ListedFiltersOnly, admin.ModelAdmin):
    list_display = ["name", "kind", "size_class", "country", "created"]
    list_filter = ["kind", "size_class", "country"]
    search_fields = ["name"]
    readonly_fields = ["slug"]
    inlines = [MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_delete_permission(self, request, obj=None):
        # Django's delete confirmation lists every related object, a support declaration or a
        # private pledge included. Organisations end through their members (leaving, deleting
        # their accounts), which withdraws support first and keeps the counters right.
        return False


@admin.register(Invitation)
class InvitationAdmin(ListedFiltersOnly, admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created", "expires_at", "accepted_at"]
    search_fields = ["email", "organisation__name"]
    raw_id_fields = ["organisation", "invited_by"]
    # The token is the secret link itself: not shown, and no "view on site" link to it.
    view_on_site = False
