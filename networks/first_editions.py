"""The first edition of every network: made by a data migration for the networks that existed
before editions, and by the demo data. It uses only the models it is given (the migration's
historical ones), so it reads the same whenever it runs."""

from django.utils import timezone


def edition_name(years) -> str:
    """ "2022–2024" from the years its work spans, "2026" for one year."""
    years = sorted(set(years))
    if not years:
        return str(timezone.localdate().year)
    if years[0] == years[-1]:
        return str(years[0])
    return f"{years[0]}–{years[-1]}"


def first_editions(*, Network, Edition, Meeting, Result, Thread, today=None) -> int:  # noqa: N803
    """Every network without an edition gets its first one, named after the years of its
    meetings (the current year when it has none); its meetings, results and threads that
    belong to no edition go to the network's first one. Models are passed in: the data
    migration gives its historical ones, the demo data the real ones. Returns how many."""
    today = today or timezone.localdate()
    made = 0
    for network in Network.objects.all():
        edition = Edition.objects.filter(network=network).order_by("number").first()
        starts = list(
            Meeting.objects.filter(network=network).order_by("starts_at")
            .values_list("starts_at", flat=True)
        )  # fmt: skip
        years = [timezone.localtime(moment).year for moment in starts]
        if edition is None:
            edition = Edition.objects.create(
                network=network, number=1, name=edition_name(years),
                starts_on=timezone.localdate(starts[0]) if starts else today,
            )  # fmt: skip
            made += 1
        elif edition.number == 1 and not edition.closed_at and years:
            # Made with the network (networks.signals) before its meetings were: named now.
            edition.name = edition_name(years)
            edition.starts_on = min(edition.starts_on, timezone.localdate(starts[0]))
            edition.save(update_fields=["name", "starts_on"])
        for model in (Meeting, Result, Thread):
            model.objects.filter(network=network, edition__isnull=True).update(edition=edition)
    return made
