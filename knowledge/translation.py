"""What of the knowledge centre is translated field by field (django-modeltranslation)."""

from knowledge.scan import translation  # noqa: F401
