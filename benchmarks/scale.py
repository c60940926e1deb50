"""Ingest throughput at 1 and more worker processes, and the latency of the analysis commands (issue 16).

ingest: N PolNeAR article texts from ../shared/eval/polnear (the examples corpus, repeated with numbered
titles, when ../shared is absent) are written as one JSONL file and ingested, with annotation, into a fresh
SQLite store once per engine (worker processes; Ray, a single-node cluster started for the run) and worker
count. Prints articles/s for each, the speed-up over one worker, the time the one writer spends per article
(store, dedupe, entities, clustering: the ceiling of any number of workers) and the machine's cores; checks
that every run stored the same articles; and times spaCy's own `nlp.pipe` over the same texts with the same
number of processes, printing the whole pipeline's time as a multiple of it.

latency: what a user waits for at the command line, each command a fresh process as a user runs it:
`import newsweave.cli` (best of 5), and `compare`, `brief` and `timeline` of the median story of two or more
articles and of the largest storyline, in a store of real multi-outlet news (../shared/eval/stories, then the
first 300 and 600 articles of Timeline17's oil-spill topic, each step one `newsweave ingest` as a user runs it,
so the storyline is timed at two sizes: the time per article shows whether it grows linearly). `ingest` analyses
ahead the large stories and storylines its articles are in: the time that takes is printed, and each command's
first call as ingest left the store; then the same store as `ingest --no-analyse` leaves it (a copy without the
kept answers and sentence vectors: a bulk load), where each command computes its answer on the first call and
reads it on the second. Last, one more article joins the storyline (its kept answers stale, its sentence vectors
kept): each command's first call after `ingest --no-analyse`, and after `ingest` with the time it took.

load: four `newsweave ingest` processes writing one new store at once (each article given to two of them),
while this process reads it (a search and the story list, each a fresh open): exit codes, articles stored
once, and read latency p50/p95 under that load; on a SQLite file and on a PostgreSQL server started for the
run on 127.0.0.1 (tests/pgserver.py).

sizes: end-to-end ingest (with annotation, every core) of corpora of --sizes articles (default 1,000 and
10,000) recombined from ../shared/eval texts: each article a title and paragraphs drawn from three real
articles, so no two are alike, dated at a steady 20 articles a day (a larger corpus covers more days, as an
archive grows). Each run is one `newsweave ingest FILE.jsonl --json` process into a new store: prints its
wall time, the peak memory of the whole process tree (RSS of the driver and its workers, sampled every 0.25 s),
where the time went by stage (the JSON summary's `seconds`), and the time ratio of each size to the first;
every --every seconds, how many articles are stored and the rate lately (does a growing store slow the writer?).
With --keep DIR the corpus and store stay in DIR: a run stopped before the end (a session's time is up) and
started again resumes where it stopped, and the time of each run counts.

Usage: python benchmarks/scale.py [--parts ingest latency load sizes] [--n 400] [--workers 1 2]
                                  [--engines processes ray] [--backends sqlite postgresql] [--sizes 1000 10000]
                                  [--keep DIR] [--every SECONDS]
"""

from __future__ import annotations

import argparse
import atexit
import json
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import newsweave
from newsweave.settings import default_workers

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
POLNEAR = EVAL / "polnear"


def texts(n: int) -> tuple[list[str], str]:
    files = sorted(POLNEAR.glob("*/text/*.txt"))[:n]
    if files:
        return [f.read_text(encoding="utf-8") for f in files], f"{len(files)} PolNeAR articles"
    base = [p.read_text() for p in (ROOT / "examples" / "corpus").rglob("*.txt")]
    return [f"Report {i}\n\n{base[i % len(base)]}" for i in range(n)], f"{n} examples texts (../shared absent)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--parts", nargs="+", default=["ingest", "latency", "load"],
                    choices=["ingest", "latency", "load", "sizes"])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--keep", type=Path, help="sizes: keep each corpus and store in this folder; a stopped run "
                                              "started again resumes, its earlier time counted")
    ap.add_argument("--every", type=float, default=300.0, help="sizes: seconds between progress lines")
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--engines", nargs="+", default=["processes", "ray"], choices=["processes", "ray"])
    ap.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    args = ap.parse_args()
    if "ingest" in args.parts:
        throughput(args)
    if "latency" in args.parts:
        latency()
    if "sizes" in args.parts:
        sizes(args.sizes, args.keep, args.every)
    if "load" in args.parts:
        for backend in args.backends:
            if backend == "sqlite":
                load(args.n)
                continue
            sys.path.insert(0, str(ROOT))
            from tests.pgserver import LocalPostgres, unavailable

            if unavailable():
                print(f"\nload on PostgreSQL skipped: {unavailable()}")
                continue
            server = LocalPostgres().start()
            try:
                load(args.n, url=server.new_url("load"))
            finally:
                server.cleanup()


def load(n: int, writers: int = 4, url: str | None = None) -> None:
    """Writers ingesting at once into one new store (a SQLite file, or the PostgreSQL one at ``url``; each
    article in two of them) while this process reads it: exit codes, articles stored once, and the latency of
    reads under that load."""
    items, what = texts(n)
    folder = Path(tempfile.mkdtemp(prefix="newsweave-load-"))
    parts: list[list[str]] = [[] for _ in range(writers)]
    for i, text in enumerate(items):
        for k in (i % writers, (i + 1) % writers):
            parts[k].append(json.dumps({"id": f"a{i}", "outlet": f"Outlet {i % 7}", "text": text}))
    db = url or str(folder / "load.db")
    began = time.perf_counter()
    procs = []
    for k, lines in enumerate(parts):
        (folder / f"part{k}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        command = [sys.executable, "-m", "newsweave.cli", "ingest", str(folder / f"part{k}.jsonl"), "--db", db,
                   "--workers", "1", "--no-analyse", "--quiet"]
        procs.append(subprocess.Popen(command, stderr=subprocess.PIPE, text=True))
    waits = []
    while any(p.poll() is None for p in procs):
        if url or Path(db).exists():
            start = time.perf_counter()
            try:
                with newsweave.open(db) as corpus:
                    corpus.search("president", limit=20)
                    corpus.story_rows()
                waits.append(time.perf_counter() - start)
            except newsweave.NewsweaveError as e:  # the store is being created
                print(f"  read failed: {e}")
        time.sleep(0.1)
    took = time.perf_counter() - began
    codes = [p.returncode for p in procs]
    with newsweave.open(db) as corpus:
        stored = corpus.articles()
    waits.sort()
    print(f"\nload: {writers} writers at once, {what} (each in two writers), into one new "
          f"{'PostgreSQL' if url else 'SQLite'} store: "
          f"exit codes {codes}, {len(stored)} articles stored ({len({a.content_hash for a in stored})} distinct) "
          f"in {took:.0f} s; {len(waits)} reads (search + story list) meanwhile: p50 "
          f"{waits[len(waits) // 2] * 1000:.0f} ms, p95 {waits[int(len(waits) * 0.95)] * 1000:.0f} ms")
    for p in procs:
        err = p.stderr.read().strip()
        if err:
            print("  writer said:", err.splitlines()[-1])


def recombined(n: int, seed: int = 16) -> list[dict]:
    """``n`` distinct articles, each a real article's title and paragraphs drawn from three real articles of
    ../shared/eval, dated at 20 a day from 2010-01-01."""
    import datetime as dt
    import random

    pool: list[tuple[str | None, list[str]]] = []
    for f in sorted(POLNEAR.glob("*/text/*.txt")):
        paras = [p for p in f.read_text(encoding="utf-8").split("\n") if len(p.split()) >= 8]
        pool.append((None, paras))
    for path in [EVAL / "stories" / "articles.jsonl", *sorted((EVAL / "timelines").glob("*/articles.jsonl"))]:
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            pool.append((rec.get("title"), [p for p in rec["text"].split("\n") if len(p.split()) >= 8]))
    pool = [(t, ps) for t, ps in pool if len(ps) >= 3]
    rng = random.Random(seed)
    out = []
    for i in range(n):
        picks = rng.sample(range(len(pool)), 3)
        title = pool[picks[0]][0] or pool[picks[0]][1][0][:100]
        paras = [p for k in picks for p in rng.sample(pool[k][1], min(len(pool[k][1]), 4))]
        rng.shuffle(paras)
        day = dt.date(2010, 1, 1) + dt.timedelta(days=i // 20)
        out.append({"id": f"r{i}", "outlet": f"Outlet {i % 40}", "title": title, "published": day.isoformat(),
                    "text": "\n\n".join(paras)})
    return out


def _tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants (from /proc), in kB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid = int(stat.parent.name)
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(pid)   # the field after the state is the parent
            rss[pid] = int(fields[21]) * 4   # resident pages (4 kB)
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def sizes(ns: list[int], keep: Path | None = None, every: float = 300.0) -> None:
    if not POLNEAR.is_dir():
        print("sizes: needs ../shared/eval")
        return
    first = None
    folder = keep or Path(tempfile.mkdtemp(prefix="newsweave-sizes-"))
    folder.mkdir(parents=True, exist_ok=True)
    for n in ns:
        data, db = folder / f"r{n}.jsonl", folder / f"r{n}.db"
        if not data.exists():  # (kept: the same corpus again, recombined from the same seed)
            data.write_text("\n".join(json.dumps(r) for r in recombined(n)) + "\n", encoding="utf-8")
        # A kept run that was stopped is resumed (ingest skips what is stored); its earlier runs' progress lines
        # (run, seconds into that run, articles stored, memory) are in the log, and their time counts.
        log = folder / f"r{n}.progress.tsv"
        earlier = _earlier_runs(log)
        run = len(earlier) + 1
        command = [sys.executable, "-m", "newsweave.cli", "ingest", str(data), "--db", str(db), "--no-analyse",
                   "--json", "--quiet"]
        began = time.perf_counter()
        with (folder / f"r{n}.json").open("w") as out:  # a file, not a pipe: the summary outgrows a pipe's buffer
            proc = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL)
            # stopped (Ctrl-C, `timeout`, the end of a session): stop the ingest too, which a later run resumes
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
            atexit.register(lambda p=proc: p.poll() is None and (p.terminate(), p.wait()))
            peak, shown, logged, stored = 0, 0.0, 0.0, _stored(db)
            while proc.poll() is None:
                rss = _tree_rss_kb(proc.pid)
                peak = max(peak, rss)
                now = time.perf_counter() - began
                if now - logged >= LOG_EVERY:  # (often: a run that is killed loses at most this much time)
                    with log.open("a") as f:
                        f.write(f"{run}\t{now:.0f}\t{_stored(db)}\t{rss // 1024}\n")
                    logged = now
                if now - shown >= every:
                    before, stored = stored, _stored(db)
                    rate = (stored - before) / (now - shown)
                    print(f"  {n:,}: run {run}, {now:,.0f} s: {stored:,} stored ({rate:.1f} articles/s lately), "
                          f"{rss / 1024:,.0f} MB", flush=True)
                    shown = now
                time.sleep(0.25)
        took = time.perf_counter() - began
        with log.open("a") as f:
            f.write(f"{run}\t{took:.0f}\t{_stored(db)}\t{peak // 1024}\n")
        took += sum(earlier.values())
        summary = json.loads((folder / f"r{n}.json").read_text())
        first = first or (n, took)
        split = summary["seconds"]
        total = sum(split.values()) or 1.0
        resumed = f" over {run} runs (this one added {len(summary['added']):,})" if run > 1 else ""
        print(f"\nsizes: {n:,} recombined articles, {default_workers()} workers: {took:.0f} s{resumed} "
              f"({n / took:.2f} articles/s), {_stored(db):,} stored, peak memory {peak / 1024:.0f} MB (this run); "
              f"time x{took / first[1]:.2f} for data x{n / first[0]:g}")
        print("  by stage (s, summed over workers; this run): " + ", ".join(
            f"{k} {v:.0f} ({v / total:.0%})" for k, v in sorted(split.items(), key=lambda kv: -kv[1])), flush=True)


LOG_EVERY = 30.0  # seconds between lines of a kept run's progress log


def _stored(db: Path) -> int:
    """Articles in a store that may be being written (read-only, so never in the writer's way)."""
    import sqlite3

    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0  # not created yet


def _earlier_runs(log: Path) -> dict[int, float]:
    """Seconds each earlier run of a kept corpus took (its last progress line)."""
    runs: dict[int, float] = {}
    for line in log.read_text().splitlines() if log.exists() else ():
        run, seconds, *_ = line.split("\t")
        runs[int(run)] = float(seconds)
    return runs


def _wall(*args: str) -> float:
    """Wall time of one Python command in a fresh process, as a user runs it."""
    began = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - began


def _cli_seconds(*args: str) -> float:
    """Wall time of one newsweave command."""
    return _wall("-m", "newsweave.cli", *args)


def latency() -> None:
    stories, bpoil = EVAL / "stories" / "articles.jsonl", EVAL / "timelines" / "bpoil" / "articles.jsonl"
    if not bpoil.exists():
        print("latency: needs ../shared/eval (stories, timelines)")
        return
    imports = min(_wall("-c", "import newsweave.cli") for _ in range(5))
    print(f"\nimport newsweave.cli: {imports:.2f} s (best of 5, fresh processes)")
    folder = Path(tempfile.mkdtemp(prefix="newsweave-latency-"))
    db = folder / "latency.db"
    oil = bpoil.read_text(encoding="utf-8").splitlines()
    steps = [("stories eval + oil spill 1-300", [stories], oil[:300]), ("+ oil spill 301-600", [], oil[300:600])]
    for n, (label, files, lines) in enumerate(steps, 1):
        part = folder / f"oil{len(lines)}.jsonl"
        part.write_text("\n".join(lines) + "\n", encoding="utf-8")
        took, done = _ingest(db, *files, part)
        with newsweave.open(db) as corpus:
            rows = [r for r in corpus.story_rows() if r.articles >= 2]
            median = sorted(rows, key=lambda r: r.articles)[len(rows) // 2]
            line = corpus.storylines(limit=1)[0]
            line_articles = sum(r.articles for r in corpus.story_rows(storyline=line.id))
            stored = len(corpus)
        print(f"{label}: {stored} articles in store (`newsweave ingest` {took:.0f} s, of which analysing ahead "
              f"{len(done.get('analysed', []))} large stories and storylines it changed "
              f"{done.get('analyse_seconds', 0):.0f} s); median story {median.id} ({median.articles} articles), "
              f"largest storyline L{line.id} ({line_articles} articles)")
        plain = _without_analyses(db, folder / f"plain{n}.db")
        for command in ("compare", "brief", "timeline"):  # the second call reads the answer the first kept
            ready = [_cli_seconds(command, ref, "--db", str(db)) for ref in (str(median.id), f"L{line.id}")]
            small = [_cli_seconds(command, str(median.id), "--db", str(plain)) for _ in range(2)]
            large = [_cli_seconds(command, f"L{line.id}", "--db", str(plain)) for _ in range(2)]
            print(f"  {command:<8} as ingest left it: median story {ready[0]:5.2f} s, storyline {ready[1]:5.2f} s"
                  f"   after --no-analyse: median story {small[0]:5.2f} s, again {small[1]:5.2f} s; storyline "
                  f"{large[0]:6.2f} s ({large[0] / line_articles * 1000:.0f} ms an article), again {large[1]:6.2f} s",
                  flush=True)
    one_more(db, f"L{line.id}", oil[600:601])


def one_more(db: Path, ref: str, more: list[str]) -> None:
    """One more article joins the storyline of a store `ingest` analysed (its kept answers go stale, its sentence
    vectors stay): each command's first call after `ingest --no-analyse` of it, and after `ingest` of it."""
    extra = db.parent / "one-more.jsonl"
    extra.write_text("\n".join(more) + "\n", encoding="utf-8")
    plain = _copy(db, db.parent / "one-more-plain.db")
    _ingest(plain, extra, "--no-analyse")
    print("one more article, each command's first call after `ingest --no-analyse`:", end="")
    for command in ("compare", "brief", "timeline"):
        print(f"  {command} {_cli_seconds(command, ref, '--db', str(plain)):.2f} s", end="", flush=True)
    took, done = _ingest(db, extra)
    print(f"\n  after `ingest` ({took:.1f} s, of which analysing {', '.join(done.get('analysed', [])) or 'nothing'} "
          f"{done.get('analyse_seconds', 0):.1f} s):", end="")
    for command in ("compare", "brief", "timeline"):
        print(f"  {command} {_cli_seconds(command, ref, '--db', str(db)):.2f} s", end="", flush=True)
    print()


def _ingest(db: Path, *args: str | Path) -> tuple[float, dict]:
    """Wall time and JSON summary of one `newsweave ingest` process (every core)."""
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "newsweave.cli", "ingest", *map(str, args), "--db", str(db),
                           "--json", "--quiet"], check=True, capture_output=True, text=True)
    return time.perf_counter() - began, json.loads(done.stdout)


def _without_analyses(src: Path, dst: Path) -> Path:
    """A copy of a store as `ingest --no-analyse` would have left it: no kept answers, no kept sentence vectors."""
    import sqlite3

    _copy(src, dst)
    with sqlite3.connect(dst) as conn:
        conn.execute("DELETE FROM views")
        conn.execute("DELETE FROM text_vectors")
    return dst


def _copy(src: Path, dst: Path) -> Path:
    """A consistent copy of a SQLite store."""
    import sqlite3

    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    return dst


# The writer's steps in IngestReport.seconds (the rest are per-article stages, in the workers).
WRITER_STEPS = ("store", "dedupe", "annotations", "stories")


def bare_spacy(items: list[str], workers: int) -> float:
    """Seconds of spaCy's own ``nlp.pipe`` over ``items`` (the model newsweave uses, every component, loaded
    before the clock starts) in ``workers`` processes."""
    import spacy

    from newsweave.nlp.pipeline import MODEL

    nlp = spacy.load(MODEL)
    began = time.perf_counter()
    for _ in nlp.pipe(items, n_process=workers, batch_size=16):
        pass
    return time.perf_counter() - began


def throughput(args) -> None:
    items, what = texts(args.n)
    folder = Path(tempfile.mkdtemp(prefix="newsweave-scale-"))
    src = folder / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"a{i}", "outlet": f"Outlet {i % 7}", "text": t})
                             for i, t in enumerate(items)) + "\n", encoding="utf-8")
    print(f"{what}; {default_workers()} cores")
    rates, stored, took_by = {}, {}, {}
    runs = [(engine, workers) for engine in args.engines for workers in args.workers]
    for engine, workers in runs:
        began = time.perf_counter()
        with newsweave.open(folder / f"{engine}{workers}.db") as corpus:
            report = corpus.ingest([str(src)], workers=workers, engine=engine)
            took = time.perf_counter() - began
            stored[engine, workers] = [(a.outlet, a.content_hash) for a in corpus.articles()]
        rates[engine, workers] = len(report.added) / took
        took_by[engine, workers] = took
        writer = sum(report.seconds.get(k, 0.0) for k in WRITER_STEPS)
        base = rates.get((engine, args.workers[0]))
        print(f"{engine:<9} workers {workers}: {len(report.added)} articles in {took:.1f} s = "
              f"{rates[engine, workers]:.2f} articles/s" + (f", {rates[engine, workers] / base:.2f}x"
                                                          if workers != args.workers[0] else "")
              + f"; the writer {writer / max(1, len(report.added)) * 1000:.0f} ms an article", flush=True)
    for workers in args.workers:
        if ("processes", workers) in took_by:
            spacy_s = bare_spacy(items, workers)
            print(f"whole pipeline vs a bare spaCy nlp.pipe over the same texts, {workers} process(es): "
                  f"{took_by['processes', workers]:.1f} s vs {spacy_s:.1f} s = "
                  f"{took_by['processes', workers] / spacy_s:.2f}x (target 1.25x)", flush=True)
    same = all(v == stored[runs[0]] for v in stored.values())
    print(f"same articles stored by every run: {same}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
