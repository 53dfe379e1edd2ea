"""The site search's page, /haku/?q=…&tyyppi=…&sivu=…"""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from kouvola_alue.abuse import search_limited
from portal.search import chosen_kind, clean_query, page_number, search


@require_safe
@search_limited
def search_view(request):
    query = clean_query(request.GET.get("q", ""))
    raw_kind = request.GET.get("tyyppi", "")
    kind = chosen_kind(raw_kind) or ""
    raw_page = request.GET.get("sivu")
    page = page_number(raw_page)
    found = search(query, page, kind)
    return render(
        request,
        "portal/search.html",
        {
            "query": query,
            "searched": "q" in request.GET,
            "results": found.results,
            "result_page": found,
            "unknown_kind": bool(raw_kind) and not kind,
            # The pages' links keep the kind chosen, and drop one that is none.
            "kind_param": kind or None,
            # A page asked for that is no page: the page shown says which it is instead.
            "page_missing": bool(query.terms)
            and bool(raw_page)
            and (page is None or found.page_missing),
            "demo_content": any(r.is_demo for r in found.results),
        },
    )
