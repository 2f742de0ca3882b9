"""From a request's Host to an organization and its schema (docs/architecture.md, "The
request path"): the middleware, and the per-worker cache of hostnames it reads."""
