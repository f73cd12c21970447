"""Carriers: the registry, detection, the sandbox carrier and one module per live adapter."""
