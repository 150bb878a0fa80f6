"""Alignment: one story's statements in, claims out.

    units (statements with their entities and numbers) -> nearest-neighbour candidate pairs
    -> pair scores (pairscore: the MRPC-fitted same-fact scorer) -> greedy grouping without
    chaining (grouping) -> claims, each with its members' support and the values they
    disagree on (conflicts)

See docs/alignment.md.
"""
