"""Extraction from HTML: the text by trafilatura, and the page's metadata newsweave keeps."""

from __future__ import annotations

import datetime as dt

import pytest
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from newsweave.extract import _page_metadata, extract
from newsweave.model import Origin, RawDocument

from .helpers import article_text

BODY = "".join(f"<p>{article_text(i)}</p>" for i in range(1, 4))

PAGES = {
    "meta tags": "<html><head><title>Harbour reopens | Coast News</title><meta name='author' content='Ana Page'>"
                 "<meta property='article:published_time' content='2024-03-03T08:00:00Z'>"
                 "<meta property='og:site_name' content='@coastnews'></head><body><article><h1>Harbour reopens"
                 f"</h1>{BODY}</article></body></html>",
    "json-ld": "<html><head><script type='application/ld+json'>{\"@context\": \"https://schema.org\", \"@type\": "
               "\"NewsArticle\", \"headline\": \"Quay repairs finished\", \"datePublished\": \"2023-11-20\", "
               "\"author\": {\"@type\": \"Person\", \"name\": \"Lev Ortiz\"}, \"publisher\": {\"@type\": "
               "\"Organization\", \"name\": \"Harbour Times\"}}</script></head><body><main><article>"
               f"{BODY}</article></main></body></html>",
    "byline in the page": "<html><head><title>Storm closes the bridge</title>"
                          "<link rel='canonical' href='https://www.valley-post.example/2022/storm'></head><body>"
                          "<header><a href='/'>Home</a></header><article><h1>Storm closes the bridge</h1>"
                          "<div class='byline'>By Mira Holm and Jon Reyes</div><time datetime='2022-05-14'>May 14"
                          f"</time>{BODY}</article><footer>© Valley Post</footer></body></html>",
    "nothing but text": f"<html><body><div>{BODY}</div></body></html>",
}


@pytest.mark.parametrize("name", PAGES)
def test_the_page_metadata_is_trafilatura_s_on_the_fields_kept(name):
    # newsweave reads a page's metadata with trafilatura's own functions but skips the fields it has no use for
    # (categories, tags, licence); what it keeps must be what trafilatura's whole metadata pass gives
    url = "https://news.example/story"
    ours = _page_metadata(load_html(PAGES[name]), url)
    theirs = extract_metadata(load_html(PAGES[name]), url, {"extensive_search": False, "original_date": True})
    fields = ("title", "author", "url", "sitename", "date")
    assert [getattr(ours, f) for f in fields] == [getattr(theirs, f) for f in fields]
    assert name == "nothing but text" or ours.title


def test_a_page_gives_its_text_and_metadata_once_parsed():
    raw = RawDocument(Origin("storm.html", "html"), PAGES["byline in the page"].encode(), "html")
    ex = extract(raw)
    assert (ex.title, ex.author, ex.sitename) == ("Storm closes the bridge", "Mira Holm; Jon Reyes",
                                                 "valley-post.example")
    assert ex.url == "https://www.valley-post.example/2022/storm" and ex.meta_date == dt.date(2022, 5, 14)
    # the <h1> repeats the title and is not a line of text; the paragraphs are, in order
    assert [text for _, text in ex.lines][-3:] == [" ".join(article_text(i).split()) for i in range(1, 4)]
    assert all(text != "Storm closes the bridge" for _, text in ex.lines)


@pytest.mark.parametrize("mark", [
    "class='byline'", "class='article-author'", "rel='author'", "itemprop='author'", "id='authorBox'",
    "data-component='BylineBlock'", "class='AuthorName'", "class='writer-card'", "class='posted-by'",
])
def test_a_byline_in_the_page_is_found_whatever_marks_it(mark):
    # the author search is skipped only where no attribute could lead trafilatura's search to one
    page = (f"<html><head><title>Storm closes the bridge</title></head><body><article><h1>Storm closes the bridge"
            f"</h1><span {mark}>By Mira Holm</span>{BODY}</article></body></html>")
    theirs = extract_metadata(load_html(page), None, {"extensive_search": False, "original_date": True})
    assert theirs.author and _page_metadata(load_html(page), None).author == theirs.author


def test_a_page_that_names_no_author_is_not_searched_for_one(monkeypatch):
    import trafilatura.metadata

    def searched(tree):
        raise AssertionError("searched a page with nothing that could name an author")

    monkeypatch.setattr(trafilatura.metadata, "extract_author", searched)
    assert _page_metadata(load_html(PAGES["nothing but text"]), None).author is None
    with pytest.raises(AssertionError):
        _page_metadata(load_html(PAGES["byline in the page"]), None)
