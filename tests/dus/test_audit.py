"""The audit trail (issue #15, point 6): the writes of the frame and the organisation, each
driven as the person who does it (tests/audit.py), and the rule that keeps every write path
of the portal in such a test and no URL able to edit the history."""

import io

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from dus.models import Unit, User
from tests import oidc_provider
from tests.audit import audited, tracked_models
from tests.dus.orgfiles import org_file
from tests.dus.test_oidc import sign_in
from tests.factories import make_unit, make_user
from tests.oidc_provider import GROUP_MANAGEMENT, STAFF
from tests.url_walk import ALL_URLS

# The test identity provider's fixtures.
provider = oidc_provider.provider
oidc = oidc_provider.oidc

pytestmark = pytest.mark.django_db

# Every URL that writes, and the test module that checks its history records.
AUDITED = {
    "frame:my_settings": "tests/dus/test_audit.py",
    "frame:organisation_import_apply": "tests/dus/test_audit.py",
    **{
        f"missions:{name}": "tests/missions/test_audit.py"
        for name in [
            "mission_create",
            "mission_edit",
            "mission_close",
            "cluster_create",
            "cluster_edit",
            "member_add",
            "actor_add",
            "member_role",
            "member_remove",
            "actor_anonymise",
        ]
    },
    **{
        f"portfolio:{name}": "tests/portfolio/test_audit.py"
        for name in [
            "portfolio_reorder",
            "portfolio_rank",
            "review_create",
            "initiative_create",
            "initiative_edit",
            "initiative_advance",
            "initiative_stop",
            "initiative_reopen",
            "initiative_adopt",
            "entry_add",
            "entry_correct",
            "review_reschedule",
            "review_answers",
            "review_decide",
            "review_withdraw",
            "review_close",
            "review_cancel",
            "capacities",
        ]
    },
    **{
        f"dialogues:{name}": "tests/dialogues/test_audit.py"
        for name in [
            "dialogue_create",
            "dialogue_prepare",
            "dialogue_notes",
            "follow_up_create",
            "follow_up_done",
            "gathering_create",
            "gathering_edit",
            "gathering_add",
            "gathering_add_free",
            "gathering_move",
            "gathering_reorder",
            "gathering_publish",
            "gathering_held",
            "gathering_outcomes",
            "gathering_item_edit",
            "gathering_remove",
            "gathering_adopt",
        ]
    },
}
# URLs that write nothing a history keeps, and why.
NOT_RECORDED = {
    "login": "signing in saves only the sign-in time, which the history leaves out",
    "oidc_start": "signing in",
    "oidc_callback": "signing in: roles granted by the identity provider's groups are "
    "recorded in the person's history, with no person as the actor",
    "logout": "signing out",
    "set_language": "a cookie",
    "frame:organisation_import": "the preview: nothing is saved",
    "dialogues:calendar_feed_renew": "a new secret address of the calendar feed; the old one "
    "must stop working, so it is not kept",
}


def _portal_urls() -> set[str]:
    return {name for _path, name in ALL_URLS if name and not name.startswith("admin:")}


def test_every_url_that_writes_has_its_history_tested():
    """A URL added later must be put in AUDITED (with a test in that module) or in
    NOT_RECORDED, or among the pages that only read (they are refused a POST: 405)."""
    from django.test import Client

    unknown = []
    client = Client()
    client.force_login(make_user(is_superuser=True))
    for path, name in ALL_URLS:
        if not name or name.startswith("admin:") or name in AUDITED or name in NOT_RECORDED:
            continue
        if client.post(path).status_code != 405:
            unknown.append(name)
    assert not unknown, f"URLs that take a POST, with no test of their history: {unknown}"
    assert set(AUDITED) <= _portal_urls()


def test_no_url_edits_the_history():
    """The history is not in the admin (SimpleHistoryAdmin shows it read-only, and its
    "revert" saves the object, which writes a new record). Every write path's test checks
    that the records before it are unchanged (tests/audit.py)."""
    registered = {model._meta.label for model in admin.site._registry}
    historical = {
        getattr(m, m._meta.simple_history_manager_attribute).model._meta.label
        for m in tracked_models()
    }
    assert not registered & historical


def test_it_records_a_persons_own_settings(client, group_manager):
    client.force_login(group_manager)
    with audited(group_manager) as audit:
        client.post(reverse("frame:my_settings"), {})  # the digest unticked
    assert audit.changed == {("dus.user", group_manager.pk): "~"}


def test_it_records_each_unit_and_person_of_an_import_once(client, staff_member):
    """The file's leaders are people the import creates: their units are written before
    them and given their leader after, and still have one record each."""
    client.force_login(staff_member)
    upload = SimpleUploadedFile("org.csv", org_file(), "text/csv")
    with audited(staff_member) as audit:
        preview = client.post(reverse("frame:organisation_import"), {"file": upload})
    assert audit.changed == {}
    fingerprint = preview.context["plan"].fingerprint
    with audited(staff_member) as audit:
        response = client.post(
            reverse("frame:organisation_import_apply"), {"fingerprint": fingerprint}
        )
    assert response.status_code == 302
    assert audit.labels == {"dus.unit": 4, "dus.user": 2}
    assert set(audit.changed.values()) == {"+"}


def test_it_records_an_import_by_the_command_as_the_person_named(tmp_path):
    importer = make_user(username="admin-ida")
    make_unit(name="Gammel enhed", external_id="OLD")  # deactivated: missing from the file
    path = tmp_path / "org.csv"
    path.write_bytes(org_file())
    with audited(importer) as audit:
        call_command(
            "import_organisation", str(path), "--apply", "--user", "admin-ida", stdout=io.StringIO()
        )
    assert audit.labels == {"dus.unit": 5, "dus.user": 2}
    assert Unit.objects.get(external_id="OLD").is_active is False


def test_it_records_a_change_in_the_admin(client):
    administrator = make_user(is_superuser=True, is_staff=True)
    unit = make_unit(name="Gammelt navn")
    client.force_login(administrator)
    data = {"name": "Nyt navn", "kind": unit.kind, "is_active": "on"}
    with audited(administrator) as audit:
        response = client.post(reverse("admin:dus_unit_change", args=[unit.pk]), data)
    assert response.status_code == 302
    assert audit.changed == {("dus.unit", unit.pk): "~"}
    assert User.objects.get(pk=administrator.pk)


def test_it_records_a_person_from_the_identity_provider_once_and_an_unchanged_sign_in_never(
    client, oidc
):
    """What the provider says is recorded with no person as the actor: the provider
    made the change, not a person of the portal."""
    oidc.claims = {"groups": [GROUP_MANAGEMENT]}
    with audited(None) as audit:
        assert sign_in(client, oidc).status_code == 302
    assert audit.labels == {"dus.user": 1}
    client.logout()
    with audited(None) as audit:
        sign_in(client, oidc)
    assert audit.changed == {}
    oidc.claims = {"groups": [GROUP_MANAGEMENT, STAFF], "email": "maja@skanderborg.dk"}
    client.logout()
    with audited(None) as audit:
        sign_in(client, oidc)
    assert audit.labels == {"dus.user": 1}
