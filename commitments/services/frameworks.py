"""Frameworks: created with their whole hierarchy from a pasted outline, all or nothing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from commitments.models import Action, Commitment, Framework, SubItem
from commitments.outline import parse_outline
from pagecache import invalidates

# Framework addresses share /commitments/ with these pages.
RESERVED_SLUGS = {"pledges", "review", "following", "reports", "evidence"}


@invalidates("commitments")
def framework_create(
    *,
    slug: str,
    title: str,
    short_title: str,
    source: str,
    period_start: date,
    period_end: date,
    outline: str,
    sector: Any = None,
    sector_label: str = "",
    introduction: str = "",
    source_url: str = "",
    reporting_cycle: str = "half-year",
    is_published: bool = False,
    coordinators: Iterable[Any] = (),
) -> Framework:
    """Create a framework and its whole hierarchy from ``outline``, all or nothing.

    Raises OutlineError (nothing created) when the outline does not parse, and ValidationError
    when the framework's own fields are wrong (a taken address key, a period ending before it
    starts).
    """
    parsed = parse_outline(outline)
    if period_end < period_start:
        raise ValidationError(_("The monitoring period must end after it starts."))
    if slug in RESERVED_SLUGS:
        raise ValidationError(_("“%(slug)s” is a reserved address key.") % {"slug": slug})
    if Framework.objects.filter(slug=slug).exists():
        raise ValidationError(
            _("A framework with the address key “%(slug)s” exists.") % {"slug": slug}
        )
    with transaction.atomic():
        framework = Framework.objects.create(
            slug=slug,
            title=title,
            short_title=short_title,
            sector=sector,
            sector_label=sector_label,
            introduction=introduction,
            source=source,
            source_url=source_url,
            period_start=period_start,
            period_end=period_end,
            reporting_cycle=reporting_cycle,
            is_published=is_published,
        )
        framework.coordinators.set(list(coordinators))
        for item in parsed:
            commitment = Commitment.objects.create(
                framework=framework, number=item.number, title=item.title
            )
            for parsed_action in item.actions:
                action = Action.objects.create(
                    commitment=commitment, number=parsed_action.number, text=parsed_action.text
                )
                SubItem.objects.bulk_create(
                    SubItem(action=action, letter=sub.letter, text=sub.text)
                    for sub in parsed_action.sub_items
                )
    return framework
