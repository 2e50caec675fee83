"""Reminders on the desktop: the runtime's one timer, notifications, prompt and page."""
