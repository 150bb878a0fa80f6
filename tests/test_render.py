"""Renderers: the JSON schema round trip and the Markdown dossier, whose every citation must
quote exactly the characters it points to."""

from __future__ import annotations

import json
import re

import pytest

from storyweave.model import (
    SCHEMA_VERSION,
    Article,
    Claim,
    Dossier,
    Meta,
    Passage,
    Signal,
    Source,
    StatedValue,
    SummarySentence,
    Support,
    ValueConflict,
)
from storyweave.render import article_report, from_dict, loads, to_dict, to_json, to_markdown


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


def test_json_round_trip_keeps_the_claims_support_and_conflicts(dossier: Dossier) -> None:
    again = loads(to_json(dossier))
    assert [c.support for c in again.claims] == [c.support for c in dossier.claims]
    assert [c.conflicts for c in again.claims] == [c.conflicts for c in dossier.claims]
    # every passage of several has its support, in the order of its passages
    for c in dossier.claims:
        assert [s.passage for s in c.support] == (c.passages if len(c.passages) > 1 else [])


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
    section = md.split("## Summary", 1)[1].split("## Sources", 1)[0]
    bullets = [line for line in section.splitlines() if line.startswith("- ")]
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



# --- support and conflicts, on a dossier built by hand ------------------------------------
# Three outlets give the visit's dates; one says it ends on the 23rd, two on the 22nd. The
# scores and signals are made up: what is tested is that they are written, read back and
# shown as given.

_TEXTS = {
    "a1": "Xi will visit Moscow from March 20-23, the ministry said. He will meet Putin.",
    "a2": "Xi will visit Moscow from March 20 to 22.\n\nTalks are planned.",
    "a3": "The visit runs from March 20 to 22, officials said.",
}
_OUTLETS = {"a1": "Alpha News", "a2": "Beta Times", "a3": "Gamma Post"}


def _at(article: str, text: str, after: str = "") -> Passage:
    """The passage of ``article`` that is ``text`` (the first after ``after``)."""
    start = _TEXTS[article].index(text, _TEXTS[article].index(after) + len(after))
    return Passage(article, start, start + len(text))


def _hand_dossier() -> Dossier:
    articles = [Article(id=aid, source=f"/in/{aid}.txt", text=text, format="txt",
                        meta={"outlet": Meta(_OUTLETS[aid], "header-line"),
                              "title": Meta(f"{_OUTLETS[aid]} on the visit", "header-line")})
                for aid, text in _TEXTS.items()]
    sources = [Source(f"outlet:{aid}", n, _OUTLETS[aid], (aid,))
               for n, aid in enumerate(_TEXTS, start=1)]
    visit = [_at("a1", "Xi will visit Moscow from March 20-23, the ministry said."),
             _at("a2", "Xi will visit Moscow from March 20 to 22."),
             _at("a3", "The visit runs from March 20 to 22, officials said.")]
    support = [
        Support(visit[0], 1.0, 1.0, 1.0),
        Support(visit[1], 0.91, 0.34, 0.12, (
            Signal("cosine", 0.8913, 0.2612), Signal("common_order", 0.6, 0.9301),
            Signal("phrases_of_shorter", 0.1, -0.6612), Signal("length_ratio", 0.2, -0.05))),
        Support(visit[2], 0.41, 0.2, 0.85, (
            Signal("token_unmatched", 0.3, -0.4), Signal("new_run", 1.1, 0.38),
            Signal("cosine", 0.8, 0.1), Signal("values_shared", 1.4, -0.15))),
    ]
    dates = ValueConflict("number", (
        StatedValue("23", "23", (_at("a1", "23"),)),
        StatedValue("22", "22", (_at("a2", "22"), _at("a3", "22")))))
    c1 = Claim(id="c1", passages=visit, sources=[s.key for s in sources],
               representative=visit[0], text=_TEXTS["a1"][visit[0].start:visit[0].end],
               centrality=0.9, salience=0.5, position=0.0, support=support,
               conflicts=[dates])
    meet = _at("a1", "He will meet Putin.")
    c2 = Claim(id="c2", passages=[meet], sources=["outlet:a1"], representative=meet,
               text="He will meet Putin.", centrality=0.5, salience=0.25, position=0.5)
    return Dossier(articles=articles, sources=sources, claims=[c1, c2],
                   summary=[SummarySentence("c1", c1.text, list(visit)),
                            SummarySentence("c2", c2.text, [meet])],
                   exclusives={"outlet:a1": ["c2"]})


def test_hand_dossier_round_trips_through_json_exactly() -> None:
    d = _hand_dossier()
    again = loads(to_json(d))
    assert again.claims == d.claims
    assert again.claims[0].support[1].signals == d.claims[0].support[1].signals
    assert again.claims[0].conflicts[0].values[1].passages == (_at("a2", "22"),
                                                               _at("a3", "22"))
    assert to_dict(again) == to_dict(d)


def test_json_writes_support_and_conflicts_with_source_numbers() -> None:
    d = _hand_dossier()
    claim = to_dict(d)["claims"][0]
    a2 = _at("a2", "Xi will visit Moscow from March 20 to 22.")
    assert claim["support"][1] == {
        "passage": {"source": 2, "article": "a2", "start": a2.start, "end": a2.end},
        "same_fact": 0.91, "paraphrase": 0.34, "covers": 0.12,
        "signals": [{"name": "cosine", "value": 0.8913, "weight": 0.2612},
                    {"name": "common_order", "value": 0.6, "weight": 0.9301},
                    {"name": "phrases_of_shorter", "value": 0.1, "weight": -0.6612},
                    {"name": "length_ratio", "value": 0.2, "weight": -0.05}]}
    assert claim["support"][0]["signals"] == []
    assert [s["passage"]["source"] for s in claim["support"]] == [1, 2, 3]
    [conflict] = claim["conflicts"]
    assert conflict["kind"] == "number"
    assert [(v["text"], v["key"]) for v in conflict["values"]] == [("23", "23"), ("22", "22")]
    assert [[p["source"] for p in v["passages"]] for v in conflict["values"]] == [[1], [2, 3]]
    for v in conflict["values"]:  # each passage is the exact span of the value
        assert all(_TEXTS[p["article"]][p["start"]:p["end"]] == v["text"] for p in v["passages"])
    assert to_dict(d)["claims"][1]["support"] == [] == to_dict(d)["claims"][1]["conflicts"]


def test_json_reader_reads_a_1_1_file_as_having_no_support_or_conflicts() -> None:
    data = to_dict(_hand_dossier()) | {"schema_version": "1.1"}
    for c in data["claims"]:
        del c["support"], c["conflicts"]
    d = from_dict(data)
    assert d.schema_version == "1.1"
    assert all(c.support == [] and c.conflicts == [] for c in d.claims)
    assert to_markdown(d, explain=True).count("Outlets differ") == 0


_DIFFER = '> **Outlets differ** (number): "23" [1] · "22" [2][3]'


def test_markdown_says_where_outlets_differ_under_the_claim() -> None:
    d = _hand_dossier()
    lines = to_markdown(d).splitlines()
    where = [n for n, line in enumerate(lines) if "Outlets differ" in line]
    # under its summary sentence (inside the bullet) and under it in the shared facts
    assert [lines[n] for n in where] == ["  " + _DIFFER] * 2
    assert [lines[n - 1] for n in where] == [f"- {d.claims[0].text} [1][2][3]",
                                             f"- {d.claims[0].text}"]
    assert lines.index("## Summary") < where[0] < lines.index("## Sources")
    assert lines.index("## Facts stated by more than one source") < where[1]
    assert where[1] < next(n for n, line in enumerate(lines) if line.startswith("## Exclusives"))
    # a claim without conflicts gets none, and its table row is as it was
    d.claims[0].conflicts = []
    plain = to_markdown(d)
    assert "Outlets differ" not in plain
    assert "| Xi will visit Moscow from March 20-23, the ministry said. | ✓ | ✓ | ✓ | 3 |" in plain


def test_markdown_quotes_each_value_of_several_conflicts() -> None:
    d = _hand_dossier()
    # a made-up second conflict (a3 says March): only its rendering is tested here
    month = ValueConflict("date", (StatedValue("March", "march", (_at("a1", "March"),)),
                                   StatedValue("April", "april", (_at("a3", "March"),))))
    d.claims[0].conflicts.append(month)
    section = to_markdown(d).split("## Summary", 1)[1].split("## Sources", 1)[0]
    assert f"  {_DIFFER}\n  >\n  > **Outlets differ** (date): \"March\" [1] · \"April\" [3]\n" \
        in section


def test_markdown_explain_shows_member_scores_and_strongest_signals() -> None:
    d = _hand_dossier()
    md = to_markdown(d, explain=True)
    section = md.split("## Why passages were joined", 1)[1].split("## Citations", 1)[0]
    lines = section.splitlines()
    assert "### c1 [1][2][3]" in lines
    assert "### c2" not in section  # one passage: nothing to explain
    assert ("- [1] “Xi will visit Moscow from March 20-23, the ministry said.” "
            "(representative)") in lines
    at = lines.index("- [2] “Xi will visit Moscow from March 20 to 22.”")
    # the three largest by absolute weight, largest first; length_ratio (-0.05) left out
    assert lines[at + 1] == ("  - same_fact 0.91, covers 0.12; strongest signals for "
                             "same_fact: common_order 0.60 (+0.93), phrases_of_shorter 0.10 "
                             "(-0.66), cosine 0.89 (+0.26)")
    at = lines.index("- [3] “The visit runs from March 20 to 22, officials said.”")
    assert lines[at + 1] == ("  - same_fact 0.41, covers 0.85; strongest signals for "
                             "covers: token_unmatched 0.30 (-0.40), new_run 1.10 (+0.38), "
                             "values_shared 1.40 (-0.15)")
    # the section is all explain adds; without it there is no trace of the scores
    plain = to_markdown(d)
    assert "## Why passages were joined" not in plain and "same_fact" not in plain
    before, after = md.split("## Why passages were joined", 1)
    assert before + "## Citations" + after.split("## Citations", 1)[1] == plain


def test_markdown_explain_on_the_example_explains_every_claim_of_several(
        dossier: Dossier) -> None:
    md = to_markdown(dossier, explain=True)
    section = md.split("## Why passages were joined", 1)[1].split("## Citations", 1)[0]
    several = [c for c in dossier.claims if len(c.passages) > 1]
    assert several
    assert [line.split()[1] for line in section.splitlines() if line.startswith("### ")] == \
        [c.id for c in several]
    assert section.count("(representative)") == len(several)
    assert section.count("  - same_fact ") == sum(len(c.passages) - 1 for c in several)
