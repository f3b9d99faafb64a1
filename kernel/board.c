/*
 * board.c - read the machine description out of the device tree.
 *
 * board_parse() runs a fixed list of steps (memory, reservations, harts,
 * PLIC, console, test device, CLINT, virtio, /chosen), each reading one
 * part of the tree into struct board through fdt.c.  Every value from the
 * blob is checked before it is stored; a step that cannot go on writes a
 * one-line reason into b->err and returns a BOARD_E_* code.  Bindings
 * followed: Devicetree Spec v0.4 (memory, reserved-memory, cpus, chosen)
 * and Linux's Documentation/devicetree/bindings for the RISC-V cpu node,
 * the SiFive PLIC, syscon-poweroff/-reboot and virtio-mmio.
 */
#include "board.h"
#include "fdt.h"

/* ---------------------------------------------------------------- err */

/* A bounded string builder for b->err (the kernel has no snprintf). */
struct msg {
	char *buf;
	size_t cap, len;        /* len < cap always; buf[len] == '\0' */
};

static void msg_char(struct msg *m, char c)
{
	if (m->len + 1 < m->cap) {
		m->buf[m->len++] = c;
		m->buf[m->len] = '\0';
	}
}

/* Append s, with anything unprintable (it may come from the blob) as '?'. */
static void msg_str(struct msg *m, const char *s)
{
	for (; *s; s++)
		msg_char(m, *s >= 0x20 && *s < 0x7f ? *s : '?');
}

static void msg_hex(struct msg *m, uint64_t v)
{
	int shift = 60;

	msg_str(m, "0x");
	while (shift > 0 && (v >> shift) == 0)
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		msg_char(m, "0123456789abcdef"[(v >> shift) & 0xf]);
}

static void msg_dec(struct msg *m, uint64_t v)
{
	char digits[20];
	int n = 0;

	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n > 0)
		msg_char(m, digits[--n]);
}

/*
 * Write a message into b->err and return code.  fmt knows three
 * conversions: %s takes a const char *; %x (printed 0x...) and %u take
 * a uint64_t.
 */
static int fail(struct board *b, int code, const char *fmt, ...)
{
	struct msg m = { b->err, sizeof(b->err), 0 };
	va_list ap;

	b->err[0] = '\0';
	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		if (fmt[0] != '%' || !strchr("sxu", fmt[1]) || fmt[1] == '\0') {
			msg_char(&m, *fmt);
			continue;
		}
		if (*++fmt == 's')
			msg_str(&m, va_arg(ap, const char *));
		else if (*fmt == 'x')
			msg_hex(&m, va_arg(ap, uint64_t));
		else
			msg_dec(&m, va_arg(ap, uint64_t));
	}
	va_end(ap);
	return code;
}

/* fail() naming node by its path, with "<what>: <fdt error>". */
static int fail_node(struct board *b, int code, const struct fdt *f, int node,
		     const char *what, int fdt_err)
{
	char path[96];

	if (fdt_path_of(f, node, path, sizeof(path)) < 0)
		memcpy(path, "(long path)", 12);
	return fail(b, code, "device tree: %s: %s: %s", path, what, fdt_errmsg(fdt_err));
}

/* ---------------------------------------------------------------- helpers */

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* The property as a NUL-terminated string, or NULL when absent or not
 * terminated inside its length. */
static const char *prop_str(const struct fdt *f, int node, const char *name)
{
	int len;
	const char *s = fdt_prop(f, node, name, &len);

	if (!s || len <= 0 || strnlen(s, (size_t)len) == (size_t)len)
		return NULL;
	return s;
}

static bool prop_is(const struct fdt *f, int node, const char *name, const char *want)
{
	const char *s = prop_str(f, node, name);

	return s && strcmp(s, want) == 0;
}

/* Copy s (NULL counts as "") into dst, cap bytes, truncating. */
static void copy_str(char *dst, size_t cap, const char *s)
{
	size_t n = s ? strnlen(s, cap - 1) : 0;

	memcpy(dst, s ? s : "", n);
	dst[n] = '\0';
}

/* The first cell of node's "interrupts", 0 when absent. */
static uint32_t first_irq(const struct fdt *f, int node)
{
	int len;
	const uint8_t *p = fdt_prop(f, node, "interrupts", &len);

	return p && len >= 4 ? be32(p) : 0;
}

/* The first enabled node compatible with any of the n strings in compat. */
static int find_enabled(const struct fdt *f, const char *const *compat, int n)
{
	for (int node = fdt_walk(f, -1, NULL); node >= 0; node = fdt_walk(f, node, NULL))
		for (int i = 0; i < n; i++)
			if (fdt_is_compatible(f, node, compat[i]) && fdt_is_enabled(f, node))
				return node;
	return FDT_E_NOTFOUND;
}

/* Insert r into the array a (n entries, sorted by base). */
static void range_insert(struct board_range *a, int *n, struct board_range r)
{
	int i = *n;

	for (; i > 0 && a[i - 1].base > r.base; i--)
		a[i] = a[i - 1];
	a[i] = r;
	++*n;
}

/* The index of the first of two overlapping ranges in sorted a, or -1. */
static int find_overlap(const struct board_range *a, int n)
{
	for (int i = 0; i + 1 < n; i++)
		if (a[i + 1].base - a[i].base < a[i].size)
			return i;
	return -1;
}

/* True when [base, base + size) lies inside one memory range. */
static bool in_ram(const struct board *b, uint64_t base, uint64_t size)
{
	for (int i = 0; i < b->nmem; i++)
		if (base >= b->mem[i].base && base - b->mem[i].base <= b->mem[i].size &&
		    size <= b->mem[i].size - (base - b->mem[i].base))
			return true;
	return false;
}

/* True when [base, base + size) shares a byte with any memory range. */
static bool touches_ram(const struct board *b, uint64_t base, uint64_t size)
{
	for (int i = 0; i < b->nmem; i++)
		if (base < b->mem[i].base + b->mem[i].size && b->mem[i].base < base + size)
			return true;
	return false;
}

/* ---------------------------------------------------------------- memory */

/* Add the reg entries of memory node n to b->mem. */
static int add_memory_node(struct board *b, const struct fdt *f, int n)
{
	struct board_range r;
	int err;

	for (int i = 0; (err = fdt_reg(f, n, i, &r.base, &r.size)) == 0; i++) {
		if (r.size == 0)
			continue;
		if (r.base + r.size <= r.base)
			return fail(b, BOARD_E_FDT, "device tree: memory at %x wraps around",
				    r.base);
		if (b->nmem == BOARD_MAX_MEM)
			return fail(b, BOARD_E_TOOMANY, "device tree: more than %u memory ranges",
				    (uint64_t)BOARD_MAX_MEM);
		range_insert(b->mem, &b->nmem, r);
	}
	return err == FDT_E_NOTFOUND ? 0 : fail_node(b, BOARD_E_FDT, f, n, "reg", err);
}

/* b->mem: every enabled node with device_type "memory", all reg entries. */
static int parse_memory(struct board *b, const struct fdt *f)
{
	int err, i;

	for (int n = fdt_walk(f, -1, NULL); n >= 0; n = fdt_walk(f, n, NULL)) {
		if (!prop_is(f, n, "device_type", "memory") || !fdt_is_enabled(f, n))
			continue;
		if ((err = add_memory_node(b, f, n)))
			return err;
	}
	if (b->nmem == 0)
		return fail(b, BOARD_E_NOMEM, "device tree: no memory node");
	if ((i = find_overlap(b->mem, b->nmem)) >= 0)
		return fail(b, BOARD_E_FDT,
			    "device tree: memory ranges overlap: [%x,%x) and [%x,%x)",
			    b->mem[i].base, b->mem[i].base + b->mem[i].size,
			    b->mem[i + 1].base, b->mem[i + 1].base + b->mem[i + 1].size);
	return 0;
}

/* ---------------------------------------------------------------- reserved */

static int add_rsv(struct board *b, uint64_t base, uint64_t size)
{
	if (size == 0)
		return 0;
	if (base + size <= base)
		return fail(b, BOARD_E_BADRSV, "reserved region at %x wraps around", base);
	if (b->nrsv == BOARD_MAX_RSV)
		return fail(b, BOARD_E_TOOMANY, "device tree: more than %u reserved regions",
			    (uint64_t)BOARD_MAX_RSV);
	range_insert(b->rsv, &b->nrsv, (struct board_range){ base, size });
	return 0;
}

/* Every reg entry of every enabled child of /reserved-memory. */
static int add_reserved_memory_nodes(struct board *b, const struct fdt *f)
{
	int parent = fdt_path(f, "/reserved-memory"), err;
	uint64_t base, size;

	for (int c = fdt_first_child(f, parent); c >= 0; c = fdt_next_sibling(f, c)) {
		if (!fdt_is_enabled(f, c))
			continue;
		for (int i = 0; (err = fdt_reg(f, c, i, &base, &size)) == 0; i++)
			if ((err = add_rsv(b, base, size)))
				return err;
		if (err != FDT_E_NOTFOUND)
			return fail_node(b, BOARD_E_BADRSV, f, c, "reg", err);
	}
	return 0;
}

/* Keep the regions inside RAM, drop those wholly outside it; a region
 * straddling the edge of RAM is an error. */
static int clip_rsv_to_ram(struct board *b)
{
	int kept = 0;

	for (int i = 0; i < b->nrsv; i++) {
		struct board_range r = b->rsv[i];

		if (in_ram(b, r.base, r.size))
			b->rsv[kept++] = r;
		else if (touches_ram(b, r.base, r.size))
			return fail(b, BOARD_E_BADRSV, "reserved region [%x,%x) is partly outside RAM",
				    r.base, r.base + r.size);
	}
	b->nrsv = kept;
	return 0;
}

/* b->rsv: the memory reservation block plus /reserved-memory. */
static int parse_reserved(struct board *b, const struct fdt *f)
{
	uint64_t base, size;
	int err, i;

	for (i = 0; fdt_rsv_get(f, i, &base, &size) == 0; i++)
		if ((err = add_rsv(b, base, size)))
			return err;
	if ((err = add_reserved_memory_nodes(b, f)))
		return err;
	if ((i = find_overlap(b->rsv, b->nrsv)) >= 0)
		return fail(b, BOARD_E_BADRSV, "reserved regions overlap: [%x,%x) and [%x,%x)",
			    b->rsv[i].base, b->rsv[i].base + b->rsv[i].size,
			    b->rsv[i + 1].base, b->rsv[i + 1].base + b->rsv[i + 1].size);
	return clip_rsv_to_ram(b);
}

/* ---------------------------------------------------------------- harts */

/* True when the riscv,isa string names multi-letter extension ext: the
 * extensions after the base ("rv64imafdc") are '_'-separated, any case. */
static bool isa_has(const char *isa, const char *ext)
{
	size_t n = strlen(ext), i;
	const char *p = strchr(isa, '_');

	for (; p; p = strchr(p, '_')) {
		p++;
		for (i = 0; i < n && (p[i] | 0x20) == ext[i]; i++)
			;
		if (i == n && (p[n] == '_' || p[n] == '\0'))
			return true;
	}
	return false;
}

/* Extension ext from riscv,isa or the riscv,isa-extensions list. */
static bool hart_has(const struct fdt *f, int cpu, const char *ext)
{
	const char *isa = prop_str(f, cpu, "riscv,isa");
	int len;
	const void *list = fdt_prop(f, cpu, "riscv,isa-extensions", &len);

	return (isa && isa_has(isa, ext)) || (list && fdt_strlist_has(list, len, ext));
}

/* Fill h from cpu node c. */
static int read_hart(struct board *b, const struct fdt *f, int c, struct board_hart *h)
{
	uint64_t id, unused;
	int err = fdt_reg_raw(f, c, 0, &id, &unused);
	const char *mmu = prop_str(f, c, "mmu-type");

	if (err)
		return fail_node(b, BOARD_E_FDT, f, c, "reg", err);
	if (id > UINT32_MAX)
		return fail(b, BOARD_E_FDT, "device tree: hart id %x too large", id);
	h->hartid = (uint32_t)id;
	copy_str(h->isa, sizeof(h->isa), prop_str(f, c, "riscv,isa"));
	if (mmu && strncmp(mmu, "riscv,", 6) == 0)
		mmu += 6;
	copy_str(h->mmu, sizeof(h->mmu), mmu);
	/* S mode with paging (the binding's mmu-type); sifive_u's E51 and the
	 * JH7110's S7 have none */
	h->usable = fdt_is_enabled(f, c) && (!strcmp(h->mmu, "sv39") ||
		    !strcmp(h->mmu, "sv48") || !strcmp(h->mmu, "sv57"));
	h->has_sstc = hart_has(f, c, "sstc");
	h->has_zicboz = hart_has(f, c, "zicboz");
	h->plic_ctx = -1;
	return 0;
}

/* Insert h into b->harts, sorted by hart id; ids must be unique. */
static int add_hart(struct board *b, const struct board_hart *h)
{
	int i = b->nharts;

	if (i == BOARD_MAX_HARTS)
		return fail(b, BOARD_E_TOOMANY, "device tree: more than %u harts",
			    (uint64_t)BOARD_MAX_HARTS);
	for (; i > 0 && b->harts[i - 1].hartid >= h->hartid; i--) {
		if (b->harts[i - 1].hartid == h->hartid)
			return fail(b, BOARD_E_FDT, "device tree: hart id %x appears twice",
				    (uint64_t)h->hartid);
		b->harts[i] = b->harts[i - 1];
	}
	b->harts[i] = *h;
	b->nharts++;
	return 0;
}

/* b->harts and b->timebase_hz from the device_type "cpu" children of /cpus. */
static int parse_harts(struct board *b, const struct fdt *f)
{
	int cpus = fdt_path(f, "/cpus"), usable = 0, err;
	struct board_hart h;

	if (cpus < 0)
		return fail(b, BOARD_E_NOCPU, "device tree: no /cpus node");
	(void)fdt_get_u64(f, cpus, "timebase-frequency", &b->timebase_hz);
	for (int c = fdt_first_child(f, cpus); c >= 0; c = fdt_next_sibling(f, c)) {
		if (!prop_is(f, c, "device_type", "cpu"))
			continue;
		memset(&h, 0, sizeof(h));
		if ((err = read_hart(b, f, c, &h)) || (err = add_hart(b, &h)))
			return err;
		usable += h.usable;
		if (b->timebase_hz == 0)
			(void)fdt_get_u64(f, c, "timebase-frequency", &b->timebase_hz);
	}
	if (usable == 0)
		return fail(b, BOARD_E_NOCPU, "device tree: no usable hart "
			    "(enabled, with mmu-type riscv,sv39/sv48/sv57)");
	if (b->timebase_hz == 0)
		return fail(b, BOARD_E_NOCPU, "device tree: no timebase-frequency in /cpus");
	return 0;
}

/* ---------------------------------------------------------------- plic */

/* Record PLIC context ctx as the S-mode context of the hart whose cpu node
 * is the parent of interrupt controller intc. */
static void set_plic_ctx(struct board *b, const struct fdt *f, int intc, int ctx)
{
	uint64_t id, unused;

	if (!fdt_is_compatible(f, intc, "riscv,cpu-intc") ||
	    fdt_reg_raw(f, fdt_parent(f, intc), 0, &id, &unused) != 0)
		return;
	for (int i = 0; i < b->nharts; i++)
		if (b->harts[i].hartid == id && b->harts[i].plic_ctx < 0)
			b->harts[i].plic_ctx = ctx;
}

/*
 * Walk the PLIC's interrupts-extended: one <phandle specifier> entry per
 * context, in context order, the specifier #interrupt-cells long.  A
 * hart-local controller with interrupt 9 (supervisor external, privileged
 * spec 3.1.9) marks that hart's S-mode context.  OpenSBI rewrites the
 * M-mode entries (11) to 0xffffffff before S mode sees the tree.
 */
static int read_plic_contexts(struct board *b, const struct fdt *f, int plic)
{
	int len, off = 0, ctx = 0, intc;
	const uint8_t *p = fdt_prop(f, plic, "interrupts-extended", &len);
	uint32_t cells = 0;

	for (; p && off < len; ctx++, off += 4 + 4 * (int)cells) {
		if (len - off < 4 || (intc = fdt_node_by_phandle(f, be32(p + off))) < 0 ||
		    fdt_get_u32(f, intc, "#interrupt-cells", &cells) != 0 ||
		    cells == 0 || cells > 4 || (uint32_t)(len - off - 4) < 4 * cells)
			return fail_node(b, BOARD_E_FDT, f, plic, "interrupts-extended",
					 FDT_E_BADVALUE);
		if (be32(p + off + 4) == 9)
			set_plic_ctx(b, f, intc, ctx);
	}
	return 0;
}

/* b->plic, and each hart's S-mode context; no PLIC is not an error. */
static int parse_plic(struct board *b, const struct fdt *f)
{
	static const char *const compat[] = {
		"riscv,plic0", "sifive,plic-1.0.0", "starfive,jh7110-plic",
	};
	int plic = find_enabled(f, compat, ARRAY_SIZE(compat)), err;

	if (plic < 0)
		return 0;
	err = fdt_reg(f, plic, 0, &b->plic.base, &b->plic.size);
	if (err)
		return fail_node(b, BOARD_E_FDT, f, plic, "reg", err);
	(void)fdt_get_u32(f, plic, "riscv,ndev", &b->plic.ndev);
	(void)fdt_get_u32(f, plic, "phandle", &b->plic.phandle);
	return read_plic_contexts(b, f, plic);
}

/* ---------------------------------------------------------------- console */

static const struct {
	const char *compat;
	enum board_uart_kind kind;
} uart_table[] = {
	{ "ns16550a", UART_NS16550 },
	{ "ns16550", UART_NS16550 },
	{ "snps,dw-apb-uart", UART_DW_APB },
	{ "sifive,uart0", UART_SIFIVE },
};

/* Fill b->uart from node when it is an enabled UART we drive with sane
 * register geometry; false (b->uart untouched) otherwise. */
static bool try_uart(struct board *b, const struct fdt *f, int node)
{
	uint32_t shift = 0, width = 1;
	uint64_t base, size, clock = 0;
	unsigned i;

	for (i = 0; i < ARRAY_SIZE(uart_table); i++)
		if (fdt_is_compatible(f, node, uart_table[i].compat))
			break;
	if (i == ARRAY_SIZE(uart_table) || !fdt_is_enabled(f, node) ||
	    fdt_reg(f, node, 0, &base, &size) != 0 || size == 0 ||
	    fdt_get_u32(f, node, "reg-shift", &shift) == FDT_E_BADVALUE || shift > 4 ||
	    fdt_get_u32(f, node, "reg-io-width", &width) == FDT_E_BADVALUE ||
	    (width != 1 && width != 2 && width != 4) ||
	    fdt_get_u64(f, node, "clock-frequency", &clock) == FDT_E_BADVALUE ||
	    clock > UINT32_MAX)
		return false;
	b->uart.kind = uart_table[i].kind;
	b->uart.base = base;
	b->uart.size = size;
	b->uart.reg_shift = shift;
	b->uart.reg_io_width = width;
	b->uart.clock_hz = (uint32_t)clock;
	b->uart.irq = first_irq(f, node);
	if (fdt_path_of(f, node, b->uart.path, sizeof(b->uart.path)) < 0)
		copy_str(b->uart.path, sizeof(b->uart.path), fdt_node_name(f, node));
	return true;
}

/* b->uart: /chosen's stdout-path, else the first UART we can drive. */
static int parse_console(struct board *b, const struct fdt *f)
{
	int chosen = fdt_path(f, "/chosen");
	const char *sp = prop_str(f, chosen, "stdout-path");

	if (!sp)
		sp = prop_str(f, chosen, "linux,stdout-path");
	if (sp && try_uart(b, f, fdt_path(f, sp)))
		return 0;
	for (int n = fdt_walk(f, -1, NULL); n >= 0; n = fdt_walk(f, n, NULL))
		if (try_uart(b, f, n))
			return 0;
	return fail(b, BOARD_E_NOCONS, "device tree: no usable console (stdout-path \"%s\", "
		    "and no ns16550/dw-apb/sifive UART)", sp ? sp : "");
}

/* ---------------------------------------------------------------- small devices */

/* The "value" of the first node compatible with compat whose regmap is
 * phandle ph, else dflt. */
static uint32_t syscon_value(const struct fdt *f, const char *compat, uint32_t ph,
			     uint32_t dflt)
{
	uint32_t map, v;

	for (int n = fdt_next_compatible(f, -1, compat); n >= 0;
	     n = fdt_next_compatible(f, n, compat))
		if (fdt_get_u32(f, n, "regmap", &map) == 0 && ph != 0 && map == ph &&
		    fdt_get_u32(f, n, "value", &v) == 0)
			return v;
	return dflt;
}

/* b->testdev: QEMU's "sifive,test0" exit device with the poweroff and
 * reboot values its syscon-poweroff/-reboot nodes write into it. */
static int parse_testdev(struct board *b, const struct fdt *f)
{
	static const char *const compat[] = { "sifive,test0" };
	int dev = find_enabled(f, compat, 1);
	uint64_t base, size;
	uint32_t ph = 0;

	if (dev < 0 || fdt_reg(f, dev, 0, &base, &size) != 0)
		return 0;
	(void)fdt_get_u32(f, dev, "phandle", &ph);
	b->testdev.base = base;
	b->testdev.poweroff_value = syscon_value(f, "syscon-poweroff", ph, 0x5555);
	b->testdev.reboot_value = syscon_value(f, "syscon-reboot", ph, 0x7777);
	return 0;
}

/* b->clint; absent is not an error (the timer may go through SBI). */
static int parse_clint(struct board *b, const struct fdt *f)
{
	static const char *const compat[] = { "sifive,clint0", "riscv,clint0" };
	int dev = find_enabled(f, compat, ARRAY_SIZE(compat));
	struct board_range r;

	if (dev >= 0 && fdt_reg(f, dev, 0, &r.base, &r.size) == 0)
		b->clint = r;
	return 0;
}

/* b->rtc: a real-time clock the kernel can read the time of day from.
 * Only QEMU virt's goldfish RTC for now: the VisionFive 2's tree has no
 * RTC the kernel reads (the JH7110's is not battery-backed on the board),
 * so the time of day starts at 1970 there. */
static int parse_rtc(struct board *b, const struct fdt *f)
{
	static const char *const compat[] = { "google,goldfish-rtc" };
	int dev = find_enabled(f, compat, ARRAY_SIZE(compat));
	struct board_range r;

	if (dev >= 0 && fdt_reg(f, dev, 0, &r.base, &r.size) == 0 && r.size >= 8)
		b->rtc = r;
	return 0;
}

/* b->virtio: enabled "virtio,mmio" nodes sorted by base; past
 * BOARD_MAX_VIRTIO the slots with the highest bases are left out. */
static int parse_virtio(struct board *b, const struct fdt *f)
{
	uint64_t base, size;
	int i;

	for (int n = fdt_next_compatible(f, -1, "virtio,mmio"); n >= 0;
	     n = fdt_next_compatible(f, n, "virtio,mmio")) {
		if (!fdt_is_enabled(f, n) || fdt_reg(f, n, 0, &base, &size) != 0 || size == 0)
			continue;
		i = b->nvirtio < BOARD_MAX_VIRTIO ? b->nvirtio++ : BOARD_MAX_VIRTIO;
		for (; i > 0 && b->virtio[i - 1].base > base; i--)
			if (i < BOARD_MAX_VIRTIO)
				b->virtio[i] = b->virtio[i - 1];
		if (i < BOARD_MAX_VIRTIO) {
			b->virtio[i].base = base;
			b->virtio[i].size = size;
			b->virtio[i].irq = first_irq(f, n);
		}
	}
	return 0;
}

/* ---------------------------------------------------------------- chosen */

/* b->initrd from linux,initrd-start / -end (each 1 or 2 cells). */
static int parse_initrd(struct board *b, const struct fdt *f, int chosen)
{
	uint64_t start = 0, end = 0;
	int e1 = fdt_get_u64(f, chosen, "linux,initrd-start", &start);
	int e2 = fdt_get_u64(f, chosen, "linux,initrd-end", &end);

	if (e1 == FDT_E_NOTFOUND && e2 == FDT_E_NOTFOUND)
		return 0;
	if (e1 || e2)
		return fail(b, BOARD_E_BADINITRD, "device tree: /chosen: linux,initrd-start/-end "
			    "missing or malformed");
	if (end < start)
		return fail(b, BOARD_E_BADINITRD, "initrd ends (%x) before it starts (%x)", end, start);
	if (end > start && !in_ram(b, start, end - start))
		return fail(b, BOARD_E_BADINITRD, "initrd [%x,%x) is not inside RAM", start, end);
	b->initrd.base = start;
	b->initrd.size = end - start;
	return 0;
}

/* The initrd, rng-seed and bootargs of /chosen, and the root's model. */
static int parse_chosen(struct board *b, const struct fdt *f)
{
	int chosen = fdt_path(f, "/chosen"), len, err;
	const void *seed = fdt_prop(f, chosen, "rng-seed", &len);

	copy_str(b->model, sizeof(b->model), prop_str(f, 0, "model"));
	if (chosen < 0)
		return 0;
	if ((err = parse_initrd(b, f, chosen)))
		return err;
	if (seed) {
		b->rng_seed_len = (uint32_t)MIN((size_t)len, sizeof(b->rng_seed));
		memcpy(b->rng_seed, seed, b->rng_seed_len);
	}
	copy_str(b->bootargs, sizeof(b->bootargs), prop_str(f, chosen, "bootargs"));
	return 0;
}

/* ---------------------------------------------------------------- entry */

static int (*const board_steps[])(struct board *, const struct fdt *) = {
	parse_memory, parse_reserved, parse_harts, parse_plic, parse_console,
	parse_testdev, parse_clint, parse_rtc, parse_virtio, parse_chosen,
};

int board_parse(struct board *b, const void *blob, size_t max_size)
{
	struct fdt f;
	int err;

	memset(b, 0, sizeof(*b));
	if ((err = fdt_init(&f, blob, max_size)))
		return fail(b, BOARD_E_FDT, "device tree: %s", fdt_errmsg(err));
	for (size_t i = 0; i < ARRAY_SIZE(board_steps); i++)
		if ((err = board_steps[i](b, &f)))
			return err;
	return 0;
}

int board_parse_testdev(struct board *b, const void *blob, size_t max_size)
{
	struct fdt f;

	memset(&b->testdev, 0, sizeof(b->testdev));
	if (fdt_init(&f, blob, max_size) != 0)
		return BOARD_E_FDT;
	return parse_testdev(b, &f);
}
