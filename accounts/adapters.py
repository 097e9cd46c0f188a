from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied

from empirie.addresses import client_address

from . import mail, services


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        # allauth's rate limits (failed log-ins among them) and its sessions list count the
        # address the audit log records; allauth's own reading answers a short
        # X-Forwarded-For with an error (a 500) instead of the connection's address.
        address = client_address(request)
        if address is None:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def send_mail(self, template_prefix, email, context):
        # allauth's own send_mail supplies the site, whose name its e-mails greet with
        # ("Witamy z EMPIRIE!"); replacing the method must keep that context.
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        # A slow or absent mail server must not hold up the page: the queue sends it.
        # Transactional (a reset, a verification): the HTML part and Auto-Submitted, and no
        # unsubscribe link, as the person asked for this very e-mail.
        message = mail.finish(self.render_mail(template_prefix, email, context))
        services.email_queue(message)
