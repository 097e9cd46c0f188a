"""The relevance set's cards (tests/search/corpus/) as practices and public results of a
database, indexed by the portal's own services; and the judgments to score a search with."""

import datetime
import math
from pathlib import Path

import yaml
from django.utils import timezone
from django.utils.text import slugify

from cities.choices import UnitType, Voivodeship
from cities.models import City
from empirie.folding import folded
from networks.models import Network
from practices import services as practice_services
from practices.choices import PracticeStatus
from practices.models import Category, Practice, Tag
from results import services as result_services
from results.choices import ResultKind, Stage
from results.models import Result

HERE = Path(__file__).parent
VOIVODESHIPS = {label: value for value, label in Voivodeship.choices}


def cards():
    return [card for path in sorted((HERE / "corpus").glob("*.yaml"))
            for card in yaml.safe_load(path.read_text(encoding="utf-8"))]  # fmt: skip


def judgments():
    return yaml.safe_load((HERE / "relevance.yaml").read_text(encoding="utf-8"))


def load(copy=0) -> dict[tuple[str, int], str]:
    """Store every card (`copy` > 0: once more, in cities and networks of its own); returns
    the card key of each (kind, pk)."""
    from networks.management.commands.demo_data import Command

    Command().load_categories()
    categories = {category.name: category for category in Category.objects.all()}
    cities, networks, keys = {}, {}, {}
    published = timezone.now() - datetime.timedelta(days=30)

    def city_of(card):
        name = card["city"]
        if name not in cities:
            cities[name] = City.objects.create(
                name=name, slug=slugify(folded(name)) + f"-{copy}-{len(cities)}",
                county=f"powiat {name} {copy}", voivodeship=VOIVODESHIPS[card["voivodeship"]], unit_type=UnitType.URBAN,
                postal_code="00-001", population=40000, latitude=52, longitude=19,
            )  # fmt: skip
        return cities[name]

    for n, card in enumerate(cards()):
        if card["kind"] == "practice":
            practice = Practice.objects.create(
                title=card["title"], slug=f"karta-{copy}-{n}", category=categories[card["category"]],
                city=city_of(card), summary=card["summary"],
                presentation=f"<p>{card['presentation']}</p>",
                implementing_unit=card.get("implementing_unit", ""),
                status=PracticeStatus.PUBLISHED, published_at=published,
            )  # fmt: skip
            practice.tags.set([Tag.objects.get_or_create(name=tag)[0] for tag in card["tags"]])
            practice_services.search_index(practice)
            keys["practice", practice.pk] = card["key"]
        else:
            name = card["network"]
            if name not in networks:
                networks[name] = Network.objects.create(
                    number=200 + 10 * copy + len(networks), slug=f"korpus-{copy}-{len(networks)}",
                    name=f"{name} {copy}" if copy else name, theme=name,
                )  # fmt: skip
            result = Result.objects.create(
                network=networks[name], kind=ResultKind.choices[0][0], title=card["title"],
                summary=card["summary"], body=f"<p>{card['presentation']}</p>",
                stage=Stage.PUBLIC, opened_to_observers_at=published, published_at=published,
            )  # fmt: skip
            result_services.search_index(result)
            keys["result", result.pk] = card["key"]
    return keys


def scores(ranked_keys: dict[str, list[str]]):
    """recall@5, MRR and nDCG@10 of a search's answers (query text → card keys, best
    first) against the judgments, and the queries that missed a target in the top five."""
    queries = judgments()["queries"]
    recall = reciprocal = gain = 0.0
    missed = []
    for query in queries:
        wanted = set(query["top5"])
        answer = ranked_keys[query["q"]]
        found = wanted & set(answer[:5])
        recall += len(found) / len(wanted)
        if found != wanted:
            missed.append((query["q"], sorted(wanted - found), answer[:5]))
        first = next((i for i, key in enumerate(answer) if key in wanted), None)
        reciprocal += 0 if first is None else 1 / (first + 1)
        dcg = sum(1 / math.log2(i + 2) for i, key in enumerate(answer[:10]) if key in wanted)
        ideal = sum(1 / math.log2(i + 2) for i in range(min(len(wanted), 10)))
        gain += dcg / ideal
    n = len(queries)
    return {"recall@5": recall / n, "MRR": reciprocal / n, "nDCG@10": gain / n}, missed


def intruders(ranked_keys: dict[str, list[str]]):
    """The negative queries whose top five hold a card they must not."""
    return [
        (negative["q"], sorted(set(negative["not"]) & set(ranked_keys[negative["q"]][:5])))
        for negative in judgments()["negatives"]
        if set(negative["not"]) & set(ranked_keys[negative["q"]][:5])
    ]
