"""The personal calendar feed: the feed itself, which Outlook fetches without signing in
(the secret token in its address is the key), its section on "Mine indstillinger", and
renewing its address. Every person has at most one feed and acts only on their own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from dialogues.calendar import feed_ics
from dialogues.models import CalendarFeed


@login_not_required
@never_cache  # private to its owner: no proxy or shared cache may keep a copy
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The owner's events as iCalendar; 404 for an unknown or renewed token, and for
    someone who can no longer sign in."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404("No such calendar.")
    return HttpResponse(feed_ics(feed.user), content_type="text/calendar; charset=utf-8")


def calendar_feed_section(request: HttpRequest) -> str:
    """The feed's address and how to subscribe, for "Mine indstillinger" (added through
    `dus.hooks`); the feed is made the first time its owner looks."""
    feed = CalendarFeed.of(request.user)
    return render_to_string("dialogues/_calendar_feed.html", {"feed": feed}, request=request)


@require_POST
def calendar_feed_renew(request: HttpRequest) -> HttpResponse:
    """A new address for the signed-in person's own feed; the old one stops working."""
    CalendarFeed.of(request.user).renew()
    messages.success(
        request,
        _(
            "Your calendar link was renewed. The old link no longer works: subscribe to the "
            "new one in Outlook."
        ),
    )
    return redirect(reverse("frame:my_settings") + "#calendar")
