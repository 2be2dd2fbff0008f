"""Reader pages through Flask's client: the resolution page (anchors, labels, headings,
parts, languages, the cited paragraph), the corpus page (filters, search), errors, and
the `page` every citation carries."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from flask.testing import FlaskClient

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


def test_the_changes_page_is_not_built_here(client: FlaskClient) -> None:
    assert CHANGES_ENDPOINT not in client.application.view_functions
    assert "Changes from the previous resolution" not in html(client, "/r/A/RES/66/45")


def test_the_demo_page_still_serves_and_static_files_are_there(client: FlaskClient) -> None:
    demo = html(client, "/")
    assert "widget.js" in demo and 'href="/r/A/RES/66/45"' in demo  # the corpus links here
    for name in ("pages.css", "pages.js"):
        resp = client.get(f"/static/{name}")
        assert resp.status_code == 200
        resp.close()
