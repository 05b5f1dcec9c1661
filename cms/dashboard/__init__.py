"""The admin's home page as an editor's list of work: panels scoped to the editor's kommun."""
