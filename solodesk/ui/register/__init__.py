"""The case register: search, filters, subject page and subject form."""
