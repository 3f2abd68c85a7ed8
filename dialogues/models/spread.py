"""Spread from a gathering: an initiative started ("vi vil også prøve det") from an
item of a published or held gathering's agenda, so each Ledertræf shows what it set
going. The link lives here, not in portfolio, which knows nothing of gatherings."""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from dialogues.models.gatherings import AgendaItem, Gathering
from dus.history import HistoricalRecords
from portfolio.models import Initiative


class AdoptionQuerySet(models.QuerySet):
    def of_gathering(self, gathering: Gathering) -> "AdoptionQuerySet":
        return (
            self.filter(agenda_item__gathering=gathering)
            .select_related("initiative__unit", "initiative__cluster", "agenda_item")
            .order_by("-created_at", "-pk")  # the newest first
        )


class Adoption(models.Model):
    """An initiative started from an agenda item: the gathering set it going."""

    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        related_name="adoptions",
        verbose_name=_("agenda item"),
    )
    initiative = models.OneToOneField(
        Initiative,
        on_delete=models.CASCADE,
        related_name="adoption",
        verbose_name=_("initiative"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()
    objects = AdoptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("adoption from a gathering")
        verbose_name_plural = _("adoptions from gatherings")

    def __str__(self) -> str:
        return str(self.initiative)

    @classmethod
    def adopt(cls, item: AgendaItem, by, cluster, **fields) -> Initiative:
        """ "Vi vil også prøve det" from an agenda item: the portfolio's adoption of the
        item's initiative (which checks the membership), recorded as set going by the
        item's gathering, in one transaction."""
        original = item.source_initiative
        if original is None or item.gathering.is_planned:
            raise ValueError("Only an initiative on a published agenda can be adopted.")
        with transaction.atomic():
            initiative = original.adopt(by, cluster, **fields)
            cls.objects.create(agenda_item=item, initiative=initiative)
        return initiative
