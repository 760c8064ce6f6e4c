import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_language_is_in_the_address(client):
    english = client.get("/alliance/")
    dutch = client.get("/nl/alliance/")

    assert english.status_code == dutch.status_code == 200
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="nl">' in dutch.content.decode()


def test_pages_link_their_other_languages(client):
    html = client.get("/alliance/statistics/").content.decode()

    for code, prefix in (("en", ""), ("nl", "/nl"), ("fr", "/fr"), ("de", "/de")):
        assert f'hreflang="{code}" href="http://testserver{prefix}/alliance/statistics/"' in html


def test_switching_language_remembers_it_and_goes_to_the_same_page(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/alliance/"})

    assert response.status_code == 302
    assert response.url == "/fr/alliance/"
    assert response.cookies["django_language"].value == "fr"


def test_signed_in_choice_becomes_the_email_language(alice, alice_client):
    alice_client.post(reverse("set_language"), {"language": "de", "next": "/"})

    alice.refresh_from_db()
    assert alice.language == "de"


def test_unknown_language_changes_nothing(alice, alice_client):
    response = alice_client.post(reverse("set_language"), {"language": "xx", "next": "/"})

    alice.refresh_from_db()
    assert response.status_code == 302
    assert alice.language == "en"


def test_switcher_works_without_javascript(client, alice_client):
    # Anonymous visitors get links (no CSRF token, so the page can be cached); signed-in
    # visitors a form, which also saves the choice to their account.
    anonymous = client.get("/alliance/").content.decode()
    signed_in = alice_client.get("/alliance/").content.decode()

    assert 'href="/language/nl/?next=/nl/alliance/" lang="nl" hreflang="nl"' in anonymous
    assert f'action="{reverse("set_language")}"' not in anonymous
    assert f'action="{reverse("set_language")}"' in signed_in
    assert '<option value="nl" lang="nl">Nederlands</option>' in signed_in
