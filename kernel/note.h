/*
 * note.h - notifications (exos/env.h, EXOS_INTR_NOTE): a word of
 * pending bits per env, posted by other envs (env_notify), by the
 * kernel (EXOS_NOTE_CHILD when a child ends) or by an alarm the env set
 * (env_alarm), and delivered as one interrupt upcall into the env's own
 * activation.  The library maps them to signals; the kernel only moves
 * bits.  All functions run under the big lock.
 */
#ifndef KERNEL_NOTE_H
#define KERNEL_NOTE_H

#include "env.h"

/* Post bits to e: those e ignores are dropped; the rest become pending
 * and, if e does not block them, end a sleep of its own activation or
 * kick the hart running it. */
void note_post(struct env *e, uint64_t bits);
/* Bits pending for e that it does not block (0: none). */
uint64_t note_deliverable(const struct env *e);
/* Whether a notification ends e's sleep now: one is deliverable and its
 * own activation, outside any upcall, is the one asleep. */
int note_wakes(const struct env *e);
/* e is about to run on this hart: if its own activation may take an
 * upcall and a notification is deliverable, enter its interrupt entry
 * with them (cleared from pending). */
void note_deliver(struct env *e);
/* Alarms that are due at now: post their bits.  Returns the earliest
 * alarm still armed on hart index hi, or EXOS_NO_DEADLINE. */
uint64_t note_alarms(uint32_t hi, uint64_t now);

#endif
