"""Fields in the markup of Det Fælles Designsystem (dus.forms.DesignSystemRenderer):
an input is described by its hint and its error under the ids they really have, in
forms with a prefix too."""

import re

import pytest
from django.urls import reverse

from portfolio.forms import DecisionForm
from tests.factories import make_cluster, make_initiative

pytestmark = pytest.mark.django_db


def described_ids(html: str) -> list[str]:
    return [id_ for ids in re.findall(r'aria-describedby="([^"]*)"', html) for id_ in ids.split()]


def test_it_points_a_prefixed_forms_field_at_its_own_error():
    initiative = make_initiative(make_cluster(), status="running")
    form = DecisionForm({"d7-decision": "stop"}, prefix="d7", initiative=initiative)
    assert not form.is_valid()
    html = form["stop_reason"].as_field_group()
    assert 'class="form-group form-error"' in html
    assert 'class="form-error-message" id="id_d7-stop_reason_error"' in html
    assert described_ids(html) == ["id_d7-stop_reason_error"]
    assert 'aria-invalid="true"' in html


def test_it_points_every_described_field_at_an_element_on_the_page(client, coordinator):
    """The external actor form on the cluster page has the prefix "actor"."""
    cluster = make_cluster(coordinators=[coordinator])
    client.force_login(coordinator)
    page = client.post(
        reverse("missions:actor_add", args=[cluster.pk]), {"actor-email": "ikke en adresse"}
    ).content.decode()
    ids = described_ids(page)
    assert "id_actor-name_error" in ids and "id_actor-email_error" in ids
    for id_ in ids:
        assert f'id="{id_}"' in page


def test_it_ties_a_hint_to_its_field(client, contract_holder):
    client.force_login(contract_holder)
    page = client.get(reverse("frame:my_settings")).content.decode()
    assert 'aria-describedby="id_weekly_digest_helptext"' in page
    assert '<span class="form-hint" id="id_weekly_digest_helptext">' in page
