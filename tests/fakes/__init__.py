"""Fake platform servers on 127.0.0.1, so adapter tests run the real libraries with no network."""
