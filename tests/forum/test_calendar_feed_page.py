"""Where the calendar feed is shown: a webcal: link to subscribe, the address in a field to copy
(a button added by a small script), and short instructions for common calendar apps."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from forum import calendar, services

pytestmark = pytest.mark.django_db


def test_webcal_keeps_host_path_and_token():
    url = "https://portal.example.org/forum/calendar/abc/meetings.ics"

    assert calendar.webcal(url) == "webcal://portal.example.org/forum/calendar/abc/meetings.ics"
    assert calendar.webcal("http://localhost:8000/x.ics") == "webcal://localhost:8000/x.ics"


def test_settings_page_offers_webcal_copy_and_instructions(alice, alice_client, alice_member):
    token = services.preferences_for(alice).feed_token
    path = reverse("forum:feed", args=[token])

    page = html.unescape(alice_client.get(reverse("forum:me")).content.decode())

    assert f'<a class="button" href="webcal://testserver{path}">' in page
    assert f'id="feed-url" readonly value="http://testserver{path}"' in page
    assert 'data-copy="feed-url"' in page and 'data-copy-label="Copy address"' in page
    assert 'id="feed-url-status" class="muted" role="status"' in page
    assert "/static/js/copy.js" in page
    for app in ["Google Calendar", "Outlook", "Apple Calendar"]:
        assert f"<strong>{app}</strong>" in page
    assert "“Subscribe from web”" in page


def test_a_new_address_changes_both_links(alice, alice_client, alice_member):
    old = services.preferences_for(alice).feed_token

    alice_client.post(reverse("forum:feed_rotate"))
    page = alice_client.get(reverse("forum:me")).content.decode()

    assert old not in page
    new = services.preferences_for(alice).feed_token
    assert page.count(reverse("forum:feed", args=[new])) == 2
