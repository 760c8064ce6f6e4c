"""Search at 100k–1M practices (PostgreSQL only; SQLite keeps its plain fallback).

- ``knowledge_head_vector(language, title, summary)``: title and summary in the practice's
  configuration plus simple, GIN-indexed as an expression (not stored, so rows stay narrow):
  which matches have the words in their title or summary, to choose the ones to rank.
- ``facet_keys``: every facet value of a practice as text ("type:guide", "theme:eco-efficiency",
  …), kept by triggers on the practice and on its three many-to-many tables, GIN-indexed, so
  filters are array overlaps and facet counts one GROUP BY over the matches.
- ``knowledge_searchword``: the words of published titles and summaries with their document
  counts and a trigram index, for "did you mean"; new words arrive by trigger, and
  ``manage.py search_vocabulary`` (knowledge.services.search_vocabulary_rebuild) recounts.

The columns are not model fields: only the database fills and reads them (knowledge/search.py).
"""

from django.db import migrations

THROUGH = {
    "knowledge_practice_themes": "theme_id",
    "knowledge_practice_iso26000": "iso26000subject_id",
    "knowledge_practice_sectors": "sector_id",
}

FORWARD = [
    "ALTER TABLE knowledge_practice ADD COLUMN facet_keys text[] NOT NULL DEFAULT '{}'",
    # Immutable in practice: the configurations are the migration's own and never change.
    """
    CREATE FUNCTION knowledge_head_vector(lang text, title text, summary text)
    RETURNS tsvector AS $$
      SELECT to_tsvector((CASE lang
                WHEN 'en' THEN 'knowledge_english' WHEN 'nl' THEN 'knowledge_dutch'
                WHEN 'fr' THEN 'knowledge_french' WHEN 'de' THEN 'knowledge_german'
                ELSE 'knowledge_simple' END)::regconfig, title || ' ' || summary)
        || to_tsvector('knowledge_simple'::regconfig, title || ' ' || summary)
    $$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;
    """,
    "CREATE INDEX knowledge_practice_head ON knowledge_practice "
    "USING GIN (knowledge_head_vector(language, title, summary)) WHERE status = 'published';",
    """
    CREATE FUNCTION knowledge_facet_keys(pid bigint, ptype text, plang text, paudience jsonb,
                                         pcountries jsonb) RETURNS text[] AS $$
      SELECT ARRAY['type:' || ptype, 'language:' || plang]
        || ARRAY(SELECT 'audience:' || v FROM jsonb_array_elements_text(
                   CASE WHEN jsonb_typeof(paudience) = 'array' THEN paudience ELSE '[]' END) v)
        || ARRAY(SELECT 'country:' || v FROM jsonb_array_elements_text(
                   CASE WHEN jsonb_typeof(pcountries) = 'array' THEN pcountries ELSE '[]' END) v)
        || ARRAY(SELECT 'theme:' || t.slug FROM knowledge_practice_themes x
                   JOIN taxonomy_theme t ON t.id = x.theme_id WHERE x.practice_id = pid)
        || ARRAY(SELECT 'iso26000:' || s.slug FROM knowledge_practice_iso26000 x
                   JOIN taxonomy_iso26000subject s ON s.id = x.iso26000subject_id
                   WHERE x.practice_id = pid)
        || ARRAY(SELECT 'sector:' || s.code FROM knowledge_practice_sectors x
                   JOIN taxonomy_sector s ON s.id = x.sector_id WHERE x.practice_id = pid)
    $$ LANGUAGE sql STABLE;
    """,
    """
    CREATE FUNCTION knowledge_practice_facets() RETURNS trigger AS $$
    BEGIN
      NEW.facet_keys := knowledge_facet_keys(NEW.id, NEW.type, NEW.language, NEW.audience,
                                             NEW.countries);
      RETURN NEW;
    END
    $$ LANGUAGE plpgsql;
    """,
    """CREATE TRIGGER knowledge_practice_facets_update
       BEFORE INSERT OR UPDATE OF type, language, audience, countries ON knowledge_practice
       FOR EACH ROW EXECUTE FUNCTION knowledge_practice_facets();""",
    """
    CREATE FUNCTION knowledge_practice_tags_changed() RETURNS trigger AS $$
    BEGIN
      UPDATE knowledge_practice p
         SET facet_keys = knowledge_facet_keys(p.id, p.type, p.language, p.audience, p.countries)
       WHERE p.id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.practice_id ELSE NEW.practice_id END);
      IF TG_OP = 'UPDATE' AND OLD.practice_id <> NEW.practice_id THEN
        UPDATE knowledge_practice p
           SET facet_keys = knowledge_facet_keys(p.id, p.type, p.language, p.audience,
                                                 p.countries)
         WHERE p.id = OLD.practice_id;
      END IF;
      RETURN NULL;
    END
    $$ LANGUAGE plpgsql;
    """,
    *(
        f"""CREATE TRIGGER {table}_facets AFTER INSERT OR UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION knowledge_practice_tags_changed();"""
        for table in THROUGH
    ),
    "CREATE INDEX knowledge_practice_facet_keys ON knowledge_practice USING GIN (facet_keys);",
    "CREATE INDEX knowledge_practice_published_at ON knowledge_practice (published_at DESC, id) "
    "WHERE status = 'published';",
    """CREATE TABLE knowledge_searchword (
         word text PRIMARY KEY,
         ndoc integer NOT NULL DEFAULT 1
       );""",
    "CREATE INDEX knowledge_searchword_trgm ON knowledge_searchword "
    "USING GIST (word gist_trgm_ops);",
    # Words of what is published only: a draft's words must never come back as a suggestion.
    """
    CREATE FUNCTION knowledge_practice_words() RETURNS trigger AS $$
    BEGIN
      INSERT INTO knowledge_searchword (word)
        SELECT w FROM unnest(tsvector_to_array(to_tsvector('knowledge_simple'::regconfig,
                 coalesce(NEW.title, '') || ' ' || coalesce(NEW.summary, '')))) AS w
        WHERE length(w) BETWEEN 3 AND 40
        ON CONFLICT (word) DO NOTHING;
      RETURN NULL;
    END
    $$ LANGUAGE plpgsql;
    """,
    """CREATE TRIGGER knowledge_practice_words_update
       AFTER INSERT OR UPDATE OF status, title, summary ON knowledge_practice
       FOR EACH ROW WHEN (NEW.status = 'published')
       EXECUTE FUNCTION knowledge_practice_words();""",
    # Existing rows: fill the facet keys (the UPDATE fires the row trigger) and the words.
    "UPDATE knowledge_practice SET type = type;",
    """INSERT INTO knowledge_searchword (word, ndoc)
       SELECT word, ndoc FROM ts_stat($$SELECT to_tsvector('knowledge_simple'::regconfig,
         title || ' ' || summary) FROM knowledge_practice WHERE status = 'published'$$)
       WHERE length(word) BETWEEN 3 AND 40
       ON CONFLICT (word) DO UPDATE SET ndoc = EXCLUDED.ndoc;""",
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS knowledge_practice_words_update ON knowledge_practice;",
    "DROP FUNCTION IF EXISTS knowledge_practice_words();",
    "DROP TABLE IF EXISTS knowledge_searchword;",
    *(f"DROP TRIGGER IF EXISTS {table}_facets ON {table};" for table in THROUGH),
    "DROP FUNCTION IF EXISTS knowledge_practice_tags_changed();",
    "DROP TRIGGER IF EXISTS knowledge_practice_facets_update ON knowledge_practice;",
    "DROP FUNCTION IF EXISTS knowledge_practice_facets();",
    "DROP FUNCTION IF EXISTS knowledge_facet_keys(bigint, text, text, jsonb, jsonb);",
    "DROP INDEX IF EXISTS knowledge_practice_published_at;",
    "DROP INDEX IF EXISTS knowledge_practice_head;",
    "DROP FUNCTION IF EXISTS knowledge_head_vector(text, text, text);",
    "ALTER TABLE knowledge_practice DROP COLUMN IF EXISTS facet_keys;",
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
    dependencies = [("knowledge", "0003_practice_translation_of"), ("taxonomy", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
