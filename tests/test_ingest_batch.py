"""``ingest()`` over a batch: the template pass runs on what it returns, and article records
written by ``extract`` load back unchanged."""

from __future__ import annotations

import json
from pathlib import Path

from storyweave import ingest
from storyweave.codec import to_plain
from storyweave.model import Article

PROSE = [
    "The city council approved the new budget on Tuesday after a long debate about schools.",
    "Farmers in the valley expect a record harvest this year thanks to a mild and wet spring.",
    "The museum reopened its east wing after two years of repairs to the leaking glass roof.",
]
MORE = [
    "Teachers welcomed the decision but warned that the money would not cover new hires.",
    "Prices for grain are already falling in the regional markets ahead of the harvest.",
    "Visitors will be able to see the restored collection of maritime paintings from May.",
]
TEMPLATE_LINE = "Harbour Gazette Evening Edition"


def test_ingest_removes_an_outlets_template_lines(tmp_path: Path) -> None:
    # the line sits between two paragraphs, where no single-article rule would cut it
    lines = [json.dumps({"text": f"{p}\n\n{TEMPLATE_LINE}\n\n{q}", "outlet": "Harbour Gazette"})
             for p, q in zip(PROSE, MORE, strict=True)]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    articles, failures = ingest([tmp_path])
    assert not failures and len(articles) == 3
    for a in articles:
        assert TEMPLATE_LINE not in a.text
        assert [r.reason for r in a.removed if r.text == TEMPLATE_LINE] == [
            "template (repeated across Harbour Gazette's articles)"]


def test_article_records_load_back_unchanged(example_dir: Path, tmp_path: Path) -> None:
    articles, _ = ingest([example_dir])
    records = tmp_path / "records.jsonl"
    records.write_text("".join(json.dumps(to_plain(a), ensure_ascii=False) + "\n"
                               for a in articles), "utf-8")
    again, failures = ingest([records])
    assert not failures
    assert [to_plain(a) for a in again] == [to_plain(a) for a in articles]
    assert all(isinstance(a, Article) and a.format == "txt" for a in again)


def test_a_broken_article_record_is_a_failure_naming_its_line(tmp_path: Path) -> None:
    good = {"text": PROSE[0]}
    bad = {"id": "x", "source": "s.txt", "text": "short text here", "meta": {},
           "removed": [], "spans": [{"start": 0, "end": 999, "label": "paragraph"}]}
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", "utf-8")
    articles, failures = ingest([path])
    assert len(articles) == 1
    assert [f.source for f in failures] == [f"{path}:2"]
    assert "span outside its text" in failures[0].reason
