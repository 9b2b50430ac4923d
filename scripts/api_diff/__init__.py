"""Maintainer tools run by `make` targets: not tests (no `test_` prefix), so pytest does not collect them."""
