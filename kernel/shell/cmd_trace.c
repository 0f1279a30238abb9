/* kernel/shell/cmd_trace.c - `trace start|stop|dump|status`: the event trace. */
#include <irqlab/string.h>
#include <irqlab/trace.h>
#include "shell.h"

static int cmd_trace(int argc, char **argv)
{
	if (argc != 2)
		return shell_usage("trace");
	if (strcmp(argv[1], "start") == 0) {
		trace_start();
		kprintf("trace: recording (the ring keeps the newest 4096 events)\n");
	} else if (strcmp(argv[1], "stop") == 0) {
		trace_stop();
		kprintf("trace: stopped\n");
	} else if (strcmp(argv[1], "dump") == 0) {
		trace_dump();
	} else if (strcmp(argv[1], "status") == 0) {
		kprintf("trace: %s, %u events overwritten so far\n",
			trace_enabled ? "recording" : "stopped", trace_overwritten());
	} else {
		return shell_usage("trace");
	}
	return 0;
}
SHELL_CMD(trace, "<start|stop|dump|status>", "the event trace (JSON for Perfetto)", cmd_trace);
