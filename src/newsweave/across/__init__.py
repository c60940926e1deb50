"""Across outlets: one story (or a storyline of stories) compared outlet by outlet.

``scope`` resolves a story id (``12``) or storyline id (``L3``) into its articles; ``statements`` groups the
same remark as each outlet reports it; ``claims`` labels each fact corroborated, single-source, contradicted
or changed over time; ``framing`` shows each outlet's names for contested things, whom it quotes and what it
includes; ``timeline`` orders the events and each actor's positions; ``brief`` writes a short neutral summary in
which every sentence cites its articles. Everything is computed on demand from the stored annotations.

The package imports none of its modules, so that importing the CLI or the store does not load the embedding
model's runtime: import ``newsweave.across.claims`` and the others directly. None of them loads spaCy: they read
the stored annotations.
"""
