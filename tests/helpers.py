"""Small builders for test inputs (WARC records, feeds, articles) written here, not taken from ../shared."""

from __future__ import annotations

from io import BytesIO

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsweave.embed import EmbeddingModelMissing

PARAGRAPH = ("The harbour authority said on Monday that the new pier would open to ferries in the spring, "
             "after two years of building work and a long dispute over its cost.")


def article_text(n: int, title: str | None = None) -> str:
    """A short, distinct plain-text article."""
    title = title or f"Pier number {n} opens to ferries"
    return f"{title}\n\n{PARAGRAPH} Pier {n} is the newest.\n\nOfficials expect {n + 100} ferries a week.\n"


def article_html(n: int, published: str | None = "2024-03-04") -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (f"<html><head><title>Pier {n} opens</title>{meta}<meta property='og:site_name' content='Coast News'>"
            f"</head><body><article><h1>Pier {n} opens</h1><p>{PARAGRAPH} Pier {n}.</p>"
            f"<p>Officials expect {n + 100} ferries a week, the authority said in a statement.</p></article>"
            "</body></html>")


def write_reports(folder, reports: dict[str, tuple[str, str]], outlets: dict[str, str], published: str) -> list:
    """Write text articles (file name -> (title, body)) and a meta.csv giving each its outlet, date and title;
    return the article paths."""
    rows = ["path,outlet,published,title"]
    for name, (title, body) in reports.items():
        (folder / name).write_text(body + "\n", encoding="utf-8")
        rows.append(f"{name},{outlets[name]},{published},{title}")
    (folder / "meta.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return [str(folder / name) for name in reports]


def warc_record(url: str, html: str, gzip: bool = False) -> bytes:
    buf = BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(html.encode()),
                                                  http_headers=headers))
    return buf.getvalue()


BROKEN_WARC_RECORD = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: banana\r\n\r\n<html>cut</html>\r\n\r\n"

ENTITY_BOMB_FEED = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
    + ']>\n<rss version="2.0"><channel><title>&lol9;</title><item><title>x</title>'
    "<description>&lol9;</description></item></channel></rss>\n"
)


def rss(items: list[tuple[str, str, str]], title: str = "Coast News") -> str:
    """An RSS 2.0 feed; items are (title, pubDate, html content)."""
    body = "".join(
        f"<item><title>{t}</title><link>https://coast.example/{i}</link><guid>https://coast.example/{i}</guid>"
        f"<pubDate>{d}</pubDate><content:encoded><![CDATA[{c}]]></content:encoded></item>"
        for i, (t, d, c) in enumerate(items))
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>{title}</title><link>https://coast.example/</link>{body}</channel></rss>")


def read_export(path) -> list[dict]:
    """The rows of an export file, whatever its format (by suffix)."""
    import csv
    import json

    import pyarrow.parquet as pq

    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text().splitlines()]
    if path.suffix == ".csv":
        with path.open(newline="") as f:
            return list(csv.DictReader(f))
    return pq.read_table(path).to_pylist()


def assert_other_model_file_refused(monkeypatch, module, name: str, load) -> None:
    """``load`` (a model loader cached once per process) refuses the installed file once ``module.name``, the
    sha256 it checks, is another: the cache is cleared before and after, and the setting restored."""
    monkeypatch.setattr(module, name, "0" * 64)
    load.cache_clear()
    try:
        with pytest.raises(EmbeddingModelMissing, match="sha256 differs"):
            load()
    finally:
        monkeypatch.undo()
        load.cache_clear()
