"""The dossier: alignment on hand-made pairs, the example story's acceptance facts, citation
integrity, the summary's limits, and the JSON schema round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyweave import ingest, read_text, weave
from storyweave.cli import main
from storyweave.model import Dossier, Passage
from storyweave.render import from_dict, to_dict, to_markdown

EXAMPLE = Path(__file__).parent.parent / "examples" / "xi-moscow-2023"


@pytest.fixture(scope="module")
def dossier() -> Dossier:
    articles, failures = ingest([EXAMPLE])
    assert not failures
    return weave(articles)


def _article_by_file(d: Dossier, prefix: str) -> str:
    return next(a.id for a in d.articles if Path(a.source).name.startswith(prefix))


def _claims_saying(d: Dossier, *needles: str):
    return [c for c in d.claims
            if any(all(n.lower() in d.quote(p).lower() for n in needles) for p in c.passages)]


def _articles_of(d: Dossier, claim) -> set[str]:
    return {p.article for p in claim.passages}


# --- alignment on hand-made pairs -----------------------------------------------------------

def _pair(a: str, b: str, filler_a: str = "", filler_b: str = "") -> Dossier:
    docs = [read_text(f"{a}\n\n{filler_a}".strip(), "a.txt"),
            read_text(f"{b}\n\n{filler_b}".strip(), "b.txt")]
    return weave(docs)


def _together(d: Dossier, a: str, b: str) -> bool:
    return any({d.quote(p) for p in c.passages} >= {a, b} for c in d.claims)


PARAPHRASES = [
    ("The central bank raised its main interest rate by half a percentage point on Tuesday.",
     "On Tuesday the central bank lifted its key interest rate by half a percentage point."),
    ("Xi Jinping will travel to Moscow next week to meet Vladimir Putin.",
     "Chinese leader Xi Jinping is scheduled to visit Russia next week for talks with Putin."),
    ("Officials said at least 12 people were killed when the bridge collapsed on Sunday.",
     "At least 12 people died in Sunday's bridge collapse, according to officials."),
]
SAME_PEOPLE_DIFFERENT_FACT = [
    ("Biden met Macron in Paris on Monday to discuss trade tariffs on steel.",
     "Biden and Macron disagreed sharply over climate policy at last year's summit in Rome."),
    ("Putin welcomed Wang Yi to the Kremlin last month.",
     "Putin ordered new sanctions against Western banks on Friday."),
    ("Zelensky said he planned to meet Xi to hear China's proposal.",
     "The United States encouraged Xi to reach out to Zelensky, Sullivan said."),
]


@pytest.mark.parametrize(("a", "b"), PARAPHRASES)
def test_paraphrases_align_into_one_claim(a: str, b: str) -> None:
    d = _pair(a, b)
    assert _together(d, a, b), [(c.text, c.sources) for c in d.claims]
    claim = next(c for c in d.claims if any(d.quote(p) == a for p in c.passages))
    assert claim.corroboration == 2


@pytest.mark.parametrize(("a", "b"), SAME_PEOPLE_DIFFERENT_FACT)
def test_same_people_different_fact_do_not_align(a: str, b: str) -> None:
    d = _pair(a, b)
    assert not _together(d, a, b)
    assert all(c.corroboration == 1 for c in d.claims)


def test_a_claim_never_holds_two_different_sentences_of_one_article(dossier: Dossier) -> None:
    for c in dossier.claims:
        per_article: dict[str, list[Passage]] = {}
        for p in c.passages:
            per_article.setdefault(p.article, []).append(p)
        for passages in per_article.values():
            if len(passages) > 1:  # allowed only when the article says the same thing twice
                texts = [dossier.quote(p) for p in passages]
                d = weave([read_text(t, f"{i}.txt") for i, t in enumerate(texts)])
                assert _together(d, texts[0], texts[1]), texts


def test_the_same_article_read_twice_counts_once() -> None:
    text = (EXAMPLE / "003_07d2d95af1c2a203.txt").read_text("utf-8")
    d = weave([read_text(text, "one.txt"), read_text(text, "copy.txt")])
    assert len(d.articles) == 1 and d.stats["duplicates_dropped"] == 1
    assert all(c.corroboration == 1 for c in d.claims)


def test_two_articles_of_one_outlet_are_one_source() -> None:
    a = read_text("Xi Jinping will travel to Moscow next week to meet Vladimir Putin.\n\n"
                  "Read more news from Daily Planet.", "a.txt")
    b = read_text("Chinese leader Xi Jinping will visit Moscow next week to meet Putin.\n\n"
                  "Read more news from Daily Planet.", "b.txt")
    d = weave([a, b])
    assert len(d.sources) == 1 and d.sources[0].label == "Daily Planet"
    assert all(c.corroboration == 1 for c in d.claims)


# --- the example story ---------------------------------------------------------------------

def test_the_visit_next_week_is_one_claim_stated_by_all_five(dossier: Dossier) -> None:
    claims = _claims_saying(dossier, "next week", "putin")
    top = max(claims, key=lambda c: c.corroboration)
    assert top.corroboration == 5
    assert _articles_of(dossier, top) == {a.id for a in dossier.articles}
    assert dossier.claims[0] is top  # the most corroborated fact ranks first


def test_bilateral_documents_is_one_claim_with_every_outlet_reporting_it(dossier) -> None:
    reporting = {_article_by_file(dossier, p) for p in ("000", "001", "002", "004")}
    claims = _claims_saying(dossier, "bilateral documents")
    assert len(claims) == 1, [c.text for c in claims]
    assert _articles_of(dossier, claims[0]) == reporting  # 003 does not report it


def test_politico_assault_rifles_is_an_exclusive_of_its_outlet(dossier: Dossier) -> None:
    [claim] = _claims_saying(dossier, "thousand assault rifles")
    assert claim.corroboration == 1
    source = next(s for s in dossier.sources if _article_by_file(dossier, "000") in s.articles)
    assert claim.id in dossier.exclusives[source.key]


# --- citations -----------------------------------------------------------------------------

def test_every_citation_resolves_to_text_of_the_cited_article(dossier: Dossier) -> None:
    texts = {a.id: a.text for a in dossier.articles}
    passages = [p for c in dossier.claims for p in c.passages]
    passages += [p for s in dossier.summary for p in s.citations]
    assert passages
    for p in passages:
        assert 0 <= p.start < p.end <= len(texts[p.article])
        quoted = texts[p.article][p.start:p.end]
        assert quoted == quoted.strip() and len(quoted.split()) >= 3
    for c in dossier.claims:
        assert dossier.quote(c.representative) == c.text
        assert c.representative in c.passages


def test_summary_cites_every_source_of_its_claims(dossier: Dossier) -> None:
    assert len(dossier.summary) == 6
    assert len({s.claim for s in dossier.summary}) == 6
    assert dossier.summary[0].claim == dossier.claims[0].id  # the event comes first
    for s in dossier.summary:
        claim = dossier.claim(s.claim)
        assert s.text == claim.text
        cited = {src.key for src in dossier.sources
                 for p in s.citations if p.article in src.articles}
        assert cited == set(claim.sources)


def test_summary_length_by_words() -> None:
    articles, _ = ingest([EXAMPLE])
    d = weave(articles, sentences=None, words=60)
    words = [len(s.text.split()) for s in d.summary]
    assert sum(words[:-1]) < 60 <= sum(words)


# --- outputs ---------------------------------------------------------------------------------

def test_json_schema_round_trip(dossier: Dossier) -> None:
    data = json.loads(json.dumps(to_dict(dossier), ensure_ascii=False))
    assert data["schema_version"] == "1.0"
    again = to_dict(from_dict(data))
    assert again == data
    texts = {a["id"]: a["text"] for a in data["articles"]}
    numbers = {n for s in data["sources"] for n in [s["number"]]}
    for s in data["summary"]:
        for p in s["citations"]:
            assert texts[p["article"]][p["start"]:p["end"]].strip()
            assert p["source"] in numbers


def test_json_reader_refuses_another_major_version(dossier: Dossier) -> None:
    data = to_dict(dossier) | {"schema_version": "2.0"}
    with pytest.raises(ValueError, match="schema_version"):
        from_dict(data)


def test_markdown_has_markers_sources_claims_and_exclusives(dossier: Dossier) -> None:
    md = to_markdown(dossier)
    for heading in ("## Summary", "## Sources", "## Facts stated by more than one source",
                    "## Exclusives", "## Citations"):
        assert heading in md
    assert "[1][2][3][4][5]" in md  # the visit, cited by all five
    assert "thousand assault rifles" in md
    assert "5. **GreekReporter.com**" in md


def test_cli_dossier_writes_json_and_markdown(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "d.json"
    r = runner.invoke(main, ["dossier", str(EXAMPLE), "--format", "json", "-o", str(out)])
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text("utf-8"))
    assert len(data["articles"]) == 5 and len(data["summary"]) == 6
    r = runner.invoke(main, ["dossier", str(EXAMPLE), "-n", "3"])
    assert r.exit_code == 0
    assert r.stdout.startswith("# Story dossier")
    assert r.stdout.split("## Sources")[0].count("\n- ") == 3


def test_cli_dossier_reports_bad_inputs_and_goes_on(tmp_path: Path) -> None:
    for f in EXAMPLE.glob("00[01]*.txt"):
        (tmp_path / f.name).write_bytes(f.read_bytes())
    (tmp_path / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    r = CliRunner().invoke(main, ["dossier", str(tmp_path), "-f", "json"])
    assert r.exit_code == 1
    assert "broken.txt" in r.stderr and "binary" in r.stderr
    assert len(json.loads(r.stdout)["articles"]) == 2


def test_weave_of_nothing_and_of_a_single_article() -> None:
    assert weave([]).claims == [] and weave([]).summary == []
    text = "Xi Jinping will travel to Moscow next week to meet Vladimir Putin, the Kremlin said."
    d = weave([read_text(text, "one.txt")])
    assert [c.text for c in d.claims] == [text]
    assert [s.text for s in d.summary] == [text] and d.claims[0].corroboration == 1
