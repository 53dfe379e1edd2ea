"""
The order in which ``seed_kouvola`` loads every app's data files: each domain app loads its own
(``<app>/seed.py`` reading ``<app>/data/*.yaml``), the site layer its page texts
(``portal/data/page_sections.yaml``: home page, accessibility statement, privacy notice).
Everything goes through the one loader, ``kouvola_alue.dataload``.
"""

from pathlib import Path

from bookings import seed as bookings_seed
from committees import seed as committees_seed
from committees.seed_invitations import seed_demo_invitations
from committees.seed_meetings import seed_demo_meetings
from kouvola_alue import cachescopes, dataload
from projects import seed as projects_seed
from recruitment import seed as recruitment_seed

PAGE_SECTIONS = Path(__file__).resolve().parent / "data" / "page_sections.yaml"


def seed_page_sections():
    return dataload.load(PAGE_SECTIONS)


def seed_facts():
    """
    The city's facts: committees and terms first, since campaigns name them. Returns the
    counts of rows created; rows that exist are kept as staff left them.
    """
    counts = dataload.add_counts(
        committees_seed.seed_facts(),
        seed_page_sections(),
        projects_seed.seed_facts(),
        recruitment_seed.seed_facts(),
    )
    # Loaded in every scope at once: every cached page is forgotten (kouvola_alue/cachescopes).
    cachescopes.forget_everything()
    return counts


def seed_demo():
    """The fictional demo content, as (heading, counts) pairs for the command's report."""
    loaded = [
        (
            "Demo content",
            dataload.add_counts(
                committees_seed.seed_demo(),
                projects_seed.seed_demo_ideas(),
                recruitment_seed.seed_demo(),
            ),
        ),
        (
            "Demo meetings",
            dataload.add_counts(seed_demo_meetings(), projects_seed.seed_demo_idea_handlings()),
        ),
        ("Demo invitations", seed_demo_invitations()),
        ("Demo bookings", bookings_seed.seed_demo()),
    ]
    cachescopes.forget_everything()
    return loaded
