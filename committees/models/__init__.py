"""The committees app's models, one module per entity."""

from committees.models.committees import Committee
from committees.models.meetings import CommunitySpace, Meeting, meeting_document_path
from committees.models.memberships import Membership, Person
from committees.models.terms import Term

__all__ = [
    "Committee",
    "CommunitySpace",
    "Meeting",
    "Membership",
    "Person",
    "Term",
    "meeting_document_path",
]
