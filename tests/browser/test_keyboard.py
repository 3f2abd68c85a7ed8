"""The six core flows with the keyboard alone, on the demo data (issue #15, point 15): log
a trial action, add a logbook entry, prioritise a portfolio, run a portfolio review,
build a Ledertræf agenda and prepare a contract-holder dialogue.

Only `page.keyboard` moves: Tab, Shift+Tab, Enter, Space, the arrow keys and typing (and
`page.goto`, as typing an address would); no click and no `element.focus()`. Every element
that Tab reaches must show that it has focus (`:focus-visible` with an outline or a
shadow), and after each in-place change (htmx) focus must land on the element the change
is about, never on the page's body. The result is read from the database, and axe-core
checks the page in the state the flow left it in.

The demo is loaded once for all six flows (loading it takes longer than a flow); each
flow runs in a browser context of its own, and the test reports every flow that failed.
"""

import traceback
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from dialogues.models import Dialogue, Gathering
from dus.demo import DEMO_PASSWORD
from dus.models import User
from missions.models import Cluster
from portfolio.models import Initiative, LogEntry, Review
from tests.browser.conftest import TIMEOUT_MS, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The focused element: its accessible text (label, aria-label, text or value), and how its
# focus shows. A radio button or checkbox of Det Fælles Designsystem shows it on its label.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {name: "", shown: false, tag: "BODY"};
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  const name = (el.getAttribute("aria-label") || label || el.innerText || el.value || "")
    .replace(/\\s+/g, " ").trim();
  const drawn = (style) => (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
    || style.boxShadow !== "none";
  let shown = drawn(getComputedStyle(el));
  if (!shown && el.labels && el.labels.length) {
    shown = ["::before", "::after"].some((p) => drawn(getComputedStyle(el.labels[0], p)));
  }
  shown = shown && (el.matches(":focus-visible") || el.tabIndex < 0);
  return {name, shown, tag: el.tagName, id: el.id, value: el.value || ""};
}"""


class Keys:
    """A person at the keyboard: moves focus with Tab and checks that it shows."""

    def __init__(self, page) -> None:
        self.page = page

    def focused(self) -> dict:
        return self.page.evaluate(FOCUSED)

    def tab_to(self, name: str, back: bool = False, limit: int = 200) -> dict:
        """Tab (or Shift+Tab) until the focused element's text starts with `name`; every
        element passed on the way must show its focus."""
        for _ in range(limit):
            self.page.keyboard.press("Shift+Tab" if back else "Tab")
            focused = self.focused()
            assert focused["shown"], f"focus does not show on {focused}"
            if focused["name"].startswith(name):
                return focused
        raise AssertionError(f"never reached {name!r} with {'Shift+' if back else ''}Tab")

    def to_content(self) -> None:
        """From a page just loaded: the skip link, then into <main>."""
        self.page.keyboard.press("Tab")
        assert self.focused()["name"] == "Gå til sidens indhold"
        self.page.keyboard.press("Enter")
        assert self.focused()["id"] == "main-content"

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def follow(self, key: str = "Enter") -> None:
        """A key that leads to a new page."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)
        self.page.wait_for_load_state()

    def swap(self, url_part: str, key: str = "Enter") -> dict:
        """A key that sends an htmx request; the focused element once htmx has settled
        and moved focus (dus.js), which must not be the page's body."""
        with self.page.expect_response(lambda r: url_part in r.url):
            self.page.keyboard.press(key)
        self.page.wait_for_function(
            "() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')"
        )
        self.page.wait_for_timeout(150)  # dus.js moves focus 40 ms after the swap
        focused = self.focused()
        assert focused["tag"] != "BODY", "focus was lost in the swap"
        assert focused["shown"], f"focus does not show on {focused}"
        return focused


def sign_in(keys: Keys, username: str) -> None:
    from playwright.sync_api import expect

    page = keys.page
    page.goto("/log-ind/")
    expect(page.locator("#id_username")).to_be_focused()
    keys.type(username)
    keys.press("Tab")
    keys.type(DEMO_PASSWORD)
    keys.follow("Enter")


def log_a_trial_action(keys: Keys) -> None:
    sign_in(keys, "kontraktholder")
    keys.tab_to("Log en prøvehandling")
    keys.follow()
    assert keys.page.locator("h1").inner_text() == "Log en prøvehandling"
    keys.to_content()
    keys.tab_to("Titel")
    keys.type("Lektiecafé på biblioteket")
    assert keys.tab_to("Klynge")["tag"] == "SELECT"
    keys.press("ArrowDown")  # the person's own cluster comes first
    keys.tab_to("Hvad afprøver du?")
    keys.type("Frivillige hjælper med lektier to eftermiddage om ugen.")
    keys.tab_to("Hypotese")
    keys.type("Vi tror at lektiehjælp vil føre til færre elever, der falder fra.")
    keys.tab_to("Log prøvehandlingen")
    keys.follow()
    initiative = Initiative.objects.get(title="Lektiecafé på biblioteket")
    assert initiative.owner.username == "kontraktholder"
    assert initiative.cluster.memberships.filter(person__username="kontraktholder").exists()
    assert keys.page.locator("h1").inner_text() == initiative.title
    assert axe_violations(keys.page) == []


def add_an_entry(keys: Keys) -> None:
    sign_in(keys, "kontraktholder")
    initiative = Initiative.objects.filter(owner__username="kontraktholder").active().first()
    before = initiative.log_entries.count()
    keys.page.goto(initiative.get_absolute_url())
    keys.to_content()
    kind = keys.tab_to("Fremdrift")  # the first kind, checked
    assert kind["tag"] == "INPUT"
    keys.press("ArrowRight")  # the next kind
    assert keys.focused()["shown"]
    keys.tab_to("Hvad skete der?")
    keys.type("Eleverne kommer helst om onsdagen.")
    keys.tab_to("Del på Ledertræf")
    keys.press("Space")
    keys.tab_to("Skriv i logbogen")
    focused = keys.swap("/logbog/")
    entry = initiative.log_entries.order_by("-created_at").first()
    assert initiative.log_entries.count() == before + 1
    assert entry.text == "Eleverne kommer helst om onsdagen." and entry.share
    assert entry.kind != LogEntry._meta.get_field("kind").default
    # Focus on the new entry, at the top of the logbook.
    assert focused["name"].startswith(entry.get_kind_display()), focused
    assert "Eleverne kommer helst om onsdagen." in focused["name"]
    assert axe_violations(keys.page) == []

    # From "Mine indsatser": the row's "Skriv i logbogen" opens its form.
    keys.page.goto("/mine-indsatser/")
    keys.to_content()
    keys.tab_to(f"Skriv i logbogen – {initiative.title}")
    keys.press("Enter")
    keys.tab_to("Fremdrift")
    keys.tab_to("Hvad skete der?")
    keys.type("Biblioteket vil gerne fortsætte.")
    keys.tab_to("Gem notatet")
    focused = keys.swap("/logbog/")
    assert focused["id"] == f"row-{initiative.pk}", focused  # the row, with its new entry
    assert "Biblioteket vil gerne fortsætte." in focused["name"]
    assert initiative.log_entries.count() == before + 2
    assert axe_violations(keys.page) == []


def prioritise(keys: Keys) -> None:
    sign_in(keys, "tovholder")
    cluster = Cluster.objects.filter(
        memberships__person__username="tovholder", memberships__role="coordinator"
    ).first()

    def ranked() -> list[Initiative]:
        return list(Initiative.objects.filter(cluster=cluster).active().order_by("rank"))

    first, second = ranked()[:2]
    keys.page.goto(f"/portefoeljer/{cluster.pk}/")
    keys.to_content()
    keys.tab_to(f"Op – {second.title}")
    focused = keys.swap("/flyt/")
    assert ranked()[:2] == [second, first]
    # Focus stays with the moved initiative: at the top, on its Down button.
    assert focused["value"] == f"{second.pk}:down", focused
    keys.page.locator("#dus-announcer").get_by_text(second.title).wait_for()
    # And down again with the key that has focus, which keeps it to go on down.
    focused = keys.swap("/flyt/")
    assert ranked()[:2] == [first, second]
    assert focused["value"] == f"{second.pk}:down", focused
    assert axe_violations(keys.page) == []


def run_a_review(keys: Keys) -> None:
    sign_in(keys, "koncernledelse")
    review = (
        Review.objects.filter(state=Review.State.SCHEDULED, scheduled_at__gt=timezone.now())
        .order_by("scheduled_at")
        .first()
    )
    decided = set(review.decisions.values_list("initiative_id", flat=True))
    first, second = [
        i
        for i in Initiative.objects.filter(cluster=review.cluster).active().order_by("rank")
        if i.pk not in decided
    ][:2]
    keys.page.goto(review.get_absolute_url())
    keys.to_content()
    for initiative, decision in ((first, "Fortsæt"), (second, "Stop")):
        keys.tab_to(f"Registrér en beslutning – {initiative.title}")
        keys.press("Enter")  # opens the form
        keys.tab_to("Fortsæt")
        keys.press("Space")
        if decision == "Stop":
            while keys.focused()["name"] != "Stop":
                keys.press("ArrowRight")
            keys.tab_to("Hvis den stoppes: hvorfor?")
            keys.type("Ingen effekt efter tre måneder.")
            keys.tab_to("Hvis den stoppes: hvad lærte vi?")
            keys.type("Vi lærte at spørge borgerne først.")
        keys.tab_to("Gem beslutningen")
        focused = keys.swap("/beslutninger/")
        # Focus on the initiative's item, which now shows the decision.
        assert focused["id"] == f"initiative-{initiative.pk}", focused
        assert f"Beslutning: {decision}" in focused["name"], focused
    assert axe_violations(keys.page) == []
    keys.tab_to("Afslut vurdering")
    keys.follow()
    assert "/afslut/" in keys.page.url
    keys.to_content()
    keys.tab_to("Afslut vurdering")
    keys.follow()
    assert "/referat/" in keys.page.url
    review.refresh_from_db()
    second.refresh_from_db()
    assert review.is_closed and second.status == "stopped"
    assert second.stop_learning == "Vi lærte at spørge borgerne først."
    assert axe_violations(keys.page) == []


def build_an_agenda(keys: Keys) -> None:
    sign_in(keys, "stab")
    gathering = Gathering.objects.get(state=Gathering.State.PLANNED)
    before = gathering.items.count()
    keys.page.goto(gathering.get_absolute_url())
    keys.to_content()
    for _ in range(2):  # the first two candidates of the pool
        keys.tab_to("Sæt på dagsordenen")
        focused = keys.swap("/tilfoej/")
        # Back at the pool's heading, to take the next candidate.
        assert focused["id"] == "pool-heading", focused
    assert gathering.items.count() == before + 2
    keys.tab_to("Titel", back=True)  # the item of one's own, above the pool
    keys.type("Kaffepause")
    keys.tab_to("Varighed (minutter)")
    keys.press("Control+A")
    keys.type("20")
    keys.tab_to("Tilføj punktet")
    focused = keys.swap("/punkt/")
    assert focused["id"] == "agenda-heading", focused
    assert gathering.items.count() == before + 3
    keys.tab_to("Op – Kaffepause")
    focused = keys.swap("/flyt/")
    assert focused["name"].startswith(("Op – Kaffepause", "Ned – Kaffepause")), focused
    titles = [item.title for item in gathering.agenda()]
    assert titles[-2] == "Kaffepause", titles
    assert axe_violations(keys.page) == []
    keys.tab_to("Offentliggør dagsordenen", back=True)
    keys.follow()
    gathering.refresh_from_db()
    assert gathering.state == Gathering.State.PUBLISHED
    assert axe_violations(keys.page) == []


def prepare_a_dialogue(keys: Keys) -> None:
    sign_in(keys, "kontraktholder")
    dialogue = Dialogue.objects.get(
        contract_holder__username="kontraktholder", state=Dialogue.State.SCHEDULED
    )
    keys.page.goto(dialogue.get_absolute_url())
    keys.to_content()
    keys.tab_to("Den daglige drift")
    keys.press("Control+A")
    keys.type("Økonomien er i balance; sygefraværet er faldet.")
    keys.press("Tab")
    keys.press("Control+A")
    keys.type("Vi vil prøve holddeling på tværs af årgange.")
    keys.press("Tab")
    keys.press("Control+A")
    keys.type("Vi bidrager til klyngen om god modtagelse.")
    keys.tab_to("Gem forberedelsen")
    keys.follow()
    dialogue.refresh_from_db()
    assert dialogue.prep_operations == "Økonomien er i balance; sygefraværet er faldet."
    assert dialogue.prep_development == "Vi vil prøve holddeling på tværs af årgange."
    assert dialogue.prep_contribution == "Vi bidrager til klyngen om god modtagelse."
    assert dialogue.prepared_at is not None
    assert axe_violations(keys.page) == []


FLOWS = (
    log_a_trial_action,
    add_an_entry,
    prioritise,
    run_a_review,
    build_an_agenda,
    prepare_a_dialogue,
)


def test_the_six_core_flows_with_the_keyboard_alone(browser, live_server, frame):
    call_command("load_demo", force=True, stdout=StringIO())
    assert User.objects.filter(username="kontraktholder").exists()
    failed: dict[str, str] = {}
    for flow in FLOWS:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}
        )
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        errors: list[str] = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        try:
            flow(Keys(page))
            assert not errors, errors
        except Exception:
            failed[flow.__name__] = traceback.format_exc(limit=-3)
        finally:
            context.close()
    assert not failed, "\n\n".join(f"{name}:\n{text}" for name, text in failed.items())
