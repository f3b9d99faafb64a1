/*
 * procfs.c - /proc as a library view of exported kernel data (design.md:
 * nothing is asked of the kernel).  A file of /proc is written out when
 * it is opened, from the exported env table, page table and info page
 * and from the process table the processes publish (ptab.h): Linux's
 * formats, so that BusyBox's ps, top, free and uptime read it as they
 * read Linux's.
 *
 *   /proc/meminfo, uptime, loadavg, stat, version, mounts, cpuinfo,
 *   cmdline (the kernel's)
 *   /proc/<pid>/stat, status, cmdline, comm
 *   /proc/self -> <pid>
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "exos/exos.h"
#include "exos/uaccess.h"
#include "../fd.h"
#include "proc.h"
#include "procfs.h"
#include "ptab.h"

/* An open file of /proc: its text, by descriptor. */
static struct {
	char *buf;
	size_t len, off;
} files[EXOS_FD_MAX];

/* Text being written out. */
struct out {
	char *buf;
	size_t len, cap;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;

	for (;;) {
		va_start(ap, fmt);
		int n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
		if (o->len + (size_t)n < o->cap) {
			o->len += (size_t)n;
			return;
		}
		size_t cap = (o->cap + (size_t)n) * 2;
		char *b = realloc(o->buf, cap);
		if (!b)
			return;
		o->buf = b;
		o->cap = cap;
	}
}

static uint64_t ticks_to_cs(uint64_t t)
{
	return t / (exos_info->timebase_hz / 100);
}

/* Seconds since boot and the idle total, in hundredths. */
static void uptime_cs(uint64_t *up, uint64_t *idle)
{
	uint64_t i = 0;

	*up = ticks_to_cs(exos_rdtime());
	for (uint32_t h = 0; h < exos_info->nharts; h++)
		i += exos_info->idle_instret[h];
	/* idle instret counts under -icount (benchmarks.md): one instruction
	 * a nanosecond; elsewhere it is 0 and idle shows as 0. */
	*idle = i / 10000000;
}

static void gen_meminfo(struct out *o)
{
	uint64_t total = exos_info->pages_total * 4, free = exos_info->pages_free * 4;

	put(o, "MemTotal:       %8lu kB\n", (unsigned long)total);
	put(o, "MemFree:        %8lu kB\n", (unsigned long)free);
	put(o, "MemAvailable:   %8lu kB\n", (unsigned long)free);
	put(o, "Buffers:               0 kB\nCached:                0 kB\n");
	put(o, "SwapCached:            0 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\n");
	put(o, "Shmem:                 0 kB\nSReclaimable:          0 kB\n");
}

static void gen_uptime(struct out *o)
{
	uint64_t up, idle;

	uptime_cs(&up, &idle);
	put(o, "%lu.%02lu %lu.%02lu\n", (unsigned long)(up / 100), (unsigned long)(up % 100),
	    (unsigned long)(idle / 100), (unsigned long)(idle % 100));
}

static void gen_loadavg(struct out *o)
{
	uint64_t l[3];
	int running = 0;

	exos_loadavg(l);
	for (int i = 0; i < EXOS_MAX_ENVS; i++)
		running += exos_envs[i].state == EXOS_ENV_RUNNING ||
			   exos_envs[i].state == EXOS_ENV_RUNNABLE;
	put(o, "%lu.%02lu %lu.%02lu %lu.%02lu %d/%d %u\n", (unsigned long)(l[0] >> 16),
	    (unsigned long)((l[0] & 0xffff) * 100 >> 16), (unsigned long)(l[1] >> 16),
	    (unsigned long)((l[1] & 0xffff) * 100 >> 16), (unsigned long)(l[2] >> 16),
	    (unsigned long)((l[2] & 0xffff) * 100 >> 16), running, exos_nprocs(), exos_self);
}

/* /proc/stat: every hart's time as busy (user) or idle, in hundredths;
 * the kernel counts idle instructions only under -icount. */
static void gen_stat(struct out *o)
{
	uint64_t up, idle;

	uptime_cs(&up, &idle);
	uint64_t all = up * exos_info->nharts, busy = all > idle ? all - idle : 0;
	put(o, "cpu  %lu 0 0 %lu 0 0 0 0 0 0\n", (unsigned long)busy, (unsigned long)idle);
	for (uint32_t h = 0; h < exos_info->nharts; h++)
		put(o, "cpu%u %lu 0 0 %lu 0 0 0 0 0 0\n", h, (unsigned long)(busy / exos_info->nharts),
		    (unsigned long)(idle / exos_info->nharts));
	put(o, "btime %lu\nprocesses %lu\nprocs_running 1\nprocs_blocked 0\n",
	    (unsigned long)(exos_info->rtc_boot_ns / 1000000000ULL),
	    (unsigned long)exos_info->envs_ended);
}

static void gen_mounts(struct out *o)
{
	put(o, "rootfs / cpio ro 0 0\ntmpfs /tmp tmpfs rw 0 0\n");
}

static void gen_cmdline(struct out *o)
{
	char args[sizeof(exos_info->bootargs) + 1];

	for (size_t i = 0; i < sizeof(exos_info->bootargs); i++)
		args[i] = exos_info->bootargs[i];
	args[sizeof(args) - 1] = 0;
	put(o, "%s\n", args);
}

static void gen_version(struct out *o)
{
	put(o, "exos 0.1 (an exokernel for RISC-V) riscv64\n");
}

static void gen_cpuinfo(struct out *o)
{
	for (uint32_t h = 0; h < exos_info->nharts; h++)
		put(o, "processor\t: %u\nhart\t\t: %u\nisa\t\t: rv64imafdc\nmmu\t\t: sv39\n\n", h,
		    exos_info->hart_ids[h]);
}

/* Linux's one-letter state of env row e (stopped from the process table). */
static char state_letter(const volatile struct exos_env *e, const struct exos_proc *r)
{
	if (r && r->state == EXOS_PROC_STOPPED)
		return 'T';
	switch (e->state) {
	case EXOS_ENV_RUNNING:
	case EXOS_ENV_RUNNABLE:
		return 'R';
	case EXOS_ENV_SLEEPING:
	case EXOS_ENV_PCT_WAIT:
		return 'S';
	case EXOS_ENV_FREE:
		return 'Z';
	default:
		return 'D';
	}
}

static const char *comm_of(const struct exos_proc *r)
{
	return r && r->comm[0] ? r->comm : "?";
}

static void gen_pid_stat(struct out *o, uint32_t id)
{
	const volatile struct exos_env *e = &exos_envs[EXOS_ENV_SLOT(id)];
	struct exos_proc *r = exos_ptab_get(id);
	uint64_t start = r ? ticks_to_cs(r->start) : 0;
	unsigned long vsz = (unsigned long)e->pages * 4096, rss = e->pages;

	put(o, "%u (%s) %c %u %u %u 0 %d 0 0 0 0 0 %lu 0 0 0 20 0 1 0 %lu %lu %lu "
	    "18446744073709551615 65536 0 0 0 0 0 0 0 0 0 0 0 0 17 %u 0 0 0 0 0\n",
	    id, comm_of(r), state_letter(e, r), r ? r->ppid : e->parent, r ? r->pgid : id,
	    r ? r->sid : id, -1, (unsigned long)exos_proc_cpu_ticks(id), (unsigned long)start,
	    vsz, rss, e->hart);
}

static void gen_pid_status(struct out *o, uint32_t id)
{
	const volatile struct exos_env *e = &exos_envs[EXOS_ENV_SLOT(id)];
	struct exos_proc *r = exos_ptab_get(id);

	put(o, "Name:\t%s\nState:\t%c\nTgid:\t%u\nPid:\t%u\nPPid:\t%u\n", comm_of(r),
	    state_letter(e, r), id, id, r ? r->ppid : e->parent);
	put(o, "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n");
	put(o, "VmSize:\t%8lu kB\nVmRSS:\t%8lu kB\nThreads:\t1\n", (unsigned long)e->pages * 4,
	    (unsigned long)e->pages * 4);
	put(o, "SigPnd:\t%016lx\n", (unsigned long)e->notes);
}

static void gen_pid_cmdline(struct out *o, uint32_t id)
{
	struct exos_proc *r = exos_ptab_get(id);

	if (!r || !r->cmdline_len)
		return;
	if (o->cap < r->cmdline_len + 1) {
		char *b = realloc(o->buf, r->cmdline_len + 1);
		if (!b)
			return;
		o->buf = b;
		o->cap = r->cmdline_len + 1;
	}
	memcpy(o->buf, r->cmdline, r->cmdline_len);
	o->len = r->cmdline_len;
}

static void gen_pid_comm(struct out *o, uint32_t id)
{
	put(o, "%s\n", comm_of(exos_ptab_get(id)));
}

static const struct {
	const char *name;
	void (*gen)(struct out *o);
} top_files[] = {
	{ "meminfo", gen_meminfo }, { "uptime", gen_uptime }, { "loadavg", gen_loadavg },
	{ "stat", gen_stat },       { "mounts", gen_mounts }, { "version", gen_version },
	{ "cpuinfo", gen_cpuinfo }, { "cmdline", gen_cmdline },
};
static const struct {
	const char *name;
	void (*gen)(struct out *o, uint32_t id);
} pid_files[] = {
	{ "stat", gen_pid_stat },       { "status", gen_pid_status },
	{ "cmdline", gen_pid_cmdline }, { "comm", gen_pid_comm },
};
#define NTOP (sizeof(top_files) / sizeof(top_files[0]))
#define NPID (sizeof(pid_files) / sizeof(pid_files[0]))

/* A process /proc shows: an env that exists as a process. */
static int shown(uint32_t id)
{
	const volatile struct exos_env *e = &exos_envs[EXOS_ENV_SLOT(id)];

	return exos_env_exists(id) && e->state != EXOS_ENV_CREATED;
}

/* "123" as a pid, or 0. */
static uint32_t pid_of(const char *s, const char **rest)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (end == s || (*end && *end != '/') || !v || v > UINT32_MAX)
		return 0;
	*rest = *end ? end + 1 : end;
	return (uint32_t)v;
}

int exos_procfs_lookup(const char *name, struct procfs_node *n)
{
	const char *rest = "";

	memset(n, 0, sizeof(*n));
	if (!*name) {
		n->kind = PROCFS_DIR;
		return 0;
	}
	if (!strcmp(name, "self")) {
		n->kind = PROCFS_LINK;
		n->pid = exos_self;
		return 0;
	}
	if (!strncmp(name, "self/", 5))
		name += 5, n->pid = exos_self, rest = name;
	else if ((n->pid = pid_of(name, &rest)) == 0) {
		for (unsigned i = 0; i < NTOP; i++)
			if (!strcmp(name, top_files[i].name)) {
				n->kind = PROCFS_FILE;
				n->file = (int)i;
				return 0;
			}
		return -ENOENT;
	}
	if (!shown(n->pid))
		return -ENOENT;
	if (!*rest) {
		n->kind = PROCFS_PIDDIR;
		return 0;
	}
	for (unsigned i = 0; i < NPID; i++)
		if (!strcmp(rest, pid_files[i].name)) {
			n->kind = PROCFS_PIDFILE;
			n->file = (int)i;
			return 0;
		}
	return -ENOENT;
}

void exos_procfs_stat(const struct procfs_node *n, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_nlink = 1;
	st->st_blksize = 4096;
	st->st_ino = 0x10000 + (ino_t)n->pid * 16 + (ino_t)n->file;
	switch (n->kind) {
	case PROCFS_DIR:
	case PROCFS_PIDDIR:
		st->st_mode = S_IFDIR | 0555;
		st->st_nlink = 2;
		break;
	case PROCFS_LINK:
		st->st_mode = S_IFLNK | 0777;
		break;
	default:
		st->st_mode = S_IFREG | 0444;
	}
	if (n->kind == PROCFS_PIDDIR || n->kind == PROCFS_PIDFILE) {
		struct exos_proc *r = exos_ptab_get(n->pid);
		uint64_t since = r ? r->start / exos_info->timebase_hz : 0;
		st->st_mtime = st->st_ctime = (time_t)(exos_info->rtc_boot_ns / 1000000000ULL + since);
	}
}

int exos_procfs_readlink(const struct procfs_node *n, char *buf, size_t len)
{
	char s[16];
	int k = snprintf(s, sizeof(s), "%u", n->pid);
	size_t m = (size_t)k < len ? (size_t)k : len;

	memcpy(buf, s, m);
	return (int)m;
}

int exos_procfs_open(const struct procfs_node *n, int fd)
{
	struct out o = { malloc(256), 0, 256 };

	if (!o.buf)
		return -ENOMEM;
	if (n->kind == PROCFS_FILE)
		top_files[n->file].gen(&o);
	else
		pid_files[n->file].gen(&o, n->pid);
	files[fd].buf = o.buf;
	files[fd].len = o.len;
	files[fd].off = 0;
	exos_fds[fd] = (struct exos_fd){ FD_PROC, (uint32_t)fd, 0, 0, 0 };
	return 0;
}

ssize_t exos_procfs_read(int fd, void *buf, size_t len)
{
	size_t left = files[fd].len - files[fd].off;

	if (len > left)
		len = left;
	if (exos_copy_out(buf, files[fd].buf + files[fd].off, len)) {
		errno = EFAULT;
		return -1;
	}
	files[fd].off += len;
	return (ssize_t)len;
}

off_t exos_procfs_seek(int fd, off_t off, int whence)
{
	off_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (off_t)files[fd].off :
		     whence == SEEK_END ? (off_t)files[fd].len : -1;

	if (base < 0 || base + off < 0) {
		errno = EINVAL;
		return -1;
	}
	files[fd].off = (size_t)(base + off) > files[fd].len ? files[fd].len : (size_t)(base + off);
	return (off_t)files[fd].off;
}

void exos_procfs_close(int fd)
{
	free(files[fd].buf);
	files[fd].buf = 0;
}

int exos_procfs_dup(int from, int to)
{
	char *b = malloc(files[from].len + 1);

	if (!b)
		return -ENOMEM;
	memcpy(b, files[from].buf, files[from].len);
	files[to].buf = b;
	files[to].len = files[from].len;
	files[to].off = files[from].off;
	return 0;
}

size_t exos_procfs_size(int fd)
{
	return files[fd].len;
}

int exos_procfs_next(const char *dir, unsigned long *cookie, char *name, size_t len,
		     uint32_t *mode)
{
	struct procfs_node n;

	if (exos_procfs_lookup(dir, &n) < 0)
		return -1;
	if (n.kind == PROCFS_PIDDIR) {
		if (*cookie >= NPID)
			return 0;
		snprintf(name, len, "%s", pid_files[*cookie].name);
		*mode = S_IFREG | 0444;
		(*cookie)++;
		return 1;
	}
	if (n.kind != PROCFS_DIR)
		return -1;
	/* The files, "self", then every process. */
	if (*cookie < NTOP) {
		snprintf(name, len, "%s", top_files[*cookie].name);
		*mode = S_IFREG | 0444;
		(*cookie)++;
		return 1;
	}
	if (*cookie == NTOP) {
		snprintf(name, len, "self");
		*mode = S_IFLNK | 0777;
		(*cookie)++;
		return 1;
	}
	for (unsigned long i = *cookie - NTOP - 1; i < EXOS_MAX_ENVS; i++) {
		uint32_t id = exos_envs[i].id;
		if (id && shown(id)) {
			snprintf(name, len, "%u", id);
			*mode = S_IFDIR | 0555;
			*cookie = NTOP + 1 + i + 1;
			return 1;
		}
	}
	*cookie = NTOP + 1 + EXOS_MAX_ENVS;
	return 0;
}
