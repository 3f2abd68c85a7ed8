"""The apps stand in layers, dus ← missions ← portfolio ← dialogues: an app imports
only the apps to its left, not even inside a function (import-linter's contract in
pyproject.toml, which `make lint` runs too), and a page of a lower app loads no
template tags of an upper one."""

import re
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ["dus", "missions", "portfolio", "dialogues"]


def test_it_keeps_every_app_to_the_apps_below_it():
    assert lint_imports(str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0


def test_it_loads_no_template_tags_of_an_upper_app_in_a_lower_apps_page():
    libraries = {path.stem: path.parents[1].name for path in ROOT.glob("*/templatetags/*.py")}
    loads = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")
    upward = []
    for level, app in enumerate(LAYERS):
        for template in (ROOT / "templates" / app).rglob("*.html"):
            for names in loads.findall(template.read_text()):
                for name in names.split():
                    owner = libraries.get(name)
                    if owner in LAYERS and LAYERS.index(owner) > level:
                        upward.append(f"{template.relative_to(ROOT)} loads {name}")
    assert upward == []
