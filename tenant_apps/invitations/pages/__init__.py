"""The pages a mailed invitation opens, on the organization's domain (core/pages.py)."""
