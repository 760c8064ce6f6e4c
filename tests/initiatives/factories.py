from __future__ import annotations

from typing import Any

from initiatives import services
from initiatives.models import Initiative


def initiative(
    organisation: Any, *, by: Any = None, publish: bool = False, **more: Any
) -> Initiative:
    values = {
        "title": "Fair wages in the supply chain",
        "description": "Suppliers audited and trained on **living wages**.",
        **more,
    }
    return services.register_initiative(organisation, by=by, publish=publish, **values)
