"""docs/layout.md against the tree: every path it names in backquotes exists, its folder
table has a row for every folder that holds files, and the README links to it."""
import os
import re
import subprocess

from irqlab import ROOT

LAYOUT = os.path.join(ROOT, "docs", "layout.md")
# A span in backquotes that is a path: it has a slash, or it is a file name.
PATH = re.compile(r"^[\w.-]+(/[\w.-]*)+$|^[\w.-]+\.(c|h|asm|inc|py|md|ld|cfg)$")


def layout():
    with open(LAYOUT) as f:
        return f.read()


def test_every_path_layout_names_exists():
    paths = [s for s in re.findall(r"`([^`\n]+)`", layout()) if PATH.match(s)]
    assert len(paths) >= 30, "docs/layout.md names only %d paths: %s" % (len(paths), paths)
    missing = sorted({p for p in paths if not os.path.exists(os.path.join(ROOT, p))})
    assert missing == [], "docs/layout.md names paths the tree does not have"


def test_every_folder_with_files_has_a_row():
    """Down to two levels (tools/gdb/ stands for its package below it); dot folders are
    the CI's, not the kernel's."""
    files = subprocess.run(["git", "-C", ROOT, "ls-files"], capture_output=True, text=True,
                           check=True).stdout.split()
    folders = {os.path.dirname(f) for f in files if 1 <= f.count("/") <= 2}
    folders = {f for f in folders if not f.startswith(".")}
    rows = set(re.findall(r"^\| `([\w./-]+)/` \|", layout(), re.M))
    assert folders - rows == set(), "folders with no row in docs/layout.md"


def test_readme_links_layout():
    with open(os.path.join(ROOT, "README.md")) as f:
        assert "](docs/layout.md)" in f.read()


def test_no_header_includes_itself_back():
    """The Include circles section's claim: #include lines form no circle."""
    files = subprocess.run(["git", "-C", ROOT, "ls-files", "*.c", "*.h"], capture_output=True,
                           text=True, check=True).stdout.split()
    graph = {}
    for f in files:
        if f.startswith("tests/"):
            continue
        with open(os.path.join(ROOT, f)) as src:
            includes = re.findall(r'^#include\s*([<"])([^>"]+)[>"]', src.read(), re.M)
        deps = set()
        for kind, name in includes:
            cands = ["include/" + name] if kind == "<" else \
                [os.path.normpath(os.path.join(os.path.dirname(f), name)), name]
            deps.update([c for c in cands if os.path.exists(os.path.join(ROOT, c))][:1])
        graph[f] = deps
    state, cycles = {}, []

    def visit(f, path):
        state[f] = "open"
        for d in sorted(graph.get(f, ())):
            if state.get(d) == "open":
                cycles.append(path[path.index(d):] + [d])
            elif d not in state:
                visit(d, path + [d])
        state[f] = "done"
    for f in sorted(graph):
        if f not in state:
            visit(f, [f])
    assert len(graph) > 100
    assert cycles == [], "#include circles: %s" % cycles
    assert "TODO" not in layout()
