from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from . import rules, selectors, services
from .choices import PracticeStatus
from .filters import PracticeFilter
from .forms import PracticeForm, ReviewForm, TransferForm


class PracticeListView(ListView):
    """The good-practice database: filters and search, ranked, counted and paginated."""

    template_name = "practices/practice_list.html"
    context_object_name = "practices"
    paginate_by = 20

    def get_queryset(self):
        practices = selectors.practices_for(self.request.user).filter(
            status=PracticeStatus.PUBLISHED
        )
        self.filterset = PracticeFilter(
            self.request.GET or None, queryset=practices, user=self.request.user
        )
        if not self.filterset.is_bound:
            return practices.order_by("-published_at")
        qs = self.filterset.qs
        return qs if self.request.GET.get("q", "").strip() else qs.order_by("-published_at")

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(filter=self.filterset, query=query.urlencode(), **kwargs)


class PracticeMixin:
    """The practice in the URL, if the person may see it; 404 otherwise."""

    @cached_property
    def practice(self):
        return get_object_or_404(
            selectors.practices_for(self.request.user).select_related("author"),
            slug=self.kwargs["slug"],
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            practice=self.practice,
            can_edit=rules.can_edit(user, self.practice),
            can_review=rules.can_review(user)
            and self.practice.status == PracticeStatus.SUBMITTED
            and self.practice.author_id != user.pk,
            can_record_transfer=rules.can_record_transfer(user, self.practice),
            **kwargs,
        )


class PracticeDetailView(PracticeMixin, TemplateView):
    """Summary and record card (Skrót i Metryka)."""

    template_name = "practices/practice_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contacts"] = self.practice.contacts.all()
        context["tags"] = self.practice.tags.all()
        context["networks"] = self.practice.networks.all()
        context["transfers"] = self.practice.transfers.select_related("city")
        context["related"] = selectors.related_practices(self.practice, self.request.user)
        return context


class PracticePresentationView(PracticeMixin, TemplateView):
    """The full presentation (Pełna prezentacja)."""

    template_name = "practices/practice_presentation.html"


class PracticeFormView(LoginRequiredMixin, FormView):
    template_name = "practices/practice_form.html"
    form_class = PracticeForm

    @cached_property
    def practice(self):
        if "slug" not in self.kwargs:
            return None
        practice = get_object_or_404(
            selectors.practices_for(self.request.user), slug=self.kwargs["slug"]
        )
        if not rules.can_edit(self.request.user, practice):
            raise Http404
        return practice

    def dispatch(self, request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and "slug" not in kwargs
            and not rules.can_submit_practices(request.user)
        ):
            messages.error(
                request, _("Practices are added by city staff; your profile names no city.")
            )
            return redirect("accounts:profile")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.practice}

    def get_context_data(self, **kwargs):
        return super().get_context_data(practice=self.practice, **kwargs)

    def form_valid(self, form):
        practice = services.practice_save(
            by=self.request.user, practice=self.practice, **form.save_arguments()
        )
        messages.success(
            self.request, _("Saved as a draft. Submit it for review when it is ready.")
        )
        return redirect("practices:detail", practice.slug)


class PracticeSubmitView(LoginRequiredMixin, PracticeMixin, View):
    def post(self, request, slug):
        try:
            services.practice_submit(practice=self.practice, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Submitted; a coordinator will review it."))
        return redirect("practices:detail", slug)


class ReviewQueueView(LoginRequiredMixin, UserPassesTestMixin, ListView):
    template_name = "practices/review_queue.html"
    context_object_name = "practices"
    paginate_by = 30

    def test_func(self):
        return rules.can_review(self.request.user)

    def get_queryset(self):
        return (
            selectors.practices_for(self.request.user)
            .filter(status=PracticeStatus.SUBMITTED)
            .select_related("author")
            .order_by("submitted_at")
        )


class ReviewView(LoginRequiredMixin, UserPassesTestMixin, PracticeMixin, FormView):
    template_name = "practices/review_form.html"
    form_class = ReviewForm

    def test_func(self):
        return rules.can_review(self.request.user)

    def form_valid(self, form):
        try:
            services.practice_review(
                practice=self.practice, by=self.request.user, publish=form.said_yes,
                comment=form.cleaned_data["reason"],
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Review saved; the author has been notified."))
        return redirect("practices:review_queue")


class TransferView(LoginRequiredMixin, PracticeMixin, FormView):
    template_name = "practices/transfer_form.html"
    form_class = TransferForm

    def get_form_kwargs(self):
        if not rules.can_record_transfer(self.request.user, self.practice):
            raise PermissionDenied
        return super().get_form_kwargs()

    def form_valid(self, form):
        try:
            services.transfer_record(
                practice=self.practice, by=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Recorded: the practice has travelled to your city."))
        return redirect("practices:detail", self.practice.slug)
