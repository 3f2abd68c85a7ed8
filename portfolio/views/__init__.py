"""Views of the portfolio, split by topic: initiatives, logbook, ranking, reviews."""
