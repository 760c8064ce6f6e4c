import pytest
from django.contrib import admin
from django.urls import reverse

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_every_admin_changelist_and_add_page_answers(staff, alice):
    client = client_for(staff)

    assert client.get(reverse("admin:index")).status_code == 200
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        if model_admin.has_add_permission(_request(staff)):
            add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
            assert client.get(add).status_code == 200, add


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request


def test_admin_is_closed_to_non_staff(alice):
    response = client_for(alice).get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_organisations_cannot_be_deleted_in_the_admin(staff, org_a):
    # Its confirmation page would list the organisation's declaration and private pledges.
    response = client_for(staff).get(reverse("admin:accounts_organisation_delete", args=[org_a.pk]))

    assert response.status_code == 403
