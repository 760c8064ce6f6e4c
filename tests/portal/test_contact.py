"""The contact page: the operator's details as set in the admin, in the visitor's language, and
linked from every page's footer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.models import ContactDetails
from tests.conftest import sign_in_with_second_factor

pytestmark = pytest.mark.django_db


def test_before_anyone_sets_it_the_page_shows_the_contact_address(client, settings):
    settings.CONTACT_EMAIL = "desk@example.org"

    response = client.get(reverse("contact"))

    assert response.status_code == 200
    assert 'href="mailto:desk@example.org"' in response.content.decode()


def test_the_page_shows_the_details_in_the_visitors_language(client):
    ContactDetails.objects.create(
        pk=1,
        operator_en="The Alliance secretariat",
        operator_nl="Het secretariaat van de Alliantie",
        address_en="Rue de la Loi 1\n1000 Brussels",
        address_nl="Wetstraat 1\n1000 Brussel",
        email="info@example.org",
        phone="+32 2 123 45 67",
    )

    english = client.get("/contact/").content.decode()
    dutch = client.get("/nl/contact/").content.decode()

    assert "The Alliance secretariat" in english
    assert "Rue de la Loi 1<br>1000 Brussels" in english
    assert 'href="tel:+3221234567"' in english
    assert "Het secretariaat van de Alliantie" in dutch
    assert "Wetstraat 1<br>1000 Brussel" in dutch


def test_every_page_links_to_contact_and_the_help_desk(client):
    page = client.get(reverse("home")).content.decode()
    footer = page.split('class="site-footer"', 1)[1]

    assert f'href="{reverse("contact")}"' in footer
    assert f'href="{reverse("helpdesk:ask")}"' in footer


def test_the_admin_keeps_one_row(staff):
    client = sign_in_with_second_factor(staff)
    client.post(
        reverse("admin:portal_contactdetails_add"),
        {"operator_en": "Operator", "email": "info@example.org"},
    )

    assert list(ContactDetails.objects.values_list("pk", flat=True)) == [1]
    assert client.get(reverse("admin:portal_contactdetails_add")).status_code == 403
    delete = reverse("admin:portal_contactdetails_delete", args=[1])
    assert client.post(delete, {"post": "yes"}).status_code == 403
