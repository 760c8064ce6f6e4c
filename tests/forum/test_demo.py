import pytest
from django.core.management import call_command

from accounts.models import User
from forum.models import SECRETARIAT_GROUP, Body, Meeting, Member, Recommendation

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_the_forum_once():
    call_command("seed_demo")
    counts = (Body.objects.count(), Meeting.objects.count(), Member.objects.count())
    call_command("seed_demo")

    assert counts == (Body.objects.count(), Meeting.objects.count(), Member.objects.count())
    assert counts[0] == 3 and counts[1] >= 3 and counts[2] >= 8
    assert Recommendation.objects.count() == 2
    assert User.objects.filter(
        email="secretariat@example.org", groups__name=SECRETARIAT_GROUP
    ).exists()
    assert Body.objects.for_theme(Body.objects.get(kind="laboratory").theme) is not None


def test_seed_demo_gives_a_coalition_an_open_laboratory_and_keeps_a_public_meeting():
    from alliance.models import Coalition

    call_command("seed_demo")

    coalition = Coalition.objects.get(laboratory__isnull=False)
    assert coalition.laboratory.open_joining
    assert not Body.objects.get(kind="forum").open_joining
    assert Meeting.objects.filter(visibility="public", body__kind="forum").exists()
