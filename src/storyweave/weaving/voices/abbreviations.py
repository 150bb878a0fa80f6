"""Words news writes short in place names, spelt out so that one place has one key ("Mt
Cook" / "Mount Cook"): read by :func:`.names.read_name` for every name but a person's."""

from __future__ import annotations

# Words news writes short in the name of a place or a building: "Mt Cook Village" / "Mount
# Cook Village" / "Mt. Cook Village", "117th St." / "117th Street" (ECB+ dev 23ecbplus and
# 21ecbplus made two or three entities of each). "St." begins a saint's name ("St.
# Petersburg") and ends a street's; "Mt" is a mountain's wherever it stands ("Aoraki Mt
# Cook").
_SHORT_FIRST = {"mt": "mount", "ft": "fort", "st": "saint"}
_SHORT_LAST = {"st": "street", "ave": "avenue", "blvd": "boulevard", "rd": "road",
               "hwy": "highway", "pkwy": "parkway", "sq": "square"}


def spelt_out(key: str) -> str:
    """A name key (not a person's) with the words news writes short in place names spelt
    out (``_SHORT_FIRST`` first, ``_SHORT_LAST`` last, "mt" anywhere): "mt. cook village"
    -> "mount cook village", "117th st." -> "117th street"; a one-word key as it is."""
    words = key.split(" ")
    if len(words) < 2:
        return key
    out = []
    for i, word in enumerate(words):
        bare_word = word.rstrip(".")
        if i == 0 and bare_word in _SHORT_FIRST:
            word = _SHORT_FIRST[bare_word]
        elif i == len(words) - 1 and bare_word in _SHORT_LAST:
            word = _SHORT_LAST[bare_word]
        elif bare_word == "mt":
            word = "mount"
        out.append(word)
    return " ".join(out)
