"""The committees app's models, one module per entity."""

from committees.models.committees import Committee
from committees.models.invitations import Invitation
from committees.models.meetings import (
    AgendaItem,
    AgendaItemAttachment,
    Attendance,
    CommunitySpace,
    Meeting,
    OtherAttendee,
    agenda_attachment_path,
    meeting_document_path,
)
from committees.models.memberships import Membership, Person
from committees.models.terms import Term

__all__ = [
    "AgendaItem",
    "AgendaItemAttachment",
    "Attendance",
    "Committee",
    "CommunitySpace",
    "Invitation",
    "Meeting",
    "Membership",
    "OtherAttendee",
    "Person",
    "Term",
    "agenda_attachment_path",
    "meeting_document_path",
]
