"""Spiders: navigation only; extraction is the engine's (newsarchive.extract)."""
