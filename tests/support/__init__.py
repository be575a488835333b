"""Shared test helpers: fake platform servers on 127.0.0.1 (the real libraries, no network), signed requests, a TCP proxy, and a minimal platform built on the port alone."""
