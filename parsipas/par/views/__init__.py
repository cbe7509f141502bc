"""Views of the PAR Index pages: the province's projection, frameworks, the internal index."""
