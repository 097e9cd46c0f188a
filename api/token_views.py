"""Creating and revoking personal API tokens, from the profile page."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from . import selectors, services
from .forms import TokenCreateForm


class TokenCreateView(LoginRequiredMixin, FormView):
    template_name = "api/token_create.html"
    form_class = TokenCreateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "person": self.request.user}

    def form_valid(self, form):
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
