"""The staff web pages: login and sessions, accounts, page rendering, templates, static files."""
