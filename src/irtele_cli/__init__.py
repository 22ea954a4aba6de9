"""irtele: career planning for interventional radiologists who want telemedicine in their work."""

__version__ = "0.1.0"
