"""Copies of one report: reposted, trimmed, edited or reordered versions are one source, and
two different reports that share a quotation or a paragraph are two."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyweave.stories.copies import CopyFinder, aligned_share, copies_among, sentence_words

REPORT = "\n".join([
    'Rescuers pulled two more survivors from the rubble of a collapsed hotel in the port city '
    'of Valdera on Tuesday, officials said.',
    'The six-storey building gave way shortly after dawn on Monday, when most of its 80 guests '
    'were asleep.',
    'At least 14 people were killed and 31 injured, the regional governor told reporters at the'
    ' scene.',
    'Engineers said a renovation of the ground floor, finished in March, was being examined as '
    'a possible cause.',
    'The owner of the hotel, a local family business, could not be reached for comment.',
    '"We are still hearing voices under the concrete," said fire chief Marta Ilves, whose crews'
    ' worked through the night.',
    'Heavy cranes arrived from the capital on Tuesday afternoon to lift the largest slabs.',
    'The governor declared three days of mourning and promised a full inquiry into building '
    'permits in the old harbour district.',
])

OTHER_REPORT = "\n".join([
    'The death toll from the hotel collapse in Valdera rose to 17 on Wednesday as search teams '
    'reached the basement.',
    'Prosecutors opened a criminal investigation into the renovation works and questioned the '
    'contractor for six hours.',
    '"We are still hearing voices under the concrete," said fire chief Marta Ilves, whose crews'
    ' worked through the night.',
    'Residents of the old harbour district said they had complained for years about cracks in '
    'the neighbouring buildings.',
    'The national government sent a team of structural engineers to inspect forty other '
    'buildings on the same street.',
    "A memorial service for the victims is planned for Sunday in the city's cathedral.",
])


def _link(first: str, second: str, dates: tuple[str | None, str | None] = (None, None)
          ) -> list:
    finder = CopyFinder()
    finder.add("first", first, date=dates[0], order=0)
    return finder.add("second", second, date=dates[1], order=1)


def test_a_reposted_edited_copy_with_other_headline_and_boilerplate_is_a_copy() -> None:
    copy = ("HOTEL COLLAPSE: SURVIVORS FOUND\n"
            + REPORT.replace("Tuesday, officials said", "Tuesday, authorities said")
            .replace("Heavy cranes", "Large cranes")
            + "\nCopyright 2026 Wire Service. All rights reserved.\nRead more: Top stories")
    links = _link(REPORT, copy)
    assert [(x.copy, x.original) for x in links] == [("second", "first")]
    assert links[0].similarity >= 0.8


def test_a_trimmed_or_reordered_version_is_a_copy() -> None:
    lines = REPORT.split("\n")
    assert _link(REPORT, "\n".join(lines[:5]))
    assert _link(REPORT, "\n".join([lines[0], *reversed(lines[1:])]))


def test_two_cuts_of_one_wire_item_that_keep_its_lead_are_one_report() -> None:
    lines = REPORT.split("\n")
    # each cut keeps the lead and drops other paragraphs; one drops a figure, one edits
    one = "\n".join([lines[0], lines[1], lines[2], lines[3], lines[4]])
    other = "\n".join([lines[0].replace("officials said", "authorities said"),
                       lines[1].replace(" when most of its 80 guests were asleep", ""),
                       lines[2], lines[3], lines[7]])
    share = aligned_share(sentence_words(one), sentence_words(other))
    assert 0.5 <= share < 0.8  # not "most of it": the lead decides
    assert [(x.copy, x.original) for x in _link(one, other)] == [("second", "first")]
    # the second cut's other sentences under a lead of its own: another outlet's report
    own = "\n".join(["Valdera's mayor said on Tuesday that the city would pay for the funerals"
                     " of everyone killed when a hotel collapsed in its harbour district.",
                     lines[1].replace(" when most of its 80 guests were asleep", ""),
                     lines[2], lines[3], lines[7]])
    assert 0.5 <= aligned_share(sentence_words(other), sentence_words(own)) < 0.8
    assert _link(other, own) == []
    # two briefs of two sentences that open alike: the lead alone is half of each, no copy
    brief = "\n".join([lines[0], lines[4]])
    other_brief = "\n".join([lines[0].replace("officials said", "authorities said"),
                             OTHER_REPORT.split("\n")[3]])
    assert 0.5 <= aligned_share(sentence_words(brief), sentence_words(other_brief)) < 0.8
    assert _link(brief, other_brief) == []


def test_reports_sharing_a_quotation_are_not_copies() -> None:
    assert _link(REPORT, OTHER_REPORT) == []
    share = aligned_share(sentence_words(REPORT), sentence_words(OTHER_REPORT))
    assert 0 < share < 0.3  # the quotation, and only it


def test_the_earliest_version_is_the_original_whatever_the_order() -> None:
    copy = "\n".join(REPORT.split("\n")[:6])
    links = _link(copy, REPORT, ("2026-03-21", "2026-03-20"))
    assert [(x.copy, x.original) for x in links] == [("first", "second")]
    found = copies_among([("late", copy, "2026-03-21"), ("early", REPORT, "2026-03-20"),
                          ("other", OTHER_REPORT, "2026-03-20")])
    assert [(x.copy, x.original) for x in found] == [("late", "early")]


def test_a_short_text_is_nobodys_copy() -> None:
    first_line = REPORT.split("\n")[0]
    assert _link(REPORT, first_line) == []


@pytest.mark.slow
def test_a_copy_never_counts_as_a_source(example_dir: Path) -> None:
    from storyweave import ingest, read_text, weave

    articles, _ = ingest([example_dir])
    original = articles[2]
    text = original.text.replace("Putin", "Vladimir Putin", 1)
    copy = read_text("REPOSTED: " + text + "\n\nAll rights reserved. Follow us on social media.",
                     "reposted.txt")
    d = weave([*articles, copy])
    assert len(d.sources) == 5 and copy.id not in {a.id for a in d.articles}
    folded = [x for x in d.left_out if x.article == copy.id]
    assert len(folded) == 1 and folded[0].reason.startswith(f"copy of {original.source}")
    assert d.stats["copies_folded"] == 1
    assert [w.code for w in d.warnings] == ["copies-folded"]
    assert all(p.article != copy.id for c in d.claims for p in c.passages)


def test_a_version_that_changes_a_figure_is_another_report() -> None:
    update = REPORT.replace("At least 14 people were killed and 31 injured",
                            "At least 17 people were killed and 35 injured")
    update = update.replace("Tuesday afternoon", "Wednesday morning, after 40 hours,")
    assert _link(REPORT, update) == []  # an update: its new toll must be able to disagree


def test_a_fuller_later_version_is_woven_in_place_of_the_report_it_repeats() -> None:
    from storyweave import read_text
    from storyweave.weaving.screening import screen

    first = read_text(REPORT, "first.txt")
    fuller = read_text(REPORT + "\n" + "\n".join([
        'Late on Tuesday rescuers found a third survivor, a ten-year-old boy, in a pocket of air'
        ' beneath the collapsed stairwell.',
        'Doctors at the regional hospital said the boy was dehydrated but had no serious '
        'injuries.',
        'The interior ministry said it would review the permits of every hotel renovated in the '
        'district since 2020.']), "fuller.txt")
    dressed = read_text("HOTEL COLLAPSE\n" + REPORT + "\nAll rights reserved.", "dressed.txt")
    out = screen([first, fuller, dressed])
    assert [a.source for a in out.kept] == ["fuller.txt"]  # what only it tells stays
    reasons = {x.source: x.reason for x in out.left_out}
    assert reasons["first.txt"].startswith("earlier, shorter version of fuller.txt, which "
                                           "repeats 100%")
    assert reasons["dressed.txt"].startswith("copy of fuller.txt")
    # a copy that adds a headline and boilerplate is no fuller version: the original stays
    out = screen([first, dressed])
    assert [a.source for a in out.kept] == ["first.txt"]
    assert [x.source for x in out.left_out] == ["dressed.txt"]


def test_a_short_report_dressed_in_boilerplate_is_no_fuller_version() -> None:
    from storyweave import read_text
    from storyweave.weaving.screening import FULLER, screen

    short = "\n".join(REPORT.split("\n")[:4])
    first = read_text(short, "first.txt")
    dressed = read_text(
        "HOTEL COLLAPSE IN VALDERA\n" + short + "\nThis material may not be published, "
        "broadcast, rewritten or redistributed without the written consent of the agency.\n"
        "Subscribe to our newsletter for the latest breaking news from the region and beyond.",
        "dressed.txt")
    assert len(dressed.text.split()) >= FULLER * len(first.text.split())  # longer, yet
    out = screen([first, dressed])
    assert [a.source for a in out.kept] == ["first.txt"]
    assert [x.source for x in out.left_out] == ["dressed.txt"]
