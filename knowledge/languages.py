"""The languages practices are written in, each with the PostgreSQL text search configuration
that stems it: one map for the search code and for the migration that creates the
configurations (``knowledge_<name>``)."""

SEARCH_CONFIGURATIONS: dict[str, str] = {
    "en": "english",
    "nl": "dutch",
    "fr": "french",
    "de": "german",
}
# The configuration of a practice in any other language, and of the exact words in every one.
FALLBACK_CONFIGURATION = "simple"
