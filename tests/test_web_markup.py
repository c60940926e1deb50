"""Annotated text as nested, escaped HTML (web/markup.py) and server-drawn charts (web/svg.py)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from newsweave.web.markup import Span, html_text, mark
from newsweave.web.svg import FONT, LEFT, _width, counts_chart, events_chart, reports_chart


class _Checker(HTMLParser):
    """Collects the text and checks that every element closes in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.text, self.ids, self.bad = [], [], [], False

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        self.ids += [v for k, v in attrs if k == "id"]

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.bad = True

    def handle_data(self, data):
        self.text.append(data)


def _check(html: str) -> _Checker:
    c = _Checker()
    c.feed(html)
    c.close()
    return c


def test_overlapping_spans_nest_and_keep_the_text():
    text = "Peskov said the talks were on pause, for now."
    spans = [Span(0, 35, "span", {"class": "quote", "data-speaker": "Dmitry Peskov"}, layer=1),
             Span(12, 45, "mark", {"id": "hl"}, layer=0),
             Span(0, 6, "a", {"href": "/entities/1"}, layer=2)]
    html = str(mark(text, spans))
    c = _check(html)
    assert not c.bad and not c.stack and "".join(c.text) == text
    assert c.ids == ["hl"]
    # the highlight is the outer layer: the quote is split at its edge, each piece keeping the speaker
    assert html.count("<mark") == 1 and html.count('data-speaker="Dmitry Peskov"') == 2
    inner = str(mark(text, [Span(0, 35, "q", layer=0), Span(12, 45, "mark", {"id": "hl"}, layer=1)]))
    assert inner.count("<mark") == 2 and inner.count('id="hl"') == 1


def test_scraped_text_and_attributes_are_escaped():
    text = 'A <script>alert(1)</script> and "quotes" \x1b[31mred\u202e'
    html = str(mark(text, [Span(2, 10, "span", {"title": '"><img src=x onerror=alert(1)>'})]))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "&quot;&gt;&lt;img" in html
    assert "\x1b" not in html and "\\x1b[31m" in html and "\u202e" not in html and "\\u202e" in html
    assert html_text("<b>") == "&lt;b&gt;"


@given(st.text(alphabet="ab <>&\"'\x1b\n", max_size=40),
       st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.integers(0, 3)), max_size=6))
def test_any_spans_give_well_formed_html_with_the_same_text(text, raw):
    spans = [Span(min(a, b), max(a, b), "span", {"id": f"s{i}"}, layer) for i, (a, b, layer) in enumerate(raw)]
    c = _check(str(mark(text, spans)))
    assert not c.bad and not c.stack
    assert "".join(c.text) == html_text(text).replace("&lt;", "<").replace("&gt;", ">").replace(
        "&quot;", '"').replace("&#x27;", "'").replace("&amp;", "&")
    assert len(c.ids) == len(set(c.ids))


def test_a_range_of_the_text_only():
    text = "First paragraph.\n\nSecond paragraph here."
    html = str(mark(text, [Span(10, 30, "b")], 18, len(text)))
    assert html == "<b>Second parag</b>raph here."


def test_charts_are_svg_with_a_title_and_escaped_labels():
    arts = [{"outlet": "<Evil>", "published": "2025-09-12"}, {"outlet": "B", "published": "2025-09-14"},
            {"outlet": "B", "published": None}]
    svg = str(reports_chart(arts))
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title" in svg
    assert "&lt;Evil&gt;" in svg and "<Evil>" not in svg and "1 undated not shown" in svg
    assert "style=" not in svg
    assert reports_chart([{"outlet": "A", "published": None}]) is None
    events = [{"id": 3, "title": "Talks <b>", "date_range": ["2025-09-01", "2025-09-03"]},
              {"id": 4, "title": "Undated", "date_range": None}]
    svg = str(events_chart(events))
    assert svg.count("<rect") == 1 and "Talks &lt;b&gt;" in svg and "<a" not in svg
    counts = str(counts_chart([("2025-09-01", 2), ("2025-09-12", 5)]))
    assert counts.count("<rect") == 2 and "7 quotes on 2 days" in counts and counts_chart([]) is None


def test_a_long_row_label_is_cut_to_fit_left_of_the_plot():
    name = "The Bureau of Investigative Journalism, International Edition"
    svg = str(reports_chart([{"outlet": name, "published": "2025-09-12"}, {"outlet": "AP", "published": "2025-09-13"}]))
    short, cut = re.findall(r'<text class="label"[^>]*>([^<]*)</text>', svg)  # rows in order of name
    assert short == "AP" and cut.endswith("…") and name.startswith(cut[:-1]) and len(cut) > 12
    assert sum(map(_width, cut)) * FONT <= LEFT - 12  # drawn right-aligned at LEFT - 8: nothing runs off
    assert f"{name}: 1 on 2025-09-12" in svg  # the whole name in the row's tooltip
