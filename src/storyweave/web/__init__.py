"""The local web app over a store (``storyweave serve``): stories, a story's dossier, an
article, each with a JSON twin (``app``)."""

from .app import create_app

__all__ = ["create_app"]
