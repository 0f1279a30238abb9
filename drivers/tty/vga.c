/* drivers/tty/vga.c - the VGA text screen (80x25 at 0xB8000) as a console.
 *
 * IBM VGA Technical Reference, sections "Alphanumeric Modes" (one 16-bit cell per
 * character: the byte, then its attribute) and "CRT Controller Registers" (cursor
 * location high/low at indexes 0x0E/0x0F through ports 0x3D4/0x3D5).
 */
#include <irqlab/console.h>
#include <irqlab/string.h>
#include "arch/x86/io.h"
#include "vga.h"

#define VGA_TEXT_BASE   0xb8000
#define VGA_COLS        80
#define VGA_ROWS        25
#define VGA_ATTR        0x07            /* light grey on black */
#define VGA_CRTC_INDEX  0x3d4
#define VGA_CRTC_DATA   0x3d5
#define   VGA_CRTC_CURSOR_HIGH  0x0e
#define   VGA_CRTC_CURSOR_LOW   0x0f
#define TAB_WIDTH       8

static volatile u16 *const screen = (volatile u16 *)VGA_TEXT_BASE;
static unsigned row, col;
static u8 attr = VGA_ATTR;              /* SGR 7 swaps foreground and background */

static u16 cell(char c)
{
	return (u16)(u8)c | (attr << 8);
}

static void scroll(void)
{
	for (unsigned i = 0; i < (VGA_ROWS - 1) * VGA_COLS; i++)
		screen[i] = screen[i + VGA_COLS];
	for (unsigned i = 0; i < VGA_COLS; i++)
		screen[(VGA_ROWS - 1) * VGA_COLS + i] = cell(' ');
	row = VGA_ROWS - 1;
}

static void move_cursor(void)
{
	u16 pos = row * VGA_COLS + col;

	outb(VGA_CRTC_INDEX, VGA_CRTC_CURSOR_HIGH);
	outb(VGA_CRTC_DATA, pos >> 8);
	outb(VGA_CRTC_INDEX, VGA_CRTC_CURSOR_LOW);
	outb(VGA_CRTC_DATA, pos & 0xff);
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
		screen[row * VGA_COLS + col] = cell(c);
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
			screen[row * VGA_COLS + x] = cell(' ');
		break;
	case 'H':
		row = col = 0;
		break;
	case 'J':
		if (param == 2)
			for (unsigned i = 0; i < VGA_ROWS * VGA_COLS; i++)
				screen[i] = cell(' ');
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
	for (unsigned i = 0; i < VGA_ROWS * VGA_COLS; i++)
		screen[i] = cell(' ');
	row = col = 0;
	move_cursor();
	register_console(&vga_console);
}
