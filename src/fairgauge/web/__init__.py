"""The REST API and web UI: ``create_app(settings, ...)`` builds a FastAPI application."""
