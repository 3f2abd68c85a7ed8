"""Views of the missions app, split by topic: missions, clusters, members."""
