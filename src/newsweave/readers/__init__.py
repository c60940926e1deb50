"""Readers: turn paths, globs, directories, stdin and URLs into :class:`~newsweave.model.RawDocument`.

:func:`read` never raises for a bad input: it yields an :class:`~newsweave.errors.InputError` naming the
input and the reason in its place, and goes on with the rest. Formats are chosen by file name and then by
sniffing the bytes: plain text, HTML, RSS/Atom, WARC(.gz), JSONL, each optionally gzip-compressed.
"""

from __future__ import annotations

import glob
import gzip
import io
import logging
import stat
import tempfile
from dataclasses import replace
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import InputError, MalformedInput, NewsweaveError, NotRegularFile, Skipped
from ..model import Hints, RawDocument
from ..settings import Options
from . import fetch as _fetch
from .feed import looks_like_feed, read_feed
from .files import gunzip_bounded, kind_of, open_file, stdin_bytes, whole_file
from .jsonl import read_jsonl
from .sidecar import Sidecar
from .warc import read_warc

__all__ = ["read", "count_inputs", "Sidecar"]

log = logging.getLogger(__name__)

_HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
_TEXT_EXT = {".txt", ".text", ".md"}
_JSONL_EXT = {".jsonl", ".ndjson"}
_SKIP_NAMES = {".DS_Store", "Thumbs.db"}


OnInput = Callable[[str], None]


def read(inputs: Iterable[str], options: Options = Options(), sidecar: Sidecar | None = None,
         on_input: OnInput | None = None) -> Iterator[RawDocument | InputError]:
    """Yield a raw document (or an input error) for every article found in ``inputs``; ``on_input`` is told of
    each file (or URL, or stdin) as its reading starts, for progress over :func:`count_inputs`."""
    for spec in inputs:
        for item in _read_spec(spec, options, on_input or (lambda _: None)):
            if isinstance(item, RawDocument) and sidecar is not None:
                item = sidecar.apply(item)
            yield item


def read_feed_data(data: bytes, source: str, options: Options = Options()) -> Iterator[RawDocument | InputError]:
    """The items of a feed already fetched (``newsweave watch``): a body that is not a feed is one error for
    ``source``, never read as a page."""
    if not looks_like_feed(data):
        yield MalformedInput(source, "not an RSS or Atom feed" + (" (empty response)" if not data.strip() else ""))
        return
    yield from _guard(source, lambda: read_feed(data, source, options.fetch_links,
                                                lambda url: _fetch_page(url, options)))


def count_inputs(inputs: Iterable[str]) -> int:
    """How many files (URLs, stdin) :func:`read` will open for ``inputs``, found without reading any."""
    return sum(1 for spec in inputs for target in _targets(spec) if not isinstance(target, InputError))


def _targets(spec: str) -> Iterator[str | Path | InputError]:
    """What one input names, each to be read on its own: ``-`` or a URL as given, the files of a folder or a
    glob, a path named explicitly; and a notice for what cannot be (nothing matches, an entry passed over)."""
    if spec == "-" or _fetch.is_url(spec):
        yield spec
        return
    path = Path(spec)
    if path.is_dir():
        yield from _folder(path)
    elif path.exists():  # named explicitly: read whatever it is (a FIFO, /dev/stdin), within the size limit
        yield path
    elif glob.has_magic(spec):
        matches = _glob(spec)
        if not matches:
            yield InputError(spec, "no files match this pattern")
        yield from matches
    else:
        yield InputError(spec, "no such file, directory or URL")


def _read_spec(spec: str, options: Options, on_input: OnInput) -> Iterator[RawDocument | InputError]:
    for target in _targets(spec):
        if isinstance(target, InputError):
            yield target
            continue
        on_input(str(target))
        if target == "-":
            yield from _guard("-", lambda: _read_bytes(stdin_bytes(options.max_bytes), "-", "", options))
        elif isinstance(target, str):
            yield from _guard(target, lambda url=target: _read_url(url, options))
        else:
            yield from _guard(str(target), lambda p=target: _read_path(p, options))


def _glob(pattern: str) -> list[Path]:
    return sorted(Path(m) for m in glob.glob(pattern, recursive=True) if Path(m).is_file())


def _folder(root: Path) -> Iterator[Path | InputError]:
    """Every regular file under ``root`` to read, in name order, and a notice for each entry passed over. A
    symbolic link is followed only to a file inside ``root``; FIFOs, devices and sockets are skipped (name one
    explicitly to read it)."""
    inside = root.resolve()
    found = False
    for p in sorted(root.rglob("*")):
        if _hidden(p, root):
            continue
        try:
            if p.is_symlink():
                target = p.resolve()
                if not target.is_relative_to(inside):
                    found = True
                    yield Skipped(str(p), f"symbolic link to {target}, outside {root}; not followed "
                                          "(name the target to read it)")
                    continue
            mode = p.stat().st_mode
        except OSError as e:  # a dangling link, a loop, a file removed while we walk
            found = True
            yield InputError(str(p), f"cannot read: {e.strerror or e}")
            continue
        if stat.S_ISDIR(mode):
            continue
        found = True
        if not stat.S_ISREG(mode):
            yield Skipped(str(p), f"not a regular file ({kind_of(mode)}); name it explicitly to read it")
            continue
        yield p
    if not found:
        yield InputError(str(root), "directory holds no files")


def _hidden(p: Path, root: Path) -> bool:
    return p.name in _SKIP_NAMES or any(part.startswith(".") for part in p.relative_to(root).parts)


def _guard(source: str, produce) -> Iterator[RawDocument | InputError]:
    """Run a reader, turning any failure into an error for ``source`` so the batch goes on."""
    try:
        yield from produce()
    except NewsweaveError as e:
        yield e if isinstance(e, InputError) else InputError(source, str(e))
    except PermissionError:
        yield InputError(source, "cannot read: permission denied")
    except OSError as e:
        yield InputError(source, f"cannot read: {e.strerror or e}")
    except Exception as e:  # a reader bug must not stop the batch; the message names it
        log.exception("reader failed on %s", source)
        yield MalformedInput(source, f"could not be read ({type(e).__name__}: {e})")


def _suffixes(name: str) -> tuple[str, bool]:
    lower = name.lower()
    gz = lower.endswith(".gz")
    if gz:
        lower = lower[:-3]
    return Path(lower).suffix, gz


def _read_path(path: Path, options: Options) -> Iterator[RawDocument | InputError]:
    suffix, gz = _suffixes(path.name)
    if suffix in (".warc", ".arc"):
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(str(path), f"a WARC archive must be a regular file, not a {kind_of(mode)} "
                                            "(its records are read by seeking)")
        yield from read_warc(path, options.max_bytes)
        return
    if suffix in _JSONL_EXT:
        opener = gzip.open if gz else open
        with opener(path, "rb") as f:
            yield from read_jsonl(f, str(path), options.max_bytes)
        return
    data, name = open_file(path, options.max_bytes)
    yield from _read_bytes(data, str(path), name, options)


def _read_bytes(data: bytes, source: str, name: str, options: Options) -> Iterator[RawDocument | InputError]:
    """Dispatch in-memory bytes by file name, then by content."""
    suffix, _ = _suffixes(name)
    if suffix in (".warc",) or data.startswith(b"WARC/"):
        with tempfile.NamedTemporaryFile(suffix=".warc") as tmp:
            tmp.write(data)
            tmp.flush()
            for item in read_warc(Path(tmp.name), options.max_bytes):
                yield _rename(item, tmp.name, source)
        return
    if suffix in _JSONL_EXT:
        yield from read_jsonl(io.BytesIO(data), source, options.max_bytes)
        return
    head = data[:2048].lstrip().lower()
    if suffix in (".rss", ".atom") or (suffix not in _HTML_EXT | _TEXT_EXT and looks_like_feed(data)):
        yield from read_feed(data, source, options.fetch_links, lambda url: _fetch_page(url, options))
        return
    if suffix in _HTML_EXT or head.startswith((b"<!doctype html", b"<html")) or (
            suffix not in _TEXT_EXT and head.startswith(b"<") and b"<body" in data[:65536].lower()):
        yield whole_file(source, data, "html", Hints())
        return
    yield whole_file(source, data, "text", Hints())


def _rename(item, old: str, new: str):
    if isinstance(item, RawDocument):
        return replace(item, origin=replace(item.origin, source=new))
    return InputError(item.source.replace(old, new), item.reason)


def _fetch_page(url: str, options: Options) -> RawDocument | InputError:
    try:
        body, ctype, final = _fetch.fetch(url, options.max_bytes, options.fetch_timeout)
        return _fetch.page(url, body, ctype, final)
    except InputError as e:
        return e


def _read_url(url: str, options: Options) -> Iterator[RawDocument | InputError]:
    body, ctype, final = _fetch.fetch(url, options.max_bytes, options.fetch_timeout)
    body = gunzip_bounded(body, options.max_bytes, url)
    if looks_like_feed(body):
        yield from read_feed(body, url, options.fetch_links, lambda u: _fetch_page(u, options))
        return
    yield _fetch.page(url, body, ctype, final)
