"""Every page, list, feed, form and export reads what a person may see through the model's one
definition, `Model.objects.visible_to(user)`: a view or selector that reads such a model
through its default manager fails here, before it can show anyone a closed network's inside.

A read that is not about what a person sees (a count under rows already loaded through
visible_to, the person's own rows) says why on its line or the line above: `# visible: …`.
"""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Where people's reads are written: pages, lists, feeds, forms' choices, filters, exports.
READERS = ["*/views.py", "*/selectors.py", "*/feeds.py", "*/forms.py", "*/filters.py"]
# The statistics read every app's rows for people: each of their modules is a selector.
READERS += ["figures/*.py"]
# Deliberately public selections: who takes part (ZMP publishes it), announced meeting dates.
PUBLIC = {"public_composition", "announced"}
EXPECTED = {
    "Practice", "PracticeAttachment", "Result", "ResultAttachment", "Comment", "Meeting",
    "MeetingReport", "MeetingPhoto", "MeetingAttachment", "Registration", "Notification",
    "Participation", "PartnerCard", "Conversation", "Message", "Invitation",
}  # fmt: skip


def closed_models() -> set[str]:
    """The models with a visibility of their own: those whose manager has visible_to."""
    return {
        model.__name__
        for model in apps.get_models()
        if hasattr(model._default_manager, "visible_to")
    }


def reader_files():
    for pattern in READERS:
        for path in ROOT.glob(pattern):
            if ".venv" not in path.parts:
                yield path, None
    # The personal-data export reads for the person; the erasure beside it writes.
    yield ROOT / "accounts" / "personal_data.py", "personal_data"


def default_manager_reads(path: Path, only_function: str | None, closed: set[str]):
    source = path.read_text()
    lines = source.splitlines()
    tree = ast.parse(source)
    if only_function:
        tree = next(
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef) and node.name == only_function
        )
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}

    def explained(node):
        return any("# visible:" in lines[n - 1] for n in (node.lineno, node.lineno - 1) if n)

    for node in ast.walk(tree):
        found = None
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("objects", "_default_manager")
            and isinstance(node.value, ast.Name)
            and node.value.id in closed
        ):
            parent = parents.get(node)
            if isinstance(parent, ast.Attribute) and parent.attr in {"visible_to", "none", *PUBLIC}:
                continue
            found = f"{node.value.id}.{node.attr}"
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", None) == "get_object_or_404"
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in closed
        ):
            found = f"get_object_or_404({node.args[0].id})"
        elif (
            path.name == "views.py"
            and isinstance(node, ast.Assign)
            and any(getattr(target, "id", None) == "model" for target in node.targets)
            and isinstance(node.value, ast.Name)
            and node.value.id in closed
        ):
            found = f"model = {node.value.id}"  # a generic view's default manager
        if found and not explained(node):
            yield f"{path.name}:{node.lineno}: {found}"


def test_every_closed_model_has_one_definition_of_who_sees_it():
    assert closed_models() >= EXPECTED


def test_views_and_selectors_read_closed_models_only_through_visible_to():
    closed = closed_models()
    reads = [
        read for path, only in reader_files() for read in default_manager_reads(path, only, closed)
    ]
    assert not reads, "read through the default manager instead of visible_to:\n" + "\n".join(reads)


def test_the_guard_sees_a_read_through_the_default_manager(tmp_path):
    """The check itself can fail: a view reading practices the old way is caught."""
    view = tmp_path / "views.py"
    view.write_text(
        "def practice(request, slug):\n"
        "    return get_object_or_404(Practice.objects.all(), slug=slug)\n"
        "def queue(request):\n"
        "    return Practice.objects.visible_to(request.user)\n"
        "def mine(request):\n"
        "    return Comment.objects.filter(author=request.user)  # visible: own\n"
    )
    reads = list(default_manager_reads(view, None, closed_models()))
    assert [read.rsplit(": ", 1)[1] for read in reads] == ["Practice.objects"]
