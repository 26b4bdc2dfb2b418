#!/usr/bin/env bash
# Set up everything and run one job of activity-systems.
#
#   ./run.sh demo   check, render and write the handout of the bundled example into out/
#   ./run.sh test   the whole test suite: ruff, mypy --strict, pytest (doctests, examples,
#                   notebook, browser test) and the strict docs build
#   ./run.sh rules  ruff, mypy --strict, the tests that check a built-in rule's steps
#                   (CONTRIBUTING.md, "Adding a built-in rule") and the strict docs build:
#                   their pytest takes about a minute on 2 cores, the whole suite's 3 1/2
#
# On a fresh Debian or Ubuntu machine it installs what is missing: Graphviz and fonts
# (and Chromium for the browser test) with apt-get when run as root, Python packages into
# .venv. Without root it stops when Graphviz (or python3-venv) is missing, saying what to
# install, also without administrator rights (conda); without python3-venv but with the
# system's pip (python3-pip), that pip sets up .venv instead; missing fonts stop the
# tests, which measure the figures drawn with them, and the demo names them and goes on.
set -euo pipefail
cd "$(dirname "$0")"

job="${1:-}"
case "$job" in
  demo|test|rules) ;;
  *) echo "usage: ./run.sh demo|test|rules" >&2; exit 2 ;;
esac

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

can_install() { [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; }

apt_install() {
  # apt_install PACKAGE... : install Debian packages (run as root).
  say "installing $* with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq >&2; APT_UPDATED=1; fi
  apt-get install -y -qq --no-install-recommends "$@" >&2
}

cannot_install() {
  # cannot_install PACKAGE... : stop with what to install, with administrator rights and
  # (for Graphviz, which conda installs into one's home folder) without them.
  # The package alone, as need_python would set it up: without python3-venv,
  # 'python3 -m venv' fails for want of ensurepip, and the system's pip gives .venv its pip.
  local alone='python3 -m venv .venv && .venv/bin/pip install .'
  if [ -n "${venv_by_system_pip:-}" ]; then
    alone='python3 -m venv --without-pip .venv && python3 -m pip --python .venv/bin/python install pip && .venv/bin/pip install .'
  fi
  local message="missing system packages: $*. Install them ('sudo apt-get install $*' on Debian/Ubuntu), or ask whoever administers this machine to install them (these Debian packages, by name), and run this again."
  case " $* " in
    *" graphviz "*)
      message="$message Without administrator rights, install Graphviz with conda instead: 'conda install -c conda-forge graphviz' in an activated environment (Miniconda and Miniforge install into your home folder), then run this again from that shell. Meanwhile, without Graphviz, the package alone ('$alone') checks cases ('.venv/bin/activity-systems check examples/court-reports.yaml', with '--format markdown -o findings.md' for the findings and their questions for discussion) and writes figures as DOT text ('.venv/bin/activity-systems render examples/court-reports.yaml -o figure3.dot', for Graphviz on another machine); SVG, PNG and PDF figures and handouts need Graphviz: see 'Without Graphviz' in docs/getting-started.md."
      ;;
  esac
  case " $* " in
    *" python3-venv "*)
      message="$message Without administrator rights, for python3-venv: a conda environment's Python has venv (and conda-forge has Graphviz), so 'conda create -n activity-systems -c conda-forge python=3.12 graphviz' then 'conda activate activity-systems', and run this again from that shell."
      ;;
  esac
  die "$message"
}

need_system_packages() {
  local missing=() fonts=()
  command -v dot >/dev/null 2>&1 || missing+=(graphviz)
  # The figures size their boxes with Helvetica's widths: Liberation Sans has the same
  # widths (Graphviz finds it for Helvetica and Arial) and Latin, Greek, Cyrillic and
  # Hebrew letters; DejaVu adds Arabic, Armenian and Georgian. Neither has Chinese,
  # Japanese or Korean (fonts-noto-cjk) or Indic scripts and Thai (fonts-noto-core):
  # docs/getting-started.md says so, and they are left to whoever needs them.
  if command -v fc-list >/dev/null 2>&1; then
    # grep reads the whole list: 'grep -q' would stop at the first match, and fc-list,
    # still writing, would end on SIGPIPE, which pipefail takes for the font missing.
    fc-list : family | grep -i "liberation sans" >/dev/null || fonts+=(fonts-liberation2)
    fc-list : family | grep -i dejavu >/dev/null || fonts+=(fonts-dejavu-core)
  else
    fonts+=(fonts-liberation2 fonts-dejavu-core fontconfig)
  fi
  if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    # Debian's python3-venv brings ensurepip, which 'python3 -m venv' needs to give the
    # venv its pip. Without root, the system's pip (python3-pip, 22.3 or newer for
    # --python) gives the venv its pip instead: many shared servers have it.
    if ! can_install && python3 -c 'import venv' 2>/dev/null \
      && python3 -m pip --help 2>/dev/null | grep -e --python >/dev/null; then
      venv_by_system_pip=1
      say "python3-venv not found: .venv is made without it and given pip by the system's pip"
    else
      missing+=(python3-venv)
    fi
  fi
  if [ "$job" = test ] && ! command -v chromium >/dev/null 2>&1; then
    # The browser tests of the handout and the notebooks need it; without root they are
    # skipped, each with its reason.
    if can_install; then
      missing+=(chromium)
    else
      say "chromium not found: the tests of the handout and the notebooks in a browser will be skipped (they run after 'sudo apt-get install chromium')"
    fi
  fi
  if can_install; then
    if [ "$((${#missing[@]} + ${#fonts[@]}))" -gt 0 ]; then
      apt_install ${missing[@]+"${missing[@]}"} ${fonts[@]+"${fonts[@]}"}
    fi
  else
    if [ "${#missing[@]}" -gt 0 ]; then
      cannot_install "${missing[@]}" ${fonts[@]+"${fonts[@]}"}
    fi
    if [ "${#fonts[@]}" -gt 0 ] && [ "$job" != demo ]; then
      # The tests measure the figures drawn with these fonts, and fail without them.
      die "missing fonts: ${fonts[*]}; the tests measure the figures drawn with them. Install them ('sudo apt-get install ${fonts[*]}' on Debian/Ubuntu), or without administrator rights copy their .ttf files into ~/.local/share/fonts (see 'Without administrator rights' in docs/getting-started.md), and run this again."
    fi
    # Without the fonts the figures are still drawn, their text perhaps over the edges
    # of its boxes: a user who cannot install them (Graphviz from conda on a work
    # laptop) is told, and the demo goes on.
    if [ "${#fonts[@]}" -gt 0 ]; then
      say "fonts not found: ${fonts[*]}; the figures are drawn, but their text may run over the edges of its boxes: install them ('sudo apt-get install ${fonts[*]}'), or see 'Without administrator rights' in docs/getting-started.md"
    fi
  fi
  command -v dot >/dev/null 2>&1 || die "Graphviz is still missing: 'dot -V' must work"
}

need_python() {
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || die "Python 3.11 or newer is needed (found $(python3 --version 2>&1))"
  # A .venv whose Python is gone (removed with an upgrade) or older than 3.11: 'python3
  # -m venv' would keep its link to that Python, so it is made again from scratch.
  if [ -e .venv ] || [ -L .venv ]; then
    if ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      say "making .venv again: its Python is gone or older than 3.11"
      rm -rf .venv
    fi
  fi
  if [ -n "${venv_by_system_pip:-}" ]; then
    if [ ! -x .venv/bin/python ]; then
      say "creating .venv (without pip: python3-venv is missing)"
      python3 -m venv --without-pip .venv
    fi
    # Checked each time, so that a run stopped before pip was installed is finished.
    if ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
      say "installing pip into .venv with the system's pip"
      python3 -m pip --python .venv/bin/python install -q pip >&2
    fi
  elif [ ! -x .venv/bin/python ]; then
    say "creating .venv"
    python3 -m venv .venv
  elif ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
    # A run stopped while venv gave .venv its pip: venv over it again finishes it.
    say "giving .venv its pip (a run stopped before it had it)"
    python3 -m venv .venv
  fi
  local stamp=.venv/.installed
  local want
  want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "installing activity-systems and its development tools into .venv"
    .venv/bin/python -m pip install -q --upgrade pip >&2
    .venv/bin/python -m pip install -q -e ".[dev]" >&2
    echo "$want" > "$stamp"
  fi
  export PATH="$PWD/.venv/bin:$PATH"
}

need_system_packages
need_python

if [ "$job" = demo ]; then
  mkdir -p out
  say "checking examples/court-reports.yaml"
  python -m activity_systems check examples/court-reports.yaml --fail-on never
  say "rendering the figures into out/"
  python -m activity_systems render examples/court-reports.yaml -o out/court-figure3.svg
  python -m activity_systems render examples/court-reports.yaml --system court -o out/court-figure1.svg
  python -m activity_systems render examples/court-reports.yaml --system mhs -o out/court-figure2.svg
  python -m activity_systems render examples/court-reports.yaml -o out/court-figure3.png
  say "writing the handout"
  python -m activity_systems handout examples/court-reports.yaml -o out/court-handout.html
  python -m activity_systems check examples/court-reports.yaml --format json --fail-on never \
    -o out/court-report.json
  say "done: open out/court-handout.html"
  exit 0
fi

if [ "$job" = rules ]; then
  # The tests a built-in rule added or changed meets: its catalogue entry, example,
  # competencies and data cases (tests/rules), the pages listing the rules, the outputs
  # of docs/ that count them, the properties, the layering, CONTRIBUTING.md's list of
  # goldens and each rule's growth (the lines it executes on a case twice the size).
  # The whole suite ('./run.sh test') still runs before a pull request.
  say "ruff"
  ruff check .
  ruff format --check .
  say "mypy --strict"
  mypy
  say "pytest (the tests of the rules)"
  python -m pytest -q tests/rules tests/test_docs_pages.py tests/test_docs_examples.py \
    tests/test_properties.py tests/test_architecture.py tests/test_contributing.py \
    tests/test_complexity.py::test_each_rule_grows_linearly \
    tests/test_complexity.py::test_check_with_every_rule_grows_linearly
  say "docs (mkdocs build --strict)"
  mkdocs build --strict --quiet --site-dir "$(mktemp -d)"
  say "the rules' checks passed; run './run.sh test' before a pull request"
  exit 0
fi

say "ruff"
ruff check .
ruff format --check .
say "mypy --strict"
mypy
say "pytest"
# on every core (pytest-xdist): the suite takes about 3 1/2 minutes on 2 cores, 5 on one
python -m pytest -q -n auto
say "docs (mkdocs build --strict)"
if [ -f mkdocs.yml ]; then
  mkdocs build --strict --quiet --site-dir "$(mktemp -d)"
fi
say "all checks passed"
