import datetime
import html

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from kouvola_alue import fulltext
from kouvola_alue.i18n import localized
from projects.html import SanitizedHTMLField

# Idea addresses that would shadow the app's own pages under /hankkeet/.
RESERVED_SLUGS = frozenset({"ehdota", "tavoitteet"})


def current_year():
    return timezone.localdate().year


class Goal(models.Model):
    """One of the thirteen goals of area activity (aluetoiminnan tavoitteet)."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, help_text=_("The goal's place in the list.")
    )
    slug = models.SlugField(_("address"), unique=True)
    title = models.CharField(
        _("goal"),
        max_length=200,
        help_text=_("Completes the sentence “Aluetoiminnan tavoitteina on lisätä …”."),
    )
    title_en = models.CharField(_("goal in English"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)

    class Meta:
        verbose_name = _("goal of area activity")
        verbose_name_plural = _("goals of area activity")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("projects:goal", kwargs={"slug": self.slug})

    def cache_scopes(self):
        """The cache scopes of the public pages this shows on (kouvola_alue/cachescopes.py)."""
        return ["goals"]

    @property
    def display_title(self):
        return localized(self, "title")


class IdeaStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    PREPARING = "preparing", _("under preparation")
    IN_PROGRESS = "in_progress", _("in progress")
    CARRIED_OUT = "carried_out", _("carried out")
    NOT_PURSUED = "not_pursued", _("not pursued")


class IdeaModeration(models.TextChoices):
    PENDING = "pending", _("pending")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("rejected")


# When an idea is decided – nothing more will happen to it, so its proposer need not be
# reached any more: carried out and published, not pursued, or rejected in moderation.
# The one definition; the proposers' purge and its dry run read it.
DECIDED_BY_STATUS = Q(status=IdeaStatus.NOT_PURSUED) | Q(
    status=IdeaStatus.CARRIED_OUT, moderation=IdeaModeration.PUBLISHED
)
DECIDED_BY_MODERATION = Q(moderation=IdeaModeration.REJECTED)


class ProjectIdeaQuerySet(models.QuerySet):
    def published(self):
        """The ideas the public may see: published by staff. Everything public starts here."""
        return self.filter(moderation=ProjectIdea.Moderation.PUBLISHED)

    def pending(self):
        return self.filter(moderation=ProjectIdea.Moderation.PENDING)

    def in_areas(self, committees):
        """Ideas of any of ``committees`` (slugs or objects): the union, without duplicates."""
        slugs = [getattr(c, "slug", c) for c in committees]
        through = ProjectIdea.committees.through
        return self.filter(
            Exists(through.objects.filter(projectidea=OuterRef("pk"), committee__slug__in=slugs))
        )

    def serving(self, goals):
        slugs = [getattr(g, "slug", g) for g in goals]
        through = ProjectIdea.goals.through
        return self.filter(
            Exists(through.objects.filter(projectidea=OuterRef("pk"), goal__slug__in=slugs))
        )

    def matching(self, text):
        """
        Ideas whose texts hold every word of ``text``, inflected or as the beginning of a
        longer word, as in the site search: on PostgreSQL through the stored full-text vector
        (its GIN index), elsewhere in Python with the same stemmer.
        """
        terms = fulltext.words(text)
        if not terms:
            return self
        if connection.vendor == "postgresql":
            return self.alias(search_document=fulltext.StoredVector()).filter(
                search_document=fulltext.prefix_query(terms)
            )
        rows = self.values_list(
            "pk", "title", "title_en", "summary", "summary_en", "description", "description_en"
        )
        keys = [
            pk
            for pk, *texts in rows
            if fulltext.text_matches(html.unescape(strip_tags(" ".join(texts))), terms)
        ]
        return self.filter(pk__in=keys)

    def latest_first(self):
        return self.order_by("-published_at", "-pk")

    def for_listing(self):
        """What a list of ideas shows: their areas, without a query per idea."""
        return self.prefetch_related("committees")

    def decided_before(self, day):
        """
        Ideas decided before ``day`` (Helsinki): by a status change dated before it (the
        last entry of the history, which is never dated before an earlier one), or rejected
        before it. A rejection from before ``rejected_at`` was kept counts from the idea's
        last save, and an idea without a history from the day it was received.
        """
        last_change = StatusChange.objects.filter(idea=OuterRef("pk")).order_by(
            "-changed_on", "-recorded_at", "-pk"
        )
        midnight = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        return self.annotate(
            _decided_on=Coalesce(
                Subquery(last_change.values("changed_on")[:1]), TruncDate("created_at")
            ),
            _rejected_at=Coalesce("rejected_at", "updated_at"),
        ).filter(
            (DECIDED_BY_STATUS & Q(_decided_on__lt=day))
            | (DECIDED_BY_MODERATION & Q(_rejected_at__lt=midnight))
        )

    def with_proposer_data(self):
        return self.exclude(proposer_name="", proposer_email="")


class ProjectIdea(models.Model):
    """A development project idea of one or more areas, proposed by a resident or staff."""

    Status = IdeaStatus
    Moderation = IdeaModeration

    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    slug = models.SlugField(
        _("address"),
        max_length=100,
        unique=True,
        help_text=_(
            "The end of the idea's web address, e.g. kylakirjasto in /hankkeet/kylakirjasto/."
        ),
    )
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences, shown in lists.")
    )
    summary_en = models.CharField(_("summary in English"), max_length=300, blank=True)
    description = SanitizedHTMLField(
        _("description"),
        blank=True,
        help_text=_(
            "An empty line starts a new paragraph. HTML is allowed for paragraphs (p), line "
            "breaks (br), bold (strong), italics (em), lists (ul, ol, li) and links (a href); "
            "any other markup is removed."
        ),
    )
    description_en = SanitizedHTMLField(_("description in English"), blank=True)
    committees = models.ManyToManyField(
        "committees.Committee",
        related_name="project_ideas",
        verbose_name=_("area committees"),
        help_text=_("The areas the idea is for; an idea may span several areas."),
    )
    goals = models.ManyToManyField(
        Goal, related_name="ideas", blank=True, verbose_name=_("goals of area activity")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PROPOSED,
        help_text=_("Every change is recorded in the status history with its date."),
    )
    agenda_items = models.ManyToManyField(
        "committees.AgendaItem",
        related_name="project_ideas",
        blank=True,
        verbose_name=_("handled in"),
        help_text=_("The meetings' agenda items (§) that handled the idea."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), default=current_year, help_text=_("The year the idea was proposed.")
    )
    moderation = models.CharField(
        _("moderation"),
        max_length=20,
        choices=Moderation.choices,
        default=Moderation.PENDING,
        help_text=_("Only published ideas are shown on the site."),
    )
    moderation_note = models.TextField(
        _("note to the proposer"),
        blank=True,
        help_text=_(
            "Why the idea was not published. Sent to the proposer's e-mail when the idea is "
            "rejected; never shown on the site."
        ),
    )
    proposer_name = models.CharField(
        _("proposer's name"), max_length=200, blank=True, help_text=_("Only staff see this.")
    )
    proposer_email = models.EmailField(
        _("proposer's e-mail"), blank=True, help_text=_("Only staff see this.")
    )
    notify_proposer = models.BooleanField(
        _("proposer wants news by e-mail"),
        default=False,
        help_text=_(
            "The proposer asked on the form to be e-mailed when the idea is published and when "
            "its status changes. Untick it if they ask to be left out."
        ),
    )
    proposer_language = models.CharField(
        _("proposer's language"),
        max_length=5,
        default="fi",
        editable=False,
        help_text=_("The language the proposer used; e-mails to them are sent in it."),
    )
    rejected_at = models.DateTimeField(
        _("time of rejection"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the idea was last rejected in moderation."),
    )
    is_demo = models.BooleanField(
        _("demo content"), default=False, help_text=_("A fictional idea for trying the portal out.")
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProjectIdeaQuerySet.as_manager()

    class Meta:
        verbose_name = _("project idea")
        verbose_name_plural = _("project ideas")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=IdeaStatus.values),
                name="projectidea_status_known",
            ),
            models.CheckConstraint(
                condition=Q(moderation__in=IdeaModeration.values),
                name="projectidea_moderation_known",
            ),
            models.CheckConstraint(
                condition=~Q(moderation="published") | Q(published_at__isnull=False),
                name="projectidea_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2100),
                name="projectidea_year_plausible",
            ),
        ]
        indexes = [
            models.Index(fields=["moderation", "-published_at"]),
            # The list's four facet counts read the published ideas' ids, statuses and years
            # from this index alone, not every row's texts and search vector (1,076 → 76
            # buffers at ×100, docs/BENCHMARKS.md).
            models.Index(
                fields=["id", "status", "year"],
                condition=Q(moderation="published"),
                name="idea_published_facets",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"slug": self.slug})

    def cache_scopes(self):
        """The cache scopes of the public pages this shows on (kouvola_alue/cachescopes.py)."""
        slugs = self.committees.values_list("slug", flat=True)
        return ["ideas", f"idea:{self.slug}", *(f"committee:{slug}" for slug in slugs)]

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is reserved for the site's own pages.")})

    @property
    def display_title(self):
        return localized(self, "title")

    @property
    def display_summary(self):
        return localized(self, "summary")

    @property
    def display_description(self):
        return localized(self, "description")

    @property
    def is_published(self):
        return self.moderation == self.Moderation.PUBLISHED

    def handled_items(self):
        """The items (§) of published meetings that handled the idea, earliest first."""
        return (
            self.agenda_items.filter(meeting__is_published=True)
            .select_related("meeting__committee")
            .order_by("meeting__starts_at", "number")
        )

    def history(self):
        """The status history with the items its changes cite, in one query."""
        return self.status_changes.select_related("agenda_item__meeting__committee")


class StatusChange(models.Model):
    """One dated entry of an idea's status history, written by ``idea_change_status``."""

    idea = models.ForeignKey(
        ProjectIdea,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("project idea"),
    )
    status = models.CharField(_("status"), max_length=20, choices=ProjectIdea.Status.choices)
    changed_on = models.DateField(_("date"), default=timezone.localdate)
    note = models.CharField(
        _("note"), max_length=300, blank=True, help_text=_("Shown on the idea's page.")
    )
    note_en = models.CharField(_("note in English"), max_length=300, blank=True)
    agenda_item = models.ForeignKey(
        "committees.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="idea_status_changes",
        verbose_name=_("decided in"),
        help_text=_("The agenda item (§) whose decision made this change, if one."),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        ordering = ["changed_on", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=IdeaStatus.values),
                name="statuschange_status_known",
            )
        ]

    def __str__(self):
        return f"{self.get_status_display()} ({self.changed_on})"


class ProposerMessage(models.Model):
    """
    One e-mail to an idea's proposer, recorded when what it tells happens and marked when
    it has gone, so that a repeated save, a repeated task or a restarted worker never sends
    the same news twice. It holds no personal data: the address is read from the idea when
    the mail is sent.
    """

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("receipt")
        PUBLISHED = "published", _("publication")
        STATUS = "status", _("status change")
        REJECTED = "rejected", _("rejection")

    idea = models.ForeignKey(
        ProjectIdea,
        on_delete=models.CASCADE,
        related_name="proposer_messages",
        verbose_name=_("project idea"),
    )
    kind = models.CharField(_("kind of message"), max_length=20, choices=Kind.choices)
    status_change = models.OneToOneField(
        StatusChange,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="proposer_message",
        verbose_name=_("status change"),
    )
    queued_at = models.DateTimeField(_("queued"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("message to the proposer")
        verbose_name_plural = _("messages to the proposer")
        ordering = ["queued_at", "pk"]
        constraints = [
            # A receipt, a publication and a rejection are told once per idea; a status
            # change once per entry of the history (its one-to-one field).
            models.UniqueConstraint(
                fields=["idea", "kind"],
                condition=~Q(kind="status"),
                name="proposermessage_once_per_idea",
            ),
            models.CheckConstraint(
                condition=Q(kind="status", status_change__isnull=False)
                | (~Q(kind="status") & Q(status_change__isnull=True)),
                name="proposermessage_status_has_its_change",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.idea_id})"

    @property
    def is_still_wanted(self):
        """
        Whether the mail should still go when the worker comes to it: the proposer's address
        may have been purged, their wish for news withdrawn, or the idea taken off the site
        meanwhile. A receipt and a rejection are answers to the proposal and go regardless
        of the wish for news.
        """
        idea = self.idea
        if not idea.proposer_email:
            return False
        if self.kind == self.Kind.REJECTED:
            return bool(idea.moderation_note) and idea.moderation == IdeaModeration.REJECTED
        if self.kind in (self.Kind.PUBLISHED, self.Kind.STATUS):
            return idea.notify_proposer and idea.is_published
        return True
