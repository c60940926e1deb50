"""Web app speed: p50 and p95 server time of the home, search, story, storyline and actor pages on a store of
20,000 articles, over real HTTP on loopback.

The store is built once (kept at --store; reused when it exists) from a synthetic corpus made here: N short
reports by 50 outlets, each event (a strike, a flood, a court ruling...) reported by 1-8 outlets over a few
days in their own words, 3-9 events weeks apart making a storyline (one subject, a shipyard or a tram line, in
one city), with people, places, organisations, quotes and numbers. It goes through the real `Corpus.ingest`
(read, clean, date, annotate, embed, dedupe, cluster), so the store is the one a user would have.

Then the app runs under uvicorn on 127.0.0.1 and, per page kind, a bounded loop of requests (at most
--requests each, at most --seconds each) cycles over sampled targets. Server time is the app's own
``Server-Timing`` header; the wall time seen by the client is printed beside it. Story, storyline and actor
pages are measured twice: the first visit to each target (which computes and caches the comparison, brief and
timeline) and then the warm loop, which is what the target (p95 < 300 ms) is about.

Usage: python benchmarks/web.py [--articles 20000] [--store web-bench.db] [--requests 200] [--seconds 120]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import newsweave

FIRST = ["Anna", "Boris", "Clara", "David", "Elena", "Farid", "Greta", "Hugo", "Irina", "Jonas", "Katya", "Luis",
         "Marta", "Nikos", "Olga", "Pavel", "Rosa", "Samir", "Tomas", "Ulla", "Viktor", "Wanda", "Yusuf", "Zofia",
         "Amir", "Bianca", "Carlos", "Dana", "Emil", "Fatima", "Gustav", "Hana", "Ivan", "Julia", "Karim", "Lena"]
LAST = ["Novak", "Berg", "Moreau", "Rossi", "Kowalski", "Haddad", "Lindqvist", "Petrov", "Santos", "Okafor",
        "Weber", "Costa", "Dubois", "Jansen", "Horvat", "Nieminen", "Yilmaz", "Fischer", "Marin", "Popescu",
        "Andersen", "Kaya", "Ferreira", "Schmidt", "Vidal", "Keller", "Bauer", "Lund", "Meyer", "Richter"]
CITIES = ["Lyon", "Porto", "Gdansk", "Tampere", "Brno", "Graz", "Ghent", "Bergen", "Malmo", "Aarhus", "Cork",
          "Split", "Bari", "Leipzig", "Utrecht", "Seville", "Kaunas", "Tartu", "Plovdiv", "Cluj", "Debrecen",
          "Kosice", "Ljubljana", "Nantes", "Bilbao", "Turin", "Bremen", "Antwerp", "Galway", "Rotterdam"]
ORG_KINDS = ["Port Authority", "Water Board", "Transit Agency", "Chamber of Commerce", "Workers Union",
             "Residents Association", "Health Trust", "Planning Office", "Fire Service", "Environment Agency"]
SUBJECTS = ["tram depot", "steel mill", "pension fund", "harbour bridge", "university hospital", "ferry terminal",
            "wind farm", "coal plant", "football stadium", "metro line", "water treatment plant", "airport runway",
            "opera house", "fish market", "paper mill", "ring road", "data centre", "cement works", "grain terminal",
            "solar park", "railway station", "city library", "bus company", "chemical plant", "shipyard",
            "recycling centre", "tunnel project", "housing estate", "power station", "cable car", "marina",
            "sugar refinery", "tyre factory", "olive cooperative", "glass works", "textile mill", "brewery",
            "car plant", "container port", "ski resort"]
TOPICS = [  # (kind of event, its lead: {p} person, {r} role, {c} city, {n} number, {o} organisation, {x} subject)
    ("strike", "{p}, {r}, said on {d} that {n} workers at the {x} in {c} would strike over pay, after talks with "
               "the {o} broke down."),
    ("flood", "Floods near the {x} in {c} forced {n} people from their homes on {d}, {p}, {r}, said, as the {o} "
              "warned of more rain."),
    ("court", "A court ruled on {d} that the {x} project in {c} was unlawful, a decision {p}, {r}, said would "
              "affect {n} residents."),
    ("budget", "The {c} council approved {n} million euros for the {x} on {d}, {p}, {r}, told reporters, despite "
               "objections from the {o}."),
    ("opening", "A new {x} employing {n} people will open in {c}, {p}, {r}, announced on {d} with the {o}."),
    ("protest", "About {n} people marched through {c} on {d} against plans for the {x}, {p}, {r}, said, and the {o} "
                "called for talks."),
    ("fire", "A fire at the {x} near {c} burned {n} square metres by {d}, {p}, {r}, said, as the {o} sent more "
             "crews."),
    ("inquiry", "An inquiry into the {x} in {c} heard on {d} that {n} complaints had been ignored, {p}, {r}, "
                "said, and the {o} apologised."),
]
QUOTES = ["We will not accept this and we will keep working until there is a fair outcome for everyone",
          "This is a difficult day for the city, but we are ready and we have a plan",
          "Nobody should have to wait this long for an answer from the authorities",
          "We expect the next weeks to be decisive and we ask people to stay calm",
          "The figures speak for themselves and the government has to act now",
          "I have spoken to the families and they deserve the truth about what happened",
          "The {x} matters to every family in {c} and we will not give up on it",
          "Everyone in {c} knows what the {x} means for the next generation"]
ROLES = ["the regional governor", "a spokesperson for the {o}", "the mayor of {c}", "the head of the {o}",
         "the economy minister", "a senior official"]
OUTLETS = [f"{name} {kind}" for name in ["Northern", "Coastal", "Valley", "Metro", "Evening", "Morning", "Daily",
                                          "Weekly", "Central", "Harbour"]
           for kind in ["Post", "Herald", "Times", "Radio", "Courier"]]


def synthetic(n: int, seed: int = 15) -> list[dict]:
    """``n`` short reports (JSONL records) of events in storylines, by 50 outlets."""
    rng = random.Random(seed)
    people = [f"{f} {ln}" for f in FIRST for ln in LAST]
    rng.shuffle(people)
    records: list[dict] = []
    start = dt.date(2024, 1, 1)
    line = 0
    while len(records) < n:
        line += 1
        city, subject = rng.choice(CITIES), rng.choice(SUBJECTS)     # one subject in one city: a storyline
        org = f"{city} {rng.choice(ORG_KINDS)}"
        cast = people[(line * 3) % len(people):(line * 3) % len(people) + 3]
        day = start + dt.timedelta(days=rng.randrange(0, 1400))
        for _ in range(rng.randint(3, 9)):                      # events of the storyline, weeks apart
            topic, lead = rng.choice(TOPICS)
            day += dt.timedelta(days=rng.randint(7, 40))
            person = rng.choice(cast)
            role = rng.choice(ROLES).format(o=org, c=city)
            number = rng.choice([12, 40, 150, 300, 1200, 2500, 18000]) * rng.randint(1, 9)
            said = [q.format(x=subject, c=city) for q in rng.sample(QUOTES, 2)]
            for outlet in rng.sample(OUTLETS, rng.randint(1, 8)):   # its reports, each in its own words
                published = day + dt.timedelta(days=rng.choice([0, 0, 0, 1, 1, 2]))
                weekday = f"{day:%A}"
                body = [lead.format(p=person, r=role, c=city, n=f"{number:,}", o=org, d=weekday, x=subject),
                        f"\"{said[0]},\" {person.split()[1]} told {outlet}.",
                        rng.choice([f"The {org} did not respond to a request for comment.",
                                    f"Local media in {city} reported similar figures.",
                                    f"It is the latest turn in a dispute that began in {start:%B %Y}.",
                                    f"Residents of {city} said they had been waiting for months."]),
                        f"\"{said[1]},\" {person.split()[1]} added."]
                rng.shuffle(body[2:])
                title = rng.choice([f"{city} {subject}: {topic} update as {person} speaks",
                                    f"{person} on the {subject} {topic} in {city}",
                                    f"{org} and the {subject} {topic}",
                                    f"What the {subject} {topic} means for {city}, according to {person}"])
                records.append({"id": f"syn-{len(records)}", "outlet": outlet, "published": published.isoformat(),
                                "title": title, "text": title + "\n\n" + "\n\n".join(body)})
                if len(records) >= n:
                    return records
    return records


def build(store: Path, n: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="newsweave-web-bench-"))
    records = synthetic(n)
    for k in range(0, len(records), 1000):
        (folder / f"part-{k // 1000:03d}.jsonl").write_text(
            "\n".join(json.dumps(r) for r in records[k:k + 1000]) + "\n", encoding="utf-8")
    began = time.perf_counter()
    done = [0]

    def progress(what, item):
        if what in ("added", "existing"):
            done[0] += 1
            if done[0] % 1000 == 0:
                rate = done[0] / (time.perf_counter() - began)
                print(f"  ingested {done[0]:,} ({rate:.1f}/s)", file=sys.stderr, flush=True)

    with newsweave.open(store) as corpus:
        report = corpus.ingest([str(folder)], progress=progress, today=dt.date(2026, 6, 1))
    took = time.perf_counter() - began
    print(f"built {store}: {len(report.added):,} articles in {took:.0f} s ({len(report.added) / took:.1f}/s), "
          f"{len(report.failed)} failed")


class Server:
    def __init__(self, db: Path):
        import uvicorn

        from newsweave.web.app import LOOPBACK_NAMES, create_app

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(create_app(db, allowed_hosts=list(LOOPBACK_NAMES)),
                                                    host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        while not self.server.started:
            time.sleep(0.05)

    def get(self, path: str) -> tuple[float, float, bytes]:
        """(server ms, wall ms, body) of one GET."""
        began = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=600) as r:
            body = r.read()
            timing = r.headers.get("Server-Timing", "app;dur=nan")
        wall = (time.perf_counter() - began) * 1000
        return float(timing.split("dur=")[1]), wall, body

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--store", type=Path, default=Path("web-bench.db"))
    ap.add_argument("--requests", type=int, default=200, help="requests per page kind in the warm loop, at most")
    ap.add_argument("--seconds", type=float, default=120, help="time per page kind, at most")
    ap.add_argument("--targets", type=int, default=10, help="stories, storylines and actors sampled")
    args = ap.parse_args()
    if not args.store.exists():
        build(args.store, args.articles)
    rng = random.Random(15)
    with newsweave.open(args.store, create=False) as corpus:
        count = len(corpus)
        stories = corpus.stories()
        lines = corpus.storylines()
        actors = [e for e in corpus.entities(type="person", min_mentions=5)]
    big = sorted(stories, key=lambda s: -len(s.articles))
    story_ids = [s.id for s in big[:args.targets // 2]] + [s.id for s in rng.sample(stories, args.targets // 2)]
    line_ids = [ln.id for ln in lines[:args.targets // 2]] + [ln.id for ln in rng.sample(lines, args.targets // 2)]
    actor_ids = [e.id for e in actors[:args.targets // 2]] + [e.id for e in rng.sample(actors, args.targets // 2)]
    words = ["strike", "flood", "court ruling", "budget", "wildfire", "hospital", "dock workers", "mayoral race"]
    names = [e.name for e in actors[:5]] + [e.name.split()[-1] for e in actors[5:10]]
    kinds = {
        "home": ["/", "/?sort=size", "/?page=3", "/?outlet=" + quote(OUTLETS[0]), "/?since=2025-01-01"],
        "search": [f"/search?q={quote(q)}" for q in words + names],
        "story": [f"/stories/{i}" for i in story_ids],
        "storyline": [f"/storylines/{i}" for i in line_ids],
        "actor": [f"/entities/{i}" for i in actor_ids],
    }
    print(f"store {args.store}: {count:,} articles, {len(stories):,} stories, {len(lines):,} storylines, "
          f"{len(actors):,} people with 5+ mentions")
    server = Server(args.store)
    print(f"{'page':<10} {'cold p50':>9} {'cold max':>9} {'p50':>7} {'p95':>7} {'wall p95':>9} {'n':>5}  (ms)")
    try:
        for kind, paths in kinds.items():
            cold = [server.get(p)[0] for p in paths]  # first visits: compute and cache what is heavy
            server_ms, wall_ms = [], []
            began = time.perf_counter()
            while len(server_ms) < args.requests and time.perf_counter() - began < args.seconds:
                s, w, _ = server.get(paths[len(server_ms) % len(paths)])
                server_ms.append(s)
                wall_ms.append(w)
            print(f"{kind:<10} {statistics.median(cold):>9.0f} {max(cold):>9.0f} {_pct(server_ms, 50):>7.0f} "
                  f"{_pct(server_ms, 95):>7.0f} {_pct(wall_ms, 95):>9.0f} {len(server_ms):>5}", flush=True)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
