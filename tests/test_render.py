"""Renderers: the JSON schema round trip and the Markdown dossier, whose every citation must
quote exactly the characters it points to."""

from __future__ import annotations

import json
import re

import pytest

from storyweave.model import (
    SCHEMA_VERSION,
    Article,
    ArticleDate,
    Claim,
    DateCandidate,
    Discrepancy,
    Dossier,
    Meta,
    Passage,
    Signal,
    Source,
    StatedValue,
    SummarySentence,
    Support,
    TimelineEntry,
    TimeMention,
    ValueConflict,
)
from storyweave.render import article_report, from_dict, loads, to_dict, to_json, to_markdown


@pytest.fixture(scope="module")
def dossier(example_dossier: Dossier) -> Dossier:
    return example_dossier


# --- outputs ---------------------------------------------------------------------------------

@pytest.mark.slow
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


@pytest.mark.slow
def test_json_text_is_the_plain_form_indented_with_its_letters_as_written(
        dossier: Dossier) -> None:
    import json

    text = to_json(dossier)
    assert json.loads(text) == json.loads(json.dumps(to_dict(dossier)))
    assert '\n  "claims": [\n' in text  # one key a line, readable in a diff
    # the example's non-ASCII letters are written as letters, not \u escapes
    assert any(ord(c) > 127 for c in text) and "\\u" not in text


def test_json_round_trip_keeps_the_claims_support_and_conflicts(dossier: Dossier) -> None:
    again = loads(to_json(dossier))
    assert [c.support for c in again.claims] == [c.support for c in dossier.claims]
    assert [c.conflicts for c in again.claims] == [c.conflicts for c in dossier.claims]
    # every passage of several has its support, in the order of its passages
    for c in dossier.claims:
        assert [s.passage for s in c.support] == (c.passages if len(c.passages) > 1 else [])


@pytest.mark.slow
def test_json_reader_refuses_another_major_version(dossier: Dossier) -> None:
    data = to_dict(dossier) | {"schema_version": "3.0"}
    with pytest.raises(ValueError, match="schema_version"):
        from_dict(data)


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
def test_markdown_summary_markers_name_the_sources_of_each_claim(dossier: Dossier) -> None:
    md = to_markdown(dossier)
    section = md.split("## Summary", 1)[1].split("## Sources", 1)[0]
    bullets = [line for line in section.splitlines() if line.startswith("- ")]
    assert len(bullets) == len(dossier.summary)
    for bullet, s in zip(bullets, dossier.summary, strict=True):
        numbers = sorted({src.number for src in dossier.sources
                          for p in s.citations if p.article in src.articles})
        assert bullet == f"- {s.text} " + "".join(f"[{n}]" for n in numbers)


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
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


# --- dates, timeline and discrepancies, on a dossier built by hand ---------------------------
# Modelled on the example story: d1 prints a 2024 date but says the visit "will take place
# from March 20-23" next week; d2's header date is consistent; d3 has no date at all. The
# records are as the weaver would make them: what is tested is how they are written and shown.

_DATED = {
    "d1": "Xi will visit Moscow next week. The visit will take place from March 20-23. "
          "Wang Yi was in Moscow in February.",
    "d2": "Xi will visit Moscow from March 20 to 22. Russia and China declared a partnership "
          "in 2022. Wang Yi came in February.",
    "d3": "The visit runs from Monday to Wednesday, officials said.",
}
_DATED_OUTLETS = {"d1": "Alpha News", "d2": "Beta Times", "d3": "Gamma Post"}


def _in(article: str, text: str, after: str = "") -> Passage:
    """The passage of ``article`` (of ``_DATED``) that is ``text`` (the first after ``after``)."""
    start = _DATED[article].index(text, _DATED[article].index(after) + len(after))
    return Passage(article, start, start + len(text))


def _mention(article: str, text: str, start: str, end: str, precision: str, value: str,
             after: str = "") -> TimeMention:
    return TimeMention(_in(article, text, after), start, end, precision, value)


_NEXT_WEEK = _mention("d1", "next week", "2023-03-20", "2023-03-26", "week", "2023-W12")
_CONTRADICTED = DateCandidate("2024-05-18", "header-line", "Published May 18, 2024",
                              "contradicted", "the text cannot have been written after 2023-03-20")


def _dated_dossier() -> Dossier:
    meta = {aid: {"outlet": Meta(name, "header-line")} for aid, name in _DATED_OUTLETS.items()}
    meta["d1"]["published"] = Meta("2024-05-18", "header-line", "Published May 18, 2024")
    meta["d2"]["published"] = Meta("2023-03-13", "header-line", "March 13, 2023")
    articles = [Article(id=aid, source=f"/in/{aid}.txt", text=text, format="txt", meta=meta[aid])
                for aid, text in _DATED.items()]
    sources = [Source(f"outlet:{aid}", n, _DATED_OUTLETS[aid], (aid,))
               for n, aid in enumerate(_DATED, start=1)]
    visit = [_in("d1", "Xi will visit Moscow next week."),
             _in("d1", "The visit will take place from March 20-23."),
             _in("d2", "Xi will visit Moscow from March 20 to 22."),
             _in("d3", "The visit runs from Monday to Wednesday, officials said.")]
    wang = [_in("d1", "Wang Yi was in Moscow in February."), _in("d2", "Wang Yi came in February.")]
    pact = _in("d2", "Russia and China declared a partnership in 2022.")
    def text(p: Passage) -> str:
        return _DATED[p.article][p.start:p.end]

    claims = [Claim("c1", visit, [s.key for s in sources], visit[2], text(visit[2])),
              Claim("c2", wang, ["outlet:d1", "outlet:d2"], wang[0], text(wang[0])),
              Claim("c3", [pact], ["outlet:d2"], pact, text(pact))]
    dates = [
        ArticleDate("d1", "2023-03-17", "content", "2023-03-13", "2023-03-19", "medium",
                    (_CONTRADICTED,),
                    ("\u201cMarch 20-23\u201d is still to come",
                     "\u201cnext week\u201d is \u201cMarch 20 to 22\u201d in the same claim of "
                     "Beta Times (2023-03-20..2023-03-22)",
                     "inferred from the text: all its dates are contradicted by its text")),
        ArticleDate("d2", "2023-03-13", "header-line", None, "2023-03-20", "medium",
                    (DateCandidate("2023-03-13", "header-line", "March 13, 2023", "consistent"),),
                    ("\u201cMarch 20 to 22\u201d is still to come",)),
        ArticleDate("d3", None, "none", None, None, "none", (),
                    ("nothing in the text or its metadata dates it",)),
    ]
    timeline = [
        TimelineEntry("c3", "2022-01-01", "2022-12-31", "year",
                      (_mention("d2", "2022", "2022-01-01", "2022-12-31", "year", "2022"),)),
        TimelineEntry("c2", "2023-02-01", "2023-02-28", "month",
                      (_mention("d1", "February", "2023-02-01", "2023-02-28", "month", "2023-02"),
                       _mention("d2", "February", "2023-02-01", "2023-02-28", "month",
                                "2023-02"))),
        TimelineEntry("c1", "2023-03-20", "2023-03-22", "day", (
            _NEXT_WEEK,
            _mention("d1", "March 20-23", "2023-03-20", "2023-03-23", "day", "2023-03-20"),
            _mention("d2", "March 20 to 22", "2023-03-20", "2023-03-22", "day", "2023-03-20"),
            _mention("d3", "from Monday to Wednesday", "2023-03-20", "2023-03-22", "day",
                     "2023-03-20"))),
    ]
    discrepancies = [
        Discrepancy("date", (
            StatedValue("March 20-23, 2023", "2023-03-20/2023-03-23",
                        (_in("d1", "March 20-23"),)),
            StatedValue("March 20-22, 2023", "2023-03-20/2023-03-22",
                        (_in("d2", "March 20 to 22"), _in("d3", "from Monday to Wednesday")))),
            ("c1",)),
        Discrepancy("number", (StatedValue("23", "23", (_in("d1", "23"),)),
                               StatedValue("22", "22", (_in("d2", "22"),))), ("c1",)),
    ]
    return Dossier(articles=articles, sources=sources, claims=claims,
                   summary=[SummarySentence(c.id, c.text, list(c.passages)) for c in claims],
                   exclusives={"outlet:d2": ["c3"]}, dates=dates, timeline=timeline,
                   discrepancies=discrepancies)


def test_dates_timeline_and_discrepancies_round_trip_through_json_exactly() -> None:
    d = _dated_dossier()
    data = json.loads(to_json(d))
    again = from_dict(data)
    assert again.dates == d.dates
    assert again.timeline == d.timeline
    assert again.discrepancies == d.discrepancies
    assert to_dict(again) == to_dict(d)
    assert to_markdown(again) == to_markdown(d)


def test_json_writes_dates_with_window_candidates_and_reasons() -> None:
    dates = to_dict(_dated_dossier())["dates"]
    assert [x["article"] for x in dates] == ["d1", "d2", "d3"]
    assert dates[0] == {
        "article": "d1", "working": "2023-03-17", "source": "content",
        "window": {"earliest": "2023-03-13", "latest": "2023-03-19"}, "confidence": "medium",
        "candidates": [{"value": "2024-05-18", "source": "header-line",
                        "evidence": "Published May 18, 2024", "verdict": "contradicted",
                        "reason": "the text cannot have been written after 2023-03-20"}],
        "reasons": list(_dated_dossier().dates[0].reasons)}
    assert dates[1]["window"] == {"earliest": None, "latest": "2023-03-20"}
    assert dates[1]["candidates"][0]["verdict"] == "consistent"
    assert dates[1]["candidates"][0]["reason"] is None
    assert dates[2] == {"article": "d3", "working": None, "source": "none",
                        "window": {"earliest": None, "latest": None}, "confidence": "none",
                        "candidates": [],
                        "reasons": ["nothing in the text or its metadata dates it"]}


def test_json_writes_timeline_and_discrepancies_with_source_numbers_and_exact_spans() -> None:
    data = to_dict(_dated_dossier())
    texts = {a["id"]: a["text"] for a in data["articles"]}
    assert [(e["claim"], e["start"], e["end"], e["precision"]) for e in data["timeline"]] == [
        ("c3", "2022-01-01", "2022-12-31", "year"), ("c2", "2023-02-01", "2023-02-28", "month"),
        ("c1", "2023-03-20", "2023-03-22", "day")]
    week = data["timeline"][2]["mentions"][0]
    assert week == {"passage": {"source": 1, "article": "d1", "start": _NEXT_WEEK.passage.start,
                                "end": _NEXT_WEEK.passage.end},
                    "start": "2023-03-20", "end": "2023-03-26", "precision": "week",
                    "value": "2023-W12"}
    mentions = data["timeline"][2]["mentions"]
    assert [(m["passage"]["source"], texts[m["passage"]["article"]][m["passage"]["start"]:
                                                                     m["passage"]["end"]])
            for m in mentions] == [(1, "next week"), (1, "March 20-23"), (2, "March 20 to 22"),
                                   (3, "from Monday to Wednesday")]
    dates, numbers = data["discrepancies"]
    assert (dates["kind"], dates["claims"], numbers["kind"]) == ("date", ["c1"], "number")
    assert [(v["text"], v["key"]) for v in dates["values"]] == [
        ("March 20-23, 2023", "2023-03-20/2023-03-23"),
        ("March 20-22, 2023", "2023-03-20/2023-03-22")]
    assert [[(p["source"], texts[p["article"]][p["start"]:p["end"]]) for p in v["passages"]]
            for v in dates["values"]] == [[(1, "March 20-23")],
                                          [(2, "March 20 to 22"), (3, "from Monday to Wednesday")]]


def test_json_reader_reads_a_1_2_file_as_having_no_dates_timeline_or_discrepancies() -> None:
    data = to_dict(_dated_dossier()) | {"schema_version": "1.2"}
    for name in ("dates", "timeline", "discrepancies"):
        del data[name]
    d = from_dict(data)
    assert d.schema_version == "1.2"
    assert d.dates == [] and d.timeline == [] and d.discrepancies == []
    md = to_markdown(d)
    # without a date record the Sources show the date each article came with, as before 1.3
    assert "1. **Alpha News**, dated 2024-05-18 (header-line), `/in/d1.txt`" in md
    assert "3. **Gamma Post**, `/in/d3.txt`" in md
    assert "## Timeline" not in md and "## Where the outlets disagree" not in md


def _section(md: str, heading: str) -> list[str]:
    """The lines of one ``## `` section, heading and trailing blank lines left out."""
    body = md.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]
    return body.strip("\n").splitlines()


def test_markdown_sources_show_the_working_date_and_where_it_comes_from() -> None:
    md = to_markdown(_dated_dossier())
    assert _section(md, "## Sources") == [
        "1. **Alpha News**, dated 2023-03-17 (inferred from its text; the printed 2024-05-18 is "
        "contradicted: the text cannot have been written after 2023-03-20), `/in/d1.txt`",
        "   - its text allows 2023-03-13 to 2023-03-19, confidence medium: \u201cMarch 20-23"
        "\u201d is still to come; \u201cnext week\u201d is \u201cMarch 20 to 22\u201d in the "
        "same claim of Beta Times (2023-03-20..2023-03-22); inferred from the text: all its "
        "dates are contradicted by its text",
        "2. **Beta Times**, dated 2023-03-13 (header line, consistent with its text), "
        "`/in/d2.txt`",
        "   - its text allows no day after 2023-03-20, confidence medium: \u201cMarch 20 to 22"
        "\u201d is still to come",
        "3. **Gamma Post**, no date, `/in/d3.txt`",
        "   - nothing in the text or its metadata dates it",
    ]
    # the printed date alone, as Sources showed it before 1.3, is gone
    assert "dated 2024-05-18" not in md


def test_markdown_source_dates_other_provenances() -> None:
    d = _dated_dossier()
    unchecked = DateCandidate("2023-03-13", "jsonl", "2023-03-13", "unchecked")
    d.dates[1] = ArticleDate("d2", "2023-03-13", "jsonl", None, None, "medium", (unchecked,))
    d.dates[2] = ArticleDate("d3", "2023-03-17", "story", None, None, "low", (),
                             ("dated by the story: the middle working date of its other "
                              "articles",))
    lines = _section(to_markdown(d), "## Sources")
    assert lines[2:] == [
        "2. **Beta Times**, dated 2023-03-13 (the input's date, unchecked: its text does not "
        "say when it was written), `/in/d2.txt`",
        "   - confidence medium",
        "3. **Gamma Post**, dated 2023-03-17 (taken from the story's other articles: its own "
        "text does not date it), `/in/d3.txt`",
        "   - confidence low: dated by the story: the middle working date of its other "
        "articles"]


def test_markdown_timeline_lists_dated_claims_in_date_order_with_each_expression() -> None:
    d = _dated_dossier()
    d.timeline.reverse()  # rendered by date whatever the order it is given in
    assert _section(to_markdown(d), "## Timeline")[2:] == [
        "- **2022**: Russia and China declared a partnership in 2022. [2] (\"2022\" [2])",
        "- **2023-02**: Wang Yi was in Moscow in February. [1][2] (\"February\" [1][2])",
        "- **2023-03-20 – 2023-03-22**: Xi will visit Moscow from March 20 to 22. [1][2][3] "
        "(\"next week\" [1], \"March 20-23\" [1], \"March 20 to 22\" [2], "
        "\"from Monday to Wednesday\" [3])"]


def test_markdown_timeline_dates_by_precision() -> None:
    d = _dated_dossier()
    c1 = d.timeline[2]
    for start, end, precision, when in [
            ("2023-03-20", "2023-03-26", "week", "week of 2023-03-20"),
            ("2023-03-06", "2023-03-19", "week", "2023-03-06 – 2023-03-19"),
            ("2023-03-21", "2023-03-21", "day", "2023-03-21"),
            ("2023-02-01", "2023-03-31", "month", "2023-02 – 2023-03"),
            ("2020-01-01", "2029-12-31", "decade", "2020s")]:
        d.timeline = [TimelineEntry("c1", start, end, precision, c1.mentions)]
        [line] = _section(to_markdown(d), "## Timeline")[2:]
        assert line.startswith(f"- **{when}**: Xi will visit"), line
    spring = _mention("d2", "2022", "2022-03-01", "2022-05-31", "season", "2022-SP")
    d.timeline = [TimelineEntry("c3", "2022-03-01", "2022-05-31", "season", (spring,))]
    assert _section(to_markdown(d), "## Timeline")[2].startswith("- **spring 2022**: Russia")


def test_markdown_says_where_the_outlets_disagree_quoting_the_exact_words() -> None:
    d = _dated_dossier()
    claim = "\u201cXi will visit Moscow from March 20 to 22.\u201d [1][2][3]"
    assert _section(to_markdown(d), "## Where the outlets disagree")[2:] == [
        f"- **date**, in {claim}:",
        "  - March 20-23, 2023: \"March 20-23\" [1]",
        "  - March 20-22, 2023: \"March 20 to 22\" [2], \"from Monday to Wednesday\" [3]",
        f"- **number**, in {claim}:",
        "  - \"23\" [1]",
        "  - \"22\" [2]"]
    # every quote is the exact text of the passage it stands for
    d.articles[1].text = d.articles[1].text.replace("March 20 to 22", "March 20 to 21")
    assert '"March 20 to 21" [2], "from Monday to Wednesday" [3]' in to_markdown(d)


def test_markdown_new_sections_sit_between_the_facts_and_the_exclusives() -> None:
    lines = to_markdown(_dated_dossier(), explain=True).splitlines()
    order = [next(n for n, line in enumerate(lines) if line.startswith(h)) for h in (
        "## Facts stated", "## Timeline", "## Where the outlets disagree", "## Exclusives",
        "## Why passages were joined", "## Citations")]
    assert order == sorted(order)


def test_markdown_omits_the_timeline_and_disagreements_when_there_are_none() -> None:
    d = _dated_dossier()
    d.timeline = []
    md = to_markdown(d)
    assert "## Timeline" not in md and "## Where the outlets disagree" in md
    d.timeline, d.discrepancies = _dated_dossier().timeline, []
    md = to_markdown(d)
    assert "## Timeline" in md and "## Where the outlets disagree" not in md
    md = to_markdown(_hand_dossier())
    assert "## Timeline" not in md and "## Where the outlets disagree" not in md


@pytest.mark.slow
def test_markdown_on_the_example_dates_every_source_and_shows_the_visit_disagreement(
        dossier: Dossier) -> None:
    md = to_markdown(dossier)
    assert [x.article for x in dossier.dates] == [a.id for a in dossier.articles]
    dated = {x.article: x for x in dossier.dates}
    lines = _section(md, "## Sources")
    for s in dossier.sources:
        [line] = [x for x in lines if x.startswith(f"{s.number}. ")]
        d = dated[s.articles[0]]
        assert (f"dated {d.working} (" if d.working else "no date") in line
        assert ("is contradicted" in line) == any(c.verdict == "contradicted"
                                                  for c in d.candidates)
    # 000 prints May 18, 2024 in a header line; its text says the visit is still to come
    assert "the printed 2024-05-18 is contradicted" in md
    timeline = [x for x in _section(md, "## Timeline") if x.startswith("- **")]
    assert len(timeline) == len(dossier.timeline) > 0
    disagree = "\n".join(_section(md, "## Where the outlets disagree"))
    assert '"March 20-23" [' in disagree and '"March 20 to 22" [' in disagree
