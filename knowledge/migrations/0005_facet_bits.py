"""Facet counts without a row per facet value (PostgreSQL only).

Counting facets with ``unnest(facet_keys) … GROUP BY`` makes a row for every facet value of
every match: about ten per practice, so 300,000 rows for a common word at 100k practices. Here
every facet key gets a bit (``knowledge_facetbit``, assigned on first sight and never reused)
and every practice a fixed 32-byte ``facet_bits`` with its keys' bits set, kept by a trigger that
runs after the one filling ``facet_keys``. A search then fetches the matches' bits as one
string (``string_agg``) and counts them in numpy (knowledge/search.py).

A key seen when all 256 bits are taken is recorded with no bit; while such a key exists the
search counts with ``unnest`` as before.
"""

from django.db import migrations

WIDTH = 32  # bytes of facet_bits: 256 facet values (about 90 exist)

FORWARD = [
    # Filling the bits of a large library takes longer than a page's statement timeout.
    "SET LOCAL statement_timeout = 0",
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
    "UPDATE knowledge_practice SET facet_bits = knowledge_facet_bits(facet_keys);",
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS knowledge_practice_facets_update_bits ON knowledge_practice;",
    "DROP FUNCTION IF EXISTS knowledge_practice_bits();",
    "DROP FUNCTION IF EXISTS knowledge_facet_bits(text[]);",
    "ALTER TABLE knowledge_practice DROP COLUMN IF EXISTS facet_bits;",
    "DROP TABLE IF EXISTS knowledge_facetbit;",
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
    dependencies = [("knowledge", "0004_search_at_scale")]

    operations = [migrations.RunPython(forwards, backwards)]
