/* kernel/module/params.c - module parameters: insmod's "name=value" words set the
 * variables a module declared with module_param() (its __param section), before its
 * init_module runs. Linux's kernel/params.c, for the types irqlab has: the same word
 * splitting (a value may be "quoted", spaces and all) and the same messages. */
#include <irqlab/errno.h>
#include <irqlab/kstrtox.h>
#include <irqlab/printk.h>
#include <irqlab/slab.h>
#include <irqlab/string.h>
#include "internal.h"

/* Linux's next_arg(): splits args at the next unquoted space, NUL-terminating name and
 * value in place; *val is NULL for a bare "name". Returns the rest. */
static char *next_arg(char *args, char **param, char **val)
{
	bool in_quote = false;
	unsigned int i, equals = 0;
	char *next;

	if (*args == '"') {
		args++;
		in_quote = true;
	}
	for (i = 0; args[i]; i++) {
		if (args[i] == ' ' && !in_quote)
			break;
		if (equals == 0 && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	*val = NULL;
	if (equals) {
		args[equals] = '\0';
		*val = args + equals + 1;
		if (**val == '"') {             /* name="a b": the quotes go */
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	if (in_quote && args[i - 1] == '"')
		args[i - 1] = '\0';
	next = args + i;
	if (*next) {
		*next++ = '\0';
		while (*next == ' ')
			next++;
	}
	return next;
}

static int param_set(const struct kernel_param *kp, char *val)
{
	if (kp->type == KPARAM_BOOL) {
		/* Linux's kstrtobool: a bare name sets it. */
		if (!val || !strcmp(val, "1") || !strcmp(val, "y") || !strcmp(val, "Y"))
			*(bool *)kp->arg = true;
		else if (!strcmp(val, "0") || !strcmp(val, "n") || !strcmp(val, "N"))
			*(bool *)kp->arg = false;
		else
			return -EINVAL;
		return 0;
	}
	if (!val)
		return -EINVAL;
	if (kp->type == KPARAM_CHARP) {
		*(char **)kp->arg = val;        /* in mod->args, which lives as long as mod */
		return 0;
	}
	/* Linux's param_set_int() and friends: kstrto*(val, 0), any error "invalid". */
	switch (kp->type) {
	case KPARAM_INT:
		return kstrtoint(val, 0, (int *)kp->arg) ? -EINVAL : 0;
	case KPARAM_UINT:
		return kstrtouint(val, 0, (unsigned int *)kp->arg) ? -EINVAL : 0;
	case KPARAM_LONG:
		return kstrtol(val, 0, (long *)kp->arg) ? -EINVAL : 0;
	case KPARAM_ULONG:
		return kstrtoul(val, 0, (unsigned long *)kp->arg) ? -EINVAL : 0;
	default:
		return -EINVAL;
	}
}

int module_parse_args(const struct load_info *info, struct module *mod)
{
	const struct kernel_param *params = NULL;
	unsigned int i, n = 0;
	char *args, *param, *val;

	for (i = 1; i < info->hdr->e_shnum; i++)
		if (strcmp(module_secname(info, i), "__param") == 0 &&
		    info->sechdrs[i].sh_flags & SHF_ALLOC) {
			params = (const void *)(info->base + info->secoff[i]);
			n = info->sechdrs[i].sh_size / sizeof(*params);
		}
	args = mod->args;
	while (args && *args) {
		const struct kernel_param *kp = NULL;

		args = next_arg(args, &param, &val);
		for (i = 0; i < n; i++)
			if (strcmp(params[i].name, param) == 0)
				kp = &params[i];
		if (!kp) {
			pr_warn("%s: unknown parameter '%s' ignored\n", mod->name, param);
			continue;
		}
		if (param_set(kp, val)) {
			pr_err("%s: '%s' invalid for parameter '%s'\n", mod->name,
			       val ? val : "", param);
			return -EINVAL;
		}
	}
	return 0;
}
