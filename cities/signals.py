"""Every cached page may name a city: they all go stale when a city changes. A plan is shown
on its city's page, on its networks' pages and on the results and practices that serve it.
Who changed a city's status or a plan, and how, is in the audit log."""

from audit.registry import track
from empirie.cache import stale_on_change

from .models import City, DevelopmentPlan

PLANS = "plans"

stale_on_change("portal", City)
stale_on_change(PLANS, DevelopmentPlan)
track(City, exclude=("sort_key",))
track(DevelopmentPlan)
