"""bulletins: an intranet site of Vietnamese review bulletins, built with MkDocs + Material."""
