"""Planning: the validated model → the list of pages to render. Pure."""
