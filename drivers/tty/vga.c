/* drivers/tty/vga.c - the VGA text screen (80x25 at 0xB8000) as a console.
 *
 * IBM VGA Technical Reference, sections "Alphanumeric Modes" (one 16-bit cell per
 * character: the byte, then its attribute), "Graphics Controller Registers"
 * (Miscellaneous: memory map 3, the 32 KiB window at 0xB8000 in text mode) and "CRT
 * Controller Registers" (start address high/low at indexes 0x0C/0x0D, cursor location
 * high/low at 0x0E/0x0F, through ports 0x3D4/0x3D5; both counted in cells from the
 * window's start).
 *
 * The window holds over six screens. Scrolling moves the start address down a row, as
 * Linux's vgacon does, instead of copying 24 rows up: under emulation every cell of
 * video memory read or written is a call into the device model, and the copy was 3840
 * of them per line printed. When the next row would fall past the window's end, the
 * screen's last 24 rows are copied to the window's start once (every 180 lines).
 *
 * Locking: row, col, origin, attr and the CRTC index register are console_lock's
 * (drivers/tty/console.c), which every console write holds.
 */
#include <irqlab/console.h>
#include <irqlab/string.h>
#include "arch/x86/io.h"
#include "vga.h"

#define VGA_TEXT_BASE   0xb8000
#define VGA_WINDOW_CELLS (0x8000 / 2)   /* 32 KiB of 16-bit cells */
#define VGA_COLS        80
#define VGA_ROWS        25
#define VGA_ATTR        0x07            /* light grey on black */
#define VGA_CRTC_INDEX  0x3d4
#define VGA_CRTC_DATA   0x3d5
#define   VGA_CRTC_START_HIGH   0x0c
#define   VGA_CRTC_START_LOW    0x0d
#define   VGA_CRTC_CURSOR_HIGH  0x0e
#define   VGA_CRTC_CURSOR_LOW   0x0f
#define TAB_WIDTH       8

static volatile u16 *const window = (volatile u16 *)VGA_TEXT_BASE;
static unsigned origin;                 /* the screen's first cell in the window */
static unsigned row, col;
static u8 attr = VGA_ATTR;              /* SGR 7 swaps foreground and background */

static u16 cell(char c)
{
	return (u16)(u8)c | (attr << 8);
}

/* The cell at (r, c) of the screen as it is shown. */
static volatile u16 *at(unsigned r, unsigned c)
{
	return &window[origin + r * VGA_COLS + c];
}

static void crtc_write(u8 index, u8 value)
{
	outb(VGA_CRTC_INDEX, index);
	outb(VGA_CRTC_DATA, value);
}

static void scroll(void)
{
	if (origin + (VGA_ROWS + 1) * VGA_COLS > VGA_WINDOW_CELLS) {
		for (unsigned i = 0; i < (VGA_ROWS - 1) * VGA_COLS; i++)
			window[i] = window[origin + VGA_COLS + i];
		origin = 0;
	} else {
		origin += VGA_COLS;
	}
	for (unsigned x = 0; x < VGA_COLS; x++)
		*at(VGA_ROWS - 1, x) = cell(' ');
	crtc_write(VGA_CRTC_START_HIGH, origin >> 8);
	crtc_write(VGA_CRTC_START_LOW, origin & 0xff);
	row = VGA_ROWS - 1;
}

static void move_cursor(void)
{
	u16 pos = origin + row * VGA_COLS + col;

	crtc_write(VGA_CRTC_CURSOR_HIGH, pos >> 8);
	crtc_write(VGA_CRTC_CURSOR_LOW, pos & 0xff);
}

static void vga_putc(char c)
{
	switch (c) {
	case '\n':
		col = 0;
		row++;
		break;
	case '\r':
		col = 0;
		break;
	case '\b':
		/* Back across the wrap the screen made: the shell's line editor moves the
		 * cursor left with BS through lines longer than a row. */
		if (col)
			col--;
		else if (row) {
			row--;
			col = VGA_COLS - 1;
		}
		break;
	case '\t':
		col = ALIGN_UP(col + 1, TAB_WIDTH);
		break;
	case '\a':
		break;
	default:
		*at(row, col) = cell(c);
		col++;
	}
	if (col >= VGA_COLS) {
		col = 0;
		row++;
	}
	if (row >= VGA_ROWS)
		scroll();
}

/* The ANSI (ECMA-48) control sequences the shell sends, done on the screen: erase to the
 * end of the line (ESC [ K), cursor home (ESC [ H), erase the screen (ESC [ 2 J), and
 * inverse video on and off (ESC [ 7 m, ESC [ 0 m or ESC [ m) for `watch -d`. Other
 * sequences are skipped rather than shown as garbage. */
static void vga_csi(char final, unsigned int param)
{
	switch (final) {
	case 'K':
		for (unsigned x = col; x < VGA_COLS; x++)
			*at(row, x) = cell(' ');
		break;
	case 'H':
		row = col = 0;
		break;
	case 'J':
		if (param == 2)
			for (unsigned i = 0; i < VGA_ROWS * VGA_COLS; i++)
				*at(0, i) = cell(' ');
		break;
	case 'm':
		attr = param == 7 ? (u8)((VGA_ATTR & 0x0f) << 4 | VGA_ATTR >> 4) : VGA_ATTR;
		break;
	}
}

static void vga_write(const char *s, size_t n)
{
	static int esc_state;
	static unsigned int param;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (esc_state == 1) {
			esc_state = (c == '[') ? 2 : 0;
			param = 0;
			continue;
		}
		if (esc_state == 2) {
			if (c >= '0' && c <= '9' && param < 1000)
				param = param * 10 + (unsigned int)(c - '0');
			if (c >= '@' && c <= '~') {
				vga_csi(c, param);
				esc_state = 0;
			}
			continue;
		}
		if (c == '\033') {
			esc_state = 1;
			continue;
		}
		vga_putc(c);
	}
	move_cursor();
}

static struct console vga_console = { .name = "vga", .write = vga_write };

void vga_init(void)
{
	origin = 0;
	crtc_write(VGA_CRTC_START_HIGH, 0);
	crtc_write(VGA_CRTC_START_LOW, 0);
	for (unsigned i = 0; i < VGA_ROWS * VGA_COLS; i++)
		*at(0, i) = cell(' ');
	row = col = 0;
	move_cursor();
	register_console(&vga_console);
}
