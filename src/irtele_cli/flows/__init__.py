"""What happens around the core: gathering answers (file, flags, questions) and writing requested files."""
