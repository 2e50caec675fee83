"""The tray agent: a small process that holds the tray icon and the reminders' next
moment while the app's window process is not running, and starts it on demand.

It imports Qt's widgets and the standard library only (a test keeps it so): idle in the
tray it costs little more than a bare tray icon. The window process (desktop/main.py)
plans the reminders, records what fired, shows notifications and quits when it has
nothing left to show; it tells the agent what comes next through core/agent_state.py.
"""
