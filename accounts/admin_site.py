"""The admin site, refusing any session that has not passed the second factor.

The middleware (accounts.middleware) already takes staff powers from such a session; the site
asks again itself, so the admin stays closed even if the middleware were left out.
"""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class StaffAdminSite(AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        # Imported here: this module is loaded with the app registry, before any model.
        from accounts.second_factor import passed_second_factor

        return super().has_permission(request) and passed_second_factor(request, request.user)


class StaffAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.StaffAdminSite"
