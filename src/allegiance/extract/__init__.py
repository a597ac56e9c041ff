"""Relations (and later events and claims) from parsed documents."""
