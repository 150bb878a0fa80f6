"""Voices: one entity per person, organisation and place across outlets (entities, names),
quotes with their speakers grouped across outlets (quote_groups), and how each outlet frames
the story (framing)."""
