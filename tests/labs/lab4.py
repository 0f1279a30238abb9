"""Lab 4, softirqs and tasklets: what `make grade LAB=4` runs, and the points.

The KTAP suites exercise every rule on one boot; the scenario check types on the PS/2
keyboard, whose bottom half is a tasklet, and watches the TASKLET softirq count move.
"""
import common

TITLE = "softirqs and tasklets"
HANDOUT = "docs/labs/lab4-softirqs-tasklets.md"
SELFTEST = "selftest=softirq,tasklet"

KTAP = [
    ("softirq", "test_lower_number_runs_first", 2),
    ("softirq", "test_runs_in_softirq_context_with_irqs_on", 2),
    ("softirq", "test_bh_disable_nests", 1),
    ("softirq", "test_runs_on_irq_exit", 3),
    ("softirq", "test_irq_exit_in_bh_disabled_section_leaves_them", 3),
    ("softirq", "test_nested_irq_exit_leaves_them_to_the_outer", 2),
    ("softirq", "test_restart_limit_hands_over_to_ksoftirqd", 4),
    ("softirq", "test_raise_outside_interrupt_wakes_ksoftirqd", 2),
    ("tasklet", "test_scheduled_tasklet_runs_once_in_softirq", 3),
    ("tasklet", "test_schedule_twice_before_run_runs_once", 3),
    ("tasklet", "test_schedule_from_itself_runs_again_later", 3),
    ("tasklet", "test_disabled_tasklet_stays_queued_until_enabled", 3),
    ("tasklet", "test_disable_nests", 2),
    ("tasklet", "test_hi_tasklets_run_before_normal", 2),
    ("tasklet", "test_tasklet_init_passes_data", 1),
    ("tasklet", "test_kill_waits_and_removes", 1),
    ("tasklet", "test_schedule_from_hardirq_runs_at_irq_exit", 3),
]


def check_keyboard_tasklet(ctx, m):
    before = common.softirq_count(m, "TASKLET")
    common.type_line(m, "echo ok", "ok")
    after = common.softirq_count(m, "TASKLET")
    # Each key is a make and a break: at least one TASKLET softirq ran for them.
    assert after > before, "typed 8 keys, and the TASKLET softirq count stayed at %d: " \
        "no TASKLET softirq ran for them, or the softirq loop did not count it" % before


CHECKS = [
    ("keys_through_the_keyboard_tasklet", 4, "", check_keyboard_tasklet),
]

# The regions each test exercises (a pattern matches test names as the grader prints
# them): a failed test names them, so a student knows where to look. Every tasklet runs
# from the softirq loop, and the keyboard's check goes through all four regions.
REGIONS = {
    "softirq.*": ["softirq-restart"],
    "softirq.*irq_exit*": ["irq-exit"],
    "softirq.restart_limit_hands_over_to_ksoftirqd": ["irq-exit"],
    "tasklet.*": ["tasklet-schedule", "tasklet-action", "softirq-restart"],
    "tasklet.schedule_from_hardirq_runs_at_irq_exit": ["irq-exit"],
    "keys_through_the_keyboard_tasklet": ["irq-exit", "softirq-restart", "tasklet-schedule",
                                          "tasklet-action"],
}
