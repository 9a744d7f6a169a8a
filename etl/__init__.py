"""Marsad ETL: read news and event datasets, extract and load canonical events."""

__version__ = "0.1.0"
