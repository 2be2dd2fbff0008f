"""What every entry point shares: typed settings, and opening the store, index and chat.

The Flask factory, the command line, gunicorn's master, Slack's Socket Mode and the tests
all come here, so none of them reaches into another surface for its resources.
"""
