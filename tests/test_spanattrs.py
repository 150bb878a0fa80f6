"""The span attributes the pipeline writes are the ones storyweave/spanattrs.py declares.

mypy checks the builders against the TypedDicts; this checks the other way: a key written
without going through them (a builder that skips make_span, a reader's helper that adds one)
shows up here as a key outside its label's declaration.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from storyweave.labels import Label
from storyweave.model import Dossier, Span
from storyweave.spanattrs import ATTRS_OF, TermAttrs, make_span


def _declared(label: Label) -> tuple[frozenset[str], frozenset[str]]:
    """(required keys, every key) of the label's TypedDict."""
    td = ATTRS_OF[label]
    return td.__required_keys__, td.__required_keys__ | td.__optional_keys__


def test_every_label_has_a_declaration() -> None:
    assert set(ATTRS_OF) == set(Label)


def test_optional_keys_are_optional() -> None:
    # spanattrs.py must not use `from __future__ import annotations`: NotRequired would be
    # lost at run time and every key would count as required
    required, everything = _declared(Label.DATE)
    assert "base" in everything and "base" not in required
    assert _declared(Label.SENTENCE)[0] == {"paragraph"}


def test_make_span_keeps_the_dict_itself() -> None:
    given: TermAttrs = {"topic": "war"}
    span = make_span(3, 6, Label.TERM, given)
    assert span == Span(3, 6, Label.TERM) and span.attrs is given  # no copy, no conversion


@pytest.mark.slow
def test_the_example_story_writes_only_declared_keys(example_dossier: Dossier) -> None:
    # The dossier's articles carry every span the NLP stage wrote, and the date spans
    # weaving resolved against their article's date (the "base" key).
    undeclared: dict[str, set[str]] = defaultdict(set)
    missing: dict[str, set[str]] = defaultdict(set)
    seen: set[str] = set()
    for article in example_dossier.articles:
        for span in article.spans:
            required, everything = _declared(Label(span.label))
            undeclared[span.label] |= span.attrs.keys() - everything
            missing[span.label] |= required - span.attrs.keys()
            seen.add(span.label)
    assert {k: v for k, v in undeclared.items() if v} == {}
    assert {k: v for k, v in missing.items() if v} == {}
    assert seen == set(Label)  # every declaration was put to the test
