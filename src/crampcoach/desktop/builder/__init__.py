"""The routine builder: make, change and share routines without a text editor."""
