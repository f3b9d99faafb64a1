/*
 * getopt.c - getopt and getopt_long as GNU programs expect them (BusyBox
 * among them): a lone "-" is an operand, optind = 0 starts over, and
 * options may follow operands (they are moved before them, unless the
 * option string starts with '+' or POSIXLY_CORRECT is set; with '-',
 * operands come back as the argument of option 1).  picolibc's getopt
 * takes "-" for an option and does not start over at optind = 0.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *optarg;
int optind = 1, opterr = 1, optopt, optreset;

static int optpos;   /* within a cluster of short options: the next one */

static int is_option(const char *a)
{
	return a && a[0] == '-' && a[1];
}

static void complain(const char *prog, const char *what, const char *opt, int len)
{
	if (opterr)
		fprintf(stderr, "%s: %s '%.*s'\n", prog, what, len, opt);
}

/* argv[src] moves to argv[dest] (dest < src), the ones between up one. */
static void rotate(char *const argv[], int dest, int src)
{
	char **av = (char **)argv, *tmp = av[src];

	for (int i = src; i > dest; i--)
		av[i] = av[i - 1];
	av[dest] = tmp;
}

static int long_option(int argc, char *const argv[], const char *os,
		       const struct option *lo, int *idx, const char *name)
{
	size_t n = strcspn(name, "=");
	int match = -1, exact = 0, many = 0;

	for (int i = 0; lo[i].name; i++) {
		if (strncmp(lo[i].name, name, n))
			continue;
		if (strlen(lo[i].name) == n) {
			match = i;
			exact = 1;
			break;
		}
		many += match >= 0;
		match = i;
	}
	if (match < 0 || (many && !exact)) {
		complain(argv[0], match < 0 ? "unrecognized option" : "option is ambiguous",
			 name - 2, (int)n + 2);
		optopt = 0;
		optind++;
		return '?';
	}
	const struct option *o = &lo[match];
	optind++;
	optarg = 0;
	if (name[n] == '=') {
		if (o->has_arg == no_argument) {
			complain(argv[0], "option takes no argument", name - 2, (int)n + 2);
			optopt = o->val;
			return '?';
		}
		optarg = (char *)name + n + 1;
	} else if (o->has_arg == required_argument) {
		if (optind >= argc) {
			complain(argv[0], "option requires an argument", name - 2, (int)n + 2);
			optopt = o->val;
			return os[0] == ':' ? ':' : '?';
		}
		optarg = argv[optind++];
	}
	if (idx)
		*idx = match;
	if (o->flag) {
		*o->flag = o->val;
		return 0;
	}
	return o->val;
}

static int short_option(int argc, char *const argv[], const char *os)
{
	const char *arg = argv[optind];
	char c = arg[optpos ? optpos : 1];
	const char *spec = c == ':' || c == '-' ? 0 : strchr(os, c);

	optpos = optpos ? optpos + 1 : 2;
	optarg = 0;
	if (!arg[optpos]) {
		optind++;
		optpos = 0;
	}
	if (!spec) {
		optopt = c;
		if (opterr && os[0] != ':')
			fprintf(stderr, "%s: invalid option -- '%c'\n", argv[0], c);
		return '?';
	}
	if (spec[1] != ':')
		return c;
	if (optpos) {                      /* the rest of the cluster is the argument */
		optarg = (char *)arg + optpos;
		optind++;
		optpos = 0;
	} else if (spec[2] != ':') {       /* required: the next argument */
		if (optind >= argc) {
			optopt = c;
			if (opterr && os[0] != ':')
				fprintf(stderr, "%s: option requires an argument -- '%c'\n",
					argv[0], c);
			return os[0] == ':' ? ':' : '?';
		}
		optarg = argv[optind++];
	}
	return c;
}

static int core(int argc, char *const argv[], const char *os, const struct option *lo,
		int *idx, int longonly)
{
	if (optind >= argc || !argv[optind])
		return -1;
	if (!optpos) {
		const char *a = argv[optind];
		if (!is_option(a)) {
			if (os[0] != '-')
				return -1;
			optarg = argv[optind++];
			return 1;
		}
		if (!strcmp(a, "--")) {
			optind++;
			return -1;
		}
		if (lo && (a[1] == '-' || (longonly && a[2] && !strchr(os, a[1]))))
			return long_option(argc, argv, os, lo, idx, a + (a[1] == '-' ? 2 : 1));
	}
	return short_option(argc, argv, os);
}

static int gnu_getopt(int argc, char *const argv[], const char *os, const struct option *lo,
		      int *idx, int longonly)
{
	if (optind == 0 || optreset) {
		optind = 1;
		optpos = 0;
		optreset = 0;
	}
	int permute = os[0] != '+' && os[0] != '-' && !getenv("POSIXLY_CORRECT");
	if (os[0] == '+' || os[0] == '-')
		os++;
	int skipped = optind, resumed;
	if (permute) {   /* also mid-cluster: optind went back to the operands */
		int i = optind;
		while (i < argc && argv[i] && !is_option(argv[i]))
			i++;
		if (i >= argc || !argv[i])
			return -1;
		optind = i;
	}
	resumed = optind;
	int r = core(argc, argv, os, lo, idx, longonly);
	if (resumed > skipped) {
		int cnt = optind - resumed;
		for (int i = 0; i < cnt; i++)
			rotate(argv, skipped, optind - 1);
		optind = skipped + cnt;
	}
	return r;
}

int getopt(int argc, char *const argv[], const char *os)
{
	return gnu_getopt(argc, argv, os, 0, 0, 0);
}

int getopt_long(int argc, char *const argv[], const char *os, const struct option *lo, int *idx)
{
	return gnu_getopt(argc, argv, os, lo, idx, 0);
}

int getopt_long_only(int argc, char *const argv[], const char *os, const struct option *lo,
		     int *idx)
{
	return gnu_getopt(argc, argv, os, lo, idx, 1);
}
