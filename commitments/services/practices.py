"""Linking knowledge-centre practices to the actions they serve.

The links show on public pages (the action's page, the practice's page and the library's
results), so every change renews the page cache's area ``commitments``, which those pages
name. The admin's inline saves its rows itself and then calls ``action_practices_changed``.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from commitments.models import Action, ActionPractice
from knowledge.models import Practice
from pagecache import changed, invalidates


@invalidates("commitments")
@transaction.atomic
def action_practice_link(*, action: Action, practice: Practice) -> ActionPractice:
    """Say that ``practice`` serves ``action`` (once; a second call changes nothing)."""
    link = ActionPractice.objects.filter(action=action, practice=practice).first()
    if link is not None:
        return link
    # The action row is locked so two curators adding at once get distinct positions.
    Action.objects.select_for_update().filter(pk=action.pk).first()
    last = ActionPractice.objects.filter(action=action).aggregate(last=Max("position"))["last"]
    return ActionPractice.objects.create(
        action=action, practice=practice, position=0 if last is None else last + 1
    )


@invalidates("commitments")
def action_practice_unlink(*, action: Action, practice: Practice) -> None:
    ActionPractice.objects.filter(action=action, practice=practice).delete()


def action_practices_changed() -> None:
    """The links were changed in bulk (the admin's inline): pages showing them renew."""
    changed("commitments")
