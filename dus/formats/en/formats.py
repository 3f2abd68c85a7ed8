"""English keeps Django's English formats; only the portal's own format names are added."""

from django.conf.locale.en.formats import *  # noqa: F403

WEEKDAY_DATE_FORMAT = "l, N j, Y"  # Saturday, Nov. 28, 2026
WEEKDAY_DATETIME_FORMAT = "l, N j, Y, P"  # Saturday, Nov. 28, 2026, 10 a.m.
SHORT_DATE_FORMAT = "N j, Y"  # Nov. 28, 2026: no 11/28 to misread
SHORT_DATETIME_FORMAT = "N j, Y, P"  # Nov. 28, 2026, 10 a.m.
