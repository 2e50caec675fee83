"""The desktop app: the composition root (app.py), the main window and its pages.

Each feature has a folder of its own (session/, reminders/, diary/); they never import each
other and talk through signals wired in app.py.
"""
