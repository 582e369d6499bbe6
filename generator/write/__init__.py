"""Writing: the only stage that touches the output folder. Atomic and deterministic."""
