/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_DEMANGLE_H
#define __PERF_DEMANGLE_H

#include <stddef.h>

/*
 * Writes the C++ symbol @name, demangled and without its parameter list
 * (as perf prints it), into @buf.  Returns the length written, or -1 when
 * @name is not a mangled C++ name (@buf is then untouched).
 */
int demangle(const char *name, char *buf, size_t size);

#endif /* __PERF_DEMANGLE_H */
