# Two commands on a fresh machine (Python 3.11 + pip): `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint install bench-env clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,dask]'
	touch $@

install: $(STAMP)

## The main job on the bundled example story: five outlets' reports -> one cited dossier.
demo: $(STAMP)
	@mkdir -p out
	$(BIN)/storyweave extract examples/xi-moscow-2023 -o out/xi-moscow-2023.articles.jsonl
	$(BIN)/storyweave dossier examples/xi-moscow-2023 --format md -o out/xi-moscow-2023.md
	$(BIN)/storyweave dossier examples/xi-moscow-2023 --format json -o out/xi-moscow-2023.json
	$(BIN)/storyweave dossier examples/xi-moscow-2023 --format html -o out/xi-moscow-2023.html
	@# the store: annotate once (out/news.db), then dossiers from it without the models
	$(BIN)/storyweave ingest examples/xi-moscow-2023 --db out/news.db
	$(BIN)/storyweave dossier examples/xi-moscow-2023 --db out/news.db --format md,json,html \
	  -o out/xi-moscow-2023.from-store
	@# stories: other reports (other meetings of the two leaders, an earthquake, a repost of
	@# one report) join the store; each article is placed in a story as it is stored
	$(BIN)/storyweave ingest examples/other-stories --db out/news.db
	$(BIN)/storyweave stories --db out/news.db
	$(BIN)/storyweave stories --db out/news.db --entity Putin --since 2023-03-01 -f json \
	  -o out/xi-moscow-2023.story.json
	$(BIN)/storyweave dossier --db out/news.db --format md -o out/xi-moscow-2023.story.md \
	  --story $$($(BIN)/python -c "import json; print(json.load(open('out/xi-moscow-2023.story.json'))[0]['id'])")
	@cat out/xi-moscow-2023.md
	@echo; echo "wrote out/xi-moscow-2023.md, out/xi-moscow-2023.json, out/xi-moscow-2023.articles.jsonl"
	@echo "open out/xi-moscow-2023.html in a browser: the same dossier as one page"
	@echo "out/news.db holds the annotated articles; out/xi-moscow-2023.from-store/ the same" \
	      "dossier woven from it (storyweave dossier --db out/news.db --article ID ...)"
	@echo "stories in out/news.db: storyweave stories --db out/news.db; the example story's" \
	      "dossier from the store, its repost folded: out/xi-moscow-2023.story.md"
	@echo "browse the store: $(BIN)/storyweave serve --db out/news.db, then open http://127.0.0.1:8000/"

# The browser tests (tests/test_browser.py) drive Debian's Chromium; without it they skip.
test: $(STAMP)
	$(BIN)/ruff check src tests bench tools
	@test -x "$${STORYWEAVE_CHROMIUM:-}" || command -v chromium >/dev/null \
	  || command -v chromium-browser >/dev/null \
	  || echo "notice: Chromium not found, so the browser tests will be skipped:" \
	          "apt-get install chromium, or set STORYWEAVE_CHROMIUM=/path/to/chromium"
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench tools
	$(BIN)/mypy

## Benchmarks need peers (readability-lxml, newspaper4k, sumy, rouge-score) in their own venv.
bench-env:
	test -x .bench-venv/bin/python || $(PYTHON) -m venv .bench-venv
	.bench-venv/bin/python -m pip install --quiet --upgrade pip
	.bench-venv/bin/python -m pip install --quiet -c constraints.txt -e .
	for r in bench/requirements-*.txt; do .bench-venv/bin/python -m pip install --quiet -r $$r; done

clean:
	rm -rf $(VENV) .bench-venv .ce-venv out build *.egg-info src/*.egg-info
