__version__ = "0.1.0"  # the package's semantic version; a test keeps it equal to pyproject.toml's
