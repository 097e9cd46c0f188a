from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, TemplateView

from empirie.fragments import Fragment
from practices.selectors import PRACTICE_LINKS, published_for

from . import rules, selectors, services
from .forms import CityStatusForm, DevelopmentPlanForm
from .models import City, DevelopmentPlan


class CityDetailView(DetailView):
    """A city's card: its data, its place in the programme and its development plans, the
    practices it shared and those it took up from others."""

    model = City
    template_name = "cities/city_detail.html"
    context_object_name = "city"
    fragments = {"practices": Fragment(families=(PRACTICE_LINKS,))}

    def get_context_data(self, **kwargs):
        published = published_for(self.request.user)
        user = self.request.user
        return super().get_context_data(
            plans=selectors.plans_of(self.object),
            can_edit_status=rules.can_edit_status(user),
            can_edit_plans=rules.can_edit_plans(user, self.object),
            # Lazy: read only when the cached copy is stale.
            shared=SimpleLazyObject(
                lambda: list(published.filter(city=self.object).order_by("-published_at"))
            ),
            adopted=SimpleLazyObject(
                lambda: list(
                    self.object.adopted_practices.filter(practice__in=published)
                    .select_related("practice__city")
                    .order_by("-recorded_at")
                )
            ),
            **kwargs,
        )


class CityMixin(LoginRequiredMixin):
    """The city named in the URL; 403 unless the person passes `rule`."""

    def rule(self, user, city) -> bool:
        return rules.can_edit_plans(user, city)

    @cached_property
    def city(self):
        return get_object_or_404(City, slug=self.kwargs["slug"])

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.rule(request.user, self.city):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(city=self.city, **kwargs)

    def city_page(self):
        return redirect("cities:detail", self.city.slug)


class CityStatusView(CityMixin, FormView):
    """An administrator records the city's place in the programme."""

    template_name = "cities/city_status_form.html"
    form_class = CityStatusForm

    def rule(self, user, city):
        return rules.can_edit_status(user)

    def get_initial(self):
        return {"programme_status": self.city.programme_status}

    def form_valid(self, form):
        services.city_status_set(
            city_id=self.city.pk, status=form.cleaned_data["programme_status"], by=self.request.user
        )
        messages.success(self.request, _("The city's status is saved."))
        return self.city_page()


class PlanMixin(CityMixin):
    @cached_property
    def plan(self):
        return get_object_or_404(DevelopmentPlan, pk=self.kwargs["pk"], city=self.city)

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, **kwargs)


class PlanFormMixin:
    template_name = "cities/plan_form.html"
    form_class = DevelopmentPlanForm

    def form_valid(self, form):
        try:
            self.save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The development plan is saved."))
        return self.city_page()


class PlanCreateView(PlanFormMixin, CityMixin, FormView):
    def save(self, values):
        services.plan_create(city_id=self.city.pk, by=self.request.user, **values)


class PlanEditView(PlanFormMixin, PlanMixin, FormView):
    def get_initial(self):
        return {name: getattr(self.plan, name) for name in services.PLAN_FIELDS}

    def save(self, values):
        services.plan_update(plan_id=self.plan.pk, by=self.request.user, **values)


class PlanDeleteView(PlanMixin, TemplateView):
    """Asks first; the plan goes on the POST. Results and practices that named it no longer
    do (the links go with it)."""

    template_name = "cities/plan_delete.html"

    def post(self, request, *args, **kwargs):
        services.plan_delete(plan_id=self.plan.pk, by=request.user)
        messages.success(request, _("The development plan is deleted."))
        return self.city_page()
