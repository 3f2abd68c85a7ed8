"""The portal's date and time formats, one module per language (FORMAT_MODULE_PATH).

Danish follows Dansk Sprognævn, as Danish authorities write dates: "28. nov. 2026",
"28. november 2026 kl. 10.00", times with a full stop. Templates name a format
(`{{ d|date }}`, `{{ d|date:"SHORT_DATE_FORMAT" }}`, `{{ t|time }}`) and never spell
one out, so that the English UI keeps English formats. Exports keep ISO dates.

Besides Django's names, both modules define WEEKDAY_DATE_FORMAT and
WEEKDAY_DATETIME_FORMAT for meetings ("torsdag den 3. december 2026 kl. 10.00").
"""

from django.utils.translation import pgettext_lazy

# Django's "N" format (the month's short name) is translated in the context
# "abbrev. month"; Django's own Danish catalogue writes "sept.", "marts", "juni". The
# portal's catalogue overrides it with Dansk Sprognævn's abbreviations: a full stop
# after each, none for "maj". Listed here so that makemessages keeps them.
MONTH_ABBREVIATIONS = (
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
)
