"""The cleaning rules (rules.py, textclean.py, template.py): for each one, a line it must cut
(with its reason) and a near-miss it must keep."""

from __future__ import annotations

import json

import pytest

from storyweave.ingestion import read_jsonl, remove_template_lines, rules
from storyweave.ingestion.language import detect
from storyweave.ingestion.readers import read_text
from storyweave.ingestion.textclean import Cleaned, clean_lines

TITLE = "Ministers agree to resume ceasefire talks in Geneva"
P1 = ("The foreign ministers of both countries met in Geneva on Tuesday to discuss the "
      "ceasefire proposal in detail.")
P2 = "Officials said the talks would continue next week, with a second round planned in Vienna."
P3 = ("The Swiss hosts said they were ready to hold further rounds if both sides agreed to "
      "attend them.")


def story(*, head: tuple[str, ...] = (), mid: tuple[str, ...] = (),
          tail: tuple[str, ...] = ()) -> str:
    """A small scraped report: ``head`` lines, two paragraphs, ``mid``, one more, ``tail``."""
    return "\n\n".join([*head, P1, P2, *mid, P3, *tail]) + "\n"


def reason_for(cleaned: Cleaned, line: str) -> str | None:
    return next((r.reason for r in cleaned.removed if r.text == line), None)


def kept(cleaned: Cleaned, line: str) -> bool:
    return any(text == line for _, text in cleaned.paragraphs)


def assert_body_intact(cleaned: Cleaned) -> None:
    for para in (P1, P2, P3):
        assert kept(cleaned, para), para


# --- each rule: a line it cuts, and a near-miss it keeps ------------------------------------

# (where the line sits, the line it cuts, the reason it gives, a near-miss it must keep)
RULES = [
    pytest.param("mid", "Advertisement", "site furniture",
                 "Advertisement spending fell by a tenth last year, the industry group said.",
                 id="furniture-label"),
    pytest.param("tail", "Leave a Reply", "site furniture",
                 "Leave was cancelled for all diplomats until the talks end, the ministry said.",
                 id="comment-widget"),
    pytest.param("mid", "Read more", "site furniture",
                 "Analysts read more into the statement than officials intended.",
                 id="read-more-label"),
    pytest.param("mid", "Read more: Ceasefire talks collapse in Vienna", "promo",
                 "Analysts read more into the statement than officials intended.",
                 id="read-more-link"),
    pytest.param("tail", "Get the featured stories in your email and don't miss out.", "promo",
                 "The ministers did not want to miss the chance to meet, officials said.",
                 id="newsletter-promo"),
    pytest.param("tail", "Click here to subscribe to our daily newsletter", "promo",
                 "Subscribers to the state broadcaster were told the talks had been a success.",
                 id="subscribe-promo"),
    pytest.param("mid", "Credit: Reuters", "photo credit",
                 "Credit card debt rose sharply last year, the report said.",
                 id="credit-label"),
    pytest.param("mid", "HOW HWEE YOUNG/AP", "photo credit",
                 "The AP reported it first, the statement said.",
                 id="credit-allcaps-agency"),
    pytest.param("mid", "AFP via Getty Images", "photo credit",
                 "Images of the meeting were shown on state television, the agency said.",
                 id="credit-agency"),
    pytest.param("mid", "The two ministers shake hands in Geneva on Tuesday. Photo: Reuters",
                 "photo caption",
                 "The loan is a form of export credit, the finance ministry said in a statement.",
                 id="caption-ending-in-credit"),
    pytest.param("mid", "US HASN’T SEEN CHINA PROVIDE LETHAL AID TO RUSSIA, PENTAGON SAYS",
                 "related headline",
                 "The summit was held as NATO members met in Brussels to discuss military aid.",
                 id="allcaps-headline"),
    pytest.param("head", "Home > World > Europe", "breadcrumb",
                 "Home secretaries from both countries will attend the next round, officials said.",
                 id="arrow-breadcrumb"),
    pytest.param("head", "March 13, 2023", "date line",
                 "On March 13, 2023, Xi said he would travel.",
                 id="date-line"),
    pytest.param("tail", "Weather in Geneva today", "footer line",
                 "No deal was reached.",
                 id="footer-short-line"),
]


def _place(where: str, line: str) -> str:
    return story(**{where: (line,)})


@pytest.mark.parametrize(("where", "line", "reason", "near_miss"), RULES)
def test_rule_cuts_its_line(where: str, line: str, reason: str, near_miss: str) -> None:
    cleaned = clean_lines(_place(where, line))
    got = reason_for(cleaned, line)
    assert got is not None, f"not cut: {line!r}"
    assert reason in got
    assert not kept(cleaned, line)
    assert_body_intact(cleaned)


@pytest.mark.parametrize(("where", "line", "reason", "near_miss"), RULES)
def test_rule_keeps_its_near_miss(where: str, line: str, reason: str, near_miss: str) -> None:
    cleaned = clean_lines(_place(where, near_miss))
    assert reason_for(cleaned, near_miss) is None
    assert kept(cleaned, near_miss)
    assert_body_intact(cleaned)
    assert [r.text for r in cleaned.removed] == []


@pytest.mark.parametrize("line", [
    pytest.param("Both countries subscribe to the principle of territorial integrity, the "
                 "foreign minister said on Tuesday.", id="subscribe-to-the-principle"),
    pytest.param("Also on Tuesday, the Swiss president met both delegations at the federal "
                 "palace in Bern.", id="also-on-tuesday"),
    pytest.param("Countries that sign up for the scheme will receive funding from 2025, the "
                 "commission said.", id="sign-up-for-the-scheme"),
    pytest.param("The ministry released one picture: the two leaders shaking hands in Geneva.",
                 id="picture-colon-in-a-sentence"),
    pytest.param("Follow-up talks are planned for next month, the Swiss foreign ministry said.",
                 id="follow-up"),
    pytest.param("Sign-ups for the monitoring mission opened on Monday, the organisers said.",
                 id="sign-ups"),
])
def test_report_sentences_that_look_like_promos_are_kept(line: str) -> None:
    cleaned = clean_lines(story(mid=(line,)))
    assert reason_for(cleaned, line) is None
    assert kept(cleaned, line)


def test_promo_with_a_curly_apostrophe() -> None:
    assert rules.promo("Don't miss our live coverage of the talks")
    assert rules.promo("Don’t miss our live coverage of the talks")


# --- breadcrumbs ----------------------------------------------------------------------------

def test_numbered_breadcrumb_starting_at_home_is_cut() -> None:
    crumbs = ("1. Home\n2. news\n3. world\n4. " + TITLE)
    cleaned = clean_lines(story(head=(crumbs, TITLE)))
    for line in crumbs.splitlines():
        assert reason_for(cleaned, line) == "breadcrumb", line
    assert cleaned.meta["title"].value == TITLE
    assert_body_intact(cleaned)


def test_numbered_list_in_the_body_is_kept() -> None:
    items = ("1. A ceasefire along the current front line.\n"
             "2. An exchange of all prisoners of war.\n"
             "3. Talks on the status of the occupied regions.")
    cleaned = clean_lines(story(mid=("The proposal has three parts:", items)))
    for line in items.splitlines():
        assert kept(cleaned, line), line
    assert cleaned.removed == []


def test_breadcrumb_glued_to_the_title_names_the_outlet() -> None:
    glued = "GreekReporter.comEuropeMinisters agree to resume ceasefire talks in Geneva"
    cleaned = clean_lines(story(head=(glued, TITLE)))
    assert "breadcrumb" in reason_for(cleaned, glued)
    outlet = cleaned.meta["outlet"]
    assert (outlet.value, outlet.source, outlet.evidence) == ("GreekReporter.com", "breadcrumb",
                                                              glued)
    assert cleaned.meta["title"].value == TITLE


@pytest.mark.parametrize(("text", "domain"), [
    ("GreekReporter.comEurope", "GreekReporter.com"),
    ("www.example.co.ukWorld", "www.example.co.uk"),
    ("Europe China's Xi", None),
])
def test_leading_domain(text: str, domain: str | None) -> None:
    assert rules.leading_domain(text) == domain


# --- header: title, byline, menus -----------------------------------------------------------

def test_title_is_recorded_and_repeats_are_cut() -> None:
    cleaned = clean_lines(story(head=("Calamos Supports Greece", TITLE, TITLE)))
    title = cleaned.meta["title"]
    assert (title.value, title.source, title.evidence) == (TITLE, "header-line", TITLE)
    assert "before the title" in reason_for(cleaned, "Calamos Supports Greece")
    assert [r.reason for r in cleaned.removed if r.text == TITLE] == [
        "title (recorded as metadata)", "repeated title"]
    assert_body_intact(cleaned)


def test_lead_sentence_is_not_taken_for_a_title() -> None:
    cleaned = clean_lines(story())
    assert "title" not in cleaned.meta
    assert cleaned.removed == []


@pytest.mark.parametrize("line", [
    "By Jane Doe",
    "by Jane Doe",
    pytest.param("Written by Jane Doe"),
    pytest.param("Author: Jane Doe"),
])
def test_explicit_byline_is_cut(line: str) -> None:
    cleaned = clean_lines(story(head=(TITLE, line)))
    assert "byline" in (reason_for(cleaned, line) or "")
    assert cleaned.meta["author"].evidence == line
    assert not kept(cleaned, line)


def test_explicit_byline_author_has_no_by() -> None:
    cleaned = clean_lines(story(head=(TITLE, "By Jane Doe")))
    assert cleaned.meta["author"].value == "Jane Doe"


def test_bare_name_after_the_title_is_the_author() -> None:
    cleaned = clean_lines(story(head=(TITLE, "Maria Keller")))
    author = cleaned.meta["author"]
    assert (author.value, author.source, author.evidence) == ("Maria Keller", "header-line",
                                                              "Maria Keller")


def test_tag_line_of_names_in_the_body_is_not_an_author() -> None:
    # "Geneva Vienna" has a byline's shape, but both words occur in the body
    cleaned = clean_lines(story(head=(TITLE, "Geneva Vienna")))
    assert "author" not in cleaned.meta
    assert "tag line" in reason_for(cleaned, "Geneva Vienna")




@pytest.mark.parametrize(("line", "name", "explicit"), [
    pytest.param("By Jane Doe", "Jane Doe", True),
    pytest.param("Written by Jane Doe", "Jane Doe", True),
    ("by Jane Doe", "Jane Doe", True),
    pytest.param("Author: Jane Doe", "Jane Doe", True),
    ("author: Jane Doe", "Jane Doe", True),
    ("Jane Doe and John Smith", "Jane Doe and John Smith", False),
    ("Matthew Loh", "Matthew Loh", False),
])
def test_byline_recogniser(line: str, name: str, explicit: bool) -> None:
    assert rules.byline(line) == (name, explicit)


@pytest.mark.parametrize("line", [
    "The foreign ministers met on Tuesday.",
    "Talks resume in Geneva as ministers meet next week",
    "matthew loh",
])
def test_not_a_byline(line: str) -> None:
    assert rules.byline(line) is None


# --- body: tag lines and captions -----------------------------------------------------------

def test_tag_line_whose_words_the_body_uses_is_cut() -> None:
    cleaned = clean_lines(story(mid=("Geneva Vienna",)))
    assert reason_for(cleaned, "Geneva Vienna") == "photo caption or tag line"


def test_subheading_whose_words_the_body_does_not_use_is_kept() -> None:
    cleaned = clean_lines(story(mid=("Next Steps",)))
    assert kept(cleaned, "Next Steps")


@pytest.mark.parametrize(("line", "tags"), [
    ("Putin Xi", ["Putin", "Xi"]),
    ("Russia China", ["Russia", "China"]),
    ("Xi", None),
    ("Putin and Xi", None),
    ("Russia China Ukraine NATO Europe", None),
])
def test_tag_line_recogniser(line: str, tags: list[str] | None) -> None:
    assert rules.tag_line(line) == tags


# --- duplicates -----------------------------------------------------------------------------

def test_paragraph_printed_twice_with_different_apostrophes_is_cut_once() -> None:
    straight = "The minister's spokesman said the meeting had gone well and talks would resume."
    curly = straight.replace("'", "’")
    cleaned = clean_lines(story(mid=(curly, straight)))
    assert kept(cleaned, curly)
    assert "duplicate paragraph" in reason_for(cleaned, straight)
    assert sum(text == curly for _, text in cleaned.paragraphs) == 1


def test_two_paragraphs_sharing_most_words_are_both_kept() -> None:
    a = "The minister's spokesman said the meeting had gone well and talks would resume soon."
    b = "The minister's spokesman said the meeting had gone badly and talks would not resume."
    cleaned = clean_lines(story(mid=(a, b)))
    assert kept(cleaned, a) and kept(cleaned, b)
    assert cleaned.removed == []


# --- footer ---------------------------------------------------------------------------------

def test_short_closing_sentence_is_kept_but_related_links_after_it_are_cut() -> None:
    cleaned = clean_lines(story(tail=("No deal was reached.", "More on this story",
                                      "Weather in Geneva today")))
    assert kept(cleaned, "No deal was reached.")
    assert "footer line" in reason_for(cleaned, "More on this story")
    assert "footer line" in reason_for(cleaned, "Weather in Geneva today")


# --- hard-wrapped text ----------------------------------------------------------------------

WRAPPED = ("The foreign ministers met in Geneva on Tuesday to discuss\n"
           "the ceasefire proposal in detail, officials said, adding that\n"
           "a second round was planned.")
JOINED = ("The foreign ministers met in Geneva on Tuesday to discuss the ceasefire proposal in "
          "detail, officials said, adding that a second round was planned.")


def test_hard_wrapped_paragraph_is_rejoined() -> None:
    cleaned = clean_lines(story(head=(TITLE,), mid=(WRAPPED,)))
    assert kept(cleaned, JOINED)
    assert cleaned.meta["title"].value == TITLE
    assert [r.text for r in cleaned.removed] == [TITLE]


def test_lines_of_one_block_that_are_separate_sentences_are_not_joined() -> None:
    block = ("The first round ended on Tuesday.\n"
             "the second round, officials said, starts next week in Vienna.\n"
             "Both sides agreed to the agenda, a Swiss diplomat said.")
    cleaned = clean_lines(story(mid=(block,)))
    for line in block.splitlines():
        assert kept(cleaned, line), line


def test_a_date_line_in_lower_case_under_the_title_is_no_wrapped_line() -> None:
    stamp = "on September 14, 2013 11:41am | Updated on September 14, 2013 11:41am"
    cleaned = clean_lines(TITLE + "\n" + stamp + "\n" + P2 + "\n\n" + P3 + "\n")
    assert cleaned.meta["title"].value == TITLE
    assert cleaned.meta["published"].value == "2013-09-14"
    assert "date line" in reason_for(cleaned, stamp)


def test_hard_wrapped_last_paragraph_is_kept_whole() -> None:
    cleaned = clean_lines(story(tail=(WRAPPED,)))
    assert kept(cleaned, JOINED)
    assert cleaned.removed == []


def test_hard_wrapped_first_paragraph_is_kept_whole() -> None:
    cleaned = clean_lines(WRAPPED + "\n\n" + P2 + "\n\n" + P3 + "\n")
    assert kept(cleaned, JOINED)
    assert "title" not in cleaned.meta


# --- characters -----------------------------------------------------------------------------

def test_zero_width_and_no_break_spaces() -> None:
    cleaned = clean_lines(story(mid=("\u200bAdvertisement\u00a0",
                                     "Talks\u00a0will resume\u200b in Bern next month, "
                                     "the Swiss mediator said.")))
    assert reason_for(cleaned, "Advertisement") is not None
    assert kept(cleaned, "Talks will resume in Bern next month, the Swiss mediator said.")


def test_bullet_markers_are_dropped() -> None:
    cleaned = clean_lines(story(mid=("• Xi and Putin will meet in Moscow next week, the "
                                     "Kremlin said.",)))
    assert kept(cleaned, "Xi and Putin will meet in Moscow next week, the Kremlin said.")


@pytest.mark.parametrize(("text", "language"), [
    (" ".join([P1, P2, P3]), "en"),
    ("Die Außenminister beider Länder trafen sich am Dienstag in Genf, um den Vorschlag für "
     "einen Waffenstillstand im Detail zu besprechen. Die Gespräche sollen nächste Woche in "
     "Wien fortgesetzt werden.", "de"),
    ("Too short to tell.", None),
])
def test_guess_language(text: str, language: str | None) -> None:
    found = detect(text)
    assert (found.code if found else None) == language


# --- dates ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "iso", "prefix"), [
    ("2023-03-13", "2023-03-13", None),
    ("2023-03-18T10:00:00Z", "2023-03-18", None),
    ("date 2023-03-18", "2023-03-18", "date"),
    ("March 13, 2023", "2023-03-13", None),
    ("Mar. 13, 2023", "2023-03-13", None),
    ("Sept. 5, 2023", "2023-09-05", None),
    ("Monday, March 13, 2023", "2023-03-13", None),
    ("13 March 2023", "2023-03-13", None),
    ("Tue, 14 Mar 2023", "2023-03-14", None),
    ("Published: March 13, 2023", "2023-03-13", "published"),
    ("Posted on 13th March 2023", "2023-03-13", "posted"),
    ("Updated March 14, 2023 at 10:30 a.m. EST", "2023-03-14", "updated"),
    ("Last updated: 13 March 2023 | 10:30", "2023-03-13", "last updated"),
    ("| March 13, 2023 |", "2023-03-13", None),
    # a blog's posting line, byline and category included
    ("On behalf of Jane Roe, Esq. posted in Pedestrian Accidents on Wednesday, September 18, "
     "2013.", "2013-09-18", "posted"),
    ("Posted in Local News on March 13, 2023", "2023-03-13", "posted"),
    # a wire's dateline alone on its line
    ("Washington D.C., Jul 13, 2009/02:00 pm (CNA)", "2009-07-13", None),
    ("Lyon, 5 March 2023 (AFP)", "2023-03-05", None),
    # a published and an updated stamp on one line: the first is the date
    ("on September 14, 2013 11:41am | Updated on September 14, 2013 11:41am", "2013-09-14",
     "on"),
    # time stamps as real pages print them (ECB+ reports): clocks, zones and weekdays around
    # the date, in any order
    ("14:25 Sun Sep 15 2013", "2013-09-15", None),
    ("8:44AM BST 16 Sep 2013", "2013-09-16", None),
    ("16 September 2013 Last updated at 12:42 GMT", "2013-09-16", None),
    ("Published 12:17 am, Monday, September 16, 2013", "2013-09-16", "published"),
    ("POSTED: 1052 GMT (1852 HKT), April 10, 2007", "2007-04-10", "posted"),
    ("10:55 P.M. FEB. 2, 2009", "2009-02-02", None),
    ("Thursday, Apr 2, 2009 | Updated 1:32 PM PDT", "2009-04-02", None),
    ("Posted on November 15, 2011 6:07:15 PM GMT+01:00", "2011-11-15", "posted"),
    ("FOR IMMEDIATE RELEASE July 13, 2009", "2009-07-13", "for immediate release"),
    # numbers: day first when the first exceeds 12, month first when the second does or
    # when the clock is a 12-hour one (American)
    ("Last updated 13:26 14/09/2013", "2013-09-14", "last updated"),
    ("13/03/2023", "2023-03-13", None),
    ("Updated 09/14/2013 01:03 PM", "2013-09-14", "updated"),
    ("Updated 4/9/2007 6:04 PM", "2007-04-09", "updated"),
    ("8:13 AM PDT 8/2/2013", "2013-08-02", None),
    # a two-digit year beside a 12-hour clock: American (vulture.com, ECB+ dev 2_11ecbplus)
    ("8/2/13 at 1:30 PM", "2013-08-02", None),
])
def test_parse_date_line(line: str, iso: str, prefix: str | None) -> None:
    assert rules.parse_date_line(line) == (iso, prefix)


@pytest.mark.parametrize("line", [
    "February 30, 2023",
    "2023-02-30",
    "2023-13-01",
    "31 April 2023",
    "On March 13, 2023, Xi said he would travel.",
    "March 2023",
    "March 13",
    "03/04/2023",  # the 3rd of April or March the 4th: no clock says which
    "03/04/2023 13:40",
    "8/2/13",  # a two-digit year without a 12-hour clock: any order
    "13/02/08 14:30",
    "Published: yesterday",
    "TNN Nov 12, 2011, 05.51AM IST MUMBAI:",  # words that are no stamp's
    "The company was founded in 1998 and sold on 4/5/2010.",
    "Sold on 4/5/2010 at 5 pm to the highest bidder",
    "The notice was posted in the town hall on March 3, 2023 and read aloud.",
    "Police said the video was posted in a group chat on March 3, 2023.",
    "March 13, 2023 | Politics | Opinion",
    # a dateline that goes on into the report's first sentence is no date line
    "Lyon, March 5, 2023 (AFP) - The mayor said the tram fares would rise.",
    "In Lyon, the mayor spoke on March 5, 2023 (AFP)",
])
def test_parse_date_line_rejects(line: str) -> None:
    assert rules.parse_date_line(line) is None


def test_a_page_address_above_the_title_is_recorded_as_its_url() -> None:
    # scraped text often keeps the page's address on its first line (ECB+ reports)
    address = "http://www.theguardian.com/film/2013/aug/02/ellen-degeneres-host-oscars-2014"
    cleaned = clean_lines(story(head=(address, TITLE)))
    url = cleaned.meta["url"]
    assert (url.value, url.source) == (address, "header-line")
    assert reason_for(cleaned, address) == "address of the page (recorded as url)"
    assert cleaned.meta["title"].value == TITLE
    assert_body_intact(cleaned)
    # an address inside the text is a link, not the page's
    linked = clean_lines(story(mid=("See http://example.com/2013/08/02/other-story",)))
    assert "url" not in linked.meta


def test_a_line_in_capitals_above_an_untitled_report_on_its_subject_is_its_title() -> None:
    # ECB+ dev 21_12ecbplus: the title set in capitals, its date run into its end
    caps = "FOREIGN MINISTERS MEET IN GENEVA TO DISCUSS CEASEFIRE PROPOSALSEPTEMBER 19, 2023"
    cleaned = clean_lines(story(head=(caps,)))
    assert cleaned.meta["title"].value == ("FOREIGN MINISTERS MEET IN GENEVA TO DISCUSS "
                                           "CEASEFIRE PROPOSAL")
    assert cleaned.meta["published"].value == "2023-09-19"
    assert reason_for(cleaned, caps) == "title (recorded as metadata)"
    assert_body_intact(cleaned)
    # another story's headline in capitals, or one below a title, stays a related headline
    other = "US HASN'T SEEN CHINA PROVIDE LETHAL AID TO RUSSIA, PENTAGON SAYS"
    assert reason_for(clean_lines(story(head=(other,))), other) == (
        "related headline (set in capitals)")
    titled = clean_lines(story(head=(TITLE, caps)))
    assert titled.meta["title"].value == TITLE and "published" not in titled.meta


def test_first_date_is_published_and_an_update_is_kept_apart() -> None:
    cleaned = clean_lines(story(head=(TITLE, "Published: Monday, March 13, 2023",
                                      "Updated: March 14, 2023 at 10:30 a.m.",
                                      "March 15, 2023")))
    published, updated = cleaned.meta["published"], cleaned.meta["updated"]
    assert (published.value, published.source, published.evidence) == (
        "2023-03-13", "header-line", "Published: Monday, March 13, 2023")
    assert updated.value == "2023-03-14"
    assert reason_for(cleaned, "March 15, 2023") == (
        "date line (another date; the first one is recorded)")


def test_a_date_inside_a_sentence_is_neither_cut_nor_recorded() -> None:
    line = "On March 13, 2023, Xi said he would travel."
    cleaned = clean_lines(story(mid=(line,)))
    assert kept(cleaned, line)
    assert "published" not in cleaned.meta


# --- outlets named in promos ----------------------------------------------------------------

@pytest.mark.parametrize(("line", "outlet"), [
    ("Read more exclusive news from Political IQ.", "Political IQ"),
    ("For more stories visit dailyplanet.com", "dailyplanet.com"),
    ("CLICK HERE TO READ MORE FROM RESTORING AMERICA", None),
    ("The ministers met in Geneva on Tuesday.", None),
    pytest.param("See all the latest news from Greece and the world at Greekreporter.com.",
                 "Greekreporter.com"),
])
def test_outlet_named_in(line: str, outlet: str | None) -> None:
    assert rules.outlet_named_in(line) == outlet


def test_promo_naming_the_outlet_records_it() -> None:
    promo = "Read more exclusive news from Political IQ."
    cleaned = clean_lines(story(tail=(promo,)))
    outlet = cleaned.meta["outlet"]
    assert (outlet.value, outlet.source, outlet.evidence) == ("Political IQ", "footer-line", promo)
    assert "promo" in reason_for(cleaned, promo)


# --- prose ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "is_prose"), [
    (P1, True),
    ("No deal was reached.", False),
    ("Weather in Geneva today", False),
    (" ".join(["word"] * 20), True),
    ("“We have agreed on an agenda,” one of the ministers told reporters on Tuesday.", True),
])
def test_prose(line: str, is_prose: bool) -> None:
    assert rules.prose(line) is is_prose


# --- template lines across a batch ----------------------------------------------------------

A1 = ("The foreign ministers met in Geneva on Tuesday to discuss the ceasefire proposal in "
      "detail.")
A2 = "Officials said the talks would continue next week, with a second round planned in Vienna."
B1 = ("The central bank raised interest rates by half a point on Thursday, its third rise this "
      "year.")
B2 = ("Economists had expected a smaller increase after inflation slowed for a second month in a "
      "row.")
FOOTER = "Daily Planet. All rights reserved."


def _feed(*records: dict) -> list:
    data = "\n".join(json.dumps(r) for r in records).encode("utf-8")
    return list(read_jsonl(data, "feed.jsonl"))


def test_footer_shared_by_one_outlets_articles_is_template() -> None:
    articles = _feed({"text": f"{A1}\n\n{A2}\n\n{FOOTER}\n", "outlet": "Daily Planet"},
                     {"text": f"{B1}\n\n{B2}\n\n{FOOTER}\n", "outlet": "dailyplanet.com"})
    assert all(FOOTER in a.text for a in articles)  # one article alone cannot tell
    cleaned = remove_template_lines(articles)
    for before, after in zip(articles, cleaned, strict=True):
        assert FOOTER not in after.text
        (cut,) = [r for r in after.removed if r.text == FOOTER]
        assert "template" in cut.reason
        assert cut.line == 5
        assert after.id != before.id  # the id follows the content
        assert after.meta == before.meta
        for s in after.spans_of("paragraph"):
            assert after.span_text(s) in (A1, A2, B1, B2)


def test_same_line_in_articles_of_different_outlets_is_kept() -> None:
    articles = _feed({"text": f"{A1}\n\n{A2}\n\n{FOOTER}\n", "outlet": "Daily Planet"},
                     {"text": f"{B1}\n\n{B2}\n\n{FOOTER}\n", "outlet": "The Bugle"})
    cleaned = remove_template_lines(articles)
    assert all(FOOTER in a.text for a in cleaned)
    assert cleaned == articles


def test_articles_without_an_outlet_are_left_alone() -> None:
    articles = _feed({"text": f"{A1}\n\n{A2}\n\n{FOOTER}\n"},
                     {"text": f"{B1}\n\n{B2}\n\n{FOOTER}\n"})
    assert remove_template_lines(articles) == articles


def test_prose_shared_by_two_versions_of_one_story_is_kept_but_three_is_template() -> None:
    shared = A2
    two = _feed({"text": f"{A1}\n\n{shared}\n", "outlet": "Daily Planet"},
                {"text": f"{B1}\n\n{shared}\n", "outlet": "Daily Planet"})
    assert all(shared in a.text for a in remove_template_lines(two))
    three = two + _feed({"text": f"{B2}\n\n{shared}\n", "outlet": "Daily Planet"})
    assert all(shared not in a.text for a in remove_template_lines(three))


def test_template_pass_never_empties_an_article() -> None:
    articles = _feed({"text": f"{FOOTER}\n", "outlet": "Daily Planet"},
                     {"text": f"{FOOTER}\n", "outlet": "Daily Planet"})
    assert remove_template_lines(articles) == articles


def test_read_text_keeps_cleaner_metadata_and_lets_given_metadata_win() -> None:
    from storyweave.model import Meta

    article = read_text(story(head=(TITLE, "March 13, 2023")), "x",
                        meta={"title": Meta("Given", "jsonl", "field 'title'")})
    assert (article.title, article.meta["title"].source) == ("Given", "jsonl")
    assert (article.published, article.meta["published"].source) == ("2023-03-13",
                                                                     "header-line")


def test_text_without_spaces_between_words_is_prose() -> None:
    # Japanese: no spaces, sentences end with 。 — still an article, not "no sentence"
    text = ("習近平国家主席は来週モスクワを訪問し、"
            "プーチン大統領と会談すると中国外務省が発表した。\n\n"
            "両首脳は包括的なパートナーシップについて協議する予定だという。")
    article = read_text(text, "ja.txt")
    assert "プーチン大統領" in article.text


def test_versions_of_one_story_are_not_evidence_of_template() -> None:
    # Three updates of one report by one outlet share most paragraphs: none is template.
    body = [f"Paragraph {n} of the report says the talks in Geneva went on for hours, "
            f"officials said on Tuesday." for n in range(5)]
    versions = _feed(*({"text": "\n\n".join([*body, f"Update {v}: talks resumed at noon."]),
                        "outlet": "Daily Planet"} for v in range(3)))
    cleaned = remove_template_lines(versions)
    assert all(body[0] in a.text for a in cleaned)
    assert not any("template" in r.reason for a in cleaned for r in a.removed)
