"""PostgreSQL: a key per adjacent word pair, so that a phrase search reads few vectors.

A GIN index on ``search_vector`` finds the practices holding every word of a phrase but cannot
check that they stand side by side: PostgreSQL reads each such practice's whole vector to check
the positions (for two common words, a good part of the library). ``knowledge_pair_keys`` gives a
vector's pairs of lexemes at adjacent positions, each as a 32-bit key (PostgreSQL's ``hashtext``
of "first second", ``knowledge_pair_key``), and a GIN expression index holds them for published practices (not a column: rows stay
as they were, and the index follows the vector by itself). A phrase search first takes the
practices holding its pairs from that index (``knowledge.search.phrases``), then checks the
phrase itself on those.

Nothing on SQLite (``make run``), where FTS5 checks phrases from its own index.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    """
    CREATE FUNCTION knowledge_pair_key(pair text) RETURNS integer AS $$
      SELECT hashtext(pair)
    $$ LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE;
    """,
    # Repeated pairs stay: the GIN index keeps each key once.
    """
    CREATE FUNCTION knowledge_pair_keys(v tsvector) RETURNS integer[] AS $$
      WITH w AS (SELECT u.lexeme, p FROM unnest(v) u, unnest(u.positions) p)
      SELECT coalesce(array_agg(knowledge_pair_key(a.lexeme || ' ' || b.lexeme)), '{}')
      FROM w a JOIN w b ON b.p = a.p + 1
    $$ LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE;
    """,
    # The keys of pairs given as "first second": immutable, so a query's are computed once,
    # when it is planned, and the index is searched for them.
    """
    CREATE FUNCTION knowledge_pair_keys_of(pairs text[]) RETURNS integer[] AS $$
      SELECT coalesce(array_agg(knowledge_pair_key(x)), '{}') FROM unnest(pairs) x
    $$ LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE;
    """,
    # Over an existing library this takes minutes (a few milliseconds a practice): past the portal's
    # statement timeout, which is for requests, not for building an index.
    "SET LOCAL statement_timeout = 0;",
    "SET LOCAL maintenance_work_mem = '256MB';",
    "CREATE INDEX knowledge_practice_pairs ON knowledge_practice "
    "USING GIN (knowledge_pair_keys(search_vector)) WHERE status = 'published';",
]

POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS knowledge_practice_pairs;",
    "DROP FUNCTION IF EXISTS knowledge_pair_keys_of(text[]);",
    "DROP FUNCTION IF EXISTS knowledge_pair_keys(tsvector);",
    "DROP FUNCTION IF EXISTS knowledge_pair_key(text);",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0009_policy_paper_type")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD}),
        ),
    ]
