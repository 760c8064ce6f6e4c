"""Facet labels in the full text, on both engines, and SQLite's FTS5 index.

Both: ``knowledge_facetlabel`` (facet key, language, label), filled after ``migrate`` by
``knowledge.search.labels.sync`` (the labels come from the taxonomy and the catalogue).

PostgreSQL: ``search_vector`` gains the labels of the practice's ``facet_keys``, each in its
language's configuration plus the simple one (``knowledge_label_vector``): those in the
practice's language at weight B (like the summary), the others at D; the vector is
computed by ``knowledge_practice_vector_of`` and refreshed when the text or the facet keys change
(so when a priority area, subject or sector is added or removed).

SQLite: ``knowledge_fts``, an FTS5 table (rowid = practice id) of title, summary, labels (in
the practice's language), body, other_labels (in the other languages) (each stemmed in Python,
then unstemmed: knowledge/search/text.py) and ``words`` (the unstemmed words, for "did you
mean" through ``knowledge_fts_vocab``). Triggers only note which practices
changed (``knowledge_fts_dirty``); the next search indexes them, since stemming happens in
Python.
"""

from django.db import migrations

from knowledge.languages import FALLBACK_CONFIGURATION, SEARCH_CONFIGURATIONS

FALLBACK = f"knowledge_{FALLBACK_CONFIGURATION}"
THROUGH = {
    "knowledge_practice_themes": "theme_id",
    "knowledge_practice_iso26000": "iso26000subject_id",
    "knowledge_practice_sectors": "sector_id",
}
LABELS = """CREATE TABLE knowledge_facetlabel (
    key text NOT NULL,
    language text NOT NULL,
    label text NOT NULL,
    PRIMARY KEY (key, language)
)"""


def configuration_of(language: str) -> str:
    cases = " ".join(
        f"WHEN '{code}' THEN 'knowledge_{name}'" for code, name in SEARCH_CONFIGURATIONS.items()
    )
    return f"(CASE {language} {cases} ELSE '{FALLBACK}' END)::regconfig"


def _text_vector(cfg: str, title: str, summary: str, body: str) -> str:
    return f"""
        setweight(to_tsvector({cfg}, coalesce({title}, '')), 'A') ||
        setweight(to_tsvector({cfg}, coalesce({summary}, '')), 'B') ||
        setweight(to_tsvector({cfg}, coalesce({body}, '')), 'C') ||
        setweight(to_tsvector('{FALLBACK}'::regconfig, coalesce({title}, '')), 'A') ||
        setweight(to_tsvector('{FALLBACK}'::regconfig, coalesce({summary}, '')), 'B') ||
        setweight(to_tsvector('{FALLBACK}'::regconfig, coalesce({body}, '')), 'C')"""



def _labels(which: str) -> str:
    """SQL: the labels (of ``knowledge_facetlabel``, aggregated) matching ``which``."""
    return f"coalesce(string_agg(label, ' ') FILTER (WHERE {which}), '')"


# The labels in the practice's own language weigh like the summary (B); those in the other
# languages still find it, at the lowest weight (D), so that a word of another language ranks
# the practices written in it first.
def _other(code: str, name: str) -> str:
    which = f"language = '{code}' AND language <> lang"
    return f"to_tsvector('knowledge_{name}'::regconfig, {_labels(which)})"


_OTHERS = " || ".join(_other(code, name) for code, name in SEARCH_CONFIGURATIONS.items())

POSTGRES_FORWARD = [
    LABELS,
    f"""
    CREATE FUNCTION knowledge_label_vector(keys text[], lang text) RETURNS tsvector AS $$
      SELECT setweight(to_tsvector({configuration_of("lang")}, {_labels("language = lang")})
               || to_tsvector('{FALLBACK}'::regconfig, {_labels("language = lang")}), 'B')
          || setweight({_OTHERS}
               || to_tsvector('{FALLBACK}'::regconfig, {_labels("language <> lang")}), 'D')
      FROM knowledge_facetlabel WHERE key = ANY(keys)
    $$ LANGUAGE sql STABLE;
    """,
    f"""
    CREATE FUNCTION knowledge_practice_vector_of(lang text, title text, summary text, body text,
                                                 keys text[]) RETURNS tsvector AS $$
      SELECT {_text_vector(configuration_of("lang"), "title", "summary", "body")}
        || knowledge_label_vector(keys, lang)
    $$ LANGUAGE sql STABLE;
    """,
    """
    CREATE OR REPLACE FUNCTION knowledge_practice_vector() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'UPDATE'
         AND NEW.title IS NOT DISTINCT FROM OLD.title
         AND NEW.summary IS NOT DISTINCT FROM OLD.summary
         AND NEW.body IS NOT DISTINCT FROM OLD.body
         AND NEW.language IS NOT DISTINCT FROM OLD.language
         AND NEW.facet_keys IS NOT DISTINCT FROM OLD.facet_keys THEN
        RETURN NEW;
      END IF;
      NEW.search_vector := knowledge_practice_vector_of(NEW.language, NEW.title, NEW.summary,
                                                        NEW.body, NEW.facet_keys);
      RETURN NEW;
    END
    $$ LANGUAGE plpgsql;
    """,
    # Every update now: the facet keys change through the tags' trigger, not a listed column.
    # BEFORE triggers run in name order: this one after knowledge_practice_facets_update*.
    "DROP TRIGGER knowledge_practice_vector_update ON knowledge_practice;",
    """CREATE TRIGGER knowledge_practice_vector_update
       BEFORE INSERT OR UPDATE ON knowledge_practice
       FOR EACH ROW EXECUTE FUNCTION knowledge_practice_vector();""",
]

POSTGRES_BACKWARD = [
    "DROP TRIGGER knowledge_practice_vector_update ON knowledge_practice;",
    f"""
    CREATE OR REPLACE FUNCTION knowledge_practice_vector() RETURNS trigger AS $$
    DECLARE cfg regconfig;
    BEGIN
      cfg := {configuration_of("NEW.language")};
      NEW.search_vector := {_text_vector("cfg", "NEW.title", "NEW.summary", "NEW.body")};
      RETURN NEW;
    END
    $$ LANGUAGE plpgsql;
    """,
    """CREATE TRIGGER knowledge_practice_vector_update
       BEFORE INSERT OR UPDATE OF title, summary, body, language ON knowledge_practice
       FOR EACH ROW EXECUTE FUNCTION knowledge_practice_vector();""",
    "UPDATE knowledge_practice SET title = title;",
    "DROP FUNCTION knowledge_practice_vector_of(text, text, text, text, text[]);",
    "DROP FUNCTION knowledge_label_vector(text[], text);",
    "DROP TABLE knowledge_facetlabel;",
]


def _mark(name: str, event: str, table: str, column: str) -> str:
    row = "OLD" if event == "DELETE" else "NEW"
    return f"""CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN
        INSERT OR IGNORE INTO knowledge_fts_dirty (practice_id) VALUES ({row}.{column});
      END;"""


SQLITE_FORWARD = [
    LABELS,
    """CREATE VIRTUAL TABLE knowledge_fts USING fts5(
         title, summary, labels, body, other_labels, words, tokenize = 'unicode61 remove_diacritics 0'
       );""",
    "CREATE VIRTUAL TABLE knowledge_fts_vocab USING fts5vocab(knowledge_fts, 'col');",
    "CREATE TABLE knowledge_fts_dirty (practice_id integer PRIMARY KEY);",
    "INSERT INTO knowledge_fts_dirty (practice_id) SELECT id FROM knowledge_practice;",
    _mark("knowledge_fts_practice_insert", "INSERT", "knowledge_practice", "id"),
    _mark(
        "knowledge_fts_practice_update",
        "UPDATE OF title, summary, body, language, type, audience, status",
        "knowledge_practice",
        "id",
    ),
    _mark("knowledge_fts_practice_delete", "DELETE", "knowledge_practice", "id"),
    *(
        _mark(f"{table}_fts_{event.lower()}", event, table, "practice_id")
        for table in THROUGH
        for event in ("INSERT", "DELETE")
    ),
]

SQLITE_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {table}_fts_{e};" for table in THROUGH for e in ("insert", "delete")),
    *(
        f"DROP TRIGGER IF EXISTS knowledge_fts_practice_{e};"
        for e in ("insert", "update", "delete")
    ),
    "DROP TABLE IF EXISTS knowledge_fts_dirty;",
    "DROP TABLE IF EXISTS knowledge_fts_vocab;",
    "DROP TABLE IF EXISTS knowledge_fts;",
    "DROP TABLE IF EXISTS knowledge_facetlabel;",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0005_search_synonyms"), ("taxonomy", "0002_load_vocabularies")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
