"""Case files in and out: YAML/JSON loading with located errors, dumping, JSON Schema."""
