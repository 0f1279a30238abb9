#ifndef ARCH_X86_FW_CFG_H
#define ARCH_X86_FW_CFG_H
#include <irqlab/types.h>
bool fw_cfg_present(void);
/* Reads fw_cfg file name into buf (terminated, cut at len-1). Returns the file's size,
 * or -1 if there is no fw_cfg device or no such file. */
int fw_cfg_read_file(const char *name, char *buf, size_t len);
#endif
