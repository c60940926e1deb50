"""Readers and decoding: every format, and every kind of bad input the issue names."""

from __future__ import annotations

import gzip
import json
import warnings
from pathlib import Path

import pytest

from newsweave.errors import BinaryInput, EmptyInput, InputError, MalformedInput, Skipped, TooLarge, UnsafeInput
from newsweave.model import RawDocument
from newsweave.readers import Sidecar, read
from newsweave.readers.decode import decode
from newsweave.settings import Options

from .helpers import (BROKEN_WARC_RECORD, ENTITY_BOMB_FEED, PARAGRAPH, article_html, article_text, rss,
                      warc_record)

CYRILLIC = "Министр заявил в понедельник, что новый причал откроется весной. " * 4


def docs_and_errors(*inputs, **opts):
    items = list(read([str(i) for i in inputs], Options(**opts)))
    return [x for x in items if isinstance(x, RawDocument)], [x for x in items if isinstance(x, InputError)]


@pytest.mark.parametrize("data,encoding,warned", [
    ("Plain text with a curly ’ quote.".encode("utf-8"), "utf-8", False),
    ("\ufeffText with a BOM.".encode("utf-8"), "utf-8", False),
    (("Text in UTF-16 with BOM. " + CYRILLIC).encode("utf-16"), "utf-16-le", False),
    (("Text in UTF-16 without BOM. " + CYRILLIC).encode("utf-16-le"), "utf-16-le", False),
    (CYRILLIC.encode("cp1251"), "windows-1251", True),
    (("Mostly fine text. " * 20).encode() + b"\xff\xfe bad bytes" + b" and more text." * 5, "utf-8", True),
])
def test_decode(data, encoding, warned):
    text, enc, warnings = decode(data, "x.txt")
    assert enc.replace("cp", "windows-") == encoding
    assert bool(warnings) == warned
    assert "Министр" in text or "text" in text.lower()


@pytest.mark.parametrize("data,error", [
    (b"", EmptyInput),
    (b"   \n\t  \n", EmptyInput),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, BinaryInput),
    (bytes(range(256)) * 16, BinaryInput),
])
def test_decode_rejects(data, error):
    with pytest.raises(error) as e:
        decode(data, "bad.bin")
    assert "bad.bin" in str(e.value)


def test_text_with_header_and_title(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(" date 2024-03-04\n" + article_text(1))
    (doc,), errors = docs_and_errors(p)
    assert not errors and doc.media == "text" and doc.origin.source == str(p)


def test_directory_recursive_glob_and_gzip(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(article_text(1))
    (tmp_path / "sub" / "b.html").write_text(article_html(2))
    (tmp_path / "sub" / "c.txt.gz").write_bytes(gzip.compress(article_text(3).encode()))
    (tmp_path / ".hidden.txt").write_text(article_text(4))
    docs, errors = docs_and_errors(tmp_path)
    assert not errors
    assert sorted(Path(d.origin.source).name for d in docs) == ["a.txt", "b.html", "c.txt.gz"]
    assert {d.media for d in docs} == {"text", "html"}
    docs, _ = docs_and_errors(tmp_path / "**" / "*.txt*")
    assert len(docs) == 2


def test_missing_path_and_empty_glob(tmp_path):
    _, errors = docs_and_errors(tmp_path / "nope.txt", tmp_path / "*.none")
    assert [e.reason for e in errors] == ["no such file, directory or URL", "no files match this pattern"]


def test_jsonl_fields_offsets_and_bad_line(tmp_path):
    p = tmp_path / "a.jsonl"
    lines = [json.dumps({"id": "x1", "text": article_text(1), "outlet": "Coast News", "published": "2024-03-04"}),
             "{not json",
             json.dumps({"id": "x2", "html": article_html(2), "url": "https://coast.example/2"}),
             json.dumps(["a", "list"]),
             json.dumps({"id": "x3", "title": "no body"})]
    p.write_text("\n".join(lines) + "\n")
    docs, errors = docs_and_errors(p)
    assert [d.hints.external_id for d in docs] == ["x1", "x2"]
    assert docs[0].hints.outlet == "Coast News" and docs[0].hints.published == "2024-03-04"
    assert docs[1].media == "html"
    raw = p.read_bytes()
    assert raw[docs[1].origin.offset:].startswith(lines[2].encode())  # the offset re-finds the record
    assert [e.source for e in errors] == [f"{p}:2", f"{p}:4", f"{p}:5"]
    assert all(isinstance(e, MalformedInput) for e in errors)


def test_feed_full_content_and_teasers(tmp_path):
    p = tmp_path / "feed.xml"
    full = "<p>" + PARAGRAPH + "</p><p>" + PARAGRAPH + "</p>"
    p.write_text(rss([("Pier opens", "Mon, 04 Mar 2024 10:00:00 GMT", full), ("Teaser", "Mon, 04 Mar 2024", "Short.")]))
    docs, errors = docs_and_errors(p)
    assert len(docs) == 1 and docs[0].hints.title == "Pier opens" and docs[0].hints.published == "2024-03-04"
    assert docs[0].hints.outlet == "Coast News" and docs[0].hints.url == "https://coast.example/0"
    assert len(errors) == 1 and isinstance(errors[0], Skipped) and "--fetch-links" in errors[0].reason


def test_a_feed_item_with_an_unreadable_date_is_read_undated_without_a_warning(tmp_path):
    p = tmp_path / "feed.xml"
    p.write_text(rss([("Pier opens", "the day after the storm", f"<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>")]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # feedparser warns when asked for a missing updated_parsed
        docs, errors = docs_and_errors(p)
    assert len(docs) == 1 and docs[0].hints.published is None and not errors


def test_feed_entity_bomb_is_refused(tmp_path):
    p = tmp_path / "bomb.rss"
    p.write_text(ENTITY_BOMB_FEED)
    docs, errors = docs_and_errors(p)
    assert not docs and len(errors) == 1 and isinstance(errors[0], UnsafeInput)
    assert str(p) in str(errors[0])


def test_malformed_feed(tmp_path):
    p = tmp_path / "broken.rss"
    p.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>')
    docs, errors = docs_and_errors(p)
    assert not docs and isinstance(errors[0], MalformedInput)


@pytest.mark.parametrize("gz", [False, True])
def test_warc_bad_record_among_good(tmp_path, gz):
    p = tmp_path / ("a.warc.gz" if gz else "a.warc")
    broken = gzip.compress(BROKEN_WARC_RECORD)[:25] if gz else BROKEN_WARC_RECORD
    p.write_bytes(warc_record("https://a.example/1", article_html(1), gz) + broken
                  + warc_record("https://a.example/2", article_html(2), gz))
    docs, errors = docs_and_errors(p)
    assert [d.origin.item for d in docs] == ["https://a.example/1", "https://a.example/2"]
    assert len(errors) == 1 and errors[0].source.startswith(f"{p}@")
    data = p.read_bytes()
    if not gz:  # plain WARC: the offset points at the record's first line
        assert data[docs[1].origin.offset:].startswith(b"WARC/1.0")


def test_too_large_file_is_refused_without_reading(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"word " * 300_000)
    docs, errors = docs_and_errors(p, max_bytes=1_000_000)
    assert not docs and isinstance(errors[0], TooLarge) and "--max-bytes" in errors[0].reason


def test_sidecar_by_name_and_id(tmp_path):
    (tmp_path / "a.txt").write_text(article_text(1))
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "rec9", "text": article_text(2)}) + "\n")
    meta = tmp_path / "meta.csv"
    meta.write_text("path,outlet,published\na.txt,Harbour Herald,2024-01-02\nrec9,Wire Desk,\n")
    sidecar = Sidecar.load(meta)
    docs = [d for d in read([str(tmp_path / "a.txt"), str(tmp_path / "b.jsonl")], Options(), sidecar)]
    assert [(d.hints.outlet, d.hints.outlet_from, d.hints.published) for d in docs] == [
        ("Harbour Herald", "meta", "2024-01-02"), ("Wire Desk", "meta", None)]


def test_url_offline_gives_a_clear_error():
    _, errors = docs_and_errors("http://127.0.0.1:9/article", fetch_timeout=2)
    assert len(errors) == 1 and errors[0].source == "http://127.0.0.1:9/article"
    assert "connect" in errors[0].reason


def test_gzip_bomb_stops_at_the_limit(tmp_path):
    from newsweave.readers.files import gunzip_bounded

    bomb = gzip.compress(b"A" * 3_000_000)
    with pytest.raises(TooLarge):
        gunzip_bounded(bomb, 1_000_000, "https://x.example/a")
    assert gunzip_bounded(b"plain", 10, "x") == b"plain"
    p = tmp_path / "bomb.txt.gz"
    p.write_bytes(bomb)
    docs, errors = docs_and_errors(p, max_bytes=1_000_000)
    assert not docs and isinstance(errors[0], TooLarge)
    p.write_bytes(bomb[:40])
    docs, errors = docs_and_errors(p)
    assert not docs and isinstance(errors[0], MalformedInput) and "corrupt gzip" in errors[0].reason
