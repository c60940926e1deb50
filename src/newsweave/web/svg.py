"""Charts drawn on the server as SVG: no script, no network, readable by a screen reader (``role="img"`` with a
title and a description), styled by classes from the app's stylesheet (no inline style: the CSP forbids it).

Every label is escaped here; the templates insert the result as markup.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from markupsafe import Markup

from .markup import html_text

WIDTH = 720          # user units; the SVG scales to its container
ROW = 26             # height of one outlet's (or event's) row
LEFT = 150           # room for the row labels
TOP = 24             # room for the axis labels
FONT = 12            # the labels' font size in user units (app.css: .chart)


def _width(ch: str) -> float:
    """A character's width in ems in a sans-serif face, roughly (no font metrics on the server)."""
    if ch in "iljtf.,:;|!'’ ()[]":
        return 0.32
    if ch in "mwMW@%":
        return 0.9
    if ch.isupper() or not ch.isascii():
        return 0.72
    return 0.56  # lower case, digits, the rest


def _fit(text: str, room: float = LEFT - 12) -> str:
    """``text`` as a row label: whole if it fits ``room`` user units, else cut to fit with "…" (the full text
    is in the row's tooltips). Labels are drawn right-aligned against the plot, so a longer one would run off
    the chart's left edge."""
    if sum(map(_width, text)) * FONT <= room:
        return text
    width, out = _width("…") * FONT, []
    for ch in text:
        width += _width(ch) * FONT
        if width > room:
            break
        out.append(ch)
    return "".join(out).rstrip() + "…"


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _axis(first: dt.date, last: dt.date, height: int) -> tuple[list[str], callable]:
    span = max(1, (last - first).days)
    inner = WIDTH - LEFT - 16

    def x(day: dt.date) -> float:
        return LEFT + inner * (day - first).days / span

    ticks = [first, last] if span > 1 else [first]
    if span > 6:
        ticks.insert(1, first + dt.timedelta(days=span // 2))
    out = [f'<line class="axis" x1="{LEFT}" y1="{TOP - 6}" x2="{WIDTH - 16}" y2="{TOP - 6}"/>']
    for t in ticks:
        anchor = "end" if t == last and t != first else "middle" if t != first else "start"
        out.append(f'<line class="grid" x1="{x(t):.1f}" y1="{TOP - 6}" x2="{x(t):.1f}" y2="{height}"/>')
        out.append(f'<text class="tick" x="{x(t):.1f}" y="{TOP - 10}" text-anchor="{anchor}">{t.isoformat()}</text>')
    return out, x


def _frame(ident: str, title: str, description: str, height: int, body: list[str]) -> Markup:
    return Markup(f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
                  f'aria-labelledby="{ident}-t {ident}-d" preserveAspectRatio="xMinYMin meet">'
                  f'<title id="{ident}-t">{html_text(title)}</title>'
                  f'<desc id="{ident}-d">{html_text(description)}</desc>' + "".join(body) + "</svg>")


def reports_chart(articles: list[dict]) -> Markup | None:
    """Reports per outlet over time: one row per outlet, a dot per day it published (larger for more reports).
    ``articles`` are story_dict articles; undated ones are left out (the description says how many)."""
    dated = [(a["outlet"], _day(a["published"])) for a in articles if a.get("published")]
    if not dated:
        return None
    outlets = sorted({o for o, _ in dated})
    first, last = min(d for _, d in dated), max(d for _, d in dated)
    height = TOP + ROW * len(outlets) + 8
    body, x = _axis(first, last, height)
    counts = Counter(dated)
    for i, outlet in enumerate(outlets):
        y = TOP + ROW * i + ROW / 2
        body.append(f'<text class="label" x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">'
                    f'{html_text(_fit(outlet))}</text>')
        for (o, day), n in sorted(counts.items()):
            if o == outlet:
                body.append(f'<circle class="dot" cx="{x(day):.1f}" cy="{y:.1f}" r="{4 + 2 * min(n, 5)}">'
                            f'<title>{html_text(outlet)}: {n} on {day.isoformat()}</title></circle>')
    undated = len(articles) - len(dated)
    description = (f"{len(dated)} dated reports from {len(outlets)} outlets between {first} and {last}"
                   + (f"; {undated} undated not shown" if undated else ""))
    return _frame("reports", "Reports per outlet over time", description, height, body)


def events_chart(events: list[dict]) -> Markup | None:
    """A storyline's events on a time axis: one bar per event over its date range (the list beside it links
    them: a link inside an image is no link to a screen reader). ``events`` are story rows; those with no date
    estimate are left out."""
    spans = [(e, _day(e["date_range"][0]), _day(e["date_range"][1])) for e in events if e.get("date_range")]
    if not spans:
        return None
    first, last = min(a for _, a, _ in spans), max(b for _, _, b in spans)
    height = TOP + ROW * len(spans) + 8
    body, x = _axis(first, last, height)
    for i, (e, a, b) in enumerate(spans):
        y = TOP + ROW * i + 4
        left, right = x(a), max(x(b), x(a) + 6)
        label = html_text(e["title"][:60])
        body.append(f'<rect class="bar" x="{left:.1f}" y="{y}" width="{right - left:.1f}" height="{ROW - 8}">'
                    f'<title>{label}: {a} to {b}</title></rect>'
                    f'<text class="label" x="{LEFT - 8}" y="{y + ROW / 2:.1f}" text-anchor="end">'
                    f'{html_text(_fit(e["title"]))}</text>')
    return _frame("events", "Events over time", f"{len(spans)} events between {first} and {last}", height, body)


def counts_chart(per_day: list[tuple[str, int]], what: str = "quotes") -> Markup | None:
    """How many of something each day (``per_day``: (ISO date, count), in date order), as bars on a time
    axis: an actor's quotes over time."""
    if not per_day:
        return None
    days = [(dt.date.fromisoformat(d), n) for d, n in per_day]
    first, last = days[0][0], days[-1][0]
    height = TOP + 90
    body, x = _axis(first, last, height)
    top = max(n for _, n in days)
    for day, n in days:
        h = 80 * n / top
        body.append(f'<rect class="bar" x="{x(day) - 2:.1f}" y="{height - h:.1f}" width="4" height="{h:.1f}">'
                    f'<title>{n} {what} on {day.isoformat()}</title></rect>')
    return _frame(what, f"{what.capitalize()} per day", f"{sum(n for _, n in days)} {what} on {len(days)} days "
                  f"between {first} and {last}, at most {top} a day", height, body)
