"""Aggregate figures safe to publish: small cells suppressed, and the cells that would give
them away suppressed too. Pure Python; no models, so every app may use it."""
