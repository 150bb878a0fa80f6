"""The story's headline: the most central of the outlets' titles, one rule for every format,
never a caption."""

from __future__ import annotations

from factories import make_article

from storyweave.model import Article, Claim, Meta, Passage
from storyweave.weaving.headline import story_headline


def _titled(title: str | None, n: int) -> Article:
    return make_article(f"Report number {n} about the flood in Velmora.", source=f"{n}.txt",
                        title=title and Meta(title, "header-line", title))


def _claim(text: str, sources: int) -> Claim:
    passages = [Passage(f"a{k}", 0, 1) for k in range(sources)]
    return Claim(id=f"c{sources}", passages=passages, sources=[f"s{k}" for k in range(sources)],
                 representative=passages[0], text=text)


CLAIMS = [_claim("Floods in Velmora killed 12 people and destroyed two bridges", 4),
          _claim("The mayor of Velmora asked for army help", 2)]


def test_the_title_most_like_the_others_and_the_shared_facts_heads_the_story() -> None:
    articles = [_titled("Opinion: why we never learn", 1),
                _titled("Velmora floods kill 12, destroy bridges", 2),
                _titled("Deadly floods hit Velmora", 3),
                _titled(None, 4)]
    assert story_headline(articles, CLAIMS) == "Velmora floods kill 12, destroy bridges"


def test_a_caption_is_never_the_headline() -> None:
    articles = [_titled("Floods in Velmora killed 12 people. Photo: Getty Images", 1),
                _titled("Mayor asks for help", 2)]
    assert story_headline(articles, CLAIMS) == "Mayor asks for help"


def test_without_titles_the_most_widely_carried_central_fact() -> None:
    assert story_headline([_titled(None, 1)], CLAIMS) == CLAIMS[0].text
    assert story_headline([_titled(None, 1)], []) is None


def test_without_titles_the_summarys_lead_heads_the_story() -> None:
    lead = "Floods in Velmora killed 12 people"
    assert story_headline([_titled(None, 1)], CLAIMS, lead) == lead
