"""Development launchers behind `make run` and `make test` (not imported by the app)."""
