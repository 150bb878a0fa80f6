"""Stories from a stream of articles: copies of one report found and linked to the earliest
version (``copies``), articles grouped into stories that keep their ids as news arrives
(``clustering``)."""

from .clustering import Assignment, Profile, Story, StoryIndex, partition
from .copies import CopyFinder, CopyLink, copies_among

__all__ = ["Assignment", "CopyFinder", "CopyLink", "Profile", "Story", "StoryIndex",
           "copies_among", "partition"]
