"""newsweave: turn a pile of news articles from many outlets into stories, events, quotes and briefs.

    >>> import newsweave
    >>> corpus = newsweave.open("news.db")
    >>> report = corpus.ingest(["articles/", "feed.xml"])
    >>> [a.title for a in corpus.articles()]

The public surface is small: :func:`open` and the :class:`Corpus` it returns, the :class:`Article` record,
and the :class:`NewsweaveError` hierarchy. Everything else is importable from its module.
"""

import logging

__version__ = "0.1.0"

from .corpus import Corpus, IngestReport, open  # noqa: E402
from .errors import NewsweaveError  # noqa: E402
from .model import Article  # noqa: E402
from .settings import Options  # noqa: E402


def annotate(text: str, published=None):
    """Entities, quotes and claims in one text (see :func:`newsweave.nlp.annotate`); spaCy loads on first use."""
    from .nlp import annotate as _annotate

    return _annotate(text, published)


logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["open", "annotate", "Corpus", "IngestReport", "Article", "Options", "NewsweaveError", "__version__"]
