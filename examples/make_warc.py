"""Regenerate examples/corpus/kessa-radio.warc (two HTML responses) with warcio.

Run from anywhere: python examples/make_warc.py. The pages are kept here rather than as .html files so that
ingesting examples/corpus does not read them twice.
"""

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PAGES = {
    "https://kessaradio.example/news/dam-march-injuries": """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Fifteen hurt at dam march, hospital says - Kessa Valley Radio</title>
<meta property="og:site_name" content="Kessa Valley Radio">
<meta property="article:published_time" content="2025-05-19">
</head><body><nav>News | Sport | Weather</nav><main><article>
<h1>Fifteen hurt at dam march, hospital says</h1>
<p>Fifteen people were treated for injuries after a barrier gave way during Saturday's march on the Kessa River dam, the district hospital in Lessin said on Monday.</p>
<p>Most of the injured were farmers from the southern valley. Two remain in hospital with broken bones, according to the hospital.</p>
<p>The Southern Growers Union, which organised the march, said it would hold another protest if the third round of talks in Orvane failed. "We will not let our fields turn to dust," union leader Anka Deli said.</p>
</article></main><footer>Kessa Valley Radio</footer></body></html>
""",
    "https://kessaradio.example/news/round-three-preview": """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>What to expect from the third round - Kessa Valley Radio</title>
<meta property="og:site_name" content="Kessa Valley Radio">
</head><body><main><article>
<h1>What to expect from the third round</h1>
<p>Published 16 May 2025</p>
<p>Negotiators from Arvenia and Dalmir return to Orvane next week for a third round of talks on the Kessa River dam, after two rounds that produced an agreement to share flow data but nothing on water releases.</p>
<p>Arvenian Foreign Minister Lena Varga is expected to push for a fixed minimum release during the summer months. Dalmir's spokesman, Tomas Brell, has said that any deal must respect "our sovereignty over the dam."</p>
<p>Farmers plan to march on the dam on Saturday.</p>
</article></main></body></html>
""",
}


def main() -> None:
    target = Path(__file__).parent / "corpus" / "kessa-radio.warc"
    with open(target, "wb") as out:
        writer = WARCWriter(out, gzip=False)
        for url, html in PAGES.items():
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=BytesIO(html.encode("utf-8")),
                                               http_headers=headers,
                                               warc_headers_dict={"WARC-Date": "2025-05-21T08:00:00Z"})
            writer.write_record(record)


if __name__ == "__main__":
    main()
