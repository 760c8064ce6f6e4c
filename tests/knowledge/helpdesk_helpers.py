"""Small builders for the help desk's tests (and the site-wide catalogue)."""

from __future__ import annotations

from typing import Any

from knowledge.helpdesk import services
from knowledge.helpdesk.models import Expert, HelpQuestion
from taxonomy.models import Theme
from tests.factories import UserFactory

AREA = "eco-efficiency"


def make_expert(user: Any = None, *, areas: tuple[str, ...] = (AREA,)) -> Any:
    user = user or UserFactory()
    expert, _ = Expert.objects.get_or_create(user=user)
    expert.themes.add(*Theme.objects.filter(slug__in=areas))
    return user


def ask(asker: Any = None, *, email: str = "", area: str = AREA, **fields: Any) -> HelpQuestion:
    values = {
        "subject": "How do we cut the energy use of our workshop?",
        "body": "We are a small metal workshop with old compressors.",
        "publish_consent": True,
    }
    values.update(fields)
    return services.question_ask(
        asker=asker, email=email, theme=Theme.objects.get(slug=area), **values
    )
