"""``python -m newsweave``: the command line, as the ``newsweave`` script."""

from .cli import app

app(prog_name="newsweave")
