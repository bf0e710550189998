"""claimbook: the reproducible companion book to five papers on Azerbaijan, Türkiye and Israel."""

__version__ = "0.1.0"
