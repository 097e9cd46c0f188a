from allauth.account.adapter import DefaultAccountAdapter

from . import services


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        # A slow or absent mail server must not hold up the page: the queue sends it.
        message = self.render_mail(template_prefix, email, context)
        services.email_queue(message)
