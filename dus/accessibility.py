"""The accessibility statement's date, kept in one place: the day the checks it names
(tests/browser/test_accessibility.py, test_keyboard.py, test_mobile.py and
test_valid_html.py) last ran and passed on the whole portal. Change it when they are run
again after a change to the pages, and the statement's text when what they check changes."""

import datetime as dt

TESTED_ON = dt.date(2026, 11, 28)
