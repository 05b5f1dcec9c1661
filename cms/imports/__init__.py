"""Listings that come in from outside: housing feeds, JobTech job ads, and the record of every run."""
