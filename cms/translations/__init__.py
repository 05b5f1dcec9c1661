"""Which translations of a kommun's pages and listings exist, which are missing, and which are out of date."""
