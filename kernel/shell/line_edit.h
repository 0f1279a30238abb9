/* kernel/shell/line_edit.h - the shell's line editor (kernel/shell/line_edit.c). Pure logic:
 * also built for the host unit tests.
 *
 * It is fed the console's input one byte at a time, as a terminal sends it, and writes
 * its echo through le->write. Both a serial terminal and the PS/2 keyboard (whose decoder
 * sends the same sequences an xterm does) speak this input:
 *
 *   printable ASCII        inserted at the cursor
 *   ESC [ params final     a CSI sequence (cursor keys, ESC [ 3 ~ Delete, ...)
 *   ESC O x                an SS3 sequence (cursor keys in application mode, F1-F4)
 *   control bytes          Ctrl-A, Ctrl-E, Ctrl-W, Ctrl-U ... (see line_edit.c)
 *
 * Keys it has no use for ring the bell and leave the line as it was. The echo moves the
 * cursor left with BS only and right by writing the character again, so it needs no
 * knowledge of the terminal beyond what a VGA text console also does.
 */
#ifndef KERNEL_SHELL_LINE_EDIT_H
#define KERNEL_SHELL_LINE_EDIT_H

#include <irqlab/types.h>

#define LINE_EDIT_MAX   256     /* the buffer; a line holds one less, then the NUL */
#define LINE_HISTORY    16

/* What line_edit_feed() returns. */
enum line_edit_result {
	LINE_EDIT_MORE,         /* the line goes on */
	LINE_EDIT_DONE,         /* Enter: le->buf holds the line, NUL-terminated */
	LINE_EDIT_TOO_LONG,     /* Enter, but characters were refused: le->buf is not the line typed */
	LINE_EDIT_CANCEL,       /* Ctrl-C: le->buf is empty */
};

/* The lines entered before, oldest first; count keeps growing, the ring keeps the last
 * LINE_HISTORY. Owned by whoever reads lines, one reader at a time. */
struct line_history {
	char lines[LINE_HISTORY][LINE_EDIT_MAX];
	unsigned int count;
};

/* One line being edited. Its reader owns it; whoever else redraws it (the console, after
 * output that broke into the line) must exclude the reader meanwhile. */
struct line_editor {
	void (*write)(const char *s, size_t n);         /* the echo */
	const char *prompt;
	struct line_history *history;
	char buf[LINE_EDIT_MAX];
	size_t len;                     /* characters in buf */
	size_t cur;                     /* the cursor: buf[cur] is under it, 0..len */
	bool too_long;                  /* a character was refused since the line last had room */
	unsigned int hist_pos;          /* history->count: the line being typed */
	u8 esc;                         /* where in an escape sequence: ESC_* in line_edit.c */
	u32 csi_param;                  /* the first number of a CSI sequence */
	bool csi_later;                 /* past that number: later ones are modifiers */
	bool csi_odd;                   /* a CSI sequence no key sends (private or intermediates) */
};

/* Starts a new line: writes the prompt, empties the buffer. */
void line_edit_begin(struct line_editor *le);
/* Takes one input byte; returns what became of the line. */
enum line_edit_result line_edit_feed(struct line_editor *le, u8 c);
/* Writes the prompt and the line again on a fresh line, the cursor where it was. */
void line_edit_redraw(struct line_editor *le);
/* Adds a line to the history (not empty lines, nor the same line twice in a row). */
void line_history_add(struct line_history *h, const char *line);

#endif
