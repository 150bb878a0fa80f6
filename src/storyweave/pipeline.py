"""The pipeline of one story, in one place:

    articles -> screen (copies, other languages: weaving.screening)
             -> annotate (every model call: nlp.annotation) -> Annotations
             -> weave_story (alignment, chronology, voices: weaving.dossier) -> Dossier

Each stage returns a record and leaves its input unchanged.
"""

from __future__ import annotations

import time

from .model import Article, Dossier
from .nlp import annotate, embedder, segmenter, spacy_nlp
from .progress import Progress, RunReport
from .weaving.dossier import weave_story
from .weaving.screening import screen


def weave(articles: list[Article], *, sentences: int | None = 6, words: int | None = None,
          progress: Progress | None = None, report: RunReport | None = None) -> Dossier:
    """The dossier of one story's clean articles.

    ``sentences``/``words`` bound the summary (whichever is reached first); ``progress`` is
    called as annotation advances (see :mod:`storyweave.progress`); ``report``, if given,
    receives the seconds of each stage. The articles are not changed: the dossier holds
    annotated copies.

    Articles in a language other than English and identical copies are left out (listed in
    ``Dossier.left_out``); raises :class:`~storyweave.weaving.NothingToWeave` when articles
    are given and none is left. ``Dossier.warnings`` says what was left out and whether the
    articles look like one story.
    """
    screened = screen(articles)
    t_load = time.perf_counter()
    spacy_nlp(), segmenter(), embedder()  # load once per process, here, and time it apart
    t0 = time.perf_counter()
    annotations = annotate(screened.kept, progress=progress)
    t1 = time.perf_counter()
    dossier = weave_story(annotations, screened, sentences=sentences, words=words,
                          report=report)
    if report is not None:
        report.seconds.update({"load_models": round(t0 - t_load, 3),
                               "annotate": round(t1 - t0, 3),
                               "weave": round(time.perf_counter() - t1, 3),
                               "annotate_steps": annotations.report.get("seconds", {})})
    return dossier
