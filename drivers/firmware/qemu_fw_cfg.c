/* drivers/firmware/qemu_fw_cfg.c - reading a file from QEMU's firmware configuration device.
 *
 * QEMU's docs/specs/fw_cfg.rst, sections "Selector Register", "Data Register" and
 * "File Directory": write a 16-bit key to port 0x510, read bytes from port 0x511. Key
 * 0x0000 returns the signature "QEMU"; key 0x0019 returns the file directory: a
 * big-endian count, then 64-byte entries (size, select key, name).
 *
 * irqlab reads opt/irqlab/cmdline, so one ISO booted through GRUB can be given any
 * kernel options: qemu ... -fw_cfg name=opt/irqlab/cmdline,string="irqchip=pic".
 */
#include <irqlab/string.h>
#include "arch/x86/io.h"
#include "qemu_fw_cfg.h"

#define FW_CFG_PORT_SEL         0x510
#define FW_CFG_PORT_DATA        0x511
#define FW_CFG_SIGNATURE        0x0000
#define FW_CFG_FILE_DIR         0x0019
#define FW_CFG_MAX_FILE_PATH    56

struct fw_cfg_file {
	u32 size;               /* big-endian */
	u16 select;             /* big-endian */
	u16 reserved;
	char name[FW_CFG_MAX_FILE_PATH];
} __packed;

static u32 be32(u32 v) { return __builtin_bswap32(v); }
static u16 be16(u16 v) { return __builtin_bswap16(v); }

static void fw_cfg_read(void *buf, size_t n)
{
	u8 *p = buf;

	while (n--)
		*p++ = inb(FW_CFG_PORT_DATA);
}

bool fw_cfg_present(void)
{
	char sig[4];

	outw(FW_CFG_PORT_SEL, FW_CFG_SIGNATURE);
	fw_cfg_read(sig, sizeof(sig));
	return memcmp(sig, "QEMU", 4) == 0;
}

int fw_cfg_read_file(const char *name, char *buf, size_t len)
{
	u32 count;

	if (!fw_cfg_present())
		return -1;
	outw(FW_CFG_PORT_SEL, FW_CFG_FILE_DIR);
	fw_cfg_read(&count, sizeof(count));
	count = be32(count);
	for (u32 i = 0; i < count; i++) {
		struct fw_cfg_file f;

		fw_cfg_read(&f, sizeof(f));
		f.name[FW_CFG_MAX_FILE_PATH - 1] = '\0';
		if (strcmp(f.name, name) == 0) {
			u32 size = be32(f.size);
			size_t n = size < len - 1 ? size : len - 1;

			outw(FW_CFG_PORT_SEL, be16(f.select));
			fw_cfg_read(buf, n);
			buf[n] = '\0';
			return (int)size;
		}
	}
	return -1;
}
