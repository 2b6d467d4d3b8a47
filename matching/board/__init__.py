"""The pipeline board: its columns paged by status, filters, bulk moves and header counts
(`counts`, `selectors`, `views`, `urls`)."""
