/*
 * ptab.c - the process table (ptab.h).
 */
#include <signal.h>
#include <string.h>
#include "exos/exos.h"
#include "../shared.h"
#include "../signal.h"
#include "ptab.h"

static struct exos_proc *row_of(uint32_t id)
{
	return (struct exos_proc *)EXOS_SHARED_PTAB + EXOS_ENV_SLOT(id);
}

int exos_env_alive(uint32_t id)
{
	const volatile struct exos_env *e = &exos_envs[EXOS_ENV_SLOT(id)];

	return id && e->id == id && e->state != EXOS_ENV_FREE && e->state != EXOS_ENV_DYING;
}

int exos_env_exists(uint32_t id)
{
	const volatile struct exos_env *e = &exos_envs[EXOS_ENV_SLOT(id)];

	return id && e->id == id && (e->state != EXOS_ENV_FREE || (e->flags & EXOS_ENV_F_ZOMBIE));
}

struct exos_proc *exos_ptab_get(uint32_t id)
{
	if (!id || !exos_shared_ok())
		return 0;
	struct exos_proc *r = row_of(id);
	return r->id == id ? r : 0;
}

static void set_cmd(struct exos_proc *r, char *const argv[])
{
	size_t n = 0;
	const char *name = argv && argv[0] ? argv[0] : "?";
	const char *base = strrchr(name, '/');

	memset(r->comm, 0, sizeof(r->comm));
	strncpy(r->comm, base ? base + 1 : name, EXOS_PROC_COMM - 1);
	for (int i = 0; argv && argv[i] && n < EXOS_PROC_CMDLINE; i++) {
		size_t len = strlen(argv[i]) + 1;
		if (len > EXOS_PROC_CMDLINE - n)
			len = EXOS_PROC_CMDLINE - n;
		memcpy(r->cmdline + n, argv[i], len);
		n += len;
	}
	r->cmdline_len = (uint32_t)n;
}

struct exos_proc *exos_ptab_self(void)
{
	struct exos_proc *r = exos_ptab_get(exos_self);

	if (r || !exos_shared_ok())
		return r;
	r = row_of(exos_self);
	memset(r, 0, sizeof(*r));
	r->ppid = exos_envs[EXOS_ENV_SLOT(exos_self)].parent;
	r->pgid = r->sid = exos_self;
	r->start = exos_rdtime();
	strcpy(r->comm, "init");
	__atomic_store_n(&r->id, exos_self, __ATOMIC_RELEASE);
	return r;
}

void exos_ptab_start(uint32_t id, char *const argv[])
{
	struct exos_proc *me = exos_ptab_self();

	if (!me)
		return;
	struct exos_proc *r = row_of(id);
	r->id = 0;
	memset(r, 0, sizeof(*r));
	r->ppid = exos_self;
	r->pgid = me->pgid;
	r->sid = me->sid;
	r->start = exos_rdtime();
	if (argv) {
		set_cmd(r, argv);
	} else {
		memcpy(r->comm, me->comm, sizeof(r->comm));
		memcpy(r->cmdline, me->cmdline, sizeof(r->cmdline));
		r->cmdline_len = me->cmdline_len;
	}
	__atomic_store_n(&r->id, id, __ATOMIC_RELEASE);
}

void exos_ptab_set_cmd(char *const argv[])
{
	struct exos_proc *r = exos_ptab_self();

	if (r)
		set_cmd(r, argv);
}

/* Tell our parent something changed: its events word moves (waitpid
 * sleeps on it) and SIGCHLD is posted. */
static void tell_parent(struct exos_proc *r)
{
	struct exos_proc *p = exos_ptab_get(r->ppid);

	if (p)
		__atomic_fetch_add(&p->events, 1, __ATOMIC_ACQ_REL);
	exos_signal_send(r->ppid, SIGCHLD);
}

void exos_ptab_stopped(int sig)
{
	struct exos_proc *r = exos_ptab_self();

	if (!r)
		return;
	r->stopsig = (uint32_t)sig;
	r->state = EXOS_PROC_STOPPED;
	__atomic_store_n(&r->report, EXOS_PROC_R_STOP, __ATOMIC_RELEASE);
	tell_parent(r);
}

void exos_ptab_continued(void)
{
	struct exos_proc *r = exos_ptab_self();

	if (!r || r->state != EXOS_PROC_STOPPED)
		return;
	r->state = EXOS_PROC_RUN;
	__atomic_store_n(&r->report, EXOS_PROC_R_CONT, __ATOMIC_RELEASE);
	tell_parent(r);
}
