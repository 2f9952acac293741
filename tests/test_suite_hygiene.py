"""The test suite waits for conditions, never for time, and never times itself.

A fixed wait (`page.wait_for_timeout(300)`, `time.sleep(0.5)`) passes on an idle
laptop and flakes on a busy CI runner; a wall-clock limit (`time.monotonic() -
start < 2`) does too, and speed is the benchmark's job (`ocop bench`), not a test's.
The test sources are read with `ast`, so comments and strings do not count. The one
polling loop allowed to sleep between checks is `wait_until` in conftest.py.
"""
from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
SANCTIONED = ("conftest.py", "wait_until")  # the suite's one polling helper: (file, function)
FIXED_WAITS = {"sleep", "wait_for_timeout"}  # time.sleep, asyncio.sleep, page.wait_for_timeout
CLOCKS = {name + ns for name in ("time", "monotonic", "perf_counter", "process_time", "thread_time")
          for ns in ("", "_ns")}
HOW_TO_WAIT = ("wait for the condition instead (conftest.wait_until, Playwright's expect or wait_for, "
               "page.clock for timers)")


def test_no_test_waits_a_fixed_time_or_limits_its_wall_clock_time():
    found = [problem for path in suite_sources() for problem in
             fixed_waits_and_clocks(path.read_text("utf-8"), path.relative_to(TESTS.parent).as_posix())]
    assert not found, "\n".join(found)


def test_the_check_finds_every_kind_of_fixed_wait():
    source = (
        "import asyncio, threading, time\n"
        "import time as clock\n"
        "from time import sleep as pause\n"
        "def test_a(page):\n"
        "    page.wait_for_timeout(300)\n"
        "    time.sleep(0.5)\n"
        "    clock.sleep(1)\n"
        "    pause(1)\n"
        "    threading.Event().wait(0.05)\n"
        "async def test_b():\n"
        "    await asyncio.sleep(1)\n"
        "def wait_until(condition):\n"  # the helper's name, outside conftest.py
        "    time.sleep(0.02)\n")
    found = fixed_waits_and_clocks(source, "tests/test_x.py")
    assert [line.split(":")[1] for line in found] == ["5", "6", "7", "8", "9", "11", "13"], found
    assert found[0].startswith("tests/test_x.py:5: page.wait_for_timeout() waits a fixed time: wait for the condition")


def test_the_check_finds_wall_clock_limits():
    source = (
        "import time\n"
        "from time import perf_counter\n"
        "import datetime as dt\n"
        "def test_a(run):\n"
        "    start = time.monotonic()\n"
        "    run()\n"
        "    elapsed = time.monotonic() - start\n"
        "    assert elapsed < 2\n"
        "    assert perf_counter() - start < 1\n"
        "    began = dt.datetime.now()\n"
        "    def later():\n"
        "        return (dt.datetime.now() - began).total_seconds() <= 30\n"
        "    assert run() and time.time_ns() - start > 0\n")
    found = fixed_waits_and_clocks(source, "tests/test_x.py")
    assert [line.split(":")[1] for line in found] == ["8", "9", "12", "13"], found
    assert "compares wall-clock time (elapsed < 2)" in found[0]


def test_comments_strings_deadlines_and_the_one_helper_are_allowed():
    helper = (
        "import time\n"
        "def wait_until(condition, what, deadline=60.0):\n"
        "    give_up = time.monotonic() + deadline\n"
        "    while not condition():\n"
        "        if time.monotonic() > give_up:\n"
        "            raise AssertionError(what)\n"
        "        time.sleep(0.02)\n")
    assert fixed_waits_and_clocks(helper, "tests/conftest.py") == []
    test = (
        "import subprocess\n"
        "# page.wait_for_timeout(300) used to be here; time.sleep(1) too\n"
        "def test_a(page, run):\n"
        "    '''Not time.sleep(1): a docstring.'''\n"
        "    page.evaluate('setTimeout(() => 0, 100); new Promise(r => r())')\n"
        "    page.locator('h1').wait_for(timeout=30_000)\n"
        "    subprocess.run(['true'], timeout=120)\n"
        "    run.wait(timeout=300)\n"
        "    page.clock.fast_forward('02:00')\n"
        "    assert 'time.monotonic() - start < 2'\n")
    assert fixed_waits_and_clocks(test, "tests/test_x.py") == []


# --- the check ---------------------------------------------------------------------------

def suite_sources() -> list[Path]:
    return sorted(path for path in TESTS.rglob("*.py") if "node_modules" not in path.relative_to(TESTS).parts)


def fixed_waits_and_clocks(source: str, filename: str) -> list[str]:
    """`path:line: problem` for each fixed wait and each comparison of wall-clock time in a test source."""
    tree = ast.parse(source, filename)
    names = Imports(tree)
    found: list[str] = []
    check_scope(tree, filename, names, set(), found)
    return sorted(set(found), key=lambda problem: int(problem.split(":")[1]))


class Imports:
    """What the names of one source file stand for: the time module, its clocks, its and asyncio's sleep."""

    def __init__(self, tree: ast.Module):
        self.time_module, self.clocks, self.sleeps = set(), set(), set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                self.time_module |= {alias.asname or alias.name for alias in node.names if alias.name == "time"}
            elif isinstance(node, ast.ImportFrom) and node.module in ("time", "asyncio"):
                for alias in node.names:
                    if alias.name in CLOCKS and node.module == "time":
                        self.clocks.add(alias.asname or alias.name)
                    if alias.name == "sleep":
                        self.sleeps.add(alias.asname or alias.name)


def check_scope(scope: ast.AST, filename: str, names: Imports, clock_names: set[str], found: list[str]) -> None:
    """One module or function (its nested functions in turn, seeing the names it holds clock readings in)."""
    nodes = list(own_nodes(scope))
    if is_sanctioned(scope, filename):
        return
    clock_names = clock_readings(nodes, names, clock_names)
    for node in nodes:
        if isinstance(node, ast.Call) and waits_a_fixed_time(node, names):
            found.append(f"{filename}:{node.lineno}: {ast.unparse(node.func)}() waits a fixed time: {HOW_TO_WAIT}")
        elif isinstance(node, ast.Compare) and reads_a_clock(node, names, clock_names):
            found.append(f"{filename}:{node.lineno}: compares wall-clock time ({ast.unparse(node)}): "
                         "assert what the test is about; speed is measured by the benchmark")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            check_scope(node, filename, names, clock_names, found)


def own_nodes(scope: ast.AST):
    """The nodes of a module or function, and the functions defined in it, but not their insides."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            stack.extend(ast.iter_child_nodes(node))


def is_sanctioned(scope: ast.AST, filename: str) -> bool:
    return isinstance(scope, ast.FunctionDef) and (Path(filename).name, scope.name) == SANCTIONED


def waits_a_fixed_time(call: ast.Call, names: Imports) -> bool:
    function = call.func
    if isinstance(function, ast.Name):
        return function.id in FIXED_WAITS | names.sleeps
    if not isinstance(function, ast.Attribute):
        return False
    if function.attr in FIXED_WAITS:
        return True
    made = function.value  # threading.Event().wait(0.05): an event nobody sets is a sleep
    return function.attr == "wait" and isinstance(made, ast.Call) and ast.unparse(made.func).split(".")[-1] == "Event"


def is_clock(call: ast.AST, names: Imports) -> bool:
    if not isinstance(call, ast.Call):
        return False
    function = call.func
    if isinstance(function, ast.Name):
        return function.id in names.clocks
    if isinstance(function, ast.Attribute):
        owner = ast.unparse(function.value)
        return (owner in names.time_module and function.attr in CLOCKS) or \
            (owner.split(".")[-1] == "datetime" and function.attr in ("now", "utcnow"))
    return False


def reads_a_clock(expression: ast.AST, names: Imports, clock_names: set[str]) -> bool:
    return any(is_clock(node, names) or (isinstance(node, ast.Name) and node.id in clock_names)
               for node in ast.walk(expression))


def clock_readings(nodes: list[ast.AST], names: Imports, outer: set[str]) -> set[str]:
    """The names that hold a clock reading, or something computed from one (start, elapsed, deadline)."""
    held = set(outer)
    while True:
        more = {target for node in nodes for target in assigned(node)
                if node.value is not None and reads_a_clock(node.value, names, held)} - held
        if not more:
            return held
        held |= more


def assigned(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
        targets = [node.target]
    else:
        return []
    return [name.id for target in targets for name in ast.walk(target) if isinstance(name, ast.Name)]
