"""The site layer's own facts: the texts of the home page, accessibility statement and privacy
notice, from ``portal/data/page_sections.yaml``."""

from pathlib import Path

import yaml
from django.db import transaction

from portal.models import PageSection

PAGE_SECTIONS = Path(__file__).resolve().parent / "data" / "page_sections.yaml"


@transaction.atomic
def seed_page_sections(path=PAGE_SECTIONS):
    """
    Create the sections that do not exist yet, numbered in the file's order within each page;
    sections staff have edited (or reordered) are kept as they are.
    """
    pages = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    created = 0
    for page, sections in pages.items():
        PageSection.Page(page)  # a misspelt page name fails loudly
        for position, section in enumerate(sections, start=1):
            fields = {name: value for name, value in section.items() if name != "key"}
            _, was_created = PageSection.objects.get_or_create(
                page=page, key=section["key"], defaults={**fields, "order": position * 10}
            )
            created += was_created
    return {"page sections": created}
