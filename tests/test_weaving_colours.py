"""One thing described in two colours by two outlets in passages of one claim is a colour
disagreement; a shade, grey for gray, a name ("the White House"), a person, a two-tone car,
two things, or one outlet's two colours are none. Sentences written for these tests (no
benchmark text)."""

from __future__ import annotations

import pytest
from factories import read_dated

from storyweave import weave
from storyweave.model import Passage
from storyweave.weaving.align.colours import colour_conflicts, colours_in


@pytest.mark.parametrize(("text", "found"), [
    ("she was hit by a silver Toyota Corolla", [("silver", "silver", {"toyota", "corolla"})]),
    ("struck by a grey 2015 Corolla", [("gray", "grey", {"corolla"})]),
    ("a man in a dark blue jacket", [("blue", "dark blue", {"jacket"})]),
    ("the driver of a white car", [("white", "white", {"vehicle"})]),
    # a name, a person, two colours of one thing: nothing
    ("the White House said on Friday", []),
    ("a black man was seen running", []),
    ("a black and white car sped off", []),
])
def test_a_colour_is_a_lower_case_colour_word_with_what_it_describes(text, found):
    assert [(c, text[a:b], set(what)) for c, a, b, what in colours_in(text)] == found


class _Unit:
    def __init__(self, text: str) -> None:
        self.text, self.start = text, 0


def _conflicts(texts: list[str], sources: list[str]):
    units = [_Unit(t) for t in texts]
    return colour_conflicts(range(len(units)), units, sources.__getitem__,  # type: ignore[arg-type]
                            lambda u, a, b: Passage(f"a{u}", a, b))


def test_two_sources_giving_one_car_two_colours_disagree_with_each_colour_cited():
    [c] = _conflicts(["she was hit by a silver Toyota Corolla near the school",
                      "she was struck by a grey 2015 Toyota Corolla near the school",
                      "a gray Corolla hit her near the school"], ["x", "y", "z"])
    assert c.kind == "colour"
    assert [(v.key, v.text, [p.article for p in v.passages]) for v in c.values] == [
        ("silver", "silver", ["a0"]), ("gray", "grey", ["a1", "a2"])]


def test_a_shade_two_things_or_one_sources_two_colours_are_no_disagreement():
    # "dark blue" is blue
    assert _conflicts(["a man in a dark blue jacket ran", "a man in a blue jacket ran"],
                      ["x", "y"]) == []
    # a red shirt and a blue car are two things
    assert _conflicts(["wearing a red shirt he fled", "he fled in a blue car"],
                      ["x", "y"]) == []
    # one outlet (two of its articles) giving two colours: no outlet disagrees with another
    assert _conflicts(["a silver Corolla hit her", "a gray Corolla hit her"],
                      ["x", "x"]) == []
    assert _conflicts(["a silver Corolla hit her", "a gray Corolla hit her",
                       "a gray Corolla struck her"], ["x", "x", "y"]) == []
    # people are never compared by colour
    assert _conflicts(["a black man was seen", "a white man was seen"], ["x", "y"]) == []


@pytest.mark.slow
def test_the_dossier_shows_a_cars_two_colours_as_a_disagreement_in_every_view():
    from storyweave.render import to_html, to_json, to_markdown

    day = "2023-05-02"
    d = weave([
        read_dated("A woman was struck and killed by a silver Toyota Corolla outside the "
                   "library on Monday night, police said.\n\nThe library closed early and "
                   "will reopen on Thursday.", "a.txt", day),
        read_dated("Police say a gray Toyota Corolla struck and killed a woman outside the "
                   "public library Monday night.\n\nA vigil is planned for Friday at the "
                   "church on Elm Street.", "b.txt", day),
        read_dated("A pedestrian died after she was struck by a gray Toyota Corolla outside "
                   "the library on Monday night.\n\nThe driver fled on foot, witnesses told "
                   "reporters.", "c.txt", day),
    ])
    [x] = [x for x in d.discrepancies if x.kind == "colour"]
    assert sorted((v.key, len(v.passages)) for v in x.values) == [("gray", 2), ("silver", 1)]
    assert "- **colour**" in to_markdown(d)
    assert '<span class="kind">colour</span>' in to_html(d)
    assert '"kind": "colour"' in to_json(d)
