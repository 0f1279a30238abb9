/* drivers/input/scancode.c - the scancode set 1 decoder (include/irqlab/scancode.h). Pure logic:
 * also built for the host unit tests. */
#include <irqlab/scancode.h>

#define ESC             '\x1b'
#define DEL             '\x7f'

/* What a set 1 make code below SC_MAIN_END types on a US keyboard, without and with
 * Shift: one string piece per stretch of the keyboard, in scancode order. A 0 is a key
 * that types nothing (Ctrl, the Shifts, Alt); key_kind() sorts those out. */
#define SC_MAIN_END     0x3a
static const char main_plain[] =
	"\0" "\x1b" "1234567890-=" "\x7f\t"    /* 0x00-0x0f: -, Esc, digit row, Bksp, Tab */
	"qwertyuiop[]" "\r" "\0"                /* 0x10-0x1d: top row, Enter, left Ctrl */
	"asdfghjkl;'`" "\0" "\\"                /* 0x1e-0x2b: home row, left Shift, \ */
	"zxcvbnm,./" "\0" "*" "\0" " ";         /* 0x2c-0x39: bottom row, right Shift, KP *, Alt, space */
static const char main_shift[] =
	"\0" "\x1b" "!@#$%^&*()_+" "\x7f\t"
	"QWERTYUIOP{}" "\r" "\0"
	"ASDFGHJKL:\"~" "\0" "|"
	"ZXCVBNM<>?" "\0" "*" "\0" " ";
_Static_assert(sizeof(main_plain) == SC_MAIN_END + 1, "main_plain covers 0x00-0x39");
_Static_assert(sizeof(main_shift) == SC_MAIN_END + 1, "main_shift covers 0x00-0x39");

/* Set 1 codes of the keys the decoder acts on by name. */
#define SC_LCTRL        0x1d    /* E0 1D: right Ctrl */
#define SC_LSHIFT       0x2a    /* E0 2A: a fake shift */
#define SC_RSHIFT       0x36    /* E0 36: a fake shift */
#define SC_LALT         0x38    /* E0 38: right Alt */
#define SC_CAPS_LOCK    0x3a
#define SC_F1           0x3b
#define SC_F10          0x44
#define SC_NUM_LOCK     0x45
#define SC_SCROLL_LOCK  0x46    /* E0 46: Ctrl+Pause (Break) */
#define SC_KP_FIRST     0x47    /* keypad 7; E0 47: Home */
#define SC_KP_LAST      0x53    /* keypad .; E0 53: Delete */
#define SC_SYSRQ        0x54    /* Alt+Print Screen */
#define SC_102ND        0x56    /* the extra key left of Z on ISO keyboards */
#define SC_F11          0x57
#define SC_F12          0x58
#define SC_ENTER        0x1c    /* E0 1C: keypad Enter */
#define SC_SLASH        0x35    /* E0 35: keypad / */
#define SC_PRTSC        0x37    /* E0 37: Print Screen (keypad * without E0) */
#define SC_E0_LGUI      0x5b    /* Windows keys and Menu */
#define SC_E0_MENU      0x5d
#define SC_E0_POWER     0x5e    /* ACPI power, sleep and wake keys */
#define SC_E0_SLEEP     0x5f
#define SC_E0_WAKE      0x63

/* What the keys without a character send: the sequences an xterm sends, so that the
 * shell takes the PS/2 keyboard and a serial terminal alike. */
enum vt_key {
	VT_NONE,
	VT_UP, VT_DOWN, VT_RIGHT, VT_LEFT, VT_HOME, VT_END,
	VT_INSERT, VT_DELETE, VT_PGUP, VT_PGDN,
	VT_F1, VT_F2, VT_F3, VT_F4, VT_F5, VT_F6, VT_F7, VT_F8, VT_F9, VT_F10, VT_F11, VT_F12,
	NR_VT_KEYS
};
static const char vt_seq[NR_VT_KEYS][SCANCODE_MAX_OUT + 1] = {
	[VT_UP] = "\x1b[A", [VT_DOWN] = "\x1b[B", [VT_RIGHT] = "\x1b[C", [VT_LEFT] = "\x1b[D",
	[VT_HOME] = "\x1b[H", [VT_END] = "\x1b[F",
	[VT_INSERT] = "\x1b[2~", [VT_DELETE] = "\x1b[3~", [VT_PGUP] = "\x1b[5~", [VT_PGDN] = "\x1b[6~",
	[VT_F1] = "\x1bOP", [VT_F2] = "\x1bOQ", [VT_F3] = "\x1bOR", [VT_F4] = "\x1bOS",
	[VT_F5] = "\x1b[15~", [VT_F6] = "\x1b[17~", [VT_F7] = "\x1b[18~", [VT_F8] = "\x1b[19~",
	[VT_F9] = "\x1b[20~", [VT_F10] = "\x1b[21~", [VT_F11] = "\x1b[23~", [VT_F12] = "\x1b[24~",
};

/* The keypad block 0x47-0x53 with Num Lock on, and the key the same block is with Num
 * Lock off (and the E0 keys of the same codes are always). VT_NONE: keypad 5, and no E0
 * key at all there (keypad - and +). */
static const char keypad_num[] = "789-456+1230.";
static const u8 keypad_vt[] = {
	VT_HOME, VT_UP, VT_PGUP, VT_NONE, VT_LEFT, VT_NONE, VT_RIGHT, VT_NONE,
	VT_END, VT_DOWN, VT_PGDN, VT_INSERT, VT_DELETE,
};
_Static_assert(sizeof(keypad_num) == SC_KP_LAST - SC_KP_FIRST + 2, "keypad_num covers 0x47-0x53");
_Static_assert(sizeof(keypad_vt) == SC_KP_LAST - SC_KP_FIRST + 1, "keypad_vt covers 0x47-0x53");
#define SC_KP_MINUS     0x4a
#define SC_KP_5         0x4c
#define SC_KP_PLUS      0x4e

enum key_kind {
	KEY_UNKNOWN,            /* names no key: counted */
	KEY_SILENT,             /* a real key that sends nothing */
	KEY_CHAR,               /* arg without Shift, arg_shift with it */
	KEY_VT,                 /* the sequence vt_seq[arg] */
	KEY_KEYPAD,             /* code arg: a character with Num Lock on, else an editing key */
	KEY_MODIFIER,           /* a KBD_MOD_* bit */
	KEY_LOCK,               /* a KBD_LOCK_* bit */
};

struct key {
	enum key_kind kind;
	u8 arg;
	u8 arg_shift;
};
#define KEY(kind, arg, arg_shift)       ((struct key){ (kind), (arg), (arg_shift) })
#define KEY_OF(kind, arg)               KEY(kind, arg, 0)

static struct key key_kind_plain(u8 code)
{
	switch (code) {
	case SC_LCTRL:          return KEY_OF(KEY_MODIFIER, KBD_MOD_LCTRL);
	case SC_LSHIFT:         return KEY_OF(KEY_MODIFIER, KBD_MOD_LSHIFT);
	case SC_RSHIFT:         return KEY_OF(KEY_MODIFIER, KBD_MOD_RSHIFT);
	case SC_LALT:           return KEY_OF(KEY_MODIFIER, KBD_MOD_LALT);
	case SC_CAPS_LOCK:      return KEY_OF(KEY_LOCK, KBD_LOCK_CAPS);
	case SC_NUM_LOCK:       return KEY_OF(KEY_LOCK, KBD_LOCK_NUM);
	case SC_SCROLL_LOCK:
	case SC_SYSRQ:          return KEY_OF(KEY_SILENT, 0);
	case SC_F11:            return KEY_OF(KEY_VT, VT_F11);
	case SC_F12:            return KEY_OF(KEY_VT, VT_F12);
	case SC_102ND:          return KEY(KEY_CHAR, '<', '>');
	}
	if (code > 0 && code < SC_MAIN_END)
		return KEY(KEY_CHAR, (u8)main_plain[code], (u8)main_shift[code]);
	if (code >= SC_F1 && code <= SC_F10)
		return KEY_OF(KEY_VT, VT_F1 + (code - SC_F1));
	if (code >= SC_KP_FIRST && code <= SC_KP_LAST)
		return KEY_OF(KEY_KEYPAD, code);
	return KEY_OF(KEY_UNKNOWN, 0);
}

static struct key key_kind_e0(u8 code)
{
	switch (code) {
	case SC_ENTER:          return KEY(KEY_CHAR, '\r', '\r');
	case SC_SLASH:          return KEY(KEY_CHAR, '/', '/');
	case SC_LCTRL:          return KEY_OF(KEY_MODIFIER, KBD_MOD_RCTRL);
	case SC_LALT:           return KEY_OF(KEY_MODIFIER, KBD_MOD_RALT);
	/* Fake shifts: the keyboard wraps Print Screen, and the grey cursor keys while
	 * Num Lock is on or Shift is held, in E0 2A/E0 AA (E0 36/E0 B6), so that software
	 * that only knows the keypad still sees cursor keys. They are not Shift keys. */
	case SC_LSHIFT:
	case SC_RSHIFT:
	case SC_PRTSC:
	case SC_SCROLL_LOCK:
	case SC_E0_POWER:
	case SC_E0_SLEEP:
	case SC_E0_WAKE:        return KEY_OF(KEY_SILENT, 0);
	case SC_KP_MINUS:
	case SC_KP_5:
	case SC_KP_PLUS:        return KEY_OF(KEY_UNKNOWN, 0);
	}
	if (code >= SC_KP_FIRST && code <= SC_KP_LAST)
		return KEY_OF(KEY_VT, keypad_vt[code - SC_KP_FIRST]);
	if (code >= SC_E0_LGUI && code <= SC_E0_MENU)
		return KEY_OF(KEY_SILENT, 0);
	return KEY_OF(KEY_UNKNOWN, 0);
}

static int emit_vt(u8 key, char *out)
{
	int n = 0;

	for (const char *p = vt_seq[key]; *p; p++)
		out[n++] = *p;
	return n;
}

/* A character key with the modifiers applied as a terminal does: Ctrl turns @, A-Z,
 * [ \ ] ^ _ (and their lower-case row) into 0x00-0x1f; Alt sends ESC first. */
static int emit_char(const struct kbd_state *kbd, char c, char *out)
{
	int n = 0;

	if (kbd->mods & KBD_MOD_CTRL && c >= '@' && c <= '~')
		c &= 0x1f;
	if (kbd->mods & KBD_MOD_ALT)
		out[n++] = ESC;
	out[n++] = c;
	return n;
}

void kbd_state_init(struct kbd_state *kbd)
{
	*kbd = (struct kbd_state){ .locks = KBD_LOCK_NUM };
}

int kbd_decode_scancode(struct kbd_state *kbd, u8 scancode, char *out)
{
	bool release = scancode & SC_BREAK;
	bool shift = kbd->mods & KBD_MOD_SHIFT;
	bool extended;
	struct key key;

	/* Pause: E1 1D 45 E1 9D C5. Each E1 is followed by two bytes that look like Ctrl
	 * and Num Lock; swallowing them keeps both states as they were. */
	if (kbd->e1_skip) {
		kbd->e1_skip--;
		return 0;
	}
	if (scancode == SC_PREFIX_E1) {
		kbd->e1_skip = 2;
		kbd->e0 = false;
		return 0;
	}
	if (scancode == SC_PREFIX_E0) {
		kbd->e0 = true;
		return 0;
	}
	extended = kbd->e0;
	kbd->e0 = false;
	key = extended ? key_kind_e0(scancode & ~SC_BREAK) : key_kind_plain(scancode & ~SC_BREAK);

	/* LAB 2 BEGIN scancode-make-break: modifiers and locks change state; only a make types */
	switch (key.kind) {
	case KEY_UNKNOWN:
		kbd->unknown++;
		return 0;
	case KEY_MODIFIER:
		if (release)
			kbd->mods &= ~key.arg;
		else
			kbd->mods |= key.arg;
		return 0;
	case KEY_LOCK:
		if (release)
			kbd->locks_down &= ~key.arg;
		else if (!(kbd->locks_down & key.arg)) {        /* not a typematic repeat */
			kbd->locks_down |= key.arg;
			kbd->locks ^= key.arg;
		}
		return 0;
	default:
		break;
	}
	if (release)
		return 0;
	/* LAB 2 STUB
	(void)release;
	if (key.kind == KEY_UNKNOWN || key.kind == KEY_MODIFIER || key.kind == KEY_LOCK)
		return 0;
	LAB 2 END */

	switch (key.kind) {
	case KEY_CHAR:
		if (key.arg >= 'a' && key.arg <= 'z' && (kbd->locks & KBD_LOCK_CAPS))
			shift = !shift;                 /* Caps Lock: letters only */
		return emit_char(kbd, (char)(shift ? key.arg_shift : key.arg), out);
	case KEY_VT:
		return emit_vt(key.arg, out);
	case KEY_KEYPAD: {
		unsigned int i = key.arg - SC_KP_FIRST;

		if ((kbd->locks & KBD_LOCK_NUM) || key.arg == SC_KP_MINUS || key.arg == SC_KP_PLUS)
			return emit_char(kbd, keypad_num[i], out);
		return emit_vt(keypad_vt[i], out);
	}
	default:                                /* KEY_SILENT */
		return 0;
	}
}
