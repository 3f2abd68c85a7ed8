"""Danish dates as Danish authorities write them (Dansk Sprognævn): day with a full
stop, month in lower case, "kl." before a time written with a full stop."""

from django.conf.locale.da.formats import *  # noqa: F403  (input formats, separators)

DATE_FORMAT = "j. F Y"  # 28. november 2026
SHORT_DATE_FORMAT = "j. N Y"  # 28. nov. 2026 ("N": see dus/formats/__init__.py)
TIME_FORMAT = "H.i"  # 10.00
DATETIME_FORMAT = r"j. F Y \k\l. H.i"  # 28. november 2026 kl. 10.00
SHORT_DATETIME_FORMAT = r"j. N Y \k\l. H.i"  # 28. nov. 2026 kl. 10.00
YEAR_MONTH_FORMAT = "F Y"  # november 2026
MONTH_DAY_FORMAT = "j. F"  # 28. november
WEEKDAY_DATE_FORMAT = r"l \d\e\n j. F Y"  # lørdag den 28. november 2026
WEEKDAY_DATETIME_FORMAT = r"l \d\e\n j. F Y \k\l. H.i"  # lørdag den 28. november 2026 kl. 10.00
