"""The statement without its attribution: what the pair scorer also compares."""

from __future__ import annotations

import pytest

from storyweave.nlp.statements import core_span

CASES = [
    # trailing attributions
    ("Xi will travel to Russia next week, where he'll meet Putin, both leaders' governments "
     "announced on Friday.", "Xi will travel to Russia next week, where he'll meet Putin"),
    ("Xi plans to travel to Russia to meet Putin as soon as next week, Reuters reported Monday "
     "morning.", "Xi plans to travel to Russia to meet Putin as soon as next week"),
    ("Xi will visit Russia next week at the invitation of Putin, according to a statement from "
     "the Chinese foreign ministry.", "Xi will visit Russia next week at the invitation of Putin"),
    ("A number of important bilateral documents will be signed,\u201d the statement continued",
     "A number of important bilateral documents will be signed"),
    # leading attributions
    ("The Kremlin said the two leaders will discuss topical issues of partnership.",
     "the two leaders will discuss topical issues of partnership."),
    ("According to Reuters, the two leaders will meet in Moscow on Monday.",
     "the two leaders will meet in Moscow on Monday."),
    ("Putin told Wang that relations between the two countries are reaching new milestones.",
     "relations between the two countries are reaching new milestones."),
    # not attributions: kept whole
    ("Xi is also reported to be planning a phone call next week with Zelensky.", None),
    ("Xi is planning a call with Zelensky next week, although this has not been confirmed.",
     None),
    ("Shares fell 3 percent after the company reported weak quarterly earnings.", None),
    ("He said so.", None),  # too little would be left
]


@pytest.mark.parametrize(("text", "core"), CASES)
def test_core_span_cuts_attributions_only(text: str, core: str | None) -> None:
    start, end = core_span(text)
    assert text[start:end] == (text if core is None else core)


def test_a_sentence_repeated_word_for_word_is_one_statement() -> None:
    from storyweave.labels import Label
    from storyweave.model import Span
    from storyweave.nlp.sentences import paragraph_ranges, sentence_spans

    said = "Officials said the talks would resume next week in Geneva. "
    text = said * 40 + "The ministers met on Friday in the old city hall."
    paragraphs = [Span(a, b, Label.PARAGRAPH) for a, b in paragraph_ranges(text)]
    from storyweave.nlp.statements import statement_spans

    found = statement_spans(text, paragraphs, sentence_spans(text, paragraph_ranges(text)))
    assert [text[s.start:s.end] for s in found] == [said.strip(), text[40 * len(said):]]


def test_models_see_each_distinct_text_once() -> None:
    from storyweave.nlp.annotation import _once_each

    seen: list[list[str]] = []

    def compute(texts: list[str]) -> list[str]:
        seen.append(texts)
        return [t.upper() for t in texts]

    assert _once_each(compute, ["a", "b", "a", "a", "c", "b"]) == ["A", "B", "A", "A", "C", "B"]
    assert seen == [["a", "b", "c"]]
