"""Sentence and paragraph spans: exact offsets, no newline crossing, tricky abbreviations."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyweave.nlp import sentences
from storyweave.nlp.sentences import paragraph_ranges, sentence_spans, split_paragraph

EXAMPLES = sorted((Path(__file__).parents[1] / "examples" / "xi-moscow-2023").glob("*.txt"))


def _sentences(text: str) -> list[str]:
    return [text[s.start:s.end] for s in sentence_spans(text)]


def _check_invariants(text: str) -> None:
    spans = sentence_spans(text)
    paragraphs = paragraph_ranges(text)
    prev_end = -1
    for s in spans:
        piece = text[s.start:s.end]
        assert piece == piece.strip() and piece, (s, piece)
        assert "\n" not in piece
        assert s.start >= prev_end, "spans overlap or are out of order"
        prev_end = s.end
        assert s.label == "sentence"
        p_start, p_end = paragraphs[s.attrs["paragraph"]]
        assert p_start <= s.start and s.end <= p_end
    # Every non-blank character of the text lies inside some sentence: nothing is lost.
    covered = set()
    for s in spans:
        covered.update(range(s.start, s.end))
    lost = [i for i, ch in enumerate(text) if not ch.isspace() and i not in covered]
    assert not lost, text[lost[0]:lost[0] + 40]


def test_examples_exist() -> None:
    assert len(EXAMPLES) == 5


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name[:3])
def test_offsets_on_example_articles(path: Path) -> None:
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    _check_invariants(text)
    assert len(sentence_spans(text)) >= len(paragraph_ranges(text))


def test_paragraph_ranges_skip_blank_lines_and_strip() -> None:
    text = "  First line. \n\n\t\nSecond line.\n   \nThird"
    ranges = paragraph_ranges(text)
    assert [text[a:b] for a, b in ranges] == ["First line.", "Second line.", "Third"]


def test_paragraph_index_counts_non_blank_lines() -> None:
    text = "Headline\n\nOne. Two.\n\nThree."
    got = [(text[s.start:s.end], s.attrs["paragraph"]) for s in sentence_spans(text)]
    assert got == [("Headline", 0), ("One.", 1), ("Two.", 1), ("Three.", 2)]


def test_military_title_is_not_split() -> None:
    text = "Brig. Gen. Patrick Ryder told reporters on Thursday. He declined to say more."
    assert _sentences(text) == ["Brig. Gen. Patrick Ryder told reporters on Thursday.",
                                "He declined to say more."]


def test_us_abbreviation_is_not_split() -> None:
    text = "U.S. officials said the talks had stalled. Beijing disagreed."
    assert _sentences(text) == ["U.S. officials said the talks had stalled.",
                                "Beijing disagreed."]


def test_multi_sentence_quote_stays_with_its_attribution() -> None:
    text = ("\u201cThat in and of itself is not unusual. China and Russia share a trade "
            "relationship,\u201d Ryder said. Reporters left.")
    assert _sentences(text) == [
        "\u201cThat in and of itself is not unusual. China and Russia share a trade "
        "relationship,\u201d Ryder said.",
        "Reporters left.",
    ]


def test_lines_without_final_period_are_never_joined() -> None:
    text = "Putin Xi\nHOW HWEE YOUNG/AP\nThe visit starts on Monday."
    assert _sentences(text) == ["Putin Xi", "HOW HWEE YOUNG/AP", "The visit starts on Monday."]


def test_repeated_sentences_get_distinct_offsets() -> None:
    text = "He said no. He said no. He said no."
    spans = sentence_spans(text)
    assert [(s.start, s.end) for s in spans] == [(0, 11), (12, 23), (24, 35)]


def test_odd_whitespace_and_crlf() -> None:
    text = "  First one.   Second one.\r\n\u00a0Third\u00a0one.  \n"
    _check_invariants(text)
    assert _sentences(text) == ["First one.", "Second one.", "Third\u00a0one."]


def test_lowercase_text() -> None:
    text = "brig. gen. patrick ryder told reporters on thursday. u.s. officials agreed."
    _check_invariants(text)
    assert _sentences(text)[0] == "brig. gen. patrick ryder told reporters on thursday."


def test_empty_and_blank() -> None:
    assert sentence_spans("") == []
    assert sentence_spans(" \n\n\t") == []
    assert split_paragraph("   ") == []


def test_long_paragraph_in_windows_matches_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    # A flattened article (no newlines) is segmented in windows; the result must not change.
    with open(EXAMPLES[2], encoding="utf-8") as fh:
        flat = " ".join(line.strip() for line in fh if line.strip())
    flat = " ".join([flat] * 3)
    monkeypatch.setattr(sentences, "WINDOW", 10**9)
    whole = [(s.start, s.end) for s in sentence_spans(flat)]
    monkeypatch.setattr(sentences, "WINDOW", 300)
    windowed = [(s.start, s.end) for s in sentence_spans(flat)]
    assert len(whole) > 50
    assert windowed == whole
    _check_invariants(flat)


def test_sentence_longer_than_window(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "WINDOW", 50)
    text = "Short one. " + "This sentence goes on " * 10 + "and ends. Last."
    got = _sentences(text)
    assert got[0] == "Short one." and got[-1] == "Last." and len(got) == 3


@pytest.mark.parametrize(("text", "expected"), [
    # Titles before names, which pysbd splits after (found on ECB+ dev reports).
    ("Ald. Ed Burke (14th) voted no. The plan passed.",
     ["Ald. Ed Burke (14th) voted no.", "The plan passed."]),
    ("He met Atty. Gen. Lisa Madigan. She agreed.",
     ["He met Atty. Gen. Lisa Madigan.", "She agreed."]),
    ('"We did our best," Const. Tim Fanning said. Police left.',
     ['"We did our best," Const. Tim Fanning said.', "Police left."]),
    ("CNA spoke with Msgr. Michael L. Farmer, the vicar. He declined.",
     ["CNA spoke with Msgr. Michael L. Farmer, the vicar.", "He declined."]),
    ("THE ALD. ROBERT FIORETTI WAS THERE. HE SAID NO.",
     ["THE ALD. ROBERT FIORETTI WAS THERE.", "HE SAID NO."]),
    # A time of day or a street followed by the day it happened.
    ("He was struck around 7 p.m. Wednesday. Paramedics came.",
     ["He was struck around 7 p.m. Wednesday.", "Paramedics came."]),
    ("Officers found him on S. Michigan Ave. Saturday. He died.",
     ["Officers found him on S. Michigan Ave. Saturday.", "He died."]),
    ("The news editor at WCCO-TV, Ch. 4, spoke. He left.",
     ["The news editor at WCCO-TV, Ch. 4, spoke.", "He left."]),
    # A dateline with a state goes on after its dash.
    ("EAU CLAIRE, Wisc. — The council voted no. The plan failed.",
     ["EAU CLAIRE, Wisc. — The council voted no.", "The plan failed."]),
    # ...while the same words still end sentences where they should.
    ("His son is Robert Smith Jr. The father left.",
     ["His son is Robert Smith Jr.", "The father left."]),
    ("SEN. DICK DURBIN SAID NO. THE BILL FAILED.",
     ["SEN. DICK DURBIN SAID NO.", "THE BILL FAILED."]),
    ("The officer said no. Lt. Gov. Sheila Simon agreed.",
     ["The officer said no.", "Lt. Gov. Sheila Simon agreed."]),
    ("The crash was at 5 p.m. Police came.", ["The crash was at 5 p.m.", "Police came."]),
    ("They fought in World War I. He came home.", ["They fought in World War I.", "He came home."]),
])
def test_abbreviations_of_news_wires(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected
    _check_invariants(text)
