"""PostgreSQL full-text search, at 100k–1M practices. Nothing of this runs on SQLite (make run),
where search falls back to a plain match. The columns and tables below are not model fields:
only the database fills them and the package knowledge/search/ reads them.

- One unaccenting text search configuration per language (``knowledge_<name>``), and a trigger
  that keeps each practice's weighted ``search_vector`` (GIN-indexed): the practice's own
  language stems; the fallback copy lets a query parsed in another interface language still
  find the exact words. pg_trgm for "did you mean".
- ``knowledge_head_vector(language, title, summary)``: title and summary in the practice's
  configuration plus the fallback one, GIN-indexed as an expression (not stored, so rows stay
  narrow): which matches have the words in their title or summary, to choose the ones to rank.
- ``facet_keys``: every facet value of a practice as text ("type:guide", "theme:eco-efficiency",
  …), kept by triggers on the practice and on its three many-to-many tables, GIN-indexed, so
  filters are array overlaps.
- ``facet_bits``: every facet key gets a bit (``knowledge_facetbit``, assigned on first sight
  and never reused) and every practice a fixed 32-byte ``facet_bits`` with its keys' bits set,
  kept by a trigger that runs after the one filling ``facet_keys``; a search fetches the
  matches' bits as one string and counts them in numpy. A key seen when all 256 bits are taken
  is recorded with no bit; while such a key exists the search counts with ``unnest``.
- ``knowledge_searchword``: the words of published titles and summaries with their document
  counts and a trigram index, for "did you mean"; new words arrive by trigger, and
  ``manage.py search_vocabulary`` recounts.

Migrations are history and call no live code; the one import is the language map
(knowledge.languages), shared on purpose with the search code so the two cannot disagree.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

from knowledge.languages import FALLBACK_CONFIGURATION, SEARCH_CONFIGURATIONS

FALLBACK = f"knowledge_{FALLBACK_CONFIGURATION}"
# Each configuration with the dictionary that stems it; the fallback only unaccents.
DICTIONARIES = {
    **{name: f"{name}_stem" for name in SEARCH_CONFIGURATIONS.values()},
    FALLBACK_CONFIGURATION: "simple",
}
THROUGH = {
    "knowledge_practice_themes": "theme_id",
    "knowledge_practice_iso26000": "iso26000subject_id",
    "knowledge_practice_sectors": "sector_id",
}
WIDTH = 32  # bytes of facet_bits: 256 facet values (about 90 exist)


def configuration_of(language: str) -> str:
    """SQL: the configuration of a practice in ``language`` (a column or parameter)."""
    cases = " ".join(
        f"WHEN '{code}' THEN 'knowledge_{name}'" for code, name in SEARCH_CONFIGURATIONS.items()
    )
    return f"(CASE {language} {cases} ELSE '{FALLBACK}' END)::regconfig"


FORWARD = [
    *(
        f"""CREATE TEXT SEARCH CONFIGURATION knowledge_{name} (COPY = pg_catalog.{name});
        ALTER TEXT SEARCH CONFIGURATION knowledge_{name}
          ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {dictionary};"""
        for name, dictionary in DICTIONARIES.items()
    ),
    # The weighted search vector.
    f"""
    CREATE FUNCTION knowledge_practice_vector() RETURNS trigger AS $$
    DECLARE cfg regconfig;
    BEGIN
      cfg := {configuration_of("NEW.language")};
      -- The practice's own language stems; the simple copy lets a query parsed in another
      -- interface language still find the exact words.
      NEW.search_vector :=
        setweight(to_tsvector(cfg, coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector(cfg, coalesce(NEW.summary, '')), 'B') ||
        setweight(to_tsvector(cfg, coalesce(NEW.body, '')), 'C') ||
        setweight(to_tsvector('{FALLBACK}'::regconfig, coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('{FALLBACK}'::regconfig, coalesce(NEW.summary, '')), 'B') ||
        setweight(to_tsvector('{FALLBACK}'::regconfig, coalesce(NEW.body, '')), 'C');
      RETURN NEW;
    END
    $$ LANGUAGE plpgsql;
    """,
    """CREATE TRIGGER knowledge_practice_vector_update
       BEFORE INSERT OR UPDATE OF title, summary, body, language ON knowledge_practice
       FOR EACH ROW EXECUTE FUNCTION knowledge_practice_vector();""",
    "CREATE INDEX knowledge_practice_search ON knowledge_practice USING GIN (search_vector);",
    # The head vector. Immutable in practice: the configurations are this migration's own.
    f"""
    CREATE FUNCTION knowledge_head_vector(lang text, title text, summary text)
    RETURNS tsvector AS $$
      SELECT to_tsvector({configuration_of("lang")}, title || ' ' || summary)
        || to_tsvector('{FALLBACK}'::regconfig, title || ' ' || summary)
    $$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;
    """,
    "CREATE INDEX knowledge_practice_head ON knowledge_practice "
    "USING GIN (knowledge_head_vector(language, title, summary)) WHERE status = 'published';",
    "CREATE INDEX knowledge_practice_published_at ON knowledge_practice (published_at DESC, id) "
    "WHERE status = 'published';",
    # The facet keys.
    "ALTER TABLE knowledge_practice ADD COLUMN facet_keys text[] NOT NULL DEFAULT '{}'",
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
    # The facet bits.
    """CREATE TABLE knowledge_facetbit (
         key text PRIMARY KEY,
         bit smallint UNIQUE CHECK (bit BETWEEN 0 AND 255)
       );""",
    f"ALTER TABLE knowledge_practice ADD COLUMN facet_bits bytea NOT NULL "
    f"DEFAULT decode(repeat('00', {WIDTH}), 'hex')",
    f"""
    CREATE FUNCTION knowledge_facet_bits(keys text[]) RETURNS bytea AS $$
    DECLARE
      bits bytea := decode(repeat('00', {WIDTH}), 'hex');
      k text;
      n integer;
    BEGIN
      FOREACH k IN ARRAY keys LOOP
        SELECT bit INTO n FROM knowledge_facetbit WHERE key = k;
        IF NOT FOUND THEN
          -- One new key at a time, so two transactions never take the same bit.
          PERFORM pg_advisory_xact_lock(hashtext('knowledge_facetbit'));
          SELECT bit INTO n FROM knowledge_facetbit WHERE key = k;
          IF NOT FOUND THEN
            SELECT coalesce(max(bit) + 1, 0) INTO n FROM knowledge_facetbit;
            IF n > 255 THEN
              n := NULL;
            END IF;
            INSERT INTO knowledge_facetbit (key, bit) VALUES (k, n);
          END IF;
        END IF;
        IF n IS NOT NULL THEN
          bits := set_bit(bits, n, 1);
        END IF;
      END LOOP;
      RETURN bits;
    END
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE FUNCTION knowledge_practice_bits() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'INSERT' OR NEW.facet_keys IS DISTINCT FROM OLD.facet_keys THEN
        NEW.facet_bits := knowledge_facet_bits(NEW.facet_keys);
      END IF;
      RETURN NEW;
    END
    $$ LANGUAGE plpgsql;
    """,
    # BEFORE triggers of one event run in name order: after knowledge_practice_facets_update.
    """CREATE TRIGGER knowledge_practice_facets_update_bits
       BEFORE INSERT OR UPDATE ON knowledge_practice
       FOR EACH ROW EXECUTE FUNCTION knowledge_practice_bits();""",
    # "Did you mean": words of what is published only, never a draft's.
    """CREATE TABLE knowledge_searchword (
         word text PRIMARY KEY,
         ndoc integer NOT NULL DEFAULT 1
       );""",
    "CREATE INDEX knowledge_searchword_trgm ON knowledge_searchword "
    "USING GIST (word gist_trgm_ops);",
    f"""
    CREATE FUNCTION knowledge_practice_words() RETURNS trigger AS $$
    BEGIN
      INSERT INTO knowledge_searchword (word)
        SELECT w FROM unnest(tsvector_to_array(to_tsvector('{FALLBACK}'::regconfig,
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
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS knowledge_practice_words_update ON knowledge_practice;",
    "DROP FUNCTION IF EXISTS knowledge_practice_words();",
    "DROP TABLE IF EXISTS knowledge_searchword;",
    "DROP TRIGGER IF EXISTS knowledge_practice_facets_update_bits ON knowledge_practice;",
    "DROP FUNCTION IF EXISTS knowledge_practice_bits();",
    "DROP FUNCTION IF EXISTS knowledge_facet_bits(text[]);",
    "ALTER TABLE knowledge_practice DROP COLUMN IF EXISTS facet_bits;",
    "DROP TABLE IF EXISTS knowledge_facetbit;",
    *(f"DROP TRIGGER IF EXISTS {table}_facets ON {table};" for table in THROUGH),
    "DROP FUNCTION IF EXISTS knowledge_practice_tags_changed();",
    "DROP TRIGGER IF EXISTS knowledge_practice_facets_update ON knowledge_practice;",
    "DROP FUNCTION IF EXISTS knowledge_practice_facets();",
    "DROP FUNCTION IF EXISTS knowledge_facet_keys(bigint, text, text, jsonb, jsonb);",
    "ALTER TABLE knowledge_practice DROP COLUMN IF EXISTS facet_keys;",
    "DROP INDEX IF EXISTS knowledge_practice_published_at;",
    "DROP INDEX IF EXISTS knowledge_practice_head;",
    "DROP FUNCTION IF EXISTS knowledge_head_vector(text, text, text);",
    "DROP INDEX IF EXISTS knowledge_practice_search;",
    "DROP TRIGGER IF EXISTS knowledge_practice_vector_update ON knowledge_practice;",
    "DROP FUNCTION IF EXISTS knowledge_practice_vector();",
    *(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS knowledge_{name};" for name in DICTIONARIES),
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
    dependencies = [("knowledge", "0001_initial"), ("taxonomy", "0001_initial")]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(forwards, backwards),
    ]
