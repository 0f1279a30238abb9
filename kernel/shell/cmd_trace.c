/* kernel/shell/cmd_trace.c - `trace start|stop|dump|status`: the event trace. */
#include <irqlab/string.h>
#include <irqlab/trace.h>
#include "shell.h"

static int cmd_trace(int argc, char **argv)
{
	bool keep_oldest = argc == 3 && strcmp(argv[2], "nooverwrite") == 0;

	if (argc != 2 && !(keep_oldest && strcmp(argv[1], "start") == 0))
		return shell_usage("trace");
	if (strcmp(argv[1], "start") == 0) {
		trace_start(!keep_oldest);
		kprintf("trace: recording (the ring keeps the %s 4096 events)\n",
			keep_oldest ? "first" : "newest");
	} else if (strcmp(argv[1], "stop") == 0) {
		trace_stop();
		kprintf("trace: stopped\n");
	} else if (strcmp(argv[1], "dump") == 0) {
		trace_dump();
	} else if (strcmp(argv[1], "status") == 0) {
		kprintf("trace: %s, %u events overwritten, %u dropped so far\n",
			trace_enabled ? "recording" : "stopped", trace_overwritten(),
			trace_dropped());
	} else {
		return shell_usage("trace");
	}
	return 0;
}
SHELL_CMD(trace, "<start [nooverwrite]|stop|dump|status>", "the event trace (JSON for Perfetto)", cmd_trace);
