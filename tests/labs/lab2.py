"""Lab 2, the 8259 and the keyboard: what `make grade LAB=2` runs, and the points.

Everything runs with irqchip=pic, where the 8259s deliver the ISA lines. The decoder's
own cases are host unit tests (tests/host/test_scancode.c); the keyboard checks type on
QEMU's PS/2 keyboard through QMP, so the bytes take the real path: i8042, IRQ 1, the
8259, the top half, the tasklet, the decoder, the shell.
"""
import common

TITLE = "the 8259 and the keyboard"
HANDOUT = "docs/labs/lab2-8259-keyboard.md"
SELFTEST = "selftest=i8259,i8259_spurious,keyboard irqchip=pic"

KTAP = [
    ("i8259", "test_imr_follows_master_line", 1),
    ("i8259", "test_imr_follows_slave_line", 1),
    ("i8259_spurious", "test_soft_int_runs_handler_on_normal_line", 2),
    ("i8259_spurious", "test_spurious_irq7_counted_not_delivered", 3),
    ("i8259_spurious", "test_spurious_irq15_counted_not_delivered", 3),
    ("i8259_spurious", "test_spurious_irq7_sends_no_eoi", 3),
    ("i8259_spurious", "test_spurious_irq15_eoi_to_master_only", 4),
    ("keyboard", "test_top_half_only_queues", 4),
    ("keyboard", "test_bottom_half_feeds_console", 3),
]

HOST = [
    ("test_scancode", "letters_make_emits_break_does_not", 2),
    ("test_scancode", "shift_left_right_and_symbols", 2),
    ("test_scancode", "caps_lock_letters_only_and_inverted_by_shift", 2),
    ("test_scancode", "caps_lock_typematic_repeat_toggles_once", 1),
    ("test_scancode", "ctrl_gives_control_codes", 1),
    ("test_scancode", "alt_left_and_right_send_esc_first", 1),
    ("test_scancode", "fake_shifts_do_not_touch_shift_state", 1),
    ("test_scancode", "unknown_scancodes_ignored_and_counted", 1),
    ("test_scancode", "a_shell_line_with_shift", 2),
]

BOOT = "irqchip=pic"


def check_typed_line(ctx, m):
    common.type_line(m, "echo Hi!", "Hi!")


def check_isr_clear(ctx, m):
    isr = common.isr_when_idle(m)
    assert isr == (0, 0), "after typing, QEMU's 8259s still have lines in service: " \
        "master ISR %02x, slave ISR %02x (an EOI was not sent)" % isr


CHECKS = [
    ("typed_line_reaches_shell", 5, BOOT, check_typed_line),
    ("isr_clear_after_typing", 2, BOOT, check_isr_clear),
]

# The regions each test exercises (a pattern matches test names as the grader prints
# them): a failed test names them, so a student knows where to look. The IMR cases test
# code outside the regions: a failure there comes from elsewhere in the tree.
REGIONS = {
    "i8259.imr_follows_*": [],
    "i8259_spurious.soft_int_runs_handler_on_normal_line": ["i8259-spurious", "i8259-eoi"],
    "i8259_spurious.spurious_*_counted_not_delivered": ["i8259-spurious"],
    "i8259_spurious.spurious_irq7_sends_no_eoi": ["i8259-spurious", "i8259-eoi"],
    "i8259_spurious.spurious_irq15_eoi_to_master_only": ["i8259-spurious", "i8259-eoi"],
    "keyboard.top_half_only_queues": ["kbd-top-half", "scancode-make-break"],
    "keyboard.bottom_half_feeds_console": ["scancode-make-break"],
    "scancode.*": ["scancode-make-break"],
    "typed_line_reaches_shell": ["kbd-top-half", "scancode-make-break", "i8259-eoi",
                                 "i8259-spurious"],
    "isr_clear_after_typing": ["i8259-eoi", "i8259-spurious"],
}
