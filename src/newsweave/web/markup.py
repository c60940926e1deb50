"""An article's text as HTML with its annotations marked: quotes, entity mentions, numbers, a highlighted sentence.

Annotations overlap freely (a quote holds names and numbers; a highlighted sentence may start inside a quote),
but HTML elements must nest. :func:`mark` splits each element where a longer-lived one opens or closes inside
it, so every piece nests, and each piece carries its element's attributes (an ``id`` only on the first piece).
Every character of the text goes through :func:`html_text`; attributes are escaped too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from markupsafe import Markup

from ..normalize import printable


def html_text(text: str) -> str:
    """Text made safe for HTML: control, escape and direction characters shown as escapes (as the CLI shows
    them, :func:`~newsweave.normalize.printable`), then HTML-escaped, quotes included."""
    return escape(printable(text), quote=True)


@dataclass(frozen=True)
class Span:
    """One annotation: characters ``start``..``end`` of the text shown as ``tag`` with ``attrs``. A lower
    ``layer`` is an outer element: where two overlap, the inner one is split."""

    start: int
    end: int
    tag: str
    attrs: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    layer: int = 0


def _open(span: Span, first: bool) -> str:
    attrs = "".join(f' {k}="{html_text(v)}"' for k, v in span.attrs.items() if first or k != "id")
    return f"<{span.tag}{attrs}>"


def mark(text: str, spans: list[Span], start: int = 0, end: int | None = None) -> Markup:
    """Characters ``start``..``end`` of ``text`` as escaped HTML, with ``spans`` (clipped to that range) as
    properly nested elements."""
    end = len(text) if end is None else end
    spans = [s for s in spans if s.start < end and s.end > start and s.end > s.start]
    cuts = sorted({start, end, *(max(start, s.start) for s in spans), *(min(end, s.end) for s in spans)})
    out: list[str] = []
    stack: list[Span] = []
    opened: set[int] = set()
    for a, b in zip(cuts, cuts[1:]):
        active = sorted((s for s in spans if s.start <= a and s.end >= b),
                        key=lambda s: (s.layer, s.start, -s.end))
        keep = 0   # how much of the open stack is still wanted, in the same order
        while keep < len(stack) and keep < len(active) and stack[keep] is active[keep]:
            keep += 1
        for s in reversed(stack[keep:]):
            out.append(f"</{s.tag}>")
        stack = stack[:keep]
        for s in active[keep:]:
            out.append(_open(s, id(s) not in opened))
            opened.add(id(s))
            stack.append(s)
        out.append(html_text(text[a:b]))
    out.extend(f"</{s.tag}>" for s in reversed(stack))
    return Markup("".join(out))
