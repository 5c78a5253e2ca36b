"""The website as data, engine-neutral: addresses, escaping and search entries."""
