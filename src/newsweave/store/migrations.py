"""Schema migrations, registered in one place and applied in order, each exactly once.

A migration is a function returning the SQL script for it, registered with ``@migration(n, "name")``. The
``_migrations`` table records what has run; opening a store applies each missing migration and its
record in one transaction. Never edit a migration that has shipped: add a new one.

Migrations are written in SQLite's DDL and take the store's ``dialect``: for PostgreSQL the store maps the
types of what they return (``newsweave.store.postgres.schema``), and the few statements with no common form
(full-text search) are written for each.
"""

from __future__ import annotations

from collections.abc import Callable

from . import postgres

MIGRATIONS: dict[int, tuple[str, Callable]] = {}


def migration(number: int, name: str):
    """Register ``func`` as migration ``number``."""

    def decorate(func: Callable) -> Callable:
        if number in MIGRATIONS:
            raise ValueError(f"migration {number} registered twice")
        MIGRATIONS[number] = (name, func)
        return func

    return decorate


@migration(1, "articles, raw documents, failures, full-text search")
def _initial(dialect: str) -> str:
    return """
        CREATE TABLE raw_documents (
            hash TEXT PRIMARY KEY,          -- sha256 of the original bytes
            data BLOB NOT NULL,             -- the original bytes, zlib-compressed
            size INTEGER NOT NULL
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            content_hash TEXT NOT NULL REFERENCES raw_documents(hash),
            outlet TEXT NOT NULL,
            outlet_from TEXT NOT NULL,
            source TEXT NOT NULL,
            format TEXT NOT NULL,
            "offset" INTEGER,
            item TEXT,
            url TEXT,
            title TEXT,
            author TEXT,
            external_id TEXT,
            published TEXT,                 -- ISO date when exact
            published_earliest TEXT,
            published_latest TEXT,
            date_exact INTEGER,
            date_confidence REAL,
            date_evidence TEXT,             -- JSON list of strings
            text TEXT NOT NULL,             -- cleaned text, blocks joined by blank lines
            blocks TEXT NOT NULL,           -- JSON [{kind, text, start, end}]
            removed TEXT NOT NULL,          -- JSON [{text, rule, line}]
            times TEXT NOT NULL,            -- JSON [{text, start, end, earliest, latest, relative}]
            warnings TEXT NOT NULL,         -- JSON list of strings
            encoding TEXT,
            ingested_at TEXT NOT NULL,
            UNIQUE (content_hash, outlet)
        );
        CREATE INDEX articles_published ON articles (published_earliest);
        CREATE INDEX articles_outlet ON articles (outlet);
        CREATE TABLE failures (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            code TEXT NOT NULL,
            reason TEXT NOT NULL,
            at TEXT NOT NULL
        );
        """ + (postgres.FUNCTIONS + postgres.FULL_TEXT if dialect == "postgresql" else """
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        END;
        CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        """)


@migration(2, "annotations: canonical entities, mentions, quotes, claims")
def _annotations(dialect: str) -> str:
    return """
        CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,             -- canonical name
            type TEXT NOT NULL,             -- person, org, place
            surname TEXT                    -- folded last name of a person, for linking "Trump" to "Donald Trump"
        );
        CREATE INDEX entities_surname ON entities (surname);
        CREATE TABLE entity_keys (          -- every spelling-independent key known to name an entity
            key TEXT NOT NULL,
            type TEXT NOT NULL,
            entity_id INTEGER NOT NULL REFERENCES entities(id),
            PRIMARY KEY (key, type)
        );
        CREATE TABLE annotations (          -- one row per annotated article: annotation is done for it
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            language TEXT NOT NULL,
            warnings TEXT NOT NULL,         -- JSON list of strings
            annotated_at TEXT NOT NULL
        );
        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            entity_id INTEGER NOT NULL REFERENCES entities(id),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            kind TEXT NOT NULL              -- name, role, pronoun
        );
        CREATE INDEX mentions_entity ON mentions (entity_id);
        CREATE INDEX mentions_article ON mentions (article_id);
        CREATE TABLE quotes (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            content_start INTEGER NOT NULL, content_end INTEGER NOT NULL, content TEXT NOT NULL,
            cue_start INTEGER, cue_end INTEGER, cue TEXT,
            speaker_start INTEGER, speaker_end INTEGER, speaker_mention TEXT,
            speaker_id INTEGER REFERENCES entities(id),
            speaker TEXT,                   -- canonical name, or the mention's words when not an entity
            direct INTEGER NOT NULL,
            how TEXT NOT NULL
        );
        CREATE INDEX quotes_article ON quotes (article_id);
        CREATE INDEX quotes_speaker ON quotes (speaker_id);
        CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL, sentence TEXT NOT NULL,
            number_start INTEGER NOT NULL, number_end INTEGER NOT NULL, number TEXT NOT NULL,
            subject TEXT NOT NULL,
            head TEXT NOT NULL,
            value TEXT NOT NULL,            -- JSON number, or ISO date / date range for unit 'date'
            unit TEXT NOT NULL,
            qualifier TEXT,
            as_of TEXT,
            source TEXT
        );
        CREATE INDEX claims_article ON claims (article_id);
        CREATE INDEX claims_head ON claims (head);
        """


@migration(3, "duplicates: LSH band index and duplicate groups")
def _duplicates(dialect: str) -> str:
    return """
        CREATE TABLE lsh_bands (            -- MinHash band keys (newsweave.dedupe): candidates in one lookup
            key INTEGER NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
        );
        CREATE INDEX lsh_bands_key ON lsh_bands (key);
        CREATE INDEX lsh_bands_article ON lsh_bands (article_id);
        CREATE TABLE duplicates (           -- one row per fingerprinted article; a text of its own is its own group
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            canonical_id INTEGER NOT NULL,  -- the group's canonical member (earliest, then most complete)
            match_id INTEGER,               -- the earlier article it was found to duplicate
            jaccard REAL                    -- word 5-gram Jaccard with match_id
        );
        CREATE INDEX duplicates_canonical ON duplicates (canonical_id);
        """


@migration(4, "stories: article vectors, events, storylines, dates from a story")
def _stories(dialect: str) -> str:
    return """
        CREATE TABLE article_vectors (      -- sentence embedding of headline and lead (newsweave.embed)
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            vector BLOB NOT NULL            -- float32, unit length
        );
        CREATE TABLE storylines (
            id INTEGER PRIMARY KEY,
            vector_sum BLOB NOT NULL,       -- sum of its events' article vectors (direction = topic)
            size INTEGER NOT NULL,          -- articles counted in vector_sum
            actors TEXT NOT NULL DEFAULT '[]' -- JSON ids of its most mentioned entities, most first
        );
        CREATE TABLE storyline_entities (
            storyline_id INTEGER NOT NULL REFERENCES storylines(id) ON DELETE CASCADE,
            entity_id INTEGER NOT NULL,
            weight REAL NOT NULL,
            PRIMARY KEY (storyline_id, entity_id)
        );
        CREATE INDEX storyline_entities_entity ON storyline_entities (entity_id, weight);
        CREATE INDEX storyline_entities_top ON storyline_entities (storyline_id, weight);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            storyline_id INTEGER NOT NULL REFERENCES storylines(id),
            first_article INTEGER NOT NULL, -- its title is the event's title
            dated INTEGER NOT NULL,         -- 1 when some member has an exact date; day_* then span those dates
            day_min INTEGER NOT NULL,       -- proleptic ordinal days (date.toordinal())
            day_max INTEGER NOT NULL,
            vector_sum BLOB NOT NULL,       -- sum of the vectors of its distinct texts (copies count once)
            size INTEGER NOT NULL           -- distinct texts in vector_sum
        );
        CREATE INDEX events_storyline ON events (storyline_id);
        CREATE TABLE event_articles (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            event_id INTEGER NOT NULL REFERENCES events(id),
            how TEXT NOT NULL,              -- new, statement, text, duplicate
            score REAL,                     -- the evidence's strength (statement overlap, cosine, jaccard)
            undated INTEGER NOT NULL        -- 1 when the article had no exact date of its own
        );
        CREATE INDEX event_articles_event ON event_articles (event_id);
        CREATE TABLE event_entities (       -- entity postings: which events name an entity, and when
            entity_id INTEGER NOT NULL,
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            weight REAL NOT NULL,
            dated INTEGER NOT NULL,
            day_min INTEGER NOT NULL,
            day_max INTEGER NOT NULL,
            PRIMARY KEY (event_id, entity_id)
        );
        CREATE INDEX event_entities_lookup ON event_entities (entity_id, dated, day_min);
        CREATE TABLE story_dates (          -- a date range an undated article takes from its event's dated reports
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            earliest TEXT NOT NULL,
            latest TEXT NOT NULL,
            evidence TEXT NOT NULL          -- JSON list of strings
        );
        """


@migration(5, "stories: article term vectors, document frequencies, event and storyline term centroids")
def _terms(dialect: str) -> str:
    return """
        CREATE TABLE article_terms (        -- sublinear term frequencies of an article (newsweave.terms)
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            terms TEXT NOT NULL             -- JSON object term -> 1 + ln(count)
        );
        CREATE TABLE term_df (              -- in how many articles' term vectors each term is
            term TEXT PRIMARY KEY,
            df INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE term_documents (n INTEGER NOT NULL);  -- one row: how many rows article_terms has
        INSERT INTO term_documents VALUES (0);
        ALTER TABLE events ADD COLUMN terms TEXT NOT NULL DEFAULT '{}';  -- JSON sum of unit term vectors
        CREATE INDEX events_days ON events (dated, day_max);
        ALTER TABLE storylines ADD COLUMN terms TEXT NOT NULL DEFAULT '{}';  -- JSON sum of unit term vectors
        ALTER TABLE storylines ADD COLUMN day_min INTEGER;  -- first and last exact publication day (ordinal)
        ALTER TABLE storylines ADD COLUMN day_max INTEGER;
        """


@migration(6, "failures: one row per input and reason, with how many runs met it")
def _failures_once(dialect: str) -> str:
    return """
        ALTER TABLE failures ADD COLUMN times INTEGER NOT NULL DEFAULT 1;
        UPDATE failures SET times = (SELECT count(*) FROM failures f
                                     WHERE f.source = failures.source AND f.code = failures.code
                                       AND f.reason = failures.reason),
                            at = (SELECT max(at) FROM failures f
                                  WHERE f.source = failures.source AND f.code = failures.code
                                    AND f.reason = failures.reason);
        DELETE FROM failures WHERE id NOT IN (SELECT min(id) FROM failures GROUP BY source, code, reason);
        CREATE UNIQUE INDEX failures_once ON failures (source, code, reason);
        """


@migration(7, "stories: the event and storyline each article was in before a re-cluster, so ids stay stable")
def _previous_clusters(dialect: str) -> str:
    return """
        CREATE TABLE previous_clusters (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            event_id INTEGER NOT NULL,
            storyline_id INTEGER NOT NULL
        );
        """


@migration(8, "quotes: how far each attribution can be trusted")
def _quote_confidence(dialect: str) -> str:
    return """
        ALTER TABLE quotes ADD COLUMN confidence REAL;  -- NULL: annotated before confidences (annotate --redo)
        """


@migration(9, "views: heavy results (comparison, brief, timeline) cached per story or storyline")
def _views(dialect: str) -> str:
    return """
        CREATE TABLE views (
            kind TEXT NOT NULL,             -- "compare", "brief", "timeline"
            ref TEXT NOT NULL,              -- the story or storyline id ("12", "L3")
            key TEXT NOT NULL,              -- what it was computed from (its articles); another key is stale
            data TEXT NOT NULL,             -- the result as JSON (records.*_dict)
            PRIMARY KEY (kind, ref)
        );
        """


@migration(10, "views: the claim labels of a cached comparison, for filtering stories by them")
def _view_labels(dialect: str) -> str:
    return """
        ALTER TABLE views ADD COLUMN labels TEXT NOT NULL DEFAULT '';  -- ",corroborated,contradicted," (compare)
        """


@migration(11, "feeds: what newsweave watch knows of each feed it polls")
def _watched_feeds(dialect: str) -> str:
    return """
        CREATE TABLE watched_feeds (
            url TEXT PRIMARY KEY,
            etag TEXT,                      -- validators of the last full response, sent back on the next poll
            last_modified TEXT,
            polled_at TEXT,                 -- ISO 8601, UTC
            next_poll_at TEXT,
            status TEXT,                    -- "new", "unchanged", "not modified", "failed"
            error TEXT,
            failures INTEGER NOT NULL DEFAULT 0,    -- consecutive failed polls: the backoff grows with them
            added INTEGER NOT NULL DEFAULT 0        -- articles it brought in, in all
        );
        """


@migration(12, "text vectors: sentence embeddings computed by comparisons, kept for the next")
def _text_vectors(dialect: str) -> str:
    return """
        CREATE TABLE text_vectors (
            key BLOB PRIMARY KEY,           -- newsweave.embed.text_key: digest of the text and the model
            vector BLOB NOT NULL            -- float32, unit length
        ) WITHOUT ROWID;
        """


@migration(13, "stories across languages: multilingual article vectors, event vector sums and languages")
def _multilingual(dialect: str) -> str:
    return """
        ALTER TABLE article_vectors ADD COLUMN multilingual BLOB;  -- newsweave.embed_multilingual, unit length
        ALTER TABLE events ADD COLUMN ml_sum BLOB;          -- sum of its distinct texts' multilingual vectors
        ALTER TABLE events ADD COLUMN languages TEXT NOT NULL DEFAULT '';  -- its reports' languages: "de,en"
        """


@migration(14, "claims: values a sentence gives as superseded (\"had previously said 6 feet\")")
def _earlier_claims(dialect: str) -> str:
    return """
        ALTER TABLE claims ADD COLUMN earlier INTEGER NOT NULL DEFAULT 0;  -- 0 also for claims annotated before
        """


@migration(15, "views: the code that made each cached view, so that filters by label skip other code's")
def _view_code(dialect: str) -> str:
    return """
        ALTER TABLE views ADD COLUMN code TEXT NOT NULL DEFAULT '';  -- newsweave.corpus.code_digest of its maker
        """


@migration(16, "mentions: entity and article in one index, which the list of entities reads alone")
def _mentions_entity_article(dialect: str) -> str:
    # Counting each entity's mentions and distinct articles read every mention row through the entity index:
    # 2.2 s on 981,665 mentions (a 38,000-article store), 0.33 s from this index; it also serves what the one
    # on entity_id alone served.
    return """
        CREATE INDEX mentions_entity_article ON mentions (entity_id, article_id);
        DROP INDEX mentions_entity;
        """


@migration(17, "events: a mark of the last change to each story's row, so lists re-read only changed stories")
def _story_changes(dialect: str) -> str:
    # A story's row (its articles, outlets, dates, storyline, first article) changes when an article joins,
    # leaves or moves between events, or the event moves to another storyline. Triggers give the event the
    # next value of one counter on each such change, whichever code path makes it, so a reader that kept the
    # rows as of mark M re-reads only events whose mark is above M (on a 38,000-article store, re-reading all
    # 24,640 rows took ~0.8 s after every ingested batch). The counter is one row: writers take turns on it,
    # so marks are committed in the order they are given.
    table = """
        CREATE TABLE story_changes (id INTEGER PRIMARY KEY CHECK (id = 1), mark INTEGER NOT NULL);
        INSERT INTO story_changes (id, mark) VALUES (1, 0);
        ALTER TABLE events ADD COLUMN changed INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX events_changed ON events (changed);
        """
    if dialect == "postgresql":
        return table + """
        CREATE FUNCTION story_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE story_changes SET mark = mark + 1;
            IF TG_TABLE_NAME = 'events' THEN
                UPDATE events SET changed = (SELECT mark FROM story_changes) WHERE id = NEW.id;
            ELSIF TG_OP = 'INSERT' THEN
                UPDATE events SET changed = (SELECT mark FROM story_changes) WHERE id = NEW.event_id;
            ELSIF TG_OP = 'DELETE' THEN
                UPDATE events SET changed = (SELECT mark FROM story_changes) WHERE id = OLD.event_id;
            ELSE
                UPDATE events SET changed = (SELECT mark FROM story_changes) WHERE id IN (OLD.event_id, NEW.event_id);
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER event_added AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION story_changed();
        CREATE TRIGGER event_moved AFTER UPDATE OF storyline_id, first_article ON events
            FOR EACH ROW EXECUTE FUNCTION story_changed();
        CREATE TRIGGER event_article_added AFTER INSERT ON event_articles FOR EACH ROW EXECUTE FUNCTION story_changed();
        CREATE TRIGGER event_article_moved AFTER UPDATE OF event_id ON event_articles
            FOR EACH ROW EXECUTE FUNCTION story_changed();
        CREATE TRIGGER event_article_removed AFTER DELETE ON event_articles
            FOR EACH ROW EXECUTE FUNCTION story_changed();
        """
    mark = "UPDATE story_changes SET mark = mark + 1; UPDATE events SET changed = (SELECT mark FROM story_changes)"
    return table + f"""
        CREATE TRIGGER event_added AFTER INSERT ON events BEGIN {mark} WHERE id = new.id; END;
        CREATE TRIGGER event_moved AFTER UPDATE OF storyline_id, first_article ON events BEGIN
            {mark} WHERE id = new.id; END;
        CREATE TRIGGER event_article_added AFTER INSERT ON event_articles BEGIN {mark} WHERE id = new.event_id; END;
        CREATE TRIGGER event_article_moved AFTER UPDATE OF event_id ON event_articles BEGIN
            {mark} WHERE id IN (old.event_id, new.event_id); END;
        CREATE TRIGGER event_article_removed AFTER DELETE ON event_articles BEGIN {mark} WHERE id = old.event_id; END;
        """


@migration(18, "events: multilingual sums only where a comparison across languages has needed them")
def _multilingual_when_needed(dialect: str) -> str:
    # Workers now embed only articles in other languages than English on the multilingual model; English ones
    # are embedded when first compared across languages (newsweave.stories). An event's ml_sum must be the sum
    # over all its distinct texts or None, so a new English report of an event that has one is embedded at
    # once: the sums of English-only events are dropped, to be remade from the kept article vectors if needed.
    return """
        UPDATE events SET ml_sum = NULL WHERE languages IN ('', 'en');
        """


@migration(19, "events: the window index holds an event's first day and languages, read without the row")
def _events_window(dialect: str) -> str:
    # Events with a report in a window of days (and, for an English article, those with a report in another
    # language) were found on (dated, day_max) and then read from their rows, where day_min sits before and the
    # languages after the event's term centroid (a JSON object of ~300 terms, in overflow pages): 5% of
    # clustering went to reading rows that the query then dropped. This index answers the query alone.
    return """
        CREATE INDEX events_window ON events (dated, day_max, day_min, languages);
        DROP INDEX events_days;
        """


@migration(20, "stories: term centroids in tables of their own, apart from the event and storyline rows")
def _centroids_apart(dialect: str) -> str:
    # An event's or a storyline's term centroid is a JSON object of up to 300 terms (~8 KB, in overflow pages).
    # In the row it was rewritten on every change of the row: twice per join for an event (its update, then the
    # change mark of migration 17), and a storyline's day_min and day_max, which sit after it, were read
    # through it. Sampled on a 10,000-article synthetic store, SQLite was 43% of clustering.
    return """
        CREATE TABLE event_terms (          -- JSON sum of the unit term vectors of an event's distinct texts
            event_id INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
            terms TEXT NOT NULL
        );
        INSERT INTO event_terms (event_id, terms) SELECT id, terms FROM events;
        ALTER TABLE events DROP COLUMN terms;
        CREATE TABLE storyline_terms (      -- the same for the distinct texts of a storyline's events
            storyline_id INTEGER PRIMARY KEY REFERENCES storylines(id) ON DELETE CASCADE,
            terms TEXT NOT NULL
        );
        INSERT INTO storyline_terms (storyline_id, terms) SELECT id, terms FROM storylines;
        ALTER TABLE storylines DROP COLUMN terms;
        """


@migration(21, "events: the sum of an event's entity weights, kept beside its postings")
def _event_entity_weight(dialect: str) -> str:
    # Scoring a candidate event compares the article's entities with the event's share of each; the shares
    # were found by summing every posting of every candidate (35 on average, up to a thousand) per article.
    return """
        ALTER TABLE events ADD COLUMN entity_weight REAL NOT NULL DEFAULT 0;
        UPDATE events SET entity_weight = coalesce((SELECT sum(weight) FROM event_entities
                                                    WHERE event_entities.event_id = events.id), 0);
        """


@migration(22, "quotes: an index of who is quoted directly in each article")
def _quotes_said(dialect: str) -> str:
    # The quotes of a candidate event's articles by the speakers of a new article: the article index alone
    # made every quote row of those articles be read (8 an article in news) to keep the few by those speakers.
    # It starts with the article, so it serves every look-up by article the index it replaces served.
    return """
        CREATE INDEX quotes_said ON quotes (article_id, speaker_id, direct);
        DROP INDEX quotes_article;
        """
