"""The engine: an asyncio facade (engine.py) over one GPU worker thread (worker.py) and its voice cache."""
