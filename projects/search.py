"""
Published project ideas and the goals in the site search (/haku/): registered from
``ProjectsConfig.ready``.

Descriptions are stored as sanitised HTML; the search reads them as plain text so that tag
names are never matched and the snippet shows words, not markup.
"""

import html

from django.db import connection
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Replace
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from kouvola_alue.registry import SearchSource
from projects.models import Goal, ProjectIdea

# The entities nh3 writes into text; &amp; last, so "&amp;lt;" stays "&lt;".
ENTITIES = [("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'"), ("&amp;", "&")]


class StripTags(Func):
    """PostgreSQL: the text with each HTML tag replaced by a space."""

    function = "regexp_replace"
    template = "%(function)s(%(expressions)s, '<[^>]*>', ' ', 'g')"
    output_field = TextField()


def _plain_text_sql(path):
    expression = StripTags(F(path))
    for entity, character in ENTITIES:
        expression = Replace(expression, Value(entity), Value(character), output_field=TextField())
    return expression


def _plain_text(value):
    return html.unescape(strip_tags(value or ""))


def searchable_ideas():
    """
    The published ideas with ``description_text`` and ``description_en_text`` as plain text.
    Only published ideas: pending and rejected proposals are never found.
    """
    ideas = ProjectIdea.objects.published()
    if connection.vendor == "postgresql":
        return ideas.annotate(
            description_text=_plain_text_sql("description"),
            description_en_text=_plain_text_sql("description_en"),
        )
    # Elsewhere the search reads the objects in Python (portal.search).
    ideas = list(ideas)
    for idea in ideas:
        idea.description_text = _plain_text(idea.description)
        idea.description_en_text = _plain_text(idea.description_en)
    return ideas


IDEA_SOURCE = SearchSource(
    kind="idea",
    label=_("Project idea"),
    label_plural=_("Project ideas"),
    order=20,
    queryset=searchable_ideas,
    # The English texts too, as for the committees, so the English UI finds something.
    fields={
        "title": "A",
        "title_en": "A",
        "summary": "B",
        "summary_en": "B",
        "description_text": "C",
        "description_en_text": "C",
    },
    translations={
        "title": "title_en",
        "summary": "summary_en",
        "description_text": "description_en_text",
    },
    title=lambda idea: idea.display_title,
    title_field="title",
    url=lambda idea: idea.get_absolute_url(),
    stored_vector=True,
)

GOAL_SOURCE = SearchSource(
    kind="goal",
    label=_("Goal of area activity"),
    label_plural=_("Goals of area activity"),
    order=50,
    queryset=lambda: Goal.objects.all(),
    fields={"title": "A", "title_en": "A", "description": "C", "description_en": "C"},
    translations={"title": "title_en", "description": "description_en"},
    title=lambda g: g.display_title,
    title_field="title",
    url=lambda g: g.get_absolute_url(),
    is_demo=lambda g: False,
    stored_vector=True,
)

SOURCES = [IDEA_SOURCE, GOAL_SOURCE]
