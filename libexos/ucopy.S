/*
 * ucopy.S - reading and writing memory a caller handed the library,
 * which may be bad: the marked routines of libexos's exception table
 * (uaccess.h).  A fault at a pc in [exos_ucopy_begin, exos_ucopy_end)
 * that the addressing handler does not serve (mem.c serves the heap's
 * first touch, copy-on-write and the stack here as anywhere, and the
 * routine goes on) makes the exception handler resume at
 * exos_ucopy_fault instead, which returns -1 to the routine's caller
 * (uaccess.h, exos_ucopy_fixup).  So every routine here is a leaf that
 * keeps ra and sp as it found them and uses only a0-a7 and t0-t6.
 */
	.section .text.exos_ucopy, "ax", @progbits
	.globl exos_ucopy_begin, exos_ucopy_end, exos_ucopy_fault
	.globl exos_ucopy, exos_ustrnlen, exos_utouch
	.balign 4
exos_ucopy_begin:

/* long exos_ucopy(void *dst, const void *src, size_t n): 0, or -1 if
 * either side faulted (part may have been copied).  Eight bytes at a
 * time when both share their alignment, four when they are four apart
 * (the boot archive's file data into a page, as loading does); each
 * loop runs to an end pointer in a6, so a turn costs one branch, as in
 * string.c's memcpy as GCC compiles it. */
exos_ucopy:
	xor	t0, a0, a1
	andi	t1, t0, 7
	beqz	t1, 1f
	andi	t1, t0, 3
	beqz	t1, 6f
	j	4f
1:	andi	t0, a0, 7		/* bytes up to an 8-byte boundary */
	beqz	t0, 2f
	beqz	a2, 5f
	lbu	t1, 0(a1)
	sb	t1, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	a2, a2, -1
	j	1b
2:	andi	a6, a2, -64		/* 64 bytes a turn */
	beqz	a6, 3f
	add	a6, a6, a0
	andi	a2, a2, 63
21:	ld	t1, 0(a1)
	ld	t3, 8(a1)
	ld	t4, 16(a1)
	ld	t5, 24(a1)
	ld	t6, 32(a1)
	ld	a3, 40(a1)
	ld	a4, 48(a1)
	ld	a5, 56(a1)
	sd	t1, 0(a0)
	sd	t3, 8(a0)
	sd	t4, 16(a0)
	sd	t5, 24(a0)
	sd	t6, 32(a0)
	sd	a3, 40(a0)
	sd	a4, 48(a0)
	sd	a5, 56(a0)
	addi	a0, a0, 64
	addi	a1, a1, 64
	bne	a0, a6, 21b
3:	andi	a6, a2, -8		/* then 8 */
	beqz	a6, 4f
	add	a6, a6, a0
	andi	a2, a2, 7
31:	ld	t3, 0(a1)
	sd	t3, 0(a0)
	addi	a0, a0, 8
	addi	a1, a1, 8
	bne	a0, a6, 31b
4:	beqz	a2, 5f			/* the rest, a byte at a time */
	add	a6, a0, a2
41:	lbu	t1, 0(a1)
	sb	t1, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, 1
	bne	a0, a6, 41b
5:	li	a0, 0
	ret
6:	andi	t0, a0, 3		/* four bytes apart: bytes up to a */
	beqz	t0, 7f			/* 4-byte boundary, then 32 a turn */
	beqz	a2, 5b
	lbu	t1, 0(a1)
	sb	t1, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	a2, a2, -1
	j	6b
7:	andi	a6, a2, -32
	beqz	a6, 8f
	add	a6, a6, a0
	andi	a2, a2, 31
71:	lw	t1, 0(a1)
	lw	t3, 4(a1)
	lw	t4, 8(a1)
	lw	t5, 12(a1)
	lw	t6, 16(a1)
	lw	a3, 20(a1)
	lw	a4, 24(a1)
	lw	a5, 28(a1)
	sw	t1, 0(a0)
	sw	t3, 4(a0)
	sw	t4, 8(a0)
	sw	t5, 12(a0)
	sw	t6, 16(a0)
	sw	a3, 20(a0)
	sw	a4, 24(a0)
	sw	a5, 28(a0)
	addi	a0, a0, 32
	addi	a1, a1, 32
	bne	a0, a6, 71b
8:	andi	a6, a2, -4		/* then 4 */
	beqz	a6, 4b
	add	a6, a6, a0
	andi	a2, a2, 3
81:	lw	t1, 0(a1)
	sw	t1, 0(a0)
	addi	a0, a0, 4
	addi	a1, a1, 4
	bne	a0, a6, 81b
	j	4b

/* long exos_ustrnlen(const char *s, size_t max): the length of the
 * string at s if its NUL is among its first max bytes, else max; -1 if
 * a byte before that faulted. */
exos_ustrnlen:
	li	t1, 0
1:	beq	t1, a1, 2f
	add	t2, a0, t1
	lbu	t3, 0(t2)
	beqz	t3, 2f
	addi	t1, t1, 1
	j	1b
2:	mv	a0, t1
	ret

/* long exos_utouch(const void *p, size_t n, int write): touch each page
 * of [p, p + n) (which must not wrap), reading a byte, or when write is
 * set with an atomic or of zero (a store that changes nothing, so a
 * copy-on-write page is copied and a shared one is safe): 0, or -1 on
 * a fault. */
exos_utouch:
	beqz	a1, 3f
	add	t0, a0, a1
	addi	t0, t0, -1		/* the last byte */
	li	t4, -4096
	mv	t1, a0
1:	bnez	a2, 2f
	lbu	t2, 0(t1)
	j	4f
2:	andi	t3, t1, -4
	amoor.w	zero, zero, (t3)
4:	and	t1, t1, t4		/* the next page */
	sub	t1, t1, t4
	bleu	t1, t0, 1b
3:	li	a0, 0
	ret

exos_ucopy_end:

exos_ucopy_fault:
	li	a0, -1
	ret
