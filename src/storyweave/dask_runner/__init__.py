"""Annotation on a Dask cluster (``storyweave ingest --dask [ADDRESS]``): the batches the local
worker processes would annotate, run as Dask tasks on a cluster, or on a ``LocalCluster``
when no address is given (``runner``)."""

from .runner import dask_batches

__all__ = ["dask_batches"]
