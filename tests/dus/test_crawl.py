"""The crawl (tests/crawl.py) keeps same-site pages and drops files, sign-out and other sites."""

from tests.crawl import links


def test_it_keeps_same_site_pages_and_drops_files_sign_out_and_other_sites():
    html = (
        '<a href="/klynger/">a</a><a href="https://example.org/">b</a><a href="/log-ud/">c</a>'
        '<a href="eksport.csv">d</a><a href="#top">e</a><a href="/x/?side=2#y">f</a>'
    )
    assert links(html, "/portefoelje/") == ["/klynger/", "/portefoelje/", "/x/?side=2"]
