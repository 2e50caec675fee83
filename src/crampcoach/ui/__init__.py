"""Windows and widgets; each is handed the models and services it shows."""
