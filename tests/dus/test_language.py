"""The portal speaks Danish, with an English translation one click away."""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "da" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


@pytest.mark.django_db
def test_it_speaks_danish_even_to_an_english_browser(client, contract_holder):
    client.force_login(contract_holder)
    page = client.get("/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="da">' in page
    assert "Overblik" in page


@pytest.mark.django_db
def test_it_switches_to_english_and_back(client, contract_holder):
    client.force_login(contract_holder)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "The two development tracks" in page
    client.post(reverse("set_language"), {"language": "da", "next": "/"})
    assert "De to udviklingsspor" in client.get("/").content.decode()


@pytest.mark.django_db
def test_it_offers_the_language_switch_on_the_sign_in_page(client):
    page = client.get(reverse("login")).content.decode()
    assert f'action="{reverse("set_language")}"' in page
    assert 'value="en" lang="en"' in page


def test_it_has_a_danish_translation_for_every_message():
    text = PO.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]
    # An empty msgstr (or plural msgstr[n]) not continued on the next line: untranslated.
    untranslated = [e for e in entries if re.search(r'^msgstr(\[\d\])? ""$(?!\n")', e, re.M)]
    assert not untranslated, untranslated[:3]
    assert "#, fuzzy" not in text


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="needs GNU gettext's msgfmt")
def test_it_ships_compiled_messages_matching_the_po_file(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", compiled, PO], check=True)
    with open(compiled, "rb") as fresh, open(MO, "rb") as shipped:
        assert gettext.GNUTranslations(fresh)._catalog == gettext.GNUTranslations(shipped)._catalog
