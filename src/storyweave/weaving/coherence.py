"""Story sanity: do these articles tell one story?

Weaving assumes they do. Five unrelated articles still give a summary, claims and
exclusives, all of them meaningless, so the dossier has to say when the assumption looks
wrong. The evidence is what weaving computes anyway: each article is the mean of its units'
MiniLM embeddings, and the articles are grouped by average linkage on the cosine of those
means. Reports of one event sit close together whatever their angle; an unrelated article
sits far from every one of them.

The **coherence score** of a set is the similarity at which average linkage makes its last
merge: the mean cosine between the two halves the set splits into most naturally. It is low
when the set splits into groups with little in common, or when one article is far from all
the others. Cut at ``ONE_STORY``, the linkage gives the groups that look like separate
stories.

Tried on the same dev data and left out: adding shared named entities to the similarity
(cosine + w x entity overlap, w = 0.2 or 0.5) moved the AUC from 0.961 to 0.962 (spaCy finds
few entities in Multi-News' lowercased text, and the embedding already carries the names);
comparing articles passage by passage (mean best-match cosine) raised it from 0.977 to 0.989
on a 400-cluster sample, but costs a units x units product across articles.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..model import Article, DossierWarning, Source, WarningCode
from ..wording import plural
from .align.units import Unit

# Fitted by bench/story_coherence.py (figures in bench/results/story_coherence.json): the
# highest threshold that flags at most 1% of the ECB+ dev one-story sets (clean labels; 99%
# score 0.35 or more) and at most 5% of the Multi-News validation clusters (noisy labels: most
# low clusters hold a cookie wall, a reprint notice or a site blurb scraped as a "document")
# of the fit half. On the held-apart half it flags 0% of ECB+ and 3.7% of Multi-News
# one-story sets (most of those hold junk: a cookie wall, a site blurb) and finds 65% of the
# mixed sets: 94% of five unrelated articles, 53-61% of a story plus one unrelated article,
# 55-68% of two stories pooled; precision 0.98. Reports of another event of the same kind
# (ECB+ same topic) are not caught (0%). It was 0.17 until the units' vectors became the
# lifted means of 128-direction pieces (pipeline 2.5), which sit closer together: the same
# rule on the same data then gives 0.23 (held-apart AUC 0.972 -> 0.967).
ONE_STORY = 0.23


@dataclass(frozen=True, slots=True)
class Coherence:
    """How the woven articles hang together.

    ``score`` is the coherence score (``None`` when fewer than two articles could be judged);
    ``groups`` are the article indices that look like one story each, largest first (one
    group: one story). An article with no alignable sentence is in no group: there is
    nothing to judge it by, and nothing of it is woven either.
    """

    score: float | None
    groups: tuple[tuple[int, ...], ...]

    @property
    def one_story(self) -> bool:
        return len(self.groups) <= 1

    @property
    def outliers(self) -> tuple[int, ...]:
        """Articles standing alone beside a main group that holds most of the story, or ()
        when the split is not of that shape."""
        if len(self.groups) < 2:
            return ()
        main, rest = self.groups[0], self.groups[1:]
        judged = sum(len(g) for g in self.groups)
        if len(main) < 2 or 2 * len(main) <= judged or any(len(g) > 1 for g in rest):
            return ()
        return tuple(g[0] for g in rest)


def article_vectors(units: list[Unit], vectors: np.ndarray,
                    n_articles: int) -> tuple[np.ndarray, list[int]]:
    """One unit-length vector per article that has units (the mean of its unit vectors),
    and the indices of those articles, in order."""
    dim = vectors.shape[1] if vectors.ndim == 2 else 0
    sums = np.zeros((n_articles, dim), np.float64)
    counts = np.zeros(n_articles, np.int64)
    for row, u in enumerate(units):
        sums[u.article] += vectors[row]
        counts[u.article] += 1
    judged = [i for i in range(n_articles) if counts[i]]
    means = sums[judged] / counts[judged, None]
    norms = np.linalg.norm(means, axis=1, keepdims=True)
    return (means / np.where(norms > 0, norms, 1.0)).astype(np.float32), judged


def merge_tree(means: np.ndarray) -> np.ndarray:
    """scipy's average-linkage tree of the article vectors on cosine distance (``1 - cos``):
    row k merges two clusters at distance ``tree[k, 2]``. Average linkage is monotone, so the
    last row is the widest merge."""
    # here, not with the package: scipy.cluster takes half a second to import, and only a
    # weave needs it (the web app and the store commands do not)
    from scipy.cluster.hierarchy import linkage

    if len(means) < 2:
        return np.zeros((0, 4))
    return linkage(means.astype(np.float64), method="average", metric="cosine")


def coherence_score(tree: np.ndarray) -> float | None:
    """The similarity of the last merge: the coherence score (``None`` for one article)."""
    return float(1.0 - tree[-1, 2]) if len(tree) else None


def groups_at(tree: np.ndarray, n: int, threshold: float) -> list[list[int]]:
    """The clusters left when only merges at similarity ``threshold`` or above are made,
    largest first (ties in first-member order)."""
    from scipy.cluster.hierarchy import fcluster

    if n == 0:
        return []
    labels = fcluster(tree, t=1.0 - threshold, criterion="distance") if len(tree) else [1]
    members: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        members.setdefault(int(label), []).append(i)
    return sorted(members.values(), key=lambda g: (-len(g), g[0]))


def assess(units: list[Unit], vectors: np.ndarray, n_articles: int, *,
           threshold: float = ONE_STORY) -> Coherence:
    """Judge the articles of one weave (``units`` and their ``vectors`` as weaving built
    them; ``Unit.article`` indexes the ``n_articles`` articles)."""
    means, judged = article_vectors(units, vectors, n_articles)
    tree = merge_tree(means)
    groups = groups_at(tree, len(judged), threshold)
    return Coherence(score=coherence_score(tree),
                     groups=tuple(tuple(judged[k] for k in g) for g in groups))


MAX_GROUPS_NAMED = 4  # a not-one-story message spells out this many groups, then counts
MAX_MARKERS = 8  # ... and this many articles of each


def story_warnings(c: Coherence, articles: list[Article],
                   sources: list[Source]) -> list[DossierWarning]:
    """The warnings a :class:`Coherence` calls for: none for one story; ``outlier-article``
    when a few articles stand alone beside the main story; else ``not-one-story``."""
    if c.one_story:
        return []
    source_of = {aid: s for s in sources for aid in s.articles}
    if outliers := c.outliers:
        names = ", ".join(_name(articles[i], source_of) for i in outliers)
        one = len(outliers) == 1
        return [DossierWarning(
            WarningCode.OUTLIER_ARTICLE,
            f"{plural(len(outliers), 'article')} {'does' if one else 'do'} not look like the "
            f"rest of the story (little in common with the other reports): {names}. "
            f"{'It' if one else 'They'} may be about another story; "
            f"{'its' if one else 'their'} facts are woven in all the same.",
            articles=tuple(articles[i].id for i in outliers))]
    ids = tuple(tuple(articles[i].id for i in g) for g in c.groups)
    return [DossierWarning(
        WarningCode.NOT_ONE_STORY,
        f"These articles do not look like one story: they fall into {len(c.groups)} groups "
        f"with little in common ({_describe(c.groups, articles, source_of)}). The summary "
        "and the facts below may mix different stories; weave each story on its own.",
        articles=tuple(a for g in ids for a in g), groups=ids)]


def _name(a: Article, source_of: dict[str, Source]) -> str:
    """ "[4] cooking.txt"; "[2] Daily Planet (b.txt)" when the source is an outlet."""
    s = source_of[a.id]
    file = Path(a.source).name
    return f"[{s.number}] {s.label}" + ("" if s.label == file else f" ({file})")


def _describe(groups: tuple[tuple[int, ...], ...], articles: list[Article],
              source_of: dict[str, Source]) -> str:
    """ "[1][2][3] | [4] | [5]": each group by its sources' markers, long lists cut."""
    parts = []
    for g in groups[:MAX_GROUPS_NAMED]:
        markers = list(dict.fromkeys(f"[{source_of[articles[i].id].number}]" for i in g))
        cut = len(markers) - MAX_MARKERS
        parts.append("".join(markers[:MAX_MARKERS]) + (f" +{cut} more" if cut > 0 else ""))
    rest = len(groups) - MAX_GROUPS_NAMED
    return " | ".join(parts) + (f" | {plural(rest, 'more group')}" if rest > 0 else "")
