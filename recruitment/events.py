"""
Recruitment's public happenings, which residents may follow (``kouvola_alue.events``). A
campaign opens on a date, not by a clerk's action: ``following``'s daily command records each
opening (``campaign_opened.happening(…)``) instead of a service announcing it.
"""

from kouvola_alue.events import PublicEvent

RECRUITMENT = "recruitment"

campaign_opened = PublicEvent("campaign_opened", topic=RECRUITMENT)
