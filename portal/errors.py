"""What views tell people when a service refuses an action."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def error_text(exc: ValidationError) -> str:
    """The refusal's messages as one sentence-separated string, for a form or flash message."""
    return " ".join(exc.messages)
