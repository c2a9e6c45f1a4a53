"""Servers in a thread, standing where another process would be.

A real ASGI app under uvicorn (http), a JSON stand-in for another service (json_http), a
service that never answers (hanging), a publisher that records instead of sending
(recording).
"""
