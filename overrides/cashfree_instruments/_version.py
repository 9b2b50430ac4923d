__version__ = "0.2.0"  # the package's semantic version; a test keeps it equal to pyproject.toml's
