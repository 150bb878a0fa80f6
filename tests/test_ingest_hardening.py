"""Hardening of ingestion: no rule cuts a long paragraph, other languages and encodings are
recognised and said, directory walks report what they skip, and the crashes the fuzzer found
(tests/test_ingest_fuzz.py) stay fixed."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from storyweave.codec import to_plain
from storyweave.ingestion import ingest, iter_paths, read_bytes, read_jsonl, read_path, rules
from storyweave.ingestion import readers as readers_module
from storyweave.ingestion.language import MIN_WORDS, detect, iso639_1
from storyweave.ingestion.readers import read_text, sniff
from storyweave.ingestion.textclean import clean_lines
from storyweave.model import Article, Failure

# --- text used below ------------------------------------------------------------------------

LEAD = ("The foreign ministers of both countries met in Geneva on Tuesday to discuss the "
        "ceasefire proposal in detail.")
P2 = "Officials said the talks would continue next week, with a second round planned in Vienna."
P3 = ("The Swiss hosts said they were ready to hold further rounds if both sides agreed to "
      "attend them.")
# 65 words of report prose: longer than any caption, crumb, headline or promo
LONG = " ".join([LEAD, P2, P3, "Diplomats cautioned that the two sides remained far apart on "
                 "territory and that a lasting agreement could take months."])

ZH = ["习近平抵达莫斯科开始国事访问",  # a headline: no full stop
      "中国国家主席习近平3月20日抵达莫斯科，开始对俄罗斯进行为期三天的国事访问。",
      "这是习近平再次当选国家主席后的首次出访。克里姆林宫表示，两国领导人将讨论全面伙伴关系的发展问题。",
      "克里姆林宫发言人表示，两国领导人还将讨论乌克兰局势以及能源合作等问题"]  # no full stop
JA = ["習主席がモスクワに到着",
      "中国の習近平国家主席は20日、ロシアの首都モスクワに到着し、3日間の国賓訪問を開始した。",
      "習氏は3期目の国家主席に選出されて以来、初めての外国訪問となる。"
      "ロシア大統領府によると、両首脳は包括的なパートナーシップの発展について協議する予定だという。"]
RU = ["Си Цзиньпин прибыл в Москву",
      "Председатель КНР Си Цзиньпин прибыл в Москву с трехдневным государственным визитом.",
      "Это его первая зарубежная поездка после переизбрания на третий срок. В Кремле сообщили, что "
      "лидеры двух стран обсудят развитие всеобъемлющего партнерства и подпишут ряд документов."]
DE = ["Xi Jinping in Moskau eingetroffen",
      "Der chinesische Staatschef Xi Jinping ist zu einem dreitägigen Staatsbesuch in Moskau "
      "eingetroffen.",
      "Es ist seine erste Auslandsreise seit seiner Wiederwahl für eine dritte Amtszeit. Nach "
      "Angaben des Kremls wollen die beiden Präsidenten über den Ausbau ihrer umfassenden "
      "Partnerschaft sprechen und eine Reihe wichtiger Abkommen unterzeichnen."]
EN = ["Xi arrives in Moscow", LEAD, P2, P3]


def text_of(lines: list[str]) -> str:
    return "\n\n".join(lines) + "\n"


def only(results: list[Article | Failure]) -> Article:
    assert len(results) == 1, results
    assert isinstance(results[0], Article), results[0]
    return results[0]


def html_page(paragraphs: list[str], lang: str | None) -> str:
    attr = f' lang="{lang}"' if lang else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html{attr}><head><meta charset='utf-8'><title>{paragraphs[0]}"
            f"</title></head><body><article><h1>{paragraphs[0]}</h1>{body}</article></body>"
            "</html>")


# --- no rule cuts a long paragraph ----------------------------------------------------------

@pytest.mark.parametrize("credit", ["Photo: Reuters", "Credit: Kremlin.ru", "(Photo: Getty Images)",
                                    "Image: AFP"])
def test_long_paragraph_ending_in_a_credit_keeps_its_text(credit: str) -> None:
    line = f"{LONG} {credit}"
    cleaned = clean_lines(f"{LEAD}\n\n{line}\n\n{P3}\n")
    assert [text for _, text in cleaned.paragraphs] == [LEAD, LONG, P3]
    (cut,) = cleaned.removed
    assert (cut.line, cut.text) == (3, credit)  # only the credit goes, logged with its line
    assert "photo credit at the end of a paragraph" in cut.reason


def test_a_repeated_paragraph_logs_its_credit_too() -> None:
    line = f"{LONG} Photo: Reuters"
    cleaned = clean_lines(f"{line}\n\n{P2}\n\n{line}\n")
    assert [(r.line, r.text) for r in cleaned.removed] == [
        (1, "Photo: Reuters"), (5, LONG), (5, "Photo: Reuters")]


def test_short_caption_ending_in_a_credit_is_still_cut_whole() -> None:
    caption = "The two ministers shake hands in Geneva on Tuesday. Photo: Reuters"
    cleaned = clean_lines(f"{LEAD}\n\n{caption}\n\n{P2}\n\n{P3}\n")
    assert [r.text for r in cleaned.removed] == [caption]
    assert "photo caption" in cleaned.removed[0].reason


def test_the_caption_bound_is_where_cutting_whole_stops() -> None:
    words = ["word"] * (rules.CAPTION_MAX_WORDS - 2)
    at_bound = " ".join(words) + ". Photo: Reuters"  # CAPTION_MAX_WORDS words
    assert rules.word_count(at_bound) == rules.CAPTION_MAX_WORDS
    assert rules.caption_with_credit(at_bound)
    assert not rules.caption_with_credit("more " + at_bound)
    assert rules.credit_tail("more " + at_bound) is not None


def test_a_one_line_document_ending_in_a_credit_is_not_rejected() -> None:
    # Multi-News prints whole reports on one line; before the bound these became "no article"
    article = read_text(f"{LONG} {LONG} Photo: steven higbee", "one-line.txt")
    assert article.text == f"{LONG} {LONG}"
    assert [r.text for r in article.removed] == ["Photo: steven higbee"]


def test_extracted_html_text_gets_the_same_credit_trim() -> None:
    cleaned = clean_lines(f"{LEAD}\n{LONG} Credit: Kremlin.ru\n", layout=False,
                          line_numbers=False)
    assert [text for _, text in cleaned.paragraphs] == [LEAD, LONG]
    assert [(r.line, r.text) for r in cleaned.removed] == [(None, "Credit: Kremlin.ru")]


@pytest.mark.parametrize("line", [
    pytest.param(f"Join us as we look back. {LONG} Follow us on the ground in your inbox.",
                 id="promo-words"),
    pytest.param(f"Home > World. {LONG}", id="arrow-crumb-start"),
    pytest.param(LONG.upper(), id="all-capitals"),
    pytest.param(f"Read more: {LONG}", id="read-more-start"),
])
def test_long_paragraphs_that_start_like_furniture_are_kept(line: str) -> None:
    cleaned = clean_lines(f"{LEAD}\n\n{line}\n\n{P2}\n\n{P3}\n")
    assert line in [text for _, text in cleaned.paragraphs]
    assert cleaned.removed == []


@pytest.mark.parametrize(("line", "reason"), [
    ("Subscribe to our daily newsletter in your inbox", "promo"),
    ("Home > World > Europe", "breadcrumb"),
    ("US HASN’T SEEN CHINA PROVIDE LETHAL AID TO RUSSIA, PENTAGON SAYS", "related headline"),
    (" / ".join(["Home"] + ["Section"] * 40), "breadcrumb"),  # a long menu row: no sentence
])
def test_short_furniture_is_still_cut(line: str, reason: str) -> None:
    cleaned = clean_lines(f"{LEAD}\n\n{P2}\n\n{line}\n\n{P3}\n")
    assert [r.text for r in cleaned.removed] == [line]
    assert reason in cleaned.removed[0].reason


def test_a_numbered_crumb_run_stops_at_a_paragraph() -> None:
    numbered = f"3. {LONG}"
    cleaned = clean_lines(f"1. Home\n2. World\n{numbered}\n\n{P2}\n\n{P3}\n")
    assert [r.text for r in cleaned.removed] == ["1. Home", "2. World"]
    assert numbered in [text for _, text in cleaned.paragraphs]


# --- CJK and other languages ----------------------------------------------------------------

@pytest.mark.parametrize(("lines", "code"), [(ZH, "zh"), (JA, "ja"), (RU, "ru"), (DE, "de"),
                                             (EN, "en")])
def test_articles_in_other_languages_are_read_and_their_language_recorded(
        tmp_path: Path, lines: list[str], code: str) -> None:
    path = tmp_path / f"{code}.txt"
    path.write_text(text_of(lines), encoding="utf-8")
    article = only(read_path(path))
    for body in lines[1:]:
        assert body in article.text
    meta = article.meta["language"]
    assert (article.language, meta.source) == (code, "detected")
    assert meta.evidence.startswith("py3langid, confidence")


def test_cjk_lines_are_measured_in_words_not_in_space_separated_chunks() -> None:
    # The last Chinese paragraph has no full stop. Counted by spaces it is one "word", short
    # enough for the footer rule; counted by characters it is 17, as long as an English
    # sentence the rule keeps.
    cleaned = clean_lines(text_of(ZH))
    assert ZH[3] in [text for _, text in cleaned.paragraphs]
    assert rules.word_count(ZH[3]) == 17


@pytest.mark.parametrize("text", [ZH[0], "在莫斯科，中国通称为“中华人民共和国”。"])
def test_chinese_is_zh_not_a_regional_variety(text: str) -> None:
    # the full model calls these Wu Chinese ("wuu", no ISO 639-1 code)
    found = detect(text)
    assert found is not None and found.code == "zh"


def test_a_short_article_has_no_language_rather_than_a_guess() -> None:
    article = read_text("The talks resume today.\n", "short.txt")
    assert rules.word_count(article.text) < MIN_WORDS
    assert article.language is None and "language" not in article.meta


def test_names_alone_have_no_language_rather_than_a_guess() -> None:
    text = "Xi Jinping and Vladimir Putin in Moscow."  # long enough, but the model is unsure
    assert rules.word_count(text) >= MIN_WORDS
    assert detect(text) is None


@pytest.mark.parametrize(("value", "code"), [("en-GB", "en"), ("EN_us", "en"), ("deu", "de"),
                                             ("zh-Hans-CN", "zh"), ("english", None),
                                             ("x-default", None), ("", None)])
def test_declared_languages_are_read_as_iso_639_1(value: str, code: str | None) -> None:
    assert iso639_1(value) == code


def jsonl_line(text: str, **fields: str) -> bytes:
    return json.dumps({"text": text, **fields}, ensure_ascii=False).encode("utf-8")


def test_a_jsonl_language_field_wins_and_a_disagreeing_detection_is_kept(caplog) -> None:
    with caplog.at_level(logging.WARNING):
        (article,) = read_jsonl(jsonl_line(text_of(DE), language="en"), "feed.jsonl")
    assert (article.language, article.meta["language"].source) == ("en", "jsonl")
    detected = article.meta["language_detected"]
    assert (detected.value, detected.source) == ("de", "detected")
    assert "feed.jsonl:1" in caplog.text and "'de'" in caplog.text


def test_an_agreeing_declaration_adds_nothing() -> None:
    (article,) = read_jsonl(jsonl_line(text_of(DE), language="de-AT"), "feed.jsonl")
    assert article.language == "de"
    assert "en" not in article.meta["language"].evidence
    assert "'de-AT'" in article.meta["language"].evidence
    assert {k for k in article.meta if k.startswith("language")} == {"language"}


def test_a_declaration_that_is_no_language_code_gives_way_to_detection() -> None:
    (article,) = read_jsonl(jsonl_line(text_of(RU), language="Russian"), "feed.jsonl")
    assert (article.language, article.meta["language"].source) == ("ru", "detected")
    assert article.meta["language_declared"].value == "Russian"


def test_a_template_html_lang_loses_to_a_sure_detection_on_a_long_page() -> None:
    page = html_page(DE[1:] * 2, lang="en").encode("utf-8")
    article = only(list(read_bytes(page, "page.html")))
    assert (article.language, article.meta["language"].source) == ("de", "detected")
    declared = article.meta["language_declared"]
    assert (declared.value, declared.source) == ("en", "html")


def test_html_lang_is_kept_when_the_page_is_too_short_to_be_sure() -> None:
    page = html_page([DE[0], DE[1]], lang="en").encode("utf-8")
    article = only(list(read_bytes(page, "page.html")))
    found = detect(article.text)
    assert found is not None and found.code == "de" and found.words < 30
    assert (article.language, article.meta["language"].source) == ("en", "html")
    assert article.meta["language_detected"].value == "de"


def test_html_lang_that_agrees_is_kept_as_declared() -> None:
    page = html_page(ZH[1:], lang="zh-CN").encode("utf-8")
    article = only(list(read_bytes(page, "page.html")))
    assert (article.language, article.meta["language"].source) == ("zh", "html")
    assert "language_detected" not in article.meta


# --- encodings ------------------------------------------------------------------------------

MIXED_LINES = [("Swiss mediator hosts talks in Zürich", "utf-8"),
               ("", "utf-8"),
               ("The delegates met at the Café Odeon in Zürich on Tuesday, where the mediator "
                "said the two sides had “made real progress”.", "cp1252"),
               ("", "utf-8"),
               ("The next round is set for April in Genève, and both delegations have agreed to "
                "attend, the mediator’s office said.", "utf-8"),
               ("", "utf-8"),
               ("Officials said the café had been chosen because it was neutral ground – and "
                "that security would be provided by the city police.", "cp1252")]


def mixed_file() -> bytes:
    return b"\n".join(text.encode(enc) for text, enc in MIXED_LINES) + b"\n"


def test_a_file_mixing_utf8_and_cp1252_is_decoded_line_by_line(tmp_path: Path, caplog) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(mixed_file())
    with caplog.at_level(logging.WARNING):
        article = only(read_path(path))
    assert article.encoding == "utf-8+cp1252"
    for text, _ in MIXED_LINES[2:]:
        assert text in article.text
    note = article.meta["mixed_encoding"]
    assert (note.value, note.source) == ("lines 3, 7 read as cp1252", "detected")
    assert "mixed.txt" in caplog.text and "3, 7" in caplog.text


def test_mixed_file_line_numbers_match_the_cleaner(tmp_path: Path) -> None:
    # a form feed starts a line for str.splitlines (and the cleaner), not for bytes.splitlines
    lines = [("Page 1\x0cGeneva", "utf-8"), *MIXED_LINES, ("", "utf-8"),
             ("Advertisement »", "cp1252")]
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"\r\n".join(t.encode(e) for t, e in lines))
    article = only(read_path(path))
    assert article.meta["mixed_encoding"].value == "lines 5, 9, 11 read as cp1252"
    assert [r.line for r in article.removed if r.text == "Advertisement »"] == [11]


def test_a_cyrillic_line_among_utf8_lines_is_read_as_cp1251() -> None:
    data = text_of(DE).encode("utf-8") + text_of(RU[1:]).encode("cp1251")
    article = only(list(read_bytes(data, "mixed.txt")))
    assert article.encoding == "utf-8+cp1251"
    assert RU[1] in article.text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("lines", [EN, RU], ids=["english", "russian"])
def test_utf16_without_a_bom_is_text_not_binary(tmp_path: Path, encoding: str,
                                                lines: list[str]) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(text_of(lines).encode(encoding))
    article = only(read_path(path))
    assert article.encoding == encoding
    assert lines[1] in article.text


@pytest.mark.parametrize("bom", [b"", b"\xff\xfe"], ids=["no-bom", "bom"])
def test_utf16_html_and_jsonl_are_sniffed_as_such(bom: bytes) -> None:
    page = bom + html_page(EN, lang="en").encode("utf-16-le")
    assert sniff(page, "page.txt") == "html"
    article = only(list(read_bytes(page, "page.txt")))
    assert (article.format, article.encoding) == ("html", "utf-16-le" if not bom else "utf-16")
    feed = bom + (jsonl_line(text_of(EN)) + b"\n" + jsonl_line(text_of(DE))).decode().encode(
        "utf-16-le")
    results = list(read_bytes(feed, "feed.jsonl"))
    assert [type(r).__name__ for r in results] == ["Article", "Article"]
    assert [r.language for r in results] == ["en", "de"]


@pytest.mark.parametrize("data", [
    pytest.param(b"\x00\x01\x02text\x00" * 300, id="nuls-in-both-columns"),
    pytest.param(bytes(range(1, 32)).replace(b"", b"\x00")[1:] * 40, id="16-bit-numbers"),
])
def test_binary_with_nul_bytes_is_still_binary(data: bytes) -> None:
    (failure,) = read_bytes(data, "blob.txt")
    assert isinstance(failure, Failure) and "binary file" in failure.reason


# --- directory walks ------------------------------------------------------------------------

def story_dir(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "a.txt").write_text(text_of(EN), encoding="utf-8")
    return root


def test_a_symlinked_directory_is_followed(tmp_path: Path) -> None:
    real = story_dir(tmp_path / "elsewhere" / "story")
    top = tmp_path / "top"
    top.mkdir()
    (top / "linked").symlink_to(real, target_is_directory=True)
    assert list(iter_paths([top])) == [top / "linked" / "a.txt"]


def test_a_symlink_loop_is_a_failure_and_the_walk_ends(tmp_path: Path) -> None:
    top = story_dir(tmp_path / "top")
    (top / "sub").mkdir()
    (top / "sub" / "up").symlink_to(top, target_is_directory=True)
    found = list(iter_paths([top]))
    assert found[0] == top / "a.txt"
    (loop,) = found[1:]
    assert isinstance(loop, Failure) and loop.source == str(top / "sub" / "up")
    assert "symbolic link loop" in loop.reason


def test_an_empty_directory_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert list(iter_paths([tmp_path / "empty"])) == [
        Failure(str(tmp_path / "empty"), "no readable articles (empty directory)")]
    articles, failures = ingest([tmp_path / "empty"])
    assert articles == [] and [f.reason for f in failures] == [
        "no readable articles (empty directory)"]


def test_a_directory_with_nothing_readable_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "README.md").write_text("# notes\n", encoding="utf-8")
    (failure,) = iter_paths([tmp_path / "notes"])
    assert isinstance(failure, Failure)
    assert failure.reason.startswith("no readable articles (1 files, none named .txt")


def test_an_unreadable_subdirectory_is_a_failure(tmp_path: Path, monkeypatch) -> None:
    top = story_dir(tmp_path / "top")
    (top / "locked").mkdir()
    (top / "locked" / "b.txt").write_text(text_of(EN), encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):  # what chmod 000 does, also when the tests run as root
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert list(iter_paths([top])) == [top / "a.txt",
                                       Failure(str(top / "locked"), "permission denied")]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root reads a chmod 000 directory anyway (the case is covered with "
                           "a simulated error above)")
def test_an_unreadable_subdirectory_is_a_failure_for_real(tmp_path: Path) -> None:
    top = story_dir(tmp_path / "top")
    locked = top / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        assert Failure(str(locked), "permission denied") in list(iter_paths([top]))
    finally:
        locked.chmod(0o755)


# --- what the fuzzer found ------------------------------------------------------------------

def test_json_nested_too_deeply_is_a_failure_and_the_next_line_is_read() -> None:
    data = b'{"text": ' + b"[" * 5000 + b"]" * 5000 + b"}\n" + jsonl_line(text_of(EN))
    assert sniff(data, "feed") == "jsonl"  # sniffing parses lines too
    first, second = read_bytes(data, "feed.jsonl")
    assert first == Failure("feed.jsonl:1", "not valid JSON (nested too deeply)")
    assert isinstance(second, Article)


def test_lone_surrogates_become_replacement_characters() -> None:
    line = jsonl_line(text_of(EN)).replace(b"Geneva", b"Gen\\ud800eva")
    (article,) = read_jsonl(line, "feed.jsonl")
    assert "Gen\ufffdeva" in article.text
    json.dumps(to_plain(article), ensure_ascii=False).encode("utf-8")
    assert "Gen\ufffdeva" in read_text(f"{LEAD}\n\nGen\ud800eva is far.\n", "t.txt").text


def test_a_url_that_is_not_a_string_does_not_crash_the_html_record() -> None:
    record = {"html": html_page(EN, lang="en"), "url": 5}
    (article,) = read_jsonl(json.dumps(record).encode(), "feed.jsonl")
    assert isinstance(article, Article) and LEAD in article.text


@pytest.mark.parametrize(("field", "value", "says"), [
    ("source", None, "'source'"), ("id", 7, "'id'"),
    ("meta", {"title": {"value": 5, "source": "html"}}, "'meta'"),
    ("spans", [{"start": 0, "end": 3, "label": 9}], "span"),
])
def test_an_extract_record_with_a_wrong_type_is_a_failure(field: str, value: object,
                                                          says: str) -> None:
    record = {"id": "0123456789abcdef", "source": "a.txt", "text": LEAD, "meta": {},
              "removed": [], "spans": [], field: value}
    (failure,) = read_jsonl(json.dumps(record).encode(), "feed.jsonl")
    assert isinstance(failure, Failure) and says in failure.reason


def test_an_unexpected_error_fails_one_input_not_the_batch(tmp_path: Path, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise ValueError("lxml said:\nsomething odd")

    monkeypatch.setattr(readers_module, "read_html", broken)
    (tmp_path / "a.html").write_text(html_page(EN, lang="en"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(text_of(EN), encoding="utf-8")
    articles, failures = ingest([tmp_path])
    assert [Path(a.source).name for a in articles] == ["b.txt"]
    (failure,) = failures
    assert failure.source == str(tmp_path / "a.html")
    assert "internal error (ValueError: lxml said: something odd)" in failure.reason
