"""The curators' admin: the portal's name, grouped by task, the beat's technical models kept to
superusers (accounts/admin_site.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.conftest import client_for, enrol_totp
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TECHNICAL = [
    "django_celery_beat_periodictask",
    "django_celery_beat_crontabschedule",
    "django_celery_beat_intervalschedule",
    "django_celery_beat_solarschedule",
    "django_celery_beat_clockedschedule",
]


@pytest.fixture
def curator(db):
    """Staff, not a superuser, holding every permission there is (the beat's too)."""
    user = UserFactory(email="curator@example.org", is_staff=True)
    user.user_permissions.set(Permission.objects.all())
    enrol_totp(user)
    return user


def _groups(response) -> list[str]:
    return [str(group["name"]) for group in response.context["app_list"]]


def test_the_index_is_branded_and_grouped_by_task(curator):
    response = client_for(curator).get(reverse("admin:index"))
    html = response.content.decode()

    assert response.status_code == 200
    assert _groups(response)[:5] == [
        "Library",
        "Review queue",
        "Help desk",
        "Forum",
        "Commitments",
    ]
    assert "CSR Alliance &amp; Knowledge Centre" in html
    assert "css/admin.css" in html
    assert "Periodic tasks" not in html and "Solar events" not in html
    assert "Crontabs" not in html and "Scheduled tasks" not in html


def test_every_registered_model_is_in_exactly_one_group(staff):
    response = client_for(staff).get(reverse("admin:index"))

    models = [m["admin_url"] for group in response.context["app_list"] for m in group["models"]]
    assert len(models) == len(set(models))
    assert "Other" not in _groups(response)  # every model has a task
    assert "Scheduled tasks" in _groups(response)


@pytest.mark.parametrize("name", TECHNICAL)
def test_staff_curators_cannot_open_the_technical_models(curator, name):
    client = client_for(curator)

    listing = client.get(reverse(f"admin:{name}_changelist"))
    adding = client.get(reverse(f"admin:{name}_add"))

    assert listing.status_code == 403 and adding.status_code == 403


@pytest.mark.parametrize("name", TECHNICAL)
def test_superusers_open_the_technical_models(staff, name):
    assert client_for(staff).get(reverse(f"admin:{name}_changelist")).status_code == 200


def test_the_beat_app_page_is_not_found_for_curators(curator):
    response = client_for(curator).get(reverse("admin:app_list", args=["django_celery_beat"]))

    assert response.status_code == 404


def test_an_app_page_still_lists_its_own_models(curator):
    response = client_for(curator).get(reverse("admin:app_list", args=["knowledge"]))

    assert response.status_code == 200
    assert "Practices" in response.content.decode()


def test_the_help_desk_group_holds_questions_experts_and_contact_details(staff):
    response = client_for(staff).get(reverse("admin:index"))
    html = response.content.decode()
    group = html.split('class="app-helpdesk', 1)[1].split("</table>", 1)[0]

    for name in ("Questions", "Experts", "Contact details"):
        assert name in group, name
