"""docs/dossier-schema.md against the JSON dossier it documents, both ways: every field the
JSON writes is documented, and every field the doc lists is written.

How the doc documents a field, as this test reads it:

- a row of a table whose first column is ``field``: its backticked names are paths relative to
  the section's heading (``### `claims[].support[]` `` -> ``claims.support.signals``). Rows
  are checked both ways: a row the JSON does not write fails, like a field no row documents;
- the keys of a ``json`` code block, an example of one entry of its section: checked both
  ways too (``...`` elisions aside);
- a name written in backticks in the row or section that documents the enclosing object:
  ``stats``'s row names ``stats.coherence.score`` as `` `coherence` (`score`, ...)``. Such
  names are only looked up (a meaning cell also backticks values: `` `direct` ``);
- a passage (``{"source", "article", "start", "end"}``, wherever it is nested) is documented
  once, by the table under ``## Citations``.

Lists the example story leaves empty (``warnings``, ``left_out``, ``claims[].conflicts``, an
``age`` discrepancy) get one hand-made entry, so that the doc's fields for them are checked
too. Field names are compared, never values: ``stats.seconds`` timings change from run to
run, their names do not.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from storyweave.model import (
    AttributeKind,
    ClaimAttribute,
    Discrepancy,
    DiscrepancyKind,
    Dossier,
    DossierWarning,
    LeftOut,
    StatedValue,
    ValueConflict,
)
from storyweave.render import to_json

pytestmark = pytest.mark.slow  # the example dossier: spaCy and MiniLM

DOC = Path(__file__).resolve().parents[1] / "docs" / "dossier-schema.md"

Path_ = tuple[str, ...]  # a field path with list levels dropped: ("claims", "support", "passage")

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_CODE_SPAN = re.compile(r"`([^`]+)`")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FIELD_CELL = re.compile(r"`[^`]+`(?:, `[^`]+`)*")
_FIELD_NAME = re.compile(r"[a-z_][a-z0-9_]*(?:\[\])?(?:\.[a-z_][a-z0-9_]*(?:\[\])?)*")
_ELISION = re.compile(r",\s*\.\.\.(?=\s*[\]}])")  # `[{...}, ...]`: more of the same
_PASSAGE = "Citations"  # the heading of the section whose table lists a passage's fields


def _path(dotted: str, base: Path_ = ()) -> Path_:
    if not _FIELD_NAME.fullmatch(dotted):
        raise AssertionError(f"not a field path: {dotted!r}")
    return base + tuple(part.removesuffix("[]") for part in dotted.split("."))


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text))


@dataclass
class Doc:
    """What docs/dossier-schema.md says. ``rows`` and ``examples`` are exact paths; ``words``
    maps a documented path (a row, or a section's heading) to the names written in backticks
    in its row's meaning cell or its section."""

    rows: set[Path_] = field(default_factory=set)
    examples: set[Path_] = field(default_factory=set)
    words: dict[Path_, set[str]] = field(default_factory=dict)
    passage: set[str] = field(default_factory=set)
    passage_examples: set[str] = field(default_factory=set)

    def mention(self, path: Path_, words: set[str]) -> None:
        self.words.setdefault(path, set()).update(words)

    def documents(self, path: Path_) -> bool:
        """Whether the doc documents ``path``: a row or example path, or every name below the
        nearest documented ancestor written in that ancestor's (or a further ancestor's)
        backticks."""
        if path in self.rows or path in self.examples:
            return True
        for cut in range(len(path) - 1, -1, -1):
            if path[:cut] in self.words:
                named = set().union(*(w for p, w in self.words.items() if path[:len(p)] == p
                                      and len(p) <= cut))
                return set(path[cut:]) <= named
        return False


def _table_cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _example_paths(value: Any, base: Path_, passage: set[str],
                   passage_keys: set[str]) -> Iterator[Path_]:
    if isinstance(value, list):
        for item in value:
            yield from _example_paths(item, base, passage, passage_keys)
    elif isinstance(value, dict):
        is_passage = bool(passage) and value.keys() <= passage
        for k, v in value.items():
            if is_passage:
                passage_keys.add(k)  # an elided passage ({"source": 2, ...}) is one too
            else:
                yield base + (k,)
            yield from _example_paths(v, base + (k,), passage, passage_keys)


def parse_doc(text: str) -> Doc:
    doc = Doc()
    lines = text.splitlines()
    # First pass: the section each line is in (a heading's path, or its parent's).
    stack: list[tuple[int, Path_ | str | None]] = []
    sections: list[Path_ | str | None] = []
    for line in lines:
        if m := _HEADING.match(line):
            level, title = len(m.group(1)), m.group(2)
            while stack and stack[-1][0] >= level:
                stack.pop()
            named = _CODE_SPAN.search(title)
            section: Path_ | str | None
            if level == 1:
                section = None  # the title: prose about the whole file
            elif title.strip() == "Top level":
                section = ()
            elif title.strip() == _PASSAGE:
                section = _PASSAGE
            elif named:
                section = _path(named.group(1))
            else:  # a subsection in prose ("When passages join a claim") continues its parent
                section = stack[-1][1] if stack else None
            stack.append((level, section))
        sections.append(stack[-1][1] if stack else None)

    i, in_code, code, code_start = 0, False, [], 0
    while i < len(lines):
        line, section = lines[i], sections[i]
        if line.startswith("```"):
            if in_code:
                _read_example("\n".join(code), section, doc, code_start)
                in_code, code = False, []
            else:
                in_code, code_start = True, i + 1
            i += 1
            continue
        if in_code:
            code.append(line)
            if isinstance(section, tuple):
                doc.mention(section, _words(line))
            i += 1
            continue
        if line.startswith("|"):
            header = _table_cells(line)
            assert set(lines[i + 1]) <= set("|-: "), f"{DOC.name}:{i + 2}: no |---| line"
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                if header[0] == "field":
                    _read_row(_table_cells(lines[i]), header, section, doc, i + 1)
                i += 1
            continue
        if isinstance(section, tuple):
            doc.mention(section, {w for span in _CODE_SPAN.findall(line) for w in _words(span)})
        i += 1
    return doc


def _read_row(cells: list[str], header: list[str], section: Path_ | str | None, doc: Doc,
              lineno: int) -> None:
    where = f"{DOC.name}:{lineno}"
    assert len(cells) == len(header), f"{where}: {len(cells)} cells, {len(header)} columns"
    assert section is not None, f"{where}: a field table under a heading that names no field"
    assert _FIELD_CELL.fullmatch(cells[0]), f"{where}: the field cell is not `name`s: {cells[0]}"
    names = _CODE_SPAN.findall(cells[0])
    if section == _PASSAGE:
        doc.passage.update(names)
        return
    assert isinstance(section, tuple)
    meaning = {w for span in _CODE_SPAN.findall(cells[-1]) for w in _words(span)}
    for name in names:
        path = _path(name, section)
        doc.rows.add(path)
        doc.mention(path, meaning)


def _read_example(block: str, section: Path_ | str | None, doc: Doc, lineno: int) -> None:
    if section is None:
        return
    try:
        value = json.loads(_ELISION.sub("", block))
    except json.JSONDecodeError as e:
        raise AssertionError(f"{DOC.name}:{lineno}: an example that is not JSON "
                             f"(besides `, ...` elisions): {e}") from None
    if section == _PASSAGE:
        doc.passage_examples.update(value)
        return
    assert isinstance(section, tuple)
    # an example's passages are told by the Citations table's fields, so it must come first
    assert doc.passage, f"{DOC.name}:{lineno}: an example before the Citations table"
    doc.examples.update(_example_paths(value, section, doc.passage, doc.passage_examples))


@dataclass
class Written:
    paths: set[Path_] = field(default_factory=set)  # every key path, passage fields too
    passage_fields: set[Path_] = field(default_factory=set)  # the fields of a passage


def walk(value: Any, passage: set[str], base: Path_ = (), out: Written | None = None) -> Written:
    """Every field path of a JSON value, list items merged."""
    out = out if out is not None else Written()
    if isinstance(value, list):
        for item in value:
            walk(item, passage, base, out)
    elif isinstance(value, dict):
        is_passage = bool(passage) and passage <= value.keys()
        for k, v in value.items():
            out.paths.add(base + (k,))
            if is_passage and k in passage:
                out.passage_fields.add(base + (k,))
            walk(v, passage, base + (k,), out)
    return out


def with_every_list_filled(d: Dossier) -> Dossier:
    """The example dossier with one hand-made entry in each list the example leaves empty
    (a copy: the session's dossier is not changed)."""
    first, *rest = d.claims
    aid = first.representative.article
    value = StatedValue(text="23", key="23", passages=(first.representative,))
    conflicted = dataclasses.replace(first, conflicts=[
        ValueConflict(kind="number", values=(value, dataclasses.replace(value, text="22",
                                                                        key="22")))])
    # a claim of a person's attribute (2.8): the example has none
    second, *others = rest
    attributed = dataclasses.replace(second, attribute=ClaimAttribute(
        d.entities[0].id, AttributeKind.AGE, "69"))
    return dataclasses.replace(
        d, claims=[conflicted, attributed, *others],
        warnings=[*d.warnings, DossierWarning(code="not-one-story", message="two stories",
                                              articles=(aid,), groups=((aid,),))],
        left_out=[*d.left_out, LeftOut(article=aid, source="copy.txt",
                                       reason=f"identical copy of {aid}.txt")],
        # a person's age given two ways names the person (2.5): the example has none
        discrepancies=[*d.discrepancies, Discrepancy(
            DiscrepancyKind.AGE, (value, dataclasses.replace(value, text="22", key="22")),
            (first.id,), entity=d.entities[0].id)])


@pytest.fixture(scope="module")
def doc() -> Doc:
    return parse_doc(DOC.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def written(example_dossier: Dossier, doc: Doc) -> Written:
    return walk(json.loads(to_json(with_every_list_filled(example_dossier))), doc.passage)


def _show(paths: set[Path_]) -> str:
    return ", ".join(".".join(p) for p in sorted(paths))


def test_a_passage_has_the_fields_the_citations_table_lists(example_dossier: Dossier,
                                                            doc: Doc) -> None:
    written = json.loads(to_json(example_dossier))
    assert doc.passage == set(written["claims"][0]["representative"])
    assert doc.passage_examples <= doc.passage


def test_every_field_of_the_json_is_documented(doc: Doc, written: Written) -> None:
    for filled in ("warnings", "left_out", "conflicts", "entity", "attribute"):  # hand-made
        assert any(p[-1] == filled for p in written.paths)
    undocumented = {p for p in written.paths - written.passage_fields if not doc.documents(p)}
    assert not undocumented, f"fields the JSON writes and {DOC.name} does not document: " \
                             f"{_show(undocumented)}"


def test_every_field_the_doc_lists_is_written(doc: Doc, written: Written) -> None:
    assert len(doc.rows) > 80  # the parser found the tables
    assert not doc.rows - written.paths, \
        f"table rows of {DOC.name} the JSON does not write: {_show(doc.rows - written.paths)}"
    assert not doc.examples - written.paths, \
        f"example fields of {DOC.name} the JSON does not write: " \
        f"{_show(doc.examples - written.paths)}"


def test_the_parser_notices_a_renamed_field(doc: Doc, written: Written) -> None:
    """The doc check is only as good as its reading of the doc: a row renamed there, or a
    field renamed in the JSON, must fail it."""
    text = DOC.read_text(encoding="utf-8")
    renamed = parse_doc(text.replace("| `same_fact` |", "| `same_facts` |", 1))
    assert renamed.rows - written.paths == {("claims", "support", "same_facts")}
    stats_row = next(ln for ln in text.splitlines() if ln.startswith("| `stats` |"))
    inline = parse_doc(text.replace(stats_row, stats_row.replace("`quote_groups`", "`groups`")))
    assert not inline.documents(("stats", "voices", "quote_groups"))
    assert not doc.documents(("quotes", "speaker_name"))
    assert not doc.documents(("claims", "support", "signals", "label"))
