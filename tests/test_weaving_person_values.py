"""A person's age or rank given two ways by two outlets is a disagreement about that person,
shown in every view; one outlet giving two ages, a later report a year older, an age nobody
contradicts, a rank written short or an office that is no rank is none. A name written with
and without its middle name is one person, so the ages of both forms are compared.
Sentences written for these tests (no benchmark text)."""

from __future__ import annotations

import pytest
from factories import make_article, read_dated

from storyweave import weave
from storyweave.model import Entity, Mention, Passage
from storyweave.weaving.voices.attributes import _rank, person_discrepancies, read_ages
from storyweave.weaving.voices.names import one_person_forms


def _ages_in(text: str, name: str) -> list[tuple[int, str]]:
    at = text.index(name)
    return [(age, text[a:b]) for age, a, b in read_ages(text, at, at + len(name))]


@pytest.mark.parametrize(("text", "name", "ages"), [
    ("Dana Whitlock, 47, of Harwood was arrested.", "Dana Whitlock", [(47, "47")]),
    ("The driver was Dana Whitlock, 47.", "Dana Whitlock", [(47, "47")]),
    ("Dana Whitlock (47) was arrested.", "Dana Whitlock", [(47, "47")]),
    ("Dana Whitlock, aged 47, was arrested.", "Dana Whitlock", [(47, "47")]),
    ("A 47-year-old Dana Whitlock was arrested.", "Dana Whitlock", [(47, "47-year-old")]),
    ("The 47-year-old Irishman Dana Whitlock was arrested.", "Dana Whitlock",
     [(47, "47-year-old")]),
    # the age of someone else, a count, a date, a list: no age of hers
    ("The 8-year-old son of Dana Whitlock was safe.", "Dana Whitlock", []),
    ("Dana Whitlock, 47 points ahead, won.", "Dana Whitlock", []),
    ("Dana Whitlock, 2009, was the year.", "Dana Whitlock", []),
    ("Dana Whitlock, 3.5 miles away, heard it.", "Dana Whitlock", []),
])
def test_an_age_is_read_only_where_news_writes_one_next_to_a_name(text, name, ages):
    assert _ages_in(text, name) == ages


def _person(mentions: list[tuple[str, str, str]], texts: dict[str, str]) -> Entity:
    """A PERSON entity named by ``(article, form, written)``: each form's first place in its
    article's text."""
    ms = []
    for aid, form, _ in mentions:
        at = texts[aid].index(form)
        ms.append(Mention(Passage(aid, at, at + len(form)), form))
    return Entity("e1", mentions[0][1], "PERSON", (), (), ms, {})


def _discrepancies(texts: dict[str, str], forms: dict[str, str],
                   written: dict[str, str] | None = None, sources: dict[str, str] | None = None):
    person = _person([(a, f, "") for a, f in forms.items()], texts)
    return person_discrepancies([person], [make_article(t, id=a) for a, t in texts.items()],
                                [], sources or {a: f"s-{a}" for a in texts}, written)


def test_two_outlets_giving_one_person_two_ages_disagree_with_each_age_cited():
    texts = {"a": "Dana Whitlock, 47, of Harwood was arrested on Monday.",
             "b": "Police said 46-year-old Dana Whitlock drove off.",
             "c": "Whitlock, 47, was held overnight."}
    [x] = _discrepancies(texts, {"a": "Dana Whitlock", "b": "Dana Whitlock", "c": "Whitlock"})
    assert x.kind == "age" and x.entity == "e1" and x.relation == "contradiction"
    assert [(v.key, v.text, len(v.passages)) for v in x.values] == [
        ("47", "47", 2), ("46", "46", 1)]
    assert [[texts[p.article][p.start:p.end] for p in v.passages] for v in x.values] == [
        ["47", "47"], ["46-year-old"]]


def test_one_age_one_outlet_with_two_ages_or_a_birthday_between_reports_is_no_disagreement():
    same = {"a": "Dana Whitlock, 47, was arrested.", "b": "Dana Whitlock, 47, drove off."}
    assert _discrepancies(same, {"a": "Dana Whitlock", "b": "Dana Whitlock"}) == []
    # one source (two of its articles) gives two ages: two people, or a misreading
    two = {"a": "Dana Whitlock, 47, was arrested.", "b": "Dana Whitlock, 46, drove off."}
    assert _discrepancies(two, {"a": "Dana Whitlock", "b": "Dana Whitlock"},
                          sources={"a": "s", "b": "s"}) == []
    # a year on, she is a year older: "b" (46) was written in 2023, "a" (47) in 2024
    a_later = {"a": "2024-04-02", "b": "2023-03-01"}
    assert _discrepancies(two, {"a": "Dana Whitlock", "b": "Dana Whitlock"}, a_later) == []
    # ... but not six years older, nor older in the earlier report
    older = {"a": "Dana Whitlock, 52, was arrested.", "b": "Dana Whitlock, 46, drove off."}
    assert len(_discrepancies(older, {"a": "Dana Whitlock", "b": "Dana Whitlock"},
                              a_later)) == 1
    assert len(_discrepancies(two, {"a": "Dana Whitlock", "b": "Dana Whitlock"},
                              {"a": "2023-03-01", "b": "2024-04-02"})) == 1


@pytest.mark.parametrize(("text", "rank"), [
    ("said Commodore Ravi Anand, a navy spokesman", "commodore"),
    ("said navy spokesman Commander Ravi Anand", "commander"),
    ("said navy spokesman Cmdr. Ravi Anand", "commander"),
    ("Lt. Col. Ravi Anand said", "colonel"),
    ("Detective Sgt Ravi Anand said", "sergeant"),
    ("Retired Rear Adm. Ravi Anand said", "admiral"),
    ("Surgeon General Ravi Anand said", None),  # an office, not a rank
    ("Attorney General Ravi Anand said", None),
    ("Detective Ravi Anand said", None),  # no rank: a detective may be a sergeant
])
def test_a_rank_is_read_right_before_a_name_and_written_short_is_the_same(text, rank):
    at = text.index("Ravi Anand")
    assert [r for r, _, _ in _rank(text, at, at + len("Ravi Anand"))] == ([rank] if rank else [])


def test_two_ranks_for_one_person_disagree_and_a_short_form_agrees():
    texts = {"a": "Commodore Ravi Anand, a navy spokesman, said so.",
             "b": "Navy spokesman Commander Ravi Anand said so.",
             "c": "Cmdr. Ravi Anand confirmed it."}
    [x] = _discrepancies(texts, {"a": "Ravi Anand", "b": "Ravi Anand", "c": "Ravi Anand"})
    assert x.kind == "rank" and x.entity == "e1"
    assert [(v.key, v.text, len(v.passages)) for v in x.values] == [
        ("commander", "Commander", 2), ("commodore", "Commodore", 1)]
    assert [texts[p.article][p.start:p.end] for p in x.values[0].passages] == [
        "Commander", "Cmdr."]
    same = {"b": texts["b"], "c": texts["c"]}
    assert _discrepancies(same, {"b": "Ravi Anand", "c": "Ravi Anand"}) == []


def test_a_pronoun_gives_no_age():
    texts = {"a": "Dana Whitlock, 47, was arrested.", "b": "Then he, 46, was seen."}
    person = _person([("a", "Dana Whitlock", ""), ("b", "he", "")], texts)
    found = person_discrepancies([person], [make_article(t, id=a) for a, t in texts.items()],
                              [], {"a": "s1", "b": "s2"})
    assert found == []


@pytest.mark.parametrize(("keys", "groups"), [
    (["anthony phillip lasalle", "anthony lasalle"],
     [["anthony lasalle", "anthony phillip lasalle"]]),
    (["robert j. pickell", "robert pickell", "robert james pickell"],
     [["robert j. pickell", "robert james pickell", "robert pickell"]]),
    (["anthony lacalamita iii", "anthony lacalamita"],
     [["anthony lacalamita", "anthony lacalamita iii"]]),
    # two middles that differ, two suffixes: two people, and the bare name joins neither
    (["george h. w. bush", "george w. bush", "george bush"], []),
    (["hank mercer jr.", "hank mercer sr.", "hank mercer"], []),
    (["luann marie johnson", "luann johnson", "luann rose johnson"], []),
])
def test_a_name_with_and_without_a_middle_name_or_suffix_is_one_person(keys, groups):
    assert sorted(sorted(g) for g in one_person_forms(keys)) == groups




@pytest.mark.slow
def test_an_age_given_two_ways_is_shown_with_its_person_in_every_view():
    from storyweave.render import to_html, to_json, to_markdown

    d = weave([
        read_dated("Climber Robert Alan Fenwick, 32, fell about 600 metres on Saturday, police "
                   "said.\n\nThe hut wardens said the weather had turned quickly in the "
                   "afternoon.", "a.txt", "2023-03-01"),
        read_dated("Police said 31-year-old Robert Fenwick fell about 600 metres on Saturday."
                   "\n\nA rescue helicopter was sent from the village at first light.",
                   "b.txt", "2023-03-01"),
        read_dated("Robert Fenwick, 32, fell about 600 metres on Saturday, police said.\n\nThe "
                   "park will reopen its northern trails next week.", "c.txt", "2023-03-01"),
    ])
    fenwick = [e for e in d.entities if "Fenwick" in e.name]
    assert len(fenwick) == 1, [e.name for e in fenwick]  # the middle name joins them
    [age] = [x for x in d.discrepancies if x.kind == "age"]
    assert age.entity == fenwick[0].id
    assert sorted((v.key, len(v.passages)) for v in age.values) == [("31", 1), ("32", 2)]
    assert f"**age** of {fenwick[0].name}:" in to_markdown(d)
    assert f"</span> of {fenwick[0].name}</p>" in to_html(d)
    assert '"entity": "' + fenwick[0].id + '"' in to_json(d)


def test_a_surname_two_outlets_spell_two_ways_is_a_spelling_disagreement_about_the_person():
    texts = {"a": "Police named Dorian DeMarchetti III, 38. DeMarchetti's lawyer spoke.",
             "b": "The suspect is Dorian DeMarchetti, police said.",
             "c": "The suspect's name is Dorian Marchetti.",
             "d": "Dorian was seen at noon."}
    forms = [("a", "Dorian DeMarchetti III", ""), ("a", "DeMarchetti's", ""),
             ("b", "Dorian DeMarchetti", ""), ("c", "Dorian Marchetti", ""), ("d", "Dorian", "")]
    person = _person(forms, texts)
    [x] = person_discrepancies([person], [make_article(t, id=a) for a, t in texts.items()],
                               [], {a: f"s-{a}" for a in texts})
    assert x.kind == "name" and x.relation == "spelling"
    # each spelling cited by the surname's own words (no suffix, no possessive); the first
    # name alone spells nothing
    assert [(v.text, v.key, [texts[p.article][p.start:p.end] for p in v.passages])
            for v in x.values] == [("DeMarchetti", "demarchetti", ["DeMarchetti"] * 3),
                                   ("Marchetti", "marchetti", ["Marchetti"])]


def test_one_outlet_writing_both_spellings_or_one_spelling_everywhere_is_no_disagreement():
    texts = {"a": "Dorian DeMarchetti was held. Dorian Marchetti spoke.",
             "b": "The suspect is Dorian DeMarchetti."}
    forms = [("a", "Dorian DeMarchetti", ""), ("a", "Dorian Marchetti", ""),
             ("b", "Dorian DeMarchetti", "")]
    person = _person(forms, texts)
    assert person_discrepancies([person], [make_article(t, id=a) for a, t in texts.items()],
                                [], {a: f"s-{a}" for a in texts}) == []
    same = {"a": "Dorian DeMarchetti was held.", "b": "DeMarchetti spoke."}
    person = _person([("a", "Dorian DeMarchetti", ""), ("b", "DeMarchetti", "")], same)
    assert person_discrepancies([person], [make_article(t, id=a) for a, t in same.items()],
                                [], {a: f"s-{a}" for a in same}) == []
