"""The filter forms' lists (dashboard, initiative list, Læring) offer "all" once, first,
and one option is selected in each: two selected options without `multiple` are not
valid HTML, and the browser shows the last one."""

import re

import pytest

from dialogues.learning import LearningFilter
from dus.templatetags.dus_tags import select_options
from portfolio.filters import InitiativeFilter
from portfolio.models import Initiative

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("filter_class", [InitiativeFilter, LearningFilter])
@pytest.mark.parametrize("data", [None, {"status": "active", "source": "entry"}])
def test_it_offers_all_once_first_and_selects_one_option(filter_class, data, frame):
    filters = filter_class(data, queryset=Initiative.objects.all())
    for field in filters.form:
        if not hasattr(field.field, "choices"):
            continue
        choices = [(str(value), label) for value, label in field.field.choices]
        values = [value for value, _label in choices]
        assert values.count("") == 1 and choices[0] == ("", "Alle"), (field.name, choices)
        options = select_options(field)
        assert len(re.findall(r"<option [^>]*selected", options)) == 1, (field.name, options)
