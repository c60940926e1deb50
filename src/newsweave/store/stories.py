"""SQL for stories: article vectors, events, storylines and dates taken from a story.

A mixin of :class:`newsweave.store.Store` (the store owns all SQL; this file keeps its story half apart).
The clustering itself is :mod:`newsweave.stories`.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator

from ..model import EventState, Story, StoryArticle, StoryDate, StorylineState, StoryRow, stand_in_title
from ..nlp.language import READ_AS_ENGLISH


def _marks(items) -> str:
    return ", ".join("?" for _ in items)


# Values bound in one ``IN (...)``: under SQLite's limit on bound parameters (999 in older builds).
IN_CHUNK = 900


def _in_chunks(keys: list) -> Iterator[list]:
    """``keys`` in lists of at most IN_CHUNK, each bound to one ``IN (...)``."""
    for start in range(0, len(keys), IN_CHUNK):
        yield keys[start:start + IN_CHUNK]


def _pairs_in(conn, select: str, keys: list) -> dict:
    """The (key, value) rows of ``select``, which ends in ``IN``, for ``keys``, as a dict: asked in chunks of
    IN_CHUNK keys."""
    out: dict = {}
    for chunk in _in_chunks(keys):
        out.update(conn.execute(f"{select} ({_marks(chunk)})", chunk).fetchall())
    return out


def _copy_of(article: int, canonical: int | None) -> int:
    """The article a member is a copy of, or 0 (an article with a text of its own is its own group)."""
    return canonical if canonical not in (None, article) else 0


class StoriesMixin:
    conn: sqlite3.Connection  # or the PostgreSQL twin (store.postgres.Connection)

    # --- article features -------------------------------------------------------------------------------
    def add_vectors(self, rows: list[tuple[int, bytes, bytes | None]]) -> None:
        """Store (article id, headline-and-lead vector, multilingual vector or None) rows; None keeps a
        multilingual vector already stored."""
        with self.atomic():
            self.conn.executemany("INSERT INTO article_vectors (article_id, vector, multilingual) VALUES (?, ?, ?) "
                                  "ON CONFLICT (article_id) DO UPDATE SET vector = excluded.vector, "
                                  "multilingual = coalesce(excluded.multilingual, article_vectors.multilingual)",
                                  rows)

    def vectors(self, article_id: int) -> tuple[bytes | None, bytes | None]:
        """An article's (headline-and-lead vector, multilingual vector); None where it has none."""
        row = self.conn.execute("SELECT vector, multilingual FROM article_vectors WHERE article_id = ?",
                                (article_id,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def multilingual_vectors(self, article_ids: list[int]) -> dict[int, bytes]:
        """The multilingual vectors of those of ``article_ids`` that have one."""
        return _pairs_in(self.conn, "SELECT article_id, multilingual FROM article_vectors "
                                    "WHERE multilingual IS NOT NULL AND article_id IN", article_ids)

    def set_multilingual_vectors(self, rows: list[tuple[int, bytes]]) -> None:
        """Store (article id, multilingual vector) rows of articles whose other vector is stored."""
        with self.atomic():
            self.conn.executemany("UPDATE article_vectors SET multilingual = ? WHERE article_id = ?",
                                  [(v, i) for i, v in rows])

    def unembedded(self) -> list[int]:
        """Ids of articles with no vector yet, or annotated in another language than English and with no
        multilingual vector (stored before there were any; English ones get theirs when first compared across
        languages: ``newsweave.stories``)."""
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM article_vectors) OR id IN "
            "(SELECT v.article_id FROM article_vectors v JOIN annotations a ON a.article_id = v.article_id "
            f"WHERE v.multilingual IS NULL AND a.language NOT IN ({_marks(READ_AS_ENGLISH)})) ORDER BY id",
            READ_AS_ENGLISH)]

    def add_terms(self, rows: list[tuple[int, dict[str, float]]]) -> None:
        """Store articles' term vectors and count each of their terms once in the document frequencies (an
        article whose terms are already stored changes nothing)."""
        with self.atomic():
            for article_id, terms in rows:
                cur = self.conn.execute("INSERT INTO article_terms (article_id, terms) VALUES (?, ?) "
                                        "ON CONFLICT DO NOTHING", (article_id, json.dumps(terms, ensure_ascii=False)))
                if cur.rowcount:
                    self.conn.executemany("INSERT INTO term_df (term, df) VALUES (?, 1) ON CONFLICT (term) "
                                          "DO UPDATE SET df = term_df.df + 1", [(t,) for t in terms])
                    self.conn.execute("UPDATE term_documents SET n = n + 1")

    def terms(self, article_id: int) -> dict[str, float]:
        row = self.conn.execute("SELECT terms FROM article_terms WHERE article_id = ?", (article_id,)).fetchone()
        return json.loads(row[0]) if row else {}

    def unindexed_terms(self) -> list[int]:
        """Ids of articles with no term vector yet."""
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM article_terms) ORDER BY id")]

    def term_documents(self) -> int:
        """How many articles have a term vector (the N of the inverse document frequency)."""
        return self.conn.execute("SELECT n FROM term_documents").fetchone()[0]

    def document_frequencies(self, terms: list[str]) -> dict[str, int]:
        """Term -> in how many articles it is (terms in none are left out)."""
        return _pairs_in(self.conn, "SELECT term, df FROM term_df WHERE term IN", terms)

    def entity_counts(self, article_id: int) -> dict[int, int]:
        """Entity id -> mentions (names, roles and pronouns) in one article."""
        return dict(self.conn.execute("SELECT entity_id, count(*) FROM mentions WHERE article_id = ? "
                                      "GROUP BY entity_id", (article_id,)).fetchall())

    def speaker_quotes(self, article_id: int) -> list[tuple[int, str]]:
        """(speaker entity id, content) of the article's direct quotes whose speaker is a known entity."""
        return self.conn.execute("SELECT speaker_id, content FROM quotes WHERE article_id = ? AND direct = 1 "
                                 "AND speaker_id IS NOT NULL", (article_id,)).fetchall()

    def date_range(self, article_id: int) -> tuple[str | None, str | None, bool]:
        """(earliest, latest, exact) of an article's date, without reading the article."""
        r = self.conn.execute("SELECT published_earliest, published_latest, coalesce(date_exact, 0) FROM articles "
                              "WHERE id = ?", (article_id,)).fetchone()
        return (r[0], r[1], bool(r[2])) if r else (None, None, False)

    def cluster_order(self) -> list[int]:
        """Article ids in the order a full re-cluster takes them: exactly dated articles by date, then the
        rest by their earliest possible date, then by id."""
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM articles ORDER BY coalesce(date_exact, 0) = 0, published_earliest IS NULL, "
            "published_earliest, id")]

    def unclustered(self) -> list[int]:
        """Ids of articles in no event yet, in :meth:`cluster_order`."""
        done = {r[0] for r in self.conn.execute("SELECT article_id FROM event_articles")}
        return [i for i in self.cluster_order() if i not in done]

    # --- events -----------------------------------------------------------------------------------------
    def event_of(self, article_ids: list[int]) -> dict[int, int]:
        """Article id -> event id for those of ``article_ids`` already in an event (any number of them)."""
        return _pairs_in(self.conn, "SELECT article_id, event_id FROM event_articles WHERE article_id IN",
                         list(article_ids))

    def event_candidates(self, entity_ids: list[int], dated: bool, min_from: int, min_to: int, max_from: int,
                         per_entity: int) -> dict[int, int]:
        """Events naming any of ``entity_ids`` whose span starts in [min_from, min_to] and ends on or after
        ``max_from``: event id -> how many of the entities it names. For each entity at most ``per_entity``
        events are read (the latest-starting), so a frequent name costs no more than a rare one."""
        found: dict[int, int] = {}
        for entity_id in entity_ids:
            for (event_id,) in self.conn.execute(
                    "SELECT event_id FROM event_entities WHERE entity_id = ? AND dated = ? AND day_min BETWEEN ? AND ? "
                    "AND day_max >= ? ORDER BY day_min DESC LIMIT ?",
                    (entity_id, int(dated), min_from, min_to, max_from, per_entity)):
                found[event_id] = found.get(event_id, 0) + 1
        return found

    def window_events(self, day_from: int, day_to: int, limit: int, longest: int, not_only: str | None = None
                      ) -> list[int]:
        """Dated events with a report in [day_from, day_to], the latest first, at most ``limit``; with
        ``not_only``, those with a report in another language than that one. No dated event spans more than
        ``longest`` days, so only those whose last report is by ``day_to + longest`` are read (an index range,
        wherever the days fall in the store)."""
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM events WHERE dated = 1 AND day_max BETWEEN ? AND ? AND day_min <= ? AND languages <> ? "
            "ORDER BY day_max DESC, id DESC LIMIT ?", (day_from, day_to + longest, day_to, not_only or "", limit))]

    def event_state(self, event_id: int) -> EventState:
        return self.event_states([event_id])[0]

    def event_states(self, event_ids: list[int], terms: bool = True) -> list[EventState]:
        """The events of ``event_ids``, in that order (without their term centroids unless ``terms``:
        :meth:`event_terms` reads those for the few that need them)."""
        if not event_ids:
            return []
        rows = {r[0]: EventState(r[0], r[1], r[2], bool(r[3]), r[4], r[5], r[6], r[7], {}, r[8], r[9])
                for r in self.conn.execute(
                    f"SELECT id, storyline_id, first_article, dated, day_min, day_max, vector_sum, size, ml_sum, "
                    f"languages FROM events WHERE id IN ({_marks(event_ids)})", event_ids)}
        states = [rows[i] for i in event_ids]
        if terms:
            self.event_terms(states)
        return states

    def event_terms(self, states: list[EventState]) -> None:
        """Fill in the term centroids of ``states``."""
        self._fill_terms("event", states)

    def _fill_terms(self, kind: str, states: list) -> None:
        """Read the term centroids of events or storylines (``kind``: "event", "storyline") into their states
        (migration 20 keeps them in tables of their own)."""
        if states:
            found = _pairs_in(self.conn, f"SELECT {kind}_id, terms FROM {kind}_terms WHERE {kind}_id IN",
                              [s.id for s in states])
            for s in states:
                s.terms = json.loads(found[s.id])

    def _save_terms(self, kind: str, row_id: int, terms: dict[str, float], new: bool = False) -> None:
        """Write the term centroid of an event or a storyline (``kind`` as in :meth:`_fill_terms`)."""
        sql = (f"INSERT INTO {kind}_terms (terms, {kind}_id) VALUES (?, ?)" if new else
               f"UPDATE {kind}_terms SET terms = ? WHERE {kind}_id = ?")
        self.conn.execute(sql, (json.dumps(terms), row_id))

    def add_event(self, state: EventState) -> int:
        """Store a new event; its id is the one its first article's event had before a re-cluster when that is
        free (so saved links to stories survive ``cluster --redo``), else one no earlier event had."""
        with self.atomic():
            event_id = self._stable_id("events", "event_id", state.first_article)
            self.conn.execute(
                "INSERT INTO events (id, storyline_id, first_article, dated, day_min, day_max, vector_sum, size, "
                "ml_sum, languages) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (event_id, state.storyline, state.first_article, int(state.dated), state.day_min, state.day_max,
                 state.vector_sum, state.size, state.ml_sum, state.languages))
            self._save_terms("event", event_id, state.terms, new=True)
            return event_id

    def _stable_id(self, table: str, column: str, article_id: int | None) -> int:
        """The id a new row of ``table`` (events or storylines) takes: the one ``article_id``'s row had before
        the last re-cluster (``previous_clusters.column``) when no row holds it now, else one past every id
        used now or before (so a new row never takes an id a later re-created row will want)."""
        row = self.conn.execute(f"SELECT {column} FROM previous_clusters WHERE article_id = ?",
                                (article_id,)).fetchone() if article_id is not None else None
        if row and not self.conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row[0],)).fetchone():
            return row[0]
        used, before = self.conn.execute(f"SELECT (SELECT max(id) FROM {table}), "
                                         f"(SELECT max({column}) FROM previous_clusters)").fetchone()
        return max(used or 0, before or 0) + 1

    def update_event(self, state: EventState, terms: bool = True) -> None:
        """Write an event's state; its term centroid too unless ``terms`` is false (a state read without it,
        :meth:`event_states`, whose centroid did not change)."""
        with self.atomic():
            self.conn.execute("UPDATE events SET dated = ?, day_min = ?, day_max = ?, vector_sum = ?, size = ?, "
                              "ml_sum = ?, languages = ? WHERE id = ?",
                              (int(state.dated), state.day_min, state.day_max, state.vector_sum, state.size,
                               state.ml_sum, state.languages, state.id))
            if terms:
                self._save_terms("event", state.id, state.terms)
            # most joins leave the event's days as they were: its postings (and their index) are written only
            # when they change
            self.conn.execute("UPDATE event_entities SET dated = ?, day_min = ?, day_max = ? WHERE event_id = ? "
                              "AND NOT (dated = ? AND day_min = ? AND day_max = ?)",
                              (int(state.dated), state.day_min, state.day_max, state.id,
                               int(state.dated), state.day_min, state.day_max))

    def add_event_entities(self, state: EventState, weights: dict[int, float]) -> None:
        """Add ``weights`` to the event's entity weights (and to their sum, kept on the event: migration 21)."""
        with self.atomic():
            self.conn.executemany(
                "INSERT INTO event_entities (entity_id, event_id, weight, dated, day_min, day_max) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id, entity_id) DO UPDATE SET "
                "weight = event_entities.weight + excluded.weight",
                [(e, state.id, w, int(state.dated), state.day_min, state.day_max) for e, w in weights.items()])
            if weights:
                self.conn.execute("UPDATE events SET entity_weight = entity_weight + ? WHERE id = ?",
                                  (sum(weights.values()), state.id))

    def event_entity_weights(self, event_ids: list[int], entity_ids: list[int]
                             ) -> tuple[dict[int, dict[int, float]], dict[int, float]]:
        """For each event: the weights of those of ``entity_ids`` it names, and the sum of all its entity
        weights (kept on the event: its other entities are not read)."""
        weights: dict[int, dict[int, float]] = {e: {} for e in event_ids}
        totals: dict[int, float] = dict.fromkeys(event_ids, 0.0)
        if event_ids:
            totals.update(self.conn.execute(f"SELECT id, entity_weight FROM events WHERE id IN ({_marks(event_ids)})",
                                            event_ids))
            if entity_ids:
                for event_id, entity_id, weight in self.conn.execute(
                        f"SELECT event_id, entity_id, weight FROM event_entities WHERE event_id IN "
                        f"({_marks(event_ids)}) AND entity_id IN ({_marks(entity_ids)})", [*event_ids, *entity_ids]):
                    weights[event_id][entity_id] = weight
        return weights, totals

    def event_quotes(self, event_ids: list[int], speaker_ids: list[int]) -> list[tuple[int, int, str]]:
        """(event id, speaker id, content) of the direct quotes by ``speaker_ids`` in the distinct texts of
        events."""
        if not event_ids or not speaker_ids:
            return []
        # From the few candidate events to their articles' quotes, never from a frequent speaker's quotes across
        # the whole corpus: CROSS JOIN fixes the loop order, and the unary + keeps SQLite off the speaker index.
        return self.conn.execute(
            f"SELECT ea.event_id, q.speaker_id, q.content FROM event_articles ea CROSS JOIN quotes q "
            f"ON q.article_id = ea.article_id WHERE q.direct = 1 AND ea.how != 'duplicate' "
            f"AND ea.event_id IN ({_marks(event_ids)}) AND +q.speaker_id IN ({_marks(speaker_ids)})",
            [*event_ids, *speaker_ids]).fetchall()

    def set_event_article(self, article_id: int, event_id: int, how: str, score: float | None,
                          undated: bool) -> None:
        with self.atomic():
            self.conn.execute("INSERT INTO event_articles (article_id, event_id, how, score, undated) "
                              "VALUES (?, ?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET "
                              "event_id = excluded.event_id, "
                              "how = excluded.how, score = excluded.score, undated = excluded.undated",
                              (article_id, event_id, how, score, int(undated)))

    def event_texts(self, event_id: int) -> list[int]:
        """Ids of an event's distinct texts: its members but those that joined as a copy of another."""
        return [r[0] for r in self.conn.execute(
            "SELECT article_id FROM event_articles WHERE event_id = ? AND how <> 'duplicate' ORDER BY article_id",
            (event_id,))]

    def set_event_ml_sum(self, event_id: int, ml_sum: bytes) -> None:
        with self.atomic():
            self.conn.execute("UPDATE events SET ml_sum = ? WHERE id = ?", (ml_sum, event_id))

    def event_member_dates(self, event_id: int) -> list[tuple[int, str, str | None, str | None, bool]]:
        """(article id, outlet, earliest, latest, exact) of every member of an event."""
        rows = self.conn.execute(
            "SELECT a.id, a.outlet, a.published_earliest, a.published_latest, coalesce(a.date_exact, 0) "
            "FROM event_articles ea JOIN articles a ON a.id = ea.article_id WHERE ea.event_id = ? ORDER BY a.id",
            (event_id,)).fetchall()
        return [(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows]

    def set_story_date(self, article_id: int, date: StoryDate | None) -> None:
        with self.atomic():
            if date is None:
                self.conn.execute("DELETE FROM story_dates WHERE article_id = ?", (article_id,))
            else:
                self.conn.execute("INSERT INTO story_dates (article_id, earliest, latest, evidence) "
                                  "VALUES (?, ?, ?, ?) "
                                  "ON CONFLICT (article_id) DO UPDATE SET earliest = excluded.earliest, "
                                  "latest = excluded.latest, evidence = excluded.evidence",
                                  (article_id, date.earliest.isoformat(), date.latest.isoformat(),
                                   json.dumps(list(date.evidence))))

    # --- storylines -------------------------------------------------------------------------------------
    def storyline_candidates(self, entity_ids: list[int], per_entity: int) -> list[int]:
        """Storylines in which any of ``entity_ids`` is prominent: for each entity, the ``per_entity`` storylines
        that mention it most (an index range each, whatever the corpus size)."""
        found: dict[int, None] = {}
        for entity_id in entity_ids:
            for (sid,) in self.conn.execute("SELECT storyline_id FROM storyline_entities WHERE entity_id = ? "
                                            "ORDER BY weight DESC LIMIT ?", (entity_id, per_entity)):
                found[sid] = None
        return list(found)

    def storyline_actor_ids(self, storyline_ids: list[int]) -> dict[int, tuple[int, ...]]:
        """Storyline id -> its most mentioned entities (without reading its vector)."""
        if not storyline_ids:
            return {}
        return {r[0]: tuple(json.loads(r[1])) for r in self.conn.execute(
            f"SELECT id, actors FROM storylines WHERE id IN ({_marks(storyline_ids)})", storyline_ids)}

    def storyline_states(self, storyline_ids: list[int], terms: bool = True) -> list[StorylineState]:
        """The storylines of ``storyline_ids``, in that order (without their term centroids unless ``terms``:
        :meth:`storyline_terms` reads those for the few that need them)."""
        if not storyline_ids:
            return []
        rows = {r[0]: StorylineState(r[0], r[1], r[2], tuple(json.loads(r[3])), {}, r[4], r[5])
                for r in self.conn.execute(f"SELECT id, vector_sum, size, actors, day_min, day_max FROM "
                                           f"storylines WHERE id IN ({_marks(storyline_ids)})", storyline_ids)}
        states = [rows[i] for i in storyline_ids]
        if terms:
            self.storyline_terms(states)
        return states

    def storyline_terms(self, states: list[StorylineState]) -> None:
        """Fill in the term centroids of ``states``."""
        self._fill_terms("storyline", states)

    def storyline_state(self, storyline_id: int) -> StorylineState:
        return self.storyline_states([storyline_id])[0]

    def add_storyline(self, state: StorylineState, first_article: int | None = None) -> int:
        """Store a new storyline, opened by ``first_article``; its id is kept across re-clusters as events' are."""
        with self.atomic():
            storyline_id = self._stable_id("storylines", "storyline_id", first_article)
            self.conn.execute("INSERT INTO storylines (id, vector_sum, size) VALUES (?, ?, ?)",
                              (storyline_id, state.vector_sum, state.size))
            self._save_terms("storyline", storyline_id, state.terms, new=True)
            return storyline_id

    def update_storyline(self, state: StorylineState, weights: dict[int, float], actors: int) -> None:
        """Save a storyline's vector sum and size, add ``weights`` to its entity weights, and keep its
        ``actors`` most mentioned entities (in ``state.actors`` too)."""
        with self.atomic():
            self.conn.executemany(
                "INSERT INTO storyline_entities (storyline_id, entity_id, weight) VALUES (?, ?, ?) "
                "ON CONFLICT (storyline_id, entity_id) DO UPDATE SET "
                "weight = storyline_entities.weight + excluded.weight",
                [(state.id, e, w) for e, w in weights.items()])
            self._save_storyline(state, actors)

    def _save_storyline(self, state: StorylineState, actors: int) -> None:
        state.actors = tuple(r[0] for r in self.conn.execute(
            "SELECT entity_id FROM storyline_entities WHERE storyline_id = ? ORDER BY weight DESC, entity_id "
            "LIMIT ?", (state.id, actors)))
        self.conn.execute("UPDATE storylines SET vector_sum = ?, size = ?, actors = ?, day_min = ?, day_max = ? "
                          "WHERE id = ?", (state.vector_sum, state.size, json.dumps(state.actors), state.day_min,
                                           state.day_max, state.id))
        self._save_terms("storyline", state.id, state.terms)

    def storyline_latest_events(self, storyline_id: int, limit: int) -> list[int]:
        """Ids of the storyline's ``limit`` events with the latest reports."""
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM events WHERE storyline_id = ? ORDER BY day_max DESC, id DESC LIMIT ?",
            (storyline_id, limit))]

    def storyline_events(self, storyline_id: int, limit: int) -> int:
        """How many events the storyline has, counted up to ``limit`` (a long storyline's are not all read)."""
        return self.conn.execute("SELECT count(*) FROM (SELECT 1 FROM events WHERE storyline_id = ? LIMIT ?) AS e",
                                 (storyline_id, limit)).fetchone()[0]

    def merge_storyline(self, old_id: int, into: StorylineState, actors: int) -> None:
        """Move every event of storyline ``old_id`` into ``into`` (whose new vector sum and size are given), add
        up their entity weights, and delete the old storyline."""
        with self.atomic():
            self.conn.execute("UPDATE events SET storyline_id = ? WHERE storyline_id = ?", (into.id, old_id))
            self.conn.execute(
                "INSERT INTO storyline_entities (storyline_id, entity_id, weight) SELECT ?, entity_id, weight "
                "FROM storyline_entities WHERE storyline_id = ? AND true ON CONFLICT (storyline_id, entity_id) "
                "DO UPDATE SET weight = storyline_entities.weight + excluded.weight", (into.id, old_id))
            self.conn.execute("DELETE FROM storyline_entities WHERE storyline_id = ?", (old_id,))
            self.conn.execute("DELETE FROM storyline_terms WHERE storyline_id = ?", (old_id,))
            self.conn.execute("DELETE FROM storylines WHERE id = ?", (old_id,))
            self._save_storyline(into, actors)

    def storyline_actors(self, storyline_id: int, n: int) -> list[str]:
        """Names of the storyline's ``n`` most mentioned entities."""
        return [r[0] for r in self.conn.execute(
            "SELECT e.name FROM storyline_entities s JOIN entities e ON e.id = s.entity_id WHERE s.storyline_id = ? "
            "ORDER BY s.weight DESC, e.id LIMIT ?", (storyline_id, n))]

    def clear_stories(self) -> None:
        """Forget every event, storyline and story date (a full re-cluster starts from here), remembering which
        event and storyline each article was in so that re-created ones keep their ids."""
        with self.atomic():
            self.conn.execute("INSERT INTO previous_clusters (article_id, event_id, storyline_id) "
                              "SELECT ea.article_id, ea.event_id, ev.storyline_id FROM event_articles ea "
                              "JOIN events ev ON ev.id = ea.event_id WHERE true ON CONFLICT (article_id) DO UPDATE "
                              "SET event_id = excluded.event_id, storyline_id = excluded.storyline_id")
            for table in ("story_dates", "event_articles", "event_entities", "event_terms", "events",
                          "storyline_entities", "storyline_terms", "storylines"):
                self.conn.execute(f"DELETE FROM {table}")

    # --- reading ----------------------------------------------------------------------------------------
    def scope_members(self, event_id: int | None = None, storyline: int | None = None) -> list[tuple[int, int]]:
        """(article, the article it is a copy of, or 0) for every article of one event or one storyline, in
        article order: what a cached view of it was computed from."""
        if event_id is not None:
            return self.events_members([event_id]).get(event_id, [])
        return [(article, _copy_of(article, canonical)) for article, canonical in self.conn.execute(
            "SELECT ea.article_id, d.canonical_id FROM event_articles ea JOIN events ev ON ev.id = ea.event_id "
            "LEFT JOIN duplicates d ON d.article_id = ea.article_id WHERE ev.storyline_id = ? ORDER BY ea.article_id",
            (storyline,))]

    def events_members(self, event_ids: list[int]) -> dict[int, list[tuple[int, int]]]:
        """:meth:`scope_members` of each of several events, in as few queries as IN_CHUNK allows."""
        out: dict[int, list[tuple[int, int]]] = {}
        for chunk in _in_chunks(event_ids):
            for event, article, canonical in self.conn.execute(
                    "SELECT ea.event_id, ea.article_id, d.canonical_id FROM event_articles ea "
                    f"LEFT JOIN duplicates d ON d.article_id = ea.article_id WHERE ea.event_id IN ({_marks(chunk)}) "
                    "ORDER BY ea.event_id, ea.article_id", chunk):
                out.setdefault(event, []).append((article, _copy_of(article, canonical)))
        return out

    def data_version(self) -> tuple[int, int]:
        """A value that changes whenever a change to the store is committed, by this connection or another."""
        return self.conn.data_version(), self.commits

    def entity_events(self, entity_id: int) -> set[int]:
        """Ids of the events whose articles mention an entity."""
        return {r[0] for r in self.conn.execute(
            "SELECT DISTINCT ea.event_id FROM mentions m JOIN event_articles ea ON ea.article_id = m.article_id "
            "WHERE m.entity_id = ?", (entity_id,))}

    def story_mark(self) -> int:
        """The mark of the last change to any story's row (migration 17): rows read after it are current up to
        it; an event changed later has a higher :meth:`events_changed_since`."""
        return self.conn.execute("SELECT mark FROM story_changes").fetchone()[0]

    def events_changed_since(self, mark: int) -> list[int]:
        """Ids of the events whose row changed after ``mark`` (one of :meth:`story_mark`)."""
        return [r[0] for r in self.conn.execute("SELECT id FROM events WHERE changed > ?", (mark,))]

    def event_ids(self) -> set[int]:
        return {r[0] for r in self.conn.execute("SELECT id FROM events")}

    def story_rows(self, event_ids: list[int] | None = None) -> list[StoryRow]:
        """Every event (or those of ``event_ids``) as one row (size, outlets, dates), in one aggregate query: a
        list of thousands of stories without loading their articles."""
        if event_ids is None:
            return self._story_rows("", [])
        out: list[StoryRow] = []
        for chunk in _in_chunks(event_ids):
            out += self._story_rows(f"WHERE ev.id IN ({_marks(chunk)}) ", chunk)
        return out

    def _story_rows(self, where: str, args: list[int]) -> list[StoryRow]:
        rows = self.conn.execute(
            "SELECT ev.id, ev.storyline_id, count(*), json_group_array(DISTINCT a.outlet), "
            "min(CASE WHEN a.date_exact = 1 THEN a.published_earliest END), "
            "max(CASE WHEN a.date_exact = 1 THEN a.published_earliest END), "
            "max(a.published_earliest), min(a.published_latest), min(a.published_earliest), "
            "max(a.published_latest), "
            "(SELECT f.title FROM articles f JOIN event_articles fe ON fe.article_id = f.id AND fe.event_id = ev.id "
            " WHERE f.id = ev.first_article), "
            "(SELECT substr(f.text, 1, instr(f.text || '\n', '\n') - 1) FROM articles f JOIN event_articles fe "
            " ON fe.article_id = f.id AND fe.event_id = ev.id WHERE f.id = ev.first_article) "
            "FROM events ev JOIN event_articles ea ON ea.event_id = ev.id JOIN articles a ON a.id = ea.article_id "
            f"{where}GROUP BY ev.id ORDER BY ev.id", args).fetchall()
        out = []
        day = (lambda v: dt.date.fromisoformat(v) if v else None)
        for (eid, line, n, outlets, first, last, lo, hi, lo_all, hi_all, title, first_line) in rows:
            if first:
                rng = (day(first), day(last))
            elif lo:   # undated: the range every estimate allows, else their union (as Story.date_range)
                rng = (day(lo), day(hi)) if lo <= hi else (day(lo_all), day(hi_all))
            else:
                rng = None
            out.append(StoryRow(eid, stand_in_title(title, first_line or ""), line, tuple(sorted(json.loads(outlets))),
                                n, day(first), day(last), rng))
        return out

    def stories(self, event_ids: list[int] | None = None, storyline: int | None = None) -> list[Story]:
        """Events with their articles, in event id order (all of them, or those given, or one storyline's)."""
        where, args = "", []
        if event_ids is not None:
            where, args = f"WHERE ea.event_id IN ({_marks(event_ids)})", list(event_ids)
        elif storyline is not None:
            where, args = "WHERE ev.storyline_id = ?", [storyline]
        rows = self.conn.execute(
            "SELECT ea.event_id, ev.storyline_id, ev.first_article, ea.how, ea.score, a.id, a.source, a.outlet, "
            "a.title, a.published_earliest, a.published_latest, a.date_exact, a.date_confidence, a.date_evidence, "
            "d.canonical_id, sd.earliest, sd.latest, sd.evidence, "
            "CASE WHEN a.title IS NULL THEN substr(a.text, 1, instr(a.text || '\n', '\n') - 1) END, "
            "(SELECT language FROM annotations n WHERE n.article_id = a.id) "
            "FROM event_articles ea JOIN events ev ON ev.id = ea.event_id JOIN articles a ON a.id = ea.article_id "
            f"LEFT JOIN duplicates d ON d.article_id = a.id LEFT JOIN story_dates sd ON sd.article_id = a.id {where} "
            "ORDER BY ea.event_id, a.published_earliest IS NULL, a.published_earliest, a.id", args).fetchall()
        from . import _date_estimate  # the article row mapping lives with the article table

        events: dict[int, tuple[int, int, list[StoryArticle], dict[int, str]]] = {}
        for r in rows:
            event_id, storyline_id, first = r[0], r[1], r[2]
            story_date = (StoryDate(dt.date.fromisoformat(r[15]), dt.date.fromisoformat(r[16]),
                                    tuple(json.loads(r[17]))) if r[15] else None)
            canonical = r[14]
            art = StoryArticle(r[5], r[6], r[7], r[8], _date_estimate(r[9], r[10], r[11], r[12], r[13]), story_date,
                               canonical if canonical not in (None, r[5]) else None, r[3], r[4], r[19],
                               stand_in_title(r[8], r[18] or ""))
            entry = events.setdefault(event_id, (storyline_id, first, [], {}))
            entry[2].append(art)
            entry[3][r[5]] = art.heading
        return [Story(event_id, titles.get(first) or "(untitled)", storyline_id, tuple(arts))
                for event_id, (storyline_id, first, arts, titles) in events.items()]

