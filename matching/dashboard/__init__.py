"""The dashboard's figures: the intercontrat forecast and rate (forecast.py, pure arithmetic) and the
reads that feed them and the other charts (selectors.py, company-scoped through `visible_to`)."""
