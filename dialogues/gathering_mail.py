"""Telling the presenters when a gathering's agenda is published: one plain-text e-mail
to each presenter with an address, listing their items with start times.

Sent once the publishing is committed (Gathering.publish). The reminder mechanism of
the portfolio (portfolio/reminders.py) knows only reviews and digests and offers no
registry for another app's kinds, so this is sent directly rather than planned there.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from dus.validators import one_line


def tell_presenters(gathering) -> int:
    """E-mail each presenter of the gathering their items; returns how many were sent."""
    agenda = gathering.agenda()
    by_presenter: dict = {}
    for item in agenda:
        if item.presenter and item.presenter.email and item.presenter.is_active:
            by_presenter.setdefault(item.presenter, []).append(item)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for presenter, items in by_presenter.items():
            subject = one_line(
                _("You present at %(gathering)s on %(date)s")
                % {"gathering": gathering, "date": gathering.date.strftime("%d.%m.%Y")}
            )
            body = render_to_string(
                "dialogues/email/gathering_presenter.txt",
                {
                    "recipient": presenter,
                    "gathering": gathering,
                    "items": items,
                    "url": settings.SITE_URL + gathering.get_absolute_url(),
                },
            )
            sent += send_mail(subject, body, None, [presenter.email])
    return sent
