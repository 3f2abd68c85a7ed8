"""The POST forms of crawled pages, filled in as a person in a hurry would, for tests that
send every form of the portal (so that a form added later cannot escape them)."""

import datetime as dt
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

FILLER = "Prøve: skrevet mens en tjeneste var nede."


@dataclass
class Form:
    page: str
    action: str
    data: list[tuple[str, str]] = field(default_factory=list)


class _Forms(HTMLParser):
    """Every `<form method="post">` with the values a browser would send unchanged, empty
    text fields filled in, and the first submit button that has a name."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.textarea: tuple[str, list[str]] | None = None
        self.select: tuple[str, list[str], list[str]] | None = None  # name, first, selected
        self.pressed = False

    def handle_starttag(self, tag, attrs) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                action = urljoin(self.page, a.get("action") or self.page)
                self.form = Form(self.page, urlsplit(action).path + _query(action))
                self.pressed = False
            return
        if self.form is None or "name" not in a or "disabled" in a:
            return
        name, kind = a["name"], a.get("type", "text").lower()
        if tag == "input":
            if kind in ("checkbox", "radio"):
                if "checked" in a or (kind == "radio" and name not in dict(self.form.data)):
                    self.form.data.append((name, a.get("value", "on")))
            elif kind in ("submit", "image", "button"):
                self._press(name, a.get("value", ""))
            elif kind != "file":
                self.form.data.append((name, a.get("value") or _filler(kind, "required" in a)))
        elif tag == "button" and kind == "submit":
            self._press(name, a.get("value", ""))
        elif tag == "textarea":
            self.textarea = (name, [])
        elif tag == "select":
            self.select = (name, [], [])
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            (self.select[2] if "selected" in a else self.select[1]).append(value)

    def _press(self, name: str, value: str) -> None:
        if not self.pressed:
            self.form.data.append((name, value))
            self.pressed = True

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.form is not None:
            self.forms.append(self.form)
            self.form = None
        elif tag == "textarea" and self.textarea is not None and self.form is not None:
            name, text = self.textarea
            self.form.data.append((name, "".join(text).strip() or FILLER))
            self.textarea = None
        elif tag == "select" and self.select is not None and self.form is not None:
            name, first, selected = self.select
            chosen = selected or [next((v for v in first if v), "")]
            self.form.data.extend((name, value) for value in chosen)
            self.select = None


def _query(url: str) -> str:
    query = urlsplit(url).query
    return f"?{query}" if query else ""


def _filler(kind: str, required: bool) -> str:
    soon = dt.date.today() + dt.timedelta(days=9)
    return {
        "date": soon.isoformat(),
        "datetime-local": f"{soon.isoformat()}T10:00",
        "time": "10:00",
        "number": "1",
        "email": "proeve@example.dk",
        "url": "https://example.dk/",
        "hidden": "",
        "password": "",
    }.get(kind, FILLER if required or kind in ("text", "search") else "")


def post_forms(pages: dict[str, str]) -> list[Form]:
    """The POST forms of the pages (path → HTML), each action once."""
    forms: dict[str, Form] = {}
    for path, html in pages.items():
        parser = _Forms(path)
        parser.feed(html)
        for form in parser.forms:
            forms.setdefault(form.action, form)
    return list(forms.values())
