"""Story sanity: the dossier says when its articles do not look like one story, what it left
out (copies, articles in other languages) and why; the pool template pass; the schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyweave import ingest, read_text, weave
from storyweave.cli import main
from storyweave.labels import Label
from storyweave.model import SCHEMA_VERSION, Article, Dossier, Meta
from storyweave.render import from_dict, to_dict, to_markdown
from storyweave.weaving import NothingToWeave

COOKING = """The annual cooking festival opened on Saturday in the old market square, where forty
local chefs set up stalls selling soups, breads and slow-roasted lamb.

Organisers said more than twelve thousand visitors came on the first day, twice as many as
last year, and several stalls ran out of bread before noon.

The prize for the best dessert went to a pastry cook from the harbour district for a plum
tart baked with honey and almonds.

Cooking classes for children will run every morning until the festival closes on Sunday
evening with a fireworks display over the river."""

FOOTBALL = """The home side won the league match three goals to one on Wednesday night after
coming from behind in the second half in front of a sold-out stadium.

The visitors scored first with a header from a corner kick, but the captain equalised with
a long-range shot ten minutes after the break.

Two late goals from the young striker, who joined the club last summer, sealed the win and
moved the team to second place in the table.

The coach said the players had shown great character and that the squad would rest before
the cup tie against their local rivals on Saturday."""

GERMAN = """Die Stadtverwaltung hat am Dienstag den neuen Haushalt nach einer langen Debatte
über Schulen und Straßen beschlossen.

Die Lehrer begrüßten die Entscheidung, warnten aber, dass das Geld nicht für neue Stellen
reichen werde und die Klassen weiter wachsen würden."""


def _german(source: str = "bericht.txt") -> Article:
    a = read_text(GERMAN, source)
    a.meta["language"] = Meta("de", "input")  # set by hand: the detector is not under test
    return a


def _example(example_dir: Path, n: int) -> list[Article]:
    articles, failures = ingest([example_dir])
    assert not failures
    return articles[:n]


# --- not one story ---------------------------------------------------------------------------

@pytest.mark.slow
def test_unrelated_articles_are_warned_about_in_json_markdown_and_cli(tmp_path: Path) -> None:
    (tmp_path / "cooking.txt").write_text(COOKING, "utf-8")
    (tmp_path / "football.txt").write_text(FOOTBALL, "utf-8")
    articles, _ = ingest([tmp_path])
    d = weave(articles)
    [w] = d.warnings
    assert w.code == "not-one-story"
    assert {frozenset(g) for g in w.groups} == {frozenset([a.id]) for a in d.articles}
    data = to_dict(d)
    assert [x["code"] for x in data["warnings"]] == ["not-one-story"]
    md = to_markdown(d)
    top = md.split("## Summary")[0]
    assert "> **Warning (not-one-story):** These articles do not look like one story" in top
    r = CliRunner().invoke(main, ["dossier", str(tmp_path)])
    assert r.exit_code == 0, r.output
    assert "warning: These articles do not look like one story" in r.stderr
    assert r.stdout.index("Warning (not-one-story)") < r.stdout.index("## Summary")


@pytest.mark.slow
def test_the_example_story_is_not_warned_about(example_dossier: Dossier) -> None:
    assert example_dossier.warnings == []
    assert example_dossier.stats["coherence"]["groups"] == 1
    assert "Warning" not in to_markdown(example_dossier)


@pytest.mark.slow
def test_two_unrelated_articles_among_the_example_reports_are_named(example_dir: Path) -> None:
    mix = _example(example_dir, 3) + [read_text(COOKING, "cooking.txt"),
                                      read_text(FOOTBALL, "football.txt")]
    d = weave(mix)
    [w] = d.warnings
    assert w.code == "outlier-article"
    assert set(w.articles) == {mix[3].id, mix[4].id}
    assert "cooking.txt" in w.message and "football.txt" in w.message


# --- left out: copies and other languages ----------------------------------------------------

@pytest.mark.slow
def test_an_identical_copy_is_named_in_the_markdown(example_dir: Path) -> None:
    text = (example_dir / "003_07d2d95af1c2a203.txt").read_text("utf-8")
    d = weave([read_text(text, "one.txt"), read_text(text, "copy.txt")])
    assert [w.code for w in d.warnings] == ["duplicates-dropped"]
    assert [(x.source, x.reason) for x in d.left_out] == [("copy.txt", "identical copy of one.txt")]
    md = to_markdown(d)
    assert "copy.txt (copy of one.txt)" in md.split("## Summary")[0]
    assert "## Left out" in md and "- `copy.txt`: identical copy of one.txt" in md


@pytest.mark.slow
def test_counts_are_pluralised() -> None:
    d = weave([read_text(COOKING, "cooking.txt")])
    md = to_markdown(d)
    assert f"1 article from 1 independent source; 0 facts stated by more than one source, " \
           f"{len(d.claims)} by one only." in md


@pytest.mark.slow
def test_an_article_in_another_language_is_left_out_with_a_warning(example_dir: Path) -> None:
    german = _german()
    d = weave([*_example(example_dir, 2), german])
    assert german.id not in {a.id for a in d.articles}
    assert not list(german.spans_of(Label.SENTENCE))  # never went through the English models
    [left] = d.left_out
    assert left.source == "bericht.txt" and "'de'" in left.reason
    [w] = d.warnings
    assert w.code == "unsupported-language" and w.articles == (german.id,)
    assert "bericht.txt (de)" in w.message
    md = to_markdown(d)
    assert "Warning (unsupported-language)" in md and "- `bericht.txt`: language 'de'" in md


def test_nothing_in_a_supported_language_raises_and_the_cli_fails_in_one_line(
        tmp_path: Path) -> None:
    with pytest.raises(NothingToWeave, match="bericht.txt \\(de\\)"):
        weave([_german()])
    path = tmp_path / "de.jsonl"
    path.write_text(json.dumps({"text": GERMAN, "language": "de"}) + "\n", "utf-8")
    r = CliRunner().invoke(main, ["dossier", str(path)])
    assert r.exit_code == 1
    errors = [line for line in r.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1 and "nothing to weave" in errors[0]
    assert r.stdout == ""


# --- template lines when the outlet is unknown -----------------------------------------------

BANNER = "From the archive | Page 2"
# Seven stories told in different words: reports of different stories share few words.
STORIES = {
    "harbour": ("Fishermen unloaded a record catch of mackerel at the harbour on Monday after "
                "calm weather kept the fleet at sea for nine days.",
                "Crane operators worked through the night so that the frozen fish could reach "
                "inland markets before the weekend."),
    "orchard": ("An early frost destroyed most of the apple blossom in the hill orchards, "
                "growers warned, and prices for cider fruit are expected to double.",
                "Several families who have farmed the slopes for generations asked the ministry "
                "for emergency loans."),
    "railway": ("Engineers finished replacing the signalling on the northern railway line, "
                "ending three months of weekend closures for commuters.",
                "Trains between the two cities will now run every fifteen minutes during the "
                "morning rush."),
    "library": ("The university library received a donation of four thousand rare manuscripts "
                "from the estate of a retired professor of medieval history.",
                "Archivists will spend two years cataloguing the collection before scholars "
                "can request access."),
    "glacier": ("Climbers reported a large crevasse opening near the summit route of the "
                "glacier, and mountain guides suspended guided ascents.",
                "Meteorologists blamed the unusually warm spell that melted much of the snow "
                "bridging the ice."),
    "vineyard": ("Grape pickers at the southern vineyards began the harvest a fortnight "
                 "earlier than usual because of the hot, dry summer.",
                 "Winemakers expect a smaller vintage with sweeter, more concentrated red "
                 "varieties."),
    "stadium": ("Construction of the new athletics stadium fell behind schedule after a steel "
                "supplier went bankrupt, the city sports department admitted.",
                "Officials insisted the opening ceremony planned for next autumn would not be "
                "postponed."),
}
TOPICS = list(STORIES)


def _write(path: Path, paragraphs: list[str]) -> None:
    path.write_text("\n\n".join(paragraphs) + "\n", "utf-8")


def test_a_line_many_outletless_files_print_is_template_a_shared_sentence_is_not(
        tmp_path: Path) -> None:
    shared = "The mayor said the decision would be reviewed by the council next spring."
    for k, topic in enumerate(TOPICS):
        first, second = STORIES[topic]
        _write(tmp_path / f"{topic}.txt",
               [first, BANNER, second] + ([shared] if k < 3 else []))
    articles, failures = ingest([tmp_path])
    assert not failures and len(articles) == len(TOPICS)
    for a in articles:
        assert BANNER not in a.text
        assert [r.reason for r in a.removed if r.text == BANNER] == [
            f"template (repeated across {len(TOPICS)} articles of this batch)"]
    assert sum(shared in a.text for a in articles) == 3


def test_a_sentence_many_reports_of_one_story_share_is_kept(tmp_path: Path) -> None:
    quote = "\"We will rebuild the harbour wall before winter,\" the harbour master said."
    first, second = STORIES["harbour"]
    for k in range(7):  # seven reports of one story, told with small differences
        _write(tmp_path / f"report{k}.txt",
               [first.replace("nine", str(k + 2)), quote, second.replace("night", f"night {k}")])
    articles, _ = ingest([tmp_path])
    assert len(articles) == 7 and all(quote in a.text for a in articles)
    # the same sentence printed by reports of seven different stories is their template
    for k, topic in enumerate(TOPICS):
        first, second = STORIES[topic]
        _write(tmp_path / f"report{k}.txt", [first, quote, second])
    articles, _ = ingest([tmp_path])
    assert len(articles) == 7 and not any(quote in a.text for a in articles)


# --- the schema ------------------------------------------------------------------------------

@pytest.mark.slow
def test_schema_1_0_files_still_load_and_3_x_is_refused(example_dir: Path) -> None:
    text = (example_dir / "003_07d2d95af1c2a203.txt").read_text("utf-8")
    d = weave([read_text(text, "one.txt"), read_text(text, "copy.txt")])
    data = json.loads(json.dumps(to_dict(d)))
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["left_out"] == [{"article": d.articles[0].id, "source": "copy.txt",
                                 "reason": "identical copy of one.txt"}]
    assert to_dict(from_dict(data)) == data
    old = {k: v for k, v in data.items() if k not in ("warnings", "left_out")}
    old["schema_version"] = "1.0"
    again = from_dict(old)
    assert again.warnings == [] and again.left_out == [] and again.schema_version == "1.0"
    for version in ("3.0", "0.9"):
        with pytest.raises(ValueError, match="schema_version"):
            from_dict(data | {"schema_version": version})


def test_summarize_of_documents_in_no_supported_language_is_empty() -> None:
    from storyweave import summarize

    assert summarize([GERMAN, GERMAN.replace("Dienstag", "Mittwoch")]) == ""

