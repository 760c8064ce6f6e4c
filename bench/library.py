"""The generated library the search bench measures: per language a vocabulary with its real
function words on top, real CSR words at mid ranks and invented words below, drawn with a Zipf
distribution; titles, summaries and ~600-word bodies in the four languages; facet values skewed
the way a real library is. Loaded with COPY as a bulk load is (search indexes dropped first,
then built from scratch).

``fingerprint`` names what a kept library depends on: this generator and every migration.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import json
import random
import time

from support import ROOT

SEED = 20261129
LANGUAGES = {"en": 0.40, "nl": 0.25, "fr": 0.20, "de": 0.15}
SEARCH_INDEXES = (
    "knowledge_practice_search",
    "knowledge_practice_head",
    "knowledge_practice_facet_keys",
    "knowledge_practice_published_at",
    "knowledge_practice_pairs",
    "knowledge_practice_search_sample",
)

FUNCTION_WORDS = {
    "en": "the of and to a in for is on that with as by be are this it from or an at your can "
    "their which its more all how",
    "nl": "de van het een en in is op te dat voor met zijn niet aan om ook als bij door er "
    "maar uit naar hoe",
    "fr": "de la le et les des en un une du pour que dans est qui au sur par pas plus ce avec "
    "son ou leur aux",
    "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als "
    "auch es an werden aus",
}
TOPIC_WORDS = {
    "en": "energy waste supplier suppliers employees training safety audit recycling carbon "
    "emissions diversity reporting stakeholders community climate water packaging circular "
    "wellbeing apprentices procurement transparency human rights volunteering mobility",
    "nl": "energie afval leverancier leveranciers medewerkers opleiding veiligheid duurzame "
    "inkoop werkdruk diversiteit verslag belanghebbenden klimaat water verpakking circulaire "
    "welzijn stagiairs mensenrechten vrijwilligerswerk mobiliteit",
    "fr": "énergie déchets fournisseur fournisseurs salariés formation sécurité audit recyclage "
    "carbone émissions diversité rapport parties prenantes climat eau emballage circulaire "
    "égalité achats responsables droits mobilité",
    "de": "Energie Abfall Lieferant Lieferanten Mitarbeiter Ausbildung Sicherheit Prüfung "
    "Recycling Emissionen Vielfalt Bericht Lieferkette Klima Wasser Verpackung "
    "Kreislaufwirtschaft Gesundheit Menschenrechte Nachhaltigkeitsbericht Mobilität",
}
SYLLABLES = {
    "en": [
        "ba",
        "be",
        "con",
        "de",
        "di",
        "en",
        "ex",
        "for",
        "in",
        "ma",
        "ment",
        "ner",
        "o",
        "per",
        "pro",
        "re",
        "sion",
        "ta",
        "ter",
        "tion",
        "un",
        "ver",
        "al",
        "ing",
        "ly",
        "ate",
        "ous",
        "ive",
        "ure",
    ],
    "nl": [
        "aan",
        "be",
        "ge",
        "ver",
        "ont",
        "heid",
        "lijk",
        "ing",
        "en",
        "er",
        "te",
        "de",
        "ke",
        "ster",
        "baar",
        "tie",
        "ie",
        "oe",
        "ij",
        "ui",
        "ven",
        "lan",
        "schap",
        "dijk",
        "werk",
    ],
    "fr": [
        "ré",
        "dé",
        "con",
        "com",
        "tion",
        "ment",
        "eur",
        "ique",
        "ité",
        "able",
        "ain",
        "eau",
        "oir",
        "ence",
        "on",
        "ette",
        "ier",
        "ois",
        "elle",
        "ure",
        "age",
        "isme",
        "pré",
    ],
    "de": [
        "ge",
        "ver",
        "be",
        "ent",
        "er",
        "un",
        "lich",
        "keit",
        "ung",
        "heit",
        "schaft",
        "ig",
        "isch",
        "bar",
        "zer",
        "stein",
        "berg",
        "wer",
        "ter",
        "lauf",
        "kraft",
        "mann",
        "los",
    ],
}
TYPES = [
    ("guide", 30),
    ("checklist", 15),
    ("good-practice", 15),
    ("case-study", 12),
    ("training", 8),
    ("instrument", 8),
    ("study", 6),
    ("handbook", 4),
    ("exercise", 2),
]
COUNTRIES = [("BE", 30), ("NL", 15), ("FR", 12), ("DE", 12), ("LU", 3), ("AT", 3), ("XX", 2)]
COUNTRIES += [(c, 1) for c in ("IT", "ES", "PL", "SE", "DK", "FI", "IE", "PT", "CZ", "GR")]
AUDIENCES = [
    ("sme", 50),
    ("large-enterprise", 20),
    ("intermediary", 12),
    ("trainer", 10),
    ("public-authority", 8),
]


# --- Text ------------------------------------------------------------------------------------


class Vocabulary:
    """One language's words in Zipf order and a long pool drawn from them."""

    def __init__(self, language: str, rng: random.Random, *, size: int = 20_000) -> None:
        words = FUNCTION_WORDS[language].split()
        topics = TOPIC_WORDS[language].split()
        seen = set(words) | {t.lower() for t in topics}
        invented: list[str] = []
        syllables = SYLLABLES[language]
        while len(invented) < size - len(words) - len(topics):
            word = "".join(rng.choice(syllables) for _ in range(rng.choice((2, 2, 3, 3, 4))))
            if word not in seen and len(word) > 3:
                seen.add(word)
                invented.append(word)
        # Real topic words at mid ranks (about 40 to 600), where a searcher's words sit.
        for position, topic in zip(
            sorted(rng.sample(range(40, 600), len(topics))), topics, strict=True
        ):
            invented.insert(position - len(words), topic)
        self.words = words + invented
        weights = [1 / (rank**1.07) for rank in range(1, len(self.words) + 1)]
        self.pool = rng.choices(self.words, weights=weights, k=400_000)
        # Titles and queries draw from the content words: below the function words.
        self.content = self.words[len(words) : 5000]
        self.content_set = set(self.content)
        content_weights = weights[len(words) : 5000]
        self.title_pool = rng.choices(self.content, weights=content_weights, k=100_000)

    def run(self, rng: random.Random, count: int) -> list[str]:
        start = rng.randrange(len(self.pool) - count)
        return self.pool[start : start + count]

    def title_words(self, rng: random.Random, count: int) -> list[str]:
        start = rng.randrange(len(self.title_pool) - count)
        return self.title_pool[start : start + count]


def _sentences(words: list[str], rng: random.Random) -> str:
    out, sentence = [], []
    for word in words:
        sentence.append(word)
        if len(sentence) >= rng.randint(8, 18):
            out.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    if sentence:
        out.append(" ".join(sentence).capitalize() + ".")
    paragraphs = [" ".join(out[i : i + 6]) for i in range(0, len(out), 6)]
    return "\n\n".join(paragraphs)


def _weighted(rng: random.Random, pairs: list[tuple[str, int]], k: int) -> list[str]:
    values, weights = zip(*pairs, strict=True)
    return sorted(set(rng.choices(values, weights=weights, k=k)))


# --- Loading ---------------------------------------------------------------------------------


def _taxonomy(conn) -> dict[str, list[tuple[int, int]]]:
    """Ids of themes, subjects and sectors, with a skewed weight each."""
    out = {}
    for name, table in (
        ("themes", "taxonomy_theme"),
        ("iso26000", "taxonomy_iso26000subject"),
        ("sectors", "taxonomy_sector"),
    ):
        ids = [row[0] for row in conn.execute(f"SELECT id FROM {table} ORDER BY id")]  # noqa: S608
        out[name] = [(pk, max(1, len(ids) - i) ** 2) for i, pk in enumerate(ids)]
    return out


def generate(conn, *, count: int, vocabularies: dict[str, Vocabulary], rng: random.Random) -> None:
    """Add ``count`` practices and their tags with COPY, in one transaction. The tags go first
    (their triggers off), so each practice's own triggers compute its vectors and facet keys
    as it is inserted, once, as they do in production; only the per-row vocabulary trigger is
    off (the vocabulary is rebuilt afterwards)."""
    taxonomy = _taxonomy(conn)
    first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM knowledge_practice").fetchone()[0]
    languages, language_weights = zip(*LANGUAGES.items(), strict=True)
    now = dt.datetime.now(dt.UTC)
    tags: dict[str, list[tuple[int, int]]] = {name: [] for name in taxonomy}
    for pk in range(first, first + count):
        for name, k in (("themes", (1, 3)), ("iso26000", (0, 2)), ("sectors", (0, 2))):
            values, weights = zip(*taxonomy[name], strict=True)
            chosen = set(rng.choices(values, weights=weights, k=rng.randint(*k)))
            tags[name].extend((pk, tag) for tag in chosen)
    columns = (
        "id, source_id, slug, title, summary, body, type, audience, countries, language, year, "
        "publisher, url, status, published_at, created_at, updated_at"
    )
    with conn.transaction(), conn.cursor() as cursor:
        for name in taxonomy:
            cursor.execute(f"ALTER TABLE knowledge_practice_{name} DISABLE TRIGGER USER")
        cursor.execute(
            "ALTER TABLE knowledge_practice DISABLE TRIGGER knowledge_practice_words_update"
        )
        # The tags' foreign keys are checked at commit, when the practices exist.
        for name, pairs in tags.items():
            column = {"themes": "theme_id", "iso26000": "iso26000subject_id"}.get(name, "sector_id")
            with cursor.copy(
                f"COPY knowledge_practice_{name} (practice_id, {column}) FROM STDIN"
            ) as copy:
                for pair in pairs:
                    copy.write_row(pair)
        with cursor.copy(f"COPY knowledge_practice ({columns}) FROM STDIN") as copy:
            for pk in range(first, first + count):
                language = rng.choices(languages, weights=language_weights)[0]
                vocab = vocabularies[language]
                title = " ".join(vocab.title_words(rng, rng.randint(3, 8))).capitalize()
                summary = _sentences(vocab.run(rng, rng.randint(25, 45)), rng)
                body = _sentences(vocab.run(rng, rng.randint(450, 750)), rng)
                status = rng.choices(("published", "draft", "archived"), (94, 4, 2))[0]
                published = now - dt.timedelta(minutes=rng.randrange(5 * 365 * 24 * 60))
                copy.write_row(
                    (
                        pk,
                        f"bench-{pk}",
                        f"bench-{pk}-{rng.getrandbits(32):08x}",
                        title[:250],
                        summary[:1000],
                        body,
                        rng.choices(*zip(*TYPES, strict=True))[0],
                        json.dumps(_weighted(rng, AUDIENCES, rng.randint(1, 2))),
                        json.dumps(_weighted(rng, COUNTRIES, rng.randint(1, 2))),
                        language,
                        published.year,
                        "Generated",
                        "",
                        status,
                        published if status != "draft" else None,
                        published,
                        published,
                    )
                )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check the tags' keys now
        for name in taxonomy:
            cursor.execute(f"ALTER TABLE knowledge_practice_{name} ENABLE TRIGGER USER")
        cursor.execute(
            "ALTER TABLE knowledge_practice ENABLE TRIGGER knowledge_practice_words_update"
        )
    conn.execute(
        "SELECT setval(pg_get_serial_sequence('knowledge_practice', 'id'), "
        "(SELECT max(id) FROM knowledge_practice))"
    )


def drop_indexes(conn) -> dict[str, str]:
    """Drop the search indexes before a bulk load (as one would); returns their definitions."""
    definitions = dict(
        conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'knowledge_practice' "
            "AND indexname = ANY(%s)",
            [list(SEARCH_INDEXES)],
        ).fetchall()
    )
    for name in definitions:
        conn.execute(f"DROP INDEX {name}")
    return definitions


def build_index(conn, definitions: dict[str, str]) -> dict[str, float]:
    """Build the search indexes over every practice from scratch, then the vocabulary and the
    planner's statistics. (The vectors and facet keys were computed row by row on insert.)"""
    started = time.monotonic()
    # What an operator gives a rebuild; the default 64 MB makes the GIN build spill to disk.
    conn.execute("SET maintenance_work_mem = '512MB'")
    for definition in definitions.values():
        conn.execute(definition)
    gin_s = time.monotonic() - started
    conn.execute("DELETE FROM knowledge_searchword")
    conn.execute(
        """INSERT INTO knowledge_searchword (word, ndoc)
           SELECT word, ndoc FROM ts_stat($$SELECT to_tsvector('knowledge_simple'::regconfig,
             title || ' ' || summary) FROM knowledge_practice WHERE status = 'published'$$)
           WHERE length(word) BETWEEN 3 AND 40"""
    )
    conn.execute(
        "VACUUM ANALYZE knowledge_practice, knowledge_searchword, knowledge_practice_themes, "
        "knowledge_practice_iso26000, knowledge_practice_sectors"
    )
    total = time.monotonic() - started
    return {
        "index_s": round(total, 1),
        "gin_s": round(gin_s, 1),
        "vocabulary_s": round(total - gin_s, 1),
    }


def sizes(conn) -> dict[str, float]:
    mb = 1024 * 1024
    index = conn.execute(
        "SELECT sum(pg_relation_size(quote_ident(indexname))) FROM pg_indexes "
        "WHERE tablename = 'knowledge_practice' AND indexname = ANY(%s)",
        [list(SEARCH_INDEXES)],
    ).fetchone()[0]
    vocabulary = conn.execute(
        "SELECT pg_total_relation_size('knowledge_searchword'), "
        "(SELECT count(*) FROM knowledge_searchword)"
    ).fetchone()
    table = conn.execute("SELECT pg_total_relation_size('knowledge_practice')").fetchone()[0]
    return {
        "index_mb": round(float(index) / mb, 1),
        "vocabulary_mb": round(vocabulary[0] / mb, 1),
        "vocabulary_words": vocabulary[1],
        "table_mb": round(table / mb, 1),
    }


def fingerprint() -> str:
    """What a kept library depends on: the generator (its text, its code, its seed) and every
    migration, with the language map the search migration builds from."""
    parts = [SEED, LANGUAGES, FUNCTION_WORDS, TOPIC_WORDS, SYLLABLES, TYPES, COUNTRIES, AUDIENCES]
    digest = hashlib.sha256(repr(parts).encode())
    for function in (Vocabulary, _sentences, _weighted, _taxonomy, generate, build_index):
        digest.update(inspect.getsource(function).encode())
    for path in [*sorted(ROOT.glob("*/migrations/0*.py")), ROOT / "knowledge" / "languages.py"]:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
