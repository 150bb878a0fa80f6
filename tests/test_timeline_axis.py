"""The timeline chart's axis: empty years drawn short with a break, coarse dates placed by
their first day, tick labels never closer than their width."""

from __future__ import annotations

from datetime import date

from storyweave.render.timeline_axis import GAP_DAYS, MIN_TICK_PX, axis

STORY = [  # (first, last, fine)
    (date(2019, 1, 1), date(2019, 12, 31), False),  # "in 2019"
    (date(2022, 2, 1), date(2022, 2, 28), False),  # "February 2022"
    (date(2023, 3, 13), date(2023, 3, 16), True),
    (date(2023, 3, 17), date(2023, 3, 17), True),
    (date(2023, 3, 20), date(2023, 3, 22), True),
]


def test_empty_years_are_drawn_short_and_marked() -> None:
    ax = axis(STORY, left=0, width=600)
    story = ax.x(date(2023, 3, 23)) - ax.x(date(2023, 3, 13))
    # ten days of March 2023 get a third of the axis (on a linear one from 2019: 0.6%)
    assert story > 0.3 * 600
    assert len(ax.breaks) == 2  # 2019 -> 2022 -> 2023
    # inside the story's days the scale is linear: a day is a day
    day = ax.x(date(2023, 3, 14)) - ax.x(date(2023, 3, 13))
    assert abs((ax.x(date(2023, 3, 17)) - ax.x(date(2023, 3, 16))) - day) < 0.2


def test_a_coarse_date_does_not_stretch_the_axis() -> None:
    # "2023" (the whole year) beside days of March: only its first day is placed
    ax = axis([(date(2023, 1, 1), date(2023, 12, 31), False),
               (date(2023, 3, 20), date(2023, 3, 22), True)], left=0, width=600)
    assert ax.last == date(2023, 3, 23)
    assert ax.x(date(2023, 12, 31)) == ax.x(ax.last) == 600


def test_tick_labels_keep_apart_and_start_each_stretch() -> None:
    ax = axis(STORY, left=0, width=600)
    xs = [x for x, _ in ax.ticks]
    assert all(b - a >= MIN_TICK_PX for a, b in zip(xs, xs[1:], strict=False))
    labels = [label for _, label in ax.ticks]
    assert labels[0] == "2019" and "2022-02" in labels


def test_one_day_only() -> None:
    ax = axis([(date(2023, 3, 20), date(2023, 3, 20), True)], left=10, width=100)
    assert ax.x(date(2023, 3, 20)) == 10 and ax.x(date(2023, 3, 21)) == 110
    assert ax.breaks == [] and GAP_DAYS >= 1
