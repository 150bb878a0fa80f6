"""The pipeline of one story, in one place:

    articles -> screen (copies, other languages: weaving.screening)
             -> annotations stored already (store), annotate the others (every model
                call: nlp.annotation) -> Annotations
             -> weave_story (alignment, chronology, voices: weaving.dossier) -> Dossier

Each stage returns a record and leaves its input unchanged.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from .model import Article, Dossier
from .nlp import annotate, embedder, segmenter, spacy_nlp
from .nlp.annotation import combine
from .progress import Progress, RunReport
from .weaving.dossier import weave_story
from .weaving.screening import screen

if TYPE_CHECKING:
    from .store import Store


def weave(articles: list[Article], *, sentences: int | None = 6, words: int | None = None,
          progress: Progress | None = None, report: RunReport | None = None,
          store: Store | None = None) -> Dossier:
    """The dossier of one story's clean articles.

    ``sentences``/``words`` bound the summary (whichever is reached first); ``progress`` is
    called as annotation advances (see :mod:`storyweave.progress`); ``report``, if given,
    receives the seconds of each stage. The articles are not changed: the dossier holds
    annotated copies.

    Articles in a language other than English and identical copies are left out (listed in
    ``Dossier.left_out``); raises :class:`~storyweave.weaving.NothingToWeave` when articles
    are given and none is left. ``Dossier.warnings`` says what was left out and whether the
    articles look like one story.

    With a ``store``, the articles it holds (annotated by this pipeline, with the same text)
    are not annotated again, and those it lacks are annotated and added to it: a story
    whose articles are all stored is woven with no model loaded.
    """
    screened = screen(articles, signed=store.signatures(articles) if store is not None
                      else None)
    stored, fresh = (store.stored(screened.kept) if store is not None
                     else (None, screened.kept))
    t_load = time.perf_counter()
    if fresh:
        spacy_nlp(), segmenter(), embedder()  # load once per process, here, and time it apart
    t0 = time.perf_counter()
    annotations = stored
    if fresh or annotations is None:
        annotated = annotate(fresh, progress=progress)
        if store is not None and not store.readonly and fresh:
            from .store.rows import rows_of

            store.write(rows_of(annotated))
        annotations = annotated if stored is None else combine([stored, annotated],
                                                                screened.kept)
    assert annotations is not None
    t1 = time.perf_counter()
    dossier = weave_story(annotations, screened, sentences=sentences, words=words,
                          report=report)
    if report is not None:
        report.seconds.update({"load_models": round(t0 - t_load, 3),
                               "annotate": round(t1 - t0, 3),
                               "weave": round(time.perf_counter() - t1, 3),
                               "annotate_steps": annotations.report.get("seconds", {})})
    return dossier
