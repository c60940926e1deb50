"""Annotation: entities, quotes and claims in a text, by a spaCy pipeline of newsweave's components.

The pipeline and :func:`annotate` live in :mod:`newsweave.nlp.pipeline`; its names are reachable from here
(``from newsweave.nlp import annotate_many, load``) and importing one loads spaCy. The text-only helpers beside
it (``numbers``, ``quotemarks``, ``confidence``, ``language``...) import without spaCy, so that compare, brief
and timeline, which read stored annotations, never load it.
"""

from __future__ import annotations

import importlib


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    pipeline = importlib.import_module(".pipeline", __name__)
    try:
        return getattr(pipeline, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
