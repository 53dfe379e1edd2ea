"""make bench judges docs/BUDGETS.md: the judging itself, on made-up measurements (no load)."""

from devtools.management.commands.bench import URLS, Command, Row, Run, Trickle


def rows(share=0.5, p99=20.0, queries=3):
    made = [Row("/healthz", "health", rps=[1000.0], shares=[1.0], p99=[5.0])]
    for path, kind in URLS:
        made.append(Row(path, kind, shares=[share], p99=[p99], queries=queries, bytes=40_000))
    return made


def trickle(share=0.6, p99=10.0, rendered=0):
    return Trickle(
        100,
        [Row("/", "html", shares=[share], p99=[p99])],
        light_requests=100,
        light_rendered=rendered,
    )


def judged(runs, trickles=()):
    return Command().check_budgets(runs, list(trickles))


def test_every_budget_holds():
    runs = [Run(1, "off", rows(), 1.0), Run(100, "off", rows(), 1.0)]
    assert judged(runs, [trickle()]) == []


def test_a_slow_page_with_every_cache_off_breaks_the_budget():
    slow = rows()
    page = next(row for row in slow if row.path == "/")
    page.shares, page.p99 = [0.08], [300.0]
    failures = judged([Run(1, "off", rows(), 1.0), Run(100, "off", slow, 1.0)])
    assert failures == [
        "/ (×100, caches off): 0.08 of /healthz, under 0.1",
        "/ (×100, caches off): p99 300 ms, over 250 ms",
    ]


def test_search_and_downloads_have_budgets_of_their_own():
    measured = rows(share=0.06, p99=350.0)
    failures = judged([Run(100, "off", measured, 1.0)])
    # Search may be at 0.05 and 400 ms, files at 500 ms; HTML pages may not.
    assert not [f for f in failures if f.startswith(("/haku/", "/avoin-data/", "/sitemap"))]
    assert "/ (×100, caches off): 0.06 of /healthz, under 0.1" in failures


def test_more_queries_at_a_larger_size_is_a_query_per_row():
    large = rows()
    next(row for row in large if row.path == "/").queries = 4
    failures = judged([Run(1, "off", rows(), 1.0), Run(100, "off", large, 1.0)])
    assert failures == ["/ (×100, caches off): 4 queries, but 3 at ×1"]


def test_the_write_trickle_and_the_light_load_are_judged():
    runs = [Run(100, "off", rows(), 1.0)]
    failures = judged(runs, [trickle(share=0.3, p99=60.0, rendered=6)])
    assert failures == [
        "/ (×100, default caches, write trickle): 0.30 of /healthz, under 0.45",
        "/ (×100, default caches, write trickle): p99 60 ms, over 40 ms",
        "light load over many addresses (×100, write trickle): 6% of requests rendered again, "
        "over 5%",
    ]


def test_at_a_thousand_times_every_address_answers_within_a_second():
    slow = rows(p99=1200.0)
    failures = judged([Run(100, "off", rows(), 1.0), Run(1000, "off", slow, 1.0)])
    assert len(failures) == len(URLS)
    assert all("(×1000, caches off): p99 1200 ms, over 1000 ms" in f for f in failures)


def test_without_the_caches_off_there_is_nothing_to_judge_against():
    assert judged([Run(100, "both", rows(), 1.0)]) == [
        "the budgets are for every cache off: measure with --caches off"
    ]
