"""Facts, not sentences: outlets that wrap one fact in details of their own still corroborate
it; a sentence that states two facts joins each in its own claim; same people, different
facts stay apart. Sentences written for these tests (no benchmark text)."""

from __future__ import annotations

import pytest
from factories import read_dated

from storyweave import read_text, weave
from storyweave.model import Dossier
from storyweave.nlp import annotate
from storyweave.spanattrs import fact_attrs

pytestmark = pytest.mark.slow  # every test weaves (spaCy, MiniLM)

FILLER = [
    "The harbour authority said ferries would run on a reduced timetable until further notice.",
    "Local schools planned a fundraising concert for the library at the end of the month.",
    "A new cycling path along the river is expected to open in the spring.",
    "The council also approved a budget for repairing roads in the northern district.",
]


def _story(leads: list[str]) -> Dossier:
    return weave([read_text(f"{lead}\n\n{FILLER[i]}", f"outlet{i}.txt")
                  for i, lead in enumerate(leads)])


def _claims_of(d: Dossier, *needles: str) -> list:
    """Claims whose passages all lie in sentences that hold one of ``needles``."""
    out = []
    for c in d.claims:
        texts = [d.article(p.article).text for p in c.passages]
        if all(any(n in t for n in needles) for t in texts):
            out.append(c)
    return out


def test_a_sentence_that_states_two_facts_is_two_units():
    [a] = annotate([read_text("A strong earthquake struck the coastal town of Velmora on "
                              "Tuesday morning, killing at least eleven people in the old "
                              "market.", "a.txt")]).articles
    facts = [f for f in a.spans if f.label == "fact"]
    assert len(facts) == 2
    texts = [" ".join(a.text[s:e] for s, e in fact_attrs(f)["parts"]) for f in facts]
    assert any("struck the coastal town" in t and "eleven" not in t for t in texts)
    assert any("killing at least eleven people" in t for t in texts)
    # every part is an exact range of the text, inside the fact's span
    for f in facts:
        for s, e in fact_attrs(f)["parts"]:
            assert f.start <= s < e <= f.end


def _fact_texts(text: str) -> list[str]:
    [a] = annotate([read_text(text, "a.txt")]).articles
    return [" ".join(a.text[s:e] for s, e in fact_attrs(f)["parts"])
            for f in a.spans if f.label == "fact"]


def test_a_unit_cut_at_a_conjunction_keeps_none_of_its_words():
    # "as well as" is three words; the unit before it ends on its fact, not on "as well"
    # (the example story: "She also provided diplomatic support to Moscow, as well")
    texts = _fact_texts("The ministry also sent medical teams to the province, as well as "
                        "expand its support by funding new clinics and training local nurses.")
    assert any(t.endswith("to the province") for t in texts), texts
    assert not any(t.rstrip(" ,").endswith("as well") for t in texts), texts
    # what a conjunction governs after it stays: "rather than pro-league money" (the parse
    # hangs "money" on "than"; the clause ends there)
    texts = _fact_texts("According to the club's own newsletter, it's settled, and as long "
                        "as the new coach can adjust himself to earning college money rather "
                        "than pro-league money, he's expected to sign.")
    assert any(t.rstrip(".,").endswith("pro-league money") for t in texts), texts


def test_a_unit_keeps_the_closing_mark_of_a_quote_it_opens():
    # the unit ends on the quoted word: its closing mark is the unit's, not an edge to trim
    texts = _fact_texts('The ministry has repeatedly rejected the reports, calling them '
                        '"pure invention" and instead accusing the opposition of spreading '
                        'panic.')
    assert any(t.endswith('calling them "pure invention"') for t in texts), texts


def test_four_outlets_wrapping_one_fact_in_their_own_details_give_one_claim():
    d = _story([
        "Mayor Ellen Vasquez was forced into an April runoff on Tuesday, despite outspending "
        "her rivals three to one.",
        "Despite a last-minute rally with the governor, Mayor Ellen Vasquez was forced into an "
        "April runoff.",
        "Mayor Ellen Vasquez, who won her first term in 2019, was forced into an April runoff "
        "after failing to win a majority.",
        "With most precincts counted, Mayor Ellen Vasquez was forced into an April runoff, "
        "her campaign said late Tuesday.",
    ])
    runoff = [c for c in d.claims if "runoff" in c.text]
    best = max(runoff, key=lambda c: c.corroboration)
    assert best.corroboration == 4
    # the one fact is one claim: no second claim of two or more outlets about the runoff
    assert [c for c in runoff if c.corroboration >= 2] == [best]


def test_a_sentence_stating_two_facts_joins_two_claims():
    d = _story([
        "A strong earthquake struck the coastal town of Velmora on Tuesday morning, killing at "
        "least eleven people in the old market.",
        "A strong earthquake struck the coastal town of Velmora early on Tuesday, the national "
        "seismology office reported.",
        "The earthquake killed at least eleven people in the old market, rescue officials "
        "said.",
    ])
    struck = [c for c in d.claims if c.corroboration >= 2 and "struck" in c.text]
    killed = [c for c in d.claims if c.corroboration >= 2 and ("killed" in c.text
                                                                 or "killing" in c.text)]
    assert struck and killed and {c.id for c in struck}.isdisjoint({c.id for c in killed})
    first = d.sources[0].key
    assert first in struck[0].sources and first in killed[0].sources


def test_same_people_different_facts_stay_apart():
    d = _story([
        "Prime Minister Ilse Marten met President Tomas Ruud in Oslo on Monday to sign a "
        "fisheries agreement.",
        "Prime Minister Ilse Marten criticised President Tomas Ruud over his handling of the "
        "pension reform last year.",
    ])
    assert not [c for c in d.claims if c.corroboration >= 2]


def test_a_rounding_is_no_contradiction_and_a_different_count_is():
    # shown as such (schema 2.10): one figure rounded two ways, not a contradiction
    rounded = _story([
        "The incumbent won 45.4 percent of the vote in the first round on Sunday.",
        "The incumbent won 45 percent of the vote in the first round on Sunday.",
    ])
    assert [x.relation for x in rounded.discrepancies if x.kind == "number"] == ["rounding"]
    counted = _story([
        "Eleven people were killed when the bridge collapsed on Sunday, police said.",
        "Fourteen people were killed when the bridge collapsed on Sunday, police said.",
    ])
    found = [x for x in counted.discrepancies if x.kind == "number"]
    assert found and {v.key for v in found[0].values} == {"11", "14"}
    assert found[0].relation == "contradiction"


def test_a_promo_line_and_an_inline_credit_are_never_facts():
    credit = "( photo: Jan Olsen, Getty Images )"
    promo = "Interested in Earthquakes? Add Earthquakes as an interest to stay up to date."
    d = weave([read_text(f"A strong earthquake struck Velmora on Tuesday. {credit} Rescue teams "
                         f"searched the old market through the night.\n\n{promo}", "a.txt"),
               read_text("A strong earthquake struck Velmora on Tuesday, officials said.\n\n"
                         f"{promo}", "b.txt")])
    said = [d.quote(p) for c in d.claims for p in c.passages] + [s.text for s in d.summary]
    assert said and not any("Getty" in t or "Interested in" in t for t in said)


def test_a_weekday_in_a_report_the_story_dates_resolves_to_nothing():
    from storyweave.model import ArticleDate, DateConfidence
    from storyweave.weaving.chronology.dating import resolve_relative

    [a] = annotate([read_text("The mayor resigned on Friday, a month after the scandal broke "
                              "last month, officials said. Her deputy left this afternoon.",
                              "a.txt")]).articles

    def resolved_texts(source: str, confidence: DateConfidence) -> set[str]:
        d = ArticleDate(a.id, "2023-03-17", source, None, None, confidence)
        [b] = resolve_relative([a], [d])
        return {b.text[s.start:s.end] for s in b.spans
                if s.label == "date" and s.attrs.get("start")}

    # its own writing day: the weekday is a day
    assert {"Friday", "last month"} <= resolved_texts("html", DateConfidence.MEDIUM)
    assert {"Friday", "last month"} <= resolved_texts("content", DateConfidence.MEDIUM)
    # a day the story lent it, or a wide guess from its own text: the weekday would be a
    # guess, the month is still known
    assert "this afternoon" in resolved_texts("html", DateConfidence.MEDIUM)
    for source in ("story", "content"):
        guessed = resolved_texts(source, DateConfidence.LOW)
        assert "last month" in guessed, source
        assert not {"Friday", "this afternoon"} & guessed, source


def test_an_apposition_is_cited_with_the_noun_it_describes():
    text = ("The fire started in a warehouse owned by Brannock Holdings Ltd., a frozen food "
            "distributor with depots in three provinces.")
    [a] = annotate([read_text(text, "a.txt")]).articles
    cited = [a.text[f.start:f.end] for f in a.spans if f.label == "fact"]
    assert ("Brannock Holdings Ltd., a frozen food distributor with depots in three provinces"
            in cited), cited


@pytest.mark.parametrize(("text", "date"), [
    ("The final will be broadcast live on Cup Sunday, March 2, 2014, on the national network.",
     "March 2, 2014"),
    ("According to the city attorney's office, the tenant's case had not been submitted as of "
     "Tuesday, February 3, 2009.", "February 3, 2009"),
    ("The mayor opened the new bridge during a ceremony in the harbour Monday, July 13, 2009.",
     "July 13, 2009"),
])
def test_a_date_beside_a_day_is_no_fact_of_its_own(text: str, date: str):
    [a] = annotate([read_text(text, "a.txt")]).articles
    cited = [a.text[f.start:f.end] for f in a.spans if f.label == "fact"]
    # one fact, dated: the date stays with what happened on it
    assert len(cited) == 1 and date in cited[0], cited


def test_an_adjunct_telling_an_event_of_its_own_is_a_unit_with_the_subject_it_shares():
    text = ("A Norwegian sailor was rescued on Sunday after drifting for three days near the "
            "Faroe Islands, despite a broken radio and failing engines.")
    [a] = annotate([read_text(text, "a.txt")]).articles
    facts = [f for f in a.spans if f.label == "fact"]
    cited = {a.text[f.start:f.end]: f for f in facts}
    drift = next((f for t, f in cited.items() if t.startswith("after drifting")), None)
    assert drift is not None, list(cited)
    assert "rescued" not in a.text[drift.start:drift.end]
    # who drifted: the subject of the verb the adjunct qualifies, read with the unit
    context = " ".join(a.text[s:e] for s, e in fact_attrs(drift)["context"])
    assert "sailor" in context
    assert any(t.startswith("despite a broken radio") for t in cited), list(cited)
    # "charged with stealing": what the verb states is not cut from it
    charged = ("Prosecutors in Lyon charged the night guard with stealing three paintings "
               "from the museum's storage rooms.")
    [b] = annotate([read_text(charged, "b.txt")]).articles
    assert len([f for f in b.spans if f.label == "fact"]) == 1




def test_a_later_count_is_an_update_and_a_same_day_count_a_contradiction():
    earlier = ("Eleven people were killed when the bridge over the Velm river collapsed, "
               "police said.")
    later = ("Fourteen people were killed when the bridge over the Velm river collapsed, "
             "police said.")

    def found(day_a: str, day_b: str):
        d = weave([read_dated(earlier, "a.txt", day_a), read_dated(later, "b.txt", day_b)])
        return [x for x in d.discrepancies if x.kind == "number"], d

    from storyweave.render import to_html, to_markdown

    [update], d = found("2023-03-01", "2023-03-02")
    assert update.relation == "update"
    # shown as such in both views
    assert "**number** (a later count, not a contradiction)" in to_markdown(d)
    assert "(a later count, not a contradiction)" in to_html(d)
    [same_day], d = found("2023-03-02", "2023-03-02")
    assert same_day.relation == "contradiction"
    assert "a later count" not in to_markdown(d)
    [fell], _ = found("2023-03-02", "2023-03-01")  # the larger count was written first
    assert fell.relation == "contradiction"


def test_a_measure_reported_later_is_no_later_count():
    from storyweave.model import Passage, StatedValue
    from storyweave.weaving.discrepancies import relation

    def told(key: str, article: str) -> StatedValue:
        return StatedValue(key, key, (Passage(article, 0, 5),))

    written = {"a": "2007-04-09", "b": "2007-04-10"}
    # a toll that rose from one day to the next is an update; the chase's top speed is not
    assert relation("number", [told("3", "a"), told("4", "b")], written) == "update"
    assert relation("number", [told("100 mph", "a"), told("120 mph", "b")],
                    written) == "contradiction"
    assert relation("number", [told("600 m", "a"), told("700 m", "b")],
                    written) == "contradiction"


def test_a_summary_sentence_tells_every_fact_of_its_statement():
    from storyweave.weaving.align.claims import build_claims, sources_of
    from storyweave.weaving.align.grouping import informative_entities
    from storyweave.weaving.align.stage import align
    from storyweave.weaving.summary import sentence_facts

    leads = [
        "A strong earthquake struck the coastal town of Velmora on Tuesday morning, killing at "
        "least eleven people in the old market.",
        "A strong earthquake struck the coastal town of Velmora early on Tuesday, killing at "
        "least eleven people near the old market.",
    ]
    annotations = annotate([read_text(t, f"{i}.txt") for i, t in enumerate(leads)])
    aligned = align(annotations)
    articles = annotations.articles
    claims, _ = build_claims(articles, aligned.units, aligned.vectors, aligned.groups,
                             sources_of(articles), informative_entities(aligned.units),
                             aligned.judge)
    told, texts = sentence_facts(articles, aligned.units, claims)
    shared = [i for i, c in enumerate(claims) if c.corroboration == 2]
    assert len(shared) == 2  # the quake, the toll
    for i in shared:
        assert texts[i] in leads  # the whole statement is printed
        assert set(shared) <= told[i]  # ... and it tells both facts


def _three_claims() -> list:
    """Claims of 3, 2 and 1 sources, ranked in that order."""
    from storyweave.model import Claim, Passage

    def claim(n: int, sources: int) -> Claim:
        p = Passage(f"a{n}", 0, 10)
        return Claim(id=f"c{n}", passages=[p], sources=[f"s{k}" for k in range(sources)],
                     representative=p, text=f"fact {n}", centrality=0.5)

    return [claim(0, 3), claim(1, 2), claim(2, 1)]


def test_the_summary_skips_a_fact_a_printed_sentence_already_tells():
    import numpy as np

    from storyweave.weaving.summary import select

    claims = _three_claims()
    vectors = np.eye(3, dtype=np.float32)  # no two alike: only the facts told can skip
    # claim 0's sentence also tells claim 1's fact
    assert select(claims, vectors, 3, states=[{0, 1}, {1}, {2}]) == [0, 2]
    assert select(claims, vectors, 3, states=[{0}, {1}, {2}]) == [0, 1, 2]
    # a candidate whose sentence tells a printed main fact is skipped too
    assert select(claims, vectors, 3, states=[{0}, {0, 1}, {2}]) == [0, 2]


def test_the_summary_skips_a_sentence_the_pair_scorer_calls_a_repeat():
    import numpy as np

    from storyweave.weaving.summary import select

    claims = _three_claims()
    vectors = np.eye(3, dtype=np.float32)
    # the grouping kept claims 0 and 1 apart, but their printed sentences tell one fact
    asked: list[tuple[int, int]] = []

    def repeats(i: int, j: int) -> bool:
        asked.append((i, j))
        return {i, j} == {0, 1}

    assert select(claims, vectors, 3, repeats=repeats) == [0, 2]
    assert (0, 1) in asked  # each candidate is checked against what was printed before it
    assert select(claims, vectors, 3, repeats=lambda i, j: False) == [0, 1, 2]


def test_a_repeat_is_two_printed_sentences_with_units_of_one_fact():
    from types import SimpleNamespace

    from storyweave.model import Article, Claim, Passage
    from storyweave.weaving.summary import repeat_check

    articles = [Article(id="a", source="a.txt", text="One. Two.", format="txt"),
                Article(id="b", source="b.txt", text="Uno. Dos. Tres.", format="txt")]

    def unit(article: int, statement: tuple[int, int]) -> SimpleNamespace:
        return SimpleNamespace(article=article, statement=statement, start=statement[0],
                               end=statement[1])

    # units 0, 1: a's two statements; 2, 3: b's first two; 4: b's third, printed for no
    # claim but a passage of claim 3
    units = [unit(0, (0, 4)), unit(0, (5, 9)), unit(1, (0, 4)), unit(1, (5, 9)),
             unit(1, (10, 15))]
    scores = {(0, 2): 0.7, (1, 3): 0.45, (0, 1): 0.9, (1, 4): 0.8}

    def judge(x: int, y: int) -> SimpleNamespace:
        return SimpleNamespace(same_fact=scores.get((min(x, y), max(x, y)), 0.0))

    def claim(n: int, *spans: tuple[str, int, int]) -> Claim:
        passages = [Passage(*sp) for sp in spans]
        return Claim(id=f"c{n}", passages=passages, sources=["s"],
                     representative=passages[0], text="")

    printed = [("a", 0, 4), ("a", 5, 9), ("b", 0, 4), ("b", 5, 9)]
    claims = [claim(0, ("a", 0, 4)), claim(1, ("a", 5, 9)), claim(2, ("b", 0, 4)),
              claim(3, ("b", 5, 9), ("b", 10, 15))]
    repeats = repeat_check(printed, claims, articles, units, judge,  # type: ignore[arg-type]
                           threshold=0.5)
    assert repeats(0, 2)  # a's first statement and b's first tell one fact (0.7)
    assert repeats(1, 3)  # through claim 3's other passage (unit 4: 0.8), not its printed one
    assert not repeats(0, 3)
    assert not repeats(0, 1)  # one article's two statements are never compared (0.9)
    scores[(1, 4)] = 0.0
    assert not repeat_check(printed, claims, articles, units, judge,  # type: ignore[arg-type]
                            threshold=0.5)(1, 3)  # 0.45 is under the threshold ...
    assert repeat_check(printed, claims, articles, units, judge,  # type: ignore[arg-type]
                        threshold=0.4)(1, 3)  # ... and over this one


def _one_sentence_reports(texts: dict[str, str]):
    """Articles of one statement each (their whole text), one fact unit per article, and a
    maker of claims over them (their passages the whole texts, the first one's the
    representative): what ``printed_statements`` reads."""
    from types import SimpleNamespace

    from storyweave.model import Article, Claim, Passage

    articles = [Article(id=k, source=f"{k}.txt", text=t, format="txt")
                for k, t in texts.items()]
    units = [SimpleNamespace(article=n, start=0, end=len(t), statement=(0, len(t)))
             for n, t in enumerate(texts.values())]

    def claim(*ids: str) -> Claim:
        ps = [Passage(k, 0, len(texts[k])) for k in ids]
        return Claim(id="c", passages=ps, sources=list(ids), representative=ps[0], text="")

    return articles, units, claim


def test_the_summary_prints_no_stray_closing_quote_mark():
    from storyweave.weaving.summary import printed_statements

    texts = {"a": 'The arms were taken on board, which will be handed over," he added.',
             "b": "The pirates were taken on board and handed over in Djibouti.",
             "c": '"The pirates were taken on board and will be handed over in Djibouti.',
             "d": '“The arms were taken on board,” the officer said.'}
    articles, units, claim = _one_sentence_reports(texts)
    printed = printed_statements(articles, units, [claim("a", "b"), claim("a"),  # type: ignore[arg-type]
                                                   claim("c", "b"), claim("d", "b")])
    assert [p[0] for p in printed] == [
        "b",  # "a" closes a quotation it never opened: another outlet's words instead
        "a",  # ... unless no other outlet states the fact
        "c",  # a quotation opened and going on in the next sentence reads as news prints it
        "d"]  # a whole quotation in curly marks


def test_no_two_summary_sentences_tell_one_fact():
    # Each outlet packs the quake and the toll into one sentence: a summary sentence printed
    # for one fact tells the other too, and the other's sentence must not be printed again.
    d = _story([
        "A strong earthquake struck the coastal town of Velmora on Tuesday morning, killing at "
        "least eleven people in the old market.",
        "A strong earthquake struck the coastal town of Velmora early on Tuesday, killing at "
        "least eleven people near the old market.",
        "A powerful earthquake struck Velmora on Tuesday, killing at least eleven people in "
        "its old market, officials said.",
    ])

    def tells(sentence, claim) -> bool:
        """A passage of the claim is part of the printed sentence (in its article)."""
        article = d.claim(sentence.claim).representative.article
        return any(p.article == article and d.quote(p) in sentence.text
                   for p in claim.passages)

    shared = [c for c in d.claims if c.corroboration >= 2]
    assert len(shared) >= 2, [c.text for c in d.claims]  # the quake and the toll
    for c in shared:
        assert sum(tells(s, c) for s in d.summary) <= 1, [s.text for s in d.summary]


def test_a_name_the_parser_cut_off_after_a_title_is_no_fact():
    text = ('"There may have been a third manager he was looking for," said Velmora police '
            "Lt. Marta Okonkwo-Reyes. Officers searched the building until midnight, and the "
            "suspect was caught near the river, said Lt. Marta Okonkwo-Reyes.")
    [a] = annotate([read_text(text, "a.txt")]).articles
    facts = [a.text[f.start:f.end] for f in a.spans if f.label == "fact"]
    assert facts and not [f for f in facts if f.strip(". ") == "Marta Okonkwo-Reyes"], facts


@pytest.mark.parametrize("title", ["Lt.", "Sgt.", "Capt.", "Det.", "Cpl.", "SGT."])
def test_a_title_abbreviation_ends_no_sentence_and_leaves_the_fact_its_attribution(title):
    # spaCy's tokenizer split "Lt." in two and the parser ended a sentence there: the fact
    # became "..., Velmora police Lt" and the attribution "Marta Okonkwo said" a fact of its own
    text = (f"Officers found a shotgun and three shells in the car, Velmora police {title} "
            "Marta Okonkwo said.")
    texts = _fact_texts(text)
    assert any(t.startswith("Officers found") and t.endswith("Okonkwo said.") for t in texts), \
        texts
    [a] = annotate([read_text(text, "a.txt")]).articles
    speakers = [a.text[s.start:s.end] for s in a.spans if s.label == "speaker"]
    assert any(sp.endswith("Marta Okonkwo") for sp in speakers), speakers


def test_what_describes_a_thing_said_not_to_exist_is_no_fact_of_its_own():
    # cut from "not seen any", the participle would read "assistance transferring from
    # Velmora to Ostrava", the opposite of what the sentence says
    texts = _fact_texts("As of right now, we have not seen any military assistance "
                        "transferring from Velmora to Ostrava for use on the front line.")
    assert texts == ["As of right now, we have not seen any military assistance transferring "
                     "from Velmora to Ostrava for use on the front line."], texts
    # a thing that exists is still described by a fact of its own, negated verb or not
    texts = _fact_texts("Police have not yet named the man who shot three people at the "
                        "office party in Velmora on Monday.")
    assert any(t.startswith("who shot three people") or "who shot three people" in t
               and not t.startswith("Police") for t in texts), texts


def test_a_summary_sentence_never_opens_on_a_pronoun_another_outlet_names():
    d = _story([
        "Mayor Ann Cole toured the flooded district on Monday. She said the Velm bridge "
        "would reopen in May after repairs to its eastern pier.",
        "Mayor Ann Cole visited the flood zone. She said the Velm bridge would reopen in May "
        "once repairs to the eastern pier are done.",
        "Mayor Ann Cole said the Velm bridge would reopen in May after repairs to its "
        "eastern pier.",
    ])
    [claim] = [c for c in d.claims if "bridge would reopen" in d.quote(c.representative)
               and len({p.article for p in c.passages}) == 3]
    told = [s.text for s in d.summary if s.claim == claim.id]
    assert told == ["Mayor Ann Cole said the Velm bridge would reopen in May after repairs to "
                    "its eastern pier."], [s.text for s in d.summary]


@pytest.mark.parametrize(("text", "quote", "speaker", "own"), [
    ("I'd like to thank the Academy and my family.", None, None, True),
    ("I confirmed yesterday that the mayor had accepted.", None, None, True),
    ("We take these issues very seriously.", None, None, True),
    ('"We will rebuild the bridge," Mayor Ann Cole said.', (1, 26), "Mayor Ann Cole", False),
    ('"We will rebuild the bridge," she said.', (1, 26), "she", True),  # nobody named
    ("The mayor said the bridge would reopen in May.", None, None, False),
    # no name the parse could read, but someone said it: a text that capitalises only its
    # sentences' first words
    ('"we will rebuild the bridge," ann cole said.', None, None, False),
    ('"we will rebuild the bridge," said the mayor on Monday.', None, None, False),
    ('"we will rebuild the bridge," he said on Monday.', None, None, True),
    ("Flights to the US resumed on Monday.", None, None, False),  # the country, not "us"
])
def test_someones_own_words_with_no_name_on_them_are_voiced(text, quote, speaker, own):
    from storyweave.labels import Label
    from storyweave.model import Article, Span
    from storyweave.weaving.summary import voiced

    spans = []
    if quote is not None:
        at = text.index(speaker)
        spans.append(Span(*quote, Label.QUOTE, {"speaker": [at, at + len(speaker)]}))
    article = Article(id="a", source="a.txt", text=text, format="txt", spans=spans)
    assert voiced(article, 0, len(text)) is own


@pytest.mark.parametrize(("text", "bare"), [
    ("I confirmed yesterday that the mayor had accepted.", True),
    ("We take these issues very seriously.", True),
    ('"We will rebuild the bridge," she said.', False),  # somebody's, in its report
    ('"We will rebuild the bridge.', False),  # a quotation its next sentence goes on with
    ("We will rebuild the bridge, the mayor said.", False),
    ("The mayor will rebuild the bridge.", False),
])
def test_a_first_person_sentence_quoting_and_reporting_no_one_is_unattributed(text, bare):
    from storyweave.model import Article
    from storyweave.weaving.summary import unattributed

    article = Article(id="a", source="a.txt", text=text, format="txt")
    assert unattributed(article, 0, len(text)) is bare


def test_a_report_set_in_lower_case_is_never_voiced():
    from storyweave import read_text
    from storyweave.weaving.summary import unattributed, voiced

    lower = read_text("we take these issues very seriously and we will look into every "
                      "part of what happened on the night, the team said in a statement.\n\n"
                      "the player was released on bail early on sunday morning after the "
                      "stop on the highway, his lawyer told reporters.", "a.txt")
    assert lower.get("case") == "lower"
    assert not voiced(lower, 0, lower.text.index(","))
    assert not unattributed(lower, 0, lower.text.index(","))


def test_the_summary_picks_an_unnamed_voice_last_and_prints_the_outlet_that_names_it():
    from types import SimpleNamespace

    import numpy as np

    from storyweave.labels import Label
    from storyweave.model import Article, Claim, Passage, Span
    from storyweave.weaving.summary import printed_statements, select

    claims = _three_claims()
    vectors = np.eye(3, dtype=np.float32)
    # the best-ranked claim's sentence is its writer's own voice, naming no one: left
    # out of two sentences, printed (in reading order) when there is room for three
    assert select(claims, vectors, 3, own=[True, False, False], sentences=2) == [1, 2]
    assert select(claims, vectors, 3, own=[False, False, False], sentences=2) == [0, 1]
    assert select(claims, vectors, 3, own=[True, False, False]) == [0, 1, 2]
    # one outlet prints the words bare, another names the speaker: the second is printed
    texts = {"a": "I am so excited to host the awards again.",
             "b": '"I am so excited to host the awards again," Ellen Marsh said.'}
    at = texts["b"].index("Ellen")
    quote = Span(1, 41, Label.QUOTE, {"speaker": [at, at + len("Ellen Marsh")]})
    articles = [Article(id="a", source="a.txt", text=texts["a"], format="txt"),
                Article(id="b", source="b.txt", text=texts["b"], format="txt", spans=[quote])]
    units = [SimpleNamespace(article=n, start=0, end=len(t), statement=(0, len(t)))
             for n, t in enumerate(texts.values())]
    ps = [Passage(k, 0, len(texts[k])) for k in texts]
    claim = Claim(id="c", passages=ps, sources=["a", "b"], representative=ps[0], text="")
    assert [p[0] for p in printed_statements(articles, units, [claim])] == ["b"]  # type: ignore[arg-type]


def test_a_clause_cut_at_its_conjunction_prints_another_outlets_sentence_or_from_its_subject():
    from storyweave.weaving.summary import printed_statements, sentence_facts

    texts = {"a": "but Lars Odegaard refused to leave the car, the charges say.",
             "b": "Lars Odegaard refused to leave the car, police said."}
    articles, units, claim = _one_sentence_reports(texts)
    claims = [claim("a", "b"), claim("a")]
    printed = printed_statements(articles, units, claims)  # type: ignore[arg-type]
    assert [p[0] for p in printed] == ["b", "a"]
    _, said = sentence_facts(articles, units, claims, printed)  # type: ignore[arg-type]
    assert said == [texts["b"], "Lars Odegaard refused to leave the car, the charges say."]
