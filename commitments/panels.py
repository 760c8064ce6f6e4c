"""What the commitments add to the knowledge centre's pages (``knowledge.panels``): on a
practice's page, the actions it serves ("Serves DESIGN-MTS action 1.2: …", linking to the
action's page); in the library, a label on each result that serves one.

Only published practices linked to actions of published frameworks show, the same for
everyone (``ActionPractice.objects.public``). Registered with the area ``commitments``, which
``services.practices`` renews on every change of the links.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.template.loader import render_to_string

from commitments.models import ActionPractice
from knowledge.models import Practice


def _links(practice_ids: Sequence[int]) -> list[ActionPractice]:
    return list(
        ActionPractice.objects.public()
        .filter(practice_id__in=practice_ids)
        .select_related("action__commitment__framework")
        .order_by(
            "action__commitment__framework__short_title",
            "action__commitment__number",
            "action__number",
        )
    )


def practice_section(practice: Practice) -> str:
    """The actions a published practice serves, for its page; empty when it serves none."""
    links = _links([practice.pk])
    if not links:
        return ""
    return render_to_string("commitments/panel_serves.html", {"links": links})


def practice_labels(practices: Sequence[Practice]) -> dict[int, list[str]]:
    """ "Serves DESIGN-MTS action 1.2" per result, for one page of results in one query."""
    found: dict[int, list[str]] = {}
    for link in _links([practice.pk for practice in practices]):
        found.setdefault(link.practice_id, []).append(
            render_to_string("commitments/label_serves.html", {"link": link})
        )
    return found
