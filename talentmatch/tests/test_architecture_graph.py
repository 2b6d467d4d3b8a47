"""The import-graph helpers of test_architecture, checked on small synthetic trees: each check can fail and pass."""

from __future__ import annotations

from pathlib import Path

from talentmatch.tests.test_architecture import (
    MAX_LINES,
    Module,
    _sort_key,
    collect_modules,
    cycle_path,
    find_cycles,
    function_level_cross_app_imports,
    long_modules,
    upward_imports,
)


def _tree(root: Path, files: dict[str, str]) -> dict[str, Module]:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return collect_modules(root)


def test_a_cycle_through_a_function_level_import_is_found(tmp_path):
    modules = _tree(
        tmp_path,
        {
            "low/__init__.py": "",
            "low/models.py": "def f():\n    from high import services\n",
            "high/__init__.py": "",
            "high/services.py": "from low.models import f\n",
        },
    )
    assert find_cycles(modules) == [["high.services", "low.models"]]
    assert cycle_path(modules, ["high.services", "low.models"]) == ["high.services", "low.models", "high.services"]


def test_from_package_import_submodule_is_an_edge_to_the_submodule(tmp_path):
    modules = _tree(
        tmp_path,
        {
            "a/__init__.py": "",
            "a/b.py": "from a import c\nfrom . import d\nfrom a.c import name\n",
            "a/c.py": "name = 1\n",
            "a/d.py": "from a import b\n",
        },
    )
    assert sorted({imp.target for imp in modules["a.b"].imports}) == ["a.c", "a.d"]
    assert find_cycles(modules) == [["a.b", "a.d"]]


def test_a_tree_without_cycle_and_with_a_package_reexport_has_no_cycle(tmp_path):
    modules = _tree(
        tmp_path,
        {
            "pkg/__init__.py": "from .one import x\nfrom .two import y\n",
            "pkg/one.py": "x = 1\n",
            "pkg/two.py": "from pkg.one import x\ny = x\n",
            "user.py": "import pkg\nimport os\n",
        },
    )
    assert find_cycles(modules) == []


def test_function_level_cross_app_imports_are_counted_with_their_why_comment(tmp_path):
    modules = _tree(
        tmp_path,
        {
            "low/__init__.py": "",
            "low/models.py": "",
            "low/local.py": "",
            "high/__init__.py": "",
            "high/views.py": (
                "def f():\n"
                "    # why: loaded lazily\n"
                "    from low import models\n"
                "    from low.models import x  # why: same\n"
                "    from high import helpers\n"
                "    import low.local\n"
            ),
            "high/helpers.py": "",
            "high/tests/__init__.py": "",
            "high/tests/test_x.py": "def test():\n    from low import models\n",
        },
    )
    imports = function_level_cross_app_imports(modules)
    assert [(imp.line, imp.has_why_comment) for imp in sorted(imports, key=_sort_key)] == [
        (3, True),
        (4, True),
        (6, False),
    ]


def test_long_modules_and_upward_imports_are_listed(tmp_path):
    modules = _tree(
        tmp_path,
        {
            "talentmatch/__init__.py": "",
            "talentmatch/urls.py": "import matching.views\n",
            "matching/__init__.py": "",
            "matching/views.py": "import talentmatch.urls\n" + "x = 1\n" * MAX_LINES,
            "matching/migrations/0001_initial.py": "x = 1\n" * (MAX_LINES + 1),
            "matching/tests/__init__.py": "",
            "matching/tests/test_views.py": "x = 1\n" * MAX_LINES,
        },
    )
    assert long_modules(modules) == [f"matching.views ({MAX_LINES + 1} lines)"]
    assert upward_imports(modules) == ["talentmatch.urls:1 -> matching.views"]
