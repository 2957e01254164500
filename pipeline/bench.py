"""``make bench``: throughput and memory of the pipeline on a generated corpus, all figures from one run.

The corpus is built from the articles of the sample corpus (raw/), re-dressed with varied page
furniture: half HTML pages of 50-200 KB (navigation, mega-menus, inline scripts and styles, JSON-LD,
cookie banners, related-article lists, comments, footers), half text dumps of 2-8 KB (menus, bylines,
teaser lists, share lines, comment forms). Every page is different (no de-duplication shortcut).

Each measurement runs in a fresh process, so its peak RSS is its own:

- ``boilerplate_pages_s``: reading and boilerplate removal;
- ``tokenizer_pages_s``: the same plus the spaCy tokenizer of ``fr_core_news_md``;
- ``naive_pages_s``: the same readers and boilerplate removal, then the full ``fr_core_news_md``
  pipeline called document by document (``nlp(text)``), no extractors;
- ``e2e_1w_pages_s``, ``e2e_2w_pages_s``: the whole pipeline (``run_local``: pre-pass, ledger, NLP,
  extraction, JSONL sink) with 1 and 2 worker processes;
- ``peak_rss_mb``: the largest resident set of one process (main or worker) in the e2e runs;
- ``rss_1k_mb``, ``rss_10k_mb``: peak RSS of a one-worker e2e run over 1,000 and 10,000 pages.

Model loading is timed apart and excluded from the rates (``load_seconds`` in the JSON).

The machine may be shared: a measurement slowed down by another process would skew the ratios. The
measurements on 1,000 pages therefore run ``--rounds`` times (default 2), interleaved (every mode once,
then every mode again), and each rate is the best of its rounds, the usual way to read timings on a
noisy machine; every round's figures are kept under ``details``.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ["Actualité", "Économie", "Tech", "Cybersécurité", "Santé", "Société", "International", "Sport",
            "Culture", "Sciences", "Régions", "Opinions", "Vidéos", "Podcasts", "Services", "Immobilier"]
TEASER_SUBJECTS = ["Meta", "la CNIL", "Free", "un hôpital", "la mairie", "Orange", "un assureur", "Doctolib",
                   "une mutuelle", "le gouvernement", "Amazon", "une start-up", "la SNCF", "un club de foot"]
TEASER_VERBS = ["écope d'une amende de", "investit", "lève", "annonce un plan de", "perd", "recrute pour",
                "rachète un concurrent pour", "prévoit un budget de"]


@dataclass(frozen=True, slots=True)
class Article:
    title: str
    paragraphs: list[str]
    date: str


# -- corpus -----------------------------------------------------------------------------------------
def load_articles() -> list[Article]:
    """The articles of the sample corpus, cleaned by the pipeline itself."""
    from pipeline.boilerplate import clean_document
    from pipeline.errors import ErrorRow, PipelineError
    from pipeline.readers import iter_documents
    from pipeline.settings import load_options

    options = load_options()
    articles = []
    for item in iter_documents([ROOT / "raw"], options.limits):
        if isinstance(item, ErrorRow):
            continue
        try:
            document = clean_document(item, options)
        except PipelineError:
            continue
        paragraphs = [p for p in document.text.split("\n\n") if p.strip()]
        articles.append(Article(document.title or paragraphs[0][:90], paragraphs, document.source.date or ""))
    return articles


def teaser(rng: random.Random, index: int) -> str:
    amount = f"{rng.randint(2, 950)} {rng.choice(['000 euros', 'millions d’euros', 'M€', 'millions de dollars'])}"
    return f"{rng.choice(TEASER_SUBJECTS).capitalize()} {rng.choice(TEASER_VERBS)} {amount} (n°{index})"


def html_page(article: Article, index: int, rng: random.Random, target_kb: int) -> str:
    menu = "".join(f'<li class="menu-item"><a href="/{s.lower()}/{j}">{s} {j}</a></li>'
                   for s in rng.sample(SECTIONS, len(SECTIONS)) for j in range(rng.randint(2, 6)))
    related = "".join(f'<li><a href="/article/{index}-{j}">{teaser(rng, index * 100 + j)}</a></li>' for j in range(8))
    body = []
    for position, paragraph in enumerate(article.paragraphs):
        body.append(f"<p>{paragraph}</p>")
        if position == 1:
            body.append(f'<p><strong>À lire aussi :</strong> <a href="/x/{index}">{teaser(rng, index)}</a></p>')
    comments = "".join(f'<div class="comment"><span class="author">Lecteur{rng.randint(1, 999)}</span>'
                       f"<p>Commentaire numéro {j} sur l’article {index}, merci pour l’info.</p></div>"
                       for j in range(rng.randint(2, 8)))
    head = (f"<title>{article.title} | Le Quotidien {index % 37}</title>"
            f'<meta property="og:site_name" content="Le Quotidien {index % 37}">'
            f'<meta property="article:published_time" content="{article.date or "2023-05-04"}">'
            f'<script type="application/ld+json">{json.dumps({"@type": "NewsArticle", "headline": article.title})}'
            "</script>")
    page = (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">{head}<style>{_style(rng)}</style></head>'
            f'<body><div id="cookie-banner">Nous utilisons des cookies pour améliorer votre expérience. '
            f"<button>Tout accepter</button><button>Tout refuser</button></div>"
            f'<header><nav class="main-nav"><ul>{menu}</ul></nav></header>'
            f'<main><article><h1>{article.title}</h1><p class="byline">Par la rédaction, publié le '
            f"{article.date or '4 mai 2023'}</p>{''.join(body)}"
            f'<div class="share">Partager sur Facebook Partager sur X Copier le lien</div></article>'
            f'<aside class="related"><h2>Sur le même sujet</h2><ul>{related}</ul></aside>'
            f'<section class="comments"><h2>Commentaires</h2>{comments}'
            f"<form><label>Votre commentaire</label><textarea></textarea><button>Publier</button></form>"
            f"</section></main><footer>© 2024 Le Quotidien {index % 37} - Tous droits réservés "
            f"<a href=\"/mentions\">Mentions légales</a></footer>")
    # the rest of a real page: teaser-card grids, more menus and link farms (DOM the extractor must walk
    # through), and a serialized app state, as modern news sites ship it
    state = json.dumps({"page": index, "items": [teaser(rng, index * 1000 + j) for j in range(40)]})
    padding = [f'<script id="__STATE__" type="application/json">{state}</script>']
    section = 0
    while len(page) + sum(map(len, padding)) < target_kb * 1024:
        section += 1
        padding.append(_card_grid(rng, index, section) if section % 3 == 1 else f"<script>{_script(rng)}</script>")
    return page.replace("</footer>", "</footer>" + "".join(padding)) + "</body></html>"


def _script(rng: random.Random) -> str:
    """About 5 KB of bundled JavaScript."""
    return "".join(f"var v{rng.randint(0, 10**6)}=function(a,b){{return a*{rng.randint(1, 99)}+b}};"
                   for _ in range(120))


def _card_grid(rng: random.Random, index: int, section: int) -> str:
    """A block of teaser cards ("Les plus lus", "Nos services") with nested markup, about 5 KB."""
    name = rng.choice(SECTIONS)
    cards = []
    for j in range(8):
        ident = index * 10_000 + section * 10 + j
        cards.append(
            f'<div class="card card--{name.lower()}"><a class="card__link" href="/{name.lower()}/{ident}">'
            f'<figure class="card__media"><img src="/img/{ident}.jpg" alt="" loading="lazy" width="320" height="180">'
            f'</figure><div class="card__body"><span class="card__tag">{name}</span>'
            f'<h3 class="card__title">{teaser(rng, ident)}</h3>'
            f'<p class="card__excerpt">{rng.choice(SECTIONS)} : ce qu’il faut retenir, '
            f'en {rng.randint(2, 9)} points.</p>'
            f'<time datetime="2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}">il y a {rng.randint(1, 23)} h</time>'
            f"</div></a></div>")
    links = "".join(f'<li><a href="/tag/{rng.randint(0, 999)}">{rng.choice(SECTIONS)} {rng.randint(1, 99)}</a></li>'
                    for _ in range(12))
    return (f'<section class="rail rail--{section}"><div class="rail__head"><h2>{name} : les plus lus</h2></div>'
            f'<div class="rail__grid">{"".join(cards)}</div><ul class="rail__tags">{links}</ul></section>')


def text_page(article: Article, index: int, rng: random.Random, target_kb: int) -> str:
    """A text dump of about ``target_kb`` KiB (never more): menus, the article, share lines, teasers."""
    head = ["Menu", f"Le Quotidien {index % 41}", "Navigation :"]
    head += [f"  • {s}" for s in rng.sample(SECTIONS, rng.randint(5, 10))]
    byline = f"Par la rédaction, publié le {article.date or '4 mai 2023'} (édition {index})"
    head += ["", article.title, "", byline, ""]
    tail = ["Partager sur Twitter", "Partager sur Facebook", "", "Dernières nouvelles", ""]
    tail += [f"{teaser(rng, index * 10 + j)}\n" for j in range(4)]
    tail += ["Laisser un commentaire", "Votre adresse e-mail ne sera pas publiée.",
             f"© 2024 - Tous droits réservés (page {index})"]
    budget = target_kb * 1024 - _size(head + tail) - 2
    body: list[str] = []
    paragraphs = list(article.paragraphs)
    while len(body) < 60:
        paragraph = paragraphs[len(body)] if len(body) < len(paragraphs) else rng.choice(paragraphs)
        room = budget - _size(body)
        if _size([paragraph, ""]) > room:
            if not body:  # the first paragraph alone is too long: cut it at a sentence end
                body = [_cut(paragraph, room - 2), ""]
            break
        body += [paragraph, ""]
    return "\n".join(head + body + tail)


def _size(lines: list[str]) -> int:
    """UTF-8 bytes of ``lines`` joined by newlines."""
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


def _cut(paragraph: str, limit: int) -> str:
    cut = paragraph.encode("utf-8")[:max(limit, 0)].decode("utf-8", "ignore")
    end = cut.rfind(". ")
    return cut[: end + 1] if end > 0 else cut


def _style(rng: random.Random) -> str:
    return "".join(f".c{rng.randint(0, 99999)}{{margin:{rng.randint(0, 40)}px;color:#{rng.randint(0, 0xFFFFFF):06x}}}"
                   for _ in range(60))


def generate(directory: Path, pages: int, seed: int = 7) -> Path:
    """Write ``pages`` pages (half HTML 50-200 KB, half text dumps 2-8 KB) into ``directory``."""
    articles = load_articles()
    rng = random.Random(seed)
    (directory / "html").mkdir(parents=True, exist_ok=True)
    (directory / "text").mkdir(parents=True, exist_ok=True)
    for index in range(pages):
        article = articles[index % len(articles)]
        if index % 2 == 0:
            page = html_page(article, index, rng, rng.randint(50, 190))
            (directory / "html" / f"p{index:06d}.html").write_text(page, encoding="utf-8")
        else:
            page = text_page(article, index, rng, rng.randint(3, 8))
            (directory / "text" / f"p{index:06d}.txt").write_text(page, encoding="utf-8")
    return directory


# -- measurements (each in its own process) -----------------------------------------------------------
def measure(mode: str, corpus: Path, workers: int, out: Path) -> dict[str, float]:
    from pipeline.boilerplate import clean_document
    from pipeline.errors import ErrorRow, PipelineError
    from pipeline.readers import iter_documents
    from pipeline.settings import load_options

    options = load_options()
    load = 0.0
    if mode == "e2e":
        from pipeline.engine.local import run_local
        from pipeline.sinks.base import open_sink

        started = time.perf_counter()
        summary = run_local([corpus], [open_sink(f"jsonl:{out}", out)], out, options, workers=workers, force=True,
                            progress=False)
        elapsed, load, pages = time.perf_counter() - started, summary.load_seconds, summary.read
    else:
        nlp = None
        started = time.perf_counter()
        if mode in ("tokenizer", "naive"):
            import spacy

            nlp = spacy.load(options.nlp.model)
        load = time.perf_counter() - started
        pages = 0
        for item in iter_documents([corpus], options.limits):
            pages += 1
            if isinstance(item, ErrorRow):
                continue
            try:
                text = clean_document(item, options).text
            except PipelineError:
                continue
            if mode == "tokenizer":
                nlp.tokenizer(text)
            elif mode == "naive":
                nlp(text)
        elapsed = time.perf_counter() - started
    rss = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return {"pages": pages, "seconds": round(elapsed, 2), "load_seconds": round(load, 2),
            "pages_s": round(pages / max(elapsed - load, 1e-9), 2), "peak_rss_mb": round(rss / 1024, 1)}


def _subprocess(mode: str, corpus: Path, workers: int, out: Path) -> dict[str, float]:
    command = [sys.executable, "-m", "pipeline.bench", "--measure", mode, "--corpus", str(corpus),
               "--workers", str(workers), "--out", str(out)]
    log.info("measuring %s (%d worker(s)) on %s", mode, workers, corpus)
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_dask(corpus: Path, out: Path, workers: int = 2) -> dict[str, float]:
    """``dask_2w``: the whole pipeline (``run_dask``: survey, admission, NLP, extraction, JSONL part files
    appended by the client) on a LocalCluster of ``workers`` processes with one thread each.

    ``pages_s`` excludes the cluster start-up (``cluster_start_seconds``) and the spaCy loads on the
    workers (``load_seconds``), like the local figures; ``peak_rss_mb`` is the largest worker's.
    """
    from distributed import Client, LocalCluster

    from pipeline.engine.distributed import run_dask
    from pipeline.settings import load_options

    log.info("measuring dask (LocalCluster, %d workers) on %s", workers, corpus)
    started = time.perf_counter()
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    start = time.perf_counter() - started
    try:
        summary = run_dask([corpus], [f"jsonl:{out}"], out, load_options(), client=client, force=True,
                           progress=False)
        rss = max(client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss).values())
    finally:
        client.close()
        cluster.close()
    work = summary.seconds - summary.load_seconds
    return {"pages": summary.read, "seconds": round(summary.seconds, 2), "load_seconds": round(summary.load_seconds, 2),
            "cluster_start_seconds": round(start, 2), "pages_s": round(summary.read / max(work, 1e-9), 2),
            "peak_rss_mb": round(rss / 1024, 1)}


INCIDENT_ROUNDS = 3
SECTORS = ("Assurances", "Télécom", "Santé", "Mobilité", "Énergie")


def incident_records(count: int, seed: int = 11) -> list[dict[str, object]]:
    """``count`` records about ``count // 4`` organisations (a few articles each, two incidents for some,
    spellings varied), as `run` writes them (the fields the grouping reads)."""
    rng = random.Random(seed)
    syllables = ("val", "mor", "tel", "ka", "ri", "zo", "nor", "del", "bra", "lu", "mi", "sa", "ver", "dy")
    records = []
    for index in range(count):
        org = index // 4
        # one distinctive word per organisation (its number written in syllables) and a sector word that
        # many share, as real names do ("Valmorka Assurances"): blocks stay small at every size
        word = "".join(syllables[(org // len(syllables) ** k) % len(syllables)] for k in range(4)).capitalize()
        name = f"{word} {SECTORS[org % len(SECTORS)]}"
        year = 2018 + (org % 5) + (2 if index % 8 == 7 else 0)  # one organisation in two has a second incident
        spelled = rng.choice((name, f"{name} SA", f"groupe {name}", name.upper()))
        records.append({"doc_id": f"r{index:06d}", "is_incident": True, "company": spelled, "companies": [spelled],
                        "date": f"{year}-{rng.randint(6, 12):02d}-01",
                        "incident_date": f"{year}-{rng.randint(1, 5):02d}",
                        "victim_count": {"value": rng.choice((1200, 1250, 30000)), "unit": "customers"},
                        "data_types": rng.sample(["name", "email", "phone", "financial"], 2), "cause": ["cyberattack"],
                        "penalties": [], "source": {"url": f"https://example.org/{index}"},
                        "text": f"{spelled} a subi une fuite de données."})
    return records


def measure_incidents(counts: tuple[int, ...] = (1000, 10000)) -> dict[str, float]:
    """Records grouped per second (in this process), for each size: the step is linear when they agree."""
    from pipeline.incidents.grouping import group
    from pipeline.incidents.store import incident_json, members_of

    found: dict[str, float] = {}
    group(members_of(incident_records(200, seed=1)))  # warm-up: lexicons loaded, caches filled
    corpora = {count: incident_records(count) for count in counts}
    best = dict.fromkeys(counts, float("inf"))
    for _ in range(INCIDENT_ROUNDS):  # interleaved rounds, the best of each size: the machine is shared
        for count, records in corpora.items():
            started = time.perf_counter()
            incidents, _ = group(members_of(records))
            lines = [incident_json(i) for i in incidents]
            best[count] = min(best[count], time.perf_counter() - started)
            found[f"incidents_{count}_incidents"] = len(lines)
    for count in counts:
        found[f"incidents_{count}_records_s"] = round(count / best[count], 1)
    return found


def run_bench(work: Path, pages: int, big_pages: int, rounds: int = 2) -> dict[str, object]:
    corpus = generate(work / f"corpus-{pages}", pages)
    results: dict[str, object] = {"pages": pages, "rounds": rounds}
    runs: dict[str, list[dict[str, float]]] = {}
    for _ in range(rounds):
        for key, mode, workers in (("boilerplate", "boilerplate", 1), ("tokenizer", "tokenizer", 1),
                                   ("naive", "naive", 1), ("e2e_1w", "e2e", 1), ("e2e_2w", "e2e", 2)):
            runs.setdefault(key, []).append(_subprocess(mode, corpus, workers, work / f"out-{key}"))
        runs.setdefault("dask_2w", []).append(measure_dask(corpus, work / "out-dask_2w"))
    details: dict[str, object] = {key: max(found, key=lambda r: r["pages_s"]) for key, found in runs.items()}
    for key in runs:
        results[f"{key}_pages_s"] = details[key]["pages_s"]
    results["dask_2w_start_s"] = details["dask_2w"]["cluster_start_seconds"]
    # memory is not a rate: the largest of every round, not the best
    results["peak_rss_mb"] = max(r["peak_rss_mb"] for key in ("e2e_1w", "e2e_2w", "dask_2w") for r in runs[key])
    results["rss_1k_mb"] = max(r["peak_rss_mb"] for r in runs["e2e_1w"])
    if big_pages:
        big = generate(work / f"corpus-{big_pages}", big_pages)
        details["e2e_big"] = _subprocess("e2e", big, 1, work / "out-big")
        results["rss_10k_mb"] = details["e2e_big"]["peak_rss_mb"]
        results["big_pages"] = big_pages
    results["ratios"] = {
        "e2e_1w_over_naive": round(results["e2e_1w_pages_s"] / results["naive_pages_s"], 2),
        "e2e_1w_over_boilerplate": round(results["e2e_1w_pages_s"] / results["boilerplate_pages_s"], 2),
        "e2e_2w_over_e2e_1w": round(results["e2e_2w_pages_s"] / results["e2e_1w_pages_s"], 2),
    }
    if big_pages:
        results["ratios"]["rss_10k_over_rss_1k"] = round(results["rss_10k_mb"] / results["rss_1k_mb"], 3)
    incidents = measure_incidents()
    results["incidents_records_s"] = incidents["incidents_10000_records_s"]
    results["ratios"]["incidents_10k_over_1k_per_record"] = round(
        incidents["incidents_10000_records_s"] / incidents["incidents_1000_records_s"], 2)
    details["incidents"] = incidents
    details["rounds"] = runs
    results["details"] = details
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--big-pages", type=int, default=10000, help="pages of the memory run (0: skip)")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds of the 1,000-page measurements; "
                        "each rate is the best of its rounds")
    parser.add_argument("--work", type=Path, default=ROOT / "extracted" / "bench-work")
    parser.add_argument("--output", type=Path, default=ROOT / "extracted" / "bench.json")
    parser.add_argument("--measure", choices=("boilerplate", "tokenizer", "naive", "e2e"), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    for noisy in ("trafilatura", "htmldate", "pipeline.engine", "pipeline.process"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if args.measure:
        print(json.dumps(measure(args.measure, args.corpus, args.workers, args.out)))
        return 0
    results = run_bench(args.work, args.pages, args.big_pages, args.rounds)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in results.items() if k != "details"}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
