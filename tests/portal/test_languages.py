import pytest
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

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


def test_the_switcher_is_the_same_links_signed_in_or_not(client, alice_client):
    # Links for everyone: no CSRF token, so the page can be cached, and no JavaScript needed.
    anonymous = client.get("/alliance/").content.decode()
    signed_in = alice_client.get("/alliance/").content.decode()

    for html in (anonymous, signed_in):
        assert 'href="/language/nl/?next=/nl/alliance/" lang="nl" hreflang="nl"' in html
        assert f'action="{reverse("set_language")}"' not in html
        assert "<select" not in html


def test_a_signed_in_choice_by_link_becomes_the_email_language(alice, alice_client):
    response = alice_client.get(reverse("choose_language", args=["nl"]), {"next": "/alliance/"})

    alice.refresh_from_db()
    assert response.url == "/nl/alliance/"
    assert response.cookies["django_language"].value == "nl"
    assert alice.language == "nl"


def test_a_language_link_followed_from_another_site_leaves_the_account_alone(alice, alice_client):
    response = alice_client.get(
        reverse("choose_language", args=["nl"]),
        {"next": "/alliance/"},
        headers={"Sec-Fetch-Site": "cross-site"},
    )

    alice.refresh_from_db()
    assert response.cookies["django_language"].value == "nl"
    assert alice.language == "en"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/nl/",
        "/alliance/statistics/?a=1&b=%C3%A9",
        "/fr/knowledge/?q=energie&type=guide",
        "/de/forum/",
        "/knowledge/p/no-such-practice/",  # a 404 the view raises: the pattern matched
        "/no/such/page/",  # no pattern matched
        "/nl/no/such/page/",
    ],
)
def test_the_language_versions_are_what_translate_url_gives(client, path):
    # The context processor reuses the request's URL match instead of resolving the path once
    # per language; the links must be the same.
    response = client.get(path)
    language = response.wsgi_request.LANGUAGE_CODE

    with translation.override(language):
        expected = [(code, translate_url(path, code)) for code, _name in settings.LANGUAGES]
    versions = response.context["language_versions"]

    assert [(version["code"], version["url"]) for version in versions] == expected


def test_the_language_versions_of_a_practice_keep_its_address(client, db):
    from tests.knowledge.conftest import make_practice

    with translation.override("en"):
        address = make_practice().get_absolute_url()
    response = client.get(f"/nl{address}?x=1")

    assert [version["url"] for version in response.context["language_versions"]] == [
        f"{prefix}{address}?x=1" for prefix in ("", "/nl", "/fr", "/de")
    ]
