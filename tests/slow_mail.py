"""A mail backend for the fault tests' worker processes: writes each message to a file, as
Django's file backend does, after a pause, so a test can kill the worker in the middle."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileEmailBackend(EmailBackend):
    def send_messages(self, messages):
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0")))
        return super().send_messages(messages)
