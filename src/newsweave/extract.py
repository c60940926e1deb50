"""Extract: raw bytes to lines of text plus metadata.

HTML goes through trafilatura (main text, headings kept as headings, title/author/site name/canonical URL,
and a publication date from page metadata only: trafilatura's text-search fallback is switched off so
that a date in the body is never passed off as metadata). Plain text is decoded, its optional header line
(`` date YYYY-MM-DD``) read, hard-wrapped paragraphs rejoined and the first line taken as the title when it
reads as a headline.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import lxml.etree
import lxml.html

from .errors import NoText
from .model import RawDocument
from .readers.decode import decode
from .settings import TITLE_MAX_WORDS

if TYPE_CHECKING:
    from trafilatura.settings import Document

LineKind = str  # "line" (not yet classified), "heading", "body"

_HEADER = re.compile(r"\A\s*(?:date|published|pubdate)\s*[:=]?\s*(\d{4}-\d{2}-\d{2})(?:[T ][\d:.+\-Z]*)?[ \t]*",
                     re.I)
_END_PUNCT = ".!:;,"
_LEAD_MARK = re.compile(r"^\s*[-*•–—>#]")
# A block is hard-wrapped when most of its lines are of similar, moderate length (typical 60-80 column
# wrapping); such lines are rejoined. Lines of free-flowing text vary far more.
_WRAP_MIN, _WRAP_MAX, _WRAP_SHARE = 40, 100, 0.8


@dataclass
class Extracted:
    """What extraction found: lines in reading order, each with a kind, plus metadata."""

    lines: list[tuple[LineKind, str]]
    title: str | None = None
    author: str | None = None
    url: str | None = None
    sitename: str | None = None
    meta_date: dt.date | None = None
    meta_date_from: str | None = None
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)


def extract(raw: RawDocument) -> Extracted:
    """Extract lines and metadata from one raw document. Raises :class:`NoText` when nothing is left."""
    html = raw.media == "html"
    text, encoding, warnings = decode(raw.data, raw.origin.label, html=html)
    result = _from_html(text, raw) if html else _from_text(text)
    result.encoding = raw.encoding or encoding
    result.warnings = warnings + result.warnings
    if not any(t.strip() for _, t in result.lines):
        raise NoText(raw.origin.label, "no article text found" + (" in the HTML" if html else ""))
    return result


def _from_text(text: str) -> Extracted:
    result = Extracted(lines=[])
    m = _HEADER.match(text)
    if m:
        result.meta_date = _iso(m.group(1))
        if result.meta_date:
            result.meta_date_from = "header line"
            text = text[m.end():]
    lines = _unwrap(text.split("\n"))
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and _is_headline(lines[first]) and any(x.strip() for x in lines[first + 1:]):
        result.title = lines[first].strip()
        lines = lines[first + 1:]
    result.lines = [("line", line.strip()) for line in lines]
    return result


def _is_headline(line: str) -> bool:
    line = line.strip()
    return (0 < len(line.split()) <= TITLE_MAX_WORDS and line[-1] not in _END_PUNCT
            and not _LEAD_MARK.match(line))


def _unwrap(lines: list[str]) -> list[str]:
    """Rejoin hard-wrapped paragraphs (blocks between blank lines whose lines are of similar width)."""
    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if len(block) >= 3:
            widths = [len(x) for x in block[:-1]]
            wrapped = sum(_WRAP_MIN <= w <= _WRAP_MAX for w in widths) >= _WRAP_SHARE * len(widths)
            if wrapped and max(widths) <= _WRAP_MAX and not any(_LEAD_MARK.match(x) for x in block):
                out.append(" ".join(x.strip() for x in block))
                block.clear()
                return
        out.extend(block)
        block.clear()

    for line in lines:
        if line.strip():
            block.append(line.rstrip())
        else:
            flush()
            out.append("")
    flush()
    return out


def _from_html(html: str, raw: RawDocument) -> Extracted:
    import trafilatura  # (here: a quarter of a second that commands which read the store never need)
    from trafilatura.settings import Document
    from trafilatura.utils import load_html

    hints = raw.hints
    tree = load_html(html)  # parsed once, for the metadata and the text
    # The page's metadata only where the reader has not given all of it: a feed item or a JSONL record usually has.
    need_meta = tree is not None and not (hints.title and hints.published and hints.outlet and hints.author)
    meta = _page_metadata(tree, hints.url) if need_meta else Document()
    doc = trafilatura.bare_extraction(
        tree if tree is not None else html,
        url=hints.url,
        output_format="txt",  # the body as a tree, without the plain text "python" would also render
        include_comments=False,
        include_tables=False,
    )
    lines: list[tuple[LineKind, str]] = []
    for el in doc.body.iter("head", "p", "item", "quote") if doc is not None and doc.body is not None else ():
        tag = el.tag
        if tag in ("p", "quote") and (parent := el.getparent()) is not None and parent.tag in ("quote", "item"):
            continue  # text already taken with its container
        # (its text and its descendants', as "".join(el.itertext()) gives it, serialised by libxml2 at once)
        text = " ".join(lxml.etree.tostring(el, method="text", encoding="unicode", with_tail=False).split())
        if text:
            lines.append(("heading" if tag == "head" else "line", text))
    if not lines and _is_fragment(html):
        # A feed item's or JSONL record's HTML is the article itself, often one paragraph or bare text with no
        # <p>: trafilatura looks for the main text of a page and finds none. Take the fragment's own text.
        lines = _fragment_lines(html)
        if lines:
            return Extracted(lines=lines, url=hints.url)
    if doc is None or doc.body is None:
        raise NoText(raw.origin.label, "no article text found in the HTML")
    title = (meta.title or "").strip() or None
    if lines and lines[0][1] in (title, hints.title):
        lines = lines[1:]  # the <h1> repeats the title
    result = Extracted(lines=lines, title=title, author=meta.author or None, url=meta.url or hints.url,
                       sitename=(meta.sitename or "").strip() or None)
    if meta.date:
        result.meta_date = _iso(meta.date)
        result.meta_date_from = "HTML metadata"
    return result


def _page_metadata(tree: lxml.html.HtmlElement, url: str | None) -> Document:
    """Title, author, canonical URL, site name and publication date of a page: what
    ``trafilatura.metadata.extract_metadata`` finds, in its order and with its clean-up, without the fields
    newsweave has no use for (categories, tags, licence: a sixth of the metadata's time).

    The date comes from the page's metadata only (htmldate without its search of the text), so that a date in
    the body is never passed off as metadata. Held equal to ``extract_metadata`` on these fields by
    ``tests/test_extract.py``."""
    from htmldate import find_date
    from trafilatura import metadata as tm

    meta = tm.examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None
    try:
        meta = tm.extract_meta_json(tree, meta)
    except Exception:  # noqa: BLE001 - trafilatura's own guard: its JSON-LD reader has known bugs
        pass
    meta.title = meta.title or tm.extract_title(tree)
    meta.author = meta.author or (tm.extract_author(tree) if _may_name_author(tree) else None)
    meta.url = meta.url or tm.extract_url(tree, url)
    meta.date = find_date(tree, extensive_search=False, original_date=True, url=meta.url)
    meta.sitename = meta.sitename or tm.extract_sitename(tree)
    if meta.sitename:
        meta.sitename = meta.sitename.lstrip("@")
        if meta.sitename and "." not in meta.sitename and not meta.sitename[0].isupper():
            meta.sitename = meta.sitename.title()
    elif meta.url and (m := tm.META_URL.match(meta.url)):
        meta.sitename = m[1]
    meta.clean_and_trim()
    return meta


# What an element that trafilatura's author search (``AUTHOR_XPATHS``) finds must have: one of these words, in
# lower case, in its class, id, rel, itemprop, data-testid or data-component attribute (each of its tests is a
# case-sensitive comparison or pattern over one of those holding one of them), or the name "author" (or a
# child named "rel"). A page without any is not searched: the search copies the page, prunes the copy and runs
# three XPaths with regular expressions, half of the metadata's time where no meta tag names the author.
_AUTHOR_ATTRIBUTES = lxml.etree.XPath("//@class|//@id|//@rel|//@itemprop|//@data-testid|//@data-component")
_AUTHOR_WORDS = re.compile(r"author|byl|bbl|username|zuozhe|bianji|xiaobian|channel-name|submitted-by|posted-by|"
                           r"journalist-name|screenname|writer")


def _may_name_author(tree: lxml.html.HtmlElement) -> bool:
    """Whether trafilatura's search of the page for its author could find anything (a necessary condition)."""
    if next(tree.iter("author", "rel"), None) is not None:
        return True
    return bool(_AUTHOR_WORDS.search(" ".join(_AUTHOR_ATTRIBUTES(tree)).lower()))


_PAGE = re.compile(r"<(?:html|body)[\s>]", re.I)
_BLOCKS = ("p", "div", "li", "blockquote", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "td",
           "tr", "dd", "dt", "figcaption")


def _is_fragment(html: str) -> bool:
    """HTML that is a piece of content rather than a page (no ``<html>`` or ``<body>``)."""
    return not _PAGE.search(html[:65536])


def _fragment_lines(html: str) -> list[tuple[LineKind, str]]:
    """The paragraphs of an HTML fragment (or of plain text in an HTML field): block elements and ``<br>``
    pairs end a paragraph; scripts and styles are dropped; headings are headings."""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return []
    for el in root.xpath(".//script|.//style|.//noscript"):
        el.drop_tree()
    marks = {"h1", "h2", "h3", "h4", "h5", "h6"}
    for el in root.iter():
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif el.tag in _BLOCKS:
            head = "\x00H" if el.tag in marks else ""
            el.text = "\n\n" + head + (el.text or "")
            el.tail = "\n\n" + (el.tail or "")
    lines: list[tuple[LineKind, str]] = []
    for part in re.split(r"\n\s*\n", root.text_content()):
        heading = "\x00H" in part
        text = " ".join(part.replace("\x00H", " ").split())
        if text:
            lines.append(("heading" if heading else "line", text))
    return lines


def host_of(url: str | None) -> str | None:
    """The host of a URL without a leading ``www.``, or ``None``."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _iso(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None
