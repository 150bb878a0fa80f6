"""The HTML dossier's page as one typed record: a record per section, each built by a plain
function of the :class:`Dossier` (html_overview, html_sections, html_articles), and the
data island the script reads. The templates lay the records out; a web app can build one
section alone (with an :class:`Anchors` of its own) or the whole page, and render either
with the same templates (``storyweave.render.html.render_section``)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..model import Dossier
from . import html_articles, html_overview, html_sections
from .html_articles import ArticlesSection, SourcesSection
from .html_overview import AgreeSection, CoverageSection, SummarySection, TopSection
from .html_sections import (
    DisagreementsSection,
    EntitiesSection,
    ExclusivesSection,
    FramingSection,
    QuoteGroupsSection,
    SpeakersSection,
    TimelineSection,
)
from .html_view import Anchors, Cited, json_island


@dataclass(frozen=True, slots=True)
class Page:
    """Every section of the page, in page order, and the script's data."""

    top: TopSection
    summary: SummarySection
    agree: AgreeSection
    sources: SourcesSection
    coverage: CoverageSection
    disagreements: DisagreementsSection
    exclusives: ExclusivesSection
    timeline: TimelineSection
    quote_groups: QuoteGroupsSection
    speakers: SpeakersSection
    entities: EntitiesSection
    framing: FramingSection
    articles: ArticlesSection
    data: Markup  # JSON for <script type="application/json">: passages and source labels


def page_data(d: Dossier, cited: Cited) -> Markup:
    """What the script needs to say where a marker took the reader: each cited passage's
    source, article and characters, and the sources' labels."""
    return json_island({"passages": cited.passage_table(),
                        "sources": {s.number: s.label for s in d.sources}})


def page_context(d: Dossier) -> Page:
    """The whole page. The sections that cite share one :class:`Anchors`, so that every
    marker's passage id is the one its span in the articles carries; they are built in the
    order that numbers the passages (p0, p1...), which is the page's order except that the
    coverage matrix numbers its passages before the agreement list, which only cites claims
    the matrix has. Changing this order renumbers every passage on the page."""
    an = Anchors(d)
    summary = html_overview.summary(d, an)
    coverage = html_overview.coverage(d, an)
    agree = html_overview.agree(d, an)
    disagreements = html_sections.disagreements(d, an)
    exclusives = html_sections.exclusives(d, an)
    timeline = html_sections.timeline(d, an)
    quote_groups = html_sections.quote_groups(d, an)
    speakers = html_sections.quotes_by_speaker(d, an)
    framing = html_sections.framing(d, an)
    # Every citation is made: the articles are cut at exactly these passages, and any later
    # citation would fail loudly rather than point at a span that does not exist.
    cited = an.close()
    return Page(top=html_overview.top(d), summary=summary, agree=agree,
                sources=html_articles.sources(d, an), coverage=coverage,
                disagreements=disagreements, exclusives=exclusives, timeline=timeline,
                quote_groups=quote_groups, speakers=speakers, entities=html_sections.entities(d),
                framing=framing, articles=html_articles.articles(d, cited),
                data=page_data(d, cited))
