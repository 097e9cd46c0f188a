"""Creating and revoking personal API tokens, from the profile page."""

import secrets

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from . import selectors, services
from .forms import TokenCreateForm

# A form's one-time number is good this long; one sent later is sent again from a fresh page.
FORM_NONCE_AGE = 24 * 60 * 60


def nonce_signer(person):
    return signing.TimestampSigner(salt=f"api.token-form.{person.pk}")


class TokenCreateView(LoginRequiredMixin, FormView):
    """Each page of the form carries a one-time number, signed for its person: the form sent
    twice (a double click, the browser's "send again") makes one token, not two."""

    template_name = "api/token_create.html"
    form_class = TokenCreateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "person": self.request.user}

    def get_context_data(self, **kwargs):
        nonce = nonce_signer(self.request.user).sign(secrets.token_urlsafe(16))
        return super().get_context_data(nonce=nonce, **kwargs)

    def form_valid(self, form):
        nonce = self.request.POST.get("nonce", "")
        try:
            nonce_signer(self.request.user).unsign(nonce, max_age=FORM_NONCE_AGE)
        except signing.BadSignature:  # none, another person's, or too old
            form.add_error(None, _("This form is out of date: fill it in and send it again."))
            return self.form_invalid(form)
        # The first request with this number makes the token; the cache's add is atomic, so
        # a second one, even at the same moment, finds it taken.
        if not cache.add(f"api-token-form:{nonce}", 1, FORM_NONCE_AGE):
            messages.warning(
                self.request,
                _(
                    "This form was sent twice: the token was created once, below. Its secret "
                    "was shown only on the first answer; if you did not copy it, revoke the "
                    "token and create another."
                ),
            )
            return redirect("accounts:profile")
        created = services.api_token_create(
            person_id=self.request.user.pk, name=form.cleaned_data["name"]
        )
        # Shown on this answer alone, never stored: no browser or proxy keeps a copy.
        response = self.render_to_response({"created": created})
        response["Cache-Control"] = "no-store"
        return response


class TokenRevokeView(LoginRequiredMixin, TemplateView):
    """A confirmation page; the POST revokes (one's own live token only; anyone else's: 404)."""

    template_name = "api/token_revoke.html"

    @cached_property
    def token(self):
        return get_object_or_404(selectors.tokens_of(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(token=self.token, **kwargs)

    def post(self, request, pk):
        if services.api_token_revoke(token_id=self.token.pk, person_id=request.user.pk):
            messages.success(
                request, _("The token “%(name)s” is revoked.") % {"name": self.token.name}
            )
        return redirect("accounts:profile")
