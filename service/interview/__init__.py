"""Domain logic of informational interviews: plain Python, no Flask."""
