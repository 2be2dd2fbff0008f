"""Sections and annexes on paragraphs: kept by the store, shown by the API, counted."""

from __future__ import annotations

import json
from typing import Any

import jsonschema_rs

from corpus.ids import ParagraphId
from corpus.model import Annex, Paragraph, Resolution, Section
from corpus.store import _from_doc, _to_doc
from service.openapi_schemas import _corpus
from service.representation import paragraph_json, resolution_json


def sectioned() -> Resolution:
    heading = Section("B", {"en": "Regular programme of technical cooperation"})
    decl = Annex("DECL", {"en": "Political declaration"})
    return Resolution(
        symbol="A/RES/76/240",
        session=76,
        title={"en": "A title"},
        adopted="2021-12-24",
        meeting="54th plenary meeting",
        agenda_item=None,
        committee_report=None,
        paragraphs=(
            Paragraph(ParagraphId.operative(1), {"en": "Adopts the following declaration:"}),
            Paragraph(
                ParagraphId.preambular(1, section="B"), {"en": "Recalling x,"}, section=heading
            ),
            Paragraph(ParagraphId.operative(1, section="B"), {"en": "Decides y;"}, section=heading),
            Paragraph(ParagraphId.annex(1, of="DECL"), {"en": "We, the Heads:"}, annex=decl),
            Paragraph(ParagraphId.annex(1, "a", of="DECL"), {"en": "To act;"}, annex=decl),
        ),
    )


def test_the_store_document_keeps_sections_and_annexes() -> None:
    r = sectioned()
    doc = json.loads(json.dumps(_to_doc(r), ensure_ascii=False))
    assert _from_doc(doc) == r
    assert doc["paragraphs"][0].keys() == {"id", "text", "footnotes"}  # absent when not set


def test_a_document_stored_before_sections_still_loads() -> None:
    old: dict[str, Any] = {
        "symbol": "A/RES/66/45",
        "session": 66,
        "title": {"en": "T"},
        "adopted": None,
        "meeting": None,
        "agenda_item": None,
        "committee_report": None,
        "footnotes": [],
        "paragraphs": [{"id": "OP1", "text": {"en": "Decides;"}, "footnotes": []}],
    }
    r = _from_doc(old)
    assert r.paragraphs[0].section is None and r.paragraphs[0].annex is None


def test_counts_keep_their_keys_and_add_annex() -> None:
    assert sectioned().counts() == {
        "preambular": 1,
        "operative": 2,
        "subparagraphs": 1,
        "annex": 1,
    }


def test_paragraph_json_has_section_and_annex_only_when_present() -> None:
    r = sectioned()
    plain, pp, _, decl, _ = (paragraph_json(r, p) for p in r.paragraphs)
    assert "section" not in plain and "annex" not in plain
    assert pp["id"] == "B.PP1"
    assert pp["section"] == {
        "id": "B",
        "heading": {"en": "Regular programme of technical cooperation"},
    }
    assert decl["annex"] == {"id": "DECL", "title": {"en": "Political declaration"}}
    assert "section" not in decl


def test_the_documented_schema_accepts_them() -> None:
    components = {"schemas": _corpus()}
    schema = {"$ref": "#/components/schemas/Resolution", "components": components}
    jsonschema_rs.Draft202012Validator(schema).validate(resolution_json(sectioned()))
