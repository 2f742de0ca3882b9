"""The database backend: django-tenants' PostgreSQL backend, sending `SET search_path`
only when the connection's path has to change."""
