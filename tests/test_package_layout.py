"""The package's shape: every module importable by its dotted name, no module hidden behind a
public function of the same name, package ``__init__`` files that only re-export, and a quiet
library (no progress bars or printing below the CLI)."""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

import pytest

import storyweave

SRC = Path(storyweave.__file__).parent
MODULES = sorted(m.name for m in pkgutil.walk_packages([str(SRC)], prefix="storyweave."))


def test_the_stages_are_there() -> None:
    for name in ("storyweave.ingestion.batch", "storyweave.weaving.dossier", "storyweave.api",
                 "storyweave.keys", "storyweave.labels", "storyweave.model"):
        assert name in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_module_imports_by_its_dotted_name(name: str) -> None:
    scope: dict = {}
    exec(f"import {name} as m", scope)  # noqa: S102 - the statement a user would write
    assert scope["m"].__name__ == name


def test_public_verbs_are_functions_beside_their_packages() -> None:
    import storyweave.ingestion as ingestion_pkg
    import storyweave.weaving as weaving_pkg

    assert callable(storyweave.ingest) and callable(storyweave.weave)
    assert ingestion_pkg.__name__ == "storyweave.ingestion"
    assert weaving_pkg.__name__ == "storyweave.weaving"


@pytest.mark.parametrize("init", sorted(SRC.rglob("__init__.py")), ids=lambda p: str(p.parent.name))
def test_package_init_only_reexports(init: Path) -> None:
    tree = ast.parse(init.read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the docstring
        assert isinstance(node, ast.Import | ast.ImportFrom | ast.Assign), (
            f"{init}: line {node.lineno} is logic, not a re-export")
        if isinstance(node, ast.Assign):
            assert [t.id for t in node.targets if isinstance(t, ast.Name)] == ["__all__"]


@pytest.mark.parametrize("package", ["nlp", "weaving", "ingestion", "render", "store"])
def test_library_stages_do_not_print_or_draw_bars(package: str) -> None:
    for path in (SRC / package).rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", "") or ""]
                assert not any(n.split(".")[0] == "tqdm" for n in names), f"{path} imports tqdm"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "print", f"{path}:{node.lineno} prints"


@pytest.mark.slow
def test_package_docstring_example_runs(example_dir: Path, monkeypatch, tmp_path: Path) -> None:
    doc = storyweave.__doc__
    code = "\n".join(line.strip() for line in doc.splitlines() if line.startswith("    "))
    assert "storyweave.ingest(" in code and "storyweave.weave(" in code
    # the example path is relative to the repo; the store it makes goes to a scratch folder
    (tmp_path / "examples").symlink_to(example_dir.parent)
    monkeypatch.chdir(tmp_path)
    printed: list[str] = []
    exec(code, {"storyweave": storyweave, "print": printed.append})  # noqa: S102
    assert printed and printed[0].startswith("# Story dossier:")
    assert (tmp_path / "news.db").exists()


def test_license_is_an_spdx_string_with_its_file() -> None:
    import tomllib

    root = SRC.parents[1]
    project = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]
    assert isinstance(project["license"], str)  # a TOML table is deprecated (Feb 2027)
    assert all((root / f).is_file() for f in project["license-files"])


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: p.stem)
def test_no_module_is_named_like_one_of_its_public_functions(path: Path) -> None:
    tree = ast.parse(path.read_text("utf-8"))
    public = {n.name for n in tree.body
              if isinstance(n, ast.FunctionDef | ast.ClassDef) and not n.name.startswith("_")}
    assert path.stem not in public, f"{path}: module and function share the name {path.stem!r}"


@pytest.mark.parametrize("name", ["storyweave.weaving.align.units",
                                  "storyweave.weaving.align.pairscore",
                                  "storyweave.weaving.chronology.dating",
                                  "storyweave.weaving.voices.framing",
                                  "storyweave.nlp.timex.expressions",
                                  "storyweave.nlp.quotes.speakers"])
def test_stages_live_in_their_subpackages(name: str) -> None:
    assert name in MODULES


def test_every_nlp_step_declares_the_labels_it_adds_and_annotate_owns_exactly_those() -> None:
    from storyweave.labels import Label
    from storyweave.nlp import (
        NLP_LABELS,
        clauses,
        entities,
        numbers,
        sentences,
        statements,
        terms,
    )
    from storyweave.nlp.quotes import extraction
    from storyweave.nlp.timex import expressions

    steps = [sentences, entities, numbers, statements, clauses, terms, extraction, expressions]
    declared = [s.ADDS for s in steps]
    assert all(declared) and len(set().union(*declared)) == sum(len(d) for d in declared)
    assert NLP_LABELS == set().union(*declared) == set(Label) - {Label.PARAGRAPH}
