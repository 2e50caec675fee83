""" "What should I do now?": the library's button, the rules of core/suggest.py, and a small
dialog with the routine, the reason, Start and Show in library."""
