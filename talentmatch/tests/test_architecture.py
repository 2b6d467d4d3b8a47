"""The import graph of the project's own modules, read from the source with `ast` (no import, no database).

Scope: every `.py` file of the repository outside `.venv`, `migrations` and `bench`. Test modules are in the
cycle graph: they are leaves unless production code imports them, which is exactly the cycle worth catching.
They are left out of the floors check (a lower app's tests may build objects of higher apps) and of the
function-level count. Imports inside functions and under `if TYPE_CHECKING:` are edges like any other.

An edge goes to the most precise project module an import names: `import a.b` -> `a.b`; `from a import b` ->
`a.b` when `b` is a submodule, else `a`; relative imports are resolved against the importing module. The
parent packages that Python also initialises are not added as edges, so a package that re-exports its
submodules does not count as a cycle with them.
"""

from __future__ import annotations

import ast
import io
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXCLUDED_DIRS = {".venv", "venv", "migrations", "bench", "node_modules", "__pycache__", ".git", "static"}
MAX_LINES = 400
MAX_FUNCTION_LEVEL_CROSS_APP = 10

# From the ground up; an app may import only from its own floor's apps listed in SIDEWAYS and from lower floors.
FLOORS = {
    "talentmatch": 0,
    "history": 1,
    "consultants": 2,
    "tenders": 3,
    "collaborations": 3,
    "matching": 4,
    "dataio": 5,
    "privacy": 6,
    "notifications": 6,
    "demo": 7,
}
# (importing app, imported app) pairs on the same floor that are allowed; none is needed today.
SIDEWAYS: set[tuple[str, str]] = set()
# (importing module, imported module) edges that climb a floor on purpose, each with its reason.
ALLOWED_UPWARD: dict[tuple[str, str], str] = {
    ("talentmatch.maintenance", "consultants.cache"): (
        "the nightly availability roll-over is one UPDATE, which must bump the consultant page cache itself"
    ),
    ("talentmatch.maintenance", "collaborations.services"): (
        "the nightly expiry job calls the collaboration service that owns the write"
    ),
}
# Pages compose what several apps know (a consultant's page shows its best tenders, the dashboard
# counts matches): a views module may READ any app — its models, selectors and display helpers —
# but writes only through services of its own floor or below.
PAGE_MODULE = "views"
READABLE_BY_PAGES = {"models", "selectors", "sharing"}


@dataclass(frozen=True)
class Import:
    source: str
    target: str
    line: int
    in_function: bool
    has_why_comment: bool


@dataclass
class Module:
    name: str
    path: Path
    is_package: bool
    line_count: int
    imports: list[Import] = field(default_factory=list)

    @property
    def app(self) -> str:
        return self.name.split(".")[0]

    @property
    def is_test(self) -> bool:
        parts = self.name.split(".")
        return "tests" in parts or parts[-1] == "conftest" or parts[-1].startswith("test_")


def module_name(root: Path, path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def collect_modules(root: Path) -> dict[str, Module]:
    """Every project module under `root` (outside EXCLUDED_DIRS), by dotted name, with its resolved imports."""
    modules: dict[str, Module] = {}
    sources: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        if any(part in EXCLUDED_DIRS for part in path.relative_to(root).parts[:-1]):
            continue
        name, is_package = module_name(root, path)
        if not name:
            continue
        text = path.read_text(encoding="utf-8")
        sources[name] = text
        modules[name] = Module(name, path, is_package, len(text.splitlines()))
    for name, module in modules.items():
        module.imports = list(_imports_of(module, sources[name], modules))
    return modules


def _comment_lines(text: str) -> set[int]:
    """Lines that carry a comment mentioning why."""
    lines = set()
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT and "why" in token.string.lower():
            lines.add(token.start[0])
    return lines


def _resolve_relative(module: Module, level: int, target: str | None) -> str:
    package = module.name.split(".") if module.is_package else module.name.split(".")[:-1]
    base = package[: len(package) - (level - 1)] if level > 1 else package
    return ".".join([*base, target] if target else base)


def _imports_of(module: Module, text: str, modules: dict[str, Module]):
    why_lines = _comment_lines(text)
    tree = ast.parse(text, filename=str(module.path))

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            child_in_function = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if isinstance(child, ast.Import | ast.ImportFrom):
                yield_targets(child, in_function)
            visit(child, child_in_function)

    found: list[Import] = []

    def add(target: str, node: ast.stmt, in_function: bool) -> None:
        # Only project modules are edges; `a.b.c` that is not a module falls back to its longest module prefix.
        parts = target.split(".")
        while parts and ".".join(parts) not in modules:
            parts.pop()
        if not parts:
            return
        resolved = ".".join(parts)
        if resolved == module.name:
            return
        has_why = node.lineno in why_lines or (node.lineno - 1) in why_lines
        found.append(Import(module.name, resolved, node.lineno, in_function, has_why))

    def yield_targets(node: ast.Import | ast.ImportFrom, in_function: bool) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, node, in_function)
            return
        base = _resolve_relative(module, node.level, node.module) if node.level else (node.module or "")
        for alias in node.names:
            submodule = f"{base}.{alias.name}" if base else alias.name
            add(submodule if submodule in modules else base, node, in_function)

    visit(tree, False)
    return list({(imp.target, imp.line): imp for imp in found}.values())


def find_cycles(modules: dict[str, Module]) -> list[list[str]]:
    """The import cycles: each strongly connected component of two or more modules, its members sorted."""
    graph = {name: sorted({imp.target for imp in module.imports}) for name, module in modules.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        # Iterative Tarjan: a frame is (node, iterator over its successors).
        work = [(start, iter(graph[start]))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = counter
                    counter += 1
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(graph[successor])))
                    advanced = True
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return sorted(components)


def cycle_path(modules: dict[str, Module], component: list[str]) -> list[str]:
    """One closed path through the component, starting at its first module: `a -> b -> a`."""
    graph = {name: sorted({imp.target for imp in modules[name].imports}) for name in component}
    start = min(component)
    parents = {start: None}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for successor in graph[node]:
            if successor == start:
                path = [node]
                while parents[path[-1]] is not None:
                    path.append(parents[path[-1]])
                return [*reversed(path), start]
            if successor in graph and successor not in parents:
                parents[successor] = node
                queue.append(successor)
    return sorted(component)


def function_level_cross_app_imports(modules: dict[str, Module]) -> list[Import]:
    """Imports inside functions, outside tests, that reach another top-level app of the project."""
    return [
        imp
        for module in modules.values()
        if not module.is_test
        for imp in module.imports
        if imp.in_function and imp.target.split(".")[0] != module.app
    ]


def long_modules(modules: dict[str, Module]) -> list[str]:
    return sorted(f"{m.name} ({m.line_count} lines)" for m in modules.values() if m.line_count > MAX_LINES)


def upward_imports(modules: dict[str, Module]) -> list[str]:
    """Edges between apps that do not point down the floors, minus the allowed ones."""
    wrong = []
    for module in modules.values():
        if module.is_test or module.app not in FLOORS:
            continue
        for imp in module.imports:
            target_app = imp.target.split(".")[0]
            if target_app == module.app or target_app not in FLOORS:
                continue
            if (imp.source, imp.target) in ALLOWED_UPWARD:
                continue
            if PAGE_MODULE in imp.source.split(".")[1:] and imp.target.split(".")[-1] in READABLE_BY_PAGES:
                continue
            source_floor, target_floor = FLOORS[module.app], FLOORS[target_app]
            if target_floor > source_floor or (
                target_floor == source_floor and (module.app, target_app) not in SIDEWAYS
            ):
                wrong.append(imp)
    return [f"{imp.source}:{imp.line} -> {imp.target}" for imp in sorted(wrong, key=_sort_key)]


def _describe(imports: list[Import]) -> str:
    return "\n".join(f"  {imp.source}:{imp.line} -> {imp.target}" for imp in sorted(imports, key=_sort_key))


def _sort_key(imp: Import) -> tuple[str, int]:
    return imp.source, imp.line


# The project itself.


def test_the_project_import_graph_has_no_cycle():
    modules = collect_modules(ROOT)
    cycles = find_cycles(modules)
    assert cycles == [], f"{len(cycles)} import cycle(s):\n" + "\n".join(
        f"  {len(c)} modules {c}, e.g. " + " -> ".join(cycle_path(modules, c)) for c in cycles
    )


def test_function_level_imports_reaching_another_app_are_few_and_each_says_why():
    imports = function_level_cross_app_imports(collect_modules(ROOT))
    unexplained = [imp for imp in imports if not imp.has_why_comment]
    assert len(imports) < MAX_FUNCTION_LEVEL_CROSS_APP, f"{len(imports)} function-level cross-app imports:\n" + (
        _describe(imports)
    )
    assert unexplained == [], "function-level cross-app imports without a `# why:` comment:\n" + _describe(unexplained)


def test_no_project_module_is_longer_than_400_lines():
    too_long = long_modules(collect_modules(ROOT))
    assert too_long == [], f"{len(too_long)} modules over {MAX_LINES} lines:\n  " + "\n  ".join(too_long)


def test_imports_point_down_the_floors():
    wrong = upward_imports(collect_modules(ROOT))
    assert wrong == [], f"{len(wrong)} imports against the floors {FLOORS}:\n  " + "\n  ".join(wrong)


def test_every_app_of_the_project_has_a_floor():
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert apps - set(FLOORS) == set()


# The helpers, on small synthetic trees.
