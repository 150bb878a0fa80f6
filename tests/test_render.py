"""Renderers: the JSON schema round trip and the Markdown dossier, whose every citation must
quote exactly the characters it points to."""

from __future__ import annotations

import json
import re

import pytest

from storyweave.model import SCHEMA_VERSION, Dossier
from storyweave.render import article_report, from_dict, to_dict, to_markdown


@pytest.fixture(scope="module")
def dossier(example_dossier: Dossier) -> Dossier:
    return example_dossier


# --- outputs ---------------------------------------------------------------------------------

def test_json_schema_round_trip(dossier: Dossier) -> None:
    data = json.loads(json.dumps(to_dict(dossier), ensure_ascii=False))
    assert data["schema_version"] == SCHEMA_VERSION
    again = to_dict(from_dict(data))
    assert again == data
    texts = {a["id"]: a["text"] for a in data["articles"]}
    numbers = {n for s in data["sources"] for n in [s["number"]]}
    for s in data["summary"]:
        for p in s["citations"]:
            assert texts[p["article"]][p["start"]:p["end"]].strip()
            assert p["source"] in numbers


def test_json_reader_refuses_another_major_version(dossier: Dossier) -> None:
    data = to_dict(dossier) | {"schema_version": "2.0"}
    with pytest.raises(ValueError, match="schema_version"):
        from_dict(data)


def test_markdown_has_markers_sources_claims_and_exclusives(dossier: Dossier) -> None:
    md = to_markdown(dossier)
    for heading in ("## Summary", "## Sources", "## Facts stated by more than one source",
                    "## Exclusives", "## Citations"):
        assert heading in md
    assert "[1][2][3][4][5]" in md  # the visit, cited by all five
    assert "thousand assault rifles" in md
    assert "5. **GreekReporter.com**" in md


_CITATION = re.compile(r"^   - \[(?P<n>\d+)\] .*?, article `(?P<id>[0-9a-f]+)` "
                       r"chars (?P<start>\d+)–(?P<end>\d+): “(?P<quote>.*)”$")


def test_markdown_citations_quote_exactly_the_cited_characters(dossier: Dossier) -> None:
    md = to_markdown(dossier)
    lines = md.split("## Citations", 1)[1].splitlines()
    found = [m for line in lines if (m := _CITATION.match(line))]
    assert len(found) == sum(len(s.citations) for s in dossier.summary)
    numbers = {aid: src.number for src in dossier.sources for aid in src.articles}
    for m in found:
        text = dossier.article(m["id"]).text[int(m["start"]):int(m["end"])]
        assert m["quote"] == text.replace("|", "\\|").replace("\n", " ")
        assert int(m["n"]) == numbers[m["id"]]


def test_markdown_summary_markers_name_the_sources_of_each_claim(dossier: Dossier) -> None:
    md = to_markdown(dossier)
    bullets = md.split("## Summary", 1)[1].split("## Sources", 1)[0].strip().splitlines()
    assert len(bullets) == len(dossier.summary)
    for bullet, s in zip(bullets, dossier.summary, strict=True):
        numbers = sorted({src.number for src in dossier.sources
                          for p in s.citations if p.article in src.articles})
        assert bullet == f"- {s.text} " + "".join(f"[{n}]" for n in numbers)


def test_article_report_shows_provenance_cuts_and_text(dossier: Dossier) -> None:
    a = next(a for a in dossier.articles if a.outlet == "Political IQ")
    report = article_report(a)
    assert a.source in report.splitlines()[0]
    assert '<- footer-line: "Read more exclusive news from Political IQ."' in report
    assert f"removed lines ({len(a.removed)})" in report
    assert all(r.text in report for r in a.removed)
    assert report.rstrip().endswith(a.text.rstrip())
    assert a.text not in article_report(a, with_text=False)
    styled = article_report(a, style=lambda t, **kw: f"<{t}>")
    assert f"<{a.source}>" in styled


def test_dossier_lookup_by_id_names_a_missing_id(dossier: Dossier) -> None:
    first = dossier.articles[0]
    assert dossier.article(first.id) is first
    assert dossier.claim(dossier.claims[0].id) is dossier.claims[0]
    with pytest.raises(KeyError, match="no article with id 'nope'"):
        dossier.article("nope")
    with pytest.raises(KeyError, match="no claim with id 'c0'"):
        dossier.claim("c0")

