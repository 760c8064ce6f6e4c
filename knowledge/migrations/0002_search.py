"""PostgreSQL full-text search: unaccenting configurations per language, a trigger that keeps
each practice's weighted tsvector, a GIN index, and pg_trgm for "did you mean". Nothing of
this runs on SQLite (make run), where search falls back to a plain match."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

LANGUAGES = {"english": "english_stem", "dutch": "dutch_stem", "french": "french_stem",
             "german": "german_stem", "simple": "simple"}

FORWARD = [
    *(
        f"""CREATE TEXT SEARCH CONFIGURATION knowledge_{name} (COPY = pg_catalog.{"simple" if name == "simple" else name});
        ALTER TEXT SEARCH CONFIGURATION knowledge_{name}
          ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {dictionary};"""
        for name, dictionary in LANGUAGES.items()
    ),
    """
    CREATE FUNCTION knowledge_practice_vector() RETURNS trigger AS $$
    DECLARE cfg regconfig;
    BEGIN
      cfg := (CASE NEW.language
                WHEN 'en' THEN 'knowledge_english' WHEN 'nl' THEN 'knowledge_dutch'
                WHEN 'fr' THEN 'knowledge_french' WHEN 'de' THEN 'knowledge_german'
                ELSE 'knowledge_simple' END)::regconfig;
      -- The practice's own language stems; the simple copy lets a query parsed in another
      -- interface language still find the exact words.
      NEW.search_vector :=
        setweight(to_tsvector(cfg, coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector(cfg, coalesce(NEW.summary, '')), 'B') ||
        setweight(to_tsvector(cfg, coalesce(NEW.body, '')), 'C') ||
        setweight(to_tsvector('knowledge_simple'::regconfig, coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('knowledge_simple'::regconfig, coalesce(NEW.summary, '')), 'B') ||
        setweight(to_tsvector('knowledge_simple'::regconfig, coalesce(NEW.body, '')), 'C');
      RETURN NEW;
    END
    $$ LANGUAGE plpgsql;
    """,
    """CREATE TRIGGER knowledge_practice_vector_update
       BEFORE INSERT OR UPDATE OF title, summary, body, language ON knowledge_practice
       FOR EACH ROW EXECUTE FUNCTION knowledge_practice_vector();""",
    "CREATE INDEX knowledge_practice_search ON knowledge_practice USING GIN (search_vector);",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS knowledge_practice_vector_update ON knowledge_practice;",
    "DROP FUNCTION IF EXISTS knowledge_practice_vector();",
    "DROP INDEX IF EXISTS knowledge_practice_search;",
    *(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS knowledge_{name};" for name in LANGUAGES),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARD:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(forwards, backwards),
    ]
