/* include/irqlab/cmdline.h - the kernel command line (lib/cmdline.c).
 *
 * Options are whitespace-separated "key=value" or bare "flag" tokens, found wherever they
 * stand (QEMU's -kernel loader puts the kernel's path first; GRUB does not). A value may
 * be double-quoted to hold spaces. The last occurrence of a key wins, so options from
 * QEMU's fw_cfg, appended at the end, override the bootloader's. */
#ifndef IRQLAB_CMDLINE_H
#define IRQLAB_CMDLINE_H

#include <irqlab/types.h>

/* Copies the value of key into val (at most len-1 bytes, terminated). Returns the value's
 * full length (>= len means it was cut), 0 for a bare flag, -1 when key is absent. */
int cmdline_get(const char *cmdline, const char *key, char *val, size_t len);
/* True if key stands as a bare flag or as key=... */
bool cmdline_has(const char *cmdline, const char *key);

#endif
