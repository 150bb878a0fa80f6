"""Chronology: when each article was written (dating: printed dates checked against the
text and the story) and when each fact happened (timeline)."""
