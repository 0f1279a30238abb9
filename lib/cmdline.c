/* lib/cmdline.c - finding options on the kernel command line. Pure logic: also built for
 * the host unit tests. */
#include <irqlab/cmdline.h>
#include <irqlab/string.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Finds the next token from *pos: sets key (and its length), value (and its length, or
 * -1 for a bare flag), and moves *pos past the token. False at the end. */
static bool next_token(const char **pos, const char **key, size_t *klen,
		       const char **value, int *vlen)
{
	const char *p = *pos;

	while (is_space(*p))
		p++;
	if (!*p)
		return false;
	*key = p;
	while (*p && !is_space(*p) && *p != '=')
		p++;
	*klen = (size_t)(p - *key);
	*vlen = -1;
	if (*p == '=') {
		p++;
		if (*p == '"') {
			*value = ++p;
			while (*p && *p != '"')
				p++;
			*vlen = (int)(p - *value);
			if (*p == '"')
				p++;
		} else {
			*value = p;
			while (*p && !is_space(*p))
				p++;
			*vlen = (int)(p - *value);
		}
		/* Anything glued to a closing quote belongs to this token; skip it. */
		while (*p && !is_space(*p))
			p++;
	}
	*pos = p;
	return true;
}

int cmdline_get(const char *cmdline, const char *key, char *val, size_t len)
{
	const char *pos = cmdline, *k, *v = NULL;
	size_t klen, want = strlen(key);
	int vlen, found = -1;

	if (!cmdline)
		return -1;
	while (next_token(&pos, &k, &klen, &v, &vlen)) {
		if (klen != want || strncmp(k, key, klen) != 0)
			continue;
		if (vlen < 0) {
			found = 0;
			if (val && len)
				val[0] = '\0';
			continue;
		}
		found = vlen;
		if (val && len) {
			size_t n = (size_t)vlen < len - 1 ? (size_t)vlen : len - 1;

			memcpy(val, v, n);
			val[n] = '\0';
		}
	}
	return found;
}

bool cmdline_has(const char *cmdline, const char *key)
{
	return cmdline_get(cmdline, key, NULL, 0) >= 0;
}
