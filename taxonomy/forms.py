"""Choices of the shared vocabularies for forms."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from taxonomy.models import Sector


def sector_choices() -> list[tuple[Any, Any]]:
    """NACE Rev. 2 for a select: one group per section holding its divisions, the section
    itself first (for those who cannot say more, and for what was chosen before divisions)."""
    choices: list[tuple[Any, Any]] = [("", "---------")]
    for section in Sector.objects.sections().prefetch_related("children"):
        whole = gettext("%(section)s (whole section)") % {"section": section}
        divisions = [(d.pk, str(d)) for d in section.children.all()]
        choices.append((str(section), [(section.pk, whole), *divisions]))
    return choices
