"""Ingest on a Dask cluster (``storyweave ingest --dask [ADDRESS]``): inputs read and cleaned,
and batches annotated, as Dask tasks on a cluster, or on a ``LocalCluster`` when no address is
given (``runner``)."""

from .runner import dask_batches, dask_client, read_on_dask

__all__ = ["dask_batches", "dask_client", "read_on_dask"]
