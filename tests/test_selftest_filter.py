"""selftest=LIST on the command line: the suites named run, however long the list (the
whole command line's length), and a name no suite has is an error, not a silent pass."""
import re

from irqlab import EXIT_FAIL, EXIT_PASS, run_to_exit


def suites_run(out):
    return re.findall(r"^ok \d+ (\w+)$", out, re.M)


def test_a_long_list_runs_to_its_last_name():
    # 230 characters: the last name is past where a short buffer would have cut it.
    names = ",".join(["module_elf"] * 20 + ["module"])
    assert len(names) > 200
    code, out = run_to_exit("selftest=" + names, timeout=120)
    assert code == EXIT_PASS, out[-3000:]
    assert sorted(suites_run(out)) == ["module", "module_elf"], out[-3000:]


def test_an_unknown_suite_fails_the_run_by_name():
    code, out = run_to_exit("selftest=module_elf,keybaord", timeout=120)
    assert code == EXIT_FAIL, out[-3000:]
    assert "# irqlab selftest: no suite named 'keybaord'\n" in out, out[-3000:]
    assert suites_run(out) == ["module_elf"], out[-3000:]
    assert "# irqlab selftest: 1 failed case(s)" in out
