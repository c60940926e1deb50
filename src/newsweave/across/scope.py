"""What a story or storyline reference points to, loaded once: articles, texts, quotes, claims, mentions."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property

from ..errors import NotFound, UsageError
from ..model import Scope, ScopeArticle, StoredClaim, StoredQuote, Story, StoryArticle, StoryRow, stand_in_title
from ..resolve import in_capitals
from ..store import Store

# A storyline's title names its most mentioned actors, this many of them.
STORYLINE_TITLE_ACTORS = 3

_REF = re.compile(r"^\s*(?:(?P<line>[Ll])|#)?(?P<id>\d+)\s*$")


def parse_ref(ref: str | int) -> tuple[str, int]:
    """``12`` or ``#12`` is story 12; ``L3`` is storyline 3 (as ``newsweave storylines`` prints it)."""
    m = _REF.match(str(ref))
    if not m:
        raise UsageError(f"{ref!r} is not a story id (a number, as `newsweave stories` shows) or a storyline id "
                         "(L and a number, as `newsweave storylines` shows)")
    return ("storyline" if m.group("line") else "story"), int(m.group("id"))


def storyline_ref(storyline_id: int) -> str:
    return f"L{storyline_id}"


def title_actors(store: Store, storyline_id: int) -> list[str]:
    """The STORYLINE_TITLE_ACTORS main actors of a storyline that a title names: not a name of two words in capitals
    or more, a graphic's labels or a headline the tagger took for a name ("LUXOR HOTEL BROKEN")."""
    names = store.storyline_actors(storyline_id, 3 * STORYLINE_TITLE_ACTORS)
    return [n for n in names if sum(map(in_capitals, _WORD.findall(n))) < 2][:STORYLINE_TITLE_ACTORS]


_WORD = re.compile(r"[^\W\d_]+")


def storyline_title(actors, stories: list[Story] | list[StoryRow]) -> str:
    """A storyline is named by its main actors, else by its first story's title."""
    return ", ".join(actors) if actors else stories[0].title


@dataclass
class Material:
    """A scope with everything the comparisons read, fetched in a few queries."""

    scope: Scope
    quotes: list[StoredQuote] = field(default_factory=list)
    claims: list[StoredClaim] = field(default_factory=list)
    mentions: list[tuple[int, int, str, str, int]] = field(default_factory=list)

    @cached_property
    def by_id(self) -> dict[int, ScopeArticle]:
        return {a.id: a for a in self.scope.articles}

    @cached_property
    def originals(self) -> set[int]:
        return {a.copy_of for a in self.scope.articles if a.copy_of}

    def independent(self, article_ids) -> int:
        """How many independent reports among these articles: articles of one outlet count once, and so do
        a syndicated text and its copies, whatever outlets carry them."""
        parent: dict = {}

        def find(x):
            while parent.setdefault(x, x) != x:
                x = parent[x]
            return x

        for i in set(article_ids):
            a = self.by_id[i]
            links = [("outlet", a.outlet)] + ([("text", a.copy_of)] if a.copy_of else [])
            if a.id in self.originals:
                links.append(("text", a.id))
            for link in links:
                parent[find(("article", i))] = find(link)
        return len({find(("article", i)) for i in set(article_ids)})


def scope_stories(store: Store, ref: str | int) -> tuple[str, int, list[Story]]:
    """(kind, number, stories) of a story or storyline reference (raises NotFound)."""
    kind, number = parse_ref(ref)
    stories = store.stories(event_ids=[number]) if kind == "story" else store.stories(storyline=number)
    if not stories:
        raise NotFound(f"no story {number} in {store.path}; `newsweave stories` lists them" if kind == "story" else
                       f"no storyline L{number} in {store.path}; `newsweave storylines` lists them")
    return kind, number, stories


def load_scope(store: Store, ref: str | int) -> Material:
    kind, number, stories = scope_stories(store, ref)
    if kind == "story":
        title = stories[0].title
    else:
        title = storyline_title(title_actors(store, number), stories)
    stories = sorted(stories, key=story_order)
    articles = tuple(_scope_article(store, s, a) for s in stories for a in s.articles)
    scope = Scope(str(ref) if kind == "story" else storyline_ref(number), kind, number, title, tuple(stories),
                  articles)
    ids = [a.id for a in articles]
    return Material(scope, store.quotes(article_ids=ids), store.claims(article_ids=ids), store.name_mentions(ids))


def load_articles(store: Store, ids: list[int]) -> Material:
    """Articles compared as one story whatever the clustering made of them (two reports a user knows are of one
    event): each keeps its own date; the scope's ref is ``articles``."""
    articles = []
    for i in dict.fromkeys(ids):
        a = store.article(i)  # raises NotFound for an unknown id
        when = (a.date.earliest, a.date.latest) if a.date else None
        articles.append(ScopeArticle(a.id, a.origin.source, a.outlet, a.title, a.text, 0, when,
                                     bool(a.date and a.date.exact), None, a.language))
    if len(articles) < 2:
        raise UsageError("give two or more articles to compare")
    scope = Scope("articles", "story", 0, stand_in_title(articles[0].title, articles[0].text), (), tuple(articles))
    ids = [a.id for a in articles]
    return Material(scope, store.quotes(article_ids=ids), store.claims(article_ids=ids), store.name_mentions(ids))


def story_order(story: Story | StoryRow) -> tuple:
    """Date order: by first report (an estimated range's start for undated events), then id."""
    return (story.date_range[0] if story.date_range else dt.date.max, story.id)


def _scope_article(store: Store, story: Story, a: StoryArticle) -> ScopeArticle:
    if a.date and a.date.exact:
        when, exact = (a.date.earliest, a.date.latest), True
    elif a.date_from_story:
        when, exact = (a.date_from_story.earliest, a.date_from_story.latest), False
    else:
        when, exact = ((a.date.earliest, a.date.latest) if a.date else None), False
    return ScopeArticle(a.id, a.source, a.outlet, a.title, store.article_text(a.id), story.id, when, exact,
                        a.duplicate_of, a.language)
