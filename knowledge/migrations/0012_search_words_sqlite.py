"""SQLite: the "did you mean" vocabulary as a table of its own, read by word length.

The SQLite engine suggested close words from ``knowledge_fts_vocab`` (migration
``0006_search_labels_fts``), an ``fts5vocab`` table: every read of it walks the whole FTS5 index,
every column's terms and their counts (about 2 s for 10,000 practices), for every misspelt search.
``knowledge_fts_word`` holds the same words (those of the ``words`` column), with their length
indexed, so a suggestion reads only the words of about the right length. The engine adds the
words of every practice it indexes (``knowledge.search.plain``); a full rebuild starts the table
afresh.

Nothing on PostgreSQL, whose vocabulary is ``knowledge_searchword``.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE TABLE knowledge_fts_word (word text PRIMARY KEY, length integer NOT NULL) "
    "WITHOUT ROWID;",
    "CREATE INDEX knowledge_fts_word_length ON knowledge_fts_word (length, word);",
    # The words already indexed (a library indexed before this migration).
    "INSERT OR IGNORE INTO knowledge_fts_word (word, length) "
    "SELECT term, length(term) FROM knowledge_fts_vocab WHERE col = 'words';",
]

SQLITE_BACKWARD = ["DROP TABLE IF EXISTS knowledge_fts_word;"]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0011_search_sample")]

    operations = [
        migrations.RunPython(_run({"sqlite": SQLITE_FORWARD}), _run({"sqlite": SQLITE_BACKWARD})),
    ]
