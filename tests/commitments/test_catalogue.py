"""The commitments part of the site-wide catalogue is not hollow: the site-wide tests reach its
pages for real (a scan of 404s would pass the canary without looking at anything)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.catalogue import CANARY_NAMES, CONTROL_NAME
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_members_reach_every_page_of_their_pledges(world):
    own = world.extra["commitments"]["canary"]
    pages = [
        reverse("commitments:pledge", args=[own["pledge"].uid]),
        reverse("commitments:report_create", args=[own["pledge"].uid]),
        reverse("commitments:pledge_withdraw", args=[own["withdrawable"].uid]),
        reverse("commitments:report_edit", args=[own["draft"].uid]),
        *(reverse("commitments:report", args=[own[s].uid]) for s in ("draft", "submitted")),
        *(reverse("commitments:evidence_remove", args=[e.uid]) for e in own["evidence"]),
    ]

    for page in pages:
        assert world.member.get(page).status_code == 200, page
    assert CANARY_NAMES[0] in world.member.get(pages[0]).content.decode()


def test_staff_see_both_sides_alike(world, staff):
    made = world.extra["commitments"]
    client = client_for(staff)

    queue = client.get(reverse("commitments:review")).content.decode()
    canary = client.get(reverse("commitments:pledge", args=[made["canary"]["pledge"].uid]))
    control = client.get(reverse("commitments:pledge", args=[made["control"]["pledge"].uid]))

    assert CANARY_NAMES[0] in queue and CONTROL_NAME in queue
    assert CANARY_NAMES[0] in canary.content.decode()
    assert CONTROL_NAME in control.content.decode()
    assert world.viewers["anonymous"].get(canary.wsgi_request.path).status_code == 404
