/* include/irqlab/scancode.h - PC keyboard scancodes (set 1) to console input (drivers/input/scancode.c).
 *
 * The i8042 controller translates what the keyboard sends into scancode set 1:
 *
 *   make   one byte when a key goes down (and again at the typematic rate while held)
 *   break  the same byte with bit 7 set when it comes up
 *   E0 xx  keys the 101-key keyboard added: right Ctrl/Alt, arrows, keypad Enter and /
 *   E0 2A, E0 AA, E0 36, E0 B6   "fake shifts" some keyboards wrap around those keys
 *   E1 1D 45 E1 9D C5            Pause, on press only; there is no break sequence
 *
 * The decoder is pure logic, fed one byte at a time. It tracks Shift, Ctrl, Alt (left and
 * right apart), Caps Lock and Num Lock, and writes what a terminal would send for the key
 * on a US layout: the character, Ctrl+letter as a control code (Ctrl-U = 0x15), Alt+key
 * as ESC then the key, Enter as '\r', Backspace as DEL (0x7f), and the keys without a
 * character as an xterm sends them: the arrows ESC [ A/B/C/D, Home/End ESC [ H/F,
 * Insert/Delete/PgUp/PgDn ESC [ 2/3/5/6 ~, F1-F4 ESC O P-S, F5-F12 ESC [ 15 ~ ... 24 ~.
 * So the shell edits the same way from the PS/2 keyboard and from a serial terminal.
 * Keys with nothing to send (Windows keys, Print Screen, Pause) are known and produce
 * nothing; bytes that name no key are ignored and counted in 'unknown'.
 *
 * A deliberate simplification: the keyboard's LEDs are not switched, and the Num Lock
 * state starts on, as most firmware leaves it.
 */
#ifndef IRQLAB_SCANCODE_H
#define IRQLAB_SCANCODE_H

#include <irqlab/types.h>

#define SC_BREAK        0x80    /* set in the break code of every key */
#define SC_PREFIX_E0    0xe0    /* an extended key follows */
#define SC_PREFIX_E1    0xe1    /* the Pause key's sequence follows */

#define SCANCODE_MAX_OUT 5      /* the longest output of one byte: ESC [ 1 5 ~ */

/* kbd_state.mods: the modifier keys held down. */
#define KBD_MOD_LSHIFT  BIT(0)
#define KBD_MOD_RSHIFT  BIT(1)
#define KBD_MOD_LCTRL   BIT(2)
#define KBD_MOD_RCTRL   BIT(3)
#define KBD_MOD_LALT    BIT(4)
#define KBD_MOD_RALT    BIT(5)
#define KBD_MOD_SHIFT   (KBD_MOD_LSHIFT | KBD_MOD_RSHIFT)
#define KBD_MOD_CTRL    (KBD_MOD_LCTRL | KBD_MOD_RCTRL)
#define KBD_MOD_ALT     (KBD_MOD_LALT | KBD_MOD_RALT)

/* kbd_state.locks and .locks_down */
#define KBD_LOCK_CAPS   BIT(0)
#define KBD_LOCK_NUM    BIT(1)

struct kbd_state {
	u8 mods;                /* KBD_MOD_* held now */
	u8 locks;               /* KBD_LOCK_* switched on */
	u8 locks_down;          /* lock keys held: their typematic repeats must not toggle */
	bool e0;                /* the last byte was the E0 prefix */
	u8 e1_skip;             /* bytes of a Pause sequence still to swallow */
	u32 unknown;            /* bytes that named no key, ignored */
};

/* A fresh keyboard: no modifier held, Num Lock on, Caps Lock off. */
void kbd_state_init(struct kbd_state *kbd);

/* Feeds one scancode byte. Writes up to SCANCODE_MAX_OUT bytes of console input to out
 * and returns how many (0 for prefixes, breaks, modifiers and silent keys). Any context;
 * the caller makes sure only one runs on a kbd_state at a time. */
int kbd_decode_scancode(struct kbd_state *kbd, u8 scancode, char *out);

#endif
