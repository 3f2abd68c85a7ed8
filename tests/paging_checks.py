"""Checks shared by the tests of bounded lists ("Vis flere", dus.paging): the first page
and its count, the next page as a plain link and appended by htmx."""

HTMX = {"HX-Request": "true"}


def check_paging(client, url: str, *, list_id: str, param: str, marker: str, per: int, total: int):
    """`marker` is in each row of the list once. The first page shows `per` of `total`
    rows and links to the next; the next page, plain, links back; asked by htmx it
    answers with its rows (the first to take the focus) and the next "Vis flere"."""
    first = client.get(url).content.decode()
    assert first.count(marker) == per
    assert f"Viser {per} af {total}" in first
    assert f"{param}=2" in first and f'hx-target="#{list_id}"' in first
    second = min(per, total - per)
    plain = client.get(url, {param: 2}).content.decode()
    assert plain.count(marker) == second
    assert "Forrige side" in plain
    more = client.get(url, {param: 2}, headers=HTMX | {"HX-Target": list_id}).content.decode()
    assert more.count(marker) == second
    assert f'id="{list_id}"' in more and "data-dus-focus" in more
    assert f'id="{list_id}-more"' in more
    return first, more
