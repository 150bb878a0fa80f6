"""The entity registry: one entity per real person, organisation or place across a story's
articles, whatever form each outlet writes it in, and the speakers quotes name."""

from __future__ import annotations

import random
import re

import pytest
from factories import make_article

from storyweave import read_text
from storyweave.labels import Label
from storyweave.model import Article, Entity, Span
from storyweave.nlp import annotate
from storyweave.weaving.voices import joins as joins_module
from storyweave.weaving.voices.abbreviations import spelt_out
from storyweave.weaving.voices.entities import Registry, build_registry
from storyweave.weaving.voices.names import similar_names

_MARK = re.compile(r"\[\[(.+?)\|([A-Z]+)\]\]")


def _article(marked: str, aid: str) -> Article:
    """An article from text whose entities are marked ``[[Xi Jinping|PERSON]]``, with the
    ENTITY spans spaCy would give (no sentence spans: nothing is taken for a byline)."""
    text, spans, pos, last = [], [], 0, 0
    for m in _MARK.finditer(marked):
        text.append(marked[last:m.start()])
        pos += m.start() - last
        surface, kind = m.group(1), m.group(2)
        spans.append(Span(pos, pos + len(surface), Label.ENTITY,
                          {"type": kind, "key": surface.casefold()}))
        text.append(surface)
        pos += len(surface)
        last = m.end()
    text.append(marked[last:])
    return make_article("".join(text), id=aid, spans=spans, paragraphs=False)


def _story(*marked: str) -> tuple[list[Article], Registry]:
    articles = [_article(t, f"a{i}") for i, t in enumerate(marked)]
    return articles, build_registry(articles, {a.id: f"outlet:{a.id}" for a in articles})


def _named(reg: Registry, name: str) -> Entity:
    found = [e for e in reg.entities if e.name == name]
    assert len(found) == 1, [(e.name, e.aliases) for e in reg.entities]
    return found[0]


def _at(article: Article, surface: str, nth: int = 0) -> tuple[int, int]:
    starts = [m.start() for m in re.finditer(re.escape(surface), article.text)]
    return starts[nth], starts[nth] + len(surface)


def _speaker(article: Article, surface: str, nth: int = 0, **attrs: object) -> Span:
    start, end = _at(article, surface, nth)
    span = Span(start, end, Label.SPEAKER, dict(attrs))
    article.spans.append(span)
    return span


# --- one person, many forms ----------------------------------------------------------------

def test_forms_of_one_name_join_and_titles_become_roles() -> None:
    articles, reg = _story(
        "Chinese leader [[Xi Jinping|PERSON]] will meet Russian President "
        "[[Vladimir Putin|PERSON]]. [[Xi’s|PERSON]] visit was announced by [[Putin|PERSON]].",
        "[[China|GPE]]’s leader [[Xi Jinping|PERSON]] flew in. President [[Xi|PERSON]] met "
        "[[U.S.|GPE]] Secretary of State [[Antony Blinken|PERSON]] last year.",
        "On Thursday, [[China|GPE]]'s new foreign minister, [[Qin Gang|PERSON]], spoke to "
        "[[Xi|PERSON]].",
    )
    xi = _named(reg, "Xi Jinping")
    assert xi.type == "PERSON"
    assert [m.form for m in xi.mentions] == ["Xi Jinping", "Xi", "Xi Jinping", "Xi", "Xi"]
    assert set(xi.aliases) == {"Xi Jinping", "Xi"} and xi.aliases[0] == "Xi"
    assert set(xi.roles) == {"Chinese leader", "China’s leader", "President"}
    assert xi.sources == {"outlet:a0": 2, "outlet:a1": 2, "outlet:a2": 1}
    assert _named(reg, "Vladimir Putin").roles == ("Russian President",)
    assert _named(reg, "Antony Blinken").roles == ("U.S. Secretary of State",)
    assert _named(reg, "Qin Gang").roles == ("China's new foreign minister",)
    # The possessive is no part of the mention; the name's own span is.
    [_, possessive, *_] = xi.mentions
    assert articles[0].text[possessive.passage.start:possessive.passage.end] == "Xi"


def test_a_title_inside_the_entity_span_is_cut_off_into_a_role() -> None:
    _, reg = _story("Chinese foreign ministry [[spokesperson Hua Chunying|PERSON]] said so, "
                    "as did [[Ukrainian President Volodymyr Zelensky|PERSON]].")
    hua = _named(reg, "Hua Chunying")
    assert hua.roles == ("Chinese foreign ministry spokesperson",) and hua.country == "China"
    zelensky = _named(reg, "Volodymyr Zelensky")
    assert zelensky.roles == ("Ukrainian President",) and zelensky.country == "Ukraine"


def test_an_appositive_after_the_name_is_a_role() -> None:
    _, reg = _story(
        "[[Xi|PERSON]] may call [[Volodymyr Zelensky|PERSON]], [[Ukraine|GPE]]’s president, "
        "next week. [[Yuri Ushakov|PERSON]], the [[Russian|NORP]] president’s adviser on "
        "international relations, said so. [[Putin|PERSON]], said [[Xi|PERSON]], is a friend.")
    assert _named(reg, "Volodymyr Zelensky").roles == ("Ukraine’s president",)
    ushakov = _named(reg, "Yuri Ushakov")
    assert ushakov.roles == ("Russian president’s adviser on international relations",)
    assert ushakov.country == "Russia"
    assert _named(reg, "Putin").roles == ()  # "said Xi" is no appositive


def test_spelling_variants_join_and_one_name_of_many_types_is_one_entity() -> None:
    _, reg = _story(
        "[[Volodymyr Zelensky|PERSON]] spoke. [[Zelenskyy|PERSON]] said more, "
        "the [[Kremlin|ORG]] replied.",
        "[[Volodymyr Zelenskyy|PERSON]] and [[Zelensky|PERSON]] are one man; "
        "the [[Kremlin|GPE]] and [[Kremlins|PERSON]] are one body. The [[Kremlin|ORG]] said.",
    )
    zelensky = _named(reg, "Volodymyr Zelensky")
    assert len(zelensky.mentions) == 4 and len(zelensky.sources) == 2
    kremlin = _named(reg, "Kremlin")
    assert kremlin.type == "ORG" and len(kremlin.mentions) == 4
    assert kremlin.aliases[0] == "Kremlin" and "Kremlins" in kremlin.aliases


def test_a_body_s_short_forms_and_its_site_are_the_body_but_not_another_s() -> None:
    _, reg = _story(
        "The [[Portland Trail Blazers|ORG]] fired their coach. The [[Trail Blazers|ORG]] "
        "said the [[Blazers|ORG]] would hire soon, the [[Washington Post|ORG]] reported.",
        "The [[Blazers|ORG]] declined, [[washingtonpost.com|ORG]] said. The "
        "[[MacArthur Foundation|ORG]] and the [[BioLogos Foundation|ORG]] gave money; the "
        "[[Foundation|ORG]] said so. The [[Medical Association of the State of Alabama|ORG]] "
        "and the [[State of Alabama|ORG]] agreed.",
    )
    assert len(_named(reg, "Portland Trail Blazers").mentions) == 4
    assert len(_named(reg, "Washington Post").mentions) == 2
    # a short form that ends two names, or a body inside another's name, stays apart
    for name in ("Foundation", "State of Alabama", "MacArthur Foundation"):
        assert len(_named(reg, name).mentions) == 1


def test_a_company_with_and_without_its_legal_form_is_one_body_but_not_another() -> None:
    _, reg = _story(
        "A gunman opened fire at [[Harlow Seed Supply Ltd.|ORG]] on Friday.",
        "[[Harlow Seed Supply Limited|ORG]] said two workers were hurt. [[Acme Corp.|ORG]] "
        "and [[Acme Foods Inc.|ORG]] sent flowers.",
        "Police were called to [[HarlowSeed Supply|ORG]] at 9 p.m. [[Acme|ORG]] said so.",
    )
    harlow = [e for e in reg.entities if "Supply" in e.name]
    assert len(harlow) == 1 and len(harlow[0].mentions) == 3, [e.name for e in harlow]
    assert len(_named(reg, "Acme Corp.").mentions) == 2  # "Acme" is Acme Corp.
    assert len(_named(reg, "Acme Foods Inc.").mentions) == 1  # another company
    # without a legal form anywhere, blanks alone join nothing: two names may be two bodies
    _, reg = _story("[[Harlow Seed|ORG]] opened.", "[[HarlowSeed|ORG]] closed.")
    assert len(reg.entities) == 2


def test_a_place_written_with_its_words_short_or_spelt_out_is_one_place() -> None:
    _, reg = _story(
        "The climber fell near [[Mt Harrow Village|GPE]] on [[Fifth St.|FAC]].",
        "Rescuers flew to [[Mount Harrow Village|LOC]] and to [[St. Ives|GPE]].",
        "He was taken from [[Mt. Harrow Village|LOC]] past [[Fifth Street|FAC]] to "
        "[[Saint Ives|GPE]].",
    )
    assert len(_named(reg, "Mt Harrow Village").mentions) == 3
    assert len([e for e in reg.entities if "Fifth" in e.name][0].mentions) == 2
    assert len([e for e in reg.entities if "Ives" in e.name][0].mentions) == 2
    assert len(reg.entities) == 3, [e.name for e in reg.entities]


@pytest.mark.parametrize(("key", "spelt"), [
    ("mt. cook village", "mount cook village"), ("aoraki mt cook", "aoraki mount cook"),
    ("117th st.", "117th street"), ("st. petersburg", "saint petersburg"),
    ("american blvd", "american boulevard"), ("ft worth", "fort worth"),
    ("st", "st"),  # one word: no name to read it in
    ("ave maria university", "ave maria university"),  # a street's word only at the end
])
def test_the_words_news_writes_short_in_place_names_are_spelt_out(key, spelt) -> None:
    assert spelt_out(key) == spelt


def test_a_places_short_forms_are_the_place_but_a_towns_are_not() -> None:
    _, reg = _story(
        "The climber died in [[Aoraki Harrow National Park|FAC]] near [[New York|GPE]].",
        "Rangers closed [[Harrow National Park|LOC]]; [[York|GPE]] sent a team.",
        "The [[National Park|FAC]] reopened on Monday.",
    )
    assert len(_named(reg, "Aoraki Harrow National Park").mentions) == 3
    assert len(_named(reg, "York").mentions) == 1  # a town is no short form of another


def test_where_a_person_lives_is_a_place_though_the_ner_tagged_a_person() -> None:
    _, reg = _story(
        "[[Dana Whitlock|PERSON]], 47, of [[Harwood|PERSON]] was charged.",
        "[[Whitlock|PERSON]], who lived in [[Harwood|PERSON]], drove off.",
        "[[Dana Whitlock|PERSON]], of [[Harwood|PERSON]], was held. [[Harwood|PERSON]] "
        "said nothing.",  # one mention alone is outvoted
    )
    assert _named(reg, "Harwood").type == "GPE"
    # a name after "of" with no person's name and comma before it is left as tagged
    _, reg = _story("The son of [[Harwood|PERSON]] spoke.")
    assert _named(reg, "Harwood").type == "PERSON"


def test_a_one_word_form_the_story_writes_in_lower_case_is_no_short_form() -> None:
    _, reg = _story("The [[Catholic Church|ORG]] opened a clinic beside the old church.",
                    "The [[Church|ORG]] said the clinic would open in May.")
    assert len(_named(reg, "Catholic Church").mentions) == 1
    assert len(_named(reg, "Church").mentions) == 1


def test_a_name_with_and_without_its_middle_initial_is_one_person() -> None:
    _, reg = _story(
        "Sheriff [[Robert J. Pickell|PERSON]] said the chase lasted 15 minutes.",
        "[[Robert Pickell|PERSON]], the county sheriff, said the suspect was calm.",
        "The chase ended quietly, Sheriff [[Robert J Pickell|PERSON]] said.",
    )
    pickell = [e for e in reg.entities if "Pickell" in e.name]
    assert len(pickell) == 1 and len(pickell[0].sources) == 3, pickell


def test_initials_with_or_without_dots_and_a_police_rank_are_one_person() -> None:
    _, reg = _story(
        "Chargers general manager [[A.J. Butler|PERSON]] said the team was aware of it.",
        "General manager [[AJ Butler|PERSON]] declined to say more on Tuesday.",
        "[[Insp Dave Gaskin|PERSON]] said the climber fell. [[Insp Gaskin|PERSON]] said so.",
    )
    names = sorted((e.name, len(e.sources)) for e in reg.entities if e.type == "PERSON")
    assert names == [("A.J. Butler", 2), ("Dave Gaskin", 1)], names


def test_a_common_noun_or_a_rank_before_a_name_is_no_part_of_it() -> None:
    # A sentence's first word capitalised ("Comedian Ellen DeGeneres will ...") is a common
    # noun when the story writes it in lower case elsewhere; a rank spelt out is a title.
    # A person's last names typed an organisation are that person (ECB+ dev 2ecbplus, 18ecb).
    articles, reg = _story(
        "[[Comedian Ellen DeGeneres|PERSON]] will host the show, producers said.",
        "The comedian [[Ellen DeGeneres|PERSON]] announced it. [[DeGeneres|PERSON]] tweeted.",
        "[[Constable Tim Fanning|PERSON]] said the man surrendered.",
        "[[Tim Fanning|PERSON]] spoke. [[Cheryl Boone Isaacs|PERSON]] leads the Academy.",
        "The choice pleased [[Boone Isaacs|ORG]], who praised the producers.",
    )
    ellen = _named(reg, "Ellen DeGeneres")
    assert len(ellen.sources) == 2 and "Comedian Ellen DeGeneres" in ellen.aliases
    fanning = _named(reg, "Tim Fanning")
    assert len(fanning.sources) == 2 and "Constable" in fanning.roles
    assert len(_named(reg, "Cheryl Boone Isaacs").sources) == 2
    assert sorted(e.name for e in reg.entities) == [
        "Cheryl Boone Isaacs", "Ellen DeGeneres", "Tim Fanning"]
    # a capitalised word the story never writes in lower case may be a first name
    _, apart = _story("[[Rose Mary Smith|PERSON]] spoke.", "[[Mary Smith|PERSON]] spoke.")
    assert sorted(e.name for e in apart.entities) == ["Mary Smith", "Rose Mary Smith"]
    # a role written short is no first name: "GM Ed Stefanski" is Ed Stefanski (ECB+ 5ecb)
    _, titled = _story("[[GM Ed Stefanski|PERSON]] spoke.", "[[Ed Stefanski|PERSON]] spoke.")
    assert [(e.name, len(e.sources)) for e in titled.entities] == [("Ed Stefanski", 2)]


def test_a_person_behind_a_title_tagged_as_a_body_is_a_person() -> None:
    # spaCy tags "Police Constable Tim Fanning" an organisation (ECB+ 18ecb): a body's word,
    # then a rank, then a name is a constable; a body named after a title stays a body
    articles, reg = _story(
        "[[Police Constable Tim Fanning|ORG]] said the man surrendered.",
        "[[Tim Fanning|PERSON]] spoke. [[President Hotel Group|ORG]] owns the building.",
        "The officer, [[Navy Seal Team|ORG]] veterans said, had trained for it.",
        "\"We had no choice,\" Police Constable Tim Fanning said.",
    )
    fanning = _named(reg, "Tim Fanning")
    assert fanning.type == "PERSON" and len(fanning.sources) == 2
    assert _named(reg, "President Hotel Group").type == "ORG"
    assert _named(reg, "Navy Seal Team").type == "ORG"
    # a speaker the parse found where NER found nothing: the same constable
    said = _speaker(articles[3], "Police Constable Tim Fanning",
                    name="Police Constable Tim Fanning", type="OTHER", via="name")
    reg = build_registry(articles, {a.id: f"outlet:{a.id}" for a in articles})
    fanning = _named(reg, "Tim Fanning")
    assert len(fanning.sources) == 3
    assert reg.speaker_entity(articles[3], said) == fanning.id


def test_a_familiar_first_name_is_the_formal_one_it_stands_for() -> None:
    _, reg = _story(
        "[[Benjamin David Banky|PERSON]], 27, was named by police.",
        "[[Ben Banky|PERSON]] died at the scene, his father [[John Banky|PERSON]] said.",
        "[[Chris Lowe|PERSON]] and [[Christine Lowe|PERSON]] both saw it.",
    )
    people = sorted((e.name, len(e.sources)) for e in reg.entities)
    # "Chris" may be Christine's or Christopher's: no join on it
    assert people == [("Benjamin David Banky", 2), ("Chris Lowe", 1), ("Christine Lowe", 1),
                      ("John Banky", 1)], people


def test_a_role_another_says_with_more_words_is_left_out() -> None:
    from storyweave.weaving.voices.names import widest_roles

    assert widest_roles(["President", "Russian President", "Russian leader"]) == (
        "Russian President", "Russian leader")
    # the same words in another order: the one written most often (first) stays
    assert widest_roles(["president", "president, ABC Entertainment Group",
                         "ABC Entertainment Group president"]) == (
        "president, ABC Entertainment Group",)
    assert widest_roles(["Kremlin spokesperson", "Kremlin spokesman"]) == (
        "Kremlin spokesperson", "Kremlin spokesman")


def test_two_different_middle_initials_stay_two_people() -> None:
    _, reg = _story(
        "[[George H. W. Bush|PERSON]] met the king in 1991.",
        "[[George W. Bush|PERSON]] met the king in 2003, and [[George Bush|PERSON]] spoke.",
    )
    names = {e.name for e in reg.entities if "Bush" in e.name}
    assert {"George H. W. Bush", "George W. Bush"} <= names, names


@pytest.mark.parametrize(("texts", "name", "other", "apart"), [
    # ECB+ dev: "Ilene Wolfe" in three reports, "Ilene Wolff" in three others; a first name
    # spelt close to another is another person
    (("Hospital spokeswoman [[Ilene Varga|PERSON]] said the third victim died.",
      "The families asked for privacy, spokeswoman [[Ilene Vargo|PERSON]] said.",
      "[[Charlie Dunn|PERSON]] and his sister [[Charlene Dunn|PERSON]] wept."),
     "Ilene Varga", "Ilene Vargo", {"Charlie Dunn", "Charlene Dunn"}),
    # ECB+ dev: "Anthony LaCalamita" in ten reports, "Anthony Calamita" in one (the two
    # surnames start apart); another first name, or another surname of it: other people
    (("Police named the suspect as [[Dorian DeMarchetti|PERSON]], 38, of Troy.",
      "The suspect's name is [[Dorian Marchetti|PERSON]], police said.",
      "[[Dorian Kell|PERSON]] and [[Mara Marchetti|PERSON]] spoke to reporters."),
     "Dorian DeMarchetti", "Dorian Marchetti", {"Dorian Kell", "Mara Marchetti"}),
])
def test_a_surname_spelt_two_ways_by_two_outlets_is_one_person(texts, name, other, apart):
    _, reg = _story(*texts)
    person = _named(reg, name)
    assert set(person.aliases) == {name, other} and len(person.sources) == 2
    assert apart <= {e.name for e in reg.entities}


def test_a_lone_surname_speaker_no_entity_names_is_the_story_s_person() -> None:
    articles = [_article("Spokeswoman [[Ilene Marsh|PERSON]] said the victim died.", "a0"),
                _article("The hospital would not say more, Marsh said.", "a1")]
    span = _speaker(articles[1], "Marsh", name="Marsh", type="OTHER", via="name")
    reg = build_registry(articles, {a.id: f"outlet:{a.id}" for a in articles})
    marsh = _named(reg, "Ilene Marsh")
    assert reg.speaker_entity(articles[1], span) == marsh.id and len(marsh.sources) == 2


def test_a_known_persons_name_is_a_person_whatever_the_surname_was_tagged() -> None:
    _, reg = _story("Spokesman [[Patrick Ryder|PERSON]] spoke. [[Ryder|ORG]] added more. "
                    "[[Ryder|ORG]] left.")
    ryder = _named(reg, "Patrick Ryder")
    assert ryder.type == "PERSON" and len(ryder.mentions) == 3


@pytest.mark.parametrize(("a", "b"), [("Wang Yi", "Wang Wenbin"), ("Joe Biden", "Hunter Biden"),
                                      ("Austria", "Australia"), ("Sergei Ivanov", "Sergey Ivanov"),
                                      ("Liu Yang", "Liu Yan")])
def test_similar_names_of_different_entities_stay_apart(a: str, b: str) -> None:
    assert not similar_names(a.casefold(), b.casefold())
    _, reg = _story(f"[[{a}|ORG]] and [[{b}|ORG]] met.",
                    f"[[{a}|PERSON]] and [[{b}|PERSON]] met again.")
    assert {_named(reg, a).id, _named(reg, b).id} == {e.id for e in reg.entities}


def test_spelling_variants_are_similar_names() -> None:
    assert similar_names("volodymyr zelensky", "volodymyr zelenskyy")
    assert similar_names("kremlin", "kremlins")
    assert not similar_names("zelensky", "volodymyr zelensky")  # a surname joins by context


# --- a surname alone ------------------------------------------------------------------------

def test_a_lone_surname_is_the_full_name_named_before_it_in_its_article() -> None:
    articles, reg = _story(
        "[[Wang Yi|PERSON]] arrived. Later [[Wang|ORG]] left.",
        "Spokesman [[Wang Wenbin|PERSON]] spoke. [[Wang|PERSON]] added nothing.",
        "[[Wang|PERSON]] said nothing at all.",  # two candidates, none before it: unknown
        "[[Wang Yi|PERSON]] met [[Wang Wenbin|PERSON]]; then [[Wang|PERSON]] spoke.",
    )
    wang_yi, wenbin = _named(reg, "Wang Yi"), _named(reg, "Wang Wenbin")
    assert [(m.passage.article, m.form) for m in wang_yi.mentions] == [
        ("a0", "Wang Yi"), ("a0", "Wang"), ("a3", "Wang Yi")]
    assert [(m.passage.article, m.form) for m in wenbin.mentions] == [
        ("a1", "Wang Wenbin"), ("a1", "Wang"), ("a3", "Wang Wenbin"), ("a3", "Wang")]
    unknown = _named(reg, "Wang")
    assert [m.passage.article for m in unknown.mentions] == ["a2"]


def test_a_lone_surname_is_the_only_full_name_with_it_in_the_story() -> None:
    _, reg = _story("[[Putin|PERSON]] spoke first.", "Then [[Vladimir Putin|PERSON]] spoke.",
                    "[[Xi|PERSON]] answered [[Xi Jinping|PERSON]]'s critics.")
    putin = _named(reg, "Vladimir Putin")
    assert [m.form for m in putin.mentions] == ["Putin", "Vladimir Putin"]
    assert len(_named(reg, "Xi Jinping").mentions) == 2
    assert len(reg.entities) == 2


# --- places and bodies ----------------------------------------------------------------------

def test_a_country_written_many_ways_is_one_place() -> None:
    _, reg = _story("[[US|GPE]], [[U.S.|GPE]] and [[the United States|GPE]] agree.",
                    "[[America|GPE]] and [[USA|GPE]] too; [[UK|GPE]] and [[Britain|GPE]] "
                    "and [[the United Kingdom|GPE]] as well.")
    us = _named(reg, "United States")
    assert us.type == "GPE" and us.country == "United States" and len(us.mentions) == 5
    assert set(us.aliases) == {"US", "U.S.", "United States", "America", "USA"}
    assert len(_named(reg, "United Kingdom").mentions) == 3
    assert len(reg.entities) == 2


def test_a_countrys_ministry_is_one_body_however_written_and_others_stay_apart() -> None:
    _, reg = _story(
        "[[China|GPE]]’s [[Foreign Ministry|ORG]] spoke; later [[Foreign Ministry|ORG]] "
        "spokesman [[Wang Wenbin|PERSON]] added more.",
        "According to the [[Chinese Ministry of Foreign Affairs|ORG]], it is so. "
        "[[Russia|GPE]]'s [[Foreign Ministry|ORG]] agreed.",
    )
    china = _named(reg, "Chinese Ministry of Foreign Affairs")
    assert china.country == "China" and len(china.mentions) == 3
    assert set(china.aliases) == {"China’s Foreign Ministry", "Foreign Ministry",
                                  "Chinese Ministry of Foreign Affairs"}
    russia = _named(reg, "Russia's Foreign Ministry")
    assert russia.country == "Russia" and russia.id != china.id
    # The spokesman's country is that of the ministry his role names.
    assert _named(reg, "Wang Wenbin").country == "China"


def test_a_bare_body_is_the_body_of_the_country_its_article_names_most() -> None:
    # "the navy" with no full name before it in its article: India's in a report about
    # Indian sailors, although the story also names the U.S. Navy (ECB+ dev 12ecb)
    _, reg = _story(
        "The [[Indian Navy|ORG]] captured 23 pirates. The [[U.S. Navy|ORG]] watched.",
        "The [[Indian|NORP]] sailors boarded the dhow, the [[navy|ORG]] said. [[Indian|NORP]] "
        "officers and one [[American|NORP]] observer were there.",
        "A [[navy|ORG]] spokesman said the pirates surrendered.",
        "[[Indian|NORP]] and [[American|NORP]] ships sailed; the [[navy|ORG]] said nothing.",
    )
    india = _named(reg, "Indian Navy")
    assert len(india.sources) == 2 and len(india.mentions) == 2
    assert len(_named(reg, "U.S. Navy").mentions) == 1
    # no country named, or two named as often: which navy is not known
    assert len(_named(reg, "navy").mentions) == 2


def test_country_of_people_bodies_and_places() -> None:
    _, reg = _story(
        "Russian President [[Vladimir Putin|PERSON]] met Ukrainian President "
        "[[Volodymyr Zelensky|PERSON]] in [[Moscow|GPE]]. [[U.S.|GPE]] national security "
        "adviser [[Jake Sullivan|PERSON]] and [[Pentagon|ORG]] spokesman "
        "[[Patrick Ryder|PERSON]] watched, as did the [[Kremlin|ORG]], the "
        "[[White House|ORG]] and [[Politico|ORG]]. President [[Joe Biden|PERSON]] was away "
        "in [[Europe|LOC]].")
    expected = {"Vladimir Putin": "Russia", "Volodymyr Zelensky": "Ukraine",
                "Moscow": "Russia", "Jake Sullivan": "United States",
                "Patrick Ryder": "United States", "Kremlin": "Russia",
                "White House": "United States", "Pentagon": "United States",
                "United States": "United States", "Politico": None, "Joe Biden": None,
                "Europe": None}
    assert {e.name: e.country for e in reg.entities} == expected


# --- what never is an entity ----------------------------------------------------------------

def test_titles_credits_and_junk_tagged_as_names_make_no_entity() -> None:
    _, reg = _story(
        "[[Pentagon|ORG]] spokesman [[Brig|PERSON]]. Gen. [[Patrick Ryder|PERSON]] spoke. "
        "[[HOW HWEE YOUNG/AP|PERSON]] [[7|ORG]] [[State|ORG]], [[National Security Advisor|ORG]] "
        "[[Jake Sullivan|PERSON]] [[X|PERSON]] [[Russian|NORP]] [[Friday|DATE]]")
    assert sorted(e.name for e in reg.entities) == ["Jake Sullivan", "Patrick Ryder",
                                                    "Pentagon"]
    assert _named(reg, "Jake Sullivan").roles == ("National Security Advisor",)
    assert _named(reg, "Patrick Ryder").roles == ("Pentagon spokesman",)


@pytest.mark.slow
def test_bylines_and_datelines_make_no_entity() -> None:
    text = ("MOSCOW, March 17 (Reuters) - Chinese leader Xi Jinping will visit Moscow next "
            "week, the Kremlin said on Friday in a statement.\n\n"
            "By Guy Faulconbridge and Andrew Osborn\n\n"
            "Putin welcomed the visit on Friday and said the two leaders would sign documents.")
    [article] = annotate([read_text(text, "dated.txt")]).articles
    tagged = {article.span_text(s) for s in article.spans_of(Label.ENTITY)}
    assert {"Guy Faulconbridge", "Reuters", "MOSCOW"} <= tagged  # spaCy sees them ...
    reg = build_registry([article], {})
    names = {e.name for e in reg.entities}
    assert "Guy Faulconbridge" not in names and "Andrew Osborn" not in names  # ... not us
    assert "Reuters" not in names
    moscow = _named(reg, "Moscow")
    assert [m.form for m in moscow.mentions] == ["Moscow"]  # not the dateline's MOSCOW
    assert {"Xi Jinping", "Kremlin"} <= names


# --- order, counts, cost --------------------------------------------------------------------

def test_entities_rank_by_sources_then_mentions_then_name_with_ids_from_what_they_are() -> None:
    texts = ("[[Xi|PERSON]] [[Xi|PERSON]] [[Beijing|GPE]] [[Moscow|GPE]]",
             "[[Moscow|GPE]] [[Beijing|GPE]] [[Kyiv|GPE]]", "[[Moscow|GPE]]")
    _, reg = _story(*texts)
    assert [e.name for e in reg.entities] == ["Moscow", "Beijing", "Xi", "Kyiv"]
    assert len({e.id for e in reg.entities}) == 4
    # the same entities in another story, or read in another order, keep their ids
    _, other = _story(*reversed(texts))
    _, fewer = _story(texts[1])
    ids = {e.name: e.id for e in reg.entities}
    assert {e.name: e.id for e in other.entities} == ids
    assert all(ids[e.name] == e.id for e in fewer.entities)
    for e in reg.entities:
        assert sum(e.sources.values()) == len(e.mentions)
        spots = [(int(m.passage.article[1:]), m.passage.start) for m in e.mentions]
        assert spots == sorted(spots)


def test_spelling_comparisons_stay_within_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def counted(a: str, b: str) -> bool:
        calls.append((a, b))
        return similar_names(a, b)

    monkeypatch.setattr(joins_module, "similar_names", counted)
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    people = [f"{rng.choice(letters).upper()}{''.join(rng.choices(letters, k=5))} "
              f"{rng.choice(letters).upper()}{''.join(rng.choices(letters, k=7))}"
              for _ in range(1000)]
    texts = [" ".join(f"[[{rng.choice(people)}|PERSON]] said." for _ in range(50))
             for _ in range(200)]
    _, reg = _story(*texts)
    assert sum(len(e.mentions) for e in reg.entities) == 200 * 50
    distinct = len({p.casefold() for p in people})
    assert len(calls) < distinct * 10  # all pairs would be ~distinct**2 / 2
