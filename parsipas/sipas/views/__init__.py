"""The SIPAS pages: results, collection by staff, configuration and the public survey."""
