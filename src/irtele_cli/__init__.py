"""irtele: career planning for interventional radiologists who want telemedicine in their work."""

__version__ = "0.1.0"
VERSION_LINE = f"irtele {__version__}"
"""What --version prints: the CLI's option and the entry point's fast path say the same."""

KB_ENV = "IRTELE_KB"
"""Environment variable naming a knowledge-base directory to use instead of the bundled one."""
