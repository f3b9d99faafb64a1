/*
 * features.h - glibc's name for the header that says which interfaces
 * the C library offers (picolibc: <sys/features.h>).
 */
#ifndef EXOS_FEATURES_H
#define EXOS_FEATURES_H
#include <sys/features.h>
#endif
