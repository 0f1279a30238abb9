/* tests/host/test_line_edit.c - the shell's line editor (kernel/shell/line_edit.c): the
 * line it builds from the bytes a terminal sends, and what its echo leaves on a screen.
 *
 * The echo goes to a model of the VGA text console (drivers/tty/vga.c): 80 columns,
 * wrapping right after the last one, BS going back across a wrap. After each key the
 * screen must show the prompt and the line, with the cursor on the editor's cursor. */
#include <stdlib.h>
#include "kernel/shell/line_edit.h"
#include "unit.h"

#define COLS    80
#define ROWS    64
#define PROMPT  "irqlab> "

static struct {
	char cell[ROWS][COLS];
	unsigned int row, col;
	unsigned int bells;
} term;

static void term_put(char c)
{
	switch (c) {
	case '\n':
		term.row++;
		term.col = 0;
		break;
	case '\r':
		term.col = 0;
		break;
	case '\b':
		if (term.col)
			term.col--;
		else if (term.row) {
			term.row--;
			term.col = COLS - 1;
		}
		break;
	case '\a':
		term.bells++;
		break;
	default:
		CHECK(c >= ' ' && c <= '~');            /* the echo is text, BS, CR, LF, BEL */
		term.cell[term.row][term.col++] = c;
		if (term.col == COLS) {
			term.col = 0;
			term.row++;
		}
	}
	if (term.row >= ROWS) {                         /* a test wrote far too much */
		CHECK(term.row < ROWS);
		term.row = 0;
	}
}

static void term_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		term_put(s[i]);
}

static struct line_history hist;
static struct line_editor le = { .write = term_write, .prompt = PROMPT, .history = &hist };
static unsigned int line_row;           /* where the prompt of the line under test is */

/* A clear screen and a new line, with the history as it is. */
static void new_line(void)
{
	memset(&term, ' ', sizeof(term.cell));
	term.row = term.col = term.bells = 0;
	line_row = 0;
	line_edit_begin(&le);
}

static void fresh(void)
{
	memset(&hist, 0, sizeof(hist));
	new_line();
}

/* The screen from the prompt on, as one string without the blanks at its end, and
 * where the cursor is in it. */
static const char *screen_line(unsigned int *cursor)
{
	static char text[ROWS * COLS + 1];
	size_t n = 0;

	for (unsigned int r = line_row; r < ROWS; r++)
		for (unsigned int c = 0; c < COLS; c++)
			text[n++] = term.cell[r][c];
	while (n && text[n - 1] == ' ')
		n--;
	text[n] = '\0';
	*cursor = (term.row - line_row) * COLS + term.col;
	return text;
}

/* The line as the editor holds it, NUL-terminated (buf is only terminated at Enter). */
static const char *line(void)
{
	static char text[LINE_EDIT_MAX + 1];

	memcpy(text, le.buf, le.len);
	text[le.len] = '\0';
	return text;
}

/* The screen agrees with the editor: prompt and line on show, cursor on le.cur. */
static void check_screen(void)
{
	static char want[sizeof(PROMPT) + LINE_EDIT_MAX];
	unsigned int cursor;

	snprintf(want, sizeof(want), "%s%s", PROMPT, line());
	while (want[0] && want[strlen(want) - 1] == ' ')        /* as screen_line() shows it */
		want[strlen(want) - 1] = '\0';
	CHECK_STR(screen_line(&cursor), want);
	CHECK_EQ(cursor, strlen(PROMPT) + le.cur);
}

/* Feeds bytes; returns the result of the last, checking the screen after each that
 * left the line open. */
static enum line_edit_result type_n(const char *s, size_t n)
{
	enum line_edit_result r = LINE_EDIT_MORE;

	for (size_t i = 0; i < n; i++) {
		r = line_edit_feed(&le, (u8)s[i]);
		if (r == LINE_EDIT_MORE)
			check_screen();
	}
	return r;
}
#define TYPE(s) type_n((s), sizeof(s) - 1)

#define LEFT    "\x1b[D"
#define RIGHT   "\x1b[C"
#define UP      "\x1b[A"
#define DOWN    "\x1b[B"
#define DELETE  "\x1b[3~"

TEST(typing_and_enter)
{
	fresh();
	CHECK_EQ(TYPE("echo hi"), LINE_EDIT_MORE);
	CHECK_EQ(TYPE("\r"), LINE_EDIT_DONE);
	CHECK_STR(le.buf, "echo hi");
	CHECK_EQ(term.bells, 0);
	CHECK_EQ(term.row, 1);          /* Enter ended the line on screen */
}

TEST(left_right_insert_in_the_middle)
{
	fresh();
	TYPE("echo ac" LEFT "b");
	CHECK_STR(line(), "echo abc");
	CHECK_EQ(le.cur, 7);
	TYPE(LEFT LEFT LEFT LEFT LEFT LEFT LEFT "X" RIGHT RIGHT "Y");
	CHECK_STR(line(), "XecYho abc");
	CHECK_EQ(term.bells, 0);
	TYPE("\x1b[1;5C");              /* Ctrl-Right: the modifier does not change the key */
	CHECK_EQ(le.cur, 5);
	CHECK_EQ(TYPE("\r"), LINE_EDIT_DONE);
	CHECK_STR(le.buf, "XecYho abc");
}

TEST(left_at_start_and_right_at_end_ring)
{
	fresh();
	TYPE("ab" RIGHT);
	CHECK_EQ(term.bells, 1);
	TYPE(LEFT LEFT LEFT);
	CHECK_EQ(term.bells, 2);
	CHECK_EQ(le.cur, 0);
}

TEST(home_and_end_in_every_spelling)
{
	static const char *const home[] = { "\x1b[H", "\x1b[1~", "\x1b[7~", "\x1bOH", "\x01" };
	static const char *const end[] = { "\x1b[F", "\x1b[4~", "\x1b[8~", "\x1bOF", "\x05" };

	for (size_t i = 0; i < ARRAY_SIZE(home); i++) {
		fresh();
		TYPE("cho o");
		type_n(home[i], strlen(home[i]));
		CHECK_EQ(le.cur, 0);
		TYPE("e");
		type_n(end[i], strlen(end[i]));
		CHECK_EQ(le.cur, 6);
		TYPE("k");
		CHECK_STR(line(), "echo ok");
		CHECK_EQ(term.bells, 0);
	}
}

TEST(delete_under_the_cursor)
{
	fresh();
	TYPE("echo oXk" LEFT LEFT DELETE);
	CHECK_STR(line(), "echo ok");
	CHECK_EQ(le.cur, 6);
	TYPE("\x05" DELETE);            /* at the end: nothing to delete */
	CHECK_STR(line(), "echo ok");
	CHECK_EQ(term.bells, 1);
}

TEST(delete_on_an_empty_line_leaves_no_tilde)
{
	fresh();
	CHECK_EQ(TYPE(DELETE "echo ok\r"), LINE_EDIT_DONE);
	CHECK_STR(le.buf, "echo ok");
}

TEST(backspace_in_the_middle)
{
	fresh();
	TYPE("echo abXc" LEFT "\x7f");
	CHECK_STR(line(), "echo abc");
	TYPE("\x01\x08");               /* BS at the start: nothing to erase */
	CHECK_EQ(term.bells, 1);
	CHECK_STR(line(), "echo abc");
}

TEST(ctrl_w_erases_the_word_before_the_cursor)
{
	fresh();
	TYPE("echo aa bb  \x17");
	CHECK_STR(line(), "echo aa ");
	TYPE("bb" LEFT LEFT "\x17");    /* from the middle: the word and the space before */
	CHECK_STR(line(), "echo bb");
	CHECK_EQ(le.cur, 5);
	TYPE("\x01\x17");
	CHECK_EQ(term.bells, 1);
	CHECK_STR(line(), "echo bb");
}

TEST(ctrl_u_erases_the_line_from_anywhere)
{
	fresh();
	TYPE("garbage" LEFT LEFT LEFT "\x15");
	CHECK_STR(line(), "");
	CHECK_EQ(TYPE("echo clean\r"), LINE_EDIT_DONE);
	CHECK_STR(le.buf, "echo clean");
}

TEST(ctrl_c_cancels)
{
	fresh();
	TYPE("echo no" LEFT LEFT);
	CHECK_EQ(TYPE("\x03"), LINE_EDIT_CANCEL);
	CHECK_STR(le.buf, "");
}

TEST(keys_without_a_use_ring_and_leave_nothing)
{
	/* PgUp, PgDn, Insert, F1 (SS3 and CSI spellings), F5, F12, Shift-Tab, a private
	 * mode sequence, an intermediate byte, Ctrl-Delete's modifier on a number with no key */
	static const char *const keys[] = { "\x1b[5~", "\x1b[6~", "\x1b[2~", "\x1bOP", "\x1b[11~",
					    "\x1b[15~", "\x1b[24~", "\x1b[Z", "\x1b[?25h",
					    "\x1b[1 q", "\x1b[9;5~", "\x1b[99999999993~" };

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		fresh();
		TYPE("ab" LEFT);
		type_n(keys[i], strlen(keys[i]));
		CHECK_STR(line(), "ab");
		CHECK_EQ(le.cur, 1);
		CHECK_EQ(term.bells, 1);
	}
}

TEST(lone_esc_is_dropped_and_the_next_key_kept)
{
	fresh();
	TYPE("\x1b" "echo ok");
	CHECK_STR(line(), "echo ok");
	CHECK_EQ(term.bells, 1);
	TYPE("\x1b" LEFT "X");          /* ESC ESC [ D: the first dropped, then Left */
	CHECK_STR(line(), "echo oXk");
	CHECK_EQ(term.bells, 2);
}

TEST(control_byte_inside_a_sequence_ends_it)
{
	fresh();
	TYPE("echo ok\x1b[1");
	CHECK_EQ(TYPE("\r"), LINE_EDIT_DONE);
	CHECK_STR(le.buf, "echo ok");
	fresh();
	CHECK_EQ(TYPE("echo\x1bO\x03"), LINE_EDIT_CANCEL);
}

TEST(too_long_line_refused_until_erased_below_the_limit)
{
	char text[300];

	fresh();
	memset(text, 'x', sizeof(text));
	type_n(text, sizeof(text));
	CHECK_EQ(le.len, LINE_EDIT_MAX - 1);
	CHECK_EQ(term.bells, sizeof(text) - (LINE_EDIT_MAX - 1));
	CHECK_EQ(TYPE("\r"), LINE_EDIT_TOO_LONG);

	fresh();
	type_n(text, sizeof(text));
	TYPE("\x7f\x7f\x7f");
	CHECK_EQ(TYPE("\r"), LINE_EDIT_DONE);
	CHECK_EQ(strlen(le.buf), LINE_EDIT_MAX - 4);

	fresh();
	type_n(text, sizeof(text));
	TYPE(LEFT DELETE);
	CHECK_EQ(TYPE("\r"), LINE_EDIT_DONE);
}

TEST(history_up_down_and_ctrl_p_n)
{
	fresh();
	line_history_add(&hist, "echo one");
	line_history_add(&hist, "echo two");
	line_history_add(&hist, "echo two");    /* the same twice in a row: kept once */
	new_line();
	TYPE("partial" UP);
	CHECK_STR(line(), "echo two");
	TYPE("\x10");
	CHECK_STR(line(), "echo one");
	TYPE(UP);
	CHECK_EQ(term.bells, 1);                /* nothing older */
	TYPE(DOWN "\x0e");
	CHECK_STR(line(), "");                  /* back to the new line */
	TYPE("\x0e");
	CHECK_EQ(term.bells, 2);
}

TEST(history_keeps_the_last_sixteen)
{
	char l[32];

	fresh();
	for (int i = 0; i < LINE_HISTORY + 4; i++) {
		snprintf(l, sizeof(l), "echo %d", i);
		line_history_add(&hist, l);
	}
	new_line();
	for (int i = 0; i < LINE_HISTORY; i++)
		TYPE(UP);
	CHECK_STR(line(), "echo 4");
	CHECK_EQ(term.bells, 0);
	TYPE(UP);
	CHECK_EQ(term.bells, 1);
}

TEST(a_line_wider_than_the_screen_edits_across_the_wrap)
{
	char text[150];

	fresh();
	memset(text, 'a', sizeof(text));
	type_n(text, sizeof(text));
	TYPE("\x01X\x05" LEFT "\x7f" "\x01" DELETE);
	CHECK_EQ(le.len, 149);
	CHECK_EQ(le.cur, 0);
	CHECK_EQ(term.bells, 0);
}

TEST(redraw_after_output_puts_prompt_line_and_cursor_back)
{
	fresh();
	TYPE("echo tick" LEFT LEFT);
	term_write("\n[ 1.000000] tick\n", strlen("\n[ 1.000000] tick\n"));
	line_row = term.row;
	line_edit_redraw(&le);
	check_screen();
	TYPE("-");
	CHECK_STR(line(), "echo ti-ck");
}

/* Any mix of editing keys keeps screen and line in step (check_screen after each). */
TEST(random_editing_keeps_the_screen_in_step)
{
	static const char *const keys[] = { "a", "b", " ", "\x7f", LEFT, RIGHT, "\x01", "\x05",
					    DELETE, "\x17", "\x1b[H", "\x1b[4~", "\x1b[5~", "\x1b" };

	srand(1);
	fresh();
	for (int i = 0; i < 20000; i++) {
		const char *k = keys[rand() % ARRAY_SIZE(keys)];

		type_n(k, strlen(k));
		if (le.len > 150) {
			TYPE("\x15");
			CHECK_EQ(le.len, 0);
		}
	}
}

int main(void)
{
	return RUN_TESTS();
}
