"""make bench judges docs/BUDGETS.md: the judging itself, on made-up measurements (no load)."""

from devtools.management.commands.bench import (
    EXPIRED,
    FAILED,
    FIRST,
    KEPT,
    RENDERED,
    URLS,
    Command,
    Ledger,
    Row,
    Run,
    Trickle,
)


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


# --- The light load's ledger: what counts as rendered again ------------------------------------


def ledger(**kept):
    made = Ledger({"/": 0, "/hankkeet/": 0, **kept}, page_seconds=60, period=300, clocked=["/"])
    made.stored("/", 1000.0)
    made.stored("/hankkeet/", 1000.0)
    return made


def test_an_answer_with_the_queries_of_a_kept_page_is_kept():
    assert ledger().outcome("/", 0, 1010.0, 1010.1) == KEPT


def test_a_render_within_the_page_lifetime_was_caused_by_a_write():
    assert ledger().outcome("/hankkeet/", 6, 1030.0, 1030.1) == RENDERED


def test_a_render_after_the_page_lifetime_expired_by_itself():
    # Stored at 1000, asked for at 1060: the page cache's 60 s are over, no write needed.
    assert ledger().outcome("/hankkeet/", 6, 1060.0, 1060.1) == EXPIRED


def test_a_new_clock_period_expires_only_the_pages_that_move_with_the_clock():
    made = ledger()
    made.stored("/", 1195.0)
    made.stored("/hankkeet/", 1195.0)
    # 1200 begins a 300 s period; the home page's key has the period, the ideas list's not.
    assert made.outcome("/", 11, 1201.0, 1201.1) == EXPIRED
    assert made.outcome("/hankkeet/", 6, 1201.0, 1201.1) == RENDERED


def test_the_lifetime_counts_from_the_last_render():
    made = ledger()
    assert made.outcome("/hankkeet/", 6, 1030.0, 1030.5) == RENDERED
    # Rendered and stored again at 1030.5: at 1070 the page is 39.5 s old.
    assert made.outcome("/hankkeet/", 6, 1070.0, 1070.1) == RENDERED
    assert made.outcome("/hankkeet/", 0, 1071.0, 1071.1) == KEPT


def test_a_first_visit_and_a_failure_are_told_apart_from_renders():
    made = ledger()
    assert made.outcome("/kokoukset/", 5, 1010.0, 1010.1) == FIRST
    assert made.outcome("/", None, 1010.0, 1010.1) == FAILED


def test_a_page_the_page_cache_does_not_keep_counts_by_its_own_queries():
    # Kept at 3 queries (fragments only): 3 is kept, more is a render.
    made = ledger(**{"/jasenhaku/": 3})
    made.stored("/jasenhaku/", 1000.0)
    assert made.outcome("/jasenhaku/", 3, 1010.0, 1010.1) == KEPT
    assert made.outcome("/jasenhaku/", 7, 1011.0, 1011.1) == RENDERED


def test_only_renders_caused_by_writes_are_judged_and_all_outcomes_reported():
    light = trickle(rendered=4)
    light.light_outcomes = {KEPT: 80, EXPIRED: 16, RENDERED: 4}
    light.warm_addresses, light.warm_latencies = 39, [30.0] * 39
    light.light_latencies = [2.0] * 100
    light.light_by_kind = {"idea pages": [50, 4], "other pages": [50, 0]}
    assert judged([Run(100, "off", rows(), 1.0)], [light]) == []
    text = Command().trickle_table(light)
    assert "**4% rendered again** because a write forgot what they show" in text
    assert "80 kept, 16 expired, 4 rendered again" in text
    assert "Warm-up, before the trickle: 39 addresses read from an empty page cache" in text


def test_the_table_shows_one_request_alone_beside_p99_under_load():
    # The ×100 calendar once read as "3 s at p99" with no hint that one request took 200 ms:
    # 16 connections queue on 2 workers. The table puts both side by side.
    measured = rows(p99=2900.0)
    for row in measured:
        row.alone = 180.0
    text = Command().table([Run(100, "off", measured, 1.0)])
    assert "| URL | off: share | off: p99 ms | off: alone ms | queries |" in text
    assert "| `/kokoukset/kalenteri.ics` | 0.50 | 2900 | 180 | 3 | 40 000 |" in text


def test_a_p99_as_long_as_half_a_sample_is_marked_cut_short():
    # wrk counts only the answers that arrive before it stops: a queue that needs longer than
    # the sample shows a p99 near the sample's length, whatever the real wait.
    command = Command()
    command.options = {"seconds": 3}
    measured = rows(p99=120.0)
    calendar = next(row for row in measured if row.path == "/kokoukset/kalenteri.ics")
    calendar.p99, calendar.alone = [2280.0], 1045.0
    text = command.table([Run(100, "off", measured, 1.0)])
    assert "| `/kokoukset/kalenteri.ics` | 0.50 | 2280+ | 1045 |" in text
    assert "| `/` | 0.50 | 120 |" in text


def test_the_pages_keyed_on_the_clock_are_found_from_their_views():
    from devtools.management.commands.bench import _moves_with_the_clock

    # Home and committee pages show "upcoming" and "open" (clock=True); idea pages do not.
    assert _moves_with_the_clock("/")
    assert _moves_with_the_clock("/en/aluetoimikunnat/keskusta/")
    assert not _moves_with_the_clock("/hankkeet/?alue=valkeala")
    assert not _moves_with_the_clock("/hankkeet/keskustan-penkit/")
    assert not _moves_with_the_clock("/no-such-address/")
