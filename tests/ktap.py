"""Parse KTAP version 1 (the in-kernel suites and the host unit tests both print it).

Returns one Result per test case: ('suite', 'case', ok, directive, diagnostics). Lines that
are not KTAP (printk output between test lines) are ignored; '# ' lines just before a
result are its diagnostics. A suite that announced a plan of N cases but printed fewer
(the kernel died) gets one failed result per missing case, so nothing vanishes.
"""
import re
from collections import namedtuple

Result = namedtuple("Result", "suite case ok directive diagnostics")

RESULT = re.compile(r"^(\s*)(not ok|ok) (\d+) ([^#]*?)\s*(?:#\s*(.*))?$")
PLAN = re.compile(r"^(\s*)1\.\.(\d+)\s*$")
SUBTEST = re.compile(r"^\s*# Subtest: (.+)$")
DIAG = re.compile(r"^\s*# ?(.*)$")


def parse(text):
    results = []
    suites_plan = None
    suite = None
    suite_plan = 0
    suite_seen = 0
    diags = []
    top_seen = 0
    for raw in text.splitlines():
        line = raw.rstrip()
        m = SUBTEST.match(line)
        if m:
            suite, suite_plan, suite_seen, diags = m.group(1).strip(), 0, 0, []
            continue
        m = PLAN.match(line)
        if m:
            if m.group(1):
                suite_plan = int(m.group(2))
            else:
                suites_plan = int(m.group(2))
            continue
        m = RESULT.match(line)
        if m:
            indent, status, _num, name, directive = m.groups()
            ok = status == "ok"
            if indent and suite:
                results.append(Result(suite, name.strip(), ok, directive or "", diags))
                suite_seen += 1
            else:
                top_seen += 1
                if suite and suite_seen < suite_plan:
                    for i in range(suite_seen, suite_plan):
                        results.append(Result(suite, "case-%d" % (i + 1), False,
                                              "missing: the suite stopped early", diags))
                if not ok and directive and "ERROR" in directive:
                    results.append(Result(name.strip(), "(suite)", False, directive, diags))
                suite = None
            diags = []
            continue
        m = DIAG.match(line)
        if m and (line.startswith(" ") or line.startswith("#")):
            diags.append(m.group(1))
    if suites_plan is not None and top_seen < suites_plan:
        results.append(Result("(ktap)", "plan", False,
                              "%d of %d suites reported" % (top_seen, suites_plan), []))
    return results
