/* tests/host/test_scancode.c - the set 1 scancode decoder that turns keyboard bytes into
 * shell input (drivers/input/scancode.c). The byte sequences are what QEMU's i8042 delivers. */
#include <irqlab/scancode.h>
#include "unit.h"

/* Set 1 make codes used below (the break code is make | 0x80). */
#define K_ESC   0x01
#define K_1     0x02
#define K_2     0x03
#define K_BKSP  0x0e
#define K_TAB   0x0f
#define K_Q     0x10
#define K_E     0x12
#define K_U     0x16
#define K_I     0x17
#define K_O     0x18
#define K_LBRACKET 0x1a
#define K_ENTER 0x1c
#define K_LCTRL 0x1d
#define K_A     0x1e
#define K_H     0x23
#define K_L     0x26
#define K_LSHIFT 0x2a
#define K_BSLASH 0x2b
#define K_C     0x2e
#define K_X     0x2d
#define K_SLASH 0x35
#define K_RSHIFT 0x36
#define K_LALT  0x38
#define K_SPACE 0x39
#define K_CAPS  0x3a
#define K_F1    0x3b
#define K_NUM   0x45
#define K_KP7   0x47
#define K_KP8   0x48
#define K_KP9   0x49
#define K_KPMINUS 0x4a
#define K_KP2   0x50
#define K_KPDOT 0x53
#define K_102ND 0x56
#define BRK(k)  ((k) | 0x80)
#define E0      0xe0
#define E1      0xe1

static struct kbd_state kbd;
static char out[256];

/* Feeds the bytes to the shared decoder and returns everything it wrote, as a string. */
static const char *feed_n(const unsigned char *bytes, size_t n)
{
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		char buf[SCANCODE_MAX_OUT + 4];
		int k;

		memset(buf, 0x55, sizeof(buf));
		k = kbd_decode_scancode(&kbd, bytes[i], buf);
		CHECK(k >= 0 && k <= SCANCODE_MAX_OUT);
		CHECK_EQ(buf[SCANCODE_MAX_OUT], 0x55);  /* nothing written past the limit */
		for (int j = 0; j < k && len < sizeof(out) - 1; j++)
			out[len++] = buf[j];
	}
	out[len] = '\0';
	return out;
}
#define FEED(...) feed_n((const unsigned char[]){ __VA_ARGS__ }, \
			 sizeof((const unsigned char[]){ __VA_ARGS__ }))
#define TAP(k) (k), BRK(k)     /* press and release */

static void fresh(void)
{
	kbd_state_init(&kbd);
}

TEST(letters_make_emits_break_does_not)
{
	fresh();
	CHECK_STR(FEED(K_H), "h");
	CHECK_STR(FEED(BRK(K_H)), "");
	CHECK_STR(FEED(TAP(K_I), TAP(K_A)), "ia");
	CHECK_EQ(kbd.unknown, 0);
}

TEST(typematic_repeat_emits_each_make)
{
	fresh();
	CHECK_STR(FEED(K_L, K_L, K_L, BRK(K_L)), "lll");
}

TEST(every_main_key_in_scancode_order)
{
	unsigned char all[0x3a];
	size_t n = 0;

	fresh();
	for (unsigned char c = 0x01; c < 0x3a; c++) {
		if (c == K_LCTRL || c == K_LSHIFT || c == K_RSHIFT || c == K_LALT)
			continue;
		all[n++] = c;
	}
	CHECK_STR(feed_n(all, n), "\x1b" "1234567890-=\x7f\tqwertyuiop[]\rasdfghjkl;'`\\zxcvbnm,./* ");
	CHECK_EQ(kbd.unknown, 0);
}

TEST(shift_left_right_and_symbols)
{
	fresh();
	CHECK_STR(FEED(K_LSHIFT, TAP(K_H), BRK(K_LSHIFT), TAP(K_I)), "Hi");
	CHECK_STR(FEED(K_RSHIFT, TAP(K_1), TAP(K_SLASH), TAP(K_BSLASH), BRK(K_RSHIFT)), "!?|");
	/* Both held: letting go of one still leaves Shift down. */
	CHECK_STR(FEED(K_LSHIFT, K_RSHIFT, BRK(K_LSHIFT), TAP(K_A), BRK(K_RSHIFT), TAP(K_A)), "Aa");
}

TEST(caps_lock_letters_only_and_inverted_by_shift)
{
	fresh();
	CHECK_STR(FEED(TAP(K_CAPS), TAP(K_A), TAP(K_1), TAP(K_LBRACKET)), "A1[");
	CHECK_STR(FEED(K_LSHIFT, TAP(K_A), TAP(K_1), BRK(K_LSHIFT)), "a!");
	CHECK_STR(FEED(TAP(K_CAPS), TAP(K_A)), "a");
	CHECK_EQ(kbd.locks & KBD_LOCK_CAPS, 0);
}

TEST(caps_lock_typematic_repeat_toggles_once)
{
	fresh();
	/* Held down: make, make (repeat), break. Toggling on each make would end off. */
	CHECK_STR(FEED(K_CAPS, K_CAPS, BRK(K_CAPS), TAP(K_Q)), "Q");
	CHECK_STR(FEED(K_CAPS, K_CAPS, K_CAPS, BRK(K_CAPS), TAP(K_Q)), "q");
}

TEST(ctrl_gives_control_codes)
{
	fresh();
	CHECK_STR(FEED(K_LCTRL, TAP(K_U), BRK(K_LCTRL)), "\x15");
	CHECK_STR(FEED(K_LCTRL, TAP(K_C), BRK(K_LCTRL)), "\x03");
	CHECK_STR(FEED(K_LCTRL, K_LSHIFT, TAP(K_U), BRK(K_LSHIFT), BRK(K_LCTRL)), "\x15");
	CHECK_STR(FEED(K_LCTRL, TAP(K_LBRACKET), BRK(K_LCTRL)), "\x1b");
	CHECK_STR(FEED(K_LCTRL, TAP(K_1), BRK(K_LCTRL)), "1");  /* not a letter: unchanged */
	CHECK_STR(FEED(TAP(K_U)), "u");                         /* released: plain again */
}

TEST(right_ctrl_is_e0_1d)
{
	fresh();
	CHECK_STR(FEED(E0, K_LCTRL, TAP(K_U), E0, BRK(K_LCTRL), TAP(K_U)), "\x15u");
	/* Left and right held, one released: still Ctrl. */
	CHECK_STR(FEED(K_LCTRL, E0, K_LCTRL, BRK(K_LCTRL), TAP(K_C), E0, BRK(K_LCTRL)), "\x03");
	CHECK_EQ(kbd.mods, 0);
}

TEST(alt_left_and_right_send_esc_first)
{
	fresh();
	CHECK_STR(FEED(K_LALT, TAP(K_X), BRK(K_LALT), TAP(K_X)), "\x1bxx");
	CHECK_STR(FEED(E0, K_LALT, TAP(K_X), E0, BRK(K_LALT)), "\x1bx");
	CHECK_EQ(kbd.mods, 0);
}

TEST(e0_arrows_send_vt_sequences)
{
	fresh();
	CHECK_STR(FEED(E0, 0x48, E0, BRK(0x48)), "\x1b[A");
	CHECK_STR(FEED(E0, 0x50, E0, BRK(0x50)), "\x1b[B");
	CHECK_STR(FEED(E0, 0x4d, E0, BRK(0x4d)), "\x1b[C");
	CHECK_STR(FEED(E0, 0x4b, E0, BRK(0x4b)), "\x1b[D");
	CHECK_STR(FEED(E0, 0x47, E0, 0x4f), "\x1b[H\x1b[F");    /* Home, End */
	CHECK_EQ(kbd.unknown, 0);
}

TEST(e0_arrow_is_not_the_keypad_digit)
{
	fresh();        /* Num Lock is on: keypad 8 is '8', E0 48 is still Up */
	CHECK_STR(FEED(TAP(K_KP8), E0, 0x48), "8\x1b[A");
}

TEST(keypad_enter_and_slash)
{
	fresh();
	CHECK_STR(FEED(E0, K_ENTER, E0, BRK(K_ENTER)), "\r");
	CHECK_STR(FEED(TAP(K_ENTER)), "\r");
	CHECK_STR(FEED(E0, K_SLASH, E0, BRK(K_SLASH)), "/");
	/* E0 35 is not Shift-dependent and does not leave a '?' behind. */
	CHECK_STR(FEED(K_LSHIFT, E0, K_SLASH, BRK(K_LSHIFT)), "/");
}

TEST(keypad_follows_num_lock)
{
	fresh();
	CHECK_STR(FEED(TAP(K_KP7), TAP(K_KPMINUS), TAP(K_KPDOT)), "7-.");
	CHECK_STR(FEED(TAP(K_NUM), TAP(K_KP8), TAP(K_KP2), TAP(K_KP7), TAP(K_KP9), TAP(K_KPMINUS)),
		  "\x1b[A\x1b[B\x1b[H\x1b[5~-");
	CHECK_STR(FEED(TAP(K_NUM), TAP(K_KP8)), "8");
}

TEST(editing_keys_backspace_tab_esc)
{
	fresh();
	CHECK_STR(FEED(TAP(K_BKSP), TAP(K_TAB), TAP(K_ESC)), "\x7f\t\x1b");
}

TEST(silent_keys_send_nothing_and_are_not_unknown)
{
	fresh();
	/* left and right Windows keys, Menu, Scroll Lock */
	CHECK_STR(FEED(E0, 0x5b, E0, 0x5c, E0, 0x5d, TAP(0x46)), "");
	CHECK_EQ(kbd.unknown, 0);
}

TEST(e0_editing_keys_send_what_an_xterm_sends)
{
	fresh();
	/* Insert, Delete, PgUp, PgDn: the shell's Delete is ESC [ 3 ~ from either side. */
	CHECK_STR(FEED(E0, 0x52, E0, 0xd2), "\x1b[2~");
	CHECK_STR(FEED(E0, 0x53, E0, 0xd3), "\x1b[3~");
	CHECK_STR(FEED(E0, 0x49, E0, 0x51), "\x1b[5~\x1b[6~");
	CHECK_EQ(kbd.unknown, 0);
}

TEST(keypad_without_num_lock_is_the_editing_block)
{
	fresh();
	/* Num Lock off: keypad 0 Insert, . Delete, 9 PgUp, 3 PgDn, 1 End, 5 nothing. */
	CHECK_STR(FEED(TAP(K_NUM), TAP(0x52), TAP(K_KPDOT), TAP(K_KP9), TAP(0x51), TAP(0x4f),
		       TAP(0x4c)), "\x1b[2~\x1b[3~\x1b[5~\x1b[6~\x1b[F");
	CHECK_EQ(kbd.unknown, 0);
}

TEST(function_keys_send_xterm_sequences)
{
	fresh();
	CHECK_STR(FEED(TAP(K_F1), TAP(0x3e)), "\x1bOP\x1bOS");                 /* F1, F4 */
	CHECK_STR(FEED(TAP(0x3f), TAP(0x44)), "\x1b[15~\x1b[21~");             /* F5, F10 */
	CHECK_STR(FEED(TAP(0x57), TAP(0x58)), "\x1b[23~\x1b[24~");             /* F11, F12 */
	CHECK_EQ(kbd.unknown, 0);
}

TEST(fake_shifts_do_not_touch_shift_state)
{
	fresh();
	/* Print Screen: E0 2A E0 37 on press, E0 B7 E0 AA on release. */
	CHECK_STR(FEED(E0, 0x2a, E0, 0x37, E0, 0xb7, E0, 0xaa, TAP(K_A)), "a");
	/* Shift held, then an arrow wrapped in fake shift release/press: Shift stays down. */
	CHECK_STR(FEED(K_LSHIFT, E0, 0xaa, E0, 0x48, E0, 0xc8, E0, 0x2a, TAP(K_A)), "\x1b[AA");
	CHECK_STR(FEED(E0, 0xb6, TAP(K_A), BRK(K_LSHIFT), TAP(K_A)), "Aa");
	/* Up held (Num Lock on: E0 2A E0 48) while 'a' is typed: still lower case. */
	CHECK_STR(FEED(E0, 0x2a, E0, 0x48, TAP(K_A), E0, 0xc8, E0, 0xaa), "\x1b[Aa");
	/* Shift held, then Up held (E0 AA E0 48) while 'a' is typed: still upper case. */
	CHECK_STR(FEED(K_RSHIFT, E0, 0xaa, E0, 0x48, TAP(K_A), E0, 0xc8, E0, 0x2a, BRK(K_RSHIFT)),
		  "\x1b[AA");
	CHECK_EQ(kbd.mods, 0);
	CHECK_EQ(kbd.unknown, 0);
}

TEST(pause_sequence_produces_nothing)
{
	fresh();
	CHECK_STR(FEED(E1, 0x1d, 0x45, E1, 0x9d, 0xc5), "");
	/* Its 1D and 45 must not have pressed Ctrl or toggled Num Lock. */
	CHECK_EQ(kbd.mods, 0);
	CHECK_EQ(kbd.locks, KBD_LOCK_NUM);
	CHECK_EQ(kbd.unknown, 0);
	CHECK_STR(FEED(TAP(K_U), TAP(K_KP7)), "u7");
}

TEST(pause_right_after_e0_does_not_leak_the_prefix)
{
	fresh();
	CHECK_STR(FEED(E0, E1, 0x1d, 0x45, E1, 0x9d, 0xc5, 0x48), "8");  /* keypad 8, not Up */
}

TEST(unknown_scancodes_ignored_and_counted)
{
	fresh();
	CHECK_STR(FEED(0x00, 0x55, 0x59, 0x7f, 0xd5, E0, 0x10, E0, 0x4c), "");
	CHECK_EQ(kbd.unknown, 7);
	CHECK_STR(FEED(TAP(K_E)), "e");
}

TEST(iso_102nd_key)
{
	fresh();
	CHECK_STR(FEED(TAP(K_102ND), K_LSHIFT, TAP(K_102ND), BRK(K_LSHIFT)), "<>");
}

TEST(a_shell_line_with_shift)
{
	fresh();
	/* "echo Hello" + Enter, as QMP send-key types it */
	CHECK_STR(FEED(TAP(K_E), TAP(K_C), TAP(K_H), TAP(K_O), TAP(K_SPACE),
		       K_LSHIFT, TAP(K_H), BRK(K_LSHIFT), TAP(K_E), TAP(K_L), TAP(K_L),
		       TAP(K_O), TAP(K_ENTER)), "echo Hello\r");
}

TEST(ctrl_digit_and_shifted_digit_row)
{
	fresh();
	CHECK_STR(FEED(K_LSHIFT, TAP(K_2), BRK(K_LSHIFT)), "@");
	CHECK_STR(FEED(TAP(K_2)), "2");
}

int main(void)
{
	return RUN_TESTS();
}
