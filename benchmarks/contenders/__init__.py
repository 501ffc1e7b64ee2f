"""Benchmark contenders; each module defines ``Contender`` (see ``worker.py``)."""
