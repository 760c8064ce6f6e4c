from __future__ import annotations

import datetime as dt

from alliance import services
from taxonomy.choices import Country, SizeClass
from taxonomy.models import Theme
from tests.factories import OrganisationFactory


def supporters(
    count: int,
    *,
    country: str = Country.BE,
    size_class: str = SizeClass.SMALL,
    themes: tuple[str, ...] = (),
    at: dt.datetime | None = None,
) -> list:
    """``count`` organisations that declared support, all alike."""
    chosen = list(Theme.objects.filter(slug__in=themes))
    made = []
    for _ in range(count):
        organisation = OrganisationFactory(country=country, size_class=size_class)
        services.support_record(organisation=organisation, priority_areas=chosen, at=at)
        made.append(organisation)
    return made
