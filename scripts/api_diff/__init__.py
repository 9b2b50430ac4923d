"""`make api-diff`: what changed for users between two versions of the repository (see api_diff.py)."""
