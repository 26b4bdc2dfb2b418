"""The contradiction engine: findings, reports, the rule registry and built-in rules."""
