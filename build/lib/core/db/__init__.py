"""The database backend: django-tenants' PostgreSQL backend, with the search_path and the
statement timeout set in every transaction, so that it is right behind any pooler."""
