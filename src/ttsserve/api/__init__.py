"""HTTP layer: request/response schemas and thin route handlers. Never imports torch."""
