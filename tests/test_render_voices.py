"""The Voices fields in the JSON and Markdown dossier: entities, quotes, quote groups (with
their quote discrepancy) and framing, written with source numbers and exact spans and read
back exactly. The records are built by hand: what is tested is the rendering."""

from __future__ import annotations

import json
from dataclasses import replace

from test_render import _at, _hand_dossier

from storyweave.model import (
    SCHEMA_VERSION,
    Discrepancy,
    Dossier,
    Entity,
    Framing,
    Mention,
    OutletFraming,
    Quote,
    QuoteGroup,
    QuoteVariant,
    StatedValue,
    TermUse,
    VoiceCount,
    WordingChoice,
)
from storyweave.render import from_dict, to_dict, to_json, to_markdown


def _voiced() -> Dossier:
    d = _hand_dossier()
    said = _at("a1", "the ministry said")
    q1 = Quote("q1", _at("a1", "Xi will visit Moscow from March 20-23"), "direct", "e2",
               _at("a1", "the ministry"), _at("a1", "said"), None)
    q2 = Quote("q2", _at("a3", "The visit runs from March 20 to 22"), "reported", "e2",
               _at("a3", "officials"), _at("a3", "said"), "officials")
    entities = [
        Entity("e1", "Xi", "PERSON", ("Xi",), ("leader",),
               [Mention(_at("a1", "Xi"), "Xi"), Mention(_at("a2", "Xi"), "Xi")],
               {"outlet:a1": 1, "outlet:a2": 1}, "China"),
        Entity("e2", "Foreign Ministry", "ORG", ("the ministry", "officials"), (),
               [Mention(_at("a1", "the ministry"), "the ministry")], {"outlet:a1": 1}, None),
    ]
    group = QuoteGroup("g1", "e2", [QuoteVariant("q1", (_at("a1", "23"),)),
                                    QuoteVariant("q2", (_at("a3", "22"),))],
                       ["outlet:a1", "outlet:a3"], ["c1"], True)
    wording = Discrepancy("quote", (
        StatedValue("March 20-23", "march 20 23", (_at("a1", "March 20-23"),)),
        StatedValue("March 20 to 22", "march 20 22", (_at("a3", "March 20 to 22"),))),
        ("c1",), "g1")
    framing = Framing(
        outlets=[OutletFraming("outlet:a1", [VoiceCount("e2", "Foreign Ministry", 1)],
                               [VoiceCount("unknown", "unknown", 1)], 2, []),
                 OutletFraming("outlet:a2", [], [], 1, []),
                 OutletFraming("outlet:a3", [VoiceCount("e2", "Foreign Ministry", 1)],
                               [VoiceCount("unknown", "unknown", 1)], 1, [])],
        coverage=[("c1", ("outlet:a1", "outlet:a2", "outlet:a3")), ("c2", ("outlet:a1",))],
        wording=[WordingChoice("the war", None, (
            TermUse("visit", ("outlet:a1", "outlet:a2"), (_at("a1", "visit"), _at("a2", "visit"))),
        ))])
    assert said  # the span exists in the text
    return replace(d, entities=entities, quotes=[q1, q2], quote_groups=[group],
                   discrepancies=[wording], framing=framing)


def test_voices_round_trip_through_json_exactly() -> None:
    d = _voiced()
    again = from_dict(json.loads(to_json(d)))
    assert again.entities == d.entities
    assert again.quotes == d.quotes
    assert again.quote_groups == d.quote_groups
    assert again.framing == d.framing
    assert again.discrepancies == d.discrepancies
    assert to_dict(again) == to_dict(d)
    assert to_markdown(again) == to_markdown(d)


def test_json_writes_voices_with_source_numbers() -> None:
    data = to_dict(_voiced())
    assert data["schema_version"] == SCHEMA_VERSION
    e1 = data["entities"][0]
    assert e1["sources"] == [{"source": 1, "mentions": 1}, {"source": 2, "mentions": 1}]
    assert e1["country"] == "China" and e1["mentions"][1]["source"] == 2
    q2 = data["quotes"][1]
    assert q2["content"]["source"] == 3 and q2["kind"] == "reported" and q2["role"] == "officials"
    assert data["quote_groups"][0]["sources"] == [1, 3]
    assert data["discrepancies"][0]["quote_group"] == "g1"
    assert data["framing"]["coverage"][1] == {"claim": "c2", "sources": [1]}
    assert data["framing"]["wording"][0]["uses"][0]["sources"] == [1, 2]


def test_a_1_3_file_reads_as_having_no_voices() -> None:
    data = to_dict(_voiced())
    for field in ("entities", "quotes", "quote_groups", "framing"):
        del data[field]
    data["schema_version"] = "1.3"
    old = from_dict(data)
    assert old.entities == [] and old.quotes == [] and old.quote_groups == []
    assert old.framing is None
    assert "## Who is quoted" not in to_markdown(old)


def test_markdown_shows_quote_groups_speakers_framing_and_entities() -> None:
    md = to_markdown(_voiced())
    # the variant wordings side by side, the differing words in bold, with their markers
    assert "- **Foreign Ministry**, quoted by 2 sources in different words:" in md
    assert "  - [1] direct: “Xi will visit Moscow from March 20-**23**”" in md
    assert "  - [3] reported: “The visit runs from March 20 to **22**”" in md
    # the quote discrepancy names whose words differ
    assert "- **quote** of Foreign Ministry, in “" in md
    assert "| Foreign Ministry |  | 2 | 1 |  | 1 |" in md
    assert "| [1] Alpha News | Foreign Ministry 1 | unknown 1 | 2 | 0 |" in md
    assert "- **the war**: visit [1][2]" in md
    assert "| Xi | PERSON | China |  | leader | [1]×1 [2]×1 |" in md
    order = [md.index(h) for h in ("## Where the outlets disagree", "## Exclusives",
                                   "## Quoted by several outlets", "## Who is quoted",
                                   "## How each outlet frames the story", "## Entities",
                                   "## Citations")]
    assert order == sorted(order)


def test_unnamed_speakers_are_shown_by_how_the_articles_describe_them() -> None:
    from storyweave.render import html_sections
    from storyweave.render.html import render_section
    from storyweave.render.html_view import Anchors

    d = _voiced()
    # three quotes no entity holds: "officials" twice (as written, in lower case), "He" once
    # (a pronoun names no one)
    unnamed = [Quote("q3", _at("a1", "He will meet Putin"), "reported", None,
                     _at("a3", "officials"), None, None),
               Quote("q4", _at("a3", "The visit runs"), "reported", None,
                     _at("a3", "officials"), None, None),
               Quote("q5", _at("a2", "Talks are planned"), "reported", None,
                     _at("a1", "He"), None, None)]
    d = replace(d, quotes=d.quotes + unnamed)
    md = to_markdown(d)
    assert "| unnamed speaker | officials ×2 | 3 |" in md
    html = render_section(html_sections.quotes_by_speaker(d, Anchors(d)))
    # the two unnamed quotes, and the ministry's, whose article gives "officials" as its role
    assert html.count('class="by">reported, officials ') == 3
    assert 'class="by">reported, he ' not in html.lower()


def test_unnamed_descriptions_with_and_without_an_article_are_counted_together() -> None:
    from storyweave.model import Passage
    from storyweave.render.phrases import unnamed_descriptions

    text = "The charges say so. Charges say more. A neighbor said it. He said."

    class _Text:
        def quote(self, p: Passage) -> str:
            return text[p.start:p.end]

    def said_by(words: str, nth: int = 0) -> Quote:
        start = [i for i in range(len(text)) if text.startswith(words, i)][nth]
        return Quote("q", Passage("a", 0, 1), "reported", None,
                     Passage("a", start, start + len(words)), None, None)

    quotes = [said_by("The charges"), said_by("Charges"), said_by("A neighbor"),
              said_by("He")]
    assert unnamed_descriptions(_Text(), quotes) == "the charges ×2; a neighbor"  # type: ignore[arg-type]
