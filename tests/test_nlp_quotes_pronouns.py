"""Whom a quoting "he" or "she" stands for (nlp.quotes.speakers): the person the text is about
where the pronoun stands (centring), surnames NER did not tag, and which of two people of
one surname a bare surname is."""

from __future__ import annotations

import pytest
from test_nlp_quotes import quotes_of

from storyweave.labels import Label
from storyweave.nlp.quotes.speakers import SpeakerResolver
from storyweave.spanattrs import make_span


def name_of(text: str, quote: str) -> str:
    [q] = [q for q in quotes_of(text) if q["content"] == quote]
    return str(q["attrs"]["name"])


@pytest.mark.slow
@pytest.mark.parametrize(("text", "quote", "name"), [
    # a new subject after the last quote: the pronoun goes on with it, not with the man
    # quoted two sentences before
    ('"We will appeal the ruling," said Brad Baehr, the team\'s lawyer.\n\nVincent Jackson '
     'issued a statement on Tuesday.\n\n"I was stopped by an officer," he said.',
     "I was stopped by an officer", "Vincent Jackson"),
    # the subject two paragraphs up, a man named since only in passing (the older rule, the
    # named person's sentence subject, finds him too: this case guards against a regression)
    ("Johnny Carson hosted the show five times.\n\nCarson is still the model every host "
     "after him is measured against, from Billy Crystal on.\n\nHe found the place where a "
     'joke bites but does not sting.\n\n"I see some new faces here," he joked one year.',
     "I see some new faces here", "Johnny Carson"),
    # a subject of a clause inside the sentence is not whom the text is about: the sentence
    # has no person as its own subject, so the man quoted goes on talking
    ('"The mosque is open to everyone," John Miller said.\n\nHe said Omar Mateen had rarely '
     'come to the evening prayers.\n\n"We do not teach hate," he said.',
     "We do not teach hate", "John Miller"),
    # a possessor is not whom the sentence is about ("Ben's wedding")
    ('"We will miss him," said Nancy Hale, a family friend.\n\nThe Hales had known him '
     "since he was a baby and attended Ben's wedding two years ago.\n\nThe island has a "
     "few hundred residents and one ferry.\n\nShe said Ben and his "
     "wife grew up as neighbours on the island.",
     "Ben and his wife grew up as neighbours on the island", "Nancy Hale"),
    # the words before a name say nothing of it across a closing quote mark ("caring man,"
    # made Nancy Hale a man, and no "she")
    ('"He was a caring man," said Nancy Hale, a family friend.\n\nThe island has a few '
     'hundred residents.\n\n"We all knew him," she said.', "We all knew him", "Nancy Hale"),
    # a woman named inside a quote is not whom "she" after the next quote stands for, also
    # when the quotes run over paragraphs whose opening marks scraped copy lost
    ('Maria Lopez announced the news on Twitter: "It\'s settled: I\'m running for mayor!\n\n'
     'Thanks to everyone, to my sister Ana and, well, to my dog."\n\n"I have wanted this '
     'job for years.\n\nThird time lucky, as they say," she added in a statement.',
     "I have wanted this job for years.\n\nThird time lucky, as they say", "Maria Lopez"),
    # a name in marks is a title here, no one a pronoun stands for
    ("Ana Lane has less to do with the film business than Mr. Ruiz does (his movie “Ted” "
     "preceded his hosting job) but she is well liked in town.\n\nIn typical fashion, she "
     "released a jokey response: “I am so glad to be back.”", "I am so glad to be back.",
     "Ana Lane"),
])
def test_a_pronoun_goes_on_with_the_subject_the_text_is_about(text: str, quote: str,
                                                              name: str) -> None:
    assert name_of(text, quote) == name


@pytest.mark.slow
def test_a_bare_surname_is_the_full_name_written_nearest_before_it() -> None:
    text = ("George H.W. Bush endorsed the plan in May.\n\nJeb Bush spoke on Monday in Miami."
            '\n\n"We will win this state," Bush said.')
    assert name_of(text, "We will win this state") == "Jeb Bush"
    # a full name is never swapped for a longer one that shares its surname
    text = 'George H.W. Bush spoke first.\n\n"It is time," Jeb Bush said.'
    assert name_of(text, "It is time") == "Jeb Bush"


def test_a_surname_ner_did_not_tag_is_a_mention_of_the_full_name() -> None:
    text = "Marco Rubio won the vote. Later Rubio thanked Ana Diaz."
    person = make_span(0, 11, Label.ENTITY, {"type": "PERSON", "key": "x"})
    other = make_span(text.index("Ana"), text.index("Ana") + 8, Label.ENTITY,
                      {"type": "PERSON", "key": "x"})
    resolver = SpeakerResolver(text, [person, other])
    bare = text.index("Rubio", 12)
    assert [(m.start, m.name) for m in resolver.mentions] == [
        (0, "Marco Rubio"), (bare, "Marco Rubio"), (other.start, "Ana Diaz")]
    # a surname inside a tagged entity is not counted twice, nor a lower-case word
    text = "Marco Rubio spoke. The rubio plant grew."
    assert [m.start for m in SpeakerResolver(text, [person]).mentions] == [0]
