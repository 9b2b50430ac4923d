"""Maintainer programs run by `make` targets from the repository's root (`python -m scripts.<name>`)."""
