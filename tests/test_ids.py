"""Record ids come from what the records are, not from where they fall in a list: the same
story woven again, or from its articles in another order, gives the same ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyweave import ingest, weave
from storyweave.keys import passages_key, record_ids
from storyweave.model import Dossier

pytestmark = pytest.mark.slow


def test_the_same_key_gives_the_same_id_and_a_shared_key_is_told_apart() -> None:
    assert record_ids("c", ["a:0:5"]) == record_ids("c", ["a:0:5"])
    first, second, other = record_ids("e", ["PERSON:Wang", "PERSON:Wang", "PERSON:Xi"])
    assert second == first + "-2" and other != first and first.startswith("e")
    assert passages_key([("b", 3, 9), ("a", 0, 5)]) == passages_key([("a", 0, 5), ("b", 3, 9)])


def _ids(d: Dossier) -> dict[str, dict]:
    return {"claims": {passages_key((p.article, p.start, p.end) for p in c.passages): c.id
                       for c in d.claims},
            "entities": {(e.type, e.name): e.id for e in d.entities},
            "quotes": {(q.content.article, q.content.start): q.id for q in d.quotes},
            "groups": {tuple(sorted(v.quote for v in g.variants)): g.id for g in d.quote_groups}}


def test_weaving_the_articles_in_another_order_gives_the_same_ids(
        example_dir: Path, example_dossier: Dossier) -> None:
    articles, _ = ingest([example_dir])
    again = weave(list(reversed(articles)))
    before, after = _ids(example_dossier), _ids(again)
    for kind in before:
        shared = before[kind].keys() & after[kind].keys()
        assert len(shared) >= 0.9 * len(before[kind]), kind  # the same records found ...
        assert all(before[kind][k] == after[kind][k] for k in shared), kind  # ... same ids
    assert before["claims"] == after["claims"]


def test_a_claim_keeps_its_id_when_another_outlets_report_is_left_out(
        example_dir: Path, example_dossier: Dossier) -> None:
    articles, _ = ingest([example_dir])
    fewer = _ids(weave(articles[:4]))["claims"]
    before = _ids(example_dossier)["claims"]
    shared = before.keys() & fewer.keys()
    assert len(shared) >= 50  # most facts do not involve the fifth outlet
    assert all(before[k] == fewer[k] for k in shared)
