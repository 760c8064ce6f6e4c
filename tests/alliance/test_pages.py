import pytest
from django.urls import reverse

from taxonomy.models import Theme

pytestmark = pytest.mark.django_db


def test_every_priority_area_has_a_page_linking_coalition_and_knowledge(client):
    for theme in Theme.objects.all():
        page = client.get(reverse("alliance:priority_area", args=[theme.slug]))

        html = page.content.decode()
        assert page.status_code == 200
        assert theme.name in html
        assert reverse("alliance:coalition", args=[theme.slug]) in html
        assert f"{reverse('knowledge:index')}?theme={theme.slug}" in html


def test_alliance_page_links_each_priority_area(client):
    html = client.get(reverse("alliance:index")).content.decode()

    for theme in Theme.objects.all():
        assert reverse("alliance:priority_area", args=[theme.slug]) in html
