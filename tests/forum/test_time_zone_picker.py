"""The time-zone picker: common zones first, canonical names only, old aliases still shown and
accepted as the zone they link to."""

from __future__ import annotations

import re
import zoneinfo
from pathlib import Path

import pytest
from django.urls import reverse

from forum import zones
from forum.fields import TimeZoneField, zone_choices
from forum.models import MemberPreferences
from taxonomy.choices import Country

pytestmark = pytest.mark.django_db

ALIASES = {
    "US/Eastern": "America/New_York",
    "Asia/Calcutta": "Asia/Kolkata",
    "Europe/Kiev": "Europe/Kyiv",
    "GB": "Europe/London",
    "Etc/UTC": "UTC",
}


def _offered() -> list[str]:
    return [value for _group, options in zone_choices() for value, _label in options]


def test_the_list_is_canonical_names_without_deprecated_aliases():
    offered = _offered()

    assert len(offered) == len(set(offered))
    assert 300 < len(offered) < 450  # about 600 before, with every alias
    for alias in ALIASES:
        assert alias not in offered
    assert not [name for name in offered if name.startswith(("US/", "Etc/", "Canada/"))]
    for name in ["Europe/Kyiv", "Asia/Kolkata", "Europe/Amsterdam", "America/Argentina/Salta"]:
        assert name in offered
    assert all(name in zoneinfo.available_timezones() for name in offered)


def test_common_zones_come_first_and_cover_every_portal_country():
    (common_label, common), (other_label, other) = zone_choices()
    common_names = {value for value, _label in common}

    assert (str(common_label), str(other_label)) == ("Common time zones", "Other time zones")
    assert {"Europe/Brussels", "Europe/London", "Europe/Zurich", "Europe/Oslo", "UTC"} <= (
        common_names
    )
    assert {"America/New_York", "Asia/Tokyo", "Atlantic/Canary"} <= common_names
    assert not common_names & {value for value, _label in other}
    assert "Pacific/Fiji" in {value for value, _label in other}
    rows = [line.split() for line in zones._read("zone.tab").splitlines() if line[:1] != "#"]
    ours = {country.value for country in Country} - {Country.XX}
    assert {row[0] for row in rows if row[2] in common_names} >= ours
    assert all(row[2] in common_names for row in rows if row[0] in ours)


@pytest.mark.parametrize(("alias", "zone"), ALIASES.items())
def test_an_alias_is_read_as_the_zone_it_links_to(alias, zone):
    field = TimeZoneField()

    assert zones.canonical(alias) == zone
    assert field.clean(alias) == zone
    assert field.prepare_value(alias) == zone


def test_a_real_zone_outside_the_list_is_kept_and_nonsense_refused():
    field = TimeZoneField()

    assert field.clean("Etc/GMT+5") == "Etc/GMT+5"
    with pytest.raises(Exception, match="valid choice"):
        field.clean("Mars/Base")


def test_the_files_are_found_without_the_tzdata_package(monkeypatch):
    if not any((Path(d) / "zone.tab").is_file() for d in zoneinfo.TZPATH):
        pytest.skip("no system zone.tab on this machine")

    def missing(_package):
        raise ModuleNotFoundError("tzdata")

    monkeypatch.setattr(zones.resources, "files", missing)
    zones.zones.cache_clear()
    try:
        assert "Europe/Brussels" in zones.zones().common
        assert zones.canonical("Europe/Kiev") == "Europe/Kyiv"
    finally:
        zones.zones.cache_clear()


def test_settings_page_groups_the_zones(alice_client, alice_member):
    page = alice_client.get(reverse("forum:me")).content.decode()

    common = page.index('<optgroup label="Common time zones">')
    other = page.index('<optgroup label="Other time zones">')
    assert common < page.index('value="Europe/Brussels"') < other < page.index('"Pacific/Fiji"')
    assert 'value="US/Eastern"' not in page
    assert 'value="Asia/Calcutta"' not in page


def test_a_stored_alias_shows_as_its_zone_and_saves_as_it(alice, alice_client, alice_member):
    MemberPreferences.objects.filter(user=alice).update(time_zone="Europe/Kiev")

    page = alice_client.get(reverse("forum:me")).content.decode()
    assert re.search(r'<option value="Europe/Kyiv" selected>', page)
    response = alice_client.post(
        reverse("forum:me"), {"digest_frequency": "weekly", "time_zone": "Asia/Calcutta"}
    )

    assert response.status_code == 302
    assert MemberPreferences.objects.get(user=alice).time_zone == "Asia/Kolkata"


def test_a_stored_zone_outside_the_list_stays_selected(alice, alice_client, alice_member):
    MemberPreferences.objects.filter(user=alice).update(time_zone="Etc/GMT+5")

    page = alice_client.get(reverse("forum:me")).content.decode()
    assert '<option value="Etc/GMT+5" selected>Etc/GMT+5</option>' in page
    response = alice_client.post(
        reverse("forum:me"), {"digest_frequency": "weekly", "time_zone": "Etc/GMT+5"}
    )

    assert response.status_code == 302
    assert MemberPreferences.objects.get(user=alice).time_zone == "Etc/GMT+5"


def test_a_bad_zone_is_a_form_error_and_nothing_is_saved(alice, alice_client, alice_member):
    response = alice_client.post(
        reverse("forum:me"), {"digest_frequency": "daily", "time_zone": "Mars/Base"}
    )

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert MemberPreferences.objects.get(user=alice).digest_frequency != "daily"
