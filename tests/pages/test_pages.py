"""Reader pages through Flask's client: the resolution page (anchors, labels, headings,
parts, languages, the cited paragraph), the corpus page (filters, search), errors, and
the `page` every citation carries."""

from __future__ import annotations

import re
from dataclasses import replace
from html import unescape
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from series.book import SeriesBook
from series.model import Catalog, Changes, Piece
from service.app import create_app
from service.pages import CHANGES_ENDPOINT
from tests.pages.conftest import MARKUP


@pytest.fixture(scope="module")
def client(reader_data: Path) -> FlaskClient:
    return create_app({"DATA_DIR": reader_data}).test_client()


def html(client: FlaskClient, url: str, status: int = 200) -> str:
    resp = client.get(url)
    assert resp.status_code == status, (url, resp.status_code)
    assert resp.mimetype == "text/html"
    return resp.get_data(as_text=True)


def ids(page: str) -> list[str]:
    return [unescape(i) for i in re.findall(r'<div class="para [^"]*"\s+id="([^"]+)"', page)]


def test_a_resolution_page_has_every_paragraph_by_id_with_its_label(client: FlaskClient) -> None:
    page = html(client, "/r/A/RES/66/45")
    api = client.get("/v1/resolutions/A/RES/66/45").get_json()
    assert ids(page) == [p["id"] for p in api["paragraphs"]]
    assert page.count("<h1") == 1 and "A/RES/66/45" in page
    assert "United action towards the total elimination of nuclear weapons" in page
    assert "2011-12-02" in page and "71st plenary meeting" in page
    assert "on the report of the First Committee (A/66/412)" in page
    assert '<span class="short">operative paragraph 8</span>' in page
    # English and Chinese side by side: both texts of OP8, each with its own copy button
    op8 = page[page.index('id="OP8"') : page.index('id="OP9"')]
    assert 'lang="en"' in op8 and 'lang="zh"' in op8
    assert "Urges all States that have not yet done so" in op8 and "敦促所有尚未签署" in op8
    cites = [unescape(c) for c in re.findall(r'data-cite="([^"]+)"', op8)]
    assert cites[0].startswith("A/RES/66/45, operative paragraph 8: “Urges all States")
    assert cites[0].endswith("”")
    assert cites[1].startswith("第66/45号决议执行部分第8段：“敦促所有尚未签署")
    # footnotes: the mark after the paragraph links to the note at the foot of the page
    assert 'href="#fn-6"' in op8 and 'id="fn-6"' in page


def test_one_language_by_choice(client: FlaskClient) -> None:
    page = html(client, "/r/A/RES/66/45?lang=zh")
    assert '<html lang="zh">' in page and "Urges all States" not in page
    assert "复制引文" in page and "Copy citation" not in page
    english = html(client, "/r/A/RES/66/45?lang=en")
    assert "敦促所有尚未签署" not in english and "Copy citation" in english
    only_en = html(client, "/r/A/RES/58/59")  # English only held: no language choice to make
    assert "English and 中文" not in only_en


def test_ids_with_dots_and_parentheses_are_anchors(client: FlaskClient) -> None:
    assert 'id="OP3(g)(iv)"' in html(client, "/r/A/RES/58/59")
    page = html(client, "/r/A/RES/76/240")
    assert 'id="B.OP1"' in page and 'href="#B.OP1"' in page
    assert '<span class="short">section B, paragraph 1</span>' in page
    # the sections are headings, under the one h1
    headings = re.findall(r"<h([1-6])[^>]*>", page)
    assert headings[0] == "1" and headings.count("1") == 1 and "2" in headings
    b = page.index('id="h-B"')
    assert b < page.index('id="B.PP1"') and page.index('id="A.OP2"') < b


def test_headings_show_their_shared_part_once(client: FlaskClient) -> None:
    page = html(client, "/r/A/RES/74/92%20B")
    headings = [
        (level, unescape(text).strip())
        for level, text in re.findall(
            r'<h([23]) class="heading" id="[^"]+"><span lang="en">([^<]+)', page
        )
    ]
    at = headings.index(("2", "II. General activities of the Department of Global Communications"))
    assert headings[at + 1] == ("3", "Multilingualism and global communications")
    anchors = re.findall(r' id="([^"]+)"', page)
    assert len(anchors) == len(set(anchors))  # every anchor once


def test_the_cited_paragraph_by_query(client: FlaskClient) -> None:
    page = html(client, "/r/A/RES/66/45?p=OP8")
    assert re.search(r'class="para operative depth-0 cited"\s+id="OP8"', page)
    assert len(re.findall(r"\bcited\b\"", page)) == 1


def test_a_document_adopted_in_parts_lists_its_parts(client: FlaskClient) -> None:
    page = html(client, "/r/A/RES/74/92")
    assert "Questions relating to information" in page
    assert 'href="/r/A/RES/74/92%20A"' in page and 'href="/r/A/RES/74/92%20B"' in page
    part = html(client, "/r/A/RES/74/92%20B")
    assert "United Nations global communications policies and activities" in part
    assert 'href="/r/A/RES/74/92"' in part  # the part names its document
    assert 'id="OP29"' in part


@pytest.mark.parametrize("path", ["/r/74/92B", "/r/a/res/74/92%20b", "/r/A/RES/74/92B"])
def test_other_spellings_redirect_to_the_one_address(client: FlaskClient, path: str) -> None:
    resp = client.get(path + "?lang=en")
    assert resp.status_code == 301
    assert resp.headers["Location"] == "/r/A/RES/74/92%20B?lang=en"


def test_unknown_or_malformed_symbols_are_html_errors(client: FlaskClient) -> None:
    assert "not in the corpus" in html(client, "/r/A/RES/1/1", 404)
    assert "not a resolution symbol" in html(client, "/r/nonsense", 400)


def test_markup_in_the_corpus_is_text(client: FlaskClient) -> None:
    page = html(client, "/r/A/RES/74/17")
    assert MARKUP not in page and "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img" not in html(client, "/corpus")
    assert "<img" not in html(client, "/corpus?q=" + MARKUP)


def test_the_corpus_page_lists_and_filters(client: FlaskClient) -> None:
    page = html(client, "/corpus")
    listed = re.findall(r'<td><a href="(/r/[^"]+)">', page)
    assert "/r/A/RES/66/45" in listed and "/r/A/RES/74/92%20B" in listed
    assert len(listed) == len(client.get("/v1/resolutions").get_json()["resolutions"])
    assert '<option value="First Committee">' in page
    session = html(client, "/corpus?session=66")
    assert re.findall(r'<td><a href="(/r/[^"]+)">', session) == ["/r/A/RES/66/45"]
    first = html(client, "/corpus?committee=First+Committee")
    assert "/r/A/RES/66/45" in first and "/r/A/RES/74/92%20B" not in first


def test_the_corpus_search_is_the_apis_search(client: FlaskClient) -> None:
    api = client.post("/v1/search", json={"query": "fissile material cut-off treaty", "k": 10})
    expected = [r["citation"]["page"] for r in api.get_json()["results"]]
    page = html(client, "/corpus?q=fissile+material+cut-off+treaty")
    found = [unescape(h) for h in re.findall(r'<li class="hit"><a href="([^"]+)"', page)]
    assert found == expected and found
    assert "A/RES/62/37, operative paragraph 11" in page or "operative paragraph" in page
    narrowed = html(client, "/corpus?q=fissile+material+cut-off+treaty&session=62")
    hits = re.findall(r'<li class="hit"><a href="([^"]+)"', narrowed)
    assert hits and all(h.startswith("/r/A/RES/62/37#") for h in hits)
    too_long = html(client, "/corpus?q=" + "x" * 2001)
    assert "at most 2000 characters" in too_long


def test_citations_carry_the_reader_page(client: FlaskClient) -> None:
    reply = client.post("/v1/chat", json={"message": "66/45 OP8"}).get_json()
    c = reply["citations"][0]
    assert c["url"] == "/v1/resolutions/A/RES/66/45/paragraphs/OP8"  # for programs
    assert c["page"] == "/r/A/RES/66/45#OP8"  # for people
    assert client.get(c["page"].split("#")[0]).status_code == 200


def test_pages_are_absolute_under_the_public_url(reader_data: Path) -> None:
    app = create_app({"DATA_DIR": reader_data, "PUBLIC_URL": "https://res.example.org/"})
    client = app.test_client()
    c = client.post("/v1/chat", json={"message": "74/92 B OP29"}).get_json()["citations"][0]
    assert c["page"] == "https://res.example.org/r/A/RES/74/92%20B#OP29"
    completion = client.post(
        "/v1/chat/completions",
        json={"model": "resolute", "messages": [{"role": "user", "content": "58/59 OP3(g)(iv)"}]},
    ).get_json()
    assert completion["citations"][0]["page"] == "https://res.example.org/r/A/RES/58/59#OP3(g)(iv)"


def test_the_openapi_citation_requires_page(client: FlaskClient) -> None:
    schema = client.get("/openapi.json").get_json()["components"]["schemas"]["Citation"]
    assert "page" in schema["required"] and set(schema["required"]) == set(schema["properties"])


def test_the_demo_page_still_serves_and_static_files_are_there(client: FlaskClient) -> None:
    demo = html(client, "/")
    assert "widget.js" in demo and 'href="/r/A/RES/66/45"' in demo  # the corpus links here
    for name in ("pages.css", "pages.js"):
        resp = client.get(f"/static/{name}")
        assert resp.status_code == 200
        resp.close()


# -- the changes page


def paragraph_of(page: str, anchor: str) -> str:
    start = page.index(f'id="{anchor}"')
    end = page.find('<div class="para', start + 1)
    return page[start : end if end > 0 else len(page)]


def test_the_changes_page_against_the_predecessor(client: FlaskClient) -> None:
    page = html(client, "/r/A/RES/66/45/changes")
    api = client.get("/v1/resolutions/A/RES/66/45/changes").get_json()
    assert api["from"] == "A/RES/65/72"
    assert page.count("<h1") == 1 and "A/RES/66/45</a> (2011)" in page
    assert "A/RES/65/72</a> (2010)" in page
    assert "United action towards the total elimination of nuclear weapons" in page
    c = api["counts"]
    summary = f"{c['changed']} changed, {c['added']} added, {c['removed']} removed"
    summary += f", {c['same']} same"
    assert f'<p class="summary">{summary}</p>' in page
    # every paragraph, in order, by its anchor on this page
    anchors = re.findall(r'<div class="para change (\w+)" id="([^"]+)"', page)
    expected = [(p["change"], p["to"] or f"was-{p['from']}") for p in api["paragraphs"]]
    assert [(k, unescape(a)) for k, a in anchors] == expected
    # a changed paragraph: its redline inline, the words the API's diff has
    pp11 = paragraph_of(page, "PP11")
    assert '<span class="mark">changed</span>' in pp11
    assert '<del><span class="sr">[deleted: </span>signing on 8 April 2010' in pp11
    assert '<ins><span class="sr">[inserted: </span>entry into force on 5 February 2011' in pp11
    # links to the paragraph's place on both pages; renumbered: both ids
    pp9 = paragraph_of(page, "PP9")
    assert 'href="/r/A/RES/65/72#PP8"' in pp9 and 'href="/r/A/RES/66/45#PP9"' in pp9
    removed = paragraph_of(page, "was-OP6")
    assert '<span class="mark">removed</span>' in removed and "<del>" in removed
    assert 'href="/r/A/RES/65/72#OP6"' in removed and "/r/A/RES/66/45#" not in removed
    assert '<span class="mark">added</span>' in paragraph_of(page, "PP8")
    # unchanged paragraphs folded, shown on demand
    assert '<details class="unchanged">' in page and "unchanged paragraph" in page
    # the members of the series to choose from, the predecessor chosen
    assert '<option value="A/RES/65/72" selected>A/RES/65/72 (the previous resolution)' in page
    assert '<option value="A/RES/58/59">' in page and '<option value="A/RES/66/45"' not in page


def test_the_changes_page_from_any_member_and_in_chinese(client: FlaskClient) -> None:
    page = html(client, "/r/A/RES/66/45/changes?from=A/RES/72/50")
    api = client.get("/v1/resolutions/A/RES/66/45/changes?from=A/RES/72/50").get_json()
    assert "A/RES/72/50</a> (2017)" in page
    assert '<option value="A/RES/72/50" selected>' in page
    c = api["counts"]
    assert f"{c['changed']} changed, {c['added']} added, {c['removed']} removed" in page
    assert "/r/A/RES/72/50#" in page
    # another spelling of the member
    assert "A/RES/58/59</a> (2003)" in html(client, "/r/A/RES/66/45/changes?from=58/59")
    # Chinese where both hold it (62/37 and 66/45); English where one does not (65/72)
    zh = html(client, "/r/A/RES/66/45/changes?from=A/RES/62/37&lang=zh")
    assert '<html lang="zh">' in zh and "<ins>" in zh and "执行部分第" in zh
    assert '<p class="body redline" lang="zh">' in zh and 'redline" lang="en"' not in zh
    assert "修改 " in zh and "Compare with" not in zh
    assert '<input type="hidden" name="lang" value="zh">' in zh
    only_en = html(client, "/r/A/RES/66/45/changes?lang=zh")
    assert '<html lang="en">' in only_en and "signing on 8 April 2010" in only_en


def test_the_changes_page_errors(client: FlaskClient) -> None:
    first = html(client, "/r/A/RES/58/59/changes", 404)
    assert "no earlier member of its series is held" in first and "A/RES/59/76" in first
    assert "Not found" in html(client, "/r/A/RES/99/999/changes", 404)
    assert "A/RES/99/999" in html(client, "/r/A/RES/66/45/changes?from=A/RES/99/999", 404)
    outside = html(client, "/r/A/RES/66/45/changes?from=A/RES/74/17", 400)
    assert "not in the series of A/RES/66/45" in outside
    html(client, "/r/A/RES/66/45/changes?from=not-a-symbol", 400)
    html(client, "/r/nonsense/changes", 400)
    resp = client.get("/r/66/45/changes?from=72/50")
    assert resp.status_code == 301
    assert resp.headers["Location"].endswith("/r/A/RES/66/45/changes?from=72%2F50")


def test_the_resolution_page_links_to_its_changes(client: FlaskClient) -> None:
    assert CHANGES_ENDPOINT in client.application.view_functions
    page = html(client, "/r/A/RES/66/45")
    assert '<a class="changes" href="/r/A/RES/66/45/changes">' in page
    assert "Changes from the previous resolution" in page
    assert "与上一决议相比的修改" in html(client, "/r/A/RES/66/45?lang=zh")
    # no predecessor held: no link to a page that would be a 404
    assert 'class="changes"' not in html(client, "/r/A/RES/58/59")


class MarkedBook:
    """The real series book, markup appended to every piece of the redline."""

    def __init__(self, book: SeriesBook) -> None:
        self.book = book

    def catalog(self) -> Catalog:
        return self.book.catalog()

    def changes(self, symbol: str, since: str | None = None) -> Changes:
        c = self.book.changes(symbol, since)
        marked = tuple(
            replace(
                p,
                diff={
                    lang: tuple(Piece(x.op, x.text + MARKUP) for x in pieces)
                    for lang, pieces in p.diff.items()
                },
            )
            for p in c.paragraphs
        )
        return replace(c, paragraphs=marked)


def test_markup_in_the_redline_stays_text(reader_data: Path) -> None:
    app = create_app({"DATA_DIR": reader_data})
    app.extensions["resolute.series"] = MarkedBook(app.extensions["resolute.series"])
    page = html(app.test_client(), "/r/A/RES/66/45/changes")
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<ins>" in page and "<del>" in page


def test_the_series_is_shown_with_its_neighbours_and_filters_the_corpus(
    client: FlaskClient,
) -> None:
    page = html(client, "/r/A/RES/66/45")
    series = client.get("/v1/resolutions/A/RES/66/45").get_json()["series"]
    assert series["predecessor"] == "A/RES/65/72" and series["successor"] == "A/RES/67/59"
    assert 'rel="prev">A/RES/65/72</a>' in page and 'rel="next">A/RES/67/59</a>' in page
    assert f'href="/corpus?series={series["id"]}"' in page
    members = client.get(f"/v1/series/{series['id']}").get_json()["members"]
    listed = re.findall(
        r'<td><a href="(/r/[^"]+)">', html(client, f"/corpus?series={series['id']}")
    )
    assert len(listed) == len(members) > 2 and "/r/A/RES/74/92%20B" not in listed
    first = html(client, "/r/A/RES/58/59")
    assert 'rel="prev"' not in first and 'rel="next">A/RES/59/76</a>' in first
