/* kernel/shell/line_edit.c - the shell's line editor (kernel/shell/line_edit.h).
 *
 * Keys, as the readline-based shells bind them:
 *
 *   Left/Right              move the cursor               Ctrl-A, Home   to the start
 *   Ctrl-E, End             to the end                    Backspace/DEL  erase before the cursor
 *   Delete                  erase under the cursor        Ctrl-W         erase the word before it
 *   Ctrl-U                  erase the line                Ctrl-C         cancel the line
 *   Ctrl-L                  redraw it                     Up/Down, Ctrl-P/Ctrl-N  history
 *
 * Escape sequences are parsed whole, as ECMA-48 frames them: CSI is ESC [, parameter
 * bytes 0x30-0x3f, intermediate bytes 0x20-0x2f, one final byte 0x40-0x7e; SS3 is ESC O
 * and one byte. A sequence for a key without a use here (PgUp, Insert, F1...) rings the
 * bell and leaves nothing behind. A terminal sends a key's sequence in one burst, so an
 * ESC followed by anything other than [ or O is a lone Esc press (or Alt+key): the ESC
 * is dropped with a bell and the byte after it is taken as typed. A control byte inside
 * a sequence ends it the same way, so that Enter or Ctrl-C after a broken sequence still
 * work.
 *
 * A line is at most LINE_EDIT_MAX - 1 characters. What would make it longer is refused
 * with a bell and the line is marked too long: it is not the line typed, so Enter does
 * not run it. Once something is erased the line has room again and the mark goes.
 */
#include <irqlab/string.h>
#include "line_edit.h"

#define CTRL(c)         ((c) & 0x1f)
#define KEY_BS          0x08
#define KEY_DEL         0x7f
#define KEY_ESC         0x1b

/* le->esc: where in an escape sequence the last byte left the parser. */
enum { ESC_NONE, ESC_ESC, ESC_CSI, ESC_SS3 };

/* Keys that come as sequences, numbered above the byte values so that one switch takes
 * both. EDIT_KEY_NONE: a sequence for a key that has no use here. */
enum edit_key {
	EDIT_KEY_NONE = 0x100,
	EDIT_KEY_UP,
	EDIT_KEY_DOWN,
	EDIT_KEY_RIGHT,
	EDIT_KEY_LEFT,
	EDIT_KEY_HOME,
	EDIT_KEY_END,
	EDIT_KEY_DELETE,
};

#define CSI_PARAM_MAX   9999    /* larger numbers name no key */

static void bell(struct line_editor *le)
{
	le->write("\a", 1);
}

/* Writes n copies of the character filling run (16 of them), a run at a time: each
 * write reaches every console, and the VGA one moves its hardware cursor each time. */
static void write_run(struct line_editor *le, const char *run, size_t n)
{
	while (n) {
		size_t k = MIN(n, (size_t)16);

		le->write(run, k);
		n -= k;
	}
}

static void cursor_back(struct line_editor *le, size_t n)
{
	write_run(le, "\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b", n);
}

/* Rewrites the line on screen from position from, where the screen cursor stands, to
 * its end; blanks what is left of a line old_len long; puts the cursor at le->cur. */
static void redraw_tail(struct line_editor *le, size_t from, size_t old_len)
{
	size_t end = MAX(le->len, old_len);

	le->write(le->buf + from, le->len - from);
	if (old_len > le->len)
		write_run(le, "                ", old_len - le->len);
	cursor_back(le, end - le->cur);
}

static void move_to(struct line_editor *le, size_t pos)
{
	if (pos < le->cur)
		cursor_back(le, le->cur - pos);
	else
		le->write(le->buf + le->cur, pos - le->cur);
	le->cur = pos;
}

static void insert_char(struct line_editor *le, char c)
{
	if (le->len == LINE_EDIT_MAX - 1) {
		le->too_long = true;
		bell(le);
		return;
	}
	memmove(le->buf + le->cur + 1, le->buf + le->cur, le->len - le->cur);
	le->buf[le->cur] = c;
	le->len++;
	le->cur++;
	redraw_tail(le, le->cur - 1, le->len - 1);
}

/* Erases buf[from, to) and leaves the cursor at from. */
static void erase(struct line_editor *le, size_t from, size_t to)
{
	size_t old_len = le->len;

	if (from == to) {
		bell(le);
		return;
	}
	move_to(le, from);
	memmove(le->buf + from, le->buf + to, le->len - to);
	le->len -= to - from;
	le->too_long = false;
	redraw_tail(le, from, old_len);
}

/* Puts text in place of the whole line, the cursor at its end. */
static void replace_line(struct line_editor *le, const char *text)
{
	size_t old_len = le->len;

	move_to(le, 0);
	le->len = strlcpy(le->buf, text, LINE_EDIT_MAX);
	le->cur = le->len;
	le->too_long = false;
	redraw_tail(le, 0, old_len);
}

/* The start of the word before the cursor, as Ctrl-W erases it: spaces, then non-spaces. */
static size_t word_start(const struct line_editor *le)
{
	size_t i = le->cur;

	while (i && le->buf[i - 1] == ' ')
		i--;
	while (i && le->buf[i - 1] != ' ')
		i--;
	return i;
}

static void history_move(struct line_editor *le, bool back)
{
	struct line_history *h = le->history;
	unsigned int oldest = h->count > LINE_HISTORY ? h->count - LINE_HISTORY : 0;

	if (back && le->hist_pos > oldest)
		le->hist_pos--;
	else if (!back && le->hist_pos < h->count)
		le->hist_pos++;
	else {
		bell(le);
		return;
	}
	replace_line(le, le->hist_pos == h->count ? "" : h->lines[le->hist_pos % LINE_HISTORY]);
}

void line_history_add(struct line_history *h, const char *line)
{
	if (!line[0])
		return;
	if (h->count && strcmp(h->lines[(h->count - 1) % LINE_HISTORY], line) == 0)
		return;
	strlcpy(h->lines[h->count % LINE_HISTORY], line, LINE_EDIT_MAX);
	h->count++;
}

/* The final byte of a cursor key, the same after CSI and after SS3 (the application
 * cursor mode some terminals start in). */
static int cursor_key(u8 final)
{
	switch (final) {
	case 'A':       return EDIT_KEY_UP;
	case 'B':       return EDIT_KEY_DOWN;
	case 'C':       return EDIT_KEY_RIGHT;
	case 'D':       return EDIT_KEY_LEFT;
	case 'H':       return EDIT_KEY_HOME;
	case 'F':       return EDIT_KEY_END;
	}
	return EDIT_KEY_NONE;
}

static int csi_key(const struct line_editor *le, u8 final)
{
	if (le->csi_odd)
		return EDIT_KEY_NONE;
	if (final != '~')
		return cursor_key(final);
	switch (le->csi_param) {                /* VT220 editing keypad, and rxvt's 7/8 */
	case 1:
	case 7: return EDIT_KEY_HOME;
	case 4:
	case 8: return EDIT_KEY_END;
	case 3: return EDIT_KEY_DELETE;
	}
	return EDIT_KEY_NONE;
}

/* Runs c through the escape sequence parser. Returns the key it completes, c itself
 * when it is not part of a sequence, or -1 when the sequence goes on. */
static int parse_escape(struct line_editor *le, u8 c)
{
	switch (le->esc) {
	case ESC_ESC:
		le->esc = ESC_NONE;
		if (c == '[') {
			le->esc = ESC_CSI;
			le->csi_param = 0;
			le->csi_later = false;
			le->csi_odd = false;
			return -1;
		}
		if (c == 'O') {
			le->esc = ESC_SS3;
			return -1;
		}
		bell(le);                       /* a lone Esc: dropped, c is typed */
		break;
	case ESC_CSI:
		if (c >= '0' && c <= '9') {
			if (le->csi_later)
				return -1;
			le->csi_param = le->csi_param * 10 + (c - '0');
			if (le->csi_param > CSI_PARAM_MAX) {
				le->csi_odd = true;
				le->csi_param = 0;      /* keeps the next digit from overflowing */
			}
			return -1;
		}
		if (c == ';') {                 /* modifiers (ESC [ 1 ; 5 C): the key is the same */
			le->csi_later = true;
			return -1;
		}
		if (c >= 0x20 && c <= 0x3f) {   /* intermediates, private markers < = > ? and : */
			le->csi_odd = true;
			return -1;
		}
		le->esc = ESC_NONE;
		if (c >= 0x40 && c <= 0x7e)
			return csi_key(le, c);
		bell(le);                       /* not a sequence after all: c is typed */
		break;
	case ESC_SS3:
		le->esc = ESC_NONE;
		if (c >= 0x40 && c <= 0x7e)
			return cursor_key(c);
		bell(le);
		break;
	}
	if (c == KEY_ESC) {
		le->esc = ESC_ESC;
		return -1;
	}
	return c;
}

void line_edit_begin(struct line_editor *le)
{
	le->len = 0;
	le->cur = 0;
	le->buf[0] = '\0';
	le->too_long = false;
	le->esc = ESC_NONE;
	le->hist_pos = le->history->count;
	le->write(le->prompt, strlen(le->prompt));
}

void line_edit_redraw(struct line_editor *le)
{
	le->write(le->prompt, strlen(le->prompt));
	le->write(le->buf, le->len);
	cursor_back(le, le->len - le->cur);
}

enum line_edit_result line_edit_feed(struct line_editor *le, u8 c)
{
	int key = parse_escape(le, c);

	switch (key) {
	case -1:
		break;
	case '\r':
	case '\n':
		move_to(le, le->len);
		le->write("\n", 1);
		le->buf[le->len] = '\0';
		return le->too_long ? LINE_EDIT_TOO_LONG : LINE_EDIT_DONE;
	case CTRL('C'):
		move_to(le, le->len);
		le->write("^C\n", 3);
		le->len = 0;
		le->buf[0] = '\0';
		return LINE_EDIT_CANCEL;
	case KEY_BS:
	case KEY_DEL:
		erase(le, le->cur ? le->cur - 1 : 0, le->cur);
		break;
	case EDIT_KEY_DELETE:
		erase(le, le->cur, le->cur < le->len ? le->cur + 1 : le->cur);
		break;
	case CTRL('W'):
		erase(le, word_start(le), le->cur);
		break;
	case CTRL('U'):
		replace_line(le, "");
		break;
	case CTRL('L'):
		le->write("\n", 1);
		line_edit_redraw(le);
		break;
	case CTRL('A'):
	case EDIT_KEY_HOME:
		move_to(le, 0);
		break;
	case CTRL('E'):
	case EDIT_KEY_END:
		move_to(le, le->len);
		break;
	case EDIT_KEY_LEFT:
	case EDIT_KEY_RIGHT:
		if (key == EDIT_KEY_LEFT ? le->cur == 0 : le->cur == le->len)
			bell(le);
		else
			move_to(le, key == EDIT_KEY_LEFT ? le->cur - 1 : le->cur + 1);
		break;
	case CTRL('P'):
	case EDIT_KEY_UP:
		history_move(le, true);
		break;
	case CTRL('N'):
	case EDIT_KEY_DOWN:
		history_move(le, false);
		break;
	default:
		if (key >= ' ' && key <= '~')
			insert_char(le, (char)key);
		else
			bell(le);               /* other control bytes, non-ASCII, unused keys */
	}
	return LINE_EDIT_MORE;
}
