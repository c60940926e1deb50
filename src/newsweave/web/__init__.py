"""The local web app (``newsweave serve``): pages over the same :class:`~newsweave.Corpus` API as the CLI, each
with a JSON twin under ``/api``. FastAPI is imported only when the app is made."""

from __future__ import annotations


def create_app(*args, **kwargs):
    """See :func:`newsweave.web.app.create_app`."""
    from .app import create_app as make

    return make(*args, **kwargs)


__all__ = ["create_app"]
