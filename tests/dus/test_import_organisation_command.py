"""`manage.py import_organisation FILE [--apply]`: a dry run by default."""

import io

import pytest
from django.core.management import CommandError, call_command

from dus.models import Unit, User
from tests.dus.orgfiles import org_file

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_organisation", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_it_prints_the_plan_and_saves_nothing_by_default(tmp_path):
    path = tmp_path / "org.csv"
    path.write_bytes(org_file())
    out = run(str(path))
    assert "Units to create: 4" in out and "Administration (U4)" in out
    assert "Dry run" in out
    assert not Unit.objects.exists()


def test_it_applies_with_apply_and_then_has_nothing_to_do(tmp_path, staff_member):
    path = tmp_path / "org.csv"
    path.write_bytes(org_file())
    assert "Applied." in run(str(path), "--apply", "--user", staff_member.username)
    assert User.history.get(external_id="P1").history_user == staff_member
    assert "Nothing to change" in run(str(path), "--apply")


def test_it_fails_with_the_problems_of_a_bad_file(tmp_path):
    path = tmp_path / "org.csv"
    path.write_bytes(org_file("enhed,U9,X,Kontor,U1,,,"))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 problems"):
        call_command("import_organisation", str(path), "--apply", stdout=io.StringIO(), stderr=err)
    assert "Linje 8: Arten »Kontor« er ukendt" in err.getvalue()
    assert not Unit.objects.exists()
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "missing.csv"))
